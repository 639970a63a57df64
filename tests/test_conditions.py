"""The show_if grammar; the page's skiplogic.js is tested against the same cases in the browser tests."""

import json

import pytest

from questionnaires.conditions import answer_value, evaluate, visibility
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
