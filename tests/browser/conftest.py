"""Browser tests: the real app on a free localhost port, driven by Debian's chromium.

The server runs in a thread (werkzeug's ``make_server``) on its own SQLite database,
built by the migrations and holding the demo without responses and the every-type form. Each test gets a fresh
browser context at phone size (360×740); tests read the database to check what arrived.
Playwright never downloads a browser here: it launches ``/usr/bin/chromium``.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from collect import create_app
from collect.extensions import db
from collect.store.models import Attachment, Response

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PHONE = {"width": 360, "height": 740}

playwright_api.expect.set_options(timeout=10_000)  # the machine is shared and slow at times
if not CHROMIUM.exists():
    # CI installs chromium (.ci/run), so there a missing browser is a failure, never a skip.
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is missing: .ci/run should have installed it")
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)


class RequestLog:
    """WSGI middleware that notes each request reaching the server as (method, path?query)."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.seen: list[tuple[str, str]] = []

    def __call__(self, environ, start_response):
        query = environ.get("QUERY_STRING")
        self.seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"] + (f"?{query}" if query else "")))
        return self.wsgi_app(environ, start_response)


class Gate:
    """WSGI middleware that answers the next queued sends (POST /submit/...) itself, as a
    server in trouble or a proxy in the way would, before letting them through again."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.answers: list[tuple[str, list[tuple[str, str]], bytes]] = []

    def refuse_next(self, status: str, body: bytes = b"", headers: tuple = (), times: int = 1) -> None:
        self.answers += [(status, list(headers), body)] * times

    def __call__(self, environ, start_response):
        if self.answers and environ["REQUEST_METHOD"] == "POST" and environ["PATH_INFO"].startswith("/submit/"):
            status, headers, body = self.answers.pop(0)
            start_response(status, headers)
            return [body]
        return self.wsgi_app(environ, start_response)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    from collect.services.demo import load_demo
    from every_type import publish_every_type

    folder = tmp_path_factory.mktemp("browser")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite3'}",
                      "EXPORT_DIR": str(folder / "exports")})
    with app.app_context():
        upgrade()
        load_demo(with_responses=False)
        publish_every_type()
        db.session.commit()
    app.wsgi_app = RequestLog(Gate(app.wsgi_app))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield app
    server.shutdown()
    thread.join()


@pytest.fixture
def base_url(live_app) -> str:
    """The server's address; responses from earlier tests are removed first."""
    with live_app.app_context():
        db.session.query(Attachment).delete()
        db.session.query(Response).delete()
        db.session.commit()
    return live_app.config["BASE_URL"]


@pytest.fixture
def gate(live_app) -> Gate:
    """``gate.refuse_next(status, body, headers, times)``: the server's next answers to sends."""
    gate = live_app.wsgi_app.wsgi_app
    gate.answers.clear()
    yield gate
    gate.answers.clear()


@pytest.fixture
def arrived(live_app) -> list[tuple[str, str]]:
    """The requests that reached the server during this test, as (method, path?query)."""
    live_app.wsgi_app.seen.clear()
    return live_app.wsgi_app.seen


@pytest.fixture
def rows(live_app):
    """``rows()``: the stored responses, oldest first, as (uuid, language, answers)."""

    def read() -> list[tuple[str, str, dict]]:
        with live_app.app_context():
            found = db.session.query(Response).order_by(Response.id).all()
            return [(r.uuid, r.language, r.answers) for r in found]

    return read


@pytest.fixture(scope="session")
def browser():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def screenshot():
    """``screenshot(page, name)`` saves a full-page PNG under test-output/screenshots/."""

    def take(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
