"""Questionnaire version 2: the checks its validator adds (conditions on facts only, the migration block that
accounts for every version-1 question) and its content against the corrections it makes to version 1."""

from __future__ import annotations

import copy
import json

import pytest

from questionnaires.conditions import referenced_questions
from questionnaires.loader import DATA_DIR, check_document, load_questionnaire
from questionnaires.migration import read_migration
from tests.scoring_helpers import question_doc

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
    question_doc(document, "crim_tip_apov_defined")["show_if"] = {
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
    question = question_doc(document, "crim_tip_acts")
    question["components"] = [c for c in question["components"] if c["id"] != "harbouring"]
    document["migration"]["questions"]["crim_tip_acts"] = {"action": "same"}
    messages = _messages(document)
    assert any("component 'harbouring' of 'crim_tip_acts' is not in 'crim_tip_acts'" in m for m in messages), messages


def test_a_migration_from_an_unknown_version_is_refused(document):
    bad = copy.deepcopy(document)
    bad["version"] = 7
    bad["migration"]["from_version"] = 5
    assert any("there is no version 5 of questionnaire 'legislative_framework'" in m for m in _messages(bad))


# --------------------------------------------------------------------------- the corrections of version 2


def _scored(v2):
    return [q for q in v2.questions if q.scored]


def test_mla_refusal_only_fiscal_matters_is_critical_and_human_rights_grounds_are_acceptable(v2):
    grounds = v2.question("mla_refusal_grounds")
    assert grounds.critical
    assert [c.id for c in grounds.components if c.critical] == ["no_fiscal"]
    help_text = grounds.help["en"]
    for ground in ("death penalty", "already tried", "political", "race, sex, religion"):
        assert ground in help_text, ground
    assert "normal and acceptable" in help_text
    secrecy = v2.question("mla_secrecy")
    assert [c.id for c in secrecy.components if c.critical] == ["bank"]
    conditions = v2.question("mla_no_undue_conditions")
    assert (conditions.level, conditions.critical) == ("F", False)
    assert [(s.instrument, s.criterion, s.methodology) for s in conditions.sources] == [("FATF", "37.3", "2013")]


def test_no_ta_item_of_the_refusal_questions_advises_removing_a_human_rights_ground(v2):
    from questionnaires.loader import default_ta_catalogue

    ta = default_ta_catalogue()
    for question_id in ("mla_refusal_grounds", "mla_no_undue_conditions"):
        for rule in v2.question(question_id).ta:
            text = ta.get(rule.item).text["en"].lower()
            if "ground" in text:  # an item about grounds of refusal says that human-rights grounds stay
                assert "human-rights grounds" in text, rule.item
                assert "kept" in text or "keeping" in text, rule.item


def test_victim_compensation_route_is_critical_and_compensation_from_confiscated_assets_is_not(v2):
    route = v2.question("conf_compensation_route")
    assert route.critical
    assert {(s.instrument, s.article) for s in route.sources} == {("TIPP", "6(6)"), ("UNTOC", "25(2)")}
    assets = v2.question("conf_assets_to_victims")
    assert not assets.critical
    assert not any(c.critical for c in assets.components)
    assert {s.methodology for s in assets.sources if s.instrument == "FATF"} == {"2023"}
    assert not v2.has_question("conf_victim_compensation")


@pytest.mark.parametrize(
    ("question_id", "instrument", "article", "criterion"),
    [
        ("crim_ocg_domestic_groups", "UNTOC", "34(2)", None),
        ("crim_tip_saving_clause", "TIPP", "14(2)", None),
        ("ext_enforce_foreign_sentence", "UNTOC", "16(12)", None),
        ("coop_conventions_implemented", "FATF", "R.36", "36.2"),
        ("lec_supervisor_cooperation", "FATF", "INR.40 para 11", "40.12"),
        ("lec_supervisor_cooperation", "FATF", "INR.40 para 14", "40.16"),
        ("lec_exchange_safeguards", "FATF", "INR.40 para 8", "40.10"),
        ("lec_exchange_safeguards", "FATF", "INR.40 para 21", "40.20"),
        ("lec_exchange_safeguards", "FATF", "INR.40 para 3", "40.6"),
        ("crim_lp_criminal_liability", "FATF", "INR.3 para 7(c)", "3.10"),
        ("mla_coordinate_seizure", "FATF", "R.38", "38.3(a)"),
    ],
)
def test_missing_obligations_are_scored_questions_with_their_sources(v2, question_id, instrument, article, criterion):
    question = v2.question(question_id)
    assert question.scored
    assert any((s.instrument, s.article, s.criterion) == (instrument, article, criterion) for s in question.sources)


@pytest.mark.parametrize(
    ("question_id", "level", "critical"),
    [
        ("lec_special_techniques", "F", False),
        ("conf_fin_inv_training", "Mq", False),
        ("ext_simplified_available", "F", False),
        ("ext_simplified", "SC", False),
        ("crim_som_aggravation", "M", True),
    ],
)
def test_levels_follow_the_verb_of_the_source(v2, question_id, level, critical):
    question = v2.question(question_id)
    assert (question.level, question.critical) == (level, critical)


def test_carrier_measures_are_qualified_and_the_accessory_aggravation_is_a_component_that_never_caps(v2):
    assert v2.question("crim_border_documents").component("carrier_measures").level == "Mq"
    accessory = v2.question("crim_som_aggravation").component("accessory_forms")
    assert (accessory.level, accessory.critical) == ("Mq", False)
    assert not v2.has_question("crim_som_aggravation_accessory")
    for component_id in ("tip_predicate", "som_predicate"):
        assert "every form" not in v2.question("ml_predicates_tip_som").component(component_id).label["en"]


def test_no_critical_question_allows_precluded_and_the_validator_says_so(v2, document):
    assert [q.id for q in v2.questions if q.critical and q.precluded_allowed] == []
    question_doc(document, "crim_som_aggravation")["precluded_allowed"] = True
    assert any("critical question cannot allow 'precluded" in m for m in _messages(document))


def test_every_yes_no_question_is_compliant_on_yes(v2):
    assert [q.id for q in _scored(v2) if q.type == "yes_no" and q.compliant_answer is not True] == []


def test_treaty_status_questions_name_their_treaty(v2):
    for question in v2.module("profile").questions:
        if question.id.endswith(("_date", "_reservations", "_territorial")) and question.id != "mer_year":
            text = question.text["en"]
            assert any(name in text for name in ("Convention", "Protocol", "Treaty")), question.id
    assert v2.question("somp_date").text["en"] == (
        "Date on which the member became bound by the Smuggling of Migrants Protocol")


def test_every_choice_of_a_scored_question_has_a_short_label(v2):
    for question in _scored(v2):
        for choice in question.choices:
            assert choice.short_label, (question.id, choice.id)
            assert len(choice.short_label["en"]) <= 30, (question.id, choice.id)


@pytest.mark.parametrize(
    "question_id", ["ext_case_management", "mla_timeliness", "conf_financial_investigation", "ext_conditions",
                    "lec_supervisor_cooperation"])
def test_practice_questions_say_who_answers(v2, question_id):
    assert v2.question(question_id).audience


def test_every_fatf_source_names_criterion_and_methodology(v2):
    for question in v2.questions:
        for source in question.sources:
            if source.instrument == "FATF":
                assert source.methodology in ("2013", "2023"), (question.id, source)
                if source.methodology == "2023":
                    assert source.criterion is None, (question.id, source)


def test_the_validator_refuses_a_fatf_source_without_its_criterion_or_a_treaty_source_without_paragraph(document):
    question_doc(document, "mla_no_undue_conditions")["sources"] = [{"instrument": "FATF", "article": "R.37(a)"}]
    question_doc(document, "crim_tip_consent")["sources"] = [{"instrument": "TIPP", "article": "3"}]
    question_doc(document, "mla_coordinate_seizure")["sources"] = [
        {"instrument": "FATF", "article": "R.38", "criterion": "37.3", "methodology": "2013"}]
    messages = _messages(document)
    assert any("FATF source 'R.37(a)' must name its criterion" in m for m in messages), messages
    assert any("TIPP art. 3 must name the paragraph" in m for m in messages), messages
    assert any("criterion '37.3' is not a criterion of R.38" in m for m in messages), messages


def test_element_catalogue_changelog_gives_the_reason_for_each_change():
    from questionnaires.loader import default_elements

    document = json.loads((DATA_DIR / "elements.json").read_text(encoding="utf-8"))
    changed = {e for entry in document["changelog"] for e in entry["elements"]}
    assert {"F12", "F19", "D13", "I4", "H12", "B15", "I9", "D15", "P5", "C17", "F20", "I10"} <= changed
    assert all(entry["reason"].strip() for entry in document["changelog"])
    catalogue = default_elements()
    assert not catalogue.get("D13").critical
    assert catalogue.get("I4").critical


def test_required_elements_are_all_covered(v2):
    from questionnaires.coverage import coverage
    from questionnaires.loader import default_elements

    assert coverage(v2, default_elements()).uncovered_required == ()


def test_sources_in_words_name_the_criterion_or_the_later_methodology_text(v2):
    from questionnaires.words import sources_in_words

    words = sources_in_words(v2.question("lec_supervisor_cooperation"))
    assert "FATF INR.40 para 12 (c.40.13); FATF INR.40 para 12 (c.40.14)" in words
    assert sources_in_words(v2.question("conf_assets_to_victims")) == (
        "UNTOC art. 14(1); FATF INR.4 para 15 (2023); FATF INR.4 para 17 (2023)")
