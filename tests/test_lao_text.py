"""Lao text survives every path byte for byte: storage, HTML, JSON, CSV and XLSX.

The sample mixes consonants, stacked vowels and tone marks, the ligatures ໜ ໝ, the
repetition mark ໆ, Lao digits, and a decomposed sequence that NFC would change — nothing
on the way may normalise, re-encode or trim it.
"""
import io
import uuid

import openpyxl

from collect.extensions import db
from collect.store.models import Response, Role

LAO = "ສະບາຍດີ ໜ້າທີ່ ໝູ່ບ້ານ ໆ ເດັກນ້ອຍໆ ໑໒໓໔ ແຂວງຫົວພັນ ກໍ່ ຂໍ້ມູນ ຜູ້ຍິງ \u0ec0\u0e81\u0eb5\u0ec8 =SUM(A1)"


def test_lao_survives_storage_html_json_csv_and_xlsx(app, client, demo, make_token):
    headers = make_token(Role.ANALYST)
    response_uuid = str(uuid.uuid4())
    sent = client.post("/f/psi-aug-2019", json={
        "uuid": response_uuid, "version": "2019.1", "language": "lo",
        "answers": {"organisation_kind": "ngo", "overall": "2", "content": "2", "organisation": "3",
                    "improve": LAO, "comments": LAO}})
    assert sent.status_code == 201
    with app.app_context():
        stored = db.session.query(Response).filter_by(uuid=response_uuid).one()
        assert stored.answers["comments"].encode() == LAO.encode()
    form_id = client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]
    listing = client.get(f"/api/v1/forms/{form_id}/responses?per_page=1", headers=headers)
    assert listing.get_json()["responses"][0]["answers"]["improve"].encode() == LAO.encode()
    assert LAO.encode() in listing.data  # raw UTF-8 on the wire, not \u escapes
    assert listing.mimetype == "application/json"

    csv_text = client.get(f"/api/v1/forms/{form_id}/export.csv", headers=headers).data.decode("utf-8-sig")
    assert f"'{LAO}" not in csv_text  # starts with Lao, not with a formula character: not prefixed
    assert LAO in csv_text

    book = openpyxl.load_workbook(io.BytesIO(
        client.get(f"/api/v1/forms/{form_id}/responses.xlsx", headers=headers).data))
    cells = [cell for row in book.worksheets[0].iter_rows(values_only=True) for cell in row]
    assert cells.count(LAO) == 2  # improve and comments, as text (a formula would not read back)

    page = client.post("/f/psi-aug-2019", data={"_uuid": str(uuid.uuid4()), "_version": "2019.1",
                                                "_language": "lo", "comments": LAO})
    assert page.status_code == 422  # required answers missing: the form comes back
    assert LAO.encode() in page.data  # what was typed comes back unchanged
