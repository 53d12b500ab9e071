"""``/healthz``: is the database reachable, and which migration is it at?

A load balancer polls it: 200 means "send traffic", 503 (with Retry-After) means the
database cannot be reached or is not migrated to this code's head yet.
"""
from __future__ import annotations

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy.exc import SQLAlchemyError

from ..store import migration_revision, rollback
from .errors import RETRY_AFTER

bp = Blueprint("health", __name__)


def _migration_head() -> str:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


@bp.get("/healthz")
def healthz():
    """200 with the database's migration and the code's head; 503 when the database is down."""
    head = _migration_head()
    try:
        current = migration_revision()
    except SQLAlchemyError:
        rollback()
        return (jsonify(status="error", database="unreachable", migration_head=head), 503,
                {"Retry-After": str(RETRY_AFTER)})
    if current != head:
        return (jsonify(status="migration_pending", database="ok", migration=current, migration_head=head), 503,
                {"Retry-After": str(RETRY_AFTER)})
    return jsonify(status="ok", database="ok", migration=current, migration_head=head)
