"""The store: the models and every query. It imports neither the web layer nor the services.

Functions here add, find and change rows in the current unit of work; none of them
commits. The request boundary (``collect/web/boundary.py``), a CLI command or a job
commits once (``commit``), or rolls back (``rollback``).

A unit of work is one transaction on one connection, that of the ORM session
(``db.session``). A statement that may be a unit of work by itself — the one write of a
request, or a read — takes :func:`standalone` instead: outside a begun unit it commits as
it runs (autocommit), which spares a new submission two of its three round trips to the
database (BEGIN and COMMIT) and the building of a session. It runs on a connection its
thread keeps for such statements (:class:`_Kept`), so that a submission does not check a
connection out of the pool, switch it to autocommit and back, and check it in again:
under load at 50 clients, that was about a tenth of what a worker could take.
"""
import sys
import threading
import weakref
from contextlib import contextmanager, suppress
from typing import Callable, Iterator, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

T = TypeVar("T")
#: What is kept once per database (per engine: each app has its own), by name.
_PER_DATABASE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def per_database(name: str, make: Callable[[], T]) -> T:
    """The ``name`` state of the current app's database, made by ``make`` the first time:
    the live tally, the places submissions go to. Gone with the app's engine."""
    held = _PER_DATABASE.setdefault(db.engine, {})
    if name not in held:
        held[name] = make()
    return held[name]


@contextmanager
def standalone() -> Iterator[Connection]:
    """A connection for a statement that may stand alone (see the module docstring): the
    current unit's, when it has begun, so that the statement is part of it; else the
    thread's kept connection, in autocommit."""
    if db.session.registry.has() and db.session().in_transaction():
        yield db.session.connection()
        return
    kept = _KEPT.connection_to(db.engine)
    try:
        yield kept
        kept.commit()  # ends SQLAlchemy's own mark of a transaction; the statement has committed
    except BaseException as error:
        _KEPT.drop(database_failed=isinstance(error, SQLAlchemyError))
        raise


class _Held:
    """A kept connection, given back to the pool when nothing holds it any more: when its
    thread ends, or when it is replaced."""

    __slots__ = ("connection", "failures_then")

    def __init__(self, connection: Connection, failures_then: int):
        self.connection, self.failures_then = connection, failures_then

    def __del__(self):
        if sys.is_finalizing():  # the process is ending: its connections end with it
            return
        with suppress(Exception):  # a connection already gone
            self.connection.close()


class _Kept(threading.local):
    """Each thread's connection for standalone statements, kept between its requests.

    It is replaced when the thread works on another database (another app, in tests),
    when SQLAlchemy has invalidated it, and when a standalone statement of any thread has
    failed at the database since it was made: a restart of the database cuts every
    connection, and SQLAlchemy's pool replaces its own then, but knows nothing of kept
    ones. The pool is sized for it (``collect/config.py``)."""

    #: How many standalone statements of this process have failed at the database.
    failures = 0

    def __init__(self):
        self.held: _Held | None = None

    def connection_to(self, engine) -> Connection:
        held = self.held
        if (held is None or held.connection.engine is not engine or held.connection.invalidated
                or held.failures_then != _Kept.failures):
            self.held = None  # the old one goes back to the pool before another is taken
            self.held = held = _Held(engine.connect().execution_options(isolation_level="AUTOCOMMIT"),
                                     _Kept.failures)
        return held.connection

    def drop(self, database_failed: bool) -> None:
        self.held = None
        if database_failed:
            _Kept.failures += 1


_KEPT = _Kept()


def commit() -> None:
    """Commit the unit of work."""
    if db.session.registry.has():
        db.session.commit()


def rollback() -> None:
    if db.session.registry.has():
        db.session.rollback()


def flush() -> None:
    db.session.flush()


def release() -> None:
    """End the unit of work without committing (after a job, at the end of an app context)."""
    db.session.remove()


def migration_revision() -> str | None:
    """The migration the database is at (raises SQLAlchemyError when it cannot be reached)."""
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
