"""Response counts on the dashboard are exact, and never count the whole table."""
from sqlalchemy import event, func, select

from collect.extensions import db
from collect.services import form_summaries
from collect.store import tallies
from collect.store.models import Response, Role

from pages import SLUG, json_payload


def _true_counts(app) -> dict:
    with app.app_context():
        rows = db.session.execute(select(Response.form_version_id, Response.link_id, func.count())
                                  .where(Response.deleted_at.is_(None))
                                  .group_by(Response.form_version_id, Response.link_id))
        return {(v, link): n for v, link, n in rows}


def _tally(app) -> dict:
    with app.app_context():
        return dict(form_summaries.live_counts()[0])


def test_the_tally_follows_inserts_deletions_and_its_watermark(app, client, demo, make_token, monkeypatch):
    assert _tally(app) == _true_counts(app) and sum(_tally(app).values()) == 74
    monkeypatch.setattr(tallies, "SETTLE", 0.0)  # every id seen is settled at the next visit
    for _ in range(3):
        client.post(f"/submit/{SLUG}", json=json_payload())
        assert _tally(app) == _true_counts(app)
    organiser = make_token(Role.ORGANISER)
    # the form's number as listed: PostgreSQL keeps counting ids across tests
    (form_pk,) = [form["id"] for form in client.get("/api/v1/forms", headers=organiser).get_json()["forms"]]
    uuid = client.get(f"/api/v1/forms/{form_pk}/responses?per_page=1", headers=organiser).get_json()["responses"][0]["uuid"]
    assert client.delete(f"/api/v1/responses/{uuid}", headers=organiser).status_code == 204
    assert _tally(app) == _true_counts(app) and sum(_tally(app).values()) == 76
    forms = client.get("/api/v1/forms", headers=organiser).get_json()["forms"]
    assert forms[0]["responses"] == 76
    assert sum(link["responses"] for link in forms[0]["links"]) == 76


def test_a_visit_reads_only_new_and_deleted_rows(app, client, demo):
    _tally(app)  # settles nothing yet, but the next visits count above the watermark only
    statements: list[str] = []
    with app.app_context():
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        form_summaries.live_counts()
        event.remove(db.engine, "before_cursor_execute", listener)
    counting = [s for s in statements if "count(" in s.lower()]
    assert len(counting) == 2
    assert all("response.id >" in s or "deleted_at IS NOT NULL" in s for s in counting), counting


def test_a_new_tally_settles_what_was_received_long_ago(app, client, demo):
    from datetime import timedelta

    with app.app_context():
        for response in db.session.query(Response):
            response.received_at -= timedelta(seconds=tallies.SETTLE + 60)
        db.session.commit()
    client.post(f"/submit/{SLUG}", json=json_payload())
    with app.app_context():
        tally = tallies.Tally()
        assert dict(tally.live()[0]) == _true_counts(app)
        assert tally._watermark > 0 and sum(tally._settled.values()) == 74  # the demo's, settled at once
