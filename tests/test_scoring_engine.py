"""The scoring engine on the sample questionnaire: values per question type and state, aggregation, bands
and the critical cap, explanations, elements, obligations, TA recommendations and the result format."""

import json

import pytest

from questionnaires.loader import validator
from questionnaires.model import TACatalogue, TAItem
from scoring.engine import SCORING_VERSION, score
from tests.scoring_helpers import (
    IN_FORCE,
    SAMPLE,
    best_value,
    by_id,
    complete_answers,
    question_doc,
    variant,
)

BILL = [{"act": "Trafficking Bill", "status": "bill"}]
DRAFT = [{"act": "Draft amendment", "status": "draft"}]
SEA = {"has_sea_border": {"value": True}}


def _row(answers, qid, questionnaire=SAMPLE):
    result = score(questionnaire, answers)
    return by_id(result["questions"], qid)


# (question, answer, extra answers, state, score, flags)
VALUE_CASES = [
    # status: the scale from the scoring block
    ("tip_consent", {"value": "in_place", "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("tip_consent", {"value": "largely", "citations": IN_FORCE}, {}, "answered", 0.75, []),
    ("tip_consent", {"value": "partially", "citations": IN_FORCE}, {}, "answered", 0.5, []),
    ("tip_consent", {"value": "not_in_place"}, {}, "answered", 0.0, []),
    ("tip_consent", {"value": "unknown"}, {}, "unknown", 0.0, ["unknown"]),
    ("tip_consent", {"unknown": True, "comment": "asking the AG"}, {}, "unknown", 0.0, ["unknown"]),
    ("tip_consent", None, {}, "unanswered", None, []),
    ("tip_consent", {"comment": "working on it"}, {}, "unanswered", None, []),
    # citations: only law in force counts
    ("tip_consent", {"value": "in_place"}, {}, "answered", 1.0, ["no_citation"]),
    ("tip_consent", {"value": "largely", "citations": BILL}, {}, "answered", 0.0, ["pending_bill"]),
    ("tip_consent", {"value": "largely", "citations": BILL + DRAFT}, {}, "answered", 0.0, ["pending_bill"]),
    ("tip_consent", {"value": "largely", "citations": BILL + IN_FORCE}, {}, "answered", 0.75, []),
    ("tip_consent", {"value": "not_in_place", "citations": DRAFT}, {}, "answered", 0.0, []),
    # coverage: share of core components, capped while a critical one is missing
    ("tip_acts", {"value": ["recruitment", "transport", "transfer", "harbouring", "receipt"], "citations": IN_FORCE},
     {}, "answered", 1.0, []),
    ("tip_acts", {"value": ["recruitment", "transport", "transfer"], "citations": IN_FORCE}, {}, "answered", 0.6, []),
    ("tip_acts", {"value": ["transport", "transfer", "harbouring", "receipt"], "citations": IN_FORCE}, {},
     "answered", 0.5, ["critical_component_missing"]),
    ("tip_acts", {"value": ["transport"], "citations": IN_FORCE}, {}, "answered", 0.2,
     ["critical_component_missing"]),
    ("tip_acts", {"value": []}, {}, "answered", 0.0, ["critical_component_missing"]),
    ("tip_acts", {"value": ["recruitment", "transport", "transfer"], "unknown_components": ["receipt"],
                  "citations": IN_FORCE}, {}, "answered", 0.6, ["unknown_components"]),
    ("tip_acts", {"value": ["transport", "transfer"], "unknown_components": ["recruitment"], "citations": IN_FORCE},
     {}, "answered", 0.4, ["unknown_components", "critical_component_missing"]),
    ("tip_acts", {"value": ["recruitment", "transport"], "citations": BILL}, {}, "answered", 0.0, ["pending_bill"]),
    # yes/no: 1 for the compliant answer, whichever it is
    ("tip_cross_border", {"value": False, "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("tip_cross_border", {"value": True}, {}, "answered", 0.0, []),
    ("jur_nationals", {"value": True, "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("jur_nationals", {"value": False}, {}, "answered", 0.0, []),
    # number: threshold met or not, never proportional; special answers score their definition
    ("tip_penalty", {"value": 4, "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("tip_penalty", {"value": 25, "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("tip_penalty", {"value": 3.9}, {}, "answered", 0.0, []),
    ("tip_penalty", {"value": "life", "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("tip_penalty", {"value": "fine_only"}, {}, "answered", 0.0, []),
    ("mla_days", {"value": 30, "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("mla_days", {"value": 30.5}, {}, "answered", 0.0, []),
    # choice: the choice's value
    ("som_fomb", {"value": "any_benefit", "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("som_fomb", {"value": "omitted_with_exemption", "citations": IN_FORCE}, {}, "answered", 1.0, []),
    ("som_fomb", {"value": "cash_only", "citations": IN_FORCE}, {}, "answered", 0.5, []),
    ("som_fomb", {"value": "receipt_required"}, {}, "answered", 0.0, []),
    # states that leave the score
    ("som_sea_authority", {"not_applicable": True, "justification": "Landlocked"}, SEA, "not_applicable", None, []),
    ("som_sea_authority", {"value": "not_applicable", "justification": "Landlocked"}, SEA, "not_applicable", None,
     []),
    ("som_sea_authority", None, {}, "skipped", None, []),
    ("som_sea_authority", {"value": "in_place"}, {"has_sea_border": {"value": False}}, "skipped", None,
     ["hidden_answer"]),
    ("som_sea_authority", {"value": "in_place", "citations": IN_FORCE}, SEA, "answered", 1.0, []),
    ("tip_attempt", {"precluded": True, "justification": "Not a concept of our law"}, {}, "precluded", None, []),
    # answers that do not fit are ignored, never guessed at
    ("tip_consent", {"value": "yes"}, {}, "unanswered", None, ["ignored_answer"]),
    ("tip_consent", {"not_applicable": True, "justification": "x"}, {}, "unanswered", None, ["ignored_answer"]),
    ("som_sea_authority", {"not_applicable": True}, SEA, "unanswered", None, ["ignored_answer"]),
    ("tip_acts", {"value": ["transport", "sale"]}, {}, "unanswered", None, ["ignored_answer"]),
    ("tip_penalty", {"value": "forever"}, {}, "unanswered", None, ["ignored_answer"]),
    ("tip_consent", {"value": "largely", "unknown": True}, {}, "unanswered", None, ["ignored_answer"]),
]


@pytest.mark.parametrize(("qid", "answer", "extra", "state", "value", "flags"), VALUE_CASES)
def test_question_value_state_and_flags(qid, answer, extra, state, value, flags):
    answers = dict(extra)
    if answer is not None:
        answers[qid] = answer
    row = _row(answers, qid)
    assert (row["state"], row["score"], row["flags"]) == (state, value, flags)


def test_ignored_answers_are_listed_in_warnings_with_the_reason():
    result = score(SAMPLE, {"tip_consent": {"value": "yes"}, "nope": {"value": 1}})
    assert result["warnings"] == [
        {"question": "tip_consent", "message": 'answer ignored: $.value: Choose one of the options given: "yes" is not '
                                               'one of "in_place", "largely", "partially", "not_in_place", '
                                               '"unknown".'},
        {"question": "nope", "message": "no such question in this questionnaire; answer ignored"},
    ]


def test_weights_and_pools_per_level():
    rows = {r["id"]: r for r in score(SAMPLE, {})["questions"]}
    assert (rows["tip_consent"]["weight"], rows["tip_consent"]["pool"]) == (3, "core")  # M
    assert (rows["tip_attempt"]["weight"], rows["tip_attempt"]["pool"]) == (2, "core")  # Mq
    assert (rows["mla_days"]["weight"], rows["mla_days"]["pool"]) == (2, "core")  # F
    assert (rows["tip_penalty"]["weight"], rows["tip_penalty"]["pool"]) == (1, "beyond_minimum")  # GP
    # ml_conduct (M) has an SC component: its core part weighs 3, its beyond-minimum part 1
    assert (rows["ml_conduct"]["weight"], rows["ml_conduct"]["beyond_minimum_weight"]) == (3, 1)
    assert "party_untoc" not in rows  # unscored questions are not listed


def test_coverage_splits_core_and_beyond_minimum_components():
    core_only = _row({"ml_conduct": {"value": ["conversion", "concealment", "acquisition"]}}, "ml_conduct")
    assert (core_only["score"], core_only["beyond_minimum_score"]) == (1.0, 0.0)
    beyond_only = _row({"ml_conduct": {"value": ["cash_couriers"]}}, "ml_conduct")
    assert (beyond_only["score"], beyond_only["beyond_minimum_score"]) == (0.0, 1.0)
    result = score(SAMPLE, {"ml_conduct": {"value": ["conversion", "concealment", "acquisition"]}})
    laundering = by_id(result["sections"], "laundering")
    assert (laundering["gap"], laundering["beyond_minimum_gap"]) == (0.0, 100.0)


def _with_sea_condition_on_cash_couriers(doc):
    question_doc(doc, "ml_conduct")["components"][3]["show_if"] = {"question": "has_sea_border", "in": [True]}


def test_components_hidden_by_show_if_do_not_apply():
    q = variant(_with_sea_condition_on_cash_couriers)
    answers = {"ml_conduct": {"value": ["conversion", "concealment", "acquisition"]}}
    row = _row({**answers, "has_sea_border": {"value": False}}, "ml_conduct", q)
    assert (row["score"], row["beyond_minimum_score"]) == (1.0, None)
    row = _row({**answers, "has_sea_border": {"value": True}}, "ml_conduct", q)
    assert (row["score"], row["beyond_minimum_score"]) == (1.0, 0.0)


def test_coverage_question_without_applicable_component_is_not_applicable():
    def hide_all(doc):
        for component in question_doc(doc, "ml_conduct")["components"]:
            component["show_if"] = {"question": "has_sea_border", "in": [True]}

    row = _row({"ml_conduct": {"value": []}, "has_sea_border": {"value": False}}, "ml_conduct", variant(hide_all))
    assert (row["state"], row["score"], row["flags"]) == ("not_applicable", None, ["no_applicable_component"])


def test_choice_without_value_is_not_applicable():
    def add_unscored_choice(doc):
        question_doc(doc, "som_fomb")["choices"].append({"id": "other", "label": {"en": "Other"}, "value": None})

    row = _row({"som_fomb": {"value": "other"}}, "som_fomb", variant(add_unscored_choice))
    assert (row["state"], row["score"], row["flags"]) == ("not_applicable", None, ["unscored_choice"])


# --------------------------------------------------------------------------- aggregation and bands

TRAFFICKING_BASE = {
    "tip_acts": {"value": ["recruitment", "transport", "transfer", "harbouring", "receipt"], "citations": IN_FORCE},
    "tip_consent": {"value": "largely", "citations": IN_FORCE},
    "tip_cross_border": {"value": False, "citations": IN_FORCE},
    "tip_attempt": {"value": "in_place", "citations": IN_FORCE},
    "tip_penalty": {"value": 3},
}


def _trafficking(**changes):
    answers = {**TRAFFICKING_BASE, **changes}
    answers = {k: v for k, v in answers.items() if v is not None}
    return by_id(score(SAMPLE, answers)["sections"], "trafficking")


def test_section_pools_weights_of_core_questions():
    # (3×1 + 3×0.75 + 3×1 + 2×1) / (3+3+3+2) = 10.25/11 → gap 6.8; tip_penalty (GP) is beyond minimum
    section = _trafficking()
    assert (section["score"], section["gap"], section["band"]) == (0.9318, 6.8, "aligned")
    assert section["beyond_minimum_gap"] == 100.0
    # with tip_acts at 0.6: (1.8 + 2.25 + 3 + 2) / 11 = 9.05/11 → gap 17.7
    section = _trafficking(tip_acts={"value": ["recruitment", "transport", "transfer"], "citations": IN_FORCE})
    assert (section["gap"], section["band"]) == (17.7, "largely_aligned")


def test_excluded_states_leave_numerator_and_denominator():
    precluded = {"precluded": True, "justification": "Not a concept of our law"}
    section = _trafficking(tip_attempt=precluded)
    # (3 + 2.25 + 3) / 9 → gap 8.3
    assert section["gap"] == 8.3
    assert _trafficking(tip_attempt=None)["gap"] == 8.3
    unknown = _trafficking(tip_attempt={"unknown": True})
    # unknown counts with value 0: (3 + 2.25 + 3 + 0) / 11 → gap 25.0
    assert unknown["gap"] == 25.0


def test_completeness_and_provisional():
    assert _trafficking()["completeness"] == 1.0
    # 5 scored questions: 3 answered + 1 unknown of 5 due → 0.8, not below the threshold 0.8
    section = _trafficking(tip_attempt={"unknown": True}, tip_penalty=None)
    assert (section["completeness"], section["provisional"]) == (0.8, False)
    section = _trafficking(tip_attempt=None, tip_penalty=None)
    assert (section["completeness"], section["provisional"]) == (0.6, True)
    assert section["band"] == "aligned"  # the band stays, marked provisional
    # N/A and skipped questions are not due
    smuggling = by_id(score(SAMPLE, {"som_fomb": {"value": "any_benefit"}})["sections"], "smuggling")
    assert smuggling["completeness"] == 1.0


def test_nothing_applicable_gives_null_figures():
    result = score(SAMPLE, {})
    section = by_id(result["sections"], "trafficking")
    keys = ("score", "gap", "band", "beyond_minimum_gap", "if_bills_pass_gap")
    assert {k: section[k] for k in keys} == dict.fromkeys(keys)
    assert (section["completeness"], section["provisional"]) == (0.0, True)
    assert result["overall"]["gap"] is None


def test_band_thresholds_are_inclusive_upper_bounds():
    base = {"jur_nationals": {"value": True, "citations": IN_FORCE},
            "ext_nationals": {"value": "in_place", "citations": IN_FORCE}}
    # (3 + 3 + 0) / 8 → gap 25.0: the upper bound of largely_aligned
    extradition = by_id(score(SAMPLE, {**base, "mla_days": {"value": 45}})["sections"], "extradition")
    assert (extradition["gap"], extradition["band"]) == (25.0, "largely_aligned")
    base["ext_nationals"] = {"value": "largely", "citations": IN_FORCE}
    extradition = by_id(score(SAMPLE, {**base, "mla_days": {"value": 45}})["sections"], "extradition")
    assert (extradition["gap"], extradition["band"]) == (34.4, "partly_aligned")


def test_critical_gap_caps_the_section_not_the_module():
    # tip_consent partially (0.5 = cap level): (3 + 1.5 + 3 + 2)/11 → gap 13.6, largely → capped to partly
    section = _trafficking(tip_consent={"value": "partially", "citations": IN_FORCE})
    assert (section["gap"], section["band"], section["capped_by"]) == (13.6, "partly_aligned", ["tip_consent"])
    assert section["explanation"]["cap"] == {
        "band_without_cap": "largely_aligned",
        "questions": [{"question": "tip_consent", "reason": "value 0.5 is at or below the cap level 0.5"}],
    }
    assert section["critical_gaps"] == 1
    result = score(SAMPLE, {**TRAFFICKING_BASE, "tip_consent": {"value": "partially", "citations": IN_FORCE}})
    module = by_id(result["modules"], "criminalisation")
    assert (module["band"], module["critical_gaps"]) == ("largely_aligned", 2)  # + som_fomb unanswered
    assert _trafficking()["capped_by"] == []


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (None, "unanswered"),
        ({"unknown": True}, "unknown"),
        ({"value": "in_place", "citations": BILL}, "value 0.0 is at or below the cap level 0.5"),
    ],
)
def test_unanswered_unknown_and_pending_critical_questions_cap(answer, reason):
    section = _trafficking(tip_consent=answer)
    assert section["capped_by"] == ["tip_consent"]
    assert section["explanation"]["cap"]["questions"] == [{"question": "tip_consent", "reason": reason}]
    assert section["band"] in ("partly_aligned", "not_aligned")


def test_non_critical_questions_never_cap():
    section = _trafficking(tip_attempt={"value": "not_in_place"})
    # (3 + 2.25 + 3 + 0)/11 → gap 25.0
    assert (section["gap"], section["band"], section["capped_by"]) == (25.0, "largely_aligned", [])


def test_parameters_come_from_the_scoring_block():
    def change(doc):
        doc["scoring"]["status_scores"]["largely"] = 0.6
        doc["scoring"]["level_weights"]["Mq"] = 1
        doc["scoring"]["cap_level"] = 0.4
        doc["scoring"]["bands"][0]["max_gap"] = 5

    q = variant(change)
    answers = {**TRAFFICKING_BASE, "tip_consent": {"value": "partially", "citations": IN_FORCE}}
    section = by_id(score(q, answers)["sections"], "trafficking")
    # (3 + 1.5 + 3 + 1)/10 → gap 15.0; 0.5 is above the cap level 0.4
    assert (section["gap"], section["band"], section["capped_by"]) == (15.0, "largely_aligned", [])
    section = by_id(score(q, TRAFFICKING_BASE)["sections"], "trafficking")
    # (3 + 1.8 + 3 + 1)/10 → gap 12.0
    assert (section["gap"], section["band"]) == (12.0, "largely_aligned")


def test_if_bills_pass_counts_pending_answers_as_answered():
    section = _trafficking(tip_consent={"value": "in_place", "citations": BILL})
    # now: (3 + 0 + 3 + 2)/11 → 27.3; if the bill passes: 11/11 → 0.0
    assert (section["gap"], section["if_bills_pass_gap"]) == (27.3, 0.0)
    assert section["explanation"]["pending_bill"] == ["tip_consent"]
    assert _trafficking()["if_bills_pass_gap"] == _trafficking()["gap"]


def test_module_and_overall_pool_weights_across_sections():
    answers = {**complete_answers(SAMPLE, best_value), "mla_days": {"value": 45}, "ml_predicates": {"value": "largely"}}
    result = score(SAMPLE, answers)
    # overall core weights: trafficking 11, smuggling 6, laundering 6, extradition 8 → 31; losses 2×1 + 3×0.25
    assert result["overall"]["gap"] == pytest.approx(round(100 * (2 + 0.75) / 31, 1))
    assert result["overall"]["gap"] == 8.9
    assert by_id(result["modules"], "money")["gap"] == 12.5  # (3 + 2.25)/6
    assert by_id(result["modules"], "cooperation")["gap"] == 25.0


# --------------------------------------------------------------------------- explanations


def test_gap_points_add_up_to_the_section_gap_and_are_sorted():
    section = _trafficking(tip_consent={"value": "partially"}, tip_acts={"value": ["recruitment", "transport"]},
                           tip_attempt={"unknown": True})
    points = section["explanation"]["points"]
    assert round(sum(p["points"] for p in points), 1) == section["gap"]
    assert [p["points"] for p in points] == sorted((p["points"] for p in points), reverse=True)
    assert {p["question"]: p["points"] for p in points} == {
        # 100 × w × (1 − v) / 11: tip_acts 3×0.6, tip_consent 3×0.5, tip_attempt 2×1, tip_cross_border 0
        "tip_acts": 16.4, "tip_consent": 13.6, "tip_attempt": 18.2, "tip_cross_border": 0.0,
    }
    assert section["gap"] == 48.2


def test_explanation_lists_states():
    answers = {
        "tip_attempt": {"precluded": True, "justification": "Not a concept of our law"},
        "tip_consent": {"unknown": True},
        "som_sea_authority": {"not_applicable": True, "justification": "Landlocked"},
        "has_sea_border": {"value": True},
        "tip_acts": {"value": ["recruitment"], "citations": BILL},
    }
    sections = score(SAMPLE, answers)["sections"]
    trafficking = by_id(sections, "trafficking")["explanation"]
    assert trafficking["precluded"] == [{"question": "tip_attempt", "justification": "Not a concept of our law"}]
    assert trafficking["unknown"] == ["tip_consent"]
    assert trafficking["unanswered"] == ["tip_cross_border", "tip_penalty"]
    assert trafficking["pending_bill"] == ["tip_acts"]
    smuggling = by_id(sections, "smuggling")["explanation"]
    assert smuggling["not_applicable"] == [{"question": "som_sea_authority", "justification": "Landlocked"}]
    assert by_id(score(SAMPLE, {})["sections"], "smuggling")["explanation"]["skipped"] == ["som_sea_authority"]


def test_at_risk_through_depends_on():
    answers = {"ext_nationals": {"value": "in_place"}, "jur_nationals": {"value": False},
               "ml_predicates": {"value": "largely"}}
    result = score(SAMPLE, answers)
    extradition = by_id(result["sections"], "extradition")
    assert extradition["explanation"]["at_risk"] == [
        {"question": "ext_nationals",
         "because_of": [{"question": "jur_nationals", "gap": 100.0}, {"question": "ml_predicates", "gap": 25.0}]},
    ]
    assert "at_risk" in by_id(result["questions"], "ext_nationals")["flags"]
    assert by_id(result["elements"], "E7")["at_risk_from"] == ["jur_nationals", "ml_predicates"]
    # depends_on never changes a number
    safe = score(SAMPLE, {**answers, "jur_nationals": {"value": True}, "ml_predicates": {"value": "in_place"}})
    assert by_id(safe["questions"], "ext_nationals")["score"] == by_id(result["questions"], "ext_nationals")["score"]
    assert by_id(safe["sections"], "extradition")["explanation"]["at_risk"] == []


# (answers, element, state)
ELEMENT_CASES = [
    ({"tip_penalty": {"value": 2}}, "A12", "gap"),
    ({"tip_penalty": {"value": 5}}, "A12", "met"),
    ({"tip_penalty": {"unknown": True}}, "A12", "unknown"),
    ({}, "A12", "unanswered"),
    ({"tip_attempt": {"precluded": True, "justification": "x"}}, "A11", "precluded"),
    ({}, "B14", "skipped"),
    ({"has_sea_border": {"value": True}, "som_sea_authority": {"not_applicable": True, "justification": "x"}}, "B14",
     "not_applicable"),
]


@pytest.mark.parametrize(("answers", "element", "state"), ELEMENT_CASES)
def test_element_state(answers, element, state):
    assert by_id(score(SAMPLE, answers)["elements"], element)["state"] == state


def test_element_with_mixed_states_and_scores():
    def second_question_on_a12(doc):
        question_doc(doc, "tip_attempt")["elements"] = ["A11", "A12"]

    q = variant(second_question_on_a12)
    row = by_id(score(q, {"tip_penalty": {"value": 5}, "tip_attempt": {"value": "partially"}})["elements"], "A12")
    # gap beats met; the element pools its questions' weights: (1×1 + 2×0.5)/3
    assert (row["state"], row["score"], row["gap"], row["questions"]) == ("gap", 0.6667, 33.3,
                                                                          ["tip_attempt", "tip_penalty"])
    row = by_id(score(q, {"tip_attempt": {"precluded": True, "justification": "x"}})["elements"], "A12")
    assert row["state"] == "unanswered"  # precluded + unanswered: the one still to be answered
    assert [e["id"] for e in score(q, {})["elements"]][:4] == ["A1", "A6", "A11", "A12"]  # natural order


# --------------------------------------------------------------------------- obligation

OBLIGATION_CASES = [
    ({"party_tipp": {"value": True}}, "tip_consent", "obligation"),
    ({"party_tipp": {"value": False}}, "tip_consent", "recommended"),
    ({}, "tip_consent", "obligation"),
    ({"party_tipp": {"unknown": True}}, "tip_consent", "obligation"),
    ({"party_untoc": {"value": False}}, "ml_conduct", "recommended"),  # UNTOC + FATF, not party
    ({"party_untoc": {"value": True}}, "ml_conduct", "obligation"),
    ({"party_untoc": {"value": False}}, "mla_days", "standard"),  # FATF only
]


@pytest.mark.parametrize(("answers", "qid", "expected"), OBLIGATION_CASES)
def test_obligation(answers, qid, expected):
    assert _row(answers, qid)["obligation"] == expected


def test_obligation_of_a_hidden_party_question_is_recommended():
    def actip_source(doc):
        question_doc(doc, "tip_consent")["sources"] = [{"instrument": "ACTIP", "article": "2"}]

    q = variant(actip_source)
    assert _row({"asean_member": {"value": False}, "party_actip": {"value": True}}, "tip_consent", q)[
        "obligation"] == "recommended"
    assert _row({"asean_member": {"value": True}}, "tip_consent", q)["obligation"] == "obligation"


def test_obligation_never_changes_a_number():
    answers = complete_answers(SAMPLE, best_value)
    party = score(SAMPLE, answers)
    not_party = score(SAMPLE, {**answers, "party_untoc": {"value": False}, "party_tipp": {"value": False},
                               "party_somp": {"value": False}})
    assert {r["obligation"] for r in not_party["questions"]} == {"recommended", "standard"}
    for result in (party, not_party):
        for row in result["questions"]:
            row.pop("obligation")
    assert party == not_party


# --------------------------------------------------------------------------- TA


def _ta(answers, **kwargs):
    return {item["id"]: item for item in score(SAMPLE, answers, **kwargs)["ta"]}


def test_ta_priority_is_weight_times_gap_times_critical_multiplier():
    ta = _ta({"tip_consent": {"value": "partially"}, "tip_attempt": {"value": "largely"}})
    assert ta["leg.tip.consent"]["priority"] == 3.0  # 3 × 0.5 × 2 (critical)
    assert ta["cap.tip.judges"]["priority"] == 3.0  # below 0.75
    assert ta["leg.tip.acts"]["priority"] == 0.5  # tip_attempt: 2 × 0.25 × 1
    assert ta["leg.tip.acts"]["triggered_by"] == ["tip_attempt"]
    assert "cap.tip.judges" not in _ta({"tip_consent": {"value": "largely"}})  # not below 0.75


def test_ta_items_merge_by_id_and_count_each_question_once():
    answers = {"tip_acts": {"value": ["transport"]}, "tip_cross_border": {"value": True},
               "som_fomb": {"value": "cash_only"}}
    item = _ta(answers)["leg.tip.acts"]
    # tip_acts fires both "gap" and "missing_component: recruitment" but counts once: 3×0.8×2 + 3×1×2 + 3×0.5×2
    assert item["triggered_by"] == ["tip_acts", "tip_cross_border", "som_fomb"]
    assert item["priority"] == pytest.approx(4.8 + 6 + 3)


def test_missing_component_rule_fires_for_that_component_only():
    def only_missing_component(doc):
        question_doc(doc, "tip_acts")["ta"] = [{"item": "leg.tip.acts", "when": {"missing_component": "recruitment"}}]

    q = variant(only_missing_component)
    fired = {i["id"] for i in score(q, {"tip_acts": {"value": ["recruitment", "transport"]}})["ta"]}
    assert "leg.tip.acts" not in fired
    fired = {i["id"] for i in score(q, {"tip_acts": {"value": ["transport"]}})["ta"]}
    assert "leg.tip.acts" in fired
    # an unknown component is not known to be missing: it asks for confirmation instead
    fired = {i["id"] for i in score(q, {"tip_acts": {"value": ["transport"], "unknown_components": ["recruitment"]}})[
        "ta"]}
    assert "leg.tip.acts" not in fired


def test_unknown_asks_for_confirmation_not_drafting():
    ta = _ta({"tip_consent": {"unknown": True}})
    assert list(ta) == ["confirm.criminalisation"]
    assert ta["confirm.criminalisation"]["priority"] == 6.0  # 3 × 1 × 2
    ta = _ta({"tip_acts": {"value": ["recruitment", "transport", "transfer", "harbouring"],
                           "unknown_components": ["receipt"], "citations": IN_FORCE}})
    assert ta["confirm.criminalisation"]["triggered_by"] == ["tip_acts"]
    assert ta["leg.tip.acts"]["priority"] == pytest.approx(1.2)  # 3 × 0.2 × 2


def test_self_requested_ta_joins_triggered_items_of_its_category_or_stands_alone():
    request = {"category": "TA-LEG", "challenge": "capacity", "note": "Model provision wanted"}
    answers = {"tip_consent": {"value": "partially", "ta_request": request},
               "mla_days": {"value": 10, "ta_request": {"category": "TA-TECH", "note": "Case-management system"}}}
    result = score(SAMPLE, answers)
    ta = {i["id"]: i for i in result["ta"]}
    entry = {"question": "tip_consent", "challenge": "capacity", "note": "Model provision wanted"}
    assert ta["leg.tip.consent"]["self_requested"] == [entry]
    assert ta["cap.tip.judges"]["self_requested"] == []  # TA-CAP, not the requested category
    assert ta["request:mla_days:TA-TECH"] == {
        "id": "request:mla_days:TA-TECH", "category": "TA-TECH", "text": "Case-management system", "reference": "",
        "audience": [], "priority": 0.0, "triggered_by": [],
        "self_requested": [{"question": "mla_days", "challenge": None, "note": "Case-management system"}],
    }
    # sorted by priority, then self-requested first, then id
    assert [i["id"] for i in result["ta"]] == ["leg.tip.consent", "cap.tip.judges", "request:mla_days:TA-TECH"]


def test_ta_sort_puts_self_requested_first_among_equal_priorities():
    answers = {"tip_consent": {"value": "partially", "ta_request": {"category": "TA-CAP"}}}
    assert [i["id"] for i in score(SAMPLE, answers)["ta"]] == ["cap.tip.judges", "leg.tip.consent"]


def test_ta_texts_come_from_the_catalogue_given():
    catalogue = TACatalogue(
        categories={"TA-LEG": {"en": "Drafting"}},
        items=(TAItem("leg.tip.consent", "TA-LEG", {"en": "Help with consent"}, {"en": "Model law"}, ("judges",)),),
    )
    result = score(SAMPLE, {"tip_consent": {"value": "partially"}}, ta_catalogue=catalogue)
    item = by_id(result["ta"], "leg.tip.consent")
    assert (item["text"], item["reference"], item["audience"]) == ("Help with consent", "Model law", ["judges"])
    missing = by_id(result["ta"], "cap.tip.judges")
    assert (missing["category"], missing["text"]) == (None, "")
    assert {"question": None, "message": "TA item 'cap.tip.judges' is not in the TA catalogue"} in result["warnings"]


def test_critical_multiplier_from_data():
    def triple(doc):
        doc["scoring"]["critical_multiplier"] = 3

    result = score(variant(triple), {"tip_consent": {"value": "partially"}})
    assert by_id(result["ta"], "leg.tip.consent")["priority"] == 4.5


# --------------------------------------------------------------------------- result document


def test_result_header_and_schema():
    result = score(SAMPLE, complete_answers(SAMPLE, best_value), member="XA", cycle="2026")
    assert result["questionnaire"] == {"id": "sample", "version": 1}
    assert (result["member"], result["cycle"], result["scoring_version"]) == ("XA", "2026", SCORING_VERSION)
    assert [m["id"] for m in result["modules"]] == ["criminalisation", "money", "cooperation"]  # no Profile
    assert [s["id"] for s in result["sections"]] == ["trafficking", "smuggling", "laundering", "extradition"]
    assert list(validator("result").iter_errors(result)) == []


@pytest.mark.parametrize("answers", [{}, {"tip_consent": {"value": "yes"}, "x": {}},
                                     {"tip_consent": "in_place", "has_sea_border": "yes", "party_tipp": 1},
                                     {"tip_consent": {"value": "partially", "ta_request": {"category": "TA-OTH"}}}])
def test_sparse_and_broken_answers_still_give_a_valid_result(answers):
    assert list(validator("result").iter_errors(score(SAMPLE, answers))) == []


def test_same_input_same_bytes_even_on_a_rebuilt_questionnaire():
    answers = complete_answers(SAMPLE, best_value)
    answers["tip_consent"] = {"value": "partially", "ta_request": {"category": "TA-LEG"}}
    first = json.dumps(score(SAMPLE, answers), sort_keys=True)
    assert json.dumps(score(SAMPLE, answers), sort_keys=True) == first
    assert json.dumps(score(variant(lambda d: None), answers), sort_keys=True) == first


def test_questionnaires_with_the_same_key_are_not_confused():
    heavier = variant(lambda d: d["scoring"]["level_weights"].update(Mq=20))
    answers = {**TRAFFICKING_BASE, "tip_attempt": {"value": "not_in_place"}}
    assert by_id(score(SAMPLE, answers)["sections"], "trafficking")["gap"] == 25.0
    # (3 + 2.25 + 3 + 0) / 29
    assert by_id(score(heavier, answers)["sections"], "trafficking")["gap"] == 71.6
    assert by_id(score(SAMPLE, answers)["sections"], "trafficking")["gap"] == 25.0


def test_a_questionnaire_copied_with_other_parameters_is_scored_with_its_own():
    """A copy with another cap level (as the sensitivity analysis makes) gets its own plan, not the original's."""
    import dataclasses

    low = dataclasses.replace(SAMPLE, scoring=dataclasses.replace(SAMPLE.scoring, level_weights={
        **SAMPLE.scoring.level_weights, "M": 30}))
    answers = {"tip_consent": {"value": "partially"}, "tip_cross_border": {"value": True}}
    assert score(SAMPLE, answers)["questions"] != score(low, answers)["questions"]
    assert score(SAMPLE, answers) == score(SAMPLE, answers)
