"""The Report through the API: the bilingual option, a clear error for another language,
and rejected responses left out unless asked for, the sheet saying which were counted."""
from __future__ import annotations

import io
import uuid as uuid_module

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from collect.extensions import db
from collect.store.models import Response, ResponseStatus

AUGUST = "PSI – SSWG (August)"


def _form_id(client, headers) -> int:
    return client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]


def _report(response, sheet: str = "Report") -> list[list]:
    assert response.status_code == 200, response.get_data(as_text=True)
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.data))
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _row(rows, first):
    return next(row for row in rows if row and row[0].split("\n")[-1] == first)


@pytest.mark.parametrize("query", ["language=lo%2Ben", "language=lo+en"])  # "+" in a query string is a space
def test_bilingual_report_through_the_api(client, demo, make_token, query):
    headers = make_token()
    rows = _report(client.get(f"/api/v1/forms/{_form_id(client, headers)}/export.xlsx?{query}", headers=headers),
                   "ລາຍງານ")  # sheets are named in the first language
    assert _row(rows, "Sub-sector meeting")[:3] == ["ກອງປະຊຸມຂອງໜ່ວຍງານຍ່ອຍ\nSub-sector meeting", "ຫົວຂໍ້\nTheme",
                                                   "ລະດັບຄວາມເພິ່ງພໍໃຈ\nOverall satisfaction"]


def test_another_language_is_a_clear_400(client, demo, make_token):
    headers = make_token()
    response = client.get(f"/api/v1/forms/{_form_id(client, headers)}/export.xlsx?language=fr", headers=headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_request" and "language" in error["details"]["fields"]


def test_rejected_responses_are_left_out_unless_asked_for(app, client, demo, make_token):
    headers = make_token()
    form_id = _form_id(client, headers)
    url = f"/api/v1/forms/{form_id}/export.xlsx?language=en"
    before = _row(_report(client.get(url, headers=headers)), AUGUST)
    assert before[3] == 30 and round(before[2] * 100) == 73
    with app.app_context():  # an organiser rejects two satisfied answers of the August meeting
        august = str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, "collect-demo/psi-aug-2019/0"))
        second = str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, "collect-demo/psi-aug-2019/1"))
        for found in db.session.scalars(select(Response).where(Response.uuid.in_([august, second]))):
            found.status = ResponseStatus.REJECTED
        db.session.commit()
    rows = _report(client.get(url, headers=headers))
    after = _row(rows, AUGUST)
    assert after[3] == 28 and after[2] == pytest.approx(20 / 28)
    assert "Responses included: 72 (status: submitted 72). Rejected and deleted responses are not included." in \
        [row[0] for row in rows]
    asked = _report(client.get(url + "&status=submitted&status=rejected", headers=headers))
    assert _row(asked, AUGUST)[3] == 30
    assert ("Responses included: 74 (status: rejected 2, submitted 72). Rejected responses are included, "
            "as asked; deleted responses are not.") in [row[0] for row in asked]
