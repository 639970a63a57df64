"""Who may see and do what: every access rule of the application in one module.

Views call these predicates and answer 404 when the person may not see the object at all (so existence
does not leak to other members), 403 when they may see it but not do this. ``docs/access.md`` holds the
same rules as a table; ``tests/test_access.py`` checks the two agree route by route.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from assessment.models import Assessment, User
from assessment.vocabulary import EDITABLE_STATUSES, RESULT_STATUSES, RSO_ROLES, Role, Status

F = TypeVar("F", bound=Callable[..., Any])


def is_own_member(user: User, assessment: Assessment) -> bool:
    return user.is_member_user and user.member_id is not None and user.member_id == assessment.member_id


def can_view(user: User, assessment: Assessment) -> bool:
    """May ``user`` see this assessment at all (its page, results, snapshots)?

    - the member's own focal points and contributors: always;
    - RSO analysts: once submitted (submitted, changes requested, validated), and drafts shared for advice;
    - admins: submitted, changes requested and validated ones, never drafts.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if is_own_member(user, assessment):
        return True
    if user.role == Role.RSO_ANALYST:
        return assessment.status != Status.DRAFT or assessment.is_shared_with_rso
    if user.role == Role.ADMIN:
        return assessment.status != Status.DRAFT
    return False


def can_view_live_answers(user: User, assessment: Assessment) -> bool:
    """May ``user`` see the working answers (not just the submitted snapshot)?

    RSO analysts see working answers only while they are frozen (submitted, validated) or shared for advice;
    during "changes requested" they see the submitted snapshot and their comments.
    """
    if is_own_member(user, assessment):
        return True
    if user.role == Role.RSO_ANALYST:
        return assessment.status in RESULT_STATUSES or assessment.is_shared_with_rso
    if user.role == Role.ADMIN:
        return assessment.status in RESULT_STATUSES
    return False


def can_edit(user: User, assessment: Assessment, section_id: str | None, assigned: set[str] | None = None) -> bool:
    """May ``user`` change answers in ``section_id`` (or anywhere, when None)?

    Focal points edit their member's draft (or one with changes requested) in every section; contributors
    edit the sections assigned to them.
    """
    if assessment.status not in EDITABLE_STATUSES or not is_own_member(user, assessment):
        return False
    if user.role == Role.FOCAL_POINT:
        return True
    if user.role == Role.CONTRIBUTOR:
        return section_id is not None and section_id in (assigned or set())
    return False


def can_download_offline(user: User, assessment: Assessment) -> bool:
    """The offline questionnaire workbook: the member's own focal points and contributors (others read results)."""
    return is_own_member(user, assessment)


def can_import(user: User, assessment: Assessment, assigned: set[str] | None = None) -> bool:
    """Upload answers in bulk (the offline workbook): a focal point who may edit, or a contributor with at least
    one assigned section; a contributor's changes outside their sections are then refused one by one."""
    if user.role == Role.FOCAL_POINT:
        return can_edit(user, assessment, None)
    return (user.role == Role.CONTRIBUTOR and bool(assigned)
            and can_edit(user, assessment, next(iter(assigned)), assigned))


def can_manage(user: User, assessment: Assessment) -> bool:
    """Submit, withdraw, assign sections, share: the member's focal point."""
    return user.role == Role.FOCAL_POINT and is_own_member(user, assessment)


def can_review(user: User, assessment: Assessment) -> bool:
    """Comment, request changes, validate, reopen: RSO analysts on submitted work."""
    return user.role == Role.RSO_ANALYST and can_view(user, assessment)


def can_see_account(user: User, account: User) -> bool:
    """Admins see every account; a focal point sees the accounts of their own member (others: 404)."""
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.FOCAL_POINT and user.member_id is not None and account.member_id == user.member_id


def can_manage_account(user: User, account: User) -> bool:
    """Invite again, deactivate, reactivate: admins any account but their own; a focal point the
    contributors of their own member."""
    if user.id == account.id:
        return False
    if user.role == Role.ADMIN:
        return True
    return can_see_account(user, account) and account.role == Role.CONTRIBUTOR


# --------------------------------------------------------------------------- regional views

#: aggregates over other members' results are shown to members only when at least this many share
MIN_SHARING_FOR_AGGREGATES = 5


def can_compare(user: User) -> bool:
    """Region overview, elements, TA demand, member profiles, side by side, comparison workbook: RSO staff.
    They see every submitted and validated result, shared or not, and may sort by gap."""
    return user.is_authenticated and user.is_active and user.role in RSO_ROLES


def can_sort_by_gap(user: User) -> bool:
    """No league table is ever shown to members: only RSO staff may order members by gap."""
    return can_compare(user)


def can_use_shared_pages(user: User) -> bool:
    """The "Shared with us" pages: focal points and contributors of a member."""
    return user.is_authenticated and user.is_active and user.is_member_user and user.member_id is not None


def member_shares(own: Assessment | None) -> bool:
    """Does the person's own member share its results for this cycle (the focal point's decision)?"""
    return own is not None and own.shares_results


def can_see_shared_result(user: User, own: Assessment | None, other: Assessment) -> bool:
    """A member user sees another member's validated results only where both members share for that cycle."""
    return (can_use_shared_pages(user) and member_shares(own) and own.cycle_id == other.cycle_id
            and other.shares_results and other.status != Status.DRAFT)


def can_see_aggregates(user: User, sharing_members: int) -> bool:
    """RSO staff always; members only over five or more sharing members, so no one member can be singled out."""
    return can_compare(user) or (can_use_shared_pages(user) and sharing_members >= MIN_SHARING_FOR_AGGREGATES)


def require_role(*roles: str) -> Callable[[F], F]:
    """Allow only signed-in users with one of ``roles``; others get 403 (anonymous: sign-in page)."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from assessment.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


