"""The version-3 sample questionnaire (the version-2 sample with confiscation questions and the Profile's ratings)
installed for the application tests of the standards view, and answers a focal point of XA might give."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES
from tests.factories import install
from tests.method2_support import IN_FORCE, WORKED_EXAMPLE2

SAMPLE3_PATH = FIXTURES / "sample_questionnaire.v3.json"
#: the worked example's answers, confiscation answered, and the member's own record of its ratings
ANSWERS = {
    **json.loads(WORKED_EXAMPLE2.read_text())["answers"],
    "conf_orders": {"value": ["proceeds", "instrumentalities"], "citations": IN_FORCE},
    "conf_provisional": {"value": "largely", "citations": IN_FORCE},
    "conf_extended": {"value": "not_in_place"},
    "conf_ncb": {"value": "partially", "citations": IN_FORCE},
    "mla_freeze": {"value": "not_in_place"},
    "le_cooperation": {"value": "in_place", "citations": IN_FORCE},
    "mer_year": {"value": 2023},
    "rating_r3": {"value": "lc"},
    "rating_r38": {"value": "c"},
    "rating_r40": {"value": "not_rated"},
}


@pytest.fixture
def v3_cycle(db, make_cycle):
    """Cycle 2028 on the version-3 sample questionnaire (uploaded beside version 1)."""
    make_cycle("2026")
    install(SAMPLE3_PATH)
    return make_cycle("2028", version=3)
