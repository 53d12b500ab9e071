"""``/healthz``: is the database reachable, and which migration is it at?"""
from __future__ import annotations

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db

bp = Blueprint("health", __name__)


def _migration_head() -> str:
    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


@bp.get("/healthz")
def healthz():
    """200 with the database's migration and the code's head; 503 when the database is down."""
    head = _migration_head()
    try:
        current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        db.session.rollback()
        return jsonify(status="error", database="unreachable", migration_head=head), 503
    status = "ok" if current == head else "migration_pending"
    return jsonify(status=status, database="ok", migration=current, migration_head=head), (
        200 if status == "ok" else 503
    )
