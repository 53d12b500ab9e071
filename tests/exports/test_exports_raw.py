"""The raw data export: columns from the definition, typed cells, hostile text, versions."""
from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from exports.raw import write_csv, write_xlsx
from forms.definition import Choice, FormDefinition, Question

from conftest import SEED_EVENTS, read_rows, record

META = ["uuid", "event", "province", "district", "submitted_at", "language", "version", "status"]
DATA = "ຂໍ້ມູນ"  # the data sheet of a Lao export
LAO = "ການພັດທະນາຊົນນະບົດ ແມ່ນ ບຸລິມະສິດ ທີ່ໜຶ່ງ ຂອງ ແຂວງ ຫົວພັນ"  # tone marks and vowels above/below


def _form(version, questions, choices=None):
    return FormDefinition(form_id="f", title={"lo": "ແບບຟອມ", "en": "Form"}, version=version,
                          languages=["lo", "en"], default_language="lo", questions=questions,
                          choices=choices or {})


def _q(name, qtype, **kw):
    return Question(name=name, type=qtype, label={"lo": f"ຄຳຖາມ {name}", "en": f"Question {name}"}, **kw)


def test_columns_follow_the_definition_in_document_order_not_the_data(demo_form, tmp_path):
    answers = {"comments": "ok", "zz_not_in_form": "x", "overall": "5", "organisation_kind": "dp"}
    write_xlsx([demo_form], [record("u1", answers)], tmp_path / "a.xlsx", headers="names")
    header = read_rows(tmp_path / "a.xlsx", DATA)[0]
    assert header == META + [
        "organisation_kind", "sex", "overall", "content", "organisation", "useful_parts",
        "useful_parts/presentations", "useful_parts/discussion", "useful_parts/group_work",
        "useful_parts/documents", "improve", "participants_from_org", "comments",
    ]


def test_one_typed_row_per_response_with_labels_and_flags(demo_form, tmp_path):
    answers = {"organisation_kind": "dp", "overall": "4", "useful_parts": ["discussion", "documents"],
               "participants_from_org": 3, "comments": LAO}
    records = [record("u1", answers, event=SEED_EVENTS[0]), record("u2", {"overall": "2"})]
    assert write_xlsx([demo_form], records, tmp_path / "a.xlsx", headers="names") == 2
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")[DATA]
    names = [c.value for c in ws[1]]
    row = {n: c for n, c in zip(names, ws[2])}
    assert row["uuid"].value == "u1"
    assert row["event"].value == "PSI – SSWG (August)"
    # Stored in UTC (09:30), shown on the clock of Vientiane (UTC+7), which the label names.
    assert row["submitted_at"].is_date and row["submitted_at"].value == datetime(2019, 8, 20, 16, 30)
    assert row["status"].value == "ສົ່ງແລ້ວ" and row["language"].value == "ລາວ"
    assert row["organisation_kind"].value == "ຄູ່ຮ່ວມພັດທະນາ"
    assert row["overall"].value == "ພໍໃຈ"
    assert row["useful_parts"].value == "ການປຶກສາຫາລື; ເອກະສານ"
    assert [row[f"useful_parts/{c}"].value for c in ("presentations", "discussion", "group_work", "documents")] \
        == [0, 1, 0, 1]
    assert row["participants_from_org"].data_type == "n" and row["participants_from_org"].value == 3
    assert row["comments"].value.encode("utf-8") == LAO.encode("utf-8")
    second = {n: c.value for n, c in zip(names, ws[3])}
    assert second["useful_parts/discussion"] is None  # unanswered: blank, not 0
    assert ws.max_row == 3


def test_choice_codes_and_both_header_rows(demo_form, tmp_path):
    write_xlsx([demo_form], [record("u1", {"overall": "4", "useful_parts": ["documents"]})],
               tmp_path / "a.xlsx", headers="both", choice_values="codes", language="en")
    rows = read_rows(tmp_path / "a.xlsx", "Data")
    assert rows[0][10] == "overall" and rows[1][10] == "Overall, how satisfied are you with this meeting?"
    assert rows[2][10] == "4" and rows[2][13] == "documents"
    assert rows[2][7] == "submitted" and rows[2][5] == "lo"  # codes stay codes
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")["Data"]
    assert ws.freeze_panes == "B3"
    assert ws.auto_filter.ref == "A2:U3"


def test_formula_like_text_stays_text_in_xlsx(demo_form, tmp_path):
    hostile = ["=1+1", "+1", "-2+3", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "http://example.org", "0123"]
    records = [record(f"u{i}", {"comments": text}) for i, text in enumerate(hostile)]
    write_xlsx([demo_form], records, tmp_path / "a.xlsx", headers="names")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")[DATA]
    col = [c.value for c in ws[1]].index("comments") + 1
    cells = [ws.cell(row=i + 2, column=col) for i in range(len(hostile))]
    assert [c.value for c in cells] == hostile
    assert all(c.data_type == "s" for c in cells)
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in sheet and "<hyperlink" not in sheet


def test_csv_has_bom_same_columns_and_neutralised_formulas(demo_form, tmp_path):
    hostile = ["=1+1", "+1", "-2", "@x", "\tx", "\rx", "ok", LAO]
    records = [record(f"u{i}", {"comments": t, "participants_from_org": -3}) for i, t in enumerate(hostile)]
    write_xlsx([demo_form], records, tmp_path / "a.xlsx", headers="names")
    assert write_csv([demo_form], records, tmp_path / "a.csv", headers="names") == len(hostile)
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == read_rows(tmp_path / "a.xlsx", DATA)[0]
    comments = [row[rows[0].index("comments")] for row in rows[1:]]
    assert comments == ["'=1+1", "'+1", "'-2", "'@x", "'\tx", "'\rx", "ok", LAO]
    assert {row[rows[0].index("participants_from_org")] for row in rows[1:]} == {"-3"}  # numbers keep sign


def test_dates_times_and_numbers_are_real_excel_values(tmp_path):
    form = _form("1", [_q("d", "date"), _q("t", "time"), _q("dt", "datetime"), _q("x", "decimal"),
                       _q("bad", "integer")])
    answers = {"d": "2019-11-13", "t": "14:30:00", "dt": "2019-11-13T08:15:00+07:00", "x": 2.5, "bad": "n/a"}
    write_xlsx([form], [record("u1", answers)], tmp_path / "a.xlsx", headers="names")
    ws = openpyxl.load_workbook(tmp_path / "a.xlsx")[DATA]
    row = {c.value: v for c, v in zip(ws[1], ws[2])}
    assert row["d"].is_date and row["d"].value == datetime(2019, 11, 13) and row["d"].number_format == "yyyy-mm-dd"
    assert row["t"].is_date and row["t"].value.strftime("%H:%M") == "14:30"
    assert row["dt"].value == datetime(2019, 11, 13, 8, 15)
    assert row["x"].value == 2.5
    assert row["bad"].value == "n/a"  # an answer that is not a number is kept, as text


def test_several_versions_give_one_column_set_with_a_version_column(tmp_path):
    choices = {"yn": [Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"})]}
    old = _form("2019.1", [_q("a", "text"), _q("dropped", "integer"), _q("b", "select_one", choice_list="yn")],
                choices)
    new_choices = {"yn": [Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"}), Choice("dk", {"en": "?"})]}
    new = _form("2020.1", [_q("b", "select_one", choice_list="yn"), _q("c", "date"), _q("a", "text")], new_choices)
    records = [record("o1", {"a": "old", "dropped": 7, "b": "yes"}, version="2019.1"),
               record("n1", {"a": "new", "b": "dk", "c": "2020-01-02"}, version="2020.1")]
    write_xlsx([new, old], records, tmp_path / "a.xlsx", headers="names", choice_values="codes")
    rows = read_rows(tmp_path / "a.xlsx", DATA)
    assert rows[0] == META + ["b", "c", "a", "dropped"]
    by_uuid = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert by_uuid["o1"]["version"] == "2019.1" and by_uuid["o1"]["dropped"] == 7
    assert by_uuid["n1"]["version"] == "2020.1" and by_uuid["n1"]["dropped"] == ""
    assert by_uuid["n1"]["c"] == date(2020, 1, 2)


def test_repeats_get_their_own_sheets_linked_by_uuid_and_position(tmp_path):
    member = Question(name="member", type="repeat", label={"en": "Member"}, children=[
        _q("member_name", "text"), _q("age", "integer"),
        Question(name="visit", type="repeat", children=[_q("visit_date", "date")]),
    ])
    form = _form("1", [_q("team", "text"), member, _q("after", "text")])
    records = [
        record("u1", event=SEED_EVENTS[2], answers={"team": "A", "after": "z", "member": [
            {"member_name": "ນາງ ແກ້ວ", "age": 30, "visit": [{"visit_date": "2020-01-01"}, {"visit_date": "2020-02-01"}]},
            {"member_name": "ທ້າວ ບຸນ", "age": 41}]}),
        record("u2", {"team": "B"}),
        record("u3", {"member": [{"member_name": "=cmd", "visit": [{"visit_date": "2021-03-04"}]}]}),
    ]
    write_xlsx([form], records, tmp_path / "a.xlsx", headers="names")
    assert read_rows(tmp_path / "a.xlsx", DATA)[0][len(META):] == ["team", "after"]
    members = read_rows(tmp_path / "a.xlsx", "Member")  # the repeat's label
    lio = ["LIO – SSWG (October)", "ຄຳມ່ວນ", "ທ່າແຂກ"]  # each instance carries its event's place
    assert members == [["uuid", "position", "event", "province", "district", "member_name", "age"],
                       ["u1", 1, *lio, "ນາງ ແກ້ວ", 30], ["u1", 2, *lio, "ທ້າວ ບຸນ", 41],
                       ["u3", 1, "", "", "", "=cmd", ""]]
    visits = read_rows(tmp_path / "a.xlsx", "visit")
    assert visits[0] == ["uuid", "position", "parent_position", "event", "province", "district", "visit_date"]
    assert [r[:6] for r in visits[1:]] == [["u1", 1, "1", *lio], ["u1", 2, "1", *lio], ["u3", 1, "1", "", "", ""]]
    assert visits[3][6] == date(2021, 3, 4)
    assert write_csv([form], records, tmp_path / "m.csv", table="member", headers="names") == 3
    with open(tmp_path / "m.csv", encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[1] == ["u1", "1", *lio, "ນາງ ແກ້ວ", "30"]
    assert write_csv([form], records, tmp_path / "v.csv", table="visit", headers="labels", language="en") == 3
    with open(tmp_path / "v.csv", encoding="utf-8-sig", newline="") as handle:
        assert list(csv.reader(handle))[0][:6] == ["Response UUID", "Position", "Parent position", "Event",
                                                   "Event province", "Event district"]


def test_workbook_font_renders_lao(demo_form, tmp_path):
    write_xlsx([demo_form], [], tmp_path / "a.xlsx")
    with zipfile.ZipFile(tmp_path / "a.xlsx") as z:
        styles = z.read("xl/styles.xml").decode()
    assert '<name val="Phetsarath OT"/>' in styles


def test_bad_modes_are_refused(demo_form, tmp_path):
    with pytest.raises(ValueError):
        write_xlsx([demo_form], [], tmp_path / "a.xlsx", headers="codes")
    with pytest.raises(ValueError):
        write_csv([demo_form], [], tmp_path / "a.csv", table="nope")
