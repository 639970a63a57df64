"""Password hashing (scrypt) and one-time tokens (only their SHA-256 is stored)."""

import hashlib
import secrets

from flask import current_app, has_app_context
from werkzeug.security import check_password_hash, generate_password_hash

#: werkzeug's scrypt with its default cost (N=2^15, r=8, p=1)
DEFAULT_METHOD = "scrypt"


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", DEFAULT_METHOD) if has_app_context() else DEFAULT_METHOD
    return generate_password_hash(password, method=method)


def check_password(stored: str | None, password: str) -> bool:
    return bool(stored) and check_password_hash(stored, password)


def new_token() -> tuple[str, str]:
    """Return ``(token, sha256 hex)``; give the token to the person, store the hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
