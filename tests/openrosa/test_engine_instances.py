"""Every built-in template filled by ODK's XForm engine and sent as ODK Collect sends it:
the XForm comes from pyxform (kept at publishing), the instance from the engine, and the
stored row and its export cells are those of the same answers sent by the web page."""
from __future__ import annotations

import io
import random
import uuid

import openpyxl
import pytest

from forms.samples import sample_answers
from forms.xlsform import read_xlsform

from conftest import TEMPLATES, steps, stored, template

TEMPLATE_NAMES = ["meeting_satisfaction", "sdg_seminar", "capacity_assessment", "pre_rtm_consultation"]


def _inputs(form, answers: dict) -> dict:
    """What a person answers: the answers but calculations and metadata, which the server
    works out or the device records."""
    computed = {q.key for q, _ in form.walk() if q.is_metadata or q.type in ("calculate", "hidden")}
    return {key: value for key, value in answers.items() if key not in computed}


def _export_rows(client, headers, form_pk: int) -> dict[str, dict]:
    book = client.get(f"/api/v1/forms/{form_pk}/responses.xlsx?headers=names&choices=codes", headers=headers)
    assert book.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(book.data), read_only=True).worksheets[0].iter_rows(values_only=True))
    header = rows[0]
    return {row[header.index("uuid")] if "uuid" in header else row[0]: dict(zip(header, row)) for row in rows[1:]}


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_the_engine_s_instance_is_stored_as_the_web_page_stores_the_same_answers(app, client, field, odk, name):
    form = read_xlsform(TEMPLATES / f"{name}.xlsx")
    setup = field(template(name), f"{name}.xlsx")
    answers = sample_answers(form, random.Random(name))
    web_uuid = str(uuid.uuid4())
    web = client.post(f"/submit/{setup.slug}", json={"uuid": web_uuid, "version": form.version, "language": "lo",
                                                    "answers": _inputs(form, answers)})
    assert web.status_code == 201, web.get_json()

    sent = odk({"server": setup.address, "formID": form.form_id, "steps": steps(form, answers)})
    assert "error" not in sent, sent
    assert [post["status"] for post in sent["posts"]] == [201]
    assert "ໄດ້ຮັບແບບຟອມແລ້ວ" in sent["posts"][0]["body"]  # the enumerator's Lao message
    assert sent["name"] == form.title["lo"] and sent["version"] == form.version

    by_web, by_app = stored(app)
    assert by_web.uuid == web_uuid and by_app.uuid == sent["instanceID"].removeprefix("uuid:")
    for column in ("form_version_id", "event_id", "link_id", "language", "status"):
        assert getattr(by_app, column) == getattr(by_web, column), column
    metadata = {q.key for q, _ in form.walk() if q.is_metadata}
    assert {k: v for k, v in by_app.answers.items() if k not in metadata} == by_web.answers
    assert metadata <= set(by_app.answers)  # what the device recorded (today, start, end) is kept

    exported = _export_rows(client, setup.headers, setup.form_pk)
    web_cells, app_cells = exported[by_web.uuid], exported[by_app.uuid]
    answered = [q.name for q, _ in form.walk() if q.carries_answer and q.key not in metadata]
    compared = [column for column in web_cells if column in answered]
    assert compared and [web_cells[c] for c in compared] == [app_cells[c] for c in compared]
