"""Accounts and API tokens: creating them, and telling who a password or token belongs to.

Passwords are kept as werkzeug hashes; an API token is shown once and only its SHA-256 is
stored, so a leaked database does not leak working tokens.
"""
from __future__ import annotations

import hashlib
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from ..store import accounts
from ..store.models import Role, User, utcnow

TOKEN_PREFIX = "collect_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normal_email(email: str) -> str:
    return email.strip().lower()


def create_user(email: str, role: Role, password: str | None, name: str = "") -> User:
    return accounts.add_user(email=normal_email(email), role=role, name=name,
                             password_hash=generate_password_hash(password) if password else None)


def find_user(email: str) -> User | None:
    return accounts.user_by_email(normal_email(email))


def get_user(user_id: int) -> User | None:
    return accounts.get_user(user_id)


def issue_token(user: User, name: str = "") -> str:
    """Make a new API token for ``user``; the returned token is never stored in clear."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    accounts.add_token(user=user, name=name, token_hash=hash_token(token))
    return token


def check_password(email: str, password: str) -> User | None:
    user = accounts.user_by_email(normal_email(email))
    if user and user.password_hash and check_password_hash(user.password_hash, password):
        return user
    return None


def user_for_token(token: str) -> User | None:
    """The owner of a live API token, noting when it was last used."""
    api_token = accounts.live_token(hash_token(token))
    if api_token is None:
        return None
    if api_token.last_used_at is None or api_token.last_used_at < utcnow() - accounts.TOKEN_TOUCH_EVERY:
        accounts.touch_token(api_token.id, utcnow())
    return api_token.user
