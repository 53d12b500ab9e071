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


def test_cli_creates_users_and_tokens_that_open_the_api(app, runner):
    result = runner.invoke(args=["users", "create", "--email", "Admin@Example.org", "--role", "admin",
                                 "--password", "a-long-password"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["users", "create", "--email", "admin@example.org", "--role", "admin",
                               "--password", "x"]).exit_code == 1
    token = runner.invoke(args=["tokens", "create", "admin@example.org"]).output.strip()
    assert token.startswith("collect_")
    client = app.test_client()
    assert client.get("/api/v1/forms", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/api/v1/forms", headers={"Authorization": f"Bearer {token}x"}).status_code == 401


def test_demo_load_is_idempotent(app, runner, tmp_path):
    from sqlalchemy import func, select

    from collect.store.models import Event, Form, Province, Response

    first = runner.invoke(args=["demo", "load"])
    assert "257 responses added" in first.output
    second = runner.invoke(args=["demo", "load"])
    assert "0 responses added" in second.output and "0 events added" in second.output
    with app.app_context():
        counts = [db.session.scalar(select(func.count()).select_from(model))
                  for model in (Form, Event, Province, Response)]
    assert counts == [4, 12, 18, 257]
    _demo_reports_carry_the_seed_tables(runner, tmp_path)


def _demo_reports_carry_the_seed_tables(runner, tmp_path):
    """The demo's SDG seminars show a learning gain; its assessment the 7 categories of seed 004."""
    import openpyxl

    seminar, assessment = tmp_path / "sdg.xlsx", tmp_path / "cna.xlsx"
    for form, out in (("sdg_seminar", seminar), ("capacity_assessment", assessment)):
        result = runner.invoke(args=["export", form, "--out", str(out), "--language", "en"])
        assert result.exit_code == 0, result.output
    rows = list(openpyxl.load_workbook(seminar, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = next(row for row in rows if row and row[0] == "Province")
    total = next(row for row in rows if row and row[0] == "Total")
    assert total[header.index("n paired")] == 120
    assert total[header.index("Post score (0–5)")] > total[header.index("Pre score (0–5)")]
    assert total[header.index("Learning gain")] > 0.5
    book = openpyxl.load_workbook(assessment, read_only=True)
    rows = list(book["Report"].iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row and row[0] == "Category")
    categories = [row[0] for row in rows[start + 1:start + 8]]
    assert categories == ["Understanding of ToR", "Communication skills", "Contribution of the GSWG Secretariat members",
                          "Human resource development", "GSWG mainstreaming", "Supporting resources",
                          "Documentation archiving"]
    plan = [row for row in book["Action plan"].iter_rows(values_only=True) if row and row[-1]]
    assert {row[3] for row in plan[1:]} == {"Immediate", "Short-term", "Medium-term"}  # the seed's 14 activities
    assert len(plan) == 1 + 14


def test_demo_answers_are_valid_submissions(app):
    from collect.services.demo import MEETINGS, demo_responses, satisfaction_definition
    from forms.validation import validate_submission

    form = satisfaction_definition()
    for meeting in MEETINGS:
        for answers, _, _ in demo_responses(meeting):
            result = validate_submission(form, answers, "lo")
            assert result.ok, result.errors
