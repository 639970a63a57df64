"""Accounts: authenticate, create users, invitations, passwords. Callers commit."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import select

from assessment.auth.passwords import check_password, hash_password, new_token, token_hash
from assessment.extensions import db
from assessment.models import ROLES, Invitation, Member, User, utcnow

# a fixed hash to compare against when the e-mail is unknown, so timing does not reveal accounts
_DUMMY_HASH = hash_password("not-a-real-password-used-for-timing")


class AccountError(ValueError):
    """A user could not be created or changed; the message says why."""


def authenticate(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        check_password(_DUMMY_HASH, password)
        return None
    if not user.is_active_account or not check_password(user.password_hash, password):
        return None
    user.last_login_at = utcnow()
    return user


def create_user(
    email: str,
    role: str,
    member: Member | None = None,
    name: str = "",
    password: str | None = None,
) -> User:
    """Create an account. Member users need a member; RSO staff and admins must not have one.

    :raises AccountError: for a bad role, a missing or superfluous member, or an e-mail in use
    """
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if role in ("focal_point", "contributor") and member is None:
        raise AccountError(f"a {role} needs a member")
    if role in ("rso_analyst", "admin") and member is not None:
        raise AccountError(f"a {role} works for the RSO and has no member")
    if "@" not in email or len(email) > 254:
        raise AccountError(f"{email!r} is not an e-mail address")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError(f"an account for {email} already exists")
    user = User(
        email=email,
        role=role,
        member=member,
        name=name,
        password_hash=hash_password(password) if password else None,
    )
    db.session.add(user)
    db.session.flush()
    return user


def invite(user: User, created_by: User | None = None) -> str:
    """Create a one-time set-password link for ``user`` and return its full URL."""
    token, digest = new_token()
    hours = int(current_app.config["INVITATION_TTL_HOURS"])
    db.session.add(
        Invitation(user=user, token_hash=digest, created_by_id=created_by.id if created_by else None,
                   expires_at=utcnow() + timedelta(hours=hours))
    )
    db.session.flush()
    base = current_app.config["BASE_URL"].rstrip("/")
    with current_app.test_request_context():
        path = url_for("auth.accept_invitation", token=token)
    return base + path


def find_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == token_hash(token)))
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, password: str) -> User:
    invitation.used_at = utcnow()
    set_password(invitation.user, password)
    return invitation.user


def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.session_version += 1
