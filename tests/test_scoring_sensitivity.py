"""``scoring.sensitivity`` and ``assessment sensitivity``: each parameter moved on its own, the band and rank
changes it causes counted per scoring method, and only counts reported (never a ranking of members)."""

from __future__ import annotations

import json

import pytest

from assessment.cli import main
from scoring.sensitivity import Case, sensitivity
from tests.method2_support import IN_FORCE, SAMPLE2
from tests.scoring_helpers import SAMPLE, best_value, complete_answers
from tests.test_method2_app import mixed_region, v2_cycle  # noqa: F401  (fixtures)

ALL_MET = {**complete_answers(SAMPLE2, best_value), "has_sea_border": {"value": False}}
NARROW = {**ALL_MET, "ext_legal_basis": {"value": "narrow_network", "citations": IN_FORCE}}


def _row(group, parameter, level, change):
    return next(r for r in group["variations"] if (r["parameter"], r["level"], r["change"]) == (parameter, level,
                                                                                               change))


def test_lowering_the_cap_level_frees_a_section_held_at_its_value():
    [group] = sensitivity([Case("XA", SAMPLE2, NARROW), Case("XB", SAMPLE2, ALL_MET)])
    assert (group["scoring_version"], group["members"], group["sections"]) == ("2.0", 2, 10)
    # the legal basis (0.5) holds extradition at partly aligned; at a cap level of 0.4 it no longer does, and
    # extradition (gap 16.7) and the overall band become largely aligned; the order of the two members stays
    lower = _row(group, "cap_level", None, -0.1)
    assert (lower["value"], lower["section_bands_changed"], lower["overall_bands_changed"],
            lower["rank_positions_changed"]) == (0.4, 1, 1, 0)
    higher = _row(group, "cap_level", None, 0.1)
    assert (higher["value"], higher["section_bands_changed"], higher["overall_bands_changed"]) == (0.6, 0, 0)
    # every extradition question is level M: moving M's weight moves no band
    assert _row(group, "level_weight", "M", 1.0)["section_bands_changed"] == 0
    # a weight of 1 cannot go down by 1: left out, and said so
    assert _row(group, "level_weight", "SC", -1.0) == {
        "parameter": "level_weight", "level": "SC", "change": -1.0, "value": None, "section_bands_changed": None,
        "overall_bands_changed": None, "rank_positions_changed": None}


def test_members_of_different_methods_are_reported_apart():
    groups = sensitivity([Case("XA", SAMPLE2, NARROW), Case("XB", SAMPLE, {"tip_consent": {"value": "largely"}})])
    assert [(g["scoring_version"], g["members"]) for g in groups] == [("2.0", 1), ("1.0", 1)]


@pytest.mark.usefixtures("mixed_region")
def test_the_command_prints_counts_per_method_and_json(runner):
    text = runner.invoke(main, ["sensitivity", "--cycle", "2026"])
    assert text.exit_code == 0, text.output
    assert "Sensitivity of cycle 2026 (validated results, self-assessed)" in text.output
    assert "Method 2: 1 member, 5 section bands" in text.output
    assert "Method 1: 2 members, 8 section bands" in text.output
    assert "weight SC -1            –  left out: the parameter would leave its range" in text.output
    assert "cap level -0.1        0.4         1 of 8           1 of 2            0 of 2" in text.output
    assert "XB" not in text.output  # counts, never a ranking
    assert "Test jurisdiction" not in text.output
    found = runner.invoke(main, ["sensitivity", "--cycle", "2026", "--json"])
    document = json.loads(found.output)
    assert (document["cycle"], document["statuses"]) == ("2026", ["validated"])
    assert [m["scoring_version"] for m in document["methods"]] == ["2.0", "1.0"]
    assert len(document["methods"][0]["variations"]) == 14
    missing = runner.invoke(main, ["sensitivity", "--cycle", "1999"])
    assert (missing.exit_code, "no cycle has the code '1999'" in missing.output) == (1, True)
