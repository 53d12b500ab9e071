"""collect: consultation surveys for the Lao PDR Round Table Process (the web application).

``create_app`` is the one app factory; only ``wsgi.py`` and the tests call it. The
application has three layers, each a package: ``web`` (HTTP), ``services`` (use cases)
and ``store`` (models and queries); web uses services and store, services use store,
``forms`` and ``exports``, store uses neither. ``config``, ``extensions``, ``problems``
(the one error type) and ``cli`` sit at the top.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from .config import Config
from .extensions import babel, db, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(config: type | dict = Config) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_folder="web/static",
                template_folder="web/templates")
    if isinstance(config, dict):
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)

    # JSON carries Lao as UTF-8, not as \u escapes six times its size.
    app.json.ensure_ascii = False
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR))

    from .cli import register_commands
    from .store import release
    from .store.engine import tune_engine
    from .web import register_web
    from .web.language import select_language

    babel.init_app(app, locale_selector=select_language)
    with app.app_context():
        tune_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    # Whatever a unit of work left open (outside a request boundary) ends with its context.
    app.teardown_appcontext(lambda _error: release())
    register_web(app)
    register_commands(app)
    return app
