"""Organisers set up events and links through the API; the OpenAPI document describes it."""
import pytest

from collect.store.models import Role


@pytest.fixture
def organiser(make_token):
    return make_token(Role.ORGANISER)


def _form_id(client, headers) -> int:
    return client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]


SEMINAR = {"kind": "sdg_seminar", "swg": "Governance", "province_code": "LA-HO", "district": "Xamneua",
           "date": "2019-06-12", "title_lo": "ສໍາມະນາ SDG ແຂວງຫົວພັນ", "title_en": "SDG seminar, Houaphanh",
           "theme_lo": "ການເຮັດໃຫ້ SDGs ເປັນທ້ອງຖິ່ນ", "theme_en": "SDG localisation"}


def test_an_organiser_creates_an_event_and_a_link_that_participants_can_open(client, demo, organiser):
    created = client.post("/api/v1/events", json=SEMINAR, headers=organiser)
    assert created.status_code == 201, created.get_json()
    event = created.get_json()
    assert event["title_lo"] == SEMINAR["title_lo"] and event["province_code"] == "LA-HO"
    link = client.post(f"/api/v1/forms/{_form_id(client, organiser)}/links",
                       json={"event_id": event["id"]}, headers=organiser)
    assert link.status_code == 201
    body = link.get_json()
    assert len(body["slug"]) >= 12 and body["url"].endswith(f"/f/{body['slug']}")
    page = client.get(f"/f/{body['slug']}")
    assert page.status_code == 200 and SEMINAR["title_lo"] in page.get_data(as_text=True)
    listed = client.get("/api/v1/events", headers=organiser).get_json()
    dates = [e["date"] for e in listed]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert any(e["id"] == event["id"] and e["title_en"] == "SDG seminar, Houaphanh" for e in listed)


def test_closing_a_link_stops_collection(client, demo, organiser):
    closed = client.patch("/api/v1/links/psi-aug-2019", json={"is_open": False}, headers=organiser)
    assert closed.status_code == 200 and closed.get_json()["is_open"] is False
    assert client.get("/f/psi-aug-2019").status_code == 410
    assert client.patch("/api/v1/links/psi-aug-2019", json={"is_open": True},
                        headers=organiser).status_code == 200
    assert client.get("/f/psi-aug-2019").status_code == 200


def test_bad_event_data_is_explained(client, demo, organiser):
    missing = client.post("/api/v1/events", json={"kind": "party"}, headers=organiser)
    assert missing.status_code == 400
    assert set(missing.get_json()["error"]["details"]["fields"]) == {"kind", "title_lo", "title_en"}
    province = client.post("/api/v1/events", json={**SEMINAR, "province_code": "LA-ZZ"}, headers=organiser)
    assert province.status_code == 400
    assert province.get_json()["error"]["code"] == "unknown_province"
    no_event = client.post(f"/api/v1/forms/{_form_id(client, organiser)}/links", json={"event_id": 999},
                           headers=organiser)
    assert no_event.status_code == 404


def test_analysts_read_but_do_not_set_up(client, demo, make_token):
    analyst = make_token(Role.ANALYST)
    assert client.get("/api/v1/events", headers=analyst).status_code == 200
    assert client.post("/api/v1/events", json=SEMINAR, headers=analyst).status_code == 403
    assert client.patch("/api/v1/links/psi-aug-2019", json={"is_open": False}, headers=analyst).status_code == 403
    assert client.get("/api/v1/events").status_code == 401


def test_qr_code_of_a_link(client, demo, organiser):
    response = client.get("/api/v1/links/psi-aug-2019/qr.svg", headers=organiser)
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.lstrip().startswith(b"<svg")
    assert client.get("/api/v1/links/nope/qr.svg", headers=organiser).status_code == 404


def test_openapi_document_lists_every_endpoint_with_bearer_security(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["info"]["title"] == "collect"
    assert {"/api/v1/forms", "/api/v1/events", "/api/v1/forms/{form_id}/links", "/api/v1/links/{slug}",
            "/api/v1/forms/{form_id}/responses.xlsx", "/api/v1/forms/{form_id}/export.csv"} <= set(spec["paths"])
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    parameters = {p["name"] for p in spec["paths"]["/api/v1/forms/{form_id}/export.csv"]["get"]["parameters"]}
    assert {"from", "to", "event", "province", "status", "version"} <= parameters
