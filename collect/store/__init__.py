"""The store: the models and every query. It imports neither the web layer nor the services.

Functions here add, find and change rows in the current session; none of them commits.
The request boundary (``collect/web/boundary.py``), a CLI command or a job commits once.
"""
from sqlalchemy import text

from ..extensions import db


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
