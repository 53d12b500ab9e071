"""Answers marked sensitive (names, phone numbers) are stored like any other, and left out of
what analysts export."""
import io
import uuid

import openpyxl
import pytest

from collect.extensions import db
from collect.services.publishing import publish
from collect.services.links import create_link
from collect.store.models import Role
from forms.schema import load_definition

REGISTRATION = {
    "form_id": "registration", "title": {"lo": "ລົງທະບຽນ", "en": "Registration"}, "version": "1",
    "languages": ["lo", "en"], "default_language": "lo",
    "questions": [
        {"name": "full_name", "type": "text", "sensitive": True, "label": {"lo": "ຊື່ ແລະ ນາມສະກຸນ", "en": "Full name"}},
        {"name": "contact", "type": "group", "label": {"en": "Contact"}, "children": [
            {"name": "phone", "type": "text", "sensitive": True, "label": {"lo": "ເບີໂທ", "en": "Phone"}},
            {"name": "district", "type": "text", "label": {"lo": "ເມືອງ", "en": "District"}}]},
    ],
}
NAME = "ນາງ ບົວພັນ ສີສຸວັນ"


@pytest.fixture
def registered(app, client):
    with app.app_context():
        version, _ = publish(load_definition(REGISTRATION))
        form_id = version.form_id
        create_link(version.form, None, slug="registration")
        db.session.commit()
    sent = client.post("/f/registration", json={"uuid": str(uuid.uuid4()), "version": "1", "answers": {
        "full_name": NAME, "phone": "020 5555 1234", "district": "ຊຳເໜືອ"}})
    assert sent.status_code == 201
    return form_id


def cells(client, url, headers) -> list:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    return [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]


def test_organisers_export_sensitive_answers_analysts_never(client, registered, make_token):
    organiser = make_token(Role.ORGANISER, "org@example.org")
    analyst = make_token(Role.ANALYST, "m-and-e@example.org")
    base = f"/api/v1/forms/{registered}"
    everything = cells(client, f"{base}/export.xlsx", organiser)
    assert NAME in everything and "020 5555 1234" in everything and "ຊຳເໜືອ" in everything
    for url, headers in ((f"{base}/export.xlsx", analyst), (f"{base}/responses.xlsx", analyst),
                         (f"{base}/export.xlsx?sensitive=omit", organiser)):
        shown = cells(client, url, headers)
        assert NAME not in shown and "020 5555 1234" not in shown and "Full name" not in shown
        assert "ຊຳເໜືອ" in shown
    csv_text = client.get(f"{base}/export.csv", headers=analyst).data.decode("utf-8-sig")
    assert NAME not in csv_text and "ຊຳເໜືອ" in csv_text


def test_cli_can_omit_sensitive_answers(runner, registered, tmp_path):
    out = tmp_path / "registration.xlsx"
    assert runner.invoke(args=["export", "registration", "--out", str(out), "--omit-sensitive"]).exit_code == 0
    book = openpyxl.load_workbook(out, read_only=True)
    values = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert NAME not in values and "ຊຳເໜືອ" in values


def test_the_json_listing_hides_sensitive_answers_from_analysts(client, registered, make_token):
    url = f"/api/v1/forms/{registered}/responses"
    seen_by_analyst = client.get(url, headers=make_token(Role.ANALYST, "a@example.org")).get_json()
    assert seen_by_analyst["responses"][0]["answers"] == {"district": "ຊຳເໜືອ"}
    assert seen_by_analyst["responses"][0]["version"] == "1"
    seen_by_organiser = client.get(url, headers=make_token(Role.ORGANISER, "o@example.org")).get_json()
    assert seen_by_organiser["responses"][0]["answers"]["full_name"] == NAME
