"""The OData feed of a form, read as a connector reads it: a real OData 4.0 client
(python-odata) over HTTP with Basic credentials, checked against the CSV ZIP; then the
options, the errors and the permissions through the app."""
from __future__ import annotations

import base64
import csv
import io
import zipfile

import pytest
from odata import ODataService
from requests.auth import HTTPBasicAuth

from collect.extensions import db
from collect.services.accounts import issue_token
from collect.store.models import Form, Response, Role, User
from collect.web import odata as odata_web
from exports.cells import status_words

LAO_CHALLENGE = "ຂາດງົບປະມານ =1+1 ສຳລັບພະນັກງານຂັ້ນເມືອງ"


@pytest.fixture
def consultation(app):
    """The demo (its pre-Round-Table consultations have a repeat), one repeat answer in Lao
    that starts nothing but holds a formula-like text; returns the consultation form's id."""
    from collect.services.demo import load_demo

    with app.app_context():
        load_demo()
        form = db.session.query(Form).filter_by(form_id="pre_rtm_consultation").one()
        response = (db.session.query(Response).join(Response.form_version)
                    .filter_by(form_id=form.id).order_by(Response.id).first())
        answers = dict(response.answers)
        answers["progress"] = [dict(answers["progress"][0], challenge=LAO_CHALLENGE), *answers["progress"][1:]]
        response.answers = answers
        db.session.commit()
        return form.id


def _basic(app, make_user, role=Role.ANALYST, email="analyst@example.org", swgs=("governance",)):
    user_id = make_user(role, email, swgs)
    with app.app_context():
        token = issue_token(db.session.get(User, user_id), "power-bi")
        db.session.commit()
    return email, token


def _header(email: str, token: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{email}:{token}".encode()).decode()}


def _zip_tables(client, form_id: int, headers: dict) -> dict[str, list[dict]]:
    response = client.get(f"/api/v1/forms/{form_id}/export.zip?headers=names", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return {name: list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
            for name in archive.namelist()}


def test_an_odata_client_reads_metadata_and_pages_through_both_sets(app, client, consultation, make_user,
                                                                    server, monkeypatch):
    monkeypatch.setattr(odata_web, "PAGE_SIZE", 7)  # many pages, some splitting a response's repeat rows
    email, token = _basic(app, make_user)
    service = ODataService(f"{server}/api/v1/forms/{consultation}.svc", auth=HTTPBasicAuth(email, token),
                           reflect_entities=True, quiet_progress=True)
    assert {"Submissions", "Submissions_progress"} <= set(service.entities)

    tables = _zip_tables(client, consultation, _header(email, token))
    main = tables["pre_rtm_consultation.csv"]
    progress = tables["pre_rtm_consultation-progress.csv"]
    assert len(main) == 54 and len(progress) == 108

    submissions = list(service.query(service.entities["Submissions"]))
    assert [s.KEY for s in submissions] == [row["KEY"] for row in main]
    in_words = status_words("lo", "labels")  # the feed keeps the codes it filters on; the ZIP is for reading
    for entity, row in zip(submissions, main):
        assert (entity.sector, entity.province, in_words[entity.status]) == (row["sector"], row["province"],
                                                                             row["status"])
        assert entity.event_id == int(row["event_id"])

    repeat_rows = list(service.query(service.entities["Submissions_progress"]))
    assert len(repeat_rows) == 108
    assert [(r.KEY, r.PARENT_KEY) for r in repeat_rows] == [(row["KEY"], row["PARENT_KEY"]) for row in progress]
    for entity, row in zip(repeat_rows, progress):
        assert (entity.challenge or "", entity.topic_sector, entity.event) == (
            row["challenge"], row["topic_sector"], row["event"])
    assert repeat_rows[0].challenge == LAO_CHALLENGE  # byte for byte, no formula guard in JSON
    assert progress[0]["challenge"] == LAO_CHALLENGE


def test_pages_follow_next_links_and_honour_top_skip_count_select(app, client, consultation, make_user, monkeypatch):
    monkeypatch.setattr(odata_web, "PAGE_SIZE", 10)
    headers = _header(*_basic(app, make_user))
    base = f"/api/v1/forms/{consultation}.svc/Submissions_progress"
    first = client.get(base + "?$count=true&$select=KEY,PARENT_KEY,challenge", headers=headers)
    assert first.status_code == 200 and first.headers["OData-Version"] == "4.0"
    assert "odata.metadata=minimal" in first.headers["Content-Type"]
    body = first.get_json()
    assert body["@odata.count"] == 108 and len(body["value"]) == 10
    assert set(body["value"][0]) == {"KEY", "PARENT_KEY", "challenge"}
    keys, page = [row["KEY"] for row in body["value"]], body
    while "@odata.nextLink" in page:
        page = client.get(page["@odata.nextLink"], headers=headers).get_json()
        keys.extend(row["KEY"] for row in page["value"])
        assert page["@odata.count"] == 108
    assert len(keys) == len(set(keys)) == 108

    window = client.get(base + "?$skip=15&$top=12", headers=headers).get_json()
    assert [row["KEY"] for row in window["value"]] == keys[15:25]
    rest = client.get(window["@odata.nextLink"], headers=headers).get_json()
    assert [row["KEY"] for row in rest["value"]] == keys[25:27] and "@odata.nextLink" not in rest

    service = client.get(f"/api/v1/forms/{consultation}.svc", headers=headers).get_json()
    assert [s["name"] for s in service["value"]] == ["Submissions", "Submissions_progress"]
    metadata = client.get(f"/api/v1/forms/{consultation}.svc/$metadata", headers=headers)
    assert metadata.mimetype == "application/xml" and b'<PropertyRef Name="KEY"/>' in metadata.data


def test_filters_on_time_event_province_and_status(app, client, consultation, make_user):
    headers = _header(*_basic(app, make_user))
    with app.app_context():
        rows = (db.session.query(Response).join(Response.form_version).filter_by(form_id=consultation)
                .order_by(Response.id).all())
        event_id = rows[0].event_id
        in_event = sum(1 for r in rows if r.event_id == event_id)
        rows[1].status = "rejected"
        db.session.commit()
        seen = [(r.submitted_at, r.status.value) for r in rows]
    moments = sorted(moment for moment, _ in seen)
    middle = moments[len(moments) // 2]

    def count(expression: str) -> int:
        response = client.get(f"/api/v1/forms/{consultation}.svc/Submissions",
                              query_string={"$filter": expression, "$count": "true", "$top": "0"}, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json()["@odata.count"]

    assert count(f"event_id eq {event_id}") == in_event
    assert count(f"event_id ne {event_id}") == 54 - in_event
    assert count(f"submitted_at ge {middle.isoformat()}Z") == sum(1 for m in moments if m >= middle)
    assert count(f"submitted_at lt {middle.isoformat()}+00:00 and status eq 'submitted'") == sum(
        1 for moment, status in seen if moment < middle and status == "submitted")
    assert count("status eq 'rejected'") == 1
    assert count("(province_code eq 'LA-SV') and status ne 'rejected'") + count(
        "province_code ne 'LA-SV' and status ne 'rejected'") == 53


@pytest.mark.parametrize("query, option", [
    ({"$filter": "submitted_at gt 2019-13-45"}, "$filter"),
    ({"$filter": "event_id eq '3'"}, "$filter"),
    ({"$filter": "event_id eq 3 and"}, "$filter"),
    ({"$filter": "nothing eq 3"}, "$filter"),
    ({"$filter": "event_id eq 3 xor event_id eq 4"}, "$filter"),
    ({"$top": "-1"}, "$top"),
    ({"$skip": "many"}, "$skip"),
    ({"$count": "yes"}, "$count"),
    ({"$select": "KEY,nothing"}, "$select"),
    ({"$skiptoken": "'; drop table response"}, "$skiptoken"),
    ({"$format": "csv"}, "$format"),
    ({"$sort": "KEY"}, "$sort"),
])
def test_bad_options_are_clear_odata_errors(app, client, consultation, make_user, query, option):
    _assert_refused(app, client, consultation, make_user, query, option, 400, "odata_invalid_query")


@pytest.mark.parametrize("query, option", [
    ({"$filter": "status eq 'submitted' or status eq 'approved'"}, "$filter"),
    ({"$filter": "not (status eq 'submitted')"}, "$filter"),
    ({"$filter": "contains(challenge, 'a')"}, "$filter"),
    ({"$filter": "sector eq 'a'"}, "$filter"),
    ({"$filter": "status gt 'approved'"}, "$filter"),
    ({"$orderby": "KEY"}, "$orderby"),
    ({"$expand": "Submissions_progress"}, "$expand"),
    ({"$search": "ງົບປະມານ"}, "$search"),
    ({"$format": "atom"}, "$format"),
])
def test_what_odata_defines_but_the_feed_does_not_do_is_501(app, client, consultation, make_user, query, option):
    """The minimal conformance level: unsupported functionality is 501 Not Implemented, so
    that a client (Power Query folding a step) does the step itself instead of failing."""
    _assert_refused(app, client, consultation, make_user, query, option, 501, "odata_not_implemented")


def _assert_refused(app, client, consultation, make_user, query: dict, option: str, status: int, code: str):
    """Submissions with ``query`` answers ``status``: an OData error ``code`` naming ``option``."""
    headers = _header(*_basic(app, make_user))
    response = client.get(f"/api/v1/forms/{consultation}.svc/Submissions", query_string=query, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code and option in error["message"]
    assert error["details"][0]["target"] == option and error["details"][0]["message"]
    assert response.headers["OData-Version"] == "4.0"


def test_one_entity_by_key_is_501_and_the_count_segment_counts(app, client, consultation, make_user):
    headers = _header(*_basic(app, make_user))
    base = f"/api/v1/forms/{consultation}.svc"
    first = client.get(f"{base}/Submissions?$top=1", headers=headers).get_json()["value"][0]["KEY"]
    by_key = client.get(f"{base}/Submissions('{first}')", headers=headers)
    assert by_key.status_code == 501 and by_key.get_json()["error"]["code"] == "odata_not_implemented"

    for set_name, total in (("Submissions", 54), ("Submissions_progress", 108)):
        counted = client.get(f"{base}/{set_name}/$count", headers=headers)
        assert counted.status_code == 200 and counted.mimetype == "text/plain"
        assert counted.get_data(as_text=True) == str(total)
    rejected = client.get(f"{base}/Submissions?$filter=status eq 'rejected'&$count=true&$top=0",
                          headers=headers).get_json()["@odata.count"]
    assert client.get(f"{base}/Submissions/$count?$filter=status eq 'rejected'",
                      headers=headers).get_data(as_text=True) == str(rejected)
    assert client.get(f"{base}/Nothing/$count", headers=headers).status_code == 404
    assert client.get(f"{base}/Submissions/$count").status_code == 401


def test_unknown_sets_forms_and_options_are_4xx(app, client, consultation, make_user):
    headers = _header(*_basic(app, make_user))
    missing = client.get(f"/api/v1/forms/{consultation}.svc/Nothing", headers=headers)
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "odata_set_not_found"
    assert client.get("/api/v1/forms/99999.svc/Submissions", headers=headers).status_code == 404
    wrong = client.get(f"/api/v1/forms/{consultation}.svc/Submissions?language=fr", headers=headers)
    assert wrong.status_code == 400 and wrong.get_json()["error"]["code"] == "invalid_request"


def test_credentials_and_permissions(app, client, consultation, make_user, make_token):
    url = f"/api/v1/forms/{consultation}.svc/Submissions"
    email, token = _basic(app, make_user)
    assert client.get(url, headers=_header(email, token)).status_code == 200
    assert client.get(url, headers=make_token(Role.ORGANISER, "organiser@example.org")).status_code == 200
    for headers in ({}, _header(email, token + "x"), _header("someone@example.org", token), _header(email, ""),
                    {"Authorization": "Basic not-base64!"}):
        refused = client.get(url, headers=headers)
        assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorised"
        assert refused.headers["WWW-Authenticate"].startswith("Basic")
    other = _header(*_basic(app, make_user, email="health@example.org", swgs=("health",)))
    for path in ("", "/$metadata", "/Submissions", "/Submissions_progress"):
        assert client.get(f"/api/v1/forms/{consultation}.svc{path}", headers=other).status_code in (403, 404)
    assert client.get(f"/api/v1/forms/{consultation}/export.zip", headers=other).status_code in (403, 404)
    # Basic is for reading: a change made with it needs the CSRF token a connector has not got
    changed = client.post("/api/v1/me/tokens", json={"name": "x"}, headers=_header(email, token))
    assert changed.status_code == 403


def test_analysts_never_receive_sensitive_answers(app, client, make_user):
    from test_sensitive_answers import NAME, REGISTRATION
    from apps import governance
    from collect.services.links import create_link
    from collect.services.publishing import publish
    from forms.schema import load_definition

    with app.app_context():
        version, _ = publish(load_definition(REGISTRATION), governance())
        form_id = version.form_id
        create_link(version.form, None, None, slug="registration")
        db.session.commit()
    sent = client.post("/f/registration", json={"uuid": "5b0f5d0e-8f7a-4b8e-9d3c-2f1a6b7c8d9e", "version": "1",
                                                "answers": {"full_name": NAME, "phone": "020 5555 1234",
                                                            "district": "ຊຳເໜືອ"}})
    assert sent.status_code == 201
    analyst = _header(*_basic(app, make_user))
    organiser = _header(*_basic(app, make_user, Role.ORGANISER, "organiser@example.org"))
    url = f"/api/v1/forms/{form_id}.svc"
    assert client.get(url + "/Submissions", headers=organiser).get_json()["value"][0]["full_name"] == NAME
    row = client.get(url + "/Submissions", headers=analyst).get_json()["value"][0]
    assert "ຊຳເໜືອ" in row.values() and "full_name" not in row and "phone" not in row
    metadata = client.get(url + "/$metadata", headers=analyst).get_data(as_text=True)
    assert "full_name" not in metadata and "phone" not in metadata
    assert NAME not in client.get(url + "/Submissions?$select=KEY", headers=analyst).get_data(as_text=True)


def test_every_question_type_goes_through_every_new_kind(app, client, every_type, make_token, tmp_path):
    """No type of answer breaks the feed, the ZIP or the statistics files (never a 500)."""
    import pyreadstat

    sent = client.post("/f/every-type", json={
        "uuid": "8c4f2a1e-3b5d-4c6e-9f70-1a2b3c4d5e6f", "version": "1", "language": "lo", "answers": {
            "province": "LA-VT", "district": "chanthabuly", "location": "17.9757 102.6331 170 5",
            "visit_date": "2024-09-10", "visit_time": "09:30:00.000+07:00", "budget": 1250.5, "score": 7,
            "priorities": ["roads", "health", "education"], "agree": "OK",
            "people": [{"person": "ນາງ ແກ້ວ", "age": 34}, {"person": "=ທ້າວ ສີ", "age": 41}]}})
    assert sent.status_code == 201, sent.get_data(as_text=True)
    headers = make_token(Role.ORGANISER, "organiser@example.org")
    with app.app_context():
        form_id = db.session.query(Form).one().id
    rows = client.get(f"/api/v1/forms/{form_id}.svc/Submissions", headers=headers).get_json()["value"]
    assert rows[0]["visit_date"] == "2024-09-10" and rows[0]["budget"] == 1250.5 and rows[0]["score"] == 7
    assert rows[0]["priorities_roads"] == 1 and rows[0]["priorities_health"] == 2
    assert rows[0]["priorities_education"] == 3 and rows[0]["priorities"] == "ເສັ້ນທາງ > ສາທາລະນະສຸກ > ສຶກສາ"
    point = [rows[0][key] for key in rows[0] if key.startswith("location")]
    assert point == [17.9757, 102.6331, 170.0, 5.0]  # a geopoint is its four numbers, as in the exports
    people = client.get(f"/api/v1/forms/{form_id}.svc/Submissions_people", headers=headers).get_json()["value"]
    assert [(p["person"], p["age"], p["PARENT_KEY"]) for p in people] == [
        ("ນາງ ແກ້ວ", 34, rows[0]["KEY"]), ("=ທ້າວ ສີ", 41, rows[0]["KEY"])]
    assert client.get(f"/api/v1/forms/{form_id}/export.zip", headers=headers).status_code == 200
    for kind, read in (("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)):
        for table in ("", "&table=people"):
            response = client.get(f"/api/v1/forms/{form_id}/export.{kind}?language=en{table}", headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)
            path = tmp_path / f"every{table[7:]}.{kind}"
            path.write_bytes(response.data)
            frame, _ = read(str(path))
            assert len(frame) == (2 if table else 1)
