"""The store: the models and every query. It imports neither the web layer nor the services.

Functions here add, find and change rows in the current session; none of them commits.
The request boundary (``collect/web/boundary.py``), a CLI command or a job commits once.
"""
import weakref
from typing import Callable, TypeVar

from sqlalchemy import text

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


def commit() -> None:
    db.session.commit()


def rollback() -> None:
    db.session.rollback()


def flush() -> None:
    db.session.flush()


def release() -> None:
    """End the session: its connection goes back to the pool (after a job, say)."""
    db.session.remove()


def migration_revision() -> str | None:
    """The migration the database is at (raises SQLAlchemyError when it cannot be reached)."""
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
