"""The store: the models and every query. It imports neither the web layer nor the services.

Functions here add, find and change rows in the current unit of work; none of them
commits. The request boundary (``collect/web/boundary.py``), a CLI command or a job
commits once (``commit``), or rolls back (``rollback``).

A unit of work is one transaction on one connection. Most queries go through the ORM
session (``db.session``). The few statements that need no ORM and run on every
submission take :func:`connection` instead: the session's connection when the session
has begun, else a connection leased from the engine's pool and begun for the unit, which
the session joins if it is needed later (``JoiningSession``). Building and ending a
session for each submission cost it about a tenth of its CPU.
"""
import weakref
from typing import Callable, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Connection

from ..extensions import LEASED, db

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


def connection() -> Connection:
    """The connection of the current unit of work (see the module docstring)."""
    leased = LEASED.get()
    if leased is not None:
        return leased
    if db.session.registry.has() and db.session().in_transaction():
        return db.session.connection()
    leased = db.engine.connect()
    leased.begin()
    LEASED.set(leased)
    return leased


def commit() -> None:
    """Commit the unit of work: the session's changes, then a leased connection's transaction."""
    if db.session.registry.has():
        db.session.commit()
    leased = LEASED.get()
    if leased is not None:
        leased.commit()
        _return_lease()


def rollback() -> None:
    if db.session.registry.has():
        db.session.rollback()
    _return_lease()


def _return_lease() -> None:
    """A leased connection goes back to the pool, rolling back whatever it has not committed."""
    leased = LEASED.get()
    if leased is not None:
        LEASED.set(None)
        leased.close()


def flush() -> None:
    db.session.flush()


def release() -> None:
    """End the unit of work without committing: the session is removed and a leased
    connection goes back to the pool (after a job, at the end of an app context)."""
    db.session.remove()
    _return_lease()


def migration_revision() -> str | None:
    """The migration the database is at (raises SQLAlchemyError when it cannot be reached)."""
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
