"""Links that ask for an access code, and photos uploaded with a response."""
import base64
import io
import re
import uuid

import pytest
from sqlalchemy import select

from collect.extensions import db
from collect.store.models import AccessCode, Attachment, AuditEntry, CollectionLink, LinkAccess, Response

from pages import SLUG, form_fields, valid_post


def issue(runner, *args) -> list[str]:
    result = runner.invoke(args=["links", "codes", SLUG, *args])
    assert result.exit_code == 0, result.output
    return re.findall(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$", result.stdout, re.M)


def rows(app) -> list[Response]:
    with app.app_context():
        return db.session.scalars(select(Response).order_by(Response.id)).all()


def enter(client, code: str):
    """Type ``code`` on the code page; a good one opens the form (kept in a cookie)."""
    return client.post(f"/f/{SLUG}/code", data={"code": code}, follow_redirects=True)


def json_answers(**extra) -> dict:
    return {"uuid": str(uuid.uuid4()), "version": "2019.1", "language": "lo", **extra,
            "answers": {"organisation_kind": "dp", "overall": "5", "content": "4", "organisation": "4"}}


def test_the_cli_prints_unguessable_codes_and_makes_the_link_ask_for_them(app, runner, empty_demo):
    codes = issue(runner, "--count", "25")
    assert len(set(codes)) == 25
    with app.app_context():
        link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == SLUG))
        assert link.access == LinkAccess.CODE_ONCE
        assert db.session.query(AccessCode).filter_by(link_id=link.id).count() == 25
    assert runner.invoke(args=["links", "codes", "no-such-link"]).exit_code != 0


def test_the_page_asks_for_the_code_and_refuses_a_wrong_one(client, runner, empty_demo):
    code = issue(runner, "--count", "1")[0]
    page = client.get(f"/f/{SLUG}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="code"' in html and "ລະຫັດເຂົ້າຮ່ວມ" in html and 'name="_uuid"' not in html
    wrong = enter(client, "AAAA-AAAA")
    assert wrong.status_code == 403
    assert "ລະຫັດເຂົ້າຮ່ວມນີ້ບໍ່ຖືກຕ້ອງ" in wrong.get_data(as_text=True)
    right = enter(client, code.lower().replace("-", " "))  # as typed on a phone
    assert right.status_code == 200
    assert form_fields(right.get_data(as_text=True))["_code"] == code.replace("-", "")
    assert all(code.replace("-", "") not in url for url in [right.request.url, *[r.location for r in right.history]])
    assert client.get(f"/f/{SLUG}").status_code == 200  # the cookie keeps the code for this link


def test_a_once_code_answers_once(app, client, runner, empty_demo):
    code = issue(runner, "--count", "1")[0]
    page = enter(client, code).get_data(as_text=True)
    assert client.post(f"/f/{SLUG}", data=valid_post(page)).status_code == 200
    assert client.post(f"/f/{SLUG}", data=valid_post(page)).status_code == 200  # a retry is fine
    again = client.post(f"/f/{SLUG}", json=json_answers(code=code))
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "code_used"
    assert enter(client, code).status_code == 409
    assert client.post(f"/f/{SLUG}", json=json_answers()).get_json()["error"]["code"] == "code_required"
    stored = rows(app)
    assert len(stored) == 1
    with app.app_context():
        assert db.session.scalar(select(AccessCode.response_uuid)) == stored[0].uuid


def test_an_editable_code_replaces_its_answers_and_keeps_the_first_uuid(app, client, runner, empty_demo):
    code = issue(runner, "--count", "1", "--access", "code_editable")[0]
    first = client.post(f"/f/{SLUG}", json=json_answers(code=code))
    assert first.status_code == 201
    html = enter(client, code).get_data(as_text=True)
    assert "ທ່ານສົ່ງແບບຟອມນີ້ແລ້ວ" in html and 'value="dp" checked' in html  # filled in again
    data = valid_post(html, overall="2", improve="ເວລາ")
    page = client.post(f"/f/{SLUG}", data=data)
    assert page.status_code == 200 and "ບັນທຶກຄຳຕອບທີ່ແກ້ໄຂແລ້ວ" in page.get_data(as_text=True)
    stored = rows(app)
    assert len(stored) == 1
    assert stored[0].uuid == first.get_json()["uuid"]
    assert stored[0].answers["overall"] == "2" and stored[0].answers["improve"] == "ເວລາ"
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "response_replaced"))
        assert entry.target == stored[0].uuid and entry.details["by"] == data["_uuid"]
    third = client.post(f"/f/{SLUG}", json=json_answers(code=code))
    assert third.status_code == 200 and third.get_json()["status"] == "updated"


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==")


def test_a_photo_posted_without_javascript_is_stored_with_the_response(app, client, every_type):
    data = form_fields(client.get("/f/every-type").get_data(as_text=True))
    del data["_add"], data["_remove"]  # buttons, not fields
    data.update({"province": "LA-VT", "people[1]/person": "ນາງ ແກ້ວ", "photo": (io.BytesIO(PNG), "ຮູບ.png")})
    page = client.post("/f/every-type", data=data, content_type="multipart/form-data")
    assert page.status_code == 200, page.get_data(as_text=True)
    response = rows(app)[0]
    assert response.answers["photo"] == "ຮູບ.png"
    with app.app_context():
        attachment = db.session.scalar(select(Attachment))
        assert (attachment.response_id, attachment.path, attachment.data) == (response.id, "photo", PNG)
        assert attachment.content_type == "image/png"


def test_a_photo_sent_through_the_offline_queue_is_stored_and_a_huge_one_refused(app, client, every_type):
    from collect.services.uploads import MAX_UPLOAD_BYTES

    payload = {"uuid": str(uuid.uuid4()), "version": "1", "answers": {"province": "LA-LP"},
               "files": {"photo": {"name": "a.png", "type": "image/png", "data": base64.b64encode(PNG).decode()}}}
    assert client.post("/f/every-type", json=payload).status_code == 201
    assert rows(app)[0].answers["photo"] == "a.png"
    huge = dict(payload, uuid=str(uuid.uuid4()),
                files={"photo": {"name": "b.jpg", "data": base64.b64encode(b"x" * (MAX_UPLOAD_BYTES + 1)).decode()}})
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    refused = client.post("/f/every-type", json=huge)
    assert refused.status_code == 413
    assert refused.get_json()["error"]["code"] == "file_too_large"
    assert len(rows(app)) == 1
