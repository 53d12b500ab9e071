"""A submission is its UUID and its content: a re-send is acknowledged, other content
under the same UUID is a conflict, and only real RFC 4122 UUIDs are taken."""
import pytest
from sqlalchemy import event

from collect.extensions import db

from collect.store.models import Response

from pages import SLUG, json_payload, stored, valid_post


def test_a_resend_is_acknowledged_and_other_content_is_a_conflict(app, client, empty_demo):
    payload = json_payload()
    assert client.post(f"/submit/{SLUG}", json=payload).status_code == 201
    again = client.post(f"/submit/{SLUG}", json=payload)
    assert (again.status_code, again.get_json()["status"]) == (200, "already_received")
    other = dict(payload, answers={**payload["answers"], "overall": "1"})
    clash = client.post(f"/submit/{SLUG}", json=other)
    assert clash.status_code == 409
    assert clash.get_json()["error"]["code"] == "uuid_conflict"
    assert "ບໍ່ມີຫຍັງຖືກປ່ຽນແປງ" in clash.get_json()["error"]["message"]
    [row] = stored(app)
    assert row.answers["overall"] == "5"  # untouched


def test_the_same_answers_under_another_version_are_a_conflict(app, client, empty_demo):
    payload = json_payload()
    assert client.post(f"/submit/{SLUG}", json=payload).status_code == 201
    with app.app_context():
        from collect.services.demo import satisfaction_definition
        from collect.services.publishing import publish

        definition = satisfaction_definition()
        definition.version = "2019.2"
        publish(definition)
        db.session.commit()
    clash = client.post(f"/submit/{SLUG}", json=dict(payload, version="2019.2"))
    assert clash.status_code == 409 and clash.get_json()["error"]["code"] == "uuid_conflict"
    with app.app_context():
        assert [r.form_version.version for r in db.session.query(Response)] == ["2019.1"]


def test_a_form_posted_twice_without_javascript_is_stored_once(app, client, empty_demo):
    data = valid_post(client.get(f"/f/{SLUG}").get_data(as_text=True))
    first, second = client.post(f"/f/{SLUG}", data=data), client.post(f"/f/{SLUG}", data=data)
    assert first.status_code == second.status_code == 200
    assert "ບໍ່ມີຫຍັງຖືກສົ່ງຊ້ຳ" in second.get_data(as_text=True)
    assert len(stored(app)) == 1


@pytest.mark.parametrize("bad", ["00000000-0000-0000-0000-000000000000", "not-a-uuid",
                                 "6ba7b810-9dad-11d1-c0b4-00c04fd430c8",  # Microsoft's variant
                                 "", "6ba7b8109dad11d180b400c04fd430c8000"])
def test_only_rfc_4122_uuids_are_taken(app, client, empty_demo, bad):
    response = client.post(f"/submit/{SLUG}", json=dict(json_payload(), uuid=bad))
    assert response.status_code == 400
    assert "uuid" in response.get_json()["error"]["details"]["fields"]
    assert stored(app) == []


def test_an_upper_case_uuid_is_the_same_uuid(app, client, empty_demo):
    payload = json_payload()
    assert client.post(f"/submit/{SLUG}", json=payload).status_code == 201
    loud = client.post(f"/submit/{SLUG}", json=dict(payload, uuid=payload["uuid"].upper()))
    assert loud.get_json()["status"] == "already_received"
    assert [r.uuid for r in stored(app)] == [payload["uuid"]]


def test_a_new_submission_costs_at_most_three_statements(app, client, empty_demo):
    client.post(f"/submit/{SLUG}", json=json_payload())  # the form version's definition is now cached
    statements: list[str] = []
    with app.app_context():
        engine = db.engine

        def count(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement.split()[0].upper())

        event.listen(engine, "before_cursor_execute", count)
        try:
            response = client.post(f"/submit/{SLUG}", json=json_payload())
        finally:
            event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 201
    assert len(statements) <= 3, statements
    assert statements.count("INSERT") == 1
