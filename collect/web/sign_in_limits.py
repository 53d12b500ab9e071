"""Sign-in attempts (and field devices' wrong credentials), counted per address and per account (``SIGN_IN_LIMIT``, a moving
window) in ``RATELIMIT_STORAGE_URI``: Redis, shared by every worker, or each process's
memory.

The counting is the ``limits`` library, the engine of Flask-Limiter, called from the one
view that needs it. Flask-Limiter itself would hook every request of the application to
find that nothing else is limited, which costs a participant's submission a tenth of its
time on the server.
"""
from __future__ import annotations

import math
import time

from flask import Flask, current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from ..problems import Problem

_EXTENSION = "collect.sign_in_limits"


def init_app(app: Flask) -> None:
    storage = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
    app.extensions[_EXTENSION] = MovingWindowRateLimiter(storage)


def _limit():
    return current_app.extensions[_EXTENSION], parse(current_app.config["SIGN_IN_LIMIT"])


def _keys(address: str, account: str) -> tuple[tuple[str, str], ...]:
    return ("address", address), ("account", account)


def _too_many(limiter, limit, counter: str, refused) -> Problem:
    reset = max(limiter.get_window_stats(limit, counter, *key).reset_time for key in refused)
    return Problem("too_many_attempts", retry_after=max(1, math.ceil(reset - time.time())))


def count_attempt(address: str, account: str) -> None:
    """Count one sign-in attempt from ``address`` for ``account``, right or wrong; raise
    too_many_attempts (429, with the seconds to wait) when either has had its fill."""
    limiter, limit = _limit()
    refused = [key for key in _keys(address, account) if not limiter.hit(limit, "sign-in", *key)]
    if refused:
        raise _too_many(limiter, limit, "sign-in", refused)


def refuse_while_exhausted(address: str, device_account: str) -> None:
    """For field devices, which sign every request they make: only wrong credentials are
    counted (:func:`count_failure`), and once ``address`` or ``device_account`` has had its
    fill every request is refused (too_many_attempts) until the window moves on."""
    limiter, limit = _limit()
    refused = [key for key in _keys(address, device_account) if not limiter.test(limit, "device-sign-in", *key)]
    if refused:
        raise _too_many(limiter, limit, "device-sign-in", refused)


def count_failure(address: str, device_account: str) -> None:
    """Count one wrong device credential from ``address`` for ``device_account``."""
    limiter, limit = _limit()
    for key in _keys(address, device_account):
        limiter.hit(limit, "device-sign-in", *key)
