"""Who is calling: a signed-in organiser or analyst (session cookie) or an API client
(``Authorization: Bearer <token>``). Participants need neither.

``login_required(*roles)`` protects a view; it raises ``unauthorised`` (401) when nobody
is identified and ``forbidden`` (403) when the role does not fit. Admins may do anything.
"""
from __future__ import annotations

import functools
import hashlib
import secrets

from flask import g, request, session
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import AppError
from .extensions import db
from .models import ApiToken, Role, User, utcnow

TOKEN_PREFIX = "collect_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(email: str, role: Role, password: str | None, name: str = "") -> User:
    user = User(email=email.strip().lower(), role=role, name=name,
                password_hash=generate_password_hash(password) if password else None)
    db.session.add(user)
    return user


def issue_token(user: User, name: str = "") -> str:
    """Make a new API token for ``user``; the returned token is never stored in clear."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, name=name, token_hash=hash_token(token)))
    return token


def check_password(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user and user.password_hash and check_password_hash(user.password_hash, password):
        return user
    return None


def _user_from_token() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    api_token = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token.strip()),
                               ApiToken.revoked_at.is_(None))
    )
    if api_token is None:
        return None
    api_token.last_used_at = utcnow()
    return api_token.user


def current_user() -> User | None:
    if "current_user" not in g:
        user = _user_from_token()
        if user is None and session.get("user_id"):
            user = db.session.get(User, session["user_id"])
        g.current_user = user
    return g.current_user


def login_required(*roles: Role):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                raise AppError("unauthorised")
            if roles and user.role != Role.ADMIN and user.role not in roles:
                raise AppError("forbidden")
            return view(*args, **kwargs)
        return wrapper
    return decorate
