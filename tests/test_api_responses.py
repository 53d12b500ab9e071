"""Analysts page through responses, review them, and organisers remove them; exports follow."""
import io

import openpyxl

from collect.models import Role


def _form_id(client, headers) -> int:
    return client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]


def test_responses_are_listed_newest_first_with_lao_intact(client, demo, make_token):
    headers = make_token()
    form_id = _form_id(client, headers)
    page = client.get(f"/api/v1/forms/{form_id}/responses?per_page=10&page=2", headers=headers).get_json()
    assert page["total"] == 74 and page["page"] == 2 and len(page["responses"]) == 10
    everything = client.get(f"/api/v1/forms/{form_id}/responses?per_page=500", headers=headers).get_json()
    received = [r["submitted_at"] for r in everything["responses"]]
    assert received == sorted(received, reverse=True)
    comments = [r["answers"]["comments"] for r in everything["responses"] if "comments" in r["answers"]]
    assert "ກອງປະຊຸມມີປະໂຫຍດຫຼາຍ, ຂໍຂອບໃຈ" in comments
    filtered = client.get(f"/api/v1/forms/{form_id}/responses?from=2019-10-20", headers=headers).get_json()
    assert filtered["total"] == 20


def test_review_and_soft_deletion_shape_the_exports(client, demo, make_token):
    analyst, organiser = make_token(Role.ANALYST), make_token(Role.ORGANISER, "org@example.org")
    form_id = _form_id(client, analyst)
    first, second = client.get(f"/api/v1/forms/{form_id}/responses?per_page=2", headers=analyst).get_json()["responses"]
    approved = client.patch(f"/api/v1/responses/{first['uuid']}", json={"status": "approved"}, headers=analyst)
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert client.patch(f"/api/v1/responses/{first['uuid']}", json={"status": "lost"}, headers=analyst).status_code == 400
    assert client.delete(f"/api/v1/responses/{second['uuid']}", headers=analyst).status_code == 403
    assert client.delete(f"/api/v1/responses/{second['uuid']}", headers=organiser).status_code == 204
    assert client.delete(f"/api/v1/responses/{second['uuid']}", headers=organiser).status_code == 404
    assert client.get(f"/api/v1/forms/{form_id}/responses", headers=analyst).get_json()["total"] == 73
    workbook = client.get(f"/api/v1/forms/{form_id}/responses.xlsx?status=approved&headers=names", headers=analyst)
    rows = [row for row in openpyxl.load_workbook(io.BytesIO(workbook.data), read_only=True).worksheets[0]
            .iter_rows(values_only=True) if any(cell is not None for cell in row)]
    assert len(rows) == 2 and first["uuid"] in rows[1]


def test_reading_responses_needs_credentials(client, demo):
    assert client.get("/api/v1/forms/1/responses").status_code == 401
    assert client.patch("/api/v1/responses/x", json={"status": "approved"}).status_code == 401
