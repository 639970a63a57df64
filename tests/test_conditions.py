"""The show_if grammar; the page's skiplogic.js is tested against the same cases in the browser tests."""

import json
from pathlib import Path

import pytest

from questionnaires.conditions import (
    HIDDEN,
    answer_value,
    blank_shows_questions,
    evaluate,
    visibility,
    visible_values,
)
from questionnaires.loader import build_questionnaire
from tests.conftest import SAMPLE_QUESTIONNAIRE

#: (condition, values, expected) — shared with the JavaScript implementation
CASES = [
    ({"question": "a", "in": [True]}, {"a": True}, True),
    ({"question": "a", "in": [True]}, {"a": False}, False),
    ({"question": "a", "in": [True]}, {}, False),
    ({"question": "a", "in": [True]}, {"a": 1}, False),
    ({"question": "a", "in": [1]}, {"a": True}, False),
    ({"question": "a", "in": ["in_place", "largely"]}, {"a": "largely"}, True),
    ({"question": "a", "in": ["unknown"]}, {"a": "unknown"}, True),
    ({"question": "c", "includes": "x"}, {"c": ["x", "y"]}, True),
    ({"question": "c", "includes": "z"}, {"c": ["x", "y"]}, False),
    ({"question": "c", "includes": "x"}, {"c": "x"}, False),
    ({"all": [{"question": "a", "in": [True]}, {"question": "b", "in": ["p"]}]}, {"a": True, "b": "p"}, True),
    ({"all": [{"question": "a", "in": [True]}, {"question": "b", "in": ["p"]}]}, {"a": True}, False),
    ({"any": [{"question": "a", "in": [True]}, {"question": "b", "in": ["p"]}]}, {"b": "p"}, True),
    ({"not": {"question": "a", "in": [True]}}, {}, True),
    ({"not": {"question": "a", "in": [True]}}, {"a": True}, False),
]


@pytest.mark.parametrize(("condition", "values", "expected"), CASES)
def test_evaluate(condition, values, expected):
    assert evaluate(condition, values) is expected


def test_flags_stand_in_for_values():
    assert answer_value({"not_applicable": True, "justification": "x"}) == "not_applicable"
    assert answer_value({"value": "in_place"}) == "in_place"
    assert answer_value({}) is None


def test_bad_condition_is_an_error():
    with pytest.raises(ValueError, match="not a show_if condition"):
        evaluate({"foo": 1}, {})


def test_hiding_cascades_through_hidden_questions():
    q = build_questionnaire(json.loads(SAMPLE_QUESTIONNAIRE.read_text()))
    shown = visibility(q, {"asean_member": {"value": False}, "party_actip": {"value": True}})
    assert shown["party_actip"] is False
    assert shown["som_sea_authority"] is False  # has_sea_border unanswered
    shown = visibility(q, {"has_sea_border": {"value": True}})
    assert shown["som_sea_authority"] is True


#: (condition, values, expected) under the version-2 rule, where a blank fact leaves a condition undecided and
#: an undecided condition shows its question; "HIDDEN" stands for a question hidden by its own condition
BLANK_CASES = [
    ({"question": "a", "in": [True]}, {}, True),
    ({"question": "a", "in": [True]}, {"a": False}, False),
    ({"question": "a", "in": [True]}, {"a": "HIDDEN"}, False),
    ({"question": "a", "in": [True]}, {"a": "unknown"}, True),
    ({"question": "a", "in": ["unknown"]}, {"a": "unknown"}, True),
    ({"question": "a", "in": ["in_place"]}, {"a": "unknown"}, True),
    ({"question": "c", "includes": "x"}, {}, True),
    ({"question": "c", "includes": "x"}, {"c": ["y"]}, False),
    ({"any": [{"question": "a", "in": [True]}, {"question": "b", "in": [True]}]}, {"b": False}, True),
    ({"any": [{"question": "a", "in": [True]}, {"question": "b", "in": [True]}]}, {"a": False, "b": False}, False),
    ({"all": [{"question": "a", "in": [True]}, {"question": "b", "in": [True]}]}, {"a": False}, False),
    ({"all": [{"question": "a", "in": [True]}, {"question": "b", "in": [True]}]}, {"a": True}, True),
    ({"not": {"question": "a", "in": [True]}}, {}, True),
    ({"not": {"question": "a", "in": [True]}}, {"a": True}, False),
    ({"not": {"question": "a", "in": [True]}}, {"a": "HIDDEN"}, True),
]


def _with_hidden(values):
    return {k: HIDDEN if v == "HIDDEN" else v for k, v in values.items()}


@pytest.mark.parametrize(("condition", "values", "expected"), BLANK_CASES)
def test_evaluate_with_blank_facts_showing(condition, values, expected):
    assert evaluate(condition, _with_hidden(values), blank_shows=True) is expected


def test_blank_facts_show_from_version_2_and_hiding_still_cascades():
    doc = json.loads(SAMPLE_QUESTIONNAIRE.read_text())
    v1 = build_questionnaire(doc)
    v2 = build_questionnaire({**doc, "version": 2})
    assert (blank_shows_questions(v1), blank_shows_questions(v2)) == (False, True)
    assert visibility(v1, {})["som_sea_authority"] is False  # version 1: blank hides
    assert visibility(v2, {})["som_sea_authority"] is True  # version 2: blank shows
    assert visibility(v2, {"has_sea_border": {"value": False}})["som_sea_authority"] is False
    # party_actip is hidden for a member outside ASEAN: a condition on it is false, not undecided
    assert visibility(v2, {"asean_member": {"value": False}})["party_actip"] is False
    values = visible_values(v2, {"asean_member": {"value": False}})
    assert values["party_actip"] is HIDDEN
    assert evaluate({"question": "party_actip", "in": [True]}, values, blank_shows=True) is False


def test_the_page_applies_the_same_rules(browser):
    """skiplogic.js in Chromium gives the same answer as the server for every shared case, under both rules."""
    script = (Path(__file__).resolve().parent.parent / "assessment" / "static" / "skiplogic.js").read_text()
    tab = browser.new_page()
    try:
        tab.set_content(f"<!doctype html><title>t</title><script>{script}</script>")
        found = tab.evaluate(
            """(cases) => cases.map(([cond, values, blank]) => {
                 const v = {};
                 for (const k in values) { v[k] = values[k] === "HIDDEN" ? SkipLogic.HIDDEN : values[k]; }
                 return SkipLogic.evaluate(cond, v, blank);
               })""",
            [[c, v, False] for c, v, _ in CASES] + [[c, v, True] for c, v, _ in BLANK_CASES])
    finally:
        tab.close()
    assert found == [e for _, _, e in CASES] + [e for _, _, e in BLANK_CASES]
