"""SWG report sheets: seed 004's satisfaction table, and the three name conventions."""
from __future__ import annotations

import pytest

from exports.workbook import ExportOptions, write_workbook
from forms.definition import Choice, FormDefinition, Question

from conftest import SEED_EVENTS, block, read_rows, record, table


def _form(report, questions, choices):
    return FormDefinition(form_id=report, title={"en": report}, version="1", languages=["lo", "en"],
                          default_language="lo", questions=questions, choices=choices, report=report)


def _q(name, qtype, label=None, **kw):
    return Question(name=name, type=qtype, label={"en": label or name, "lo": label or name}, **kw)


def _labelled(*pairs):
    return [Choice(name, {"en": en, "lo": lo}) for name, en, lo in pairs]


def seed_004_responses():
    """30/24/20 answers with 22/19/16 in the top two boxes: 73 %, 79 %, 80 % as in seed 004."""
    out = []
    for event, total, satisfied in zip(SEED_EVENTS, (30, 24, 20), (22, 19, 16)):
        for i in range(total):
            overall = ("4", "5")[i % 2] if i < satisfied else ("1", "2", "3")[i % 3]
            out.append(record(f"{event.id}-{i}", {"organisation_kind": "ministry", "overall": overall,
                                                  "content": "4", "organisation": "3"}, event=event))
    return out


@pytest.mark.parametrize("language, headers", [
    ("en", ["Sub-sector meeting", "Theme", "Overall satisfaction", "n"]),
    ("lo", ["ກອງປະຊຸມຂອງໜ່ວຍງານຍ່ອຍ", "ຫົວຂໍ້", "ລະດັບຄວາມເພິ່ງພໍໃຈ", "n"]),
])
def test_satisfaction_report_reproduces_seed_004(demo_form, tmp_path, language, headers):
    path = tmp_path / "s.xlsx"
    responses = seed_004_responses()
    write_workbook([demo_form], lambda: iter(responses), path, ExportOptions(language=language))
    sheet = {"en": "Report", "lo": "ລາຍງານ"}[language]
    rows = read_rows(path, sheet)
    start = next(i for i, row in enumerate(rows) if row[0] == headers[0])
    assert rows[start][:4] == headers
    body = rows[start + 1:start + 4]
    assert [(r[0], r[1]) for r in body] == [(e.title, e.theme) for e in SEED_EVENTS]
    assert [round(r[2] * 100) for r in body] == [73, 79, 80]
    assert [r[3] for r in body] == [30, 24, 20]
    import openpyxl

    assert openpyxl.load_workbook(path)[sheet].cell(start + 2, 3).number_format == "0%"


def test_capacity_report_flat_convention(tmp_path):
    urgency = _labelled(("immediate", "Immediate", "ທັນທີ"), ("short_term", "Short-term", "ໄລຍະສັ້ນ"),
                        ("medium_term", "Medium-term", "ໄລຍະກາງ"))
    score = [Choice(str(i), {"en": f"{i}", "lo": f"{i}"}) for i in range(1, 6)]
    questions = []
    for cat, title in (("tor", "Understanding of ToR"), ("communication", "Inadequate communications skills")):
        questions.append(Question(name=cat, type="group", label={"en": title, "lo": title}, children=[
            _q(f"{cat}_score", "select_one", choice_list="score"), _q(f"{cat}_finding", "text"),
            _q(f"{cat}_recommendation", "text"), _q(f"{cat}_action", "text"),
            _q(f"{cat}_urgency", "select_one", choice_list="urgency")]))
    questions.append(_q("average_score", "calculate"))  # a calculate is no category
    form = _form("capacity", questions, {"urgency": urgency, "score": score})
    answers = [
        {"tor_score": "2", "tor_finding": "TOR too broad", "tor_recommendation": "Revise the TOR",
         "tor_action": "Conduct consultation to revise the TOR", "tor_urgency": "immediate",
         "communication_score": "3", "communication_urgency": "short_term",
         "communication_finding": "ພາສາອັງກິດ", "average_score": "2.5"},
        {"tor_score": "3", "tor_finding": "TOR too broad", "tor_urgency": "medium_term",
         "communication_score": "1", "communication_urgency": "short_term"},
        {"tor_score": "1", "tor_finding": "Junior staff unaware", "tor_urgency": "medium_term"},
        {"tor_score": "2", "tor_urgency": "immediate"},
    ]
    path = tmp_path / "c.xlsx"
    write_workbook([form], lambda: [record(f"c{i}", a) for i, a in enumerate(answers)], path,
                   ExportOptions(language="en"))
    rows = read_rows(path, "Report")
    got = table(rows, "Category")
    assert rows[next(i for i, r in enumerate(rows) if r[0] == "Category")][:5] == [
        "Category", "Explanation", "Recommendations", "Mean score", "n"]
    assert list(got) == ["Understanding of ToR", "Inadequate communications skills"]
    tor = got["Understanding of ToR"]
    assert tor[1] == "• TOR too broad\n• Junior staff unaware"
    assert tor[2] == "Revise the TOR"  # one text as it was written, several as a list
    assert tor[3] == pytest.approx(2.0) and tor[4] == 4
    comm = got["Inadequate communications skills"]
    assert comm[1] == "ພາສາອັງກິດ" and comm[3] == pytest.approx(2.0) and comm[4] == 2
    plan = table(read_rows(path, "Action plan"), "Category")
    # the old flat form: one proposed action per category, no activities, its urgency the most
    # often given (2 immediate, 2 medium-term: a tie goes to the more urgent)
    assert plan["Understanding of ToR"][1:4] == ["Conduct consultation to revise the TOR", "", "Immediate"]
    assert plan["Inadequate communications skills"][1:4] == ["", "", "Short-term"]


def test_capacity_report_repeat_convention(tmp_path):
    categories = _labelled(("tor", "Understanding of ToR", "ຄວາມເຂົ້າໃຈຕໍ່ພາລະບົດບາດ"),
                           ("archiving", "Documentation archiving", "ການຄຸ້ມຄອງເອກະສານ"))
    urgency = _labelled(("immediate", "Immediate", "ທັນທີ"), ("medium_term", "Medium-term", "ໄລຍະກາງ"))
    form = _form("capacity", [Question(name="assessment", type="repeat", children=[
        _q("category", "select_one", choice_list="categories"), _q("score", "decimal"),
        _q("finding", "text"), _q("recommendation", "text"), _q("urgency", "select_one", choice_list="urgency")])],
        {"categories": categories, "urgency": urgency})
    answers = {"assessment": [
        {"category": "archiving", "score": 1.5, "urgency": "medium_term", "recommendation": "Central folder"},
        {"category": "tor", "score": 4.0, "urgency": "immediate"}]}
    path = tmp_path / "c.xlsx"
    write_workbook([form], lambda: [record("c1", answers), record("c2", {"assessment": answers["assessment"][:1]})],
                   path, ExportOptions(language="lo"))
    got = table(read_rows(path, "ລາຍງານ"), "ປະເພດ")
    assert list(got)[:2] == ["ຄວາມເຂົ້າໃຈຕໍ່ພາລະບົດບາດ", "ການຄຸ້ມຄອງເອກະສານ"]
    assert got["ການຄຸ້ມຄອງເອກະສານ"][2:5] == ["Central folder", 1.5, 2]
    assert got["ຄວາມເຂົ້າໃຈຕໍ່ພາລະບົດບາດ"][3] == 4.0
    plan = table(read_rows(path, "ແຜນດຳເນີນງານ"), "ປະເພດ")
    assert plan["ການຄຸ້ມຄອງເອກະສານ"][3] == "ໄລຍະກາງ" and plan["ຄວາມເຂົ້າໃຈຕໍ່ພາລະບົດບາດ"][3] == "ທັນທີ"


def test_sdg_seminar_pre_post_and_learning_gain(tmp_path):
    levels = _labelled(("province", "Provincial staff", "ຂັ້ນແຂວງ"), ("district", "District staff", "ຂັ້ນເມືອງ"),
                       ("village", "Village staff", "ຂັ້ນບ້ານ"))
    form = _form("sdg_seminar", [_q("level", "select_one", choice_list="levels"),
                                 _q("pre_score", "integer"), _q("post_score", "calculate")], {"levels": levels})
    huaphanh, savannakhet = SEED_EVENTS[0].__class__(id=7, title="Huaphanh", province="Huaphanh"), \
        SEED_EVENTS[0].__class__(id=8, title="Savannakhet", province="Savannakhet")
    rows_in = [(huaphanh, "district", 4, "7"), (huaphanh, "village", 2, "6"), (huaphanh, "district", 5, None),
               (savannakhet, "province", 6, "9"), (savannakhet, "village", 3, "4")]
    records = [record(f"s{i}", {k: v for k, v in (("level", lvl), ("pre_score", pre), ("post_score", post))
                                if v is not None}, event=ev) for i, (ev, lvl, pre, post) in enumerate(rows_in)]
    path = tmp_path / "s.xlsx"
    write_workbook([form], lambda: records, path, ExportOptions(language="en"))
    rows = read_rows(path, "Report")
    by_province = table(rows, "Province")
    h = by_province["Huaphanh"]
    assert h[1:3] == [3, pytest.approx(11 / 3)]  # n pre, mean pre
    assert h[3:5] == [2, pytest.approx(6.5)]  # n post, mean post ("7" from a calculate is a number)
    assert h[5:7] == [2, pytest.approx(((7 - 4) + (6 - 2)) / 2)]  # paired gain
    assert h[7] == pytest.approx(7 / 6)  # gain as % of the paired pre mean (4 + 2)
    by_level = table(rows, "Level")
    assert by_level["Village staff"][6] == pytest.approx(((6 - 2) + (4 - 3)) / 2)
    assert by_level["Total"][1] == 5 and by_level["Total"][5] == 4


def test_consultation_priorities_ranked_by_province_and_sector(tmp_path):
    priorities = _labelled(("roads", "Rural roads", "ທາງຊົນນະບົດ"), ("schools", "Schools", "ໂຮງຮຽນ"),
                           ("water", "Clean water", "ນ້ຳສະອາດ"))
    sectors = _labelled(("agriculture", "Agriculture", "ກະສິກຳ"), ("health", "Health", "ສາທາລະນະສຸກ"))
    form = _form("consultation", [_q("sector", "select_one", choice_list="sectors"),
                                  _q("priorities", "rank", choice_list="priorities"), _q("challenges", "text")],
                 {"priorities": priorities, "sectors": sectors})
    place = SEED_EVENTS[0].__class__
    ev_a, ev_b = place(id=1, title="A", province="Khammouane", district="Thakhek"), \
        place(id=2, title="B", province="Saravane", district="Lao Ngam")
    records = [
        record("1", {"sector": "agriculture", "priorities": ["roads", "water", "schools"],
                     "challenges": "=ນ້ຳຖ້ວມ ທຸກປີ"}, event=ev_a),
        record("2", {"sector": "health", "priorities": ["water", "roads"]}, event=ev_a),
        record("3", {"sector": "health", "priorities": ["water"], "challenges": "No clinic"}, event=ev_b),
    ]
    path = tmp_path / "c.xlsx"
    write_workbook([form], lambda: records, path, ExportOptions(language="en"))
    rows = read_rows(path, "Report")

    def group(title, name):
        """The rows of one group; its name is in the first row only."""
        body, found = block(rows, title)[1:], []
        for row in body:
            if row[0]:
                current = row[0]
            if current == name:
                found.append(row[1:6])
        return found

    khammouane = group("By province", "Khammouane")
    # roads 3 + 2 = 5 points, water 2 + 3 = 5: a tie shares the rank (then more mentions,
    # then the name order the rows), schools 1; % first choice of Khammouane's 2 respondents
    assert khammouane == [[1, "Rural roads", 5, 2, 0.5], [1, "Clean water", 5, 2, 0.5], [3, "Schools", 1, 1, 0]]
    health = group("By sector", "Health")
    assert health[0] == [1, "Clean water", 6, 2, 1.0]
    overall = [r[1:6] for r in block(rows, "All responses")[1:]]
    assert overall == [[1, "Clean water", 8, 3, pytest.approx(2 / 3)], [2, "Rural roads", 5, 2, pytest.approx(1 / 3)],
                       [3, "Schools", 1, 1, 0]]
    assert [r[:4] for r in block(read_rows(path, "Challenges"), "Challenges", 1)[1:]] == [
        ["Khammouane", "Thakhek", "Agriculture", "=ນ້ຳຖ້ວມ ທຸກປີ"], ["Saravane", "Lao Ngam", "Health", "No clinic"]]


def test_consultation_challenges_from_a_repeat_with_their_own_sector(tmp_path):
    sectors = _labelled(("agriculture", "Agriculture", "ກະສິກຳ"), ("health", "Health", "ສາທາລະນະສຸກ"))
    provinces = _labelled(("LA-KH", "Khammouane", "ຄຳມ່ວນ"), ("LA-SL", "Saravane", "ສາລະວັນ"))
    form = _form("consultation", [
        _q("province", "select_one", choice_list="provinces"), _q("sector", "select_one", choice_list="sectors"),
        Question(name="progress", type="repeat", children=[
            _q("topic_sector", "select_one", choice_list="sectors"), _q("challenge", "text"),
            _q("proposal", "text")])],
        {"sectors": sectors, "provinces": provinces})
    event = SEED_EVENTS[0]  # held in Vientiane: the participant's own province wins
    records = [record("1", {"province": "LA-SL", "sector": "health", "progress": [
        {"topic_sector": "agriculture", "challenge": "ນ້ຳຖ້ວມ", "proposal": "ສ້າງຄັນກັ້ນນ້ຳ"},
        {"challenge": "No clinic"}]}, event=event)]
    path = tmp_path / "c.xlsx"
    write_workbook([form], lambda: records, path, ExportOptions(language="en"))
    got = block(read_rows(path, "Challenges"), "Challenges", 1)
    assert got[0][:5] == ["Province", "District", "Sector", "Challenges", "Proposal"]
    assert [r[:5] for r in got[1:]] == [["Saravane", event.district, "Agriculture", "ນ້ຳຖ້ວມ", "ສ້າງຄັນກັ້ນນ້ຳ"],
                                        ["Saravane", event.district, "Health", "No clinic", ""]]


@pytest.mark.parametrize("scale", [
    [("1", "Very unhappy", "ບໍ່ພໍໃຈຫຼາຍ"), ("2", "Unhappy", "ບໍ່ພໍໃຈ"), ("3", "Neutral", "ປານກາງ"),
     ("4", "Happy", "ພໍໃຈ"), ("5", "Very happy", "ພໍໃຈຫຼາຍ"), ("dk", "Don't know", "ບໍ່ຮູ້")],
    [("poor", "Poor", "ບໍ່ດີ"), ("fair", "Fair", "ພໍໃຊ້"), ("good", "Good", "ດີ"),
     ("very_good", "Very good", "ດີຫຼາຍ"), ("dont_know", "Don't know", "ບໍ່ຮູ້")],
])
def test_dont_know_is_off_the_satisfaction_scale(tmp_path, scale):
    """A trailing "don't know" is neither a top box nor in the denominator, nor in the mean."""
    choices = {"scale": _labelled(*scale)}
    form = _form("satisfaction", [_q("overall", "select_one", "Overall", choice_list="scale",
                                     appearance="likert")], choices)
    names = [name for name, _, _ in scale]
    top, below, dont_know = names[-2], names[0], names[-1]  # the best box, the worst, "don't know"
    answers = [top] * 3 + [below] + [dont_know] * 6
    records = [record(str(i), {"overall": a}, event=SEED_EVENTS[0]) for i, a in enumerate(answers)]
    path = tmp_path / "dk.xlsx"
    write_workbook([form], lambda: iter(records), path, ExportOptions(language="en"))

    report = table(read_rows(path, "Report"), "Sub-sector meeting")[SEED_EVENTS[0].title]
    assert report[2] == pytest.approx(3 / 4) and report[3] == 4
    summary = table(block(read_rows(path, "Summary"), "Likert battery"), "Question")["Overall"]
    scores = {name: float(name) if name.isdigit() else float(i) for i, name in enumerate(names[:-1], 1)}
    assert summary[1:1 + len(names)] == pytest.approx([answers.count(n) / len(answers) for n in names])
    assert summary[1 + len(names):][:3] == pytest.approx(  # n counts every answer; the figures the scale
        [len(answers), 3 / 4, (3 * scores[top] + scores[below]) / 4])
