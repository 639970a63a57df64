"""Questionnaire version 2: the checks its validator adds (conditions on facts only, the migration block that
accounts for every version-1 question) and its content against the corrections it makes to version 1."""

from __future__ import annotations

import copy
import json

import pytest

from questionnaires.conditions import referenced_questions
from questionnaires.loader import DATA_DIR, check_document, load_questionnaire
from questionnaires.migration import read_migration

V1_PATH = DATA_DIR / "legislative_framework.v1.json"
V2_PATH = DATA_DIR / "legislative_framework.v2.json"
#: version 1's follow-ups that its scored answers showed or hid
V1_FOLLOW_UPS = {
    "crim_tip_apov_defined", "crim_tip_penalty_aggravated", "crim_som_humanitarian", "crim_som_penalty_aggravated",
    "ext_legal_basis_notified", "lec_sea_authority_notified",
}


@pytest.fixture(scope="module")
def v1():
    return load_questionnaire(V1_PATH)


@pytest.fixture(scope="module")
def v2():
    return load_questionnaire(V2_PATH)


@pytest.fixture
def document():
    return json.loads(V2_PATH.read_text(encoding="utf-8"))


def _question(document, question_id):
    for module in document["modules"]:
        for section in module["sections"]:
            for question in section["questions"]:
                if question["id"] == question_id:
                    return question
    raise KeyError(question_id)


def _messages(document):
    return [str(p) for p in check_document(document, "questionnaire")]


def test_version_two_is_valid_and_scored_by_method_two(v2):
    from scoring.engine import method_of

    assert v2.version == 2
    assert method_of(v2) == 2


def test_no_condition_refers_to_a_scored_question(v2):
    scored = {q.id for q in v2.questions if q.scored}
    for question in v2.questions:
        for condition in [question.show_if, *(c.show_if for c in question.components)]:
            if condition:
                assert not {ref for ref, _ in referenced_questions(condition)} & scored, question.id


def test_version_one_follow_ups_are_asked_of_everyone_or_only_on_facts(v1, v2):
    scored_v1 = {q.id for q in v1.questions if q.scored}
    for question_id in V1_FOLLOW_UPS:
        old = v1.question(question_id)
        assert {ref for ref, _ in referenced_questions(old.show_if)} & scored_v1, question_id
        entry = read_migration(v2.document).entries[question_id]
        for target in entry.targets:
            condition = v2.question(target).show_if
            refs = {ref for ref, _ in referenced_questions(condition)} if condition else set()
            assert not refs & scored_v1, (question_id, target)


def test_validator_refuses_a_condition_on_a_scored_answer(document):
    _question(document, "crim_tip_apov_defined")["show_if"] = {
        "question": "crim_tip_means", "includes": "abuse_of_vulnerability"}
    messages = _messages(document)
    assert len(messages) == 1
    assert "show_if refers to the scored question 'crim_tip_means'" in messages[0]
    assert "may refer only to unscored facts" in messages[0]


def test_validator_accepts_the_same_condition_in_version_one():
    document = json.loads(V1_PATH.read_text(encoding="utf-8"))
    assert _messages(document) == []


def test_every_version_one_question_is_accounted_for(v1, v2):
    migration = read_migration(v2.document)
    assert migration is not None
    assert migration.from_version == 1
    assert sorted(migration.entries) == sorted(q.id for q in v1.questions)


def test_validator_refuses_a_version_one_question_left_out(document):
    del document["migration"]["questions"]["crim_tip_consent"]
    assert _messages(document) == [
        "$.migration.questions: version 1 question 'crim_tip_consent' is not accounted for: say what became of it"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"action": "dropped"}, "'reason' is a required property"),
        ({"action": "renamed", "to": "no_such_question"}, "this version has no question 'no_such_question'"),
        ({"action": "inverted", "to": "crim_tip_child_age"}, "opposite compliant answer"),
        ({"action": "merged", "to": "crim_tip_acts", "component": "sale"}, "'crim_tip_acts' has no component 'sale'"),
    ],
)
def test_validator_refuses_a_wrong_declaration(document, change, expected):
    document["migration"]["questions"]["crim_tip_purpose_intent"] = change
    messages = _messages(document)
    assert any(expected in m and "crim_tip_purpose_intent" in m for m in messages), messages


def test_validator_refuses_a_coverage_component_that_goes_nowhere(document):
    question = _question(document, "crim_tip_acts")
    question["components"] = [c for c in question["components"] if c["id"] != "harbouring"]
    document["migration"]["questions"]["crim_tip_acts"] = {"action": "same"}
    messages = _messages(document)
    assert any("component 'harbouring' of 'crim_tip_acts' is not in 'crim_tip_acts'" in m for m in messages), messages


def test_a_migration_from_an_unknown_version_is_refused(document):
    bad = copy.deepcopy(document)
    bad["version"] = 7
    bad["migration"]["from_version"] = 5
    assert any("there is no version 5 of questionnaire 'legislative_framework'" in m for m in _messages(bad))
