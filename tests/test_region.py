"""Regional aggregation over stored results: matrix, elements most often missed, TA demand, trends."""

from __future__ import annotations

import json

import pytest

from questionnaires.loader import default_ta_catalogue
from scoring.engine import score
from scoring.region import (
    Entry,
    matrix,
    missed_elements,
    side_by_side,
    summarise,
    ta_demand,
    trends,
)
from tests.conftest import FIXTURES
from tests.scoring_helpers import SAMPLE

WORKED = json.loads((FIXTURES / "worked_example_answers.json").read_text())["answers"]


def _section(sid, module, gap, band="partly_aligned", provisional=False, completeness=1.0, critical=0):
    return {"id": sid, "module": module, "title": sid.title(), "gap": gap, "band": band,
            "provisional": provisional, "completeness": completeness, "critical_gaps": critical, "capped_by": []}


def _result(gap, sections=(), elements=(), ta=(), scoring_version="1.0", modules=None):
    return {
        "scoring_version": scoring_version,
        "overall": {"gap": gap, "band": "partly_aligned", "provisional": False, "completeness": 0.9,
                    "critical_gaps": 0},
        "modules": modules if modules is not None else [
            {"id": "crim", "title": "Criminalisation", "gap": gap, "band": "partly_aligned", "provisional": False,
             "completeness": 0.9, "critical_gaps": 0}],
        "sections": list(sections),
        "elements": [{"id": i, "state": s, "gap": None, "critical": c} for i, s, c in elements],
        "ta": list(ta),
    }


def _entry(code, name, result, sub_region="Pacific", status="validated", cycle="2026", version=1):
    return Entry(code, name, sub_region, status, "q", version, result, cycle)


def _ta(item_id, priority, triggered=("q1",), requested=False, category="TA-LEG", audience=("legislators",)):
    return {"id": item_id, "category": category, "text": f"Text {item_id}", "audience": list(audience),
            "priority": priority, "triggered_by": list(triggered),
            "self_requested": [{"question": "q1", "challenge": "capacity", "note": None}] if requested else []}


# --------------------------------------------------------------------------- matrix


def test_matrix_rows_alphabetical_by_default_and_by_gap_on_request():
    entries = [
        _entry("XB", "Belmora", _result(10.0, [_section("tip", "crim", 10.0)])),
        _entry("XA", "aldmere", _result(55.5, [_section("tip", "crim", 55.5)])),
        _entry("XC", "Carradine", _result(None, [_section("tip", "crim", None, band=None)])),
        _entry("XD", "Dunvale", _result(80.0, [_section("tip", "crim", 80.0)])),
    ]
    assert [r.entry.member for r in matrix(entries).rows] == ["XA", "XB", "XC", "XD"]
    # worst first; a member without a score goes last, never first
    assert [r.entry.member for r in matrix(entries, order="gap").rows] == ["XD", "XA", "XB", "XC"]
    with pytest.raises(ValueError, match="order"):
        matrix(entries, order="rank")


def test_matrix_cells_carry_band_provisional_and_completeness_and_union_of_versions():
    old = _result(30.0, [_section("tip", "crim", 30.0), _section("old_only", "crim", 5.0)])
    new = _result(20.0, [_section("tip", "crim", 20.0, provisional=True, completeness=0.5),
                         _section("coop", "coop", 40.0, band="not_aligned")],
                  modules=[{"id": "crim", "title": "Criminalisation", "gap": 20.0}, {"id": "coop", "title": "Coop",
                                                                                      "gap": 40.0}])
    m = matrix([_entry("XA", "A", old, version=1), _entry("XB", "B", new, version=2)])
    assert [c.id for c in m.columns] == ["tip", "old_only", "coop"]
    xa, xb = m.rows
    assert xa.cells["coop"] is None
    assert xb.cells["old_only"] is None
    assert (xb.cells["tip"].gap, xb.cells["tip"].provisional, xb.cells["tip"].completeness) == (20.0, True, 0.5)
    assert m.modules == (("crim", "Criminalisation"), ("coop", "Coop"))
    only = matrix([_entry("XB", "B", new)], module="coop")
    assert [c.id for c in only.columns] == ["coop"]
    assert only.rows[0].headline.gap == 40.0
    assert [c.id for c in matrix([_entry("XB", "B", new)], columns="modules").columns] == ["crim", "coop"]


def test_matrix_of_real_results_and_of_their_summary_agree():
    result = score(SAMPLE, WORKED, ta_catalogue=default_ta_catalogue(), member="XA", cycle="2026")
    full = matrix([_entry("XA", "A", result)])
    short = matrix([_entry("XA", "A", summarise(result))])
    assert full == matrix([_entry("XA", "A", result)])
    assert [c.id for c in full.columns] == [s["id"] for s in result["sections"]]
    assert full.rows[0].cells == short.rows[0].cells
    assert full.rows[0].headline.gap == result["overall"]["gap"] == 36.0
    assert full.rows[0].cells["trafficking"].capped_by == ("tip_consent",)
    assert len(json.dumps(summarise(result))) < len(json.dumps(result)) / 2


# --------------------------------------------------------------------------- elements


def test_missed_elements_critical_first_and_other_states_never_gaps():
    entries = [
        _entry("XA", "A", _result(1, elements=[("A1", "gap", True), ("B2", "gap", False), ("C1", "unknown", False)])),
        _entry("XB", "B", _result(1, elements=[("A1", "met", True), ("B2", "gap", False), ("C1", "not_applicable",
                                                                                          False)])),
        _entry("XC", "C", _result(1, elements=[("A1", "precluded", True), ("B2", "unanswered", False),
                                               ("C1", "skipped", False)])),
    ]
    rows = missed_elements(entries)
    assert [r.id for r in rows] == ["A1", "B2", "C1"]  # critical first although B2 is missed more often
    a1, b2, c1 = rows
    assert (a1.gaps, a1.assessed, a1.with_gap) == (1, 3, ("XA",))
    assert a1.members["precluded"] == ("XC",)
    assert a1.members["met"] == ("XB",)
    assert (b2.gaps, b2.count("unanswered")) == (2, 1)
    assert b2.share == pytest.approx(2 / 3)
    assert c1.gaps == 0
    assert c1.share == 0
    assert (c1.count("unknown"), c1.count("not_applicable"), c1.count("skipped")) == (1, 1, 1)


def test_missed_elements_order_by_share_then_count_then_natural_id():
    entries = [_entry(f"X{i}", f"M{i}", _result(1, elements=[("A10", "gap", False), ("A2", "gap", False),
                                                             ("A3", "met" if i else "gap", False)]))
               for i in range(3)]
    assert [r.id for r in missed_elements(entries)] == ["A2", "A10", "A3"]


# --------------------------------------------------------------------------- TA demand


def test_ta_demand_sums_priority_counts_members_and_splits_requested_from_recommended():
    entries = [
        _entry("XA", "A", _result(1, ta=[_ta("leg.1", 6.0), _ta("cap.1", 2.0, audience=("judges", "police"),
                                                                  category="TA-CAP")]), sub_region="Pacific"),
        _entry("XB", "B", _result(1, ta=[_ta("leg.1", 3.0, requested=True)]), sub_region="Pacific"),
        _entry("XC", "C", _result(1, ta=[_ta("leg.1", 1.5, triggered=(), requested=True)]), sub_region="Pacific"),
        _entry("XD", "D", _result(1, ta=[_ta("cap.1", 4.0, category="TA-CAP", audience=("judges", "police"))]),
               sub_region="South Asia"),
    ]
    demand = ta_demand(entries)
    leg, cap = demand.items
    assert (leg.id, leg.members, leg.priority) == ("leg.1", ("XA", "XB", "XC"), 10.5)
    assert leg.recommended == ("XA", "XB")
    assert leg.self_requested == ("XB", "XC")
    assert cap.by_sub_region == {"Pacific": ("XA",), "South Asia": ("XD",)}
    assert [i.id for i in demand.by_category["TA-CAP"]] == ["cap.1"]
    assert [i.id for i in demand.by_audience["police"]] == ["cap.1"]
    assert [i.id for i in demand.by_sub_region["Pacific"]] == ["leg.1", "cap.1"]
    # three Pacific members need leg.1: a regional training candidate; cap.1 is not (one per sub-region)
    assert [(t.sub_region, t.item.id, t.members) for t in demand.training] == [("Pacific", "leg.1",
                                                                                ("XA", "XB", "XC"))]
    assert ta_demand(entries, min_members=4).training == ()


def test_ta_demand_from_a_real_result_marks_the_self_requested_item():
    result = score(SAMPLE, WORKED, ta_catalogue=default_ta_catalogue(), member="XA", cycle="2026")
    demand = ta_demand([_entry("XA", "A", summarise(result))])
    requested = [i.id for i in demand.items if i.self_requested]
    assert requested == [t["id"] for t in result["ta"] if t["self_requested"]]
    assert {i.id for i in demand.items} == {t["id"] for t in result["ta"]}


# --------------------------------------------------------------------------- trends and side by side


def test_trend_in_cycle_order_marks_questionnaire_and_scoring_changes():
    entries = [
        _entry("XA", "A", _result(40.0, scoring_version="1.1"), cycle="2026", version=2),
        _entry("XA", "A", _result(60.0), cycle="2022"),
        _entry("XA", "A", _result(50.0), cycle="2024"),
        _entry("XB", "B", _result(10.0), cycle="2026"),
        _entry("XA", "A", _result(1.0), cycle="2019"),  # not asked for
    ]
    series = trends(entries, ["2022", "2024", "2026"])
    assert [t.member for t in series] == ["XA", "XB"]
    points = series[0].points
    assert [(p.cycle, p.overall.gap) for p in points] == [("2022", 60.0), ("2024", 50.0), ("2026", 40.0)]
    assert [p.changed for p in points] == [(), (), ("questionnaire", "scoring")]
    assert points[0].modules["crim"].gap == 60.0


def test_side_by_side_keeps_entry_order_and_lists_modules_sections_elements():
    a = _result(10.0, [_section("tip", "crim", 10.0)], elements=[("A2", "gap", True), ("A10", "met", False)])
    b = _result(20.0, [_section("tip", "crim", 20.0), _section("som", "crim", 5.0)], elements=[("A2", "met", True)])
    rows = side_by_side([_entry("XB", "B", b), _entry("XA", "A", a)])
    assert [(r.kind, r.id) for r in rows] == [("module", "crim"), ("section", "tip"), ("section", "som"),
                                              ("element", "A2"), ("element", "A10")]
    tip = rows[1]
    assert [c["gap"] for c in tip.cells] == [20.0, 10.0]
    assert rows[2].cells[1] is None
    assert rows[3].critical
    assert [c["state"] for c in rows[3].cells] == ["met", "gap"]
