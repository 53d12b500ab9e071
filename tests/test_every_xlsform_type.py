"""Every XLSForm question type through the whole path, one small inline table each.

For each type a two-row workbook is published through the API (as an organiser uploads
it, with its media), its link's page is rendered, a bad answer is refused with an error
at the question's path, a good one is stored, and the raw export is read back. Types are
written as authors write them, aliases included: which canonical type each becomes is
pyxform's to say (``forms.xlsform_rows``).
"""
from __future__ import annotations

import io
import json
import re
import uuid
from datetime import datetime, time

import openpyxl
import pytest

from collect.store.models import Role
from workbooks import xlsform

HEAD = ["type", "name", "label::Lao (lo)", "label::English (en)", "parameters", "trigger"]
CHOICES = [["list_name", "name", "label::Lao (lo)", "label::English (en)"],
           ["colour", "red", "ແດງ", "Red"], ["colour", "blue", "ຟ້າ", "Blue"],
           ["colour", "green", "ຂຽວ", "Green"]]
DISTRICTS_CSV = "name,label,province\nxaysetha,ໄຊເສດຖາ,LA-VT\nsikhottabong,ສີໂຄດຕະບອງ,LA-VT\n".encode()
DISTRICTS_XML = ("<root><item><name>xaysetha</name><label>ໄຊເສດຖາ</label></item>"
                 "<item><name>paksong</name><label>ປາກຊ່ອງ</label></item></root>").encode()
VILLAGES_GEOJSON = (b'{"type":"FeatureCollection","features":[{"type":"Feature","id":"v1",'
                    b'"properties":{"title":"Ban Nong"},"geometry":{"type":"Point","coordinates":[102.6,17.97]}}]}')
LINE = "17.96 102.61 0 0;17.97 102.62 0 0"
SHAPE = "17.96 102.61 0 0;17.97 102.62 0 0;17.98 102.60 0 0;17.96 102.61 0 0"

#: id -> (type as written, good answer, its cell in the raw export (codes, not labels), bad answer, media,
#: something the rendered page must hold). A bad answer of None: the type takes any text.
CASES = {
    "text": ("text", "ສະບາຍດີ", "ສະບາຍດີ", "ກ" * 10_001, {}, 'type="text"'),
    "string (alias)": ("string", "ok", "ok", [1], {}, 'type="text"'),
    "integer": ("integer", "42", 42, "4.5", {}, 'inputmode="numeric"'),
    "int (alias)": ("q int", "7", 7, "seven", {}, 'inputmode="numeric"'),
    "percentage (alias with its constraint)": ("percentage", "40", 40, "140", {}, 'inputmode="numeric"'),
    "decimal": ("decimal", "2.5", 2.5, "two", {}, 'inputmode="decimal"'),
    "date": ("date", "2024-05-14", datetime(2024, 5, 14), "14/05/2024", {}, 'type="date"'),
    "time": ("time", "09:30", time(9, 30), "half past nine", {}, 'type="time"'),
    "datetime": ("dateTime", "2024-05-14T09:30:00", datetime(2024, 5, 14, 9, 30), "soon", {}, 'type="datetime-local"'),
    "select_one": ("select_one colour", "red", "red", "purple", {}, 'type="radio"'),
    "select_multiple": ("select_multiple colour", ["red", "blue"], "red blue", ["red", "purple"], {}, 'type="checkbox"'),
    "rank": ("rank colour", ["blue", "red", "green"], "blue red green", ["blue", "blue", "red"], {}, 'class="rank"'),
    "range": ("range", "3", 3, "11", {}, 'min="1"'),
    "acknowledge": ("acknowledge", "OK", "OK", "no", {}, 'value="OK"'),
    "trigger (type)": ("trigger", "OK", "OK", "no", {}, 'value="OK"'),
    "geopoint": ("geopoint", "17.96 102.61 0 0", (17.96, 102.61, 0, 0), "Vientiane", {}, 'class="geopoint"'),
    "gps (alias)": ("gps", "17.96 102.61", (17.96, 102.61, None, None), "north", {}, 'class="geopoint"'),
    "geotrace": ("geotrace", LINE, LINE, "17.96 102.61 0 0", {}, 'class="geotrace"'),
    "geoshape": ("geoshape", SHAPE, SHAPE, LINE, {}, 'class="geoshape"'),
    "barcode": ("barcode", "8850123456789", "8850123456789", None, {}, 'class="barcode"'),
    "select_one_from_file csv": ("select_one_from_file districts.csv", "xaysetha", "xaysetha", "paksong",
                                 {"districts.csv": DISTRICTS_CSV}, "ສີໂຄດຕະບອງ"),
    "select_multiple_from_file xml": ("select_multiple_from_file districts.xml", ["paksong"], "paksong",
                                      ["sikhottabong"], {"districts.xml": DISTRICTS_XML}, "ປາກຊ່ອງ"),
    "select_one_from_file geojson": ("select_one_from_file villages.geojson", "v1", "v1", "v2",
                                     {"villages.geojson": VILLAGES_GEOJSON}, "Ban Nong"),
}


def _workbook(qtype: str) -> bytes:
    parameters = "start=1 end=5 step=1" if qtype == "range" else None
    return xlsform([HEAD, [qtype, "q", "ຄຳຖາມ", "Question", parameters, None]], CHOICES)


def _publish(client, headers, book: bytes, filename: str, media: dict[str, bytes]) -> tuple[int, str]:
    data = {"file": (io.BytesIO(book), filename),
            "media": [(io.BytesIO(content), name) for name, content in media.items()]}
    published = client.post("/api/v1/forms?swg=governance", headers=headers, data=data, content_type="multipart/form-data")
    assert published.status_code == 201, published.get_json()
    form_id = published.get_json()["id"]
    link = client.post(f"/api/v1/forms/{form_id}/links", headers=headers, json={})
    assert link.status_code == 201, link.get_json()
    return form_id, link.get_json()["slug"]


def _send(client, slug: str, answers: dict):
    return client.post(f"/f/{slug}", json={"uuid": str(uuid.uuid4()), "version": "1", "language": "en",
                                           "answers": answers})


def _exported(client, headers, form_id: int) -> dict:
    book = client.get(f"/api/v1/forms/{form_id}/responses.xlsx?headers=names&choices=codes", headers=headers)
    assert book.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(book.data), read_only=True).worksheets[0].iter_rows(values_only=True))
    return dict(zip(rows[0], rows[1]))


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_each_type_imports_renders_validates_and_exports(client, make_token, case):
    qtype, good, stored, bad, media, control = case
    headers = make_token(Role.ORGANISER)
    form_id, slug = _publish(client, headers, _workbook(qtype), "every type.xlsx", media)
    page = client.get(f"/f/{slug}?lang=lo")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert control in html and "ຄຳຖາມ" in html
    if bad is not None:
        refused = _send(client, slug, {"q": bad})
        assert refused.status_code == 422, refused.get_json()
        assert list(refused.get_json()["error"]["details"]["errors"]) == ["q"]
    accepted = _send(client, slug, {"q": good})
    assert accepted.status_code == 201, accepted.get_json()
    exported = _exported(client, headers, form_id)
    if isinstance(stored, tuple):  # a point: latitude, longitude, altitude, accuracy, as numbers
        assert tuple(exported[f"q/{part}"] for part in ("latitude", "longitude", "altitude", "accuracy")) == stored
    else:
        assert exported["q"] == stored


@pytest.mark.parametrize("qtype", ["deviceid", "imei", "uri:deviceid", "simserial", "subscriberid",
                                   "phonenumber", "email", "username", "start-geopoint",
                                   "background-audio"])
def test_device_metadata_is_kept_in_the_form_and_stored_empty(client, make_token, qtype):
    headers = make_token(Role.ORGANISER)
    form_id, slug = _publish(client, headers, xlsform([HEAD, ["text", "a", "ກ", "A", None, None],
                                                      [qtype, "meta_q", None, None, None, None]]),
                             "metadata.xlsx", {})
    html = client.get(f"/f/{slug}").get_data(as_text=True)
    assert 'name="meta_q"' not in html  # nothing to fill in: the page cannot know it
    sent = _send(client, slug, {"a": "x", "meta_q": "sent by a client that made it up"})
    assert sent.status_code == 201, sent.get_json()
    exported = _exported(client, headers, form_id)
    assert "meta_q" in exported and exported["meta_q"] is None


@pytest.mark.parametrize("qtype, accept", [("image", "image/*"), ("audio", "audio/*"),
                                           ("video", "video/*"), ("file", None)])
def test_files_are_uploaded_and_their_names_exported(client, make_token, qtype, accept):
    headers = make_token(Role.ORGANISER)
    form_id, slug = _publish(client, headers, _workbook(qtype), "uploads.xlsx", {})
    html = client.get(f"/f/{slug}").get_data(as_text=True)
    assert 'type="file"' in html and (accept is None or f'accept="{accept}"' in html)
    page_fields = {"_uuid": str(uuid.uuid4()), "_version": "1", "_language": "lo",
                   "q": (io.BytesIO(b"\x00recording"), "ສຽງ.bin")}
    sent = client.post(f"/f/{slug}", data=page_fields, content_type="multipart/form-data")
    assert sent.status_code == 200
    assert _exported(client, headers, form_id)["q"] == "ສຽງ.bin"


def test_a_form_without_form_id_is_named_after_its_file_everywhere(client, make_token, runner, tmp_path):
    headers = make_token(Role.ORGANISER)
    first = client.post("/api/v1/forms?swg=governance", headers=headers, content_type="multipart/form-data",
                        data={"file": (io.BytesIO(_workbook("text")), "District survey.xlsx")})
    second = client.post("/api/v1/forms?swg=governance", headers=headers, content_type="multipart/form-data",
                         data={"file": (io.BytesIO(_workbook("integer")), "household.xlsx")})
    assert (first.get_json()["form_id"], second.get_json()["form_id"]) == ("District_survey", "household")
    assert first.get_json()["id"] != second.get_json()["id"]  # two forms, not two versions of one
    path = tmp_path / "village roads.xlsx"
    path.write_bytes(_workbook("text"))
    result = runner.invoke(args=["forms", "import", str(path), "--swg", "governance"])
    assert result.exit_code == 0, result.output
    assert "Form village_roads version 1" in result.output


def test_label_and_choice_media_are_served_from_the_files_published_with_the_form(client, make_token):
    headers = make_token(Role.ORGANISER)
    png = b"\x89PNG\r\n\x1a\nmap"
    book = xlsform([["type", "name", "label::Lao (lo)", "image", "audio"],
                    ["select_one colour", "q", "ຄຳຖາມ", "map.png", "ask.mp3"]],
                   [["list_name", "name", "label::Lao (lo)", "image"], ["colour", "red", "ແດງ", "red.png"],
                    ["colour", "blue", "ຟ້າ", None]])
    _, slug = _publish(client, headers, book, "pictures.xlsx",
                       {"map.png": png, "ask.mp3": b"ID3", "red.png": b"\x89PNGred"})
    html = client.get(f"/f/{slug}").get_data(as_text=True)
    for name, content in (("map.png", png), ("ask.mp3", b"ID3"), ("red.png", b"\x89PNGred")):
        assert f'src="/f/{slug}/media/{name}"' in html
        served = client.get(f"/f/{slug}/media/{name}")
        assert served.status_code == 200 and served.data == content
    assert client.get(f"/f/{slug}/media/other.png").status_code == 404


def test_the_organiser_is_warned_of_what_collect_does_not_use(client, make_token):
    headers = make_token(Role.ORGANISER)
    book = xlsform([["type", "name", "label"], ["text", "a", "A"]], None,
                   [["form_id", "submission_url"], ["warned", "https://kc.example/submission"]])
    published = client.post("/api/v1/forms?lang=lo&swg=governance", headers=headers, content_type="multipart/form-data",
                            data={"file": (io.BytesIO(book), "warned.xlsx")})
    assert published.status_code == 201
    warnings = published.get_json()["warnings"]
    assert [(w["sheet"], w["row"], w["column"]) for w in warnings] == [("settings", 2, "submission_url")]
    assert "submission_url" in warnings[0]["message"] and warnings[0]["message"] == warnings[0]["message_lo"]


def test_the_page_opens_in_the_default_language_of_the_settings(client, make_token):
    headers = make_token(Role.ORGANISER)
    book = xlsform([["type", "name", "label::Lao (lo)", "label::English (en)"], ["text", "a", "ບ້ານ", "Village"]],
                   None, [["form_id", "default_language"], ["english_first", "English (en)"]])
    _, slug = _publish(client, headers, book, "english_first.xlsx", {})
    html = client.get(f"/f/{slug}").get_data(as_text=True)
    assert '<html lang="en">' in html and "Village" in html
    assert '<html lang="lo">' in client.get(f"/f/{slug}?lang=lo").get_data(as_text=True)


def test_answers_shown_in_labels_are_filled_in_on_a_page_served_without_javascript(client, make_token):
    headers = make_token(Role.ORGANISER)
    book = xlsform([["type", "name", "label::Lao (lo)", "calculation", "required"],
                    ["integer", "age", "ອາຍຸ", None, None],
                    ["calculate", "age_next", None, "${age} + 1", None],
                    ["note", "told", "ປີໜ້າ ທ່ານຈະມີອາຍຸ ${age_next} ປີ", None, None],
                    ["text", "why", "ເປັນຫຍັງ", None, "yes"]], None, [["form_id"], ["outputs"]])
    _, slug = _publish(client, headers, book, "outputs.xlsx", {})
    assert "ປີໜ້າ ທ່ານຈະມີອາຍຸ  ປີ" in client.get(f"/f/{slug}").get_data(as_text=True)  # nothing yet
    again = client.post(f"/f/{slug}", data={"_uuid": str(uuid.uuid4()), "_version": "1", "_language": "lo",
                                            "age": "41"})
    assert again.status_code == 422  # "why" is required: the page comes back, filled in
    assert "ປີໜ້າ ທ່ານຈະມີອາຍຸ 42 ປີ" in again.get_data(as_text=True)


def test_the_organiser_downloads_the_xlsform_a_version_was_published_from(client, make_token):
    headers = make_token(Role.ORGANISER)
    book = _workbook("integer")
    form_id, _ = _publish(client, headers, book, "ແບບຟອມ households.xlsx", {})
    source = client.get(f"/api/v1/forms/{form_id}/versions/1.xlsx", headers=headers)
    assert source.status_code == 200 and source.data == book  # byte for byte
    assert source.headers["Content-Disposition"].endswith("%20households.xlsx")  # its Lao name kept
    assert "filename*=UTF-8''%E0%BB%81%E0%BA%9A" in source.headers["Content-Disposition"]
    assert client.get(f"/api/v1/forms/{form_id}/versions/9.xlsx", headers=headers).status_code == 409


def test_guidance_hints_wait_folded_under_the_hint_in_each_language(client, make_token):
    headers = make_token(Role.ORGANISER)
    book = xlsform([["type", "name", "label::Lao (lo)", "label::English (en)", "hint::Lao (lo)",
                     "guidance_hint::Lao (lo)", "guidance_hint::English (en)"],
                    ["integer", "staff", "ພະນັກງານ", "Staff", "ຈຳນວນຄົນ", "ນັບທຸກຄົນທີ່ເຮັດວຽກເຕັມເວລາ",
                     "Count everyone who works full time"]], None, [["form_id"], ["guided"]])
    _, slug = _publish(client, headers, book, "guided.xlsx", {})
    lao = client.get(f"/f/{slug}").get_data(as_text=True)
    assert '<details class="guidance"><summary data-t="u guidance">ຄຳແນະນຳເພີ່ມເຕີມ</summary>' in lao
    assert '<p data-t="q staff gh">ນັບທຸກຄົນທີ່ເຮັດວຽກເຕັມເວລາ</p>' in lao
    english = client.get(f"/f/{slug}?lang=en").get_data(as_text=True)
    assert "More guidance</summary>" in english and "Count everyone who works full time</p>" in english
    # form.js switches it with the rest of the page, from the definition embedded in the page
    embedded = json.loads(re.search(r'<script type="application/json" id="collect-form">(.*?)</script>', lao).group(1))
    staff = next(q for q in embedded["form"]["questions"] if q["n"] == "staff")
    assert staff["gh"] == {"lo": "ນັບທຸກຄົນທີ່ເຮັດວຽກເຕັມເວລາ", "en": "Count everyone who works full time"}
