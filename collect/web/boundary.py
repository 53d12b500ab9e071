"""The request boundary: one transaction per request, committed before the response leaves.

Every view runs inside :func:`endpoint` (``register_boundary`` wraps them all, as ODK
Central's endpoint wrapper does). The view parses, calls a service and builds its
response; then, for a success, the transaction is committed — and only if the commit
succeeds does the response go out. A failed commit is never acknowledged: the phone that
sent a submission hears 503 and sends it again. Any answer of 400 or more rolls back.
A request whose whole work is one statement (a new submission: ``store.standalone``) has
that statement commit as it runs, before its view returns: a statement that fails is a
503 in the same way, and there is nothing left for the boundary to commit.

Errors are mapped once, here:

- a database that cannot be reached, is restarting, or refuses for a lock or a
  serialization conflict → 503 ``database_unavailable`` with ``Retry-After`` (logged as
  one line, and while the outage lasts at most one line per ``LOG_EVERY`` seconds, so a
  restart under load does not write a traceback per request);
- a :class:`~collect.problems.Problem` → its own status;
- anything else → 500 ``internal``, logged once with the request id, never a 4xx.

Everything recovers by itself: SQLAlchemy drops a pool's connections once one of them is
found broken, and the next request opens fresh ones.
"""
from __future__ import annotations

import functools
import logging
import threading
import time

from flask import Flask, current_app, request
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ..problems import Problem
from ..store import commit, rollback
from .errors import render_problem
from .security import request_id

#: Seconds between two log lines about one database outage.
LOG_EVERY = 10.0
log = logging.getLogger("collect.boundary")


def database_unavailable(error: BaseException) -> bool:
    """True for errors that say the database is away or busy, rather than that our SQL is wrong."""
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


class OutageLog:
    """Logs the first database error of an outage, then a count at most every LOG_EVERY s."""

    def __init__(self):
        self._lock = threading.Lock()
        self._last = 0.0
        self._quiet = 0

    def note(self, error: BaseException) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._last < LOG_EVERY:
                self._quiet += 1
                return
            quiet, self._quiet, self._last = self._quiet, 0, now
        first_line = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:300]
        log.warning("database unavailable (%s); %d more requests refused since the last report: %s",
                    type(getattr(error, "orig", None) or error).__name__, quiet, first_line)


def _unavailable(error: BaseException) -> Problem:
    current_app.extensions["collect.outages"].note(error)
    return Problem("database_unavailable")


def _finish(response):
    """Commit a success, roll back a refusal; a commit that fails refuses the request."""
    if response.status_code >= 400:
        rollback()
        return response
    try:
        commit()
    except SQLAlchemyError as error:
        rollback()
        if database_unavailable(error):
            raise _unavailable(error) from None
        raise
    return response


def endpoint(view):
    """Run ``view`` in the request's one transaction (see the module docstring)."""

    @functools.wraps(view)
    def run(*args, **kwargs):
        try:
            return _finish(current_app.make_response(view(*args, **kwargs)))
        except SQLAlchemyError as error:
            rollback()
            if database_unavailable(error):
                raise _unavailable(error) from None
            raise
        except BaseException:
            rollback()
            raise

    return run


def register_boundary(app: Flask) -> None:
    """Wrap every view of ``app`` in :func:`endpoint`; call once all blueprints are registered."""
    for name, view in list(app.view_functions.items()):
        if name != "static":
            app.view_functions[name] = endpoint(view)
    app.extensions["collect.outages"] = OutageLog()

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        if isinstance(exc, SQLAlchemyError) and database_unavailable(exc):
            return render_problem(_unavailable(exc))
        app.logger.error("request %s failed: %s %s", request_id(), request.method, request.path,
                         exc_info=exc)
        return render_problem(Problem("internal"))
