"""The HTTP edge: security headers on every response, CSRF tokens for signed-in pages,
and the proxy settings that tell a request that arrived over HTTPS.

- Content-Security-Policy allows scripts, styles and images from this origin only; no
  inline script runs (the participant page reads its form from a JSON ``<script>`` block,
  which is data, not code) and no other site may frame a page (``frame-ancestors``).
- Behind a reverse proxy that terminates TLS, ``PROXY_FIX_HOPS`` (the number of proxies)
  lets werkzeug's ProxyFix read ``X-Forwarded-Proto``/``-For``/``-Host``; a request that
  came over HTTPS then gets ``Strict-Transport-Security`` and ``Secure`` cookies
  (``SESSION_COOKIE_SECURE`` makes every cookie Secure whatever the request says).
"""
from __future__ import annotations

import secrets

from flask import Flask, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from ..problems import Problem

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


#: What every response carries unless its view set the header itself.
EDGE_HEADERS = (("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Content-Type-Options", "nosniff"),
                ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY"))


def _headers(response):
    # One pass over the response's headers (not a search per header): this runs on every
    # request, the hottest ones included.
    present = {key.lower() for key in response.headers.keys()}
    edge = [*EDGE_HEADERS, ("Strict-Transport-Security", HSTS)] if request.is_secure else EDGE_HEADERS
    response.headers.extend([(key, value) for key, value in edge if key.lower() not in present])
    return response


class EdgeSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, whose cookie is Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def csrf_token() -> str:
    """This session's token for forms that change something."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


def check_csrf(sent: str | None) -> None:
    """Raise csrf_failed unless ``sent`` is this session's CSRF token."""
    if not sent or not session.get("csrf") or not secrets.compare_digest(sent, session["csrf"]):
        raise Problem("csrf_failed")


def register_security(app: Flask) -> None:
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    app.session_interface = EdgeSessionInterface()
    app.after_request(_headers)
