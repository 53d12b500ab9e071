"""The factory, the migrations and the health check."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from collect import create_app
from collect.extensions import db


def test_factory_takes_configuration(database_url):
    assert not create_app({"SQLALCHEMY_DATABASE_URI": database_url}).testing
    assert create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True}).testing


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_healthz_reports_the_migration_head(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["migration"] == body["migration_head"]
    assert len(body["migration_head"]) == 12


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite3"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"
