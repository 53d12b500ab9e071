"""Sign-in attempts, counted per address and per account (``SIGN_IN_LIMIT``, a moving
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


def count_attempt(address: str, account: str) -> None:
    """Count one sign-in attempt from ``address`` for ``account``, right or wrong; raise
    too_many_attempts (429, with the seconds to wait) when either has had its fill."""
    limiter = current_app.extensions[_EXTENSION]
    limit = parse(current_app.config["SIGN_IN_LIMIT"])
    keys = (("address", address), ("account", account))
    refused = [key for key in keys if not limiter.hit(limit, "sign-in", *key)]
    if refused:
        reset = max(limiter.get_window_stats(limit, "sign-in", *key).reset_time for key in refused)
        raise Problem("too_many_attempts", retry_after=max(1, math.ceil(reset - time.time())))
