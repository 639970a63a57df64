"""Reads for the assessment pages that more than one view needs: the RSO's comments grouped per question."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, ReviewComment
from assessment.paging import Page
from questionnaires.model import Questionnaire
from questionnaires.numbering import question_places


def comments_by_question(assessment: Assessment) -> dict[str | None, list[ReviewComment]]:
    """The RSO's comments by question id (None: on the whole submission), oldest first in each thread; they come
    with the assessment (see ``load_assessment``)."""
    found: dict[str | None, list[ReviewComment]] = {}
    for item in sorted(assessment.comments, key=lambda c: (c.created_at, c.id)):
        found.setdefault(item.question_id, []).append(item)
    return found


def question_threads(assessment: Assessment, questionnaire: Questionnaire) -> list[tuple[str, list[ReviewComment]]]:
    """``[(question id, comments)]`` for every question with comments, in questionnaire order (questions no
    longer in the questionnaire last)."""
    places = question_places(questionnaire)
    threads = [(qid, items) for qid, items in comments_by_question(assessment).items() if qid is not None]
    last = len(places)
    return sorted(threads, key=lambda t: (places[t[0]].section_number, places[t[0]].position)
                  if t[0] in places else (last, 0))


def history_page(assessment: Assessment, question_id: str | None, kind: str, number: int, size: int) -> Page:
    """One page of an assessment's audit events, newest first: every event, the answer changes (``answers``) or
    the rest (``workflow``), of one question when ``question_id`` is given."""
    query = select(AuditEvent).where(AuditEvent.assessment_id == assessment.id)
    if question_id:
        query = query.where(AuditEvent.question_id == question_id)
    if kind == "answers":
        query = query.where(AuditEvent.action.like("answer.%"))
    elif kind == "workflow":
        query = query.where(AuditEvent.action.not_like("answer.%"))
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // size))
    number = min(max(1, number), pages)
    events = db.session.scalars(query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
                                .offset((number - 1) * size).limit(size)).all()
    return Page(list(events), number, size, total, pages)


def changes_by_section(questionnaire: Questionnaire, rows: list[tuple[Any, str, str]]) -> list[tuple[Any, list[Any]]]:
    """The rows of "what changed" (question, before, now) grouped by section, in questionnaire order."""
    found: dict[str, list[Any]] = {}
    for row in rows:
        found.setdefault(row[0].section_id, []).append(row)
    return [(section, found[section.id]) for section in questionnaire.sections if section.id in found]
