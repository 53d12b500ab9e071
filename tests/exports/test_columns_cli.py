"""The command-line export leaves sensitive answers out unless asked, as the API does for
analysts, and takes the same header modes and file addresses."""
from __future__ import annotations

import base64
import csv
import uuid

import pytest

from apps import governance
from collect.extensions import db
from collect.services.links import create_link
from collect.services.publishing import publish
from forms.schema import load_definition

NAME = "ນາງ ບົວພັນ ສີສຸວັນ"
REGISTRATION = {
    "form_id": "cli_registration", "title": {"lo": "ລົງທະບຽນ", "en": "Registration"}, "version": "1",
    "languages": ["lo", "en"], "default_language": "lo",
    "questions": [
        {"name": "full_name", "type": "text", "sensitive": True, "label": {"lo": "ຊື່ ແລະ ນາມສະກຸນ", "en": "Full name"}},
        {"name": "office", "type": "group", "label": {"lo": "ຫ້ອງການ", "en": "Office"}, "children": [
            {"name": "district", "type": "text", "label": {"lo": "ເມືອງ", "en": "District"}}]},
        {"name": "badge", "type": "image", "label": {"lo": "ຮູບ", "en": "Photo"}},
    ],
}


@pytest.fixture
def registered(app, client):
    with app.app_context():
        version, _ = publish(load_definition(REGISTRATION), governance())
        create_link(version.form, None, None, slug="cli-registration")
        db.session.commit()
    sent = client.post("/f/cli-registration", json={
        "uuid": str(uuid.uuid4()), "version": "1", "answers": {"full_name": NAME, "district": "ຊຳເໜືອ"},
        "files": {"badge": {"name": "ບັດ.png", "type": "image/png", "data": base64.b64encode(b"png").decode()}}})
    assert sent.status_code == 201
    return sent.get_json()["uuid"]


def _export(runner, tmp_path, *options) -> list[list[str]]:
    out = tmp_path / "out.csv"
    result = runner.invoke(args=["export", "cli_registration", "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_sensitive_answers_only_when_asked(runner, registered, tmp_path):
    left_out = _export(runner, tmp_path, "--headers", "names")
    assert "full_name" not in left_out[0] and NAME not in left_out[1] and "ຊຳເໜືອ" in left_out[1]
    assert _export(runner, tmp_path, "--omit-sensitive") == _export(runner, tmp_path)
    included = _export(runner, tmp_path, "--headers", "names", "--include-sensitive")
    assert included[1][included[0].index("full_name")].encode("utf-8") == NAME.encode("utf-8")


def test_paths_and_file_addresses_from_the_command_line(runner, registered, tmp_path):
    rows = _export(runner, tmp_path, "--headers", "paths", "--base-url", "https://collect.example/")
    row = dict(zip(rows[0], rows[1]))
    assert row["office/district"] == "ຊຳເໜືອ" and row["badge"] == "ບັດ.png"
    assert row["badge/url"].startswith("https://collect.example/api/v1/forms/")
    assert row["badge/url"].endswith(f"/responses/{registered}/attachments/badge")
    assert "badge/url" not in _export(runner, tmp_path, "--headers", "paths")[0]
    wrong = runner.invoke(args=["export", "cli_registration", "--out", str(tmp_path / "x.csv"), "--headers", "codes"])
    assert wrong.exit_code == 2 and "codes" in wrong.output and not (tmp_path / "x.csv").exists()
