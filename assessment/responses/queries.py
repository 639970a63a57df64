"""Reads behind the assessment pages: the assessment a person may see, the answers they may see, and the
result a results page shows. Each answers 404 when the person may not see the thing at all."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_login import current_user
from sqlalchemy.orm import joinedload

from assessment.answer_store import answers_of
from assessment.extensions import db
from assessment.inputs import small_int
from assessment.models import Assessment
from assessment.permissions import can_view, can_view_live_answers
from assessment.responses import operations
from assessment.scoring_service import live_result


def load_assessment(assessment_id: int) -> Assessment:
    """The assessment, or 404 when it does not exist or the person may not see it at all (its member and cycle,
    which every page names, and the RSO's comments come in the same query)."""
    assessment = db.session.get(Assessment, assessment_id, options=[
        joinedload(Assessment.member), joinedload(Assessment.cycle), joinedload(Assessment.comments)])
    if assessment is None or not can_view(current_user, assessment):
        abort(404)
    return assessment


def answers_for_display(assessment: Assessment) -> tuple[dict[str, dict[str, Any]], bool]:
    """``(answers, live)``: working answers where the person may see them, else the latest snapshot's."""
    if can_view_live_answers(current_user, assessment):
        return answers_of(assessment), True
    snapshot = operations.latest_snapshot(assessment)
    if snapshot is None:
        abort(404)
    return dict(snapshot.answers.get("answers", {})), False


def result_for(assessment: Assessment) -> tuple[dict[str, Any], Any]:
    """``(result, snapshot or None)``: a chosen or the latest snapshot for submitted work; live for drafts."""
    raw = request.args.get("snapshot", "")
    snapshots = {s.number: s for s in assessment.snapshots}
    if raw:
        snapshot = snapshots.get(small_int(raw) or -1)
        if snapshot is None:
            abort(404)
        return snapshot.result, snapshot
    if assessment.status in ("submitted", "validated") or not can_view_live_answers(current_user, assessment):
        snapshot = operations.latest_snapshot(assessment)
        if snapshot is None:
            abort(404)
        return snapshot.result, snapshot
    return live_result(assessment), None
