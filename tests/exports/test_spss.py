"""SPSS and Stata files through the API, read back with pyreadstat, and the DataFrames
for notebooks: labels kept, Likert answers as numbers with their value labels, ordered."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyreadstat
import pytest

from exports.frames import data_frames
from exports.spss import write_dta, write_sav

from conftest import DEMO, record
from test_tables import HOUSEHOLDS, _nested_form

LIKERT = {1: "ບໍ່ພໍໃຈຫຼາຍ", 2: "ບໍ່ພໍໃຈ", 3: "ປານກາງ", 4: "ພໍໃຈ", 5: "ພໍໃຈຫຼາຍ"}


def _stored(app) -> list[dict]:
    from collect.extensions import db
    from collect.store.models import Response

    with app.app_context():
        return [{"uuid": r.uuid, **r.answers} for r in db.session.query(Response).order_by(Response.id)]


def _form_id(client, headers) -> int:
    return client.get("/api/v1/forms", headers=headers).get_json()["forms"][0]["id"]


@pytest.mark.parametrize("kind, read", [("sav", pyreadstat.read_sav), ("dta", pyreadstat.read_dta)])
def test_statistics_files_keep_variable_and_value_labels(app, client, demo, make_token, tmp_path, kind, read):
    headers = make_token()
    response = client.get(f"/api/v1/forms/{_form_id(client, headers)}/export.{kind}", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / f"export.{kind}"
    path.write_bytes(response.data)
    frame, meta = read(str(path))
    stored = _stored(app)
    assert len(frame) == len(stored) == 74
    labels = dict(zip(meta.column_names, meta.column_labels))
    definition = json.loads(Path(DEMO).read_text(encoding="utf-8"))
    overall = next(q for q in definition["questions"] if q["name"] == "overall")
    assert labels["overall"] == overall["label"]["lo"][:80 if kind == "dta" else None]
    assert labels["KEY"] == "ລະຫັດແຖວ (KEY)"
    assert meta.variable_value_labels["overall"] == LIKERT
    by_uuid = {row["uuid"]: row for row in stored}
    for key, value, organisation in zip(frame["KEY"], frame["overall"], frame["organisation_kind"]):
        answers = by_uuid[key]
        assert (None if pd.isna(value) else int(value)) == (int(answers["overall"]) if "overall" in answers else None)
        names = [c["name"] for c in definition["choices"]["organisation_kind"]]
        if "organisation_kind" in answers:
            assert int(organisation) == names.index(answers["organisation_kind"]) + 1
    organisation_labels = meta.variable_value_labels["organisation_kind"]
    assert organisation_labels[1] == definition["choices"]["organisation_kind"][0]["label"]["lo"]


def test_a_repeat_table_and_refusals(app, client, demo, make_token):
    headers = make_token()
    form_id = _form_id(client, headers)
    refused = client.get(f"/api/v1/forms/{form_id}/export.sav?table=nothing", headers=headers)
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "invalid_request"
    assert client.get(f"/api/v1/forms/{form_id}/export.zip?table=x", headers=headers).status_code == 400
    other = make_token(email="health@example.org", swgs=("health",))
    assert client.get(f"/api/v1/forms/{form_id}/export.dta", headers=other).status_code in (403, 404)
    assert client.get(f"/api/v1/forms/{form_id}/export.sav").status_code == 401


def test_nested_repeat_as_spss_and_stata(tmp_path):
    for writer, read, suffix in ((write_sav, pyreadstat.read_sav, "sav"), (write_dta, pyreadstat.read_dta, "dta")):
        path = tmp_path / f"jobs.{suffix}"
        assert writer([_nested_form()], HOUSEHOLDS, path, table="jobs") == 4
        frame, meta = read(str(path))
        assert list(frame["KEY"]) == ["h1/member[1]/jobs[1]", "h1/member[1]/jobs[2]", "h1/member[3]/jobs[1]",
                                      "h3/member[1]/jobs[1]"]
        assert list(frame["job"]) == ["ຊາວນາ", "ຄູ", "ແມ່ຄ້າ", "ຊ່າງ"]
        members, meta = read(_write(writer, tmp_path, suffix))
        assert meta.variable_value_labels["sex"] == {1: "ຍິງ", 2: "ຊາຍ"}
        assert list(members["sex"]) == [1, 2, 1, 2]


def _write(writer, tmp_path, suffix) -> str:
    path = tmp_path / f"members.{suffix}"
    writer([_nested_form()], HOUSEHOLDS, path, table="member")
    return str(path)


def test_data_frames_have_ordered_categoricals_with_labels(demo_form):
    records = [record(f"r{i}", {"overall": str(i % 5 + 1), "sex": "female", "participants_from_org": i})
               for i in range(10)] + [record("old", {"overall": "9"})]
    frames = data_frames([demo_form], records, language="en")
    assert list(frames) == ["data"]
    frame = frames["data"]
    overall = frame["overall"]
    assert overall.dtype == "category" and overall.cat.ordered
    assert list(overall.cat.categories) == ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied",
                                            "Very satisfied", "9"]  # an unknown answer kept, after the scale
    assert overall.iloc[0] == "Very dissatisfied" and overall.iloc[4] == "Very satisfied"
    assert list(overall.iloc[:5] < "Neutral") == [True, True, False, False, False] and overall.max() == "9"
    assert str(frame["participants_from_org"].dtype) == "Float64"
    assert frame["submitted_at"].iloc[0] == pd.Timestamp("2019-08-20 09:30")
    assert frame.attrs["labels"]["KEY"] == "Row key (KEY)"
    codes = data_frames([demo_form], records, choice_values="codes")["data"]["overall"]
    assert list(codes.cat.categories)[:5] == ["1", "2", "3", "4", "5"]
