"""The calibration harness (tests/calibration/harness.py): the format rules of a calibration file, and the checks
that the view by standard orders members as their reports' ratings do and shows the deficiencies the reports
name, exercised on fictional members (XA, XB, XC) whose invented reports rate them apart."""

from __future__ import annotations

import copy

from questionnaires.loader import load_questionnaire
from tests.calibration.harness import (
    check_file,
    missed_deficiencies,
    order_disagreements,
    read_member,
)
from tests.conftest import FIXTURES

SAMPLE3 = load_questionnaire(FIXTURES / "sample_questionnaire.v3.json")
IN_FORCE = [{"act": "Proceeds of Crime Act", "section": "s. 5", "year": 2015, "status": "in_force"}]


def _document(code: str, r3: str, conduct: list[str], predicates: str, deficiencies: list[str]) -> dict:
    return {
        "member": code, "name": f"Fictional jurisdiction {code}",
        "report": {"title": f"Invented report of {code}", "year": 2017, "link": "https://example.org/report",
                   "methodology": "2013"},
        "ratings": {"R.3": {"rating": r3, "where": "p. 180, table of ratings"}},
        "deficiencies": {"R.3": deficiencies},
        "answers": {
            "ml_conduct": {"value": conduct, "citations": IN_FORCE,
                           "source": {"where": "para. 12", "note": "which conduct the offence reaches"}},
            "ml_predicates": {"value": predicates, "citations": IN_FORCE,
                              "source": {"where": "para. 13", "note": "predicates"}},
            "conf_extended": {"unknown": True, "source": {"where": "not stated", "note": "the report is silent"}},
        },
    }


ALL = ["conversion", "concealment", "acquisition", "cash_couriers"]
XA = _document("XA", "C", ALL, "in_place", [])
XB = _document("XB", "LC", ALL, "largely", ["3.2"])
XC = _document("XC", "PC", ["conversion", "acquisition"], "partially", ["3.1", "3.2"])


def test_the_view_orders_members_as_their_ratings_and_shows_the_deficiencies_named():
    members = [read_member(d, SAMPLE3) for d in (XA, XB, XC)]
    assert [m.units["R.3"]["gap"] for m in members] == [0.0, 12.5, 41.7]
    assert order_disagreements(members, "R.3") == []
    assert [missed_deficiencies(m) for m in members] == [[], [], []]
    assert members[2].units["R.3"]["band"] == "partly_aligned"  # concealment missing: a key deficiency


def test_an_ordering_against_the_ratings_and_a_deficiency_not_shown_are_reported():
    swapped = copy.deepcopy(XA)
    swapped["ratings"]["R.3"]["rating"] = "NC"  # the report rates XA worst, the answers say its law is complete
    swapped["deficiencies"]["R.3"] = ["3.2"]
    members = [read_member(d, SAMPLE3) for d in (swapped, XB, XC)]
    assert order_disagreements(members, "R.3") == [("XB", "XA"), ("XC", "XA")]
    assert missed_deficiencies(members[0]) == [("R.3", "3.2")]


def test_the_format_refuses_a_reconstructed_answer_and_an_answer_without_its_source():
    assert check_file(XA) == []
    bad = copy.deepcopy(XA)
    bad["answers"]["conf_extended"] = {"value": "in_place", "source": {"where": "not stated", "note": "guessed"}}
    bad["answers"]["ml_predicates"].pop("source")
    bad["ratings"]["R.36"] = {"rating": "LC", "where": "p. 3"}
    bad["report"]["methodology"] = "2003"
    assert check_file(bad) == [
        "$.report.methodology: one of 2013, 2022",
        "$.ratings.R.36: only R.3, R.4, R.37, R.38, R.39, R.40 are calibrated",
        "$.answers.ml_predicates.source: the paragraph or page, and a note in our words",
        "$.answers.conf_extended: an answer the report does not state is unknown, never reconstructed",
    ]

