"""Accounts: sign-in limits, the same work for unknown e-mails, sessions that end with
sign-out, CSRF on cookie-authenticated API calls, password and e-mail rules, tokens."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from collect.extensions import db
from collect.services import accounts
from collect.store.models import ApiToken, Role, User

from apps import PASSWORD


def _csrf(client, path: str = "/login") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def _try(client, email: str, password: str, address: str = "203.0.113.1"):
    return client.post("/login", data={"csrf": _csrf(client), "email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_ten_tries_per_account_then_429_with_retry_after(app, make_user):
    make_user(Role.ORGANISER, "org@example.org")
    client = app.test_client()
    for attempt in range(10):  # each from its own address: the account's own limit holds
        assert _try(client, "org@example.org", "wrong", f"203.0.113.{attempt + 1}").status_code == 401
    blocked = _try(client, "org@example.org", PASSWORD, "198.51.100.7")
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "ພະຍາຍາມຫຼາຍເທື່ອເກີນໄປ" in blocked.get_data(as_text=True)  # said in Lao, the default
    assert _try(client, "other@example.org", "x", "198.51.100.7").status_code == 401  # another account may


def test_ten_tries_per_address_whatever_the_account(app):
    client = app.test_client()
    for attempt in range(10):
        assert _try(client, f"nobody{attempt}@example.org", "wrong").status_code == 401
    assert _try(client, "someone@example.org", "wrong").status_code == 429


def test_an_unknown_email_costs_the_same_work_as_a_known_one(app, make_user, monkeypatch):
    make_user(Role.ORGANISER, "org@example.org")
    checked: list[str] = []
    real = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash", lambda stored, given: checked.append(stored[:20]) or
                        real(stored, given))
    with app.app_context():
        assert accounts.authenticate("org@example.org", "wrong") is None
        assert accounts.authenticate("nobody@example.org", "wrong") is None
    assert len(checked) == 2 and checked[0].split("$")[0] == checked[1].split("$")[0]  # the same method and cost


def test_a_session_ends_with_sign_out_and_a_replayed_cookie_opens_nothing(app, make_user):
    make_user(Role.ORGANISER, "org@example.org")
    client = app.test_client()
    assert _try(client, "org@example.org", PASSWORD).status_code == 302
    cookie = client.get_cookie("session").value
    assert client.get("/api/v1/forms").status_code == 200
    client.post("/logout", data={"csrf": _csrf(client, "/account")})
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/api/v1/forms").status_code == 401
    assert thief.get("/forms").headers["Location"].startswith("/login")


def test_a_deactivated_account_loses_its_sessions_and_tokens(app, client, make_user, make_token):
    organiser = make_user(Role.ORGANISER, "org@example.org")
    browser = app.test_client()
    assert _try(browser, "org@example.org", PASSWORD).status_code == 302
    with app.app_context():
        token = accounts.issue_token(db.session.get(User, organiser), "script")
        db.session.commit()
    admin = make_token(Role.ADMIN, "admin@example.org")
    assert client.patch(f"/api/v1/users/{organiser}", json={"active": False}, headers=admin).status_code == 200
    assert browser.get("/api/v1/forms").status_code == 401
    assert client.get("/api/v1/forms", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert _try(app.test_client(), "org@example.org", PASSWORD, "192.0.2.9").status_code == 401


def test_cookie_authenticated_api_calls_need_the_csrf_token_bearer_calls_do_not(app, client, demo, make_user,
                                                                                  make_token):
    make_user(Role.ORGANISER, "org@example.org")
    assert _try(client, "org@example.org", PASSWORD).status_code == 302
    event = {"kind": "meeting", "swg": "governance", "title_lo": "ກອງປະຊຸມ", "title_en": "Meeting"}
    forged = client.post("/api/v1/events", json=event, headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403 and forged.get_json()["error"]["code"] == "csrf_failed"
    assert client.patch("/api/v1/links/psi-aug-2019", json={"is_open": False}).status_code == 403
    assert client.get("/f/psi-aug-2019").status_code == 200  # nothing changed
    token = _csrf(client, "/account")
    assert client.post("/api/v1/events", json=event, headers={"X-CSRF-Token": token}).status_code == 201
    bearer = make_token(Role.ORGANISER, "script@example.org")
    assert app.test_client().post("/api/v1/events", json=event, headers=bearer).status_code == 201


@pytest.mark.parametrize("password", ["x", "password123", "aaaaaaaaaaaa", "org@example.org1"])
def test_weak_passwords_are_refused(app, password):
    from collect.problems import Problem

    with app.app_context(), pytest.raises(Problem) as refused:
        accounts.create_user("org@example.org", Role.ORGANISER, password)
    assert refused.value.code == "weak_password"


def test_the_cli_refuses_a_weak_password_and_a_bad_email(runner):
    weak = runner.invoke(args=["users", "create", "--email", "a@example.org", "--role", "analyst", "--password", "x"])
    assert weak.exit_code == 1 and "at least 10 characters" in weak.output
    bad = runner.invoke(args=["users", "create", "--email", "not-an-email", "--role", "analyst",
                              "--password", PASSWORD])
    assert bad.exit_code == 1 and "not an e-mail address" in bad.output
    good = runner.invoke(args=["users", "create", "--email", "a@example.org", "--role", "organiser",
                               "--swg", "governance", "--password", PASSWORD])
    assert good.exit_code == 0, good.output


def test_signed_out_pages_ask_to_sign_in_and_come_back(client):
    response = client.get("/forms/3/monitoring?lang=en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/forms/3/monitoring?lang%3Den"


def test_the_language_is_remembered_for_the_account(app, make_user):
    make_user(Role.ORGANISER, "org@example.org")
    first = app.test_client()
    first.set_cookie("lang", "en")
    assert _try(first, "org@example.org", PASSWORD).status_code == 302
    assert 'lang="en"' in first.get("/forms").get_data(as_text=True)
    second = app.test_client()  # another device, no cookie: the account's language
    assert _try(second, "org@example.org", PASSWORD, "192.0.2.3").status_code == 302
    assert 'lang="en"' in second.get("/forms").get_data(as_text=True)
    second.post("/language", data={"csrf": _csrf(second, "/account"), "language": "lo", "next": "/forms"})
    assert 'lang="lo"' in second.get("/forms").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.language).where(User.email == "org@example.org")) == "lo"


def test_tokens_are_listed_with_their_last_use_revoked_and_may_expire(app, client, make_token):
    headers = make_token(Role.ANALYST, "a@example.org")
    made = client.post("/api/v1/me/tokens", json={"name": "Power BI", "expires_at": "2099-01-01T00:00:00"},
                       headers=headers)
    assert made.status_code == 201
    new = {"Authorization": f"Bearer {made.get_json()['token']}"}
    assert client.get("/api/v1/forms", headers=new).status_code == 200
    listed = client.get("/api/v1/me/tokens", headers=headers).get_json()["tokens"]
    assert [t["name"] for t in listed] == ["test", "Power BI"]
    assert all("token" not in t for t in listed) and listed[1]["last_used_at"] is not None
    assert client.delete(f"/api/v1/tokens/{listed[1]['id']}", headers=headers).status_code == 200
    assert client.get("/api/v1/forms", headers=new).status_code == 401
    with app.app_context():
        expired = db.session.scalar(select(ApiToken).where(ApiToken.name == "test"))
        expired.expires_at = expired.created_at
        db.session.commit()
    assert client.get("/api/v1/forms", headers=headers).status_code == 401
