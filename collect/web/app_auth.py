"""Signing in a field device by its app user's name and password: HTTP Digest (RFC 7616,
as OpenRosa's Authentication API restricts it: MD5, ``qop=auth`` or none) and, over HTTPS
only, Basic.

ODK Collect sends a HEAD before each POST, so the challenge costs no re-sent body. Nonces
are made without server state: the time they were made and an HMAC of it under the
application's secret key, good for ``NONCE_SECONDS``; an older one is answered ``stale``, and
Collect signs again with the password it keeps, without asking the enumerator. (Without
state, a nonce may be replayed within its lifetime; over HTTPS, as collect should run,
nobody sees one.) Only the Digest hash of a password is stored (``password_digest``). Wrong
credentials are counted per address and per name, as sign-ins to the pages are, so that a
password cannot be guessed at the speed of the network.
"""
from __future__ import annotations

import hashlib
import hmac
import time

from flask import current_app, request

from ..problems import Problem
from ..services.app_users import REALM, password_digest
from ..store import app_users
from ..store.models import AppUser
from .sign_in_limits import count_failure, refuse_while_exhausted

#: How long a Digest nonce is taken.
NONCE_SECONDS = 6 * 3600


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def _mac(stamp: str) -> str:
    return hmac.new(current_app.config["SECRET_KEY"].encode("utf-8"), stamp.encode(), hashlib.sha256).hexdigest()[:32]


def _nonce() -> str:
    stamp = str(int(time.time()))
    return f"{stamp}.{_mac(stamp)}"


def _nonce_state(nonce: str) -> str:
    """``fresh``, ``stale`` (ours, but old) or ``foreign``."""
    stamp, _, mac = (nonce or "").partition(".")
    if not stamp.isdigit() or not hmac.compare_digest(mac, _mac(stamp)):
        return "foreign"
    return "fresh" if time.time() - int(stamp) < NONCE_SECONDS else "stale"


def challenges(stale: bool = False) -> list[str]:
    """The ``WWW-Authenticate`` values of a 401: Digest always, Basic over HTTPS."""
    digest = (f'Digest realm="{REALM}", qop="auth", algorithm=MD5, nonce="{_nonce()}", '
              f'domain="/"{", stale=true" if stale else ""}')
    return [digest] + ([f'Basic realm="{REALM}", charset="UTF-8"'] if request.is_secure else [])


class SignInRefused(Problem):
    """app_unauthorised, answered with a fresh challenge (``stale`` when only the nonce was old)."""

    def __init__(self, stale: bool = False):
        super().__init__("app_unauthorised")
        self.stale = stale


def _digest_user(auth) -> AppUser:
    params = auth.parameters
    user = app_users.by_name(auth.username or "")
    if user is None or user.password_digest is None or params.get("realm") != REALM:
        raise SignInRefused()
    uri = params.get("uri") or ""
    if uri.split("?")[0] != request.path:
        raise SignInRefused()
    second = _md5(f"{request.method}:{uri}")
    qop = params.get("qop")
    if qop == "auth":
        expected = _md5(f"{user.password_digest}:{auth.nonce}:{params.get('nc')}:{params.get('cnonce')}:auth:{second}")
    elif qop is None:
        expected = _md5(f"{user.password_digest}:{auth.nonce}:{second}")
    else:
        raise SignInRefused()
    if not hmac.compare_digest(expected, auth.response or ""):
        raise SignInRefused()
    state = _nonce_state(auth.nonce)
    if state != "fresh":
        raise SignInRefused(stale=state == "stale")
    return user


def _basic_user(auth) -> AppUser:
    user = app_users.by_name(auth.username or "")
    if user is None or user.password_digest is None or not hmac.compare_digest(
            password_digest(user.name, auth.password or ""), user.password_digest):
        raise SignInRefused()
    return user


def signed_in_app_user() -> AppUser:
    """The app user the request's Authorization header names; raises SignInRefused, and
    too_many_attempts once an address or a name has sent ``SIGN_IN_LIMIT`` wrong credentials."""
    auth = request.authorization
    if auth is None:
        raise SignInRefused()
    address, name = request.remote_addr or "", (auth.username or "")[:200]
    refuse_while_exhausted(address, name)
    try:
        if auth.type == "digest":
            return _digest_user(auth)
        if auth.type == "basic" and request.is_secure:
            return _basic_user(auth)
        raise SignInRefused()
    except SignInRefused as refused:
        if not refused.stale:  # an old nonce is no wrong password
            count_failure(address, name)
        raise
