"""Which language a page speaks: ``?lang=``, then the ``lang`` cookie, then the form's or
the signed-in user's own, then Lao.

In the workspace, a ``?lang=`` in an address is remembered in the ``lang`` cookie, so that
the next page, after a form post or a redirect, speaks the same language. A participant's
page is not remembered: a phone passed around a room starts each new visit in the form's
own language.
"""
from __future__ import annotations

from flask import current_app, g, request, session

from ..config import LANGUAGES

COOKIE = "lang"
ONE_YEAR = 365 * 24 * 3600


def select_language(fallback: str | None = None) -> str:
    for candidate in (request.args.get("lang"), request.cookies.get(COOKIE),
                      getattr(g, "form_language", None), session.get("lang"), fallback):
        if candidate in LANGUAGES:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def remember(response):
    """``after_request`` hook of the workspace: keep its ``?lang=`` in the ``lang`` cookie."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure)
    return response
