"""Every (role × SWG × action) cell, through the API and through the pages.

The demo's forms, events and links are the Governance SWG's. Six callers try every
action on them: an admin; an organiser and an analyst of Governance; an organiser and an
analyst of Health; and an account with no role at all. What one SWG cannot see of
another's is "not found", what it can see but not do is "forbidden".
"""
from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from collect.extensions import db
from collect.store.models import Event, Form, Response, Role

from apps import PASSWORD
from pages import SLUG
from workbooks import CHOICES, SURVEY, settings, xlsform

CALLERS = {
    "admin": (Role.ADMIN, ()),
    "gov_organiser": (Role.ORGANISER, ("governance",)),
    "gov_analyst": (Role.ANALYST, ("governance",)),
    "health_organiser": (Role.ORGANISER, ("health",)),
    "health_analyst": (Role.ANALYST, ("health",)),
    "nobody": (Role.ANALYST, ()),
}
#: Who may: read the Governance SWG's things, manage them, administer.
READERS = {"admin", "gov_organiser", "gov_analyst"}
MANAGERS = {"admin", "gov_organiser"}
ADMINS = {"admin"}


@pytest.fixture
def world(app, client, demo, make_token):
    """Tokens of every caller, and the ids of the demo's first form, event and response."""
    tokens = {name: make_token(role, f"{name}@example.org", swgs) for name, (role, swgs) in CALLERS.items()}
    with app.app_context():
        form_id = db.session.scalar(select(Form.id).where(Form.form_id == "gswg_meeting_satisfaction"))
        event_id = db.session.scalar(select(Event.id).order_by(Event.id))
        response_uuid = db.session.scalar(select(Response.uuid).order_by(Response.id))
    return {"tokens": tokens, "form": form_id, "event": event_id, "response": response_uuid}


def _expect(name: str, allowed: set[str], hidden: bool = True) -> set[int]:
    """The statuses a caller may get: success for the allowed, else 404 for those who may not
    see the SWG's things (when ``hidden``) and 403 for those who may."""
    if name in allowed:
        return {200, 201, 202, 204}
    if hidden and name not in READERS:
        return {404}
    return {403}


def _actions(world) -> list[tuple[str, str, str, dict, set[str], bool]]:
    """(label, method, path, request keywords, allowed callers, hidden from outsiders)."""
    form, event, response = world["form"], world["event"], world["response"]
    new_event = {"kind": "meeting", "swg": "governance", "title_lo": "ກອງປະຊຸມ", "title_en": "Meeting"}
    upload = {"data": None, "content_type": "multipart/form-data"}
    return [
        ("read form", "GET", f"/api/v1/forms/{form}", {}, READERS, True),
        ("download json", "GET", f"/api/v1/forms/{form}/versions/2019.1.json", {}, READERS, True),
        ("monitoring", "GET", f"/api/v1/forms/{form}/monitoring", {}, READERS, True),
        ("list responses", "GET", f"/api/v1/forms/{form}/responses", {}, READERS, True),
        ("read response", "GET", f"/api/v1/responses/{response}", {}, READERS, True),
        ("export", "GET", f"/api/v1/forms/{form}/export.csv", {}, READERS, True),
        ("read event", "GET", f"/api/v1/events/{event}", {}, READERS, True),
        ("read link", "GET", f"/api/v1/links/{SLUG}", {}, READERS, True),
        ("qr", "GET", f"/api/v1/links/{SLUG}/qr.png", {}, READERS, True),
        ("codes", "GET", f"/api/v1/links/{SLUG}/codes", {}, MANAGERS, True),
        ("change event", "PATCH", f"/api/v1/events/{event}", {"json": {"theme_en": "New"}}, MANAGERS, True),
        ("close link", "PATCH", f"/api/v1/links/{SLUG}", {"json": {"is_open": True}}, MANAGERS, True),
        ("new link", "POST", f"/api/v1/forms/{form}/links", {"json": {"event_id": event}}, MANAGERS, True),
        ("issue codes", "POST", f"/api/v1/links/{SLUG}/codes", {"json": {"count": 1}}, MANAGERS, True),
        ("review", "PATCH", f"/api/v1/responses/{response}", {"json": {"status": "approved"}}, MANAGERS, True),
        ("create event", "POST", "/api/v1/events", {"json": new_event}, MANAGERS, False),
        ("publish new form", "POST", "/api/v1/forms?swg=governance", upload, MANAGERS, False),
        ("list users", "GET", "/api/v1/users", {}, ADMINS, False),
        ("audit", "GET", "/api/v1/audit?swg=governance", {}, MANAGERS, False),
    ]


def _new_form(form_id: str) -> bytes:
    return xlsform(SURVEY, CHOICES, [["form_id", "version"], [form_id, "1"]])


def test_the_api_permission_matrix(client, world):
    wrong = []
    for label, method, path, keywords, allowed, hidden in _actions(world):
        for name, headers in world["tokens"].items():
            if "data" in keywords:  # a new form of each caller's own
                keywords = {**keywords, "data": {"file": (io.BytesIO(_new_form(name)), "a.xlsx")}}
            status = client.open(path, method=method, headers=headers, **keywords).status_code
            expected = _expect(name, allowed, hidden)
            if status not in expected:
                wrong.append(f"{label} by {name}: {status}, expected {sorted(expected)}")
    assert wrong == []


def test_deletion_and_restore_are_the_organisers(client, world):
    tokens, response = world["tokens"], world["response"]
    for name in ("gov_analyst", "health_organiser", "nobody"):
        status = client.delete(f"/api/v1/responses/{response}", headers=tokens[name]).status_code
        assert status == (403 if name in READERS else 404), name
    assert client.delete(f"/api/v1/responses/{response}", headers=tokens["gov_organiser"]).status_code == 204
    assert client.post(f"/api/v1/responses/{response}/restore", headers=tokens["gov_analyst"]).status_code == 403
    assert client.post(f"/api/v1/responses/{response}/restore", headers=tokens["gov_organiser"]).status_code == 200


def test_lists_hold_only_ones_own_swgs(client, world):
    tokens = world["tokens"]
    forms = {name: [f["form_id"] for f in client.get("/api/v1/forms", headers=t).get_json()["forms"]]
             for name, t in tokens.items()}
    events = {name: len(client.get("/api/v1/events", headers=t).get_json()) for name, t in tokens.items()}
    assert all(forms[name] == ["gswg_meeting_satisfaction"] for name in READERS)
    assert all(events[name] == 3 for name in READERS)  # the three sub-sector meetings
    assert all(forms[name] == [] and events[name] == 0 for name in CALLERS if name not in READERS)


def test_another_swgs_organiser_cannot_take_over_a_form_by_its_form_id(client, world):
    book = xlsform(SURVEY, CHOICES, settings("1"))
    mine = client.post("/api/v1/forms?swg=governance", headers=world["tokens"]["gov_organiser"],
                       data={"file": (io.BytesIO(book), "a.xlsx")}, content_type="multipart/form-data")
    assert mine.status_code == 201
    theirs = client.post("/api/v1/forms?swg=health", headers=world["tokens"]["health_organiser"],
                         data={"file": (io.BytesIO(xlsform(SURVEY, CHOICES, settings("2"))), "a.xlsx")},
                         content_type="multipart/form-data")
    assert theirs.status_code == 409 and theirs.get_json()["error"]["code"] == "form_id_taken"


def _csrf(client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _sign_in(app, name: str):
    """A browser signed in as ``name``, and its session's CSRF token (a new one after sign-in)."""
    client = app.test_client()
    assert client.post("/login", data={"csrf": _csrf(client, "/login"), "email": f"{name}@example.org",
                                       "password": PASSWORD}).status_code == 302
    return client, _csrf(client, "/account")


PAGES = ("/forms/{form}", "/forms/{form}/monitoring", "/forms/{form}/submissions", "/forms/{form}/exports",
         "/forms/{form}/preview", "/forms/{form}/submissions/{response}", "/events/{event}", "/links/" + SLUG,
         "/links/" + SLUG + "/sheet")
MANAGER_PAGES = ("/links/" + SLUG + "/close", "/links/" + SLUG + "/codes/sheet")
ADMIN_PAGES = ("/users",)


def test_the_pages_permission_matrix(app, world):
    wrong = []
    for name in CALLERS:
        client, csrf = _sign_in(app, name)
        for template, allowed in [*((p, READERS) for p in PAGES), *((p, MANAGERS) for p in MANAGER_PAGES),
                                  *((p, ADMINS) for p in ADMIN_PAGES)]:
            path = template.format(**world)
            status = client.get(path).status_code
            expected = _expect(name, allowed, hidden=template not in ADMIN_PAGES)
            if status not in expected:
                wrong.append(f"GET {path} by {name}: {status}, expected {sorted(expected)}")
        review = client.post(f"/forms/{world['form']}/submissions/{world['response']}/review",
                             data={"csrf": csrf, "status": "rejected", "comment": "x"})
        expected = {302} if name in MANAGERS else _expect(name, set(), hidden=True)
        if review.status_code not in expected:
            wrong.append(f"review by {name}: {review.status_code}")
        html = client.get("/forms").get_data(as_text=True)
        if (f'href="/forms/{world["form"]}"' in html) != (name in READERS):
            wrong.append(f"the forms page of {name} {'lacks' if name in READERS else 'shows'} the form")
    assert wrong == []
    with app.app_context():
        stored = db.session.scalar(select(Response).where(Response.uuid == world["response"]))
        assert stored.status.value == "rejected"

