"""Accounts: sign-in with its shared attempt limits, server-side sessions, users, invitations, passwords.

Operations flush and callers commit, except :func:`sign_in` and :func:`check_current_password`, which commit
each attempt before checking the password: every worker must see it at once for the limit to hold.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import joinedload

from assessment.auth.passwords import check_password, hash_password, new_token, token_hash
from assessment.extensions import db
from assessment.models import Invitation, LoginSession, Member, SignInAttempt, User, utcnow
from assessment.refusals import Refused
from assessment.vocabulary import MEMBER_ROLES, ROLES, RSO_ROLES

#: "10 per minute", "5/hour", "100 per 10 minutes"
_LIMIT = re.compile(r"^\s*(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?\s*$", re.IGNORECASE)
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
#: password hashes to check against when there is no usable one (unknown e-mail, no password set yet), per
#: hashing method, so that every sign-in does the same work and timing says nothing about accounts
_DUMMY_HASHES: dict[str, str] = {}


class TooManyAttempts(Refused):
    """Too many failed attempts from this address or for this account; ``retry_after`` is in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(_("Too many attempts; try again in %(seconds)s s.", seconds=retry_after))
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    """At most ``amount`` failed attempts within ``seconds``."""

    amount: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Limit:
        """:raises ValueError: for text not like "10 per minute" or "100 per 10 minutes"."""
        match = _LIMIT.match(str(text))
        if not match or int(match.group(1)) < 1:
            raise ValueError(f"{text!r} is not a limit such as '10 per minute'")
        return cls(int(match.group(1)), int(match.group(2) or 1) * _SECONDS[match.group(3).lower()])


def _limits() -> tuple[Limit, Limit]:
    config = current_app.config
    return Limit.parse(config["LOGIN_RATE_LIMIT"]), Limit.parse(config["LOGIN_ACCOUNT_RATE_LIMIT"])


def _dummy_hash() -> str:
    method = str(current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = hash_password("not-a-real-password-used-for-timing")
    return _DUMMY_HASHES[method]


def _begin_attempt(address: str, account: str) -> SignInAttempt | None:
    """Record an attempt and commit it, then refuse it when it is one too many for the address or the account.

    Every attempt is committed before the counting, so with any number of workers the n-th attempt counts at
    least n rows: no more than the limit ever pass. A refused attempt is removed again (it checked nothing).

    :returns: the attempt, to be forgotten if it succeeds; None when limits are off (RATELIMIT_ENABLED false)
    :raises TooManyAttempts: with the seconds until the oldest counted attempt leaves the window
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return None
    per_address, per_account = _limits()
    now = utcnow()
    oldest_kept = now - timedelta(seconds=max(per_address.seconds, per_account.seconds))
    db.session.execute(delete(SignInAttempt).where(SignInAttempt.at < oldest_kept))
    attempt = SignInAttempt(at=now, address=address[:64], account=account[:254])
    db.session.add(attempt)
    db.session.commit()
    for column, value, limit in ((SignInAttempt.address, attempt.address, per_address),
                                 (SignInAttempt.account, attempt.account, per_account)):
        since = now - timedelta(seconds=limit.seconds)
        count, first = db.session.execute(select(func.count(), func.min(SignInAttempt.at))
                                          .where(column == value, SignInAttempt.at > since)).one()
        if count > limit.amount:
            db.session.delete(attempt)
            db.session.commit()
            raise TooManyAttempts(_retry_after(first, limit, utcnow()))
    return attempt


def _retry_after(first: datetime | None, limit: Limit, now: datetime) -> int:
    if first is None:
        return limit.seconds
    return max(1, math.ceil((first + timedelta(seconds=limit.seconds) - now).total_seconds()))


def _end_attempt(attempt: SignInAttempt | None, succeeded: bool) -> None:
    """A successful attempt is not a failure: it no longer counts. A failed one stays for the window."""
    if attempt is not None and succeeded:
        db.session.delete(attempt)
    db.session.commit()


def sign_in(email: str, password: str, address: str) -> User | None:
    """The active account with this e-mail and password, or None; the attempt counts against the limits of
    the client ``address`` and of the account (LOGIN_RATE_LIMIT, LOGIN_ACCOUNT_RATE_LIMIT). Commits.

    Every case does the same work and gives the same answer: an unknown e-mail, an account without a
    password yet and a deactivated one are all checked against a password hash.

    :raises TooManyAttempts: when the address or the account has had too many failed attempts
    """
    email = email.strip().lower()
    attempt = _begin_attempt(address, email)
    user = authenticate(email, password)
    _end_attempt(attempt, user is not None)
    return user


def check_current_password(user: User, password: str, address: str) -> bool:
    """Whether ``password`` is the signed-in person's own (asked before changing the password or creating
    an API token); a wrong one counts as a failed sign-in of the account. Commits.

    :raises TooManyAttempts: as :func:`sign_in`
    """
    attempt = _begin_attempt(address, user.email)
    right = check_password(user.password_hash or _dummy_hash(), password) and bool(user.password_hash)
    _end_attempt(attempt, right)
    return right


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None (always after checking one hash)."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    stored = user.password_hash if user is not None and user.password_hash else None
    right = check_password(stored or _dummy_hash(), password) and stored is not None
    if user is None or not right or not user.is_active_account:
        return None
    user.last_login_at = utcnow()
    return user


# --------------------------------------------------------------------------- sessions


def start_session(user: User) -> str:
    """A new server-side session for ``user``, ending PERMANENT_SESSION_LIFETIME from now; returns the random
    id for the cookie (only its hash is stored). Expired sessions of anyone are removed on the way."""
    token, digest = new_token()
    now = utcnow()
    db.session.execute(delete(LoginSession).where(LoginSession.expires_at <= now))
    lifetime = current_app.permanent_session_lifetime
    db.session.add(LoginSession(id=digest, user_id=user.id, created_at=now, expires_at=now + lifetime))
    db.session.flush()
    return token


def session_user(user_id: str, token: object) -> User | None:
    """The account of a live session: the cookie's user id (``<id>:<session_version>``) and session id must
    match a session row that has not expired or been ended, of an account whose sessions were not all ended
    since (password change, deactivation). One query."""
    ident, _, version = user_id.partition(":")
    if not isinstance(token, str) or not ident.isdecimal() or len(ident) > 10 or not version.isdecimal():
        return None
    return db.session.scalar(LIVE_SESSION_USER, {"user_id": int(ident), "version": int(version[:10]),
                                                 "session_id": token_hash(token), "now": utcnow()})


#: the account of a live session with its member (pages name it beside the person), built once: only the
#: values change from one request to the next
LIVE_SESSION_USER = (
    select(User).join(LoginSession, LoginSession.user_id == User.id)
    .where(User.id == bindparam("user_id"), User.session_version == bindparam("version"),
           LoginSession.id == bindparam("session_id"), LoginSession.expires_at > bindparam("now"))
    .options(joinedload(User.member)))


def end_session(token: object) -> None:
    """End one session (signing out): every copy of its cookie stops working."""
    if isinstance(token, str):
        db.session.execute(delete(LoginSession).where(LoginSession.id == token_hash(token)))


def end_all_sessions(user: User) -> None:
    """End every session of ``user``, in every browser (password change, deactivation)."""
    user.session_version += 1
    db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))


def hand_off(token: object, value: dict) -> None:
    """Keep ``value`` on the server for the next page of this session only (see :func:`take_handoff`)."""
    if isinstance(token, str):
        row = db.session.get(LoginSession, token_hash(token))
        if row is not None:
            row.handoff = value


def take_handoff(token: object) -> dict | None:
    """What the previous request of this session kept for this page, once: it is removed as it is read."""
    if not isinstance(token, str):
        return None
    row = db.session.get(LoginSession, token_hash(token))
    if row is None or row.handoff is None:
        return None
    value = row.handoff
    row.handoff = None
    db.session.flush()
    return value


# --------------------------------------------------------------------------- accounts


def create_user(
    email: str,
    role: str,
    member: Member | None = None,
    name: str = "",
    password: str | None = None,
) -> User:
    """Create an account. Member users need a member; RSO staff and admins must not have one.

    :raises Refused: for a bad role, a missing or superfluous member, or an e-mail in use
    """
    email = email.strip().lower()
    if role not in ROLES:
        raise Refused(_("Role must be one of %(roles)s.", roles=", ".join(ROLES)))
    if role in MEMBER_ROLES and member is None:
        raise Refused(_("A %(role)s needs a member.", role=role))
    if role in RSO_ROLES and member is not None:
        raise Refused(_("A %(role)s works for the RSO and has no member.", role=role))
    if "@" not in email or len(email) > 254:
        raise Refused(_("'%(email)s' is not an e-mail address.", email=email))
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Refused(_("An account for %(email)s already exists.", email=email))
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
    """Set the password and end every session of the account (a new one starts where it was changed)."""
    user.password_hash = hash_password(password)
    end_all_sessions(user)
