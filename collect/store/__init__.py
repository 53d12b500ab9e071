"""The store: the models and every query. It imports neither the web layer nor the services.

Functions here add, find and change rows in the current unit of work; none of them
commits. The request boundary (``collect/web/boundary.py``), a CLI command or a job
commits once (``commit``), or rolls back (``rollback``).

A unit of work is one transaction on one connection, that of the ORM session
(``db.session``). A statement that may be a unit of work by itself — the one write of a
request, or a read — takes :func:`standalone` instead: outside a begun unit it commits as
it runs, on a connection of its own, which spares a new submission two of its three round
trips to the database (BEGIN and COMMIT) and the building of a session.
"""
import weakref
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Connection

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
    current unit's, when it has begun, so that the statement is part of it; else a
    connection of the pool in autocommit, given back once the statement has run."""
    if db.session.registry.has() and db.session().in_transaction():
        yield db.session.connection()
        return
    with db.engine.connect() as own:
        yield own.execution_options(isolation_level="AUTOCOMMIT")


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
