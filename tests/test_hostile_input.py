"""Hostile input on the public endpoints gets a short, clear refusal and changes nothing:
floods of keys, text that is not text, bodies nested beyond reason, zip bombs."""
import io
import json
import zipfile

import pytest

from collect.store.models import Role

from pages import SLUG, form_fields, json_payload, stored, valid_post


def test_a_flood_of_answer_keys_is_refused_at_once_with_one_short_error(app, client, empty_demo):
    payload = json_payload()
    payload["answers"].update({f"k{i}": "x" for i in range(700_000)})
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    response = client.post(f"/submit/{SLUG}", json=payload)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "answers_too_large"
    assert len(response.data) <= 2048
    assert stored(app) == []


def test_a_few_unknown_keys_are_named_one_by_one(app, client, empty_demo):
    payload = json_payload(martian="x", venusian="y")
    errors = client.post(f"/submit/{SLUG}", json=payload).get_json()["error"]["details"]["errors"]
    assert {"martian", "venusian"} <= set(errors)


def test_a_repeat_with_absurdly_many_instances_is_refused(app, client, every_type):
    payload = {"uuid": json_payload()["uuid"], "version": "1",
               "answers": {"province": "LA-VT", "people": [{"person": "ກ"}] * 5000}}
    response = client.post("/submit/every-type", json=payload)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "answers_too_large"
    assert "repeat" in response.get_json()["error"]["message"]
    assert stored(app) == []


def test_more_picks_than_choices_are_refused(app, client, every_type):
    payload = {"uuid": json_payload()["uuid"], "version": "1",
               "answers": {"province": "LA-VT", "priorities": ["health"] * 500}}
    response = client.post("/submit/every-type", json=payload)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "answers_too_large"


@pytest.mark.parametrize("text", ["ກອງ\x00ປະຊຸມ", "\ud800", "ok\udfff"])
def test_text_that_is_not_text_is_refused_on_every_database(app, client, empty_demo, text):
    body = json.dumps(json_payload(comments=text), ensure_ascii=True)  # "\u0000", "\ud800" on the wire
    response = client.post(f"/submit/{SLUG}", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_text"
    assert stored(app) == []


def test_a_nul_in_a_plain_form_post_is_refused_too(app, client, empty_demo):
    data = valid_post(client.get(f"/f/{SLUG}").get_data(as_text=True), comments="a\x00b")
    response = client.post(f"/f/{SLUG}", data=data)
    assert response.status_code == 422
    assert "ຕົວອັກສອນທີ່ບໍ່ແມ່ນຂໍ້ຄວາມ" in response.get_data(as_text=True)
    assert stored(app) == []


def test_a_body_nested_a_hundred_thousand_deep_is_a_400(app, client, empty_demo):
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    body = '{"uuid": "%s", "version": "2019.1", "answers": {"comments": %s}}' % (
        json_payload()["uuid"], "[" * 100_000 + "]" * 100_000)
    response = client.post(f"/submit/{SLUG}", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "too_deep"
    assert stored(app) == []


def test_nesting_the_parser_follows_is_refused_by_the_form_limits(app, client, empty_demo):
    deep = {"comments": [[[["x"]]]]}
    response = client.post(f"/submit/{SLUG}", json=json_payload(**deep))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "answers_too_large"


def _zip_bomb() -> bytes:
    """An .xlsx-shaped archive whose sheet declares 100 MB of XML in about 100 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"<row>" + b"0" * (1024 * 1024 - 11) + b"</row>"
            for _ in range(100):
                sheet.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_workbook_is_refused_before_it_is_read(app, client, make_token):
    headers = make_token(Role.ORGANISER)
    bomb = _zip_bomb()
    assert len(bomb) < 1024 * 1024
    response = client.post("/api/v1/forms", headers=headers,
                           data={"file": (io.BytesIO(bomb), "survey.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "workbook_too_large"
    assert client.get("/api/v1/forms", headers=headers).get_json()["forms"] == []


def test_the_code_page_takes_no_flood_either(client, runner, empty_demo):
    runner.invoke(args=["links", "codes", SLUG, "--count", "1"])
    response = client.post(f"/f/{SLUG}/code", data={"code": "A" * 100_000})
    assert response.status_code == 403
    assert len(form_fields(response.get_data(as_text=True))) <= 1
