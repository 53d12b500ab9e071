"""A long request holds nothing that another request needs: while an export is being
written, the API token that asked for it can be used (and its row locked) elsewhere."""
import sqlite3

import psycopg
from sqlalchemy.engine import make_url

from collect.services import exporting
from collect.store.models import Role


def _lock_token_row_elsewhere(database_url: str) -> None:
    """Take the write lock on the api_token row from another connection, refusing to wait."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        other = sqlite3.connect(url.database, timeout=0, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if a write is pending
        other.execute("UPDATE api_token SET name = name")
        other.execute("ROLLBACK")
        other.close()
        return
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False)) as other:
        other.execute("SET lock_timeout = '100ms'")
        other.execute("SELECT id FROM api_token FOR UPDATE NOWAIT").fetchall()
        other.rollback()


def test_an_export_being_written_holds_no_lock_on_its_token(app, client, demo, make_token, database_url,
                                                            monkeypatch):
    headers = make_token(Role.ANALYST)
    form_id = client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]
    writer = exporting.WRITERS["raw"]
    checked = []

    def write_while_checking(*args, **kwargs):
        _lock_token_row_elsewhere(database_url)
        checked.append(True)
        return writer(*args, **kwargs)

    monkeypatch.setitem(exporting.WRITERS, "raw", write_while_checking)
    with app.app_context():
        from collect.extensions import db
        from collect.store.models import ApiToken

        db.session.query(ApiToken).update({"last_used_at": None})  # the export's request touches it
        db.session.commit()
    response = client.get(f"/api/v1/forms/{form_id}/responses.xlsx", headers=headers)
    assert response.status_code == 200 and checked == [True]
