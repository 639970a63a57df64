"""The capacity figures beside the law (scoring/capacity.py) on a small questionnaire: the version-2 sample with
the "Capacity and practice" module added (tests/fixtures/capacity_questionnaire.json)."""

from __future__ import annotations

import pytest

from questionnaires.loader import load_questionnaire
from scoring.capacity import (
    ALL_MEMBERS,
    NOT_COLLECTED,
    Point,
    PracticeRule,
    Record,
    Reporter,
    cycle_years,
    figure_of,
    figure_questions,
    law_rows,
    plausibility,
    profile_table,
    region_figures,
    thin_practice,
)
from scoring.engine import score
from tests.conftest import FIXTURES
from tests.method2_support import SAMPLE2

CAPACITY = load_questionnaire(FIXTURES / "capacity_questionnaire.json")


def figures(**values):
    """Answers from keyword figures: a number, "nc" for not collected, "?" for unknown."""
    out = {}
    for qid, value in values.items():
        qid = qid if qid.startswith("cap_") else f"cap_{qid}"
        if value == "nc":
            out[qid] = {"value": NOT_COLLECTED}
        elif value == "?":
            out[qid] = {"unknown": True}
        else:
            out[qid] = {"value": value}
    return out


# --------------------------------------------------------------------------- the module


def test_the_module_is_unscored_and_changes_no_figure_of_the_law():
    law = {"tip_consent": {"value": "in_place"}, "tip_attempt": {"value": "partially"}}
    with_figures = {**law, **figures(year=2025, tip_prosecutions=4, assets_confiscated=0, mla_sent="nc")}
    plain, full = score(CAPACITY, law), score(CAPACITY, with_figures)
    assert [m["id"] for m in full["modules"]] == ["criminalisation", "money", "cooperation"]
    assert full["overall"] == plain["overall"]
    assert full["sections"] == plain["sections"]
    assert all(not q.scored for q in figure_questions(CAPACITY))


def test_every_figure_offers_not_collected_and_an_audience():
    found = figure_questions(CAPACITY)
    assert len(found) == 24
    for question in found:
        assert [s.id for s in question.special] == [NOT_COLLECTED]
        assert question.audience, question.id


def test_a_figure_reads_its_state():
    assert figure_of({"value": 12}).value == 12
    assert isinstance(figure_of({"value": 12.0}).value, int)
    assert figure_of({"value": NOT_COLLECTED}).state == "not_collected"
    assert figure_of({"unknown": True}).state == "unknown"
    assert figure_of(None).state == "not_answered"
    assert figure_of({"value": 0}).state == "reported"


# --------------------------------------------------------------------------- plausibility


def test_plausible_figures_give_no_message():
    answers = figures(year=2025, tip_investigations=40, tip_prosecutions=12, tip_convictions=7, mla_received=30,
                      mla_executed=21, mla_refused=2, mla_median_days=140, assets_confiscated=250000,
                      assets_returned=40000.5)
    assert plausibility(CAPACITY, answers, (2024, 2026)) == []


def test_more_convictions_than_prosecutions_is_named_with_both_figures():
    found = plausibility(CAPACITY, figures(year=2025, som_prosecutions=8, som_convictions=12), (2024, 2026))
    assert len(found) == 1
    assert found[0].question == "cap_som_convictions"
    assert found[0].questions == ("cap_som_convictions", "cap_som_prosecutions")
    assert "Smuggling convictions (12) is more than smuggling prosecutions (8) in 2025" in found[0].message


def test_executed_above_received_and_executed_with_refused_above_received():
    found = plausibility(CAPACITY, figures(year=2025, ext_received=5, ext_executed=6, ext_refused=1), (2024, 2026))
    messages = [f.message for f in found]
    assert any("extradition requests executed (6) is more than extradition requests received (5)" in m.lower()
               for m in messages)
    assert any("executed (6) and extradition requests refused (1) together are more than" in m for m in messages)
    # executed within received, but executed and refused together above it: only the second message
    found = plausibility(CAPACITY, figures(year=2025, mla_received=10, mla_executed=8, mla_refused=3), (2024, 2026))
    assert [f.questions for f in found] == [("cap_mla_executed", "cap_mla_refused", "cap_mla_received")]


def test_a_year_outside_the_cycle_and_figures_without_a_year():
    outside = plausibility(CAPACITY, figures(year=2019, tip_prosecutions=3), (2025, 2026))
    assert [f.question for f in outside] == ["cap_year"]
    assert "2019, which is not a year of this cycle (2025 to 2026)" in outside[0].message
    assert plausibility(CAPACITY, figures(year=2026, tip_prosecutions=3), (2025, 2026)) == []
    missing = plausibility(CAPACITY, figures(tip_prosecutions=3, tip_convictions=1), (2025, 2026))
    assert [f.question for f in missing] == ["cap_year"]
    assert "2 figure(s) are given without the year" in missing[0].message
    # no cycle years known: the year is not checked
    assert plausibility(CAPACITY, figures(year=1990, tip_prosecutions=3)) == []


def test_counts_are_whole_numbers_but_money_need_not_be():
    found = plausibility(CAPACITY, figures(year=2025, tip_investigations=7.5, assets_frozen=1250.75), (2024, 2026))
    assert [(f.question, f.message) for f in found] == [
        ("cap_tip_investigations", "Trafficking investigations (7.5): a count is a whole number. Check the figure.")]


def test_a_median_without_any_request_executed():
    found = plausibility(CAPACITY, figures(year=2025, mla_executed=0, mla_median_days=90), (2024, 2026))
    assert [f.question for f in found] == ["cap_mla_median_days"]
    assert "A median of 90 days is given, but MLA requests executed (0)" in found[0].message


def test_not_collected_unknown_and_blank_figures_are_never_compared():
    answers = figures(year=2025, tip_prosecutions="nc", tip_convictions=9, mla_received="?", mla_executed=4)
    assert plausibility(CAPACITY, answers, (2024, 2026)) == []


def test_no_module_no_findings():
    assert plausibility(SAMPLE2, {"cap_tip_convictions": {"value": 5}}, (2024, 2026)) == []


@pytest.mark.parametrize(("code", "previous", "years"), [
    ("2026", "2024", (2024, 2026)),
    ("2027", "2026", (2026, 2027)),
    ("2026", None, (2024, 2026)),
    ("2026-27", "2024", (2024, 2026)),
    ("2026", "2026b", (2024, 2026)),
    ("Round 3", None, None),
])
def test_the_years_of_a_cycle(code, previous, years):
    assert cycle_years(code, previous) == years


# --------------------------------------------------------------------------- profile across cycles


def test_profile_table_across_cycles_says_not_collected_and_not_asked():
    points = [
        Point("2022", SAMPLE2, {}, "validated"),
        Point("2024", CAPACITY, figures(year=2023, tip_prosecutions=3, assets_confiscated="nc",
                                        unit_tip={"value": "up_to_5"}) | {"cap_unit_tip": {"value": "up_to_5"}},
              "validated"),
        Point("2026", CAPACITY, figures(year=2025, tip_prosecutions=5, assets_confiscated=120000)
              | {"cap_unit_tip": {"value": "up_to_20"}}, "submitted"),
    ]
    table = profile_table(points)
    assert table.cycles == ("2022", "2024", "2026")
    assert table.years == (None, 2023, 2025)
    assert [s.id for s in table.sections] == ["cap_units", "cap_cooperation", "cap_cases", "cap_assets",
                                              "cap_requests"]
    prosecutions = table.row("cap_tip_prosecutions")
    assert [c.state for c in prosecutions.cells] == ["not_asked", "reported", "reported"]
    assert [c.words for c in prosecutions.cells] == ["not asked", "3", "5"]
    assert prosecutions.trend == "up"
    confiscated = table.row("cap_assets_confiscated")
    assert [c.words for c in confiscated.cells] == ["not asked", "not collected", "120,000 US dollars"]
    assert confiscated.trend is None  # one cycle reports it: no trend
    unit = table.row("cap_unit_tip")
    assert (unit.kind, unit.trend) == ("fact", None)
    assert unit.cells[1].words == "A unit of 1 to 5 officers"
    assert table.row("cap_mla_sent").cells[2].words == "not answered"


def test_trend_down_and_same():
    points = [Point("2024", CAPACITY, figures(year=2024, mla_sent=9, ext_sent=2)),
              Point("2025", CAPACITY, figures(year=2025, mla_sent="nc", ext_sent=2)),
              Point("2026", CAPACITY, figures(year=2026, mla_sent=4, ext_sent=2))]
    table = profile_table(points)
    assert table.row("cap_mla_sent").trend == "down"  # against the last cycle that reports it
    assert table.row("cap_ext_sent").trend == "same"


def test_a_member_without_the_module_has_an_empty_table():
    assert profile_table([Point("2024", SAMPLE2, {})]).empty


# --------------------------------------------------------------------------- figures across members


def reporters(values, sub_regions):
    return [Reporter(f"X{chr(65 + i)}", f"Member {i}", sub_region, CAPACITY, figures(**answers))
            for i, (answers, sub_region) in enumerate(zip(values, sub_regions, strict=True))]


def test_region_figures_need_five_members_reporting_in_a_scope():
    found = reporters(
        [{"tip_prosecutions": 4}, {"tip_prosecutions": 10}, {"tip_prosecutions": 1}, {"tip_prosecutions": "nc"},
         {"tip_prosecutions": 7}, {"tip_prosecutions": 2}, {}],
        ["Pacific", "Pacific", "Pacific", "Pacific", "South Asia", "South Asia", "South Asia"])
    figure = next(f for f in region_figures(found) if f.id == "cap_tip_prosecutions")
    everyone, pacific, south_asia = figure.scopes
    assert (everyone.scope, everyone.asked, everyone.reporting, everyone.not_collected) == (ALL_MEMBERS, 7, 5, 1)
    assert (everyone.total, everyone.median) == (24, 4)
    assert (pacific.scope, pacific.reporting, pacific.shown) == ("Pacific", 3, False)
    assert (pacific.total, pacific.median, pacific.not_collected) == (None, None, 1)
    assert (south_asia.reporting, south_asia.shown) == (2, False)


def test_four_reporting_members_show_no_figure():
    found = reporters([{"mla_sent": n} for n in (3, 5, 8, 13)] + [{"mla_sent": "?"}], ["Pacific"] * 5)
    figure = next(f for f in region_figures(found) if f.id == "cap_mla_sent")
    assert all(not scope.shown for scope in figure.scopes)
    assert figure.scopes[0].reporting == 4


def test_members_without_the_module_are_not_counted_as_asked():
    found = reporters([{"ext_sent": n} for n in (1, 2, 3, 4, 5)], ["Pacific"] * 5)
    found.append(Reporter("XZ", "Old member", "Pacific", SAMPLE2, {}))
    figure = next(f for f in region_figures(found) if f.id == "cap_ext_sent")
    assert (figure.scopes[0].asked, figure.scopes[0].total, figure.scopes[0].median) == (5, 15, 3)


# --------------------------------------------------------------------------- law aligned, practice thin

RULES = (PracticeRule("laundering", "cap_assets_confiscated", "money.exp.asset_recovery", "no assets confiscated"),
         PracticeRule("trafficking", "cap_tip_prosecutions", "cap.tip.judges", "no trafficking prosecutions"))


def record(code, band, points, sub_region="Pacific"):
    sections = [{"id": "laundering", "title": "Money laundering", "band": band},
                {"id": "trafficking", "title": "Trafficking", "band": "not_aligned"}]
    return Record(code, f"Member {code}", sub_region, sections, points)


def test_aligned_law_and_nothing_confiscated_in_three_cycles_is_a_training_candidate():
    points = [Point(str(year), CAPACITY, figures(year=year, assets_confiscated=0, tip_prosecutions=0))
              for year in (2022, 2024, 2026)]
    found = thin_practice([record("XA", "aligned", points)], RULES)
    assert len(found) == 1  # trafficking law is not aligned: no candidate there
    assert found[0].rule.figure == "cap_assets_confiscated"
    assert (found[0].section_title, found[0].band) == ("Money laundering", "aligned")
    assert found[0].evidence == "0 US dollars in 2022, 0 US dollars in 2024, 0 US dollars in 2026"


def test_practice_is_not_thin_when_a_recent_cycle_reports_assets():
    points = [Point("2022", CAPACITY, figures(assets_confiscated=0)),
              Point("2024", CAPACITY, figures(assets_confiscated=50000)),
              Point("2026", CAPACITY, figures(assets_confiscated=0))]
    assert thin_practice([record("XA", "largely_aligned", points)], RULES) == []


def test_only_the_last_three_cycles_that_ask_count_and_not_collected_counts_neither_way():
    points = [Point("2018", CAPACITY, figures(assets_confiscated=90000)),
              Point("2020", SAMPLE2, {}),  # the figure not asked: skipped
              Point("2022", CAPACITY, figures(assets_confiscated=0)),
              Point("2024", CAPACITY, figures(assets_confiscated="nc")),
              Point("2026", CAPACITY, figures(assets_confiscated=0))]
    found = thin_practice([record("XB", "largely_aligned", points)], RULES)
    assert [t.evidence for t in found] == ["0 US dollars in 2022, not collected in 2024, 0 US dollars in 2026"]
    only_unknown = [Point("2026", CAPACITY, figures(assets_confiscated="nc"))]
    assert thin_practice([record("XC", "aligned", only_unknown)], RULES) == []


def test_law_not_aligned_is_not_a_practice_candidate():
    points = [Point("2026", CAPACITY, figures(assets_confiscated=0))]
    assert thin_practice([record("XA", "partly_aligned", points)], RULES) == []


def test_candidates_are_listed_by_sub_region_then_name():
    points = [Point("2026", CAPACITY, figures(assets_confiscated=0))]
    found = thin_practice([record("XB", "aligned", points, "South Asia"), record("XC", "aligned", points, "Pacific"),
                           record("XA", "aligned", points, "South Asia")], RULES)
    assert [(t.sub_region, t.member) for t in found] == [("Pacific", "XC"), ("South Asia", "XA"),
                                                          ("South Asia", "XB")]


def test_law_rows_across_cycles():
    old = {"overall": {"band": "partly_aligned", "gap": 40.0},
           "modules": [{"id": "money", "title": "Money", "band": "partly_aligned", "gap": 40.0}],
           "sections": [{"id": "confiscation", "title": "Confiscation", "module": "money", "band": "partly_aligned",
                         "gap": 40.0}]}
    new = {"overall": {"band": "largely_aligned", "gap": 20.0, "provisional": True},
           "modules": [{"id": "money", "title": "Following the money", "band": "largely_aligned", "gap": 20.0}],
           "sections": [{"id": "confiscation", "title": "Confiscation", "module": "money", "band": "largely_aligned",
                         "gap": 15.0},
                        {"id": "assets", "title": "Assets and victims", "module": "money", "band": "aligned",
                         "gap": 5.0}]}
    rows = law_rows([old, None, new])
    assert [(r.kind, r.id, r.title) for r in rows] == [
        ("overall", "overall", "Overall"), ("module", "money", "Following the money"),
        ("section", "confiscation", "Confiscation"), ("section", "assets", "Assets and victims")]
    assert [c.band if c else None for c in rows[2].cells] == ["partly_aligned", None, "largely_aligned"]
    assert rows[0].cells[2].provisional
    assert rows[3].cells[0] is None


def test_medians_of_days_are_never_added_up_across_members():
    found = reporters([{"mla_median_days": n} for n in (30, 90, 120, 200, 400)], ["Pacific"] * 5)
    figure = next(f for f in region_figures(found) if f.id == "cap_mla_median_days")
    assert (figure.scopes[0].total, figure.scopes[0].median, figure.scopes[0].shown) == (None, 120, True)
