"""Who is calling: a signed-in organiser or analyst (session cookie) or an API client
(``Authorization: Bearer <token>``, or HTTP Basic with the account's e-mail as the user
name and an API token as the password, which is what the OData connectors of Excel and
Power BI send). Participants need neither.

``login_required()`` protects a view: nobody identified is ``unauthorised`` (a page
answers with the sign-in page instead), an admin-only view refuses others with
``forbidden``. A request that changes something and is authenticated by the session
cookie must carry the session's CSRF token — in the ``csrf`` form field or the
``X-CSRF-Token`` header — so that another site cannot act with a signed-in browser's
cookie; a bearer token is not sent by browsers on their own, and needs none. A browser
does send Basic credentials it was once given on its own, so a change made with them
needs the CSRF token too (which such a caller has not got: Basic is for reading). What a user
may do in each SWG is for the services to say (``collect/services/permissions.py``).
"""
from __future__ import annotations

import base64
import binascii
import functools

from flask import g, request, session

from ..problems import Problem
from ..services import accounts
from ..store.models import User
from .security import check_csrf

#: Methods that never change anything.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: The key of the session cookie that holds the sign-in's token.
SESSION_KEY = "sid"


def _user_from_token() -> tuple[User | None, str | None]:
    """The caller named by the Authorization header, and how (``token`` or ``basic``)."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    credentials = credentials.strip()
    if not credentials:
        return None, None
    if scheme.lower() == "bearer":
        user = accounts.user_for_token(credentials)
        return user, "token" if user else None
    if scheme.lower() == "basic":
        try:
            email, _, token = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        user = accounts.user_for_token(token) if token else None
        if user is not None and user.email.lower() == email.strip().lower():
            return user, "basic"
    return None, None


def current_user() -> User | None:
    if "current_user" not in g:
        user, g.signed_in_by = _user_from_token()
        if user is None and session.get(SESSION_KEY):
            user = accounts.user_for_session(session[SESSION_KEY])
            g.signed_in_by = "session" if user else None
        g.current_user = user
    return g.current_user


def sign_in(user: User) -> None:
    session.clear()
    session[SESSION_KEY] = accounts.start_session(user)
    session["lang"] = user.language


def sign_out() -> None:
    if session.get(SESSION_KEY):
        accounts.end_session(session[SESSION_KEY])
    session.clear()


def login_required(admin: bool = False, changes: bool = True):
    """Protect a view; ``changes=False`` says its posts change nothing (an organiser's
    preview, checked and never stored), so they need no CSRF token."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                raise Problem("unauthorised")
            if changes and g.signed_in_by in ("session", "basic") and request.method not in SAFE_METHODS:
                check_csrf(request.headers.get("X-CSRF-Token") or request.form.get("csrf"))
            if admin and not user.is_admin:
                raise Problem("forbidden")
            return view(*args, **kwargs)
        return wrapper
    return decorate
