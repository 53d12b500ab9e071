"""Files sent with responses: downloaded one by one at the address the exports give, or a
form's as a ZIP, within the SWG rules (sensitive questions' files never reach analysts)."""
from __future__ import annotations

import base64
import csv
import io
import uuid
import zipfile
from urllib.parse import unquote, urlsplit

import openpyxl
import pytest

from apps import governance
from collect.extensions import db
from collect.services.events import create_event
from collect.services.links import create_link
from collect.services.publishing import publish
from collect.store.models import Role
from forms.schema import load_definition

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==")
SCAN = b"%PDF-1.4 scan of an identity card"
HOUSE = "ຮູບ ບ້ານ ນາງ ແກ້ວ.png"  # a Lao file name, kept byte for byte
FIELD_VISIT = {
    "form_id": "field_visit", "version": "1", "languages": ["lo", "en"], "default_language": "lo",
    "title": {"lo": "ການລົງຢ້ຽມຢາມ", "en": "Field visit"},
    "questions": [
        {"name": "photo", "type": "image", "label": {"lo": "ຮູບ", "en": "Photo"}},
        {"name": "id_card", "type": "file", "sensitive": True, "label": {"lo": "ບັດປະຈຳຕົວ", "en": "Identity card"}},
        {"name": "visits", "type": "repeat", "label": {"lo": "ການຢ້ຽມຢາມ", "en": "Visits"}, "children": [
            {"name": "site", "type": "text", "label": {"lo": "ສະຖານທີ່", "en": "Site"}},
            {"name": "site_photo", "type": "image", "label": {"lo": "ຮູບສະຖານທີ່", "en": "Site photo"}},
        ]},
    ],
}


def _file(name: str, kind: str, data: bytes) -> dict:
    return {"name": name, "type": kind, "data": base64.b64encode(data).decode()}


@pytest.fixture
def visits(app, client):
    """The field-visit form at an event in Savannakhet, with two responses and their files."""
    with app.app_context():
        version, _ = publish(load_definition(FIELD_VISIT), governance())
        event = create_event({"kind": "local_consultation", "swg": "governance", "province_code": "LA-SV",
                              "title_lo": "ຢ້ຽມຢາມ ສະຫວັນນະເຂດ", "title_en": "Savannakhet visit"}, None)
        create_link(version.form, event, None, slug="field-visit")
        db.session.commit()
        form_id = version.form_id
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    sent = [client.post("/f/field-visit", json={
        "uuid": first, "version": "1", "answers": {"visits": [{"site": "ບ້ານ ນາໂພ"}, {"site": "ບ້ານ ດົງ"}]},
        "files": {"photo": _file(HOUSE, "image/png", PNG), "id_card": _file("card.pdf", "application/pdf", SCAN),
                  "visits[2]/site_photo": _file("site.png", "image/png", PNG[::-1])}}),
        client.post("/f/field-visit", json={"uuid": second, "version": "1", "answers": {},
                                            "files": {"photo": _file("other.png", "image/png", b"second photo")}})]
    assert [r.status_code for r in sent] == [201, 201], [r.get_data(as_text=True) for r in sent]
    return {"form": form_id, "first": first, "second": second}


def _path(url: str) -> str:
    """The address the export gives, as the test client asks for it (no host)."""
    return urlsplit(url).path


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_each_file_downloads_as_sent_from_the_address_in_the_exports(client, visits, make_token):
    organiser = make_token(Role.ORGANISER, "org@example.org")
    rows = _csv(client.get(f"/api/v1/forms/{visits['form']}/export.csv?headers=paths", headers=organiser))
    mine = next(row for row in rows if row["uuid"] == visits["first"])
    assert mine["photo"].encode("utf-8") == HOUSE.encode("utf-8")
    assert unquote(_path(mine["photo/url"])) == (f"/api/v1/forms/{visits['form']}/responses/"
                                                 f"{visits['first']}/attachments/photo")
    photo = client.get(_path(mine["photo/url"]), headers=organiser)
    assert photo.status_code == 200 and photo.data == PNG and photo.mimetype == "image/png"
    assert "attachment" in photo.headers["Content-Disposition"]
    assert unquote(photo.headers["Content-Disposition"].split("filename*=UTF-8''")[1]) == HOUSE
    card = client.get(_path(mine["id_card/url"]), headers=organiser)
    assert card.data == SCAN and card.mimetype == "application/pdf"

    book = openpyxl.load_workbook(io.BytesIO(client.get(
        f"/api/v1/forms/{visits['form']}/responses.xlsx?headers=names&language=en", headers=organiser).data))
    sheet = book["Visits"]
    header = [c.value for c in sheet[1]]
    instances = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert [(i["uuid"], i["position"], i["site"]) for i in instances] == [
        (visits["first"], 1, "ບ້ານ ນາໂພ"), (visits["first"], 2, "ບ້ານ ດົງ")]
    assert instances[0]["site_photo/url"] is None
    site = client.get(_path(instances[1]["site_photo/url"]), headers=organiser)
    assert site.status_code == 200 and site.data == PNG[::-1]
    assert _path(instances[1]["site_photo/url"]).endswith("/attachments/visits%5B2%5D/site_photo")


def test_analysts_read_the_files_but_never_a_sensitive_questions(client, visits, make_token):
    analyst = make_token(Role.ANALYST, "m-and-e@example.org")
    base = f"/api/v1/forms/{visits['form']}/responses/{visits['first']}/attachments"
    assert client.get(f"{base}/photo", headers=analyst).data == PNG
    refused = client.get(f"{base}/id_card", headers=analyst)
    assert refused.status_code == 404 and refused.get_json()["error"]["code"] == "attachment_not_found"
    rows = _csv(client.get(f"/api/v1/forms/{visits['form']}/export.csv?headers=names", headers=analyst))
    assert "id_card" not in rows[0] and "id_card/url" not in rows[0] and "photo/url" in rows[0]

    def entries(headers, query=""):
        response = client.get(f"/api/v1/forms/{visits['form']}/attachments.zip{query}", headers=headers)
        assert response.status_code == 200 and response.mimetype == "application/zip"
        with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    first, second = visits["first"], visits["second"]
    seen = entries(analyst)
    assert seen == {f"{first}/photo/{HOUSE}": PNG, f"{first}/visits[2]/site_photo/site.png": PNG[::-1],
                    f"{second}/photo/other.png": b"second photo"}
    organiser = make_token(Role.ORGANISER, "org@example.org")
    assert entries(organiser) == {**seen, f"{first}/id_card/card.pdf": SCAN}
    assert entries(organiser, "?sensitive=omit") == seen


def test_the_zip_takes_the_export_filters(client, visits, make_token):
    organiser = make_token(Role.ORGANISER, "org@example.org")
    approved = client.patch(f"/api/v1/responses/{visits['second']}", headers=organiser,
                            json={"status": "approved", "comment": "ok"})
    assert approved.status_code == 200
    response = client.get(f"/api/v1/forms/{visits['form']}/attachments.zip?status=approved", headers=organiser)
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        assert archive.namelist() == [f"{visits['second']}/photo/other.png"]
    nothing = client.get(f"/api/v1/forms/{visits['form']}/attachments.zip?province=LA-XI", headers=organiser)
    with zipfile.ZipFile(io.BytesIO(nothing.data)) as archive:
        assert archive.namelist() == []


def test_another_swg_and_no_credentials_get_nothing(client, visits, make_token):
    other = make_token(Role.ANALYST, "health@example.org", swgs=("health",))
    photo = f"/api/v1/forms/{visits['form']}/responses/{visits['first']}/attachments/photo"
    archive = f"/api/v1/forms/{visits['form']}/attachments.zip"
    for url in (photo, archive):
        assert client.get(url).status_code == 401
        hidden = client.get(url, headers=other)
        assert hidden.status_code == 404 and hidden.get_json()["error"]["code"] == "form_not_found"


def test_wrong_addresses_and_options_are_clear_client_errors(client, visits, make_token, every_type):
    organiser = make_token(Role.ORGANISER, "org@example.org")
    base = f"/api/v1/forms/{visits['form']}"
    other_form = client.post("/f/every-type", json={"uuid": str(uuid.uuid4()), "version": "1",
                                                     "answers": {"province": "LA-VT"}})
    assert other_form.status_code == 201
    cases = {
        f"{base}/responses/{uuid.uuid4()}/attachments/photo": "response_not_found",
        f"{base}/responses/{other_form.get_json()['uuid']}/attachments/photo": "response_not_found",
        f"{base}/responses/{visits['second']}/attachments/id_card": "attachment_not_found",
        f"{base}/responses/{visits['first']}/attachments/visits[1]/site_photo": "attachment_not_found",
        f"{base}/responses/{visits['first']}/attachments/../photo": "attachment_not_found",
        f"{base}/responses/{visits['first']}/attachments/nothing_here": "attachment_not_found",
    }
    for url, code in cases.items():
        response = client.get(url, headers=organiser)
        assert (response.status_code, response.get_json()["error"]["code"]) == (404, code), url
    bad_headers = client.get(f"{base}/export.csv?headers=codes", headers=organiser)
    assert bad_headers.status_code == 400
    assert list(bad_headers.get_json()["error"]["details"]["fields"]) == ["headers"]
    bad_status = client.get(f"{base}/attachments.zip?status=maybe", headers=organiser)
    assert bad_status.status_code == 400 and bad_status.get_json()["error"]["code"] == "invalid_request"


def test_the_zip_holds_one_file_in_memory_at_a_time(app, visits, make_user, tmp_path):
    import os
    import tracemalloc

    from collect.services.attachments import write_zip
    from collect.services.publishing import get_form
    from collect.store import attachments, responses
    from collect.store.models import User
    from collect.store.responses import ResponseFilter

    blob = os.urandom(256 * 1024)
    with app.app_context():
        stored = responses.by_uuid(visits["first"])
        attachments.replace(stored.id, [{"path": f"visits[{n}]/site_photo", "filename": f"{n}.png",
                                         "content_type": "image/png", "data": blob} for n in range(3, 43)])
        db.session.commit()
    organiser = make_user(Role.ORGANISER, "org@example.org")
    with app.app_context():
        reader, form = db.session.get(User, organiser), get_form(visits["form"])
        tracemalloc.start()
        written = write_zip(form, reader, ResponseFilter(), tmp_path / "all.zip")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert written == 44  # 10 MB of files in all ...
    assert peak < 8 * len(blob), peak  # ... never more than a few of them in memory at once
    with zipfile.ZipFile(tmp_path / "all.zip") as archive:
        assert archive.read(f"{visits['first']}/visits[42]/site_photo/42.png") == blob
