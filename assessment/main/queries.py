"""Reads behind the home pages: each role's list of assessments, in a fixed number of queries."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select, text

from assessment.extensions import db
from assessment.models import Answer, Assessment, Cycle, Member, SectionAssignment, User
from assessment.services.answer_store import ANSWER_COLUMNS, row_to_answer
from assessment.services.registry import registry
from assessment.vocabulary import Status
from questionnaires.model import Questionnaire
from questionnaires.progress import Progress, progress


class MemberRow(NamedTuple):
    """One of the member's assessments on their home page."""

    assessment: Assessment
    questionnaire: Questionnaire
    progress: Progress
    last_change: datetime | None
    assigned: set[str]


def member_assessments(user: User) -> list[MemberRow]:
    """The member's assessments, newest cycle first, with progress, last change and the person's sections
    (three queries, however many cycles)."""
    assessments = db.session.scalars(
        select(Assessment).join(Cycle).where(Assessment.member_id == user.member_id).order_by(Cycle.opened_at.desc())
    ).all()
    ids = [a.id for a in assessments]
    answers: dict[int, dict[str, dict[str, Any]]] = {i: {} for i in ids}
    last: dict[int, datetime | None] = dict.fromkeys(ids)
    assigned: dict[int, set[str]] = {i: set() for i in ids}
    if ids:
        for row in db.session.execute(select(*ANSWER_COLUMNS, Answer.assessment_id, Answer.updated_at)
                                      .where(Answer.assessment_id.in_(ids))):
            answers[row.assessment_id][row.question_id] = row_to_answer(row, copy=False)
            if last[row.assessment_id] is None or row.updated_at > last[row.assessment_id]:
                last[row.assessment_id] = row.updated_at
        for assessment_id, section_id in db.session.execute(
                select(SectionAssignment.assessment_id, SectionAssignment.section_id)
                .where(SectionAssignment.assessment_id.in_(ids), SectionAssignment.user_id == user.id)):
            assigned[assessment_id].add(section_id)
    rows = []
    for assessment in assessments:
        questionnaire = registry().get(assessment.questionnaire_id, assessment.questionnaire_version)
        rows.append(MemberRow(assessment, questionnaire, progress(questionnaire, answers[assessment.id]),
                              last[assessment.id], assigned[assessment.id]))
    return rows


def assessments_in(*statuses: str, shared_drafts: bool = False) -> list[Assessment]:
    """Assessments in ``statuses`` (or the drafts shared with the RSO), newest cycle first, then by member."""
    query = select(Assessment).join(Member).join(Cycle).order_by(Cycle.opened_at.desc(), Member.name)
    if shared_drafts:
        query = query.where(Assessment.status == Status.DRAFT, Assessment.is_shared_with_rso.is_(True))
    else:
        query = query.where(Assessment.status.in_(statuses))
    return list(db.session.scalars(query))


def cycles_and_counts() -> tuple[list[Cycle], dict[str, int]]:
    """Every cycle, newest first, and the number of assessments per status."""
    cycles = list(db.session.scalars(select(Cycle).order_by(Cycle.opened_at.desc())))
    counts = {status: count for status, count in db.session.execute(
        select(Assessment.status, func.count()).group_by(Assessment.status))}
    return cycles, counts


def database_reachable() -> bool:
    """Whether a trivial statement runs."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # the point is to report any database failure
        db.session.rollback()
        return False
    return True
