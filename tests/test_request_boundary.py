"""One transaction per request, committed before the answer leaves; database trouble is a
503 with Retry-After (never a 4xx that would make a phone give up), our own bugs a 500
logged once with the request id; and everything recovers by itself.

Each fault is real for the database under test: on PostgreSQL the app's own backend is
terminated just before its COMMIT, or a proxy between the app and the server drops every
connection (as a restart does); on SQLite another connection holds the write lock.
"""
import contextlib
import logging
import queue
import threading
import time
import uuid

import pytest
from sqlalchemy import event, select

from collect import create_app
from collect.extensions import db
from collect.services import submissions
from collect.store.models import CollectionLink

from apps import empty_tables
from faults import TcpProxy, commits_as_it_runs, postgres_address, sqlite_write_lock, terminate_on_commit
from pages import SLUG, json_payload, stored, valid_post


class Faulty:
    """An app with the demo loaded, whose database can be made to fail."""

    def __init__(self, database_url: str, tmp_path):
        self.database_url = database_url
        self.postgres = database_url.startswith("postgresql")
        self.proxy = TcpProxy(postgres_address(database_url)) if self.postgres else None
        self.app = create_app({"SQLALCHEMY_DATABASE_URI": self.proxy.url(database_url) if self.proxy else database_url,
                               "TESTING": True, "SQLITE_BUSY_TIMEOUT_MS": 200,
                               "EXPORT_DIR": str(tmp_path / "exports")})
        from collect.services.demo import load_demo

        with self.app.app_context():
            load_demo(with_responses=False)
            db.session.commit()
        self.client = self.app.test_client()

    @contextlib.contextmanager
    def commit_fails(self):
        """The next write of a request fails at the database."""
        if self.postgres:
            with self.app.app_context(), terminate_on_commit(db.engine, self.database_url):
                yield
        else:
            with sqlite_write_lock(self.database_url):
                yield

    @contextlib.contextmanager
    def database_away(self):
        """The database cannot be reached (PostgreSQL) or cannot take writes (SQLite)."""
        if self.postgres:
            self.proxy.cut()
            try:
                yield
            finally:
                self.proxy.restore()
        else:
            with sqlite_write_lock(self.database_url):
                yield

    def stored(self) -> int:
        from collect.store.models import Response

        with self.app.app_context():
            return db.session.query(Response).count()


@pytest.fixture
def faulty(database_url, tmp_path):
    subject = Faulty(database_url, tmp_path)
    yield subject
    empty_tables(subject.app)


def _unavailable(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    if response.is_json:
        assert response.get_json()["error"]["code"] == "database_unavailable"


def _refused_while_the_commit_fails_then_stored(faulty, payload: dict) -> None:
    with faulty.commit_fails():
        _unavailable(faulty.client.post(f"/submit/{SLUG}", json=payload))
    assert faulty.stored() == 0
    retry = faulty.client.post(f"/submit/{SLUG}", json=payload)
    assert (retry.status_code, retry.get_json()["status"]) == (201, "received")
    assert faulty.stored() == 1


def test_a_commit_that_fails_is_a_503_nothing_is_stored_and_the_retry_is_201(faulty):
    _refused_while_the_commit_fails_then_stored(faulty, json_payload())


def test_a_database_away_is_a_503_for_json_and_pages_and_recovers_by_itself(faulty):
    client = faulty.client
    page = client.get(f"/f/{SLUG}").get_data(as_text=True)
    typed = valid_post(page, comments="ຄຳເຫັນທີ່ພິມໄວ້")
    with faulty.database_away():
        _unavailable(client.post(f"/submit/{SLUG}", json=json_payload()))
        refused = client.post(f"/f/{SLUG}", data=typed)
        _unavailable(refused)
        html = refused.get_data(as_text=True)
        assert "ເຊີບເວີບໍ່ສາມາດເຂົ້າເຖິງຖານຂໍ້ມູນ" in html  # in the participant's language
        assert f'value="{typed["_uuid"]}"' in html and 'value="ຄຳເຫັນທີ່ພິມໄວ້"' in html  # answers kept
        if faulty.postgres:  # reads fail too when the server is gone
            _unavailable(client.get(f"/f/{SLUG}"))
            health = client.get("/healthz")
            assert health.status_code == 503 and health.headers["Retry-After"].isdigit()
            assert health.get_json()["database"] == "unreachable"
    assert faulty.stored() == 0
    assert client.get(f"/f/{SLUG}").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post(f"/f/{SLUG}", data=typed).status_code == 200  # the page's "Try again"
    assert client.post(f"/submit/{SLUG}", json=json_payload()).status_code == 201
    assert faulty.stored() == 2


def test_an_outage_is_logged_as_a_line_not_a_traceback_per_request(faulty, caplog):
    caplog.set_level(logging.WARNING)
    with faulty.database_away():
        for _ in range(20):
            _unavailable(faulty.client.post(f"/submit/{SLUG}", json=json_payload()))
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert 1 <= len(records) <= 2
    assert all(r.exc_info is None for r in records)
    assert "database unavailable" in records[0].getMessage()


def test_our_own_bug_is_a_500_with_its_request_id_logged_once(app, client, empty_demo, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(submissions, "receive", broken)
    caplog.set_level(logging.ERROR)
    request_id = uuid.uuid4().hex[:12]
    response = client.post(f"/submit/{SLUG}", json=json_payload(), headers={"X-Request-Id": request_id})
    assert response.status_code == 500
    error = response.get_json()["error"]
    assert error["code"] == "internal" and error["details"]["request_id"] == request_id
    assert response.headers["X-Request-Id"] == request_id
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert request_id in record.getMessage() and record.exc_info[0] is ZeroDivisionError


class Watched:
    """What requests ask of the database: each statement's verb and whether it committed as
    it ran (autocommit), and the most connections held at once."""

    def __init__(self):
        self.statements: list[tuple[str, bool]] = []
        self.checkouts = self.held = self.most_held = 0

    def statement(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.statements.append((statement.split()[0].upper(), commits_as_it_runs(conn)))

    def checkout(self, *args) -> None:
        self.checkouts += 1
        self.held += 1
        self.most_held = max(self.most_held, self.held)

    def checkin(self, *args) -> None:
        self.held -= 1


@contextlib.contextmanager
def watched(engine):
    watch = Watched()
    listeners = [(engine, "before_cursor_execute", watch.statement), (engine.pool, "checkout", watch.checkout),
                 (engine.pool, "checkin", watch.checkin)]
    for target, name, listener in listeners:
        event.listen(target, name, listener)
    try:
        yield watch
    finally:
        for target, name, listener in listeners:
            event.remove(target, name, listener)


def test_a_new_submission_is_one_statement_that_commits_as_it_runs(app, client, empty_demo):
    """BEGIN and COMMIT would be two more round trips to the database for the one INSERT,
    and the thread's kept connection spares it a checkout from the pool."""
    for _ in range(2):  # the link's place is known, then the thread keeps a connection
        assert client.post(f"/submit/{SLUG}", json=json_payload()).status_code == 201
    with app.app_context(), watched(db.engine) as watch:
        assert client.post(f"/submit/{SLUG}", json=json_payload()).status_code == 201
        assert watch.statements == [("INSERT", True)] and watch.checkouts == 0
    assert len(stored(app)) == 3


def test_a_thread_s_kept_connection_goes_back_to_the_pool_when_the_thread_ends(app, client, empty_demo):
    answers = []
    sender = threading.Thread(target=lambda: answers.append(client.post(f"/submit/{SLUG}", json=json_payload())))
    with app.app_context():
        pool = db.engine.pool
        before = pool.checkedout()
        sender.start()
        sender.join()
        assert answers[0].status_code == 201
        deadline = time.monotonic() + 10
        while pool.checkedout() > before and time.monotonic() < deadline:
            time.sleep(0.01)
        assert pool.checkedout() == before


def test_a_request_holds_one_connection_at_a_time_and_writes_in_one_transaction(app, client, empty_demo):
    """When the one statement of a submission stores nothing (here the link has closed
    since), what follows — reading the stored UUID, then the whole way that says why —
    writes nothing outside the one transaction of the session, which the refusal rolls back.
    Beside the connection its thread keeps, the request holds one at most: the session's."""
    for _ in range(2):  # the link's place is known, then the thread keeps a connection
        assert client.post(f"/submit/{SLUG}", json=json_payload()).status_code == 201
    with app.app_context():
        db.session.scalar(select(CollectionLink).where(CollectionLink.slug == SLUG)).is_open = False
        db.session.commit()
        with watched(db.engine) as watch:
            refused = client.post(f"/submit/{SLUG}", json=json_payload())
    assert refused.status_code == 410 and refused.get_json()["error"]["code"] == "link_closed"
    assert watch.most_held == 1 and watch.held == 0
    first, *after = watch.statements
    assert first == ("INSERT", True)
    assert all(verb == "SELECT" for verb, _ in after) and after[-1] == ("SELECT", False), after
    assert len(stored(app)) == 2


def test_a_submission_that_takes_the_whole_way_is_one_transaction_committed_before_it_is_acknowledged(
        faulty):
    """A submission with an access code is checked and stored by the session's transaction;
    a COMMIT that fails there is a 503 too, and the retry is stored."""
    from collect.services.access_codes import issue_for

    with faulty.app.app_context():
        link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == SLUG))
        [code] = [issued.code for issued in issue_for(link, 1, None, None)]
        db.session.commit()
    _refused_while_the_commit_fails_then_stored(faulty, dict(json_payload(), code=code))


class LongLivedThread:
    """A long-lived thread, as a gunicorn worker's threads are: it runs what it is given,
    one call at a time, and keeps its connection between calls."""

    def __init__(self):
        self._calls: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while (item := self._calls.get()) is not None:
            call, answer = item
            answer.put(call())

    def run(self, call):
        answer: queue.Queue = queue.Queue()
        self._calls.put((call, answer))
        return answer.get(timeout=60)

    def stop(self) -> None:
        self._calls.put(None)
        self._thread.join()


def test_after_an_outage_every_thread_replaces_its_kept_connection(faulty):
    """One thread's statement meets the outage; another thread, whose kept connection the
    outage cut too (on PostgreSQL), takes its next submission at the first try."""
    first, second = LongLivedThread(), LongLivedThread()

    def submit():
        return faulty.client.post(f"/submit/{SLUG}", json=json_payload()).status_code

    try:
        for thread in (first, second, first, second):  # the place is known; each thread keeps a connection
            assert thread.run(submit) == 201
        with faulty.database_away():
            assert second.run(submit) == 503
        assert first.run(submit) == 201
        assert second.run(submit) == 201
    finally:
        first.stop()
        second.stop()
    assert faulty.stored() == 6
