"""What every response carries at the HTTP edge, and what changes behind an HTTPS proxy."""
import pytest

from collect import create_app

from apps import empty_tables
from pages import SLUG


@pytest.mark.parametrize("path", [f"/f/{SLUG}", "/api/v1/forms", "/login", "/healthz", "/static/css/app.css",
                                  "/f/no-such-link"])
def test_every_response_carries_the_security_headers(client, empty_demo, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP: no HSTS


def test_the_participant_page_holds_no_inline_script(client, empty_demo):
    import re

    html = client.get(f"/f/{SLUG}").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    inline = [attrs for attrs, body in scripts if body.strip() and 'type="application/json"' not in attrs]
    assert inline == []
    assert not re.search(r"<[^>]+\son[a-z]+\s*=", html)  # no inline event handlers either


@pytest.fixture
def behind_proxy(database_url, tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "PROXY_FIX_HOPS": 1,
                      "EXPORT_DIR": str(tmp_path)})
    yield app
    empty_tables(app)


def test_behind_an_https_proxy_cookies_are_secure_and_hsts_is_sent(behind_proxy):
    client = behind_proxy.test_client()
    https = client.get("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert https.headers["Strict-Transport-Security"].startswith("max-age=")
    cookie = https.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    plain = behind_proxy.test_client().get("/login")
    assert "Strict-Transport-Security" not in plain.headers and "Secure" not in plain.headers["Set-Cookie"]
