"""The responses workbook through the API: authentication first, then real cells."""
import io
import re

import openpyxl
import pytest

from collect.store.models import Role

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
    from collect.store.models import ApiToken

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
    from collect.services.accounts import create_user
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


def test_filters_choose_the_responses(client, demo, make_token):
    headers = make_token()
    form = client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]
    base = f"/api/v1/forms/{form['id']}/responses.xlsx?language=en&headers=names"

    def count(query: str) -> int:
        response = client.get(base + query, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        rows = _rows(response.data)
        return sum(1 for row in rows[1:] if any(cell is not None for cell in row))

    assert count("") == 74
    first_event = min(link_event_ids(client, headers))
    assert count(f"&event={first_event}") == 30
    assert count("&from=2019-10-01") == 44
    assert count("&from=2019-08-01&to=2019-08-22") == 30
    assert count("&province=LA-VT") == 74
    assert count("&province=LA-XI") == 0
    assert count("&status=approved") == 0
    assert count("&version=2019.1&status=submitted") == 74


def link_event_ids(client, headers) -> list[int]:
    from collect.extensions import db
    from collect.store.models import Event

    with client.application.app_context():
        return [event.id for event in db.session.query(Event)]


def test_a_bad_filter_is_a_clear_400(client, demo, make_token):
    headers = make_token()
    form_id = _form_id(client, headers)
    response = client.get(f"/api/v1/forms/{form_id}/responses.xlsx?from=yesterday&status=lost", headers=headers)
    assert response.status_code == 400
    assert set(response.get_json()["error"]["details"]["fields"]) == {"from", "status"}


def test_csv_has_a_bom_lao_text_and_neutralised_formulas(client, demo, make_token):
    headers = make_token()
    data = valid_post(client.get(f"/f/{SLUG}").get_data(as_text=True), comments="=1+1 ລາວ")
    assert client.post(f"/f/{SLUG}", data=data).status_code == 200
    form_id = _form_id(client, headers)
    response = client.get(f"/api/v1/forms/{form_id}/export.csv?language=lo", headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    assert "ຄຳເຫັນອື່ນໆ" in text  # the Lao header
    assert "'=1+1 ລາວ" in text and ",=1+1" not in text


def test_cli_export_writes_the_file_with_filters(app, runner, demo, tmp_path):
    out = tmp_path / "satisfaction.xlsx"
    result = runner.invoke(args=["export", "gswg_meeting_satisfaction", "--out", str(out), "--raw",
                                 "--language", "en", "--headers", "names", "--from", "2019-10-01"])
    assert result.exit_code == 0, result.output
    assert "Wrote 44 responses" in result.output
    rows = _rows(out.read_bytes())
    assert sum(1 for row in rows[1:] if any(cell is not None for cell in row)) == 44
    assert runner.invoke(args=["export", "nope", "--out", str(out)]).exit_code != 0


@pytest.mark.parametrize("language, meeting, theme", [
    ("en", "PSI – SSWG (August)", "National Assembly and provincial assemblies respond to citizens"),
    ("lo", "ໜ່ວຍງານຍ່ອຍດ້ານປັບປຸງບໍລິຫານລັດຖະການ (ສິງຫາ)", "ການຮັບຟັງຄຳຄິດເຫັນຂອງປະຊາຊົນ"),
])
def test_analyst_workbook_rebuilds_the_satisfaction_table_of_seed_004(client, demo, make_token,
                                                                      language, meeting, theme):
    headers = make_token()
    response = client.get(f"/api/v1/forms/{_form_id(client, headers)}/export.xlsx?language={language}",
                          headers=headers)
    assert response.status_code == 200 and response.mimetype == XLSX
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    report = list(book.worksheets[0].iter_rows(values_only=True))
    table = {row[0]: row for row in report if row and isinstance(row[2], float)}
    assert [round(row[2] * 100) for row in table.values()] == [73, 79, 80]
    assert table[meeting][1] == theme and table[meeting][3] == 30


def test_cli_writes_the_analyst_workbook_by_default(runner, demo, tmp_path):
    out = tmp_path / "report.xlsx"
    result = runner.invoke(args=["export", "gswg_meeting_satisfaction", "--out", str(out), "--language", "en",
                                 "--group-by", "sex"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out, read_only=True)
    assert "By sex" in book.sheetnames and "Data" in book.sheetnames


def test_crosstab_groupings_must_be_places_or_select_one_questions(client, demo, make_token, runner, tmp_path):
    headers = make_token()
    base = f"/api/v1/forms/{_form_id(client, headers)}/export.xlsx?language=en"
    ok = client.get(base + "&group_by=province&group_by=organisation_kind", headers=headers)
    assert ok.status_code == 200
    assert "By organisation_kind" in openpyxl.load_workbook(io.BytesIO(ok.data), read_only=True).sheetnames
    bad = client.get(base + "&group_by=comments&group_by=shoe_size", headers=headers)
    assert bad.status_code == 400
    assert len(bad.get_json()["error"]["details"]["fields"]["group_by"]) == 2
    result = runner.invoke(args=["export", "gswg_meeting_satisfaction", "--out", str(tmp_path / "x.xlsx"),
                                 "--group-by", "comments"])
    assert result.exit_code == 1 and "Cannot group by 'comments'" in result.output
