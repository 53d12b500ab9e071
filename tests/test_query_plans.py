"""Pages that must cost the same deep in a form's responses as at their start: the query
each one runs is read back from the database and explained, and its plan must read a
range of an index in id order, never sort all the form's responses first (a sort made
walking a 300,000-response feed grow with the square of its length)."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from collect.extensions import db
from collect.store.models import Form, Role
from collect.web import odata as odata_web

from test_odata import _basic, _header


@pytest.fixture
def consultation(app):
    from collect.services.demo import load_demo

    with app.app_context():
        load_demo()
        db.session.commit()
        return db.session.query(Form).filter_by(form_id="pre_rtm_consultation").one().id


def _statements_of(app, client, url: str, headers: dict) -> list[tuple[str, object]]:
    """The SQL statements (with their parameters) that reading ``url`` ran on responses
    in id order."""
    seen = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "FROM response" in statement and "ORDER BY response.id" in statement:
            seen.append((statement, parameters))

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", note)
        try:
            response = client.get(url, headers=headers)
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert seen, f"{url} read no responses in id order"
    return seen


def _plan(app, statement: str, parameters) -> str:
    """The database's plan for ``statement``: on PostgreSQL with sorting priced out, so
    that a plan still holding a sort means no index gives the order."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            if db.engine.dialect.name == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters)
                return "\n".join(str(row[-1]) for row in cursor.fetchall())
            cursor.execute("SET enable_sort = off")
            cursor.execute("EXPLAIN " + statement, parameters)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            connection.rollback()
            connection.close()


def _sorts(plan: str) -> bool:
    return "TEMP B-TREE FOR ORDER BY" in plan or "Sort" in plan


@pytest.mark.parametrize("set_name", ["Submissions", "Submissions_progress"])
def test_a_feed_page_reads_an_index_range_in_id_order(app, client, consultation, make_user, set_name,
                                                      monkeypatch):
    monkeypatch.setattr(odata_web, "PAGE_SIZE", 5)
    headers = _header(*_basic(app, make_user))
    first = client.get(f"/api/v1/forms/{consultation}.svc/{set_name}", headers=headers).get_json()
    deep = first["@odata.nextLink"]
    for statement, parameters in _statements_of(app, client, deep, headers):
        plan = _plan(app, statement, parameters)
        assert not _sorts(plan), plan
        assert "ix_response_form_id_id" in plan, plan


def test_a_listing_page_reads_an_index_range_newest_first(app, client, consultation, make_token):
    headers = make_token(Role.ANALYST, "lister@example.org", ("governance",))
    first = client.get(f"/api/v1/forms/{consultation}/responses?per_page=5", headers=headers).get_json()
    deep = f"/api/v1/forms/{consultation}/responses?per_page=5&after={first['next']}"
    for statement, parameters in _statements_of(app, client, deep, headers):
        plan = _plan(app, statement, parameters)
        assert not _sorts(plan), plan
