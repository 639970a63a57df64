"""Helpers for the regional tests: assessments taken through the real workflow (submit, validate, reopen) on
the sample questionnaire, so their snapshots hold stored results and summaries as in production."""

from __future__ import annotations

import copy
import json
from typing import Any

from assessment.audit import Actor
from assessment.extensions import db
from assessment.models import Assessment, Member
from assessment.responses import operations
from tests.conftest import FIXTURES

WORKED: dict[str, dict[str, Any]] = json.loads((FIXTURES / "worked_example_answers.json").read_text())["answers"]
MEMBER_ACTOR = Actor(label="focal.test@test.example")
RSO_ACTOR = Actor(label="analyst.test@test.example")


def answers(consent: str = "in_place", **changes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The worked example's answers with the trafficking-consent answer (a critical question) set to
    ``consent`` (cited in force) and other answers replaced."""
    found = copy.deepcopy(WORKED)
    found["tip_consent"] = {"value": consent, "citations": [{"act": "Penal Code", "section": "s. 9", "year": 2010,
                                                             "status": "in_force"}]}
    found.update(changes)
    return found


def assessed(make_assessment, code: str, *, cycle: str = "2026", status: str = "validated", shares: bool = True,
             consent: str = "in_place", name: str | None = None, sub_region: str | None = None,
             **changes: dict[str, Any]) -> Assessment:
    """An assessment of member ``code`` in ``cycle`` taken to ``status`` (as :func:`taken_to`)."""
    return taken_to(make_assessment(code, cycle=cycle, answers=answers(consent, **changes)), status, shares=shares,
                    name=name, sub_region=sub_region)


def taken_to(assessment: Assessment, status: str, *, shares: bool = True, name: str | None = None,
             sub_region: str | None = None) -> Assessment:
    """A draft taken to ``status`` (draft, submitted, validated, changes_requested, or ``reopened``: validated,
    then reopened for changes) through the workflow, sharing its results or not, its member renamed or moved to
    another sub-region when asked; committed."""
    member = db.session.get(Member, assessment.member_id)
    if name:
        member.name = name
    if sub_region:
        member.sub_region = sub_region
    assessment.shares_results = shares
    if status != "draft":
        operations.submit(assessment, MEMBER_ACTOR)
        if status == "changes_requested":
            operations.request_changes(assessment, RSO_ACTOR, "Please add citations.")
        elif status in ("validated", "reopened"):
            operations.validate(assessment, RSO_ACTOR)
            if status == "reopened":
                operations.reopen(assessment, RSO_ACTOR, "A new law was passed.")
    db.session.commit()
    return assessment
