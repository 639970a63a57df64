"""The review page's checks before submit, and the plain-text report."""

import pytest

from scoring.engine import score
from scoring.report import DISCLAIMER, text_report
from scoring.review import REVIEW_LISTS, review
from tests.scoring_helpers import IN_FORCE, SAMPLE, best_value, complete_answers, question_doc, variant

BILL = [{"act": "Bill", "status": "bill"}]


def _ids(found, name):
    return [(e["question"], e["section"]) for e in found[name]]


def test_clean_complete_answers_leave_nothing_to_review():
    found = review(SAMPLE, complete_answers(SAMPLE, best_value))
    assert list(found) == list(REVIEW_LISTS)
    assert all(found[name] == [] for name in REVIEW_LISTS)


def test_review_lists_each_kind_of_issue_with_question_and_section():
    answers = {
        **complete_answers(SAMPLE, best_value),
        "has_sea_border": {"value": True},
        "tip_consent": {"value": "largely", "citations": BILL},
        "tip_cross_border": {"value": False},
        "tip_attempt": {"precluded": True, "justification": "Attempt is not a concept of our law."},
        "som_sea_authority": {"not_applicable": True, "justification": "No maritime zone."},
        "ml_predicates": {"unknown": True},
        "jur_nationals": {"value": "yes"},
    }
    del answers["ext_nationals"]
    found = review(SAMPLE, answers)
    assert _ids(found, "unanswered") == [("ext_nationals", "extradition")]
    assert "critical" in found["unanswered"][0]["message"]
    assert _ids(found, "ignored") == [("jur_nationals", "extradition")]
    assert '"yes" is not one of true, false' in found["ignored"][0]["message"]
    assert _ids(found, "unknown") == [("ml_predicates", "laundering")]
    assert _ids(found, "pending_bill") == [("tip_consent", "trafficking")]
    assert _ids(found, "no_citation") == [("tip_cross_border", "trafficking")]
    assert found["precluded"] == [{"question": "tip_attempt", "section": "trafficking",
                                   "message": "Marked precluded by fundamental principles: Attempt is not a concept "
                                              "of our law.",
                                   "justification": "Attempt is not a concept of our law."}]
    assert [(e["question"], e["justification"]) for e in found["not_applicable"]] == [
        ("som_sea_authority", "No maritime zone.")]
    assert [(e["question"], e["reason"]) for e in found["critical_gaps"]] == [
        ("tip_consent", "value 0.0 is at or below the cap level 0.5"),
        ("ml_predicates", "unknown"),
        ("jur_nationals", "unanswered"),
        ("ext_nationals", "unanswered"),
    ]


def test_review_uses_the_result_given():
    answers = {"tip_consent": {"value": "largely"}}
    result = score(SAMPLE, answers)
    assert review(SAMPLE, answers, result) == review(SAMPLE, answers)
    result["questions"] = [r for r in result["questions"] if r["id"] != "tip_acts"]
    assert "tip_acts" not in [e["question"] for e in review(SAMPLE, answers, result)["unanswered"]]


def _consent_tests_a1(doc):
    question_doc(doc, "tip_consent")["elements"] = ["A1", "A6"]


@pytest.mark.parametrize(
    ("tip_acts", "consent", "contradiction"),
    [
        (["transport", "transfer"], "in_place", True),  # recruitment (critical) missing
        (["recruitment", "transport"], "in_place", False),  # both critical components covered
        (["transport", "transfer"], "largely", False),  # not claimed in place
    ],
)
def test_status_in_place_contradicting_coverage_on_the_same_element(tip_acts, consent, contradiction):
    q = variant(_consent_tests_a1)
    answers = {"tip_acts": {"value": tip_acts, "citations": IN_FORCE},
               "tip_consent": {"value": consent, "citations": IN_FORCE}}
    found = review(q, answers)["contradictions"]
    if contradiction:
        assert found == [{
            "question": "tip_consent", "section": "trafficking",
            "message": "Answered 'in place', but Question 2.1 (Which acts does the trafficking offence cover?) "
                       "(element A1) does not cover the critical component(s) Recruitment.",
            "coverage_question": "tip_acts", "elements": ["A1"], "missing": ["recruitment"],
        }]
    else:
        assert found == []


def test_unknown_components_are_not_a_contradiction():
    q = variant(_consent_tests_a1)
    answers = {"tip_acts": {"value": ["transport"], "unknown_components": ["recruitment"]},
               "tip_consent": {"value": "in_place"}}
    assert review(q, answers)["contradictions"] == []


# --------------------------------------------------------------------------- report


def _report_answers():
    return {
        **complete_answers(SAMPLE, best_value),
        "tip_consent": {"value": "partially", "citations": IN_FORCE,
                        "ta_request": {"category": "TA-LEG", "challenge": "legal_system", "note": "Model clause"}},
        "mla_days": {"value": 45, "citations": IN_FORCE},
        "ml_predicates": {"value": "in_place", "citations": BILL},
    }


def test_report_shows_figures_bands_caps_and_ta():
    result = score(SAMPLE, _report_answers(), member="XA", cycle="2026")
    text = text_report(result, SAMPLE, top=2)
    lines = text.splitlines()
    assert lines[0] == "Legislative self-assessment: sample version 1 (member XA, cycle 2026)"
    assert DISCLAIMER in text
    assert "not FATF ratings" in text
    assert "self-assessed" in text
    overall = result["overall"]
    assert f"Overall gap {overall['gap']:.1f} — {overall['band'].replace('_', ' ')}" in text
    assert f"if pending bills pass: gap {overall['if_bills_pass_gap']:.1f}" in text
    trafficking = next(line for line in lines if line.startswith("  Trafficking in persons"))
    assert "partly aligned" in trafficking
    assert "capped by: tip_consent" in trafficking
    assert any(line.startswith("  tip_consent (Trafficking in persons): value 0.5 is at or below the cap level 0.5 — "
                               "Is the victim") for line in lines)
    # leg.ml.predicates 3×1×2 (bill only), leg.tip.consent and cap.tip.judges 3×0.5×2, inst.central_authority 2×1
    assert "Recommended technical assistance (top 2 of 4)" in text
    first = result["ta"][0]
    assert f"  1. [{first['category']}] {first['id']} (priority {first['priority']:g}" in text
    assert "requested on tip_consent (challenge: legal system): Model clause" in text
    assert "leg.tip.consent" in text  # self-requested: ahead of cap.tip.judges at the same priority
    assert "cap.tip.judges" not in text


def test_report_marks_provisional_and_missing_scores():
    text = text_report(score(SAMPLE, {"tip_consent": {"value": "in_place"}}))
    assert "aligned (provisional)" in text
    assert "Money laundering" in text
    assert "no score" in text
    assert "Recommended technical assistance (top 0 of 0)\n  none" in text
