"""collect: consultation surveys for the Lao PDR Round Table Process (the web application).

``create_app`` is the one app factory; only ``wsgi.py`` and the tests call it.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from .config import Config
from .extensions import api, babel, db, migrate
from .language import select_language

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: type | dict = Config) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    if isinstance(config, dict):
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)

    # JSON carries Lao as UTF-8, not as \u escapes six times its size.
    app.json.ensure_ascii = False
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))
    babel.init_app(app, locale_selector=select_language)

    from .blueprints import api as api_blueprint
    from .blueprints import health, organiser, participant
    from .cli import register_commands
    from .errors import register_error_handlers

    for blueprint in (participant.bp, organiser.bp, health.bp):
        app.register_blueprint(blueprint)
    api.init_app(app)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    api.register_blueprint(api_blueprint.bp)
    register_error_handlers(app)
    register_commands(app)
    _one_transaction_per_request(app)

    @app.context_processor
    def _template_helpers():
        return {"current_language": select_language}

    return app


def _one_transaction_per_request(app: Flask) -> None:
    """Commit once after a successful request; roll back after any error."""

    @app.after_request
    def _commit(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def _rollback(exc):
        if exc is not None:
            db.session.rollback()
