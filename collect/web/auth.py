"""Who is calling: a signed-in organiser or analyst (session cookie) or an API client
(``Authorization: Bearer <token>``). Participants need neither.

``login_required(*roles)`` protects a view; it raises ``unauthorised`` (401) when nobody
is identified and ``forbidden`` (403) when the role does not fit. Admins may do anything.
"""
from __future__ import annotations

import functools

from flask import g, request, session

from ..problems import Problem
from ..services import accounts
from ..store.models import Role, User


def _user_from_token() -> User | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return accounts.user_for_token(token.strip())


def current_user() -> User | None:
    if "current_user" not in g:
        user = _user_from_token()
        if user is None and session.get("user_id"):
            user = accounts.get_user(session["user_id"])
        g.current_user = user
    return g.current_user


def login_required(*roles: Role):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                raise Problem("unauthorised")
            if roles and user.role != Role.ADMIN and user.role not in roles:
                raise Problem("forbidden")
            return view(*args, **kwargs)
        return wrapper
    return decorate
