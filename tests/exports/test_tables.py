"""The table model and the CSV ZIP: one table per repeat (nested ones too), joined by
KEY / PARENT_KEY, no repeat row lost, each row with its response's place."""
from __future__ import annotations

import csv
import io
import zipfile

from exports.records import EventInfo
from exports.tables import plan, write_csv_zip
from forms.definition import Choice, FormDefinition, Question

from conftest import record

EVENT = EventInfo(id=7, title="ການປຶກສາຫາລື ສະຫວັນນະເຂດ", province="ສະຫວັນນະເຂດ", province_code="LA-SV",
                  district="ໄກສອນ ພົມວິຫານ")


def _nested_form() -> FormDefinition:
    """A household listing: members (a repeat) and each member's jobs (a repeat in it)."""
    job = Question("job", "text", label={"lo": "ວຽກ", "en": "Job"})
    member = Question("member", "repeat", label={"en": "Member"}, children=[
        Question("name", "text", label={"lo": "ຊື່", "en": "Name"}),
        Question("sex", "select_one", label={"en": "Sex"}, choice_list="sex"),
        Question("jobs", "repeat", label={"en": "Jobs"}, children=[job]),
    ])
    return FormDefinition(form_id="household", title={"en": "Household"}, version="1", languages=["lo", "en"],
                          default_language="lo", questions=[
                              Question("village", "text", label={"en": "Village"}),
                              Question("details", "group", label={"en": "Details"}, children=[member])],
                          choices={"sex": [Choice("f", {"lo": "ຍິງ", "en": "Female"}),
                                           Choice("m", {"lo": "ຊາຍ", "en": "Male"})]})


HOUSEHOLDS = [
    record("h1", {"village": "ບ້ານນາ", "member": [
        {"name": "=ນາງ ແກ້ວ", "sex": "f", "jobs": [{"job": "ຊາວນາ"}, {"job": "ຄູ"}]},
        {"name": "ທ້າວ ສີ", "sex": "m"},
        {"name": "ນາງ ດາ", "sex": "f", "jobs": [{"job": "ແມ່ຄ້າ"}]}]}, event=EVENT),
    record("h2", {"village": "ບ້ານໂພນ"}),
    record("h3", {"village": "ບ້ານດອນ", "member": [{"name": "ທ້າວ ບຸນ", "sex": "m", "jobs": [{"job": "ຊ່າງ"}]}]}),
]


def _read_zip(path) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(path) as archive:
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist()}


def test_nested_repeats_are_tables_of_their_own_joined_by_stable_keys():
    tables = {t.name: t for t in plan([_nested_form()], language="en")}
    assert list(tables) == ["data", "member", "jobs"]
    jobs = [row for r in HOUSEHOLDS for row in tables["jobs"].typed_rows(r)]
    names = [c.name for c in tables["jobs"].columns]
    assert names[:7] == ["KEY", "PARENT_KEY", "event_id", "province_code", "event", "province", "district"]
    assert [(row[0], row[1], row[names.index("job")]) for row in jobs] == [
        ("h1/member[1]/jobs[1]", "h1/member[1]", "ຊາວນາ"),
        ("h1/member[1]/jobs[2]", "h1/member[1]", "ຄູ"),
        ("h1/member[3]/jobs[1]", "h1/member[3]", "ແມ່ຄ້າ"),
        ("h3/member[1]/jobs[1]", "h3/member[1]", "ຊ່າງ"),
    ]
    # a repeat row carries its response's place
    assert jobs[0][2:7] == [7, "LA-SV", "ການປຶກສາຫາລື ສະຫວັນນະເຂດ", "ສະຫວັນນະເຂດ", "ໄກສອນ ພົມວິຫານ"]
    members = [row for r in HOUSEHOLDS for row in tables["member"].typed_rows(r)]
    assert [row[0] for row in members] == ["h1/member[1]", "h1/member[2]", "h1/member[3]", "h3/member[1]"]
    assert {row[1] for row in members} <= {r.uuid for r in HOUSEHOLDS}
    assert {row[1] for row in jobs} <= {row[0] for row in members}


def test_the_zip_has_a_file_per_table_with_every_row(tmp_path):
    path = tmp_path / "household.zip"
    assert write_csv_zip([_nested_form()], HOUSEHOLDS, path, headers="names", language="lo") == 3
    files = _read_zip(path)
    assert list(files) == ["household.csv", "household-member.csv", "household-jobs.csv"]
    main, members, jobs = (files[name] for name in files)
    assert [row[0] for row in main[1:]] == ["h1", "h2", "h3"]
    assert len(members) - 1 == 4 and len(jobs) - 1 == 4
    header = members[0]
    first = dict(zip(header, members[1]))
    assert first["name"] == "'=ນາງ ແກ້ວ"  # formula-like text neutralised, Lao intact
    assert first["sex"] == "ຍິງ" and first["province"] == "ສະຫວັນນະເຂດ" and first["event_id"] == "7"
    both = tmp_path / "both.zip"
    write_csv_zip([_nested_form()], HOUSEHOLDS, both, headers="both", language="en")
    jobs_both = _read_zip(both)["household-jobs.csv"]
    assert jobs_both[0][:2] == ["KEY", "PARENT_KEY"] and jobs_both[1][:2] == ["Row key (KEY)", "Parent row key (PARENT_KEY)"]
    assert len(jobs_both) == 2 + 4


def test_every_row_of_a_long_export_is_written_once_and_in_order(tmp_path):
    # More responses than the writer hands to csv.writer at once, each with repeat rows.
    households = [record(f"h{i:04d}", {"village": f"ບ້ານ {i}", "member": [
        {"name": f"ຄົນ {i}.{m}", "jobs": [{"job": f"ວຽກ {i}.{m}"}] * (i % 2)} for m in range(1, 1 + i % 3)]})
        for i in range(1234)]
    path = tmp_path / "long.zip"
    assert write_csv_zip([_nested_form()], households, path, headers="names") == 1234
    files = _read_zip(path)
    main, members, jobs = (files[name] for name in ("household.csv", "household-member.csv", "household-jobs.csv"))
    assert [row[0] for row in main[1:]] == [r.uuid for r in households]
    assert [row[0] for row in members[1:]] == [f"{r.uuid}/member[{m}]" for r in households
                                               for m in range(1, 1 + len(r.answers["member"]))]
    assert [row[0] for row in jobs[1:]] == [f"{r.uuid}/member[{m}]/jobs[1]" for i, r in enumerate(households)
                                            for m in range(1, 1 + len(r.answers["member"])) if i % 2]


def test_the_cells_kept_for_a_multiple_answer_tell_codes_from_numbers_and_booleans(tmp_path):
    # 1 == True == 1.0 as keys: only answers made of codes share their cells.
    topics = Question("topics", "select_multiple", label={"en": "Topics"}, choice_list="topics")
    form = FormDefinition(form_id="topics", title={"en": "Topics"}, version="1", languages=["en"],
                          default_language="en", questions=[topics],
                          choices={"topics": [Choice("1", {"en": "Roads"}), Choice("2", {"en": "Schools"})]})
    answers = [["1"], [1], [True], [1.0], ["1"], "1", ["2", "1"]]
    path = tmp_path / "topics.zip"
    write_csv_zip([form], [record(f"r{i}", {"topics": a}) for i, a in enumerate(answers)], path,
                  headers="names", language="en")
    main = _read_zip(path)["topics.csv"]
    start = main[0].index("topics")
    assert [row[start:start + 3] for row in main[1:]] == [
        ["Roads", "1", "0"], ["1", "0", "0"], ["true", "0", "0"], ["1.0", "0", "0"],
        ["Roads", "1", "0"], ["Roads", "1", "0"], ["Schools; Roads", "1", "1"]]


def test_the_zip_through_the_api_loses_no_repeat_row_and_keeps_the_filters(app, client, make_token):
    from collect.extensions import db
    from collect.services.demo import load_demo
    from collect.store.models import Form, Response

    with app.app_context():
        load_demo()
        db.session.commit()
        form = db.session.query(Form).filter_by(form_id="pre_rtm_consultation").one()
        stored = (db.session.query(Response).join(Response.form_version).filter_by(form_id=form.id)
                  .order_by(Response.id).all())
        expected = [(r.uuid, i, item.get("challenge") or "") for r in stored
                    for i, item in enumerate(r.answers.get("progress") or [], 1)]
        uuids_in_order = [r.uuid for r in stored]
        by_province = {}
        for r in stored:
            by_province.setdefault(r.event.province_code, set()).add(r.uuid)
        form_id = form.id
    headers = make_token()
    response = client.get(f"/api/v1/forms/{form_id}/export.zip?headers=names&language=en", headers=headers)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    files = _read_zip(io.BytesIO(response.data))
    main, progress = files["pre_rtm_consultation.csv"], files["pre_rtm_consultation-progress.csv"]
    main_keys = [row[0] for row in main[1:]]
    assert main_keys == uuids_in_order and len(main_keys) == 54
    header = progress[0]
    rows = [dict(zip(header, row)) for row in progress[1:]]
    assert len(rows) == len(expected) == 108
    assert [(row["PARENT_KEY"], row["KEY"], row["challenge"]) for row in rows] == [
        (uuid, f"{uuid}/progress[{i}]", challenge) for uuid, i, challenge in expected]
    assert all(row["province"] and row["event"] for row in rows)

    province, uuids = next(iter(by_province.items()))
    filtered = _read_zip(io.BytesIO(client.get(
        f"/api/v1/forms/{form_id}/export.zip?headers=names&province={province}", headers=headers).data))
    assert {row[0] for row in filtered["pre_rtm_consultation.csv"][1:]} == uuids
    assert {row[1] for row in filtered["pre_rtm_consultation-progress.csv"][1:]} <= uuids

    queued = client.post(f"/api/v1/forms/{form_id}/exports?kind=zip", headers=headers)
    assert queued.status_code == 202
