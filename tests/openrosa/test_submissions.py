"""What the server does with what a device sends: re-sends, files over several POSTs, an
edit (deprecatedID), a conflicting re-send, a missing instanceID, a closed link. Instances
come from ODK's XForm engine (``odk``); re-sends go out as Collect sends (``send``)."""
from __future__ import annotations

import re
import uuid

from sqlalchemy import select

from collect.extensions import db
from collect.store.models import Attachment, AuditEntry, ResponseVersion
from forms.xlsform import read_xlsform

from conftest import TEMPLATES, send, steps, stored, template
from workbooks import xlsform

SATISFACTION = {"organisation_kind": "local_gov", "sex": "female", "overall": "4", "content": "5",
                "organisation": "4", "useful_parts": ["discussion", "documents"], "participants_from_org": 3,
                "comments": "ກອງປະຊຸມດີຫຼາຍ"}
#: A form with three files, each a few kilobytes: more than one POST of 4 kB holds.
PHOTOS = xlsform([["type", "name", "label::Lao (lo)", "required"],
                  ["text", "site", "ສະຖານທີ່", "yes"],
                  ["image", "front", "ຮູບດ້ານໜ້າ", None],
                  ["image", "back", "ຮູບດ້ານຫຼັງ", None],
                  ["audio", "voice", "ສຽງ", None]], None, [["form_id", "version"], ["site_photos", "1"]])
FILES = {"ໜ້າ.jpg": ("image/jpeg", b"\xff\xd8\xff" + b"f" * 3000), "ຫຼັງ.jpg": ("image/jpeg", b"\xff\xd8\xff" + b"b" * 3000),
         "voice.m4a": ("audio/mp4", b"\x00\x00\x00\x18ftyp" + b"v" * 3000)}


def _satisfaction(field, odk, answers=SATISFACTION):
    form = read_xlsform(TEMPLATES / "meeting_satisfaction.xlsx")
    setup = field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx")
    sent = odk({"server": setup.address, "formID": form.form_id, "steps": steps(form, answers)})
    assert [post["status"] for post in sent["posts"]] == [201], sent
    return form, setup, sent


def _versions(app) -> list[tuple[int, str, str | None]]:
    with app.app_context():
        return [(v.response_id, v.instance_id, v.deprecated_id)
                for v in db.session.scalars(select(ResponseVersion).order_by(ResponseVersion.id))]


def test_a_re_send_is_acknowledged_and_stored_once(app, client, field, odk):
    _, setup, sent = _satisfaction(field, odk)
    for _ in range(2):  # Collect re-sends a sent form when asked (getodk/collect#3517)
        again = send(client, setup.path, sent["instanceXML"].encode())
        assert again.status_code == 202
        assert "ແບບຟອມນີ້ໄດ້ຮັບແລ້ວ" in again.get_data(as_text=True)
        assert again.headers["X-OpenRosa-Version"] == "1.0"
    assert len(stored(app)) == 1 and len(_versions(app)) == 1
    english = send(client, setup.path, sent["instanceXML"].encode(), headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "already received" in english.get_data(as_text=True) and english.headers["Content-Language"] == "en"


def test_different_answers_under_a_known_instance_id_are_refused_and_change_nothing(app, client, field, odk):
    _, setup, sent = _satisfaction(field, odk)
    changed = sent["instanceXML"].replace("<overall>4</overall>", "<overall>1</overall>")
    refused = send(client, setup.path, changed.encode())
    assert refused.status_code == 409
    assert 'nature="error"' in refused.get_data(as_text=True) and "ບໍ່ມີຫຍັງຖືກປ່ຽນແປງ" in refused.get_data(as_text=True)
    assert stored(app)[0].answers["overall"] == "4"


def test_files_sent_over_several_posts_join_one_response(app, client, field, odk):
    form = read_xlsform(PHOTOS, filename="site_photos.xlsx")
    setup = field(PHOTOS, "site_photos.xlsx")
    answers = {"site": "ບ້ານ ໂນນສະຫວ່າງ", "front": "ໜ້າ.jpg", "back": "ຫຼັງ.jpg", "voice": "voice.m4a"}
    sent = odk({"server": setup.address, "formID": "site_photos", "maxSize": 4000,
                "steps": steps(form, answers, FILES)})
    assert len(sent["posts"]) == 3 and [post["status"] for post in sent["posts"]] == [201, 201, 201], sent
    assert all("xml_submission_file" in post["parts"] for post in sent["posts"])  # the whole XML each time
    (response,) = stored(app)
    assert response.answers == answers
    with app.app_context():
        kept = {a.path: (a.filename, a.content_type, a.data)
                for a in db.session.scalars(select(Attachment).where(Attachment.response_id == response.id))}
    assert kept == {"front": ("ໜ້າ.jpg", "image/jpeg", FILES["ໜ້າ.jpg"][1]),
                    "back": ("ຫຼັງ.jpg", "image/jpeg", FILES["ຫຼັງ.jpg"][1]),
                    "voice": ("voice.m4a", "audio/mp4", FILES["voice.m4a"][1])}
    document = sent["instanceXML"].encode()
    resent = send(client, setup.path, document, {"back": (FILES["ຫຼັງ.jpg"][1], "image/jpeg")})
    assert resent.status_code == 202  # a part sent again adds nothing
    other = send(client, setup.path, document, {"ຫຼັງ.jpg": (b"\xff\xd8\xffother", "image/jpeg")})
    assert other.status_code == 409 and "ຫຼັງ.jpg" in other.get_data(as_text=True)
    page = send(client, setup.path, sent["instanceXML"].replace("ໜ້າ.jpg", "page.html").replace(
        sent["instanceID"], f"uuid:{uuid.uuid4()}").encode(), {"page.html": (b"<script>", "text/html")})
    assert page.status_code == 415  # a file a browser would run is no photo
    assert len(stored(app)) == 1


def test_an_edit_is_a_new_version_of_its_response(app, client, field, odk):
    form, setup, first = _satisfaction(field, odk)
    edit = odk({"server": setup.address, "formID": form.form_id, "edit": {"instanceXML": first["instanceXML"]},
                "steps": [{"path": "comments", "value": "ແກ້ໄຂແລ້ວ"}]})
    assert [post["status"] for post in edit["posts"]] == [201], edit
    assert "ໄດ້ຮັບການແກ້ໄຂແລ້ວ" in edit["posts"][0]["body"]
    assert edit["deprecatedID"] == first["instanceID"] and edit["instanceID"] != first["instanceID"]
    (response,) = stored(app)
    original = first["instanceID"].removeprefix("uuid:")
    assert response.uuid == original and response.answers == {**SATISFACTION, "comments": "ແກ້ໄຂແລ້ວ"}
    revised = edit["instanceID"].removeprefix("uuid:")
    assert _versions(app) == [(response.id, original, None), (response.id, revised, original)]
    with app.app_context():
        audit = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "response_replaced")).all()
        assert [(a.target, a.details["by"]) for a in audit] == [(original, revised)]
        documents = [v.document for v in db.session.scalars(select(ResponseVersion).order_by(ResponseVersion.id))]
    assert "ກອງປະຊຸມດີຫຼາຍ" in documents[0] and "ແກ້ໄຂແລ້ວ" in documents[1]  # every version as sent

    assert send(client, setup.path, first["instanceXML"].encode()).status_code == 202  # the old one again
    assert send(client, setup.path, edit["instanceXML"].encode()).status_code == 202  # the edit again
    assert stored(app)[0].answers["comments"] == "ແກ້ໄຂແລ້ວ"
    stale = first["instanceXML"].replace("</instanceID>", "</instanceID><deprecatedID>" + first["instanceID"]
                                         + "</deprecatedID>").replace(first["instanceID"], f"uuid:{uuid.uuid4()}", 1)
    refused = send(client, setup.path, stale.encode())
    assert refused.status_code == 409 and "ຖືກແກ້ໄຂໄປແລ້ວ" in refused.get_data(as_text=True)
    unknown = stale.replace(first["instanceID"], f"uuid:{uuid.uuid4()}")
    assert send(client, setup.path, unknown.encode()).status_code == 404
    assert len(stored(app)) == 1


def test_an_instance_without_an_instance_id_is_refused(app, client, field, odk):
    _, setup, sent = _satisfaction(field, odk)
    document = sent["instanceXML"]
    empty = re.sub(r"<instanceID>[^<]*</instanceID>", "<instanceID/>", document)
    missing = re.sub(r"<meta>.*</meta>", "", document)
    for refused in (send(client, setup.path, empty.encode()), send(client, setup.path, missing.encode())):
        assert refused.status_code == 400
        assert "meta/instanceID" in refused.get_data(as_text=True)  # (getodk/aggregate#331, central#1424)
    assert send(client, setup.path, b"<data id='x'><unclosed></data>").status_code == 400
    assert len(stored(app)) == 1


def test_a_closed_link_is_not_listed_and_refuses_apps_too(app, client, field, odk):
    form, setup, sent = _satisfaction(field, odk)
    closed = client.patch(f"/api/v1/links/{setup.slug}", headers=setup.headers, json={"is_open": False})
    assert closed.status_code == 200
    listed = client.get(f"{setup.path}/formList", headers={"X-OpenRosa-Version": "1.0"})
    assert listed.status_code == 200 and form.form_id not in listed.get_data(as_text=True)
    fresh = sent["instanceXML"].replace(sent["instanceID"], f"uuid:{uuid.uuid4()}")
    refused = send(client, setup.path, fresh.encode())
    assert refused.status_code == 410 and "ແບບຟອມນີ້ປິດແລ້ວ" in refused.get_data(as_text=True)
    assert send(client, setup.path, sent["instanceXML"].encode()).status_code == 202  # sent before it closed
    assert len(stored(app)) == 1
