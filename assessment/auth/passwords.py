"""Password hashing (scrypt) and one-time tokens (only their SHA-256 is stored)."""

import hashlib
import secrets

from werkzeug.security import check_password_hash, generate_password_hash


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def check_password(stored: str | None, password: str) -> bool:
    return bool(stored) and check_password_hash(stored, password)


def new_token() -> tuple[str, str]:
    """Return ``(token, sha256 hex)``; give the token to the person, store the hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
