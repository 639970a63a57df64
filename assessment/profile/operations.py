"""Personal API tokens: created with a name, shown once, stored as a SHA-256 hash, revocable; each works
for API_TOKEN_TTL_DAYS (a year by default) after it is created or renewed.

Operations flush; the view commits. Creating and revoking a token are recorded in the audit log.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from assessment.audit import Actor, record
from assessment.auth.passwords import token_hash
from assessment.extensions import db
from assessment.models import ApiToken, User, utcnow
from assessment.refusals import Refused

#: tokens start with this, so that a leaked one is easy to recognise in logs and code
TOKEN_PREFIX = "bpa_"  # noqa: S105  (a public marker, not a secret)
MAX_ACTIVE_TOKENS = 10
#: last use is written at most this often, so that reading the API does not write on every request
LAST_USED_RESOLUTION = timedelta(minutes=5)


def hash_token(token: str) -> str:
    return token_hash(token)


def active_tokens(user: User) -> list[ApiToken]:
    """The user's tokens not revoked, newest first; expired ones included (they can be renewed)."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                                   .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def token_lifetime() -> timedelta:
    return timedelta(days=int(current_app.config["API_TOKEN_TTL_DAYS"]))


def create_token(user: User, name: str, actor: Actor) -> tuple[ApiToken, str]:
    """A new token for ``user``: ``(row, the token itself)``; only its hash is stored.

    :raises Refused: for an empty or long name, or too many active tokens
    """
    name = name.strip()
    if not name:
        raise Refused(_("Give the token a name, e.g. the script or tool that will use it."))
    if len(name) > 100:
        raise Refused(_("The name can have at most 100 characters."))
    now = utcnow()
    if len([t for t in active_tokens(user) if t.expires_at > now]) >= MAX_ACTIVE_TOKENS:
        raise Refused(_("You already have %(count)d active tokens; revoke one first.", count=MAX_ACTIVE_TOKENS))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name, token_hash=hash_token(token), prefix=token[:12], created_at=now,
                   expires_at=now + token_lifetime())
    db.session.add(row)
    db.session.flush()
    record("token.create", actor, member_id=user.member_id, new=name, detail=f"token {row.prefix}…")
    return row, token


def _own_token(user: User, token_id: int) -> ApiToken:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        raise Refused(_("There is no such active token."))
    return row


def renew_token(user: User, token_id: int, actor: Actor) -> ApiToken:
    """Make a token (expired or not) work for another API_TOKEN_TTL_DAYS from now; the token stays the same.

    :raises Refused: when ``user`` has no such token that is not revoked
    """
    row = _own_token(user, token_id)
    old = row.expires_at
    row.expires_at = utcnow() + token_lifetime()
    record("token.renew", actor, member_id=user.member_id, old=old.isoformat(), new=row.expires_at.isoformat(),
           detail=f"token {row.prefix}…")
    db.session.flush()
    return row


def revoke_token(user: User, token_id: int, actor: Actor) -> ApiToken:
    """:raises Refused: when ``user`` has no such active token"""
    row = _own_token(user, token_id)
    row.revoked_at = utcnow()
    record("token.revoke", actor, member_id=user.member_id, old=row.name, detail=f"token {row.prefix}…")
    db.session.flush()
    return row


def user_for_token(token: str) -> User | None:
    """The active user a presented token belongs to, or None (unknown, revoked, expired, or account
    deactivated)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        row.last_used_at = now
        db.session.commit()
    return row.user


def set_language(user: User, language: str, actor: Actor) -> str | None:
    """Store the person's interface language (``""``: follow the browser); refuses a language not shipped."""
    from assessment.web.i18n import languages

    chosen = language or None
    if chosen is not None and chosen not in languages():
        raise Refused(_("“%(language)s” is not one of the toolkit's languages: choose one from the list.",
                        language=language), field="language")
    old = user.language
    if old != chosen:
        user.language = chosen
        record("profile.language", actor, member_id=user.member_id, old=old, new=chosen)
        db.session.flush()
    return chosen
