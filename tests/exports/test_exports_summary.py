"""Summaries and crosstabs of the analyst workbook, checked against counts made here."""
from __future__ import annotations

import random
import re
import statistics
import zipfile
from collections import Counter

import pytest

from exports.workbook import ExportOptions, write_workbook

from conftest import SEED_EVENTS, block, read_rows, record, table

LIKERT = ["1", "2", "3", "4", "5"]


@pytest.fixture
def responses():
    rng = random.Random(2019)
    out = []
    for i in range(180):
        answers = {"organisation_kind": rng.choice(["ministry", "local_gov", "dp", "ngo"]),
                   "overall": rng.choice(LIKERT), "content": rng.choice(LIKERT)}
        if rng.random() < 0.8:
            answers["sex"] = rng.choice(["female", "male"])
        if rng.random() < 0.9:
            answers["organisation"] = rng.choice(LIKERT[1:])
        if rng.random() < 0.7:
            answers["useful_parts"] = rng.sample(["presentations", "discussion", "group_work", "documents"],
                                                 rng.randint(1, 3))
        if rng.random() < 0.6:
            answers["participants_from_org"] = rng.randint(1, 12)
        if i % 40 == 0:
            answers["comments"] = f"ຄຳເຫັນ {i}: ຄວນສົ່ງເອກະສານລ່ວງໜ້າ"
        out.append(record(f"r{i:03d}", answers, event=SEED_EVENTS[i % 3]))
    return out


@pytest.fixture
def workbook(demo_form, responses, tmp_path):
    path = tmp_path / "full.xlsx"
    assert write_workbook([demo_form], lambda: iter(responses), path, ExportOptions(language="en")) == 180
    return path


def label(form, list_name, name, language="en"):
    return next(c.label[language] for c in form.choices[list_name] if c.name == name)


def test_sheets_in_order(workbook):
    from python_calamine import CalamineWorkbook

    assert CalamineWorkbook.from_path(str(workbook)).sheet_names == [
        "Report", "Summary", "By event", "By province", "By district", "By sex", "By organisation_kind",
        "Open answers", "Data", "Codebook"]


def test_frequency_table_counts_and_percent(demo_form, responses, workbook):
    rows = read_rows(workbook, "Summary")
    got = table(block(rows, "What kind of organisation do you come from?"), "Choice")
    counts = Counter(r.answers["organisation_kind"] for r in responses)
    for name in ("ministry", "local_gov", "dp", "ngo", "assembly"):
        row = got[label(demo_form, "organisation_kind", name)]
        assert row[1] == counts[name]
        assert row[2] == pytest.approx(counts[name] / 180)


def test_select_multiple_percent_of_respondents(demo_form, responses, workbook):
    rows = read_rows(workbook, "Summary")
    got = table(block(rows, "Which parts of the meeting were most useful?"), "Choice")
    answered = [r.answers["useful_parts"] for r in responses if "useful_parts" in r.answers]
    for name in ("presentations", "discussion", "group_work", "documents"):
        n = sum(name in chosen for chosen in answered)
        row = got[label(demo_form, "meeting_parts", name)]
        assert row[1] == n and row[2] == pytest.approx(n / len(answered))


def test_likert_battery_top_two_and_mean(demo_form, responses, workbook):
    rows = read_rows(workbook, "Summary")
    got = table(block(rows, "Likert battery"), "Question")
    for name in ("overall", "content", "organisation"):
        values = [int(r.answers[name]) for r in responses if name in r.answers]
        row = got[demo_form.question(name).label["en"]]
        assert row[1:6] == pytest.approx([values.count(k) / len(values) for k in range(1, 6)])
        assert row[6] == len(values)
        assert row[7] == pytest.approx(sum(v >= 4 for v in values) / len(values))
        assert row[8] == pytest.approx(statistics.mean(values))


def test_numeric_summary(responses, workbook):
    rows = read_rows(workbook, "Summary")
    got = table(block(rows, "How many people from your organisation attended?"), "Statistic")
    values = [r.answers["participants_from_org"] for r in responses if "participants_from_org" in r.answers]
    assert got["n"][1] == len(values)
    assert got["Mean"][1] == pytest.approx(statistics.mean(values))
    assert got["Median"][1] == pytest.approx(statistics.median(values))
    assert (got["Minimum"][1], got["Maximum"][1]) == (min(values), max(values))


def test_native_charts_bar_and_stacked_bar(workbook):
    with zipfile.ZipFile(workbook) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml", n)]
    # the report's headline (overall satisfaction per meeting, as columns), then the summary's
    # organisation kind, sex, the Likert battery, useful parts
    assert len(charts) == 5
    assert all("<c:barChart>" in c for c in charts)
    assert sum('<c:barDir val="col"/>' in c for c in charts) == 1
    assert sum('<c:grouping val="percentStacked"/>' in c for c in charts) == 1


def test_crosstab_by_event_counts_and_row_percent(demo_form, responses, workbook):
    rows = read_rows(workbook, "By event")
    got = table(block(rows, demo_form.question("overall").label["en"]), "Event")
    for event in SEED_EVENTS:
        values = [r.answers["overall"] for r in responses if r.event is event]
        row = got[event.title]
        assert row[1:6] == [values.count(k) for k in LIKERT]
        assert row[6] == len(values)
        assert row[7:12] == pytest.approx([values.count(k) / len(values) for k in LIKERT])
        assert row[12] == pytest.approx(sum(v in ("4", "5") for v in values) / len(values))
    assert got["Total"][6] == 180


def test_crosstab_by_sex_includes_no_answer_and_multiple_choice(demo_form, responses, workbook):
    rows = read_rows(workbook, "By sex")
    got = table(block(rows, "Which parts of the meeting were most useful?"), "Sex")
    for sex, title in (("female", "Female"), ("male", "Male"), (None, "(no answer)")):
        group = [r.answers for r in responses if r.answers.get("sex") == sex and "useful_parts" in r.answers]
        row = got[title]
        assert row[5] == len(group)  # respondents
        n_docs = sum("documents" in a["useful_parts"] for a in group)
        assert row[4] == n_docs and row[9] == pytest.approx(n_docs / len(group))
    numbers = table(block(rows, "How many people from your organisation attended?"), "Sex")
    women = [r.answers["participants_from_org"] for r in responses
             if r.answers.get("sex") == "female" and "participants_from_org" in r.answers]
    assert numbers["Female"][1] == len(women) and numbers["Female"][2] == pytest.approx(statistics.mean(women))


def test_open_answers_listed_with_province_and_district(responses, workbook):
    rows = read_rows(workbook, "Open answers")
    got = block(rows, "Other comments")
    expected = [(r.answers["comments"], r.event.title, r.event.province, r.event.district)
                for r in responses if "comments" in r.answers]
    assert [tuple(row[:4]) for row in got[1:]] == expected
    assert got[1][0].encode("utf-8") == "ຄຳເຫັນ 0: ຄວນສົ່ງເອກະສານລ່ວງໜ້າ".encode("utf-8")


def test_group_by_option_and_unknown_grouping(demo_form, responses, tmp_path):
    from python_calamine import CalamineWorkbook

    path = tmp_path / "g.xlsx"
    write_workbook([demo_form], lambda: responses, path, ExportOptions(group_by=["organisation_kind"]))
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert [n for n in names if n.startswith("ແຍກຕາມ")] == ["ແຍກຕາມ organisation_kind"]
    with pytest.raises(ValueError):
        write_workbook([demo_form], lambda: responses, tmp_path / "h.xlsx", ExportOptions(group_by=["comments"]))


def test_codebook_lists_every_question_with_rules(demo_form, tmp_path):
    path = tmp_path / "c.xlsx"
    write_workbook([demo_form], lambda: [], path)
    rows = read_rows(path, "ປຶ້ມລະຫັດ")
    header = rows[0]
    by_name = {r[0]: dict(zip(header, r)) for r in rows[1:]}
    assert list(by_name) == [q.name for q, _ in demo_form.walk()]
    assert by_name["thanks"]["type"] == "note" and by_name["comments"]["sheet"] == "ຂໍ້ມູນ"
    improve = by_name["improve"]
    assert improve["relevant"] == "${overall} = '1' or ${overall} = '2'"
    assert improve["label (lo)"] == "ພວກເຮົາຄວນປັບປຸງຫຍັງແດ່?"
    count = by_name["participants_from_org"]
    assert count["constraint"] == ". >= 1 and . <= 50" and count["type"] == "integer"
    assert count["constraint message (en)"] == "Please enter a number from 1 to 50"
    assert "5 = ພໍໃຈຫຼາຍ / Very satisfied" in by_name["overall"]["choices"]


def test_repeat_questions_are_summarised_per_instance_and_get_their_sheet(tmp_path):
    from forms.definition import Choice, FormDefinition, Question

    yes_no = [Choice("yes", {"en": "Yes", "lo": "ແມ່ນ"}), Choice("no", {"en": "No", "lo": "ບໍ່"})]
    form = FormDefinition(
        form_id="team", title={"en": "Team"}, version="1", languages=["en", "lo"], default_language="en",
        questions=[Question(name="member", type="repeat", label={"en": "Team member"}, children=[
            Question(name="trained", type="select_one", choice_list="yes_no", label={"en": "Trained?"})])],
        choices={"yes_no": yes_no})
    records = [record("a", {"member": [{"trained": "yes"}, {"trained": "no"}, {"trained": "yes"}]}),
               record("b", {"member": [{"trained": "yes"}]}), record("c", {})]
    path = tmp_path / "r.xlsx"
    assert write_workbook([form], lambda: records, path, ExportOptions(language="en")) == 3
    rows = read_rows(path, "Summary")
    assert ["Repeat: Team member"] == [r[0] for r in rows if str(r[0]).startswith("Repeat")]
    got = table(block(rows, "Trained?"), "Choice")
    assert got["Yes"][1:3] == [3, 0.75] and got["No"][1:3] == [1, 0.25]
    assert len(read_rows(path, "Team member")) == 1 + 4


def test_codebook_with_versions_groups_and_repeats(tmp_path):
    from forms.definition import FormDefinition, Question

    def form(version, questions):
        return FormDefinition(form_id="f", title={"en": "F"}, version=version, languages=["en"],
                              default_language="en", questions=questions)

    old = form("1", [Question(name="gone", type="integer", label={"en": "Gone"})])
    new = form("2", [Question(name="about", type="group", relevant="${x} = 1", children=[
        Question(name="member", type="repeat", children=[Question(name="age", type="integer")])])])
    path = tmp_path / "c.xlsx"
    write_workbook([new, old], lambda: [], path)
    rows = read_rows(path, "ປຶ້ມລະຫັດ")
    by_name = {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert list(by_name) == ["about", "member", "age", "gone"]
    assert by_name["age"]["sheet"] == "member" and by_name["age"]["groups"] == "about/member"
    assert by_name["about"]["relevant"] == "${x} = 1"
    assert by_name["gone"]["versions"] == "1" and by_name["age"]["versions"] == "2"


def test_districts_of_one_name_in_two_provinces_stay_apart(demo_form, tmp_path):
    """Xaysetha is a district of Vientiane Capital and of Attapeu: two rows, each with its province."""
    from exports.records import EventInfo

    capital = EventInfo(id=1, title="A", province="ນະຄອນຫຼວງວຽງຈັນ", district="ໄຊເສດຖາ")
    attapeu = EventInfo(id=2, title="B", province="ອັດຕະປື", district="ໄຊເສດຖາ")
    records = [record(f"c{i}", {"overall": "5"}, event=capital) for i in range(3)] + \
        [record(f"a{i}", {"overall": "1", "comments": "ທາງເປ່ເພ"}, event=attapeu) for i in range(2)]
    path = tmp_path / "d.xlsx"
    write_workbook([demo_form], lambda: iter(records), path, ExportOptions(language="lo", group_by=["district"]))
    rows = read_rows(path, "ແຍກຕາມ ເມືອງ")
    got = table(block(rows, demo_form.question("overall").label["lo"]), "ເມືອງ")
    assert got["ໄຊເສດຖາ (ນະຄອນຫຼວງວຽງຈັນ)"][5] == 3 and got["ໄຊເສດຖາ (ນະຄອນຫຼວງວຽງຈັນ)"][6] == 3
    assert got["ໄຊເສດຖາ (ອັດຕະປື)"][1] == 2 and got["ໄຊເສດຖາ (ອັດຕະປື)"][6] == 2
    opened = block(read_rows(path, "ຄຳຕອບແບບເປີດ"), demo_form.question("comments").label["lo"])
    assert [tuple(row[:4]) for row in opened[1:]] == [("ທາງເປ່ເພ", "B", "ອັດຕະປື", "ໄຊເສດຖາ")] * 2


def test_repeat_questions_are_crosstabbed_per_instance_by_their_response_group(tmp_path):
    """Challenges listed in a repeat, by province: each instance counts in its response's province."""
    from forms.definition import Choice, FormDefinition, Question
    from exports.records import EventInfo

    sectors = [Choice("health", {"en": "Health", "lo": "ສາທາລະນະສຸກ"}),
               Choice("roads", {"en": "Roads", "lo": "ທາງ"})]
    form = FormDefinition(
        form_id="rtm", title={"en": "RTM"}, version="1", languages=["en", "lo"], default_language="en",
        questions=[Question(name="challenge", type="repeat", label={"en": "Challenge", "lo": "ສິ່ງທ້າທາຍ"},
                            children=[Question(name="sector", type="select_one", choice_list="sectors",
                                               label={"en": "Sector", "lo": "ຂະແໜງ"})])],
        choices={"sectors": sectors})
    saravane, huaphanh = EventInfo(id=1, title="S", province="Saravane"), EventInfo(id=2, title="H", province="Huaphanh")
    given = {"Saravane": [["health", "roads", "roads"], ["roads"]], "Huaphanh": [["health"], []]}
    events = {"Saravane": saravane, "Huaphanh": huaphanh}
    records = [record(f"{province}{i}", {"challenge": [{"sector": s} for s in listed]}, event=events[province])
               for province, lists in given.items() for i, listed in enumerate(lists)]
    path = tmp_path / "c.xlsx"
    write_workbook([form], lambda: iter(records), path, ExportOptions(language="en", group_by=["province"]))
    rows = read_rows(path, "By province")
    assert "Repeat: Challenge" in [r[0] for r in rows]
    got = table(block(rows, "Sector"), "Province")
    for province, lists in given.items():
        listed = [s for one in lists for s in one]
        assert got[province][1:4] == [listed.count("health"), listed.count("roads"), len(listed)]
    assert got["Total"][3] == 5
