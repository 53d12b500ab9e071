"""Nothing a participant submitted is stored twice, even when retries race each other."""
import threading
import uuid

from sqlalchemy import func, select

from collect.extensions import db
from collect.store.models import Response

PAYLOAD = {"version": "2019.1", "language": "lo",
           "answers": {"organisation_kind": "local_gov", "overall": "4", "content": "4", "organisation": "5",
                       "comments": "ສົ່ງຊ້ຳຫຼາຍເທື່ອ"}}


def test_simultaneous_retries_of_one_uuid_store_one_row(app, demo):
    response_uuid = str(uuid.uuid4())
    statuses: list[int] = []
    start = threading.Barrier(8)

    def send():
        client = app.test_client()
        start.wait()
        statuses.append(client.post("/f/psi-oct-2019", json={**PAYLOAD, "uuid": response_uuid}).status_code)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 7 + [201]
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(Response.uuid == response_uuid)) == 1


def test_a_retry_after_the_link_closed_is_still_acknowledged(app, client, demo):
    """The first send arrived just before closing; the phone did not hear the answer and
    retries after the link closed: it must be told the answers are safe, not refused."""
    payload = {**PAYLOAD, "uuid": str(uuid.uuid4())}
    assert client.post("/f/psi-oct-2019", json=payload).status_code == 201
    from collect.store.models import CollectionLink

    with app.app_context():
        db.session.scalar(select(CollectionLink).where(CollectionLink.slug == "psi-oct-2019")).is_open = False
        db.session.commit()
    retry = client.post("/f/psi-oct-2019", json=payload)
    assert retry.status_code == 200 and retry.get_json()["status"] == "already_received"
    fresh = client.post("/f/psi-oct-2019", json={**PAYLOAD, "uuid": str(uuid.uuid4())})
    assert fresh.status_code == 410


def test_sixteen_writers_at_once_never_see_a_locked_database(app, demo):
    """Two gunicorn workers of eight threads write at once: on SQLite, writers queue for the
    lock (WAL, busy timeout) instead of failing with "database is locked"."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    statuses: list[int] = []
    start = threading.Barrier(16)

    def writer():
        import http.client
        import json

        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=60)
        start.wait()
        for _ in range(15):
            body = json.dumps({**PAYLOAD, "uuid": str(uuid.uuid4())})
            connection.request("POST", "/submit/psi-oct-2019", body, {"Content-Type": "application/json"})
            reply = connection.getresponse()
            reply.read()
            statuses.append(reply.status)

    threads = [threading.Thread(target=writer) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server.shutdown()
    assert statuses == [201] * 240
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 74 + 240
