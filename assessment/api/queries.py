"""Reads behind the API: what the token's owner may see, a page at a time."""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import func, or_, select

from assessment.extensions import db
from assessment.models import Assessment, Cycle, Member, User
from assessment.permissions import can_compare, can_view
from assessment.vocabulary import Role, Status


def _page_of(query: Any, order: Any, limit: int, offset: int) -> tuple[list[Any], int]:
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return list(db.session.scalars(query.order_by(*order).limit(limit).offset(offset))), total


def members_page(user: User, limit: int, offset: int) -> tuple[list[Member], int]:
    """``(members, total)``: every member for RSO staff, their own for a member user."""
    query = select(Member)
    if not can_compare(user):
        query = query.where(Member.id == (user.member_id or -1))
    return _page_of(query, (Member.code,), limit, offset)


def _visible_assessments(user: User) -> Any:
    query = select(Assessment).join(Member, Assessment.member_id == Member.id).join(Cycle, Assessment.cycle_id
                                                                                     == Cycle.id)
    if user.is_member_user:
        return query.where(Assessment.member_id == (user.member_id or -1))
    if user.role == Role.RSO_ANALYST:
        return query.where(or_(Assessment.status != Status.DRAFT, Assessment.is_shared_with_rso.is_(True)))
    if user.role == Role.ADMIN:
        return query.where(Assessment.status != Status.DRAFT)
    return query.where(Assessment.id == -1)


def assessments_page(user: User, member: str | None, cycle: str | None, status: str | None, limit: int,
                     offset: int) -> tuple[list[Assessment], int]:
    """``(assessments, total)`` the user may see, newest cycle first, filtered by member and cycle code and
    status when given."""
    query = _visible_assessments(user)
    if member is not None:
        query = query.where(Member.code == member)
    if cycle is not None:
        query = query.where(Cycle.code == cycle)
    if status is not None:
        query = query.where(Assessment.status == status)
    return _page_of(query, (Cycle.opened_at.desc(), Member.code), limit, offset)


def visible_assessment_or_404(user: User, assessment_id: int) -> Assessment:
    assessment = db.get_or_404(Assessment, assessment_id)
    if not can_view(user, assessment):
        abort(404)
    return assessment


def own_assessment(user: User, cycle: Cycle) -> Assessment | None:
    """A member user's own assessment in a cycle."""
    return db.session.scalar(select(Assessment).where(Assessment.member_id == user.member_id,
                                                      Assessment.cycle_id == cycle.id))
