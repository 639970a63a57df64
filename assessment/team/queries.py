"""Reads for the team page."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from assessment.extensions import db
from assessment.models import User
from assessment.permissions import can_manage_account, can_see_account


def account_or_404(viewer: User, user_id: int, manage: bool = False) -> User:
    """Another member's account is 404; one ``viewer`` may see but not change is 403."""
    account = db.get_or_404(User, user_id)
    if not can_see_account(viewer, account):
        abort(404)
    if manage and not can_manage_account(viewer, account):
        abort(403)
    return account


def team_of(member_id: int | None) -> list[User]:
    """The accounts of a member, focal points first."""
    return list(db.session.scalars(
        select(User).where(User.member_id == member_id).order_by(User.role.desc(), User.email)))
