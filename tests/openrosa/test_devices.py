"""Who a device signs in as and what it is offered: app users by token (their settings QR
code), by Digest or Basic, participants' access codes; the form list, the XForm and the
manifest as ODK Collect reads them."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import uuid
import zlib

from collect.extensions import db
from collect.services.app_users import qr_png, settings_code
from collect.store.models import Role
from forms.xlsform import read_xlsform

from conftest import TEMPLATES, send, steps, stored, template
from workbooks import xlsform

OPENROSA = {"X-OpenRosa-Version": "1.0"}
ANSWERS = {"organisation_kind": "dp", "overall": "5", "content": "4", "organisation": "4"}
DISTRICTS = "name,label\nxaysetha,ໄຊເສດຖາ\nsikhottabong,ສີໂຄດຕະບອງ\n"
FROM_FILE = xlsform([["type", "name", "label::Lao (lo)", "label::English (en)", "image::Lao (lo)"],
                     ["select_one_from_file districts.csv", "district", "ເມືອງ", "District", "map.png"]], None,
                    [["form_id", "version", "form_title", "form_title_en"], ["districts", "3", "ເມືອງ", "Districts"]])


def _satisfaction_form():
    return read_xlsform(TEMPLATES / "meeting_satisfaction.xlsx")


def test_the_settings_qr_code_configures_collect_with_the_token_address(client, field):
    setup = field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx")
    user = setup.app_user
    png = client.get(f"/api/v1/app-users/{user['id']}/qr.png", headers=setup.headers)
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data.startswith(b"\x89PNG")
    assert png.data == qr_png(settings_code(user["settings"]))
    scanned = json.loads(zlib.decompress(base64.b64decode(settings_code(user["settings"]))))
    assert scanned == user["settings"] and set(scanned) >= {"general", "admin"}
    assert scanned["general"]["server_url"] == user["server_url"] and "/key/" in user["server_url"]
    assert scanned["project"]["name"] == "ທີມ ສະຫວັນນະເຂດ"
    assert client.get(f"/api/v1/app-users/{user['id']}/qr.png").status_code == 401
    again = client.post("/api/v1/app-users", headers=setup.headers, json={"name": user["name"], "swg": "governance"})
    assert again.status_code == 409


def test_the_form_list_names_the_form_in_the_device_s_language_with_the_xform_s_hash(client, field):
    setup = field(FROM_FILE, "districts.xlsx", media={"districts.csv": DISTRICTS.encode(), "map.png": b"\x89PNGmap"})
    for language, name in (("lo", "ເມືອງ"), ("en-US,en;q=0.9", "Districts")):
        listed = client.get(f"{setup.path}/formList", headers={**OPENROSA, "Accept-Language": language})
        assert listed.status_code == 200 and listed.headers["X-OpenRosa-Version"] == "1.0"
        assert listed.mimetype == "text/xml" and f"<name>{name}</name>" in listed.get_data(as_text=True)
    text = listed.get_data(as_text=True)
    download = re.search(r"<downloadUrl>http://localhost(.*?)</downloadUrl>", text).group(1)
    xform = client.get(download)
    assert f"<hash>md5:{hashlib.md5(xform.data).hexdigest()}</hash>" in text
    assert b'<data id="districts" version="3">' in xform.data and b"jr://file-csv/districts.csv" in xform.data
    manifest = client.get(re.search(r"<manifestUrl>http://localhost(.*?)</manifestUrl>", text).group(1))
    files = dict(re.findall(r"<filename>(.*?)</filename><hash>(md5:\w+)</hash>", manifest.get_data(as_text=True)))
    assert files == {"districts.csv": "md5:" + hashlib.md5(DISTRICTS.encode()).hexdigest(),
                     "map.png": "md5:" + hashlib.md5(b"\x89PNGmap").hexdigest()}
    media = re.search(r"<downloadUrl>http://localhost([^<]*map\.png)</downloadUrl>", manifest.get_data(as_text=True))
    assert client.get(media.group(1)).data == b"\x89PNGmap"
    assert "<xform>" not in client.get(f"{setup.path}/formList?formID=other", headers=OPENROSA).get_data(as_text=True)


def test_a_form_from_the_file_s_choices_is_filled_by_the_engine_from_the_manifest(app, field, odk):
    setup = field(FROM_FILE, "districts.xlsx", media={"districts.csv": DISTRICTS.encode(), "map.png": b"\x89PNGmap"})
    sent = odk({"server": setup.address, "formID": "districts", "steps": [{"path": "district", "value": "sikhottabong"}]})
    assert [post["status"] for post in sent["posts"]] == [201], sent
    assert stored(app)[0].answers == {"district": "sikhottabong"}


def test_a_form_published_without_an_xlsform_is_not_offered(client, field):
    setup = field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx")
    definition = {"form_id": "json_only", "version": "1", "languages": ["en"], "default_language": "en",
                  "title": {"en": "JSON only"}, "questions": [{"name": "a", "type": "text", "label": {"en": "A"}}]}
    published = client.post("/api/v1/forms?swg=governance", headers=setup.headers, content_type="multipart/form-data",
                            data={"file": (io.BytesIO(json.dumps(definition).encode()), "json_only.json")})
    client.post(f"/api/v1/forms/{published.get_json()['id']}/links", headers=setup.headers,
                json={"event_id": setup.event_id})
    listed = client.get(f"{setup.path}/formList", headers=OPENROSA).get_data(as_text=True)
    assert "gswg_meeting_satisfaction" in listed and "json_only" not in listed


def test_a_wrong_token_or_password_is_refused_and_the_right_password_signs_in(app, client, field, odk, server):
    setup = field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx", password="ລະຫັດ-ຜ່ານ-2024",
                  name="team-savannakhet")
    wrong = client.get("/key/not-a-token/formList", headers=OPENROSA)
    assert wrong.status_code == 403 and wrong.headers["X-OpenRosa-Version"] == "1.0"
    assert "ສະແກນລະຫັດ QR" in wrong.get_data(as_text=True)
    unsigned = client.open("/submission", method="HEAD", headers=OPENROSA)
    assert unsigned.status_code == 401
    assert [c.split()[0] for c in unsigned.headers.getlist("WWW-Authenticate")] == ["Digest"]  # no Basic over HTTP
    form = _satisfaction_form()
    job = {"server": server, "formID": form.form_id, "steps": steps(form, ANSWERS)}
    refused = odk({**job, "auth": {"username": "team-savannakhet", "password": "wrong"}})
    assert "401" in refused["error"] and stored(app) == []
    signed = odk({**job, "auth": {"username": "team-savannakhet", "password": "ລະຫັດ-ຜ່ານ-2024"}})
    assert [post["status"] for post in signed["posts"]] == [201], signed  # Digest, with qop=auth
    basic = {"Authorization": "Basic " + base64.b64encode("team-savannakhet:ລະຫັດ-ຜ່ານ-2024".encode()).decode()}
    assert client.get("/formList", headers={**OPENROSA, **basic}).status_code == 401  # never in the clear
    secure = client.get("/formList", headers={**OPENROSA, **basic}, base_url="https://localhost")
    assert secure.status_code == 200 and form.form_id in secure.get_data(as_text=True)
    challenged = client.get("/formList", headers=OPENROSA, base_url="https://localhost")
    assert [c.split()[0] for c in challenged.headers.getlist("WWW-Authenticate")] == ["Digest", "Basic"]


def test_an_app_user_fills_only_the_forms_of_its_event_or_swg(client, field, make_token):
    setup = field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx")
    refused = client.post("/api/v1/app-users", headers=setup.headers, json={"name": "other", "swg": "health"})
    assert refused.status_code == 403  # a Governance organiser makes app users for Governance only
    health = make_token(Role.ORGANISER, "health@example.org", swgs=("health",))
    other = client.post("/api/v1/app-users", headers=health, json={"name": "other", "swg": "health"})
    assert client.get(f"/api/v1/app-users/{other.get_json()['id']}", headers=setup.headers).status_code == 404
    path = "/key/" + other.get_json()["server_url"].rsplit("/", 1)[1]
    assert "<xform>" not in client.get(f"{path}/formList", headers=OPENROSA).get_data(as_text=True)
    document = (f'<data id="gswg_meeting_satisfaction" version="2019.1"><overall>5</overall><content>4</content>'
                f'<organisation>4</organisation><organisation_kind>dp</organisation_kind>'
                f'<meta><instanceID>uuid:{uuid.uuid4()}</instanceID></meta></data>').encode()
    assert send(client, path, document).status_code == 404
    swg = client.post("/api/v1/app-users", headers=setup.headers, json={"name": "governance", "swg": "governance"})
    swg_path = "/key/" + swg.get_json()["server_url"].rsplit("/", 1)[1]
    assert send(client, swg_path, document).status_code == 201
    second = client.post("/api/v1/events", headers=setup.headers, json={
        "kind": "meeting", "swg": "governance", "title_lo": "ກອງປະຊຸມ 2", "title_en": "Meeting 2"}).get_json()
    client.post(f"/api/v1/forms/{setup.form_pk}/links", headers=setup.headers, json={"event_id": second["id"]})
    ambiguous = send(client, swg_path, re.sub(rb"uuid:[0-9a-f-]+", f"uuid:{uuid.uuid4()}".encode(), document))
    assert ambiguous.status_code == 409 and "ຫຼາຍກິດຈະກຳ" in ambiguous.get_data(as_text=True)


def test_once_only_access_codes_hold_for_apps_as_for_the_web(app, client, field, odk, runner, server):
    setup = field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx")
    issued = runner.invoke(args=["links", "codes", setup.slug, "--count", "1"])
    (code,) = re.findall(r"^[2-9A-Z]{4}-[2-9A-Z]{4}$", issued.stdout, re.M)
    form = _satisfaction_form()
    listed = client.get(f"{setup.path}/formList", headers=OPENROSA).get_data(as_text=True)
    assert form.form_id not in listed  # an app user cannot answer for a participant's code
    by_app_user = odk({"server": setup.address, "formID": form.form_id})
    assert "does not offer" in by_app_user["error"]
    first = odk({"server": f"{server}/code/{code}", "formID": form.form_id, "steps": steps(form, ANSWERS)})
    assert [post["status"] for post in first["posts"]] == [201], first
    assert send(client, f"/code/{code}", first["instanceXML"].encode()).status_code == 202
    second = first["instanceXML"].replace(first["instanceID"], f"uuid:{uuid.uuid4()}")
    refused = send(client, f"/code/{code}", second.encode())
    assert refused.status_code == 409 and "ຖືກໃຊ້ຕອບແບບຟອມນີ້ແລ້ວ" in refused.get_data(as_text=True)
    assert send(client, setup.path, second.encode()).status_code == 403  # the app user: code_required
    web = client.post(f"/submit/{setup.slug}", json={"uuid": str(uuid.uuid4()), "version": form.version,
                                                     "answers": ANSWERS, "code": code})
    assert web.status_code == 409  # and the web hears the same
    assert [r.uuid for r in stored(app)] == [first["instanceID"].removeprefix("uuid:")]


def _digest(challenge: str, method: str, uri: str, name: str, password: str) -> str:
    """A Digest answer to ``challenge`` (qop=auth), as RFC 7616 computes it."""
    fields = dict(re.findall(r'(\w+)="([^"]*)"', challenge))
    md5 = lambda text: hashlib.md5(text.encode()).hexdigest()  # noqa: E731
    first, second = md5(f"{name}:{fields['realm']}:{password}"), md5(f"{method}:{uri}")
    answer = md5(f"{first}:{fields['nonce']}:00000001:c0ffee:auth:{second}")
    return (f'Digest username="{name}", realm="{fields["realm"]}", nonce="{fields["nonce"]}", uri="{uri}", '
            f'algorithm=MD5, response="{answer}", qop=auth, nc=00000001, cnonce="c0ffee"')


def test_an_old_nonce_is_answered_stale_so_the_app_signs_again_without_asking(client, field, monkeypatch):
    from collect.web import app_auth

    field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx", password="long-password", name="team")
    now = app_auth.time.time()
    monkeypatch.setattr(app_auth.time, "time", lambda: now - app_auth.NONCE_SECONDS - 60)
    old = client.get("/formList", headers=OPENROSA).headers["WWW-Authenticate"]
    monkeypatch.setattr(app_auth.time, "time", lambda: now)
    stale = client.get("/formList", headers={**OPENROSA, "Authorization": _digest(old, "GET", "/formList", "team",
                                                                                  "long-password")})
    assert stale.status_code == 401 and "stale=true" in stale.headers["WWW-Authenticate"]
    fresh = stale.headers["WWW-Authenticate"]
    signed = client.get("/formList", headers={**OPENROSA, "Authorization": _digest(fresh, "GET", "/formList", "team",
                                                                                   "long-password")})
    assert signed.status_code == 200 and "gswg_meeting_satisfaction" in signed.get_data(as_text=True)
    wrong = client.get("/formList", headers={**OPENROSA, "Authorization": _digest(fresh, "GET", "/formList", "team",
                                                                                  "not-it")})
    assert wrong.status_code == 401 and "stale" not in wrong.headers["WWW-Authenticate"]


def test_wrong_passwords_from_a_device_are_limited_and_the_right_one_waits_too(app, client, field):
    """Phones sign every request, so only wrong credentials count: after SIGN_IN_LIMIT of
    them the name is refused with 429 and Retry-After, even with the right password."""
    field(template("meeting_satisfaction"), "meeting_satisfaction.xlsx", password="long-password", name="team")
    challenge = client.get("/formList", headers=OPENROSA).headers["WWW-Authenticate"]

    def sign(password: str):
        return client.get("/formList", headers={**OPENROSA, "Authorization": _digest(challenge, "GET", "/formList",
                                                                                      "team", password)})

    for _ in range(12):  # signing in right is never counted
        assert sign("long-password").status_code == 200
    tries = int(app.config["SIGN_IN_LIMIT"].split()[0])
    assert [sign("guess").status_code for _ in range(tries)] == [401] * tries
    blocked = sign("long-password")
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert blocked.headers["X-OpenRosa-Version"] == "1.0"


def test_the_demo_s_meeting_survey_is_offered_to_devices_and_joins_its_meeting(app, client, make_token, odk,
                                                                               server):
    from collect.services.demo import MEETINGS, load_demo
    from collect.store import links

    with app.app_context():
        load_demo(only_satisfaction=True)
        db.session.commit()
        event_id = links.by_slug(MEETINGS[0].slug).event_id
    made = client.post("/api/v1/app-users", headers=make_token(Role.ORGANISER),
                       json={"name": "ທີມ ກອງປະຊຸມ", "event_id": event_id, "password": None})
    assert made.status_code == 201, made.get_json()
    address = server + made.get_json()["server_url"].removeprefix("http://localhost")
    path = "/" + address.split("/", 3)[3]
    listed = client.get(f"{path}/formList", headers=OPENROSA).get_data(as_text=True)
    assert "<formID>gswg_meeting_satisfaction</formID>" in listed

    form = _satisfaction_form()
    sent = odk({"server": address, "formID": form.form_id, "steps": steps(form, ANSWERS)})
    assert [post["status"] for post in sent["posts"]] == [201], sent
    with app.app_context():
        from collect.store.models import Response

        response = db.session.query(Response).filter_by(uuid=sent["instanceID"].removeprefix("uuid:")).one()
        assert response.event_id == event_id
        assert {k: response.answers[k] for k in ANSWERS} == ANSWERS
