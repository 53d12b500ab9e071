"""The responses workbook through the API: authentication first, then real cells."""
import io
import re

import openpyxl
import pytest

from collect.models import Role

from pages import LAO_COMMENT, SLUG, valid_post

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_id(client, headers) -> int:
    return client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]


def _rows(workbook_bytes: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_export_without_credentials_is_401_never_data(client, demo, make_token):
    form_id = _form_id(client, make_token())
    for headers in ({}, {"Authorization": "Bearer collect_wrong"}, {"Authorization": "Basic abc"}):
        response = client.get(f"/api/v1/forms/{form_id}/responses.xlsx", headers=headers)
        assert response.status_code == 401
        assert response.mimetype == "application/json"
        assert response.get_json()["error"]["code"] == "unauthorised"


def test_listing_forms_needs_credentials(client, demo):
    assert client.get("/api/v1/forms").status_code == 401


def test_workbook_has_one_row_per_response_with_typed_cells(client, demo, make_token):
    headers = make_token(Role.ORGANISER)
    data = valid_post(client.get(f"/f/{SLUG}").get_data(as_text=True))
    data["comments"] = LAO_COMMENT
    assert client.post(f"/f/{SLUG}", data=data).status_code == 200
    forms = client.get("/api/v1/forms", headers=headers).get_json()["forms"]
    assert forms[0]["responses"] == 75
    response = client.get(f"/api/v1/forms/{forms[0]['id']}/responses.xlsx?language=en", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == XLSX
    rows = _rows(response.data)
    header_row = next(i for i, row in enumerate(rows) if "Other comments" in row)
    header = rows[header_row]
    body = [row for row in rows[header_row + 1:] if any(cell is not None for cell in row)]
    assert len(body) == 75
    mine = next(row for row in body if LAO_COMMENT in row)
    assert mine[header.index("Other comments")] == LAO_COMMENT  # Lao and "=1+1" intact, as text
    count = mine[header.index("How many people from your organisation attended?")]
    assert count == 3 and isinstance(count, int | float)


def test_analysts_and_organisers_may_export_but_a_revoked_token_may_not(app, client, demo, make_token):
    from datetime import datetime

    from collect.extensions import db
    from collect.models import ApiToken

    headers = make_token(Role.ANALYST)
    form_id = _form_id(client, headers)
    assert client.get(f"/api/v1/forms/{form_id}/responses.xlsx", headers=headers).status_code == 200
    with app.app_context():
        for token in db.session.query(ApiToken):
            token.revoked_at = datetime.utcnow()
        db.session.commit()
    assert client.get(f"/api/v1/forms/{form_id}/responses.xlsx", headers=headers).status_code == 401


def test_unknown_form_is_404(client, demo, make_token):
    response = client.get("/api/v1/forms/999/responses.xlsx", headers=make_token())
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "form_not_found"


def test_signed_in_session_may_download(client, demo, app):
    from collect.auth import create_user
    from collect.extensions import db

    with app.app_context():
        create_user("organiser@example.org", Role.ORGANISER, "long-password")
        db.session.commit()
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    wrong = client.post("/login", data={"csrf": csrf, "email": "organiser@example.org", "password": "nope"})
    assert wrong.status_code == 401
    signed_in = client.post("/login", data={"csrf": csrf, "email": "organiser@example.org",
                                            "password": "long-password"})
    assert signed_in.status_code == 302
    dashboard = client.get("/dashboard").get_data(as_text=True)
    link = re.search(r'href="(/api/v1/forms/\d+/responses.xlsx[^"]*)"', dashboard).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 200 and response.mimetype == XLSX


def test_login_without_csrf_token_changes_nothing(client, demo):
    assert client.post("/login", data={"email": "a@b.org", "password": "x"}).status_code == 400
