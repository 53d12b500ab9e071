"""Publishing forms through the API and the CLI: XLSForm and JSON, versions, broken files."""
import io
import json
import uuid

import pytest
from sqlalchemy import func, select

from collect.extensions import db
from collect.store.models import Form, FormVersion, Role

from workbooks import CHOICES, SURVEY, settings, xlsform


def upload(client, headers, data: bytes, name: str = "form.xlsx", lang: str = "en"):
    return client.post(f"/api/v1/forms?lang={lang}", headers=headers,
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count(Form.id))),
                db.session.scalar(select(func.count(FormVersion.id))))


def test_an_xlsform_is_published_once_and_then_acknowledged(app, client, make_token):
    headers = make_token(Role.ORGANISER)
    book = xlsform(SURVEY, CHOICES, settings("1"))
    first = upload(client, headers, book)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["form_id"] == "attendance" and first.get_json()["created"] is True
    again = upload(client, headers, book)
    assert again.status_code == 200 and again.get_json()["created"] is False
    assert counts(app) == (1, 1)
    with app.app_context():
        stored = db.session.scalar(select(FormVersion)).definition
    assert stored["questions"][0]["label"] == {"lo": "ທ່ານໄດ້ເຂົ້າຮ່ວມບໍ?", "en": "Did you attend?"}


def test_an_edit_needs_a_new_version_and_old_versions_still_take_submissions(app, client, make_token):
    from collect.services.links import create_link

    headers = make_token(Role.ORGANISER)
    assert upload(client, headers, xlsform(SURVEY, CHOICES, settings("1"))).status_code == 201
    edited = SURVEY + [["text", "remarks", "ຂໍ້ສັງເກດ", "Remarks", ""]]
    clash = upload(client, headers, xlsform(edited, CHOICES, settings("1")))
    assert clash.status_code == 409 and clash.get_json()["error"]["code"] == "version_exists"
    assert upload(client, headers, xlsform(edited, CHOICES, settings("2"))).status_code == 201
    assert counts(app) == (1, 2)
    with app.app_context():
        create_link(db.session.scalar(select(Form)), None, slug="attendance")
        db.session.commit()
    old = client.post("/f/attendance", json={"uuid": str(uuid.uuid4()), "version": "1",
                                             "answers": {"attended": "yes", "days": 2}})
    assert old.status_code == 201
    new = client.post("/f/attendance", json={"uuid": str(uuid.uuid4()), "version": "2",
                                             "answers": {"attended": "no", "remarks": "ລາວ"}})
    assert new.status_code == 201
    stale_field = client.post("/f/attendance", json={"uuid": str(uuid.uuid4()), "version": "1",
                                                     "answers": {"attended": "no", "remarks": "x"}})
    assert stale_field.status_code == 422  # version 1 has no such question


@pytest.mark.parametrize("lang, expected", [("en", "The form cannot be imported"),
                                            ("lo", "ບໍ່ສາມາດນຳເຂົ້າແບບຟອມໄດ້")])
def test_a_broken_workbook_lists_its_problems_in_the_organisers_language_and_stores_nothing(
        app, client, make_token, lang, expected):
    headers = make_token(Role.ORGANISER)
    broken = xlsform(SURVEY + [["select_one missing_list", "q3", "ຄຳຖາມ", "Question", ""]], CHOICES)
    response = upload(client, headers, broken, lang=lang)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid_form" and error["message"].startswith(expected)
    issue = error["details"]["issues"][0]
    assert issue["sheet"] == "survey" and issue["row"] == 4
    assert issue["message"] == issue["message_" + lang]
    assert counts(app) == (0, 0)


def test_not_a_workbook_at_all(app, client, make_token):
    response = upload(client, make_token(Role.ORGANISER), b"name,type\nq1,text\n", name="form.xlsx")
    assert response.status_code == 422
    assert counts(app) == (0, 0)


def test_a_json_definition_is_accepted_and_a_bad_one_explained(app, client, make_token):
    headers = make_token(Role.ORGANISER)
    definition = json.loads(open("forms/templates/meeting_satisfaction.json", encoding="utf-8").read())
    assert upload(client, headers, json.dumps(definition).encode(), name="survey.json").status_code == 201
    definition["version"] = "2"
    definition["questions"][0]["type"] = "telepathy"
    response = upload(client, headers, json.dumps(definition).encode(), name="survey.json")
    assert response.status_code == 422
    columns = [issue["column"] for issue in response.get_json()["error"]["details"]["issues"]]
    assert "questions.0.type" in columns
    assert counts(app) == (1, 1)


def test_only_organisers_and_admins_may_publish(client, make_token):
    book = xlsform(SURVEY, CHOICES, settings("1"))
    assert upload(client, {}, book).status_code == 401
    assert upload(client, make_token(Role.ANALYST), book).status_code == 403
    assert upload(client, make_token(Role.ADMIN, "boss@example.org"), book).status_code == 201
    assert client.post("/api/v1/forms", headers=make_token(Role.ORGANISER)).status_code == 400


def test_cli_import_reports_rows_and_changes_nothing_on_error(app, runner, tmp_path):
    good = tmp_path / "attendance.xlsx"
    good.write_bytes(xlsform(SURVEY, CHOICES, settings("1")))
    result = runner.invoke(args=["forms", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert "Form attendance version 1: published" in result.output
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsform(SURVEY + [["teleport", "q3", "ຄຳຖາມ", "Question", ""]], CHOICES, settings("2")))
    result = runner.invoke(args=["forms", "import", str(bad), "--language", "lo"])
    assert result.exit_code == 1
    assert "row 4" in result.output
    assert counts(app) == (1, 1)
