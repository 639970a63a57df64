"""The capacity sample questionnaire (the version-2 sample with the "Capacity and practice" module) installed for
the application tests, three cycles on it, and assessments of fictional members taken through the workflow."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from assessment.extensions import db as _db
from assessment.models import Assessment, Cycle, utcnow
from scoring.capacity import NOT_COLLECTED
from tests.conftest import FIXTURES
from tests.factories import install
from tests.method2_support import WORKED_EXAMPLE2
from tests.region_support import taken_to

CAPACITY_PATH = FIXTURES / "capacity_questionnaire.json"
CAPACITY_ID, CAPACITY_VERSION = "capacity_sample", 2
#: the worked example's law (extradition largely aligned, the other sections below)
LAW: dict[str, dict[str, Any]] = json.loads(WORKED_EXAMPLE2.read_text())["answers"]
CYCLES = ("2022", "2024", "2026")


def figures(**values: Any) -> dict[str, dict[str, Any]]:
    """Answers from keyword figures (``tip_prosecutions=4``): a number, ``"nc"`` (not collected) or ``"?"``."""
    out: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        qid = name if name.startswith("cap_") else f"cap_{name}"
        out[qid] = ({"value": NOT_COLLECTED} if value == "nc" else {"unknown": True} if value == "?"
                    else value if isinstance(value, dict) else {"value": value})
    return out


@pytest.fixture
def capacity_cycles(db, make_cycle) -> dict[str, Cycle]:
    """Cycles 2022, 2024 and 2026 (opened two years apart) on the capacity sample questionnaire."""
    install(CAPACITY_PATH)
    cycles = {}
    for age, code in enumerate(reversed(CYCLES)):
        cycle = make_cycle(code, questionnaire=CAPACITY_ID, version=CAPACITY_VERSION)
        cycle.opened_at = utcnow() - timedelta(days=730 * age)
        cycles[code] = cycle
    _db.session.commit()
    return cycles


def taken(make_assessment, code: str, cycle: str, answers: dict[str, dict[str, Any]], *, status: str = "validated",
          shares: bool = True, sub_region: str | None = None, name: str | None = None) -> Assessment:
    """An assessment of ``code`` in ``cycle`` with the law of the worked example and ``answers``, taken to
    ``status`` (draft, submitted or validated)."""
    return taken_to(make_assessment(code, cycle=cycle, answers={**LAW, **answers}), status, shares=shares,
                    sub_region=sub_region, name=name)
