"""Fixtures from the app factory: ``app``, ``client``, ``runner``, and helpers to sign in.

The database is SQLite in a temporary folder, or PostgreSQL when ``TEST_DATABASE_URL`` is
set. Its schema is built once per test session by running the migrations (so the
migrations are tested too); after each test every table is emptied.
"""
from __future__ import annotations

import os
import threading

import pytest
from flask_migrate import upgrade
from hypothesis import settings
from sqlalchemy import create_engine, inspect, text
from werkzeug.serving import make_server

from collect import create_app
from collect.services.accounts import create_user, issue_token
from collect.extensions import db
from collect.store.models import Role, User

from apps import PASSWORD, empty_tables

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")

# Property tests draw the same examples on every run: CI never meets a case no one has seen.
settings.register_profile("deterministic", derandomize=True, print_blob=True)
settings.load_profile("deterministic")


def _normalise(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


def _drop_everything(url: str) -> None:
    """Start PostgreSQL runs from an empty schema, whatever an earlier run left."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE IF EXISTS "{table}" CASCADE'))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    if TEST_DATABASE_URL:
        url = _normalise(TEST_DATABASE_URL)
        _drop_everything(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app({
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TESTING": True,
        "EXPORT_DIR": str(tmp_path / "exports"),
    })
    yield app
    empty_tables(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def server(app):
    """The app served over HTTP on the test database, for as long as the test runs (for
    clients that speak HTTP themselves: ODK's engine, an OData library)."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """``make_user(role, email, swgs)``: an account (in the Governance SWG unless told
    otherwise; an admin everywhere); returns its id."""

    def make(role: Role = Role.ANALYST, email: str | None = None, swgs: tuple[str, ...] = ("governance",)) -> int:
        with app.app_context():
            user = create_user(email or f"{role.value}@example.org", role, PASSWORD,
                               swgs=() if role == Role.ADMIN else tuple((code, role) for code in swgs))
            db.session.commit()
            return user.id

    return make


@pytest.fixture
def make_token(app, make_user):
    """``make_token(role, email, swgs)`` creates a user as ``make_user`` does and returns
    a bearer header."""

    def make(role: Role = Role.ANALYST, email: str | None = None, swgs: tuple[str, ...] = ("governance",)) -> dict:
        user_id = make_user(role, email, swgs)
        with app.app_context():
            token = issue_token(db.session.get(User, user_id), "test")
            db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def demo(app):
    """The demo satisfaction survey, its three meetings and their 74 responses."""
    from collect.services.demo import load_demo

    with app.app_context():
        load_demo(only_satisfaction=True)
        db.session.commit()


@pytest.fixture
def empty_demo(app):
    """The demo forms, events and links, without responses."""
    from collect.services.demo import load_demo

    with app.app_context():
        load_demo(with_responses=False)
        db.session.commit()


@pytest.fixture
def every_type(app):
    """The small form with every question type, open at /f/every-type."""
    from every_type import publish_every_type

    with app.app_context():
        publish_every_type()
        db.session.commit()
