"""Field devices against a real collect: the app on a free localhost port, and ODK's own
XForm engine in Node (``tests/odk/collect_client.mjs``) filling forms and sending them as
ODK Collect does. ``.ci/run`` installs the client's npm packages (``npm ci`` in tests/odk).

Fixtures: ``server`` (the app's address, on the test database), ``field`` (an organiser
publishes an XLSForm, opens it at an event of the Governance SWG and makes an app user),
``odk(job)`` (one run of the client; see the script for the job's fields) and ``steps``
(a web submission's answers as the client's steps).
"""
from __future__ import annotations

import base64
import io
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from collect.extensions import db
from collect.store.models import Response, Role
from forms.definition import FormDefinition

CLIENT = Path(__file__).resolve().parents[1] / "odk" / "collect_client.mjs"
NODE = shutil.which("node") or "/usr/bin/node"
TEMPLATES = Path(__file__).resolve().parents[2] / "forms" / "templates"

if not (CLIENT.parent / "node_modules" / "@getodk" / "xforms-engine").exists() or not Path(NODE).exists():
    # CI runs `npm ci` in tests/odk (.ci/run): there a missing engine is a failure, never a skip.
    if os.environ.get("CI"):
        raise RuntimeError("ODK's XForm engine is missing: .ci/run should have run npm ci in tests/odk")
    pytest.skip("Node or tests/odk/node_modules is missing (cd tests/odk && npm ci)", allow_module_level=True)


@dataclass
class Field:
    """What an organiser set up for a form: its number, link, event and app user."""

    headers: dict
    form_pk: int
    slug: str
    event_id: int
    app_user: dict
    #: The app user's server address (with its token) on the live server.
    address: str

    @property
    def path(self) -> str:
        """The address for the test client: its path."""
        return "/" + self.address.split("/", 3)[3]


@pytest.fixture
def field(client, make_token, server):
    """``field(book, filename, password=None, swg="governance")`` publishes the workbook
    through the API, opens it at a new event of the SWG and makes an app user for the event."""
    headers = make_token(Role.ORGANISER)

    def set_up(book: bytes, filename: str, password: str | None = None, name: str = "ທີມ ສະຫວັນນະເຂດ",
               media: dict[str, bytes] | None = None) -> Field:
        published = client.post("/api/v1/forms?swg=governance", headers=headers, content_type="multipart/form-data",
                                data={"file": (io.BytesIO(book), filename),
                                      "media": [(io.BytesIO(data), n) for n, data in (media or {}).items()]})
        assert published.status_code in (200, 201), published.get_json()
        form_pk = published.get_json()["id"]
        event = client.post("/api/v1/events", headers=headers, json={
            "kind": "meeting", "swg": "governance", "title_lo": "ກອງປະຊຸມ", "title_en": "Meeting"}).get_json()
        link = client.post(f"/api/v1/forms/{form_pk}/links", headers=headers, json={"event_id": event["id"]})
        assert link.status_code == 201, link.get_json()
        made = client.post("/api/v1/app-users", headers=headers,
                           json={"name": name, "event_id": event["id"], "password": password})
        assert made.status_code == 201, made.get_json()
        user = made.get_json()
        address = server + user["server_url"].removeprefix("http://localhost")
        return Field(headers, form_pk, link.get_json()["slug"], event["id"], user, address)

    return set_up


@pytest.fixture
def odk():
    def run(job: dict) -> dict:
        done = subprocess.run([NODE, str(CLIENT)], input=json.dumps({"language": "lo", "edit": None, "maxSize": None,
                                                                    "auth": None, "steps": [], **job}),
                              capture_output=True, text=True, encoding="utf-8", timeout=120,
                              env={**os.environ, "TZ": "Asia/Vientiane"})
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


def steps(form: FormDefinition, answers: dict, files: dict[str, tuple[str, bytes]] | None = None) -> list[dict]:
    """The client's steps that give ``answers`` (keyed as a web page keys them), in document
    order: a repeat's count before its instances; ``files`` gives (type, bytes) by file name."""
    found: list[dict] = []

    def visit(questions, scope: dict, prefix: str, groups: str) -> None:
        for question in questions:
            if question.type == "group":
                visit(question.children, scope, prefix, f"{groups}{question.name}/")
            elif question.is_repeat:
                instances = scope.get(question.key) or []
                found.append({"path": f"{prefix}{groups}{question.name}", "count": len(instances)})
                for position, instance in enumerate(instances, start=1):
                    visit(question.children, instance, f"{prefix}{groups}{question.name}[{position}]/", "")
            elif question.key in scope and not question.is_metadata and question.type not in ("calculate", "hidden"):
                path, value = f"{prefix}{groups}{question.name}", scope[question.key]
                if files and value in files:
                    kind, data = files[value]
                    found.append({"path": path, "file": {"name": value, "type": kind,
                                                         "base64": base64.b64encode(data).decode()}})
                else:
                    found.append({"path": path, "value": value if isinstance(value, list) else str(value)})

    visit(form.questions, answers, "", "")
    return found


def send(client, path: str, document: bytes, files: dict[str, tuple[bytes, str]] | None = None,
         headers: dict | None = None, **options):
    """Send as ODK Collect sends: HEAD first, then — if it answered 204 with the OpenRosa
    headers — one multipart POST of ``document`` and ``files`` (name -> (bytes, type))."""
    headers = {"X-OpenRosa-Version": "1.0", "Accept-Language": "lo", **(headers or {})}
    head = client.open(f"{path}/submission", method="HEAD", headers=headers, **options)
    if head.status_code != 204:
        return head
    assert head.headers["X-OpenRosa-Version"] == "1.0" and int(head.headers["X-OpenRosa-Accept-Content-Length"]) > 0
    data = {"xml_submission_file": (io.BytesIO(document), "submission.xml", "text/xml")}
    for name, (content, kind) in (files or {}).items():
        data[name] = (io.BytesIO(content), name, kind)
    return client.post(f"{path}/submission", data=data, content_type="multipart/form-data", headers=headers,
                       **options)


def stored(app) -> list[Response]:
    with app.app_context():
        rows = db.session.query(Response).order_by(Response.id).all()
        db.session.expunge_all()
        return rows


def template(name: str) -> bytes:
    return (TEMPLATES / f"{name}.xlsx").read_bytes()
