"""Which language a page speaks: ``?lang=``, then the ``lang`` cookie, then Lao.

Participant pages pass the form's default language as the fallback instead of Lao.
"""
from __future__ import annotations

from flask import current_app, g, request


def select_language(fallback: str | None = None) -> str:
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get("lang"),
                      getattr(g, "form_language", None), fallback):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]
