"""The built-in templates: each imports cleanly, round-trips through the JSON schema, and
the committed .xlsx files hold exactly what ``build_templates.py`` writes."""
from __future__ import annotations

import json

import openpyxl
import pytest

from forms.definition import text_in
from forms.schema import dump_definition, load_definition
from forms.templates import build_templates
from forms.templates.build_templates import HERE, TEMPLATES, workbook
from forms.xlsform import read_xlsform

NAMES = sorted(TEMPLATES)


def cells(book: openpyxl.Workbook) -> dict[str, list[tuple]]:
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


@pytest.mark.parametrize("filename", NAMES)
def test_committed_workbook_is_what_the_script_builds(filename):
    committed = openpyxl.load_workbook(HERE / filename)
    assert cells(committed) == cells(workbook(TEMPLATES[filename]()))


@pytest.mark.parametrize("filename", NAMES)
def test_template_imports_and_round_trips_through_the_schema(filename):
    form = read_xlsform(HERE / filename)
    data = dump_definition(form)
    assert dump_definition(load_definition(json.loads(json.dumps(data)))) == data
    assert form.languages == ["lo", "en"] and form.default_language == "lo"


@pytest.mark.parametrize("filename", NAMES)
def test_every_text_is_in_lao_and_english(filename):
    form = read_xlsform(HERE / filename)
    unlabelled = {"calculate", "start", "end", "today"}
    assert all(q.label for q, _ in form.walk() if q.type not in unlabelled)
    texts = [form.title]
    for question, _ in form.walk():
        texts += [t for t in (question.label, question.hint, question.required_message,
                              question.constraint_message) if t]
    texts += [c.label for options in form.choices.values() for c in options]
    for text in texts:
        assert set(text) == {"lo", "en"}, text


@pytest.mark.parametrize("filename, report", [
    ("pre_rtm_consultation.xlsx", "consultation"),
    ("sdg_seminar.xlsx", "sdg_seminar"),
    ("capacity_assessment.xlsx", "capacity"),
    ("meeting_satisfaction.xlsx", "satisfaction"),
])
def test_each_template_names_its_report(filename, report):
    assert read_xlsform(HERE / filename).report == report


def test_meeting_satisfaction_workbook_equals_the_json_definition():
    expected = json.loads((HERE / "meeting_satisfaction.json").read_text(encoding="utf-8"))
    assert dump_definition(read_xlsform(HERE / "meeting_satisfaction.xlsx")) == expected


def test_consultation_lists_the_18_provinces_and_cascades_to_districts():
    form = read_xlsform(HERE / "pre_rtm_consultation.xlsx")
    provinces = {c.name for c in form.choices["province"]}
    assert len(provinces) == 18 and all(code.startswith("LA-") for code in provinces)
    by_province = {}
    for district in form.choices["district"]:
        by_province.setdefault(district.extra["province"], []).append(district.name)
    for seminar_province in ("LA-HO", "LA-XI", "LA-KH", "LA-SV", "LA-SL", "LA-VT"):
        assert len(by_province[seminar_province]) >= 7
    assert set(by_province) - {"all"} <= provinces
    assert by_province["all"] == ["other"]
    assert form.question("district").choice_filter == "province=${province} or province='all'"
    assert form.question("district_name").relevant == "${district} = 'other'"


def test_consultation_asks_progress_in_a_repeat_and_ranks_the_nsedp_outcomes():
    form = read_xlsform(HERE / "pre_rtm_consultation.xlsx")
    assert [q.name for q in form.question("progress").children] == [
        "topic_sector", "achievement", "challenge", "proposal"]
    assert form.question("priorities").type == "rank"
    assert len(form.choices["nsedp_outcome"]) == 6
    assert len(form.choices["sector"]) == 10


def test_sdg_seminar_scores_the_knowledge_checks_against_the_correct_answers():
    form = read_xlsform(HERE / "sdg_seminar.xlsx")
    assert form.question("full_name").sensitive is True
    assert [c.name for c in form.choices["level"]] == ["province", "district", "village"]
    for name, _, _, correct, _ in build_templates.KNOWLEDGE:
        assert [c.name for c in form.choices[name] if c.extra["correct"] == "yes"] == [correct]
        for stage in ("pre", "post"):
            assert f"${{{stage}_{name}}} = '{correct}'" in form.question(f"{stage}_score").calculation
    assert form.question("learning_gain").calculation == "${post_score} - ${pre_score}"
    # scores are numbers (bind::type), so that exports give their means
    assert {form.question(name).bind_type for name in ("pre_score", "post_score", "learning_gain")} == {"int"}


def test_capacity_assessment_has_the_seven_categories_of_the_2019_assessment():
    form = read_xlsform(HERE / "capacity_assessment.xlsx")
    groups = [q for q in form.questions if q.type == "group"]
    seed_categories = [  # seed 004's action plan, (1) to (7)
        "Understanding of ToR", "Communication skills", "Contribution of the GSWG Secretariat members",
        "Human resource development", "GSWG mainstreaming", "Supporting resources", "Documentation archiving"]
    assert [text_in(g.label, "en") for g in groups] == seed_categories
    for group in groups:
        assert [q.name.removeprefix(group.name + "_") for q in group.children] == [
            "score", "finding", "recommendation"]
    assert [c.name for c in form.choices["score"]] == ["1", "2", "3", "4", "5"]
    assert [text_in(c.label, "en") for c in form.choices["urgency"]] == [
        "Immediate", "Short-term", "Medium-term"]
    # the action plan: one entry per activity, with its category, proposed action and urgency
    activities = form.question("activities")
    assert activities.is_repeat
    assert [q.name for q in activities.children] == ["category", "action", "activity", "urgency"]
    assert [text_in(c.label, "en") for c in form.choices["category"]] == seed_categories
    assert form.question("average_score").bind_type == "decimal"
