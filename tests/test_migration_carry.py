"""Carrying answers from questionnaire version 1 to version 2 by its migration block (scoring.migration): every
answer either moves or is listed with its reason, with its citations, comments and TA requests."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assessment.demo import FICTIONAL, invented_answers
from questionnaires.loader import DATA_DIR, load_questionnaire
from questionnaires.migration import read_migration
from scoring.answers import check_answer
from scoring.migration import KEPT, LEFT, MOVED, NOT_CARRIED, carry

V1 = load_questionnaire(DATA_DIR / "legislative_framework.v1.json")
V2 = load_questionnaire(DATA_DIR / "legislative_framework.v2.json")
MIGRATION = read_migration(V2.document)
CITATION = [{"act": "Anti-Trafficking Act", "section": "s. 14", "year": 2019, "status": "in_force"}]


def _member(code: str, sub_region: str) -> SimpleNamespace:
    return SimpleNamespace(code=code, name=code, sub_region=sub_region)


def _carry(answers):
    return carry(V1, V2, MIGRATION, answers)


@pytest.mark.parametrize(("code", "sub_region"), [(code, region) for code, _name, region in FICTIONAL])
def test_every_demo_answer_moves_or_is_listed_with_its_reason(code, sub_region):
    answers = invented_answers(V1, _member(code, sub_region), "2026", 0.95)
    result = _carry(answers)
    assert sorted(m.old_id for m in result.moved) == sorted(answers)
    for moved in result.moved:
        if moved.outcome in (KEPT, MOVED):
            assert all(t in result.answers for t in moved.targets), moved
        else:
            assert moved.reason, moved
            assert moved.old_answer, moved
    for question_id, answer in result.answers.items():
        assert check_answer(V2.question(question_id), answer) == [], question_id
    for moved in result.moved:  # citations and comments go with the answer (merged answers bring theirs too)
        if moved.outcome in (KEPT, MOVED):
            for target in moved.targets:
                carried = result.answers[target]
                for citation in answers[moved.old_id].get("citations") or ():
                    assert citation in carried["citations"], (moved.old_id, target)
                if answers[moved.old_id].get("comment"):
                    assert answers[moved.old_id]["comment"] in carried["comment"], (moved.old_id, target)


def test_an_inverted_yes_no_is_carried_negated_with_its_citation_comment_and_ta_request():
    answers = {"ml_any_value": {"value": True, "citations": CITATION, "comment": "AMLA s. 3 sets a floor of 500",
                                "ta_request": {"category": "TA-LEG", "note": "drafting help"}}}
    result = _carry(answers)
    assert result.answers["ml_property_any_value"] == {
        "value": False, "citations": CITATION, "comment": "AMLA s. 3 sets a floor of 500",
        "ta_request": {"category": "TA-LEG", "note": "drafting help"}}
    assert [(m.action, m.outcome) for m in result.moved] == [("inverted", MOVED)]


def test_a_split_coverage_answer_feeds_both_new_questions():
    answers = {"conf_victim_compensation": {"value": ["compensation_route", "return_to_owners"],
                                            "unknown_components": ["asset_fund"], "citations": CITATION}}
    result = _carry(answers)
    assert result.answers["conf_compensation_route"] == {"value": ["compensation_route"], "citations": CITATION}
    assert result.answers["conf_assets_to_victims"] == {
        "value": ["return_to_owners"], "unknown_components": ["asset_fund"], "citations": CITATION}


def test_a_coverage_item_becomes_a_yes_no_when_any_mechanism_is_covered():
    result = _carry({"ext_simplified": {"value": ["warrant_based"]}})
    assert result.answers["ext_simplified_available"] == {"value": True}
    assert result.answers["ext_simplified"] == {"value": ["warrant_based"]}
    result = _carry({"ext_simplified": {"value": [], "unknown_components": ["consent_surrender"]}})
    assert result.answers["ext_simplified_available"] == {"unknown": True}


def test_a_merged_yes_no_becomes_a_component_and_comments_keep_their_origin():
    answers = {
        "crim_som_aggravation": {"value": ["endangering_life", "child_migrant"], "comment": "Penal Code s. 9"},
        "crim_som_aggravation_accessory": {"value": True, "comment": "applies to organisers too"},
    }
    result = _carry(answers)
    carried = result.answers["crim_som_aggravation"]
    assert carried["value"] == ["endangering_life", "child_migrant", "accessory_forms"]
    assert carried["comment"] == ("[crim_som_aggravation] Penal Code s. 9\n\n"
                                  "[crim_som_aggravation_accessory] applies to organisers too")


def test_a_question_not_determined_by_the_old_answers_is_left_for_the_member_with_a_note():
    result = _carry({"crim_som_aggravation": {"value": ["endangering_life"]}})
    assert "crim_som_aggravation" not in result.answers
    [moved] = result.moved
    assert moved.outcome == LEFT
    assert "accessory" in moved.reason or "accomplices" in moved.reason
    assert moved.old_answer


def test_a_changed_question_is_not_carried_and_is_listed_with_the_old_answer():
    result = _carry({"crim_som_refugee_safeguard": {"value": "partially", "comment": "policy only"}})
    assert result.answers == {}
    [moved] = result.moved
    assert (moved.action, moved.outcome, moved.targets) == ("changed", NOT_CARRIED, ("crim_som_refugee_rights",))
    assert "two questions" in moved.reason
    assert moved.old_answer == "Partially in place"


def test_new_questions_start_unanswered():
    result = _carry({"crim_tip_consent": {"value": "largely"}})
    assert result.answers == {"crim_tip_consent": {"value": "largely"}}
    for question_id in ("crim_ocg_domestic_groups", "lec_supervisor_cooperation", "coop_conventions_implemented"):
        assert question_id in result.new_questions


def test_an_answer_that_does_not_fit_is_listed_not_guessed():
    # version 2 allows 'not applicable' on the aggravated maximum; an N/A on a question that does not allow it is
    # refused rather than carried
    result = _carry({"crim_tip_consent": {"not_applicable": True, "justification": "n/a"}})
    [moved] = result.moved
    assert moved.outcome == LEFT
    assert "does not fit" in moved.reason


def test_a_comment_without_a_value_is_carried_as_it_is_and_never_read_as_nothing_covered():
    result = _carry({"crim_tip_acts": {"comment": "to check with the drafting office"}})
    assert result.answers == {"crim_tip_acts": {"comment": "to check with the drafting office"}}
    result = _carry({"conf_victim_compensation": {"comment": "see the Victims Act"}})
    assert "conf_compensation_route" not in result.answers
    assert [m.outcome for m in result.moved] == [LEFT]
