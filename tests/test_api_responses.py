"""Analysts page through responses, review them, and organisers remove them; exports follow."""
import io

import openpyxl

from collect.store.models import Role


def _form_id(client, headers) -> int:
    return client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]


def test_responses_are_listed_newest_first_with_lao_intact(client, demo, make_token):
    headers = make_token()
    form_id = _form_id(client, headers)
    first = client.get(f"/api/v1/forms/{form_id}/responses?per_page=10&total=true", headers=headers).get_json()
    assert first["total"] == 74 and len(first["responses"]) == 10
    second = client.get(f"/api/v1/forms/{form_id}/responses?per_page=10&after={first['next']}",
                        headers=headers).get_json()
    assert "total" not in second and len(second["responses"]) == 10
    assert {r["uuid"] for r in first["responses"]}.isdisjoint(r["uuid"] for r in second["responses"])
    walked, after = [], None
    while True:  # the cursor walks every response once, to a last page whose next is null
        query = f"per_page=25&after={after}" if after else "per_page=25"
        body = client.get(f"/api/v1/forms/{form_id}/responses?{query}", headers=headers).get_json()
        walked += [r["uuid"] for r in body["responses"]]
        after = body["next"]
        if after is None:
            break
    assert len(walked) == len(set(walked)) == 74
    everything = client.get(f"/api/v1/forms/{form_id}/responses?per_page=500", headers=headers).get_json()
    received = [r["submitted_at"] for r in everything["responses"]]
    assert received == sorted(received, reverse=True)
    comments = [r["answers"]["comments"] for r in everything["responses"] if "comments" in r["answers"]]
    assert "ກອງປະຊຸມມີປະໂຫຍດຫຼາຍ, ຂໍຂອບໃຈ" in comments
    filtered = client.get(f"/api/v1/forms/{form_id}/responses?from=2019-10-20&total=true", headers=headers).get_json()
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
    assert client.get(f"/api/v1/forms/{form_id}/responses?total=1", headers=analyst).get_json()["total"] == 73
    workbook = client.get(f"/api/v1/forms/{form_id}/responses.xlsx?status=approved&headers=names", headers=analyst)
    rows = [row for row in openpyxl.load_workbook(io.BytesIO(workbook.data), read_only=True).worksheets[0]
            .iter_rows(values_only=True) if any(cell is not None for cell in row)]
    assert len(rows) == 2 and first["uuid"] in rows[1]


def test_reading_responses_needs_credentials(client, demo):
    assert client.get("/api/v1/forms/1/responses").status_code == 401
    assert client.patch("/api/v1/responses/x", json={"status": "approved"}).status_code == 401
