"""The HTTP edge: a request id and security headers on every response, CSRF tokens for
signed-in pages, and the proxy settings that tell a request that arrived over HTTPS.

- Each request has an id (``request_id``): the client's ``X-Request-Id`` when it is a
  plain token, else one made for it; its response carries it and its log lines name it.

- Content-Security-Policy allows scripts, styles and images from this origin only; no
  inline script runs (the participant page reads its form from a JSON ``<script>`` block,
  which is data, not code) and no other site may frame a page (``frame-ancestors``).
- Behind a reverse proxy that terminates TLS, ``PROXY_FIX_HOPS`` (the number of proxies)
  lets werkzeug's ProxyFix read ``X-Forwarded-Proto``/``-For``/``-Host``; a request that
  came over HTTPS then gets ``Strict-Transport-Security`` and ``Secure`` cookies
  (``SESSION_COOKIE_SECURE`` makes every cookie Secure whatever the request says).
"""
from __future__ import annotations

import re
import secrets

from flask import Flask, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from ..problems import Problem

CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                           "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"


#: What every response carries unless its view set the header itself: (name, its lower
#: case, value).
EDGE_HEADERS = tuple((key, key.lower(), value) for key, value in (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY), ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"), ("X-Frame-Options", "DENY")))
SECURE_EDGE_HEADERS = (*EDGE_HEADERS, ("Strict-Transport-Security", "strict-transport-security", HSTS))


#: Where a request's id is kept in its WSGI environ.
REQUEST_ID = "collect.request_id"
_SENT_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id() -> str:
    """The current request's id."""
    return request.environ.get(REQUEST_ID, "")


class Edge:
    """WSGI middleware: gives each request its id, and every response ``X-Request-Id`` and
    the edge headers it does not carry yet (HSTS over HTTPS). Done on the WSGI list of
    headers rather than in Flask hooks, where werkzeug would check and copy each header
    again: this runs on every request, the hottest ones included."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        sent = environ.get("HTTP_X_REQUEST_ID", "")
        given_id = environ[REQUEST_ID] = sent if _SENT_ID.match(sent) else secrets.token_hex(8)
        edge = SECURE_EDGE_HEADERS if environ.get("wsgi.url_scheme") in ("https", "wss") else EDGE_HEADERS

        def start(status, headers, exc_info=None):
            present = {key.lower() for key, _ in headers}
            headers.extend([(key, value) for key, lower, value in edge if lower not in present])
            headers.append(("X-Request-Id", given_id))
            return start_response(status, headers, exc_info)

        return self.app(environ, start)


class EdgeSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, whose cookie is Secure whenever the request came over HTTPS.

    A request without cookies (a phone sending its queue, a first visit) gets an empty
    session at once, and leaves without one if nothing touched it: Flask would first build
    the cookie's signer, parse the headers for cookies and read the cookie settings, which
    costs a submission more than checking its link does."""

    def open_session(self, app, request):
        if app.secret_key and not request.environ.get("HTTP_COOKIE"):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        if session or session.modified or session.accessed:  # else nothing to set, delete or vary on
            super().save_session(app, session, response)

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
    app.wsgi_app = Edge(app.wsgi_app)
    hops = app.config.get("PROXY_FIX_HOPS", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    app.session_interface = EdgeSessionInterface()
