"""What the raw cells say: times on a named clock, statuses and languages in words, points
as four numbers, files with their address, and sheets named in the export's language."""
from __future__ import annotations

import csv
from datetime import datetime

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from exports.raw import write_csv, write_xlsx
from exports.workbook import ExportOptions, write_workbook
from forms.definition import Choice, FormDefinition, Question

from conftest import read_rows, record


def _q(name, qtype, **kw):
    return Question(name=name, type=qtype, label={"lo": f"ຄຳຖາມ {name}", "en": f"Question {name}"}, **kw)


def _form(questions, version="1"):
    return FormDefinition(form_id="f", title={"lo": "ແບບຟອມ", "en": "Form"}, version=version, languages=["lo", "en"],
                          default_language="lo", questions=questions)


def _csv_rows(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _names_sheet(path, sheet) -> list[dict]:
    rows = read_rows(path, sheet)
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_times_are_on_the_clock_the_header_names(tmp_path):
    form = _form([_q("met_at", "datetime"), _q("local", "datetime"), _q("day", "date")])
    # Submitted at 23:30 UTC on 31 December: already the new year in Vientiane (UTC+7).
    answers = {"met_at": "2019-11-13T01:15:00+00:00", "local": "2019-11-13T08:15:00", "day": "2019-11-13"}
    records = [record("u1", answers, submitted_at=datetime(2019, 12, 31, 23, 30))]
    write_xlsx([form], records, tmp_path / "a.xlsx", language="en")
    header = read_rows(tmp_path / "a.xlsx", "Data")[0]
    assert header[4] == "Submitted (Asia/Vientiane)"
    assert header[8:] == ["Question met_at (Asia/Vientiane)", "Question local (Asia/Vientiane)", "Question day"]
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Data"]
    assert ws["E2"].value == datetime(2020, 1, 1, 6, 30) and ws["E2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert ws["I2"].value == datetime(2019, 11, 13, 8, 15)  # an offset is moved to the export's clock
    assert ws["J2"].value == datetime(2019, 11, 13, 8, 15)  # no offset: a clock time already
    write_csv([form], records, tmp_path / "a.csv", language="en", headers="names", time_zone="UTC")
    row = _csv_rows(tmp_path / "a.csv")[0]
    # CSV says the offset too, whatever the headers: a script needs no header to read the time.
    assert (row["submitted_at"], row["met_at"], row["local"]) == (
        "2019-12-31T23:30:00+00:00", "2019-11-13T01:15:00+00:00", "2019-11-13T08:15:00")
    write_csv([form], records, tmp_path / "v.csv", language="lo", headers="names")
    row = _csv_rows(tmp_path / "v.csv")[0]
    assert (row["submitted_at"], row["met_at"]) == ("2020-01-01T06:30:00+07:00", "2019-11-13T08:15:00+07:00")
    write_xlsx([form], records, tmp_path / "b.xlsx", language="lo", time_zone="Europe/Paris")
    assert read_rows(tmp_path / "b.xlsx", "ຂໍ້ມູນ")[0][4] == "ວັນເວລາສົ່ງ (Europe/Paris)"


@pytest.mark.parametrize("language, choices, status, answered_in", [
    ("lo", "labels", ["ສົ່ງແລ້ວ", "ອະນຸມັດແລ້ວ", "ຖືກປະຕິເສດ"], ["ລາວ", "ອັງກິດ", "ລາວ"]),
    ("en", "labels", ["Submitted", "Approved", "Rejected"], ["Lao", "English", "Lao"]),
    ("lo", "codes", ["submitted", "approved", "rejected"], ["lo", "en", "lo"]),
])
def test_status_and_language_are_words_of_the_export(tmp_path, language, choices, status, answered_in):
    form = _form([_q("note", "text")])
    records = [record(f"u{i}", {"note": "ກ"}, language=lang) for i, lang in enumerate(["lo", "en", "lo"])]
    records = [r.__class__(**{**vars(r), "status": s}) for r, s in zip(records, ["submitted", "approved", "rejected"])]
    write_xlsx([form], records, tmp_path / "a.xlsx", language=language, headers="names", choice_values=choices)
    rows = _names_sheet(tmp_path / "a.xlsx", "Data" if language == "en" else "ຂໍ້ມູນ")
    assert [r["status"] for r in rows] == status and [r["language"] for r in rows] == answered_in
    assert [r["status"].encode("utf-8") for r in rows] == [s.encode("utf-8") for s in status]
    write_csv([form], records, tmp_path / "a.csv", language=language, headers="names", choice_values=choices)
    assert [(r["status"], r["language"]) for r in _csv_rows(tmp_path / "a.csv")] == list(zip(status, answered_in))


def test_a_geopoint_is_four_numbers(tmp_path):
    form = _form([_q("location", "geopoint"), _q("after", "text")])
    records = [record("u1", {"location": "16.5569 104.7522 150.5 4.8", "after": "x"}),
               record("u2", {"location": "17.9667 102.6"}), record("u3", {"location": "not a point"})]
    write_xlsx([form], records, tmp_path / "a.xlsx", language="en", headers="both")
    rows = read_rows(tmp_path / "a.xlsx", "Data")
    assert rows[0][8:] == ["location/latitude", "location/longitude", "location/altitude", "location/accuracy", "after"]
    assert rows[1][8:12] == ["Question location / latitude", "Question location / longitude",
                             "Question location / altitude", "Question location / accuracy"]
    assert rows[2][8:13] == [16.5569, 104.7522, 150.5, 4.8, "x"]
    assert rows[3][8:12] == [17.9667, 102.6, "", ""]
    assert rows[4][8] == "not a point"  # kept as it came, never lost
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Data"]
    assert ws["I3"].data_type == "n"
    write_csv([form], records, tmp_path / "a.csv", language="en", headers="paths")
    got = _csv_rows(tmp_path / "a.csv")
    assert [got[0][f"location/{p}"] for p in ("latitude", "longitude", "altitude", "accuracy")] == \
        ["16.5569", "104.7522", "150.5", "4.8"]
    assert got[1]["location/altitude"] == ""


def test_files_give_their_address_when_the_export_knows_it(tmp_path):
    visit = Question(name="visit", type="repeat", label={"en": "Visit"}, children=[_q("snap", "image")])
    form = _form([_q("photo", "image"), visit])
    records = [record("u1", {"photo": "ຮູບ.jpg", "visit": [{}, {"snap": "b.jpg"}]})]
    write_xlsx([form], records, tmp_path / "plain.xlsx", headers="names")
    assert read_rows(tmp_path / "plain.xlsx", "ຂໍ້ມູນ")[0][8:] == ["photo"]  # no server, no address column

    def url(uuid, path):
        return f"https://collect.example/r/{uuid}/{path}"

    write_xlsx([form], records, tmp_path / "a.xlsx", headers="names", attachment_url=url)
    main = _names_sheet(tmp_path / "a.xlsx", "ຂໍ້ມູນ")[0]
    assert main["photo"] == "ຮູບ.jpg" and main["photo/url"] == "https://collect.example/r/u1/photo"
    visits = _names_sheet(tmp_path / "a.xlsx", "Visit")
    assert [v["snap/url"] for v in visits] == ["", "https://collect.example/r/u1/visit[2]/snap"]
    write_csv([form], records, tmp_path / "v.csv", headers="names", table="visit", attachment_url=url)
    assert [r["snap/url"] for r in _csv_rows(tmp_path / "v.csv")] == ["", "https://collect.example/r/u1/visit[2]/snap"]


def test_sheets_are_named_in_the_export_language_short_and_unique(tmp_path):
    long_label = {"lo": "ຄວາມຄືບໜ້າ ແລະ ສິ່ງທ້າທາຍ ຂອງແຕ່ລະຂະແໜງການ ໃນປີຜ່ານມາ", "en": "Progress"}
    form = _form([
        _q("sex", "select_one", choice_list="sex"),
        Question(name="progress", type="repeat", label=long_label, children=[_q("what", "text")]),
        Question(name="more", type="repeat", label=long_label, children=[_q("else", "text")]),
    ])
    form.choices["sex"] = [Choice(name="f", label={"lo": "ຍິງ"}), Choice(name="m", label={"lo": "ຊາຍ"})]
    path = tmp_path / "w.xlsx"
    answered = [record("u1", {"sex": "f", "progress": [{"what": "x"}]}), record("u2", {"sex": "m"})]
    write_workbook([form], lambda: answered, path, ExportOptions(language="lo", group_by=["sex"]))
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names[:2] == ["ສະຫຼຸບ", "ແຍກຕາມ sex"] and "ປຶ້ມລະຫັດ" in names and "ຂໍ້ມູນ" in names
    repeats = [n for n in names if n.startswith("ຄວາມຄືບໜ້າ")]
    assert len(repeats) == 2 and len(set(repeats)) == 2 and all(len(n) <= 31 for n in names)
    codebook = _names_sheet(path, "ປຶ້ມລະຫັດ")
    assert {r["name"]: r["sheet"] for r in codebook}["else"] == repeats[1]
    assert {r["name"]: r["path"] for r in codebook}["else"] == "more/else"
    english = tmp_path / "e.xlsx"
    write_workbook([form], lambda: answered, english, ExportOptions(language="en", group_by=["sex"]))
    assert CalamineWorkbook.from_path(str(english)).sheet_names == [
        "Summary", "By sex", "Open answers", "Data", "Progress", "Progress (2)", "Codebook"]
