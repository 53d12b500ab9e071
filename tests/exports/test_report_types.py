"""Types and headings: numeric calculations are numbers, the summary shows its groups, the
SDG report gives the score scale and each question's % correct, crosstabs that tell
nothing are not written."""
from __future__ import annotations

import random
import statistics
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from exports.records import EventInfo
from exports.workbook import ExportOptions, write_workbook
from forms.definition import Choice, FormDefinition, Question
from forms.samples import sample_answers
from forms.xlsform import read_xlsform

from conftest import SEED_EVENTS, block, read_rows, record, table

TEMPLATES = Path(__file__).resolve().parents[2] / "forms" / "templates"


def _q(name, qtype, label=None, **kw):
    return Question(name=name, type=qtype, label={"en": label or name, "lo": label or name}, **kw)


def test_a_numeric_calculation_is_written_and_summarised_as_a_number(tmp_path):
    form = FormDefinition(form_id="calc", title={"en": "calc"}, version="1", languages=["en"], default_language="en",
                          questions=[_q("score", "calculate", "Score", calculation="1", bind_type="int"),
                                     _q("code", "calculate", "Code", calculation="'a'")])
    scores = ["3", "5", "4", "1"]  # stored as the text the calculation gave
    records = [record(str(i), {"score": s, "code": f"c{i}"}) for i, s in enumerate(scores)]
    path = tmp_path / "c.xlsx"
    write_workbook([form], lambda: records, path, ExportOptions(language="en"))
    got = table(block(read_rows(path, "Summary"), "Score"), "Statistic")
    values = [int(s) for s in scores]
    assert got["n"][1] == 4 and got["Mean"][1] == pytest.approx(statistics.mean(values))
    assert got["Median"][1] == pytest.approx(statistics.median(values))
    data = openpyxl.load_workbook(path)["Data"]
    column = next(cell.column for cell in data[1] if cell.value == "Score")
    assert [data.cell(row, column).value for row in range(2, 6)] == values  # numbers, not text
    open_answers = read_rows(path, "Open answers")
    assert "Code" in [row[0] for row in open_answers] and "Score" not in [row[0] for row in open_answers]


@pytest.fixture
def seminar(tmp_path):
    form = read_xlsform(TEMPLATES / "sdg_seminar.xlsx")
    rng = random.Random(10)
    records = [record(f"s{i}", sample_answers(form, rng), version=form.version, event=SEED_EVENTS[i % 3])
               for i in range(30)]
    path = tmp_path / "sdg.xlsx"
    write_workbook([form], lambda: records, path, ExportOptions(language="en"))
    return form, records, path


def test_the_summary_shows_the_pre_and_post_groups_and_score_means(seminar):
    form, records, path = seminar
    rows = [row[0] for row in read_rows(path, "Summary")]
    before, after = rows.index("Before the seminar: what do you know?"), rows.index("After the seminar: what do you know?")
    question = "How many global Sustainable Development Goals (SDGs) are there?"
    first, second = [i for i, text in enumerate(rows) if text == question]
    assert before < first < after < second  # each block of identical questions under its own heading
    summary = read_rows(path, "Summary")
    for name, label in (("pre_score", "Score before the seminar (0-5)"), ("post_score", "Score after the seminar (0-5)")):
        scores = [int(r.answers[name]) for r in records if name in r.answers]
        got = table(block(summary, label), "Statistic")
        assert got["n"][1] == len(scores) and got["Mean"][1] == pytest.approx(statistics.mean(scores))


def test_the_sdg_report_gives_the_scale_and_each_question_correct_before_and_after(seminar):
    form, records, path = seminar
    rows = read_rows(path, "Report")
    header = next(row for row in rows if row[0] == "Province")
    assert header[2] == "Pre score (0–5)" and header[4] == "Post score (0–5)"
    assert any(row[0].startswith("Score: the number of right answers to the 5 knowledge questions (0 to 5)")
               for row in rows)
    right = {"sdg_count": "17", "sdg_year": "2030", "sdg_18": "uxo", "localisation": "plans", "national_plan": "nsedp"}
    got = table(rows, "Question")
    labels = {q.name: q.label.get("en") for q, _ in form.walk()}
    for name, answer in right.items():
        row = got[labels[f"pre_{name}"]]
        pre = [r.answers.get(f"pre_{name}") for r in records if f"pre_{name}" in r.answers]
        post = [r.answers.get(f"post_{name}") for r in records if f"post_{name}" in r.answers]
        before, after = pre.count(answer) / len(pre), post.count(answer) / len(post)
        assert row[1:6] == [len(pre), pytest.approx(before), len(post), pytest.approx(after),
                            pytest.approx((after - before) * 100)]


def test_a_crosstab_with_one_group_or_of_a_question_by_itself_is_not_written(tmp_path):
    provinces = [Choice("LA-KH", {"en": "Khammouane"}), Choice("LA-SL", {"en": "Saravane"})]
    sexes = [Choice("female", {"en": "Female"}), Choice("male", {"en": "Male"})]
    form = FormDefinition(form_id="x", title={"en": "x"}, version="1", languages=["en"], default_language="en",
                          questions=[_q("province", "select_one", "Province", choice_list="provinces"),
                                     _q("sex", "select_one", "Sex", choice_list="sexes")],
                          choices={"provinces": provinces, "sexes": sexes})
    one_event = EventInfo(id=1, title="Thakhek meeting", province="Khammouane")
    records = [record(str(i), {"province": ("LA-KH", "LA-SL")[i % 2], "sex": ("female", "male")[i % 3 == 0]},
                      event=one_event) for i in range(12)]
    path = tmp_path / "x.xlsx"
    write_workbook([form], lambda: records, path, ExportOptions(language="en"))
    sheets = CalamineWorkbook.from_path(str(path)).sheet_names
    assert "By event" not in sheets and "By district" not in sheets  # one event, no district
    assert "By province" in sheets and "By sex" in sheets
    by_province = [row[0] for row in read_rows(path, "By province")]
    # the sex block (its header row starts with the grouping, Province), but no block of the
    # province question by province, which would add its heading and header
    assert "Sex" in by_province and by_province.count("Province") == 1
    by_sex = table(read_rows(path, "By sex"), "Sex")
    assert by_sex["Female"][1:3] == [4, 4] and by_sex["Male"][1:3] == [2, 2]
    assert openpyxl.load_workbook(path).sheetnames == sheets  # the workbook's own list agrees
