"""Reads for the administration pages."""

from __future__ import annotations

from flask import abort
from sqlalchemy import func, select

from assessment.extensions import db
from assessment.models import Assessment, AuditEvent, Cycle, Member, QuestionnaireVersion, User
from assessment.services.members import shipped_members


def counts() -> dict[str, int]:
    """How many accounts, current members and cycles there are."""
    return {
        "users": db.session.scalar(select(func.count()).select_from(User)) or 0,
        "members": db.session.scalar(
            select(func.count()).select_from(Member).where(Member.is_current.is_(True))) or 0,
        "cycles": db.session.scalar(select(func.count()).select_from(Cycle)) or 0,
    }


def users(role: str | None = None, member_code: str | None = None) -> list[User]:
    """Every account by member, role and e-mail, with a role and a member's code to filter by when given."""
    query = select(User).outerjoin(Member, User.member_id == Member.id).order_by(Member.code, User.role, User.email)
    if role:
        query = query.where(User.role == role)
    if member_code:
        query = query.where(Member.code == member_code)
    return list(db.session.scalars(query))


def user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def member_by_code(code: str) -> Member | None:
    return db.session.scalar(select(Member).where(Member.code == code))


def member_or_404(code: str) -> Member:
    return db.first_or_404(select(Member).where(Member.code == code))


def members() -> list[Member]:
    """Every member, current first, by code."""
    return list(db.session.scalars(select(Member).order_by(Member.is_current.desc(), Member.code)))


def sub_regions() -> list[str]:
    """The sub-regions stored and shipped, for the member form's suggestions."""
    stored = set(db.session.scalars(select(Member.sub_region).distinct()))
    return sorted(stored | {m["sub_region"] for m in shipped_members()})


def uploaded_version(questionnaire_id: str, version: int) -> QuestionnaireVersion | None:
    return db.session.scalar(
        select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == questionnaire_id,
                                           QuestionnaireVersion.version == version))


def assessments_using(questionnaire_id: str, version: int) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Assessment).where(Assessment.questionnaire_id == questionnaire_id,
                                                           Assessment.questionnaire_version == version)) or 0


def cycle_or_404(code: str) -> Cycle:
    return db.first_or_404(select(Cycle).where(Cycle.code == code))


def assessment_or_404(assessment_id: int) -> Assessment:
    return db.get_or_404(Assessment, assessment_id)


def move_event_or_404(assessment: Assessment, event_id: int) -> AuditEvent:
    """The audit event of a move of ``assessment`` to another questionnaire version."""
    event = db.session.get(AuditEvent, event_id)
    if event is None or event.assessment_id != assessment.id or event.action != "assessment.move_version":
        abort(404)
    return event
