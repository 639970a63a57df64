"""Scoring method 2 on the version-2 sample questionnaire: which method scores what, missing answers, caps that
mean a key deficiency, binding obligations, weakest-section bands, elements from components, TA that reads
like advice, figures that reproduce each other, and what it would take to reach the next band."""

from __future__ import annotations

import json

import pytest

from questionnaires.loader import validator
from scoring.engine import METHOD_VERSIONS, method_of, score
from tests.method2_support import BILL, IN_FORCE, SAMPLE2, WORKED_EXAMPLE2
from tests.scoring_helpers import SAMPLE, best_value, by_id, complete_answers

PARTIES = {"party_untoc": {"value": True}, "party_tipp": {"value": True}, "party_somp": {"value": True},
           "has_sea_border": {"value": False}}


def _best(**changes):
    """Every question fully met with law in force, party to everything, no coastline; then ``changes``
    (``None`` removes an answer)."""
    answers = {**complete_answers(SAMPLE2, best_value), **PARTIES, **changes}
    return {k: v for k, v in answers.items() if v is not None}


def _section(answers, section_id):
    return by_id(score(SAMPLE2, answers)["sections"], section_id)


def test_questionnaire_version_decides_the_method():
    assert (method_of(SAMPLE), method_of(SAMPLE2)) == (1, 2)
    assert score(SAMPLE, {})["scoring_version"] == METHOD_VERSIONS[1] == "1.0"
    assert score(SAMPLE2, {})["scoring_version"] == METHOD_VERSIONS[2] == "2.0"


@pytest.mark.parametrize("answers", [{}, _best(), json.loads(WORKED_EXAMPLE2.read_text())["answers"]])
def test_results_match_the_result_schema(answers):
    result = score(SAMPLE2, answers, member="XA", cycle="2027")
    assert list(validator("result").iter_errors(result)) == []


# --------------------------------------------------------------------------- missing answers never pay


def test_an_unanswered_question_scores_zero_and_lowers_completeness():
    section = _section(_best(ext_nationals=None), "extradition")
    # (3 + 0 + 3) / 9: the blank counts like "not in place", never leaves the score
    assert (section["score"], section["gap"], section["unanswered"], section["completeness"]) == (
        0.666667, 33.3, 1, 0.6667)
    assert section["best_case_gap"] == 0.0  # if the blank were met
    assert section["provisional"] is True
    row = by_id(score(SAMPLE2, _best(ext_nationals=None))["questions"], "ext_nationals")
    assert (row["state"], row["score"]) == ("unanswered", 0.0)


def test_deleting_answers_never_improves_the_result():
    weak = _best(ext_nationals={"value": "partially", "citations": IN_FORCE},
                 ext_legal_basis={"value": "narrow_network", "citations": IN_FORCE})
    before = _section(weak, "extradition")
    after = _section({**weak, "ext_nationals": {"comment": "still checking"}}, "extradition")
    assert after["gap"] >= before["gap"]
    assert after["completeness"] < before["completeness"]


def test_unknown_is_not_an_answer_for_completeness_and_counts_in_the_best_case():
    section = _section(_best(mla_days={"unknown": True}), "mla")
    assert (section["unknown"], section["unanswered"], section["completeness"]) == (1, 0, 0.6667)
    assert (section["gap"], section["best_case_gap"]) == (25.0, 0.0)


# --------------------------------------------------------------------------- caps


# (answers changed from all met, section, expected capped_by)
CAP_CASES = [
    # a critical coverage question caps only for a critical component not covered, or not known
    ({"tip_acts": {"value": ["recruitment", "transport", "transfer", "harbouring"], "citations": IN_FORCE}},
     "trafficking", []),
    ({"tip_acts": {"value": ["transport", "transfer", "harbouring", "receipt"], "citations": IN_FORCE}},
     "trafficking", [{"question": "tip_acts", "component": "recruitment", "reason": "not_met"}]),
    ({"tip_acts": {"value": ["transport", "transfer", "harbouring", "receipt"], "unknown_components": ["recruitment"],
                   "citations": IN_FORCE}},
     "trafficking", [{"question": "tip_acts", "component": "recruitment", "reason": "unknown"}]),
    # one non-critical component of two missing (the languages a central authority accepts): no cap
    ({"mla_ca": {"value": ["designated"], "citations": IN_FORCE}}, "mla", []),
    ({"mla_ca": {"value": ["languages_notified"], "citations": IN_FORCE}}, "mla",
     [{"question": "mla_ca", "component": "designated", "reason": "not_met"}]),
    # a critical coverage question without critical components caps at or below the cap level
    ({"mla_scope": {"value": ["investigations", "prosecutions"], "citations": IN_FORCE}}, "mla", []),
    ({"mla_scope": {"value": ["investigations"], "citations": IN_FORCE}}, "mla",
     [{"question": "mla_scope", "component": None, "reason": "not_met"}]),
    # status, choice and yes/no at or below the cap level
    ({"tip_consent": {"value": "largely", "citations": IN_FORCE}}, "trafficking", []),
    ({"tip_consent": {"value": "partially", "citations": IN_FORCE}}, "trafficking",
     [{"question": "tip_consent", "component": None, "reason": "not_met"}]),
    ({"ext_legal_basis": {"value": "broad_network", "citations": IN_FORCE}}, "extradition", []),
    ({"ext_legal_basis": {"value": "narrow_network", "citations": IN_FORCE}}, "extradition",
     [{"question": "ext_legal_basis", "component": None, "reason": "not_met"}]),
    ({"jur_nationals": {"value": False, "citations": IN_FORCE}}, "extradition",
     [{"question": "jur_nationals", "component": None, "reason": "not_met"}]),
    # law that is only a bill does not meet the core
    ({"tip_consent": {"value": "in_place", "citations": BILL}}, "trafficking",
     [{"question": "tip_consent", "component": None, "reason": "not_met"}]),
    # unknown and unanswered critical questions cap
    ({"ml_predicates": {"unknown": True}}, "laundering",
     [{"question": "ml_predicates", "component": None, "reason": "unknown"}]),
    ({"ml_predicates": None}, "laundering", [{"question": "ml_predicates", "component": None, "reason": "unanswered"}]),
]


@pytest.mark.parametrize(("changes", "section_id", "capped_by"), CAP_CASES)
def test_critical_questions_cap_only_for_a_key_deficiency(changes, section_id, capped_by):
    section = _section(_best(**changes), section_id)
    assert section["capped_by"] == capped_by
    if capped_by:
        assert section["band"] == "partly_aligned"
        assert section["explanation"]["cap"]["questions"] == capped_by


def test_a_cap_holds_the_band_but_not_the_gap():
    section = _section(_best(tip_consent={"value": "partially", "citations": IN_FORCE}), "trafficking")
    # (3 + 3 + 1.5 + 3 + 2) / 14 = 0.892857: gap 10.7, largely aligned by its gap, held at partly aligned
    assert (section["gap"], section["band"], section["explanation"]["cap"]["band_without_cap"]) == (
        10.7, "partly_aligned", "largely_aligned")


# --------------------------------------------------------------------------- binding obligations


def test_a_question_on_a_treaty_the_member_has_not_joined_counts_but_never_caps():
    answers = _best(party_somp={"value": False}, som_fomb={"value": "receipt_required", "citations": IN_FORCE})
    result = score(SAMPLE2, answers)
    smuggling = by_id(result["sections"], "smuggling")
    row = by_id(result["questions"], "som_fomb")
    assert (row["obligation"], row["binds"]) == ("recommended", False)
    assert smuggling["capped_by"] == []
    assert (smuggling["gap"], smuggling["band"]) == (100.0, "not_aligned")  # one yardstick for the region
    assert smuggling["obligations_gap"] is None  # nothing in it binds the member
    assert smuggling["explanation"]["recommended"] == ["som_fomb", "som_humanitarian"]
    party = by_id(score(SAMPLE2, {**answers, "party_somp": {"value": True}})["sections"], "smuggling")
    assert party["capped_by"] == [{"question": "som_fomb", "component": None, "reason": "not_met"}]


def test_a_blank_treaty_answer_counts_as_party():
    answers = _best(party_somp=None, som_fomb={"value": "receipt_required", "citations": IN_FORCE})
    assert by_id(score(SAMPLE2, answers)["questions"], "som_fomb")["binds"] is True


def test_untoc_cited_beside_a_protocol_binds_only_parties_to_that_protocol():
    answers = _best(party_tipp={"value": False}, tip_domestic={"value": False, "citations": IN_FORCE})
    result = score(SAMPLE2, answers)
    # tip_domestic cites UNTOC art. 34(2) and TIPP art. 1(2): the Convention reaches it through the Protocol
    assert by_id(result["questions"], "tip_domestic")["binds"] is False
    assert by_id(result["sections"], "trafficking")["capped_by"] == []


def test_fatf_binds_every_member():
    answers = _best(party_untoc={"value": False}, ml_predicates={"value": "not_in_place", "citations": IN_FORCE})
    result = score(SAMPLE2, answers)
    # ml_predicates cites UNTOC and FATF: UNTOC does not bind a non-party, FATF does
    assert (by_id(result["questions"], "ml_predicates")["obligation"],
            by_id(result["questions"], "ml_predicates")["binds"]) == ("standard", True)
    row = by_id(result["questions"], "mla_days")
    assert (row["obligation"], row["binds"]) == ("standard", True)
    assert by_id(result["sections"], "laundering")["capped_by"] == [
        {"question": "ml_predicates", "component": None, "reason": "not_met"}]


def test_the_obligations_gap_counts_only_what_binds():
    answers = _best(party_somp={"value": False}, som_fomb={"value": "receipt_required", "citations": IN_FORCE},
                    tip_consent={"value": "not_in_place", "citations": IN_FORCE})
    criminalisation = by_id(score(SAMPLE2, answers)["modules"], "criminalisation")
    # trafficking only: (3+3+0+3+2)/14 → 21.4; with smuggling (som_fomb 0 of 3): 11/17 → 35.3
    assert (criminalisation["obligations_gap"], criminalisation["gap"]) == (21.4, 35.3)


# --------------------------------------------------------------------------- no compensation


def test_module_and_overall_bands_are_the_weakest_sections():
    answers = _best(mla_ca={"value": ["languages_notified"], "citations": IN_FORCE})
    result = score(SAMPLE2, answers)
    cooperation = by_id(result["modules"], "cooperation")
    # extradition aligned, mla capped at partly: the pooled gap (1.5 of 17 → 8.8) would say aligned
    assert (cooperation["gap"], cooperation["band"], cooperation["weakest"]) == (8.8, "partly_aligned", "mla")
    assert cooperation["profile"] == {"aligned": 1, "largely_aligned": 0, "partly_aligned": 1, "not_aligned": 0}
    assert cooperation["held_down_by"] == ["mla"]
    overall = result["overall"]
    assert (overall["band"], overall["weakest"], overall["held_down_by"]) == ("partly_aligned", "mla", ["mla"])
    assert overall["profile"]["aligned"] == 4


def test_a_module_is_provisional_when_the_section_holding_it_down_is():
    answers = _best(mla_scope=None, mla_days=None)
    cooperation = by_id(score(SAMPLE2, answers)["modules"], "cooperation")
    assert cooperation["weakest"] == "mla"
    assert cooperation["completeness"] == 0.6667
    assert cooperation["provisional"] is True


# --------------------------------------------------------------------------- elements


def test_elements_come_from_the_components_that_test_them():
    answers = _best(ml_conduct={"value": ["conversion", "acquisition", "cash_couriers"], "citations": IN_FORCE})
    elements = {e["id"]: e for e in score(SAMPLE2, answers)["elements"]}
    assert (elements["C1"]["gap"], elements["C1"]["state"]) == (0.0, "met")
    assert (elements["C2"]["gap"], elements["C2"]["state"]) == (100.0, "gap")  # concealment alone
    assert (elements["C3"]["gap"], elements["C3"]["state"]) == (0.0, "met")
    # cash couriers is an SC component: beyond the minimum, never in a core element score
    assert (elements["C15"]["score"], elements["C15"]["beyond_minimum_gap"], elements["C15"]["core"]) == (
        None, 0.0, False)


def test_good_practice_never_enters_a_core_element_score():
    answers = _best(tip_means={"value": ["force", "deception", "abuse_of_vulnerability"], "citations": IN_FORCE})
    elements = {e["id"]: e for e in score(SAMPLE2, answers)["elements"]}
    assert (elements["A2"]["gap"], elements["A2"]["state"]) == (0.0, "met")
    assert (elements["A3"]["gap"], elements["A3"]["beyond_minimum_gap"], elements["A3"]["core"]) == (None, 100.0,
                                                                                                       False)


def test_a_component_condition_decides_which_elements_it_tests():
    sea = {"has_sea_border": {"value": True},
           "som_sea_authority": {"value": ["designated"], "citations": IN_FORCE}}
    elements = {e["id"]: e for e in score(SAMPLE2, _best(**sea))["elements"]}
    assert (elements["B14"]["gap"], elements["P1"]["gap"]) == (50.0, 100.0)
    not_party = {e["id"]: e for e in score(SAMPLE2, _best(**sea, party_somp={"value": False}))["elements"]}
    assert (not_party["B14"]["gap"], not_party["P1"]["state"]) == (0.0, "not_applicable")


# --------------------------------------------------------------------------- technical assistance


def _ta(answers, **kwargs):
    return {item["id"]: item for item in score(SAMPLE2, answers, **kwargs)["ta"]}


def test_priority_is_the_worst_gap_not_a_sum_and_breadth_breaks_ties():
    ta = _ta(_best(tip_acts={"value": ["recruitment", "transport", "transfer", "harbouring"], "citations": IN_FORCE},
                   som_fomb={"value": "cash_only", "citations": IN_FORCE}))
    item = ta["leg.tip.acts"]
    # tip_acts 3 × 0.2 × 2 = 1.2 and som_fomb 3 × 0.5 × 2 = 3.0: the worse of the two, not 4.2
    assert (item["priority"], item["breadth"], item["triggered_by"]) == (3.0, 2, ["tip_acts", "som_fomb"])


def test_unknown_answers_call_for_confirmation_only():
    ta = _ta(_best(tip_consent={"unknown": True}))
    assert list(ta) == ["conf.criminalisation"]
    assert (ta["conf.criminalisation"]["category"], ta["conf.criminalisation"]["priority"]) == ("TA-CONF", 6.0)


def test_unknown_components_call_for_confirmation_and_drafting_only_for_what_is_known_missing():
    answer = {"value": ["transport", "transfer", "harbouring"], "unknown_components": ["recruitment"],
              "citations": IN_FORCE}
    ta = _ta(_best(tip_acts=answer))
    assert set(ta) == {"conf.criminalisation", "leg.tip.acts"}  # receipt is known to be missing
    ta = _ta(_best(tip_acts={**answer, "value": ["transport", "transfer", "harbouring", "receipt"]}))
    assert list(ta) == ["conf.criminalisation"]


def test_a_bill_calls_for_enactment_support_not_drafting():
    ta = _ta(_best(tip_consent={"value": "in_place", "citations": BILL}))
    assert list(ta) == ["leg.enactment"]
    assert ta["leg.enactment"]["triggered_by"] == ["tip_consent"]


def test_unanswered_questions_call_for_no_assistance():
    assert _ta(_best(tip_consent=None, ml_conduct=None)) == {}


def test_no_item_from_a_gap_has_priority_zero():
    # every core component covered, only the good-practice one missing: help on that one, weighted as such
    ta = _ta(_best(tip_means={"value": ["force", "deception", "abuse_of_vulnerability"], "citations": IN_FORCE}))
    assert list(ta) == ["crim.gpr.tip_apov"]
    assert ta["crim.gpr.tip_apov"]["priority"] == 1.0


def test_not_being_party_calls_for_ratification_or_extension():
    answers = _best(party_somp={"value": False})
    ta = _ta(answers)
    assert list(ta) == ["treaty.ratify.somp"]
    item = ta["treaty.ratify.somp"]
    # the weightiest obligation joining brings: som_fomb, critical, 3 × 2
    assert (item["priority"], item["breadth"], item["triggered_by"], item["category"]) == (6.0, 1, ["party_somp"],
                                                                                          "TA-IC")
    assert list(_ta(answers, member_is_state=False)) == ["treaty.extend.somp"]
    assert _ta(_best(party_somp=None)) == {}  # not said: no assumption that it is not party


def test_a_request_on_a_question_joins_its_items_or_stands_with_the_questions_priority():
    request = {"category": "TA-INST", "challenge": "resources", "note": "A case-management system."}
    ta = _ta(_best(mla_days={"unknown": True, "ta_request": request}))
    assert ta["request:mla_days:TA-INST"]["priority"] == 2.0
    assert [r["question"] for r in ta["request:mla_days:TA-INST"]["self_requested"]] == ["mla_days"]
    joined = _ta(_best(tip_consent={"value": "partially", "citations": IN_FORCE,
                                    "ta_request": {"category": "TA-LEG", "challenge": None, "note": None}}))
    assert [r["question"] for r in joined["leg.tip.consent"]["self_requested"]] == ["tip_consent"]


# --------------------------------------------------------------------------- figures that reproduce


def test_the_published_score_gives_the_published_gap():
    # criminalisation 14/17 = 0.823529: four decimals (0.8235) would recompute to 17.7 beside a gap of 17.6
    result = score(SAMPLE2, _best(tip_domestic={"value": False, "citations": IN_FORCE}))
    criminalisation = by_id(result["modules"], "criminalisation")
    assert (criminalisation["score"], criminalisation["gap"]) == (0.823529, 17.6)


def test_equal_gap_points_are_listed_by_question_id():
    answers = _best(jur_nationals={"value": False, "citations": IN_FORCE},
                    ext_nationals={"value": "not_in_place", "citations": IN_FORCE},
                    ext_legal_basis={"value": "no_basis", "citations": IN_FORCE})
    points = _section(answers, "extradition")["explanation"]["points"]
    assert [(p["question"], p["points"]) for p in points] == [
        ("ext_legal_basis", 33.4), ("ext_nationals", 33.3), ("jur_nationals", 33.3)]


# --------------------------------------------------------------------------- what it would take


def test_next_band_names_the_fewest_answers_and_the_caps():
    answers = _best(tip_consent={"value": "partially", "citations": IN_FORCE})
    assert _section(answers, "trafficking")["next_band"] == {
        "band": "largely_aligned", "needs": ["tip_consent"], "caps": ["tip_consent"]}
    answers = _best(jur_nationals={"value": True, "citations": IN_FORCE},
                    ext_nationals={"value": "largely", "citations": IN_FORCE},
                    ext_legal_basis={"value": "no_basis", "citations": IN_FORCE, "comment": "critical but capped"})
    extradition = _section(answers, "extradition")
    # (3 + 2.25 + 0) / 9 → 41.7, capped; the largely band needs the legal basis (a cap) and nothing else (8.3)
    assert (extradition["gap"], extradition["band"]) == (41.7, "partly_aligned")
    assert extradition["next_band"] == {"band": "largely_aligned", "needs": ["ext_legal_basis"],
                                        "caps": ["ext_legal_basis"]}


def test_next_band_below_the_cap_needs_only_the_largest_gaps():
    answers = _best(**{q: None for q in ("tip_acts", "tip_means", "tip_consent", "tip_domestic")})
    trafficking = _section(answers, "trafficking")
    assert trafficking["band"] == "not_aligned"
    # 2 of 14 met: partly aligned (gap ≤ 50) needs two of the four weight-3 questions, the first by id
    assert trafficking["next_band"] == {"band": "partly_aligned", "needs": ["tip_acts", "tip_consent"], "caps": []}
    assert _section(_best(), "trafficking")["next_band"] is None


# --------------------------------------------------------------------------- blank facts


def test_a_blank_fact_shows_and_scores_the_questions_that_refer_to_it():
    answers = _best(has_sea_border=None, som_sea_authority=None)
    smuggling = _section(answers, "smuggling")
    assert "som_sea_authority" in smuggling["explanation"]["unanswered"]
    assert smuggling["gap"] == 50.0
    hidden = _section({**answers, "has_sea_border": {"value": False}}, "smuggling")
    assert (hidden["gap"], hidden["explanation"]["skipped"]) == (0.0, ["som_sea_authority"])


def test_the_review_says_a_blank_counts_zero_and_only_a_binding_critical_question_caps():
    from scoring.review import review

    found = review(SAMPLE2, _best(party_somp={"value": False}, som_fomb=None, tip_consent=None))
    messages = {e["question"]: e["message"] for e in found["unanswered"]}
    assert messages["tip_consent"] == ("Not answered yet. It counts as not met (0) until it is. It is critical: its "
                                       "section cannot be rated above partly aligned until it is.")
    assert messages["som_fomb"] == "Not answered yet. It counts as not met (0) until it is."
    assert [e["message"] for e in found["critical_gaps"]] == [
        "Not answered: this critical question caps the section “Trafficking in persons” at “Partly aligned” at best."]


def test_what_it_would_take_in_words():
    from scoring.words import next_band_words

    titles = {"a": "Question A?", "b": "Question B?"}
    assert next_band_words({"band": "largely_aligned", "needs": ["a"], "caps": []}, titles) == (
        "Largely aligned needs 1 answer fully met: Question A?")
    assert next_band_words({"band": "largely_aligned", "needs": ["a", "b"], "caps": ["b"]}, titles) == (
        "Largely aligned needs 2 answers fully met: first the critical one holding the section at partly aligned "
        "(Question B?), then Question A?")
    assert next_band_words({"band": "aligned", "needs": ["a", "b"], "caps": ["a", "b"]}) == (
        "Aligned needs 2 answers fully met, the critical ones holding the section at partly aligned: a; b.")
    assert next_band_words(None) == ""
