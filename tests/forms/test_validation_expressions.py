"""Submission validation applies the form's expressions on the server: relevance, constraints,
calculations, choice filters, repeat counts and required-as-an-expression.

Each test lays out a small form as a table of questions and names the behaviour it pins.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from forms.messages import message
from forms.schema import load_definition
from forms.validation import REPEAT_COUNT_MESSAGE, validate_submission

LAO_TIME = timezone(timedelta(hours=7))
NOW = datetime(2024, 5, 14, 9, 30, tzinfo=LAO_TIME)
YES_NO = [{"name": "yes", "label": {"lo": "ແມ່ນ", "en": "Yes"}}, {"name": "no", "label": {"lo": "ບໍ່", "en": "No"}}]


def q(name: str, type: str = "text", **columns) -> dict:
    return {"name": name, "type": type, **columns}


def form(*questions: dict, choices: dict | None = None):
    return load_definition({
        "form_id": "t", "title": {"en": "Test"}, "version": "1", "languages": ["lo", "en"],
        "default_language": "lo", "questions": list(questions),
        "choices": {"yes_no": YES_NO, **(choices or {})},
    })


def check(definition, answers, language="en"):
    result = validate_submission(definition, answers, language, now=NOW)
    return result.answers, result.errors


REQUIRED = message("required", "en")

# -- relevant ---------------------------------------------------------------------------

CONSENT = form(
    q("consent", "select_one", choice_list="yes_no", required=True),
    q("reason", relevant="${consent} = 'no'", required=True),
)


@pytest.mark.parametrize("answers, kept, errors", [
    ({"consent": "yes", "reason": "busy"}, {"consent": "yes"},                   {}),
    ({"consent": "no", "reason": "busy"},  {"consent": "no", "reason": "busy"},  {}),
    ({"consent": "no"},                    {"consent": "no"},                    {"reason": REQUIRED}),
    ({},                                   {},                                   {"consent": REQUIRED}),
], ids=["irrelevant answer dropped", "relevant answer kept", "required when relevant", "not required when irrelevant"])
def test_relevant(answers, kept, errors):
    assert check(CONSENT, answers) == (kept, errors)


GROUPED = form(
    q("attended", "select_one", choice_list="yes_no"),
    q("details", "group", relevant="${attended} = 'yes'", children=[
        q("days", "integer", required=True),
        q("role", relevant="${days} > 1"),
    ]),
)


@pytest.mark.parametrize("answers, kept, errors", [
    ({"attended": "no", "days": "abc", "role": "x"}, {"attended": "no"}, {}),
    ({"attended": "yes"}, {"attended": "yes"}, {"days": REQUIRED}),
    ({"attended": "yes", "days": "1", "role": "x"}, {"attended": "yes", "days": 1}, {}),
    ({"attended": "yes", "days": "3", "role": "x"}, {"attended": "yes", "days": 3, "role": "x"}, {}),
], ids=["group irrelevant drops children and their errors", "child required in relevant group",
        "child's own relevance", "all relevant"])
def test_group_relevance_applies_to_children(answers, kept, errors):
    assert check(GROUPED, answers) == (kept, errors)


MEMBERS = form(
    q("member", "repeat", children=[
        q("name", required=True),
        q("age", "integer"),
        q("school", relevant="${age} < 18", required=True),
    ]),
)


def test_relevance_inside_a_repeat_reads_the_same_instance():
    answers, errors = check(MEMBERS, {"member": [
        {"name": "ນ້ອຍ", "age": 34, "school": "ignored"},
        {"name": "ຄຳ", "age": 7},
        {"name": "ເພັດ", "age": 12, "school": "ໂຮງຮຽນ"},
    ]})
    assert errors == {"member[2]/school": REQUIRED}
    assert answers["member"][0] == {"name": "ນ້ອຍ", "age": 34}
    assert answers["member"][2]["school"] == "ໂຮງຮຽນ"


def test_an_irrelevant_repeat_is_dropped_whole():
    definition = form(
        q("has_members", "select_one", choice_list="yes_no"),
        q("member", "repeat", relevant="${has_members} = 'yes'", children=[q("name", required=True)]),
    )
    assert check(definition, {"has_members": "no", "member": [{"name": "x"}, {}]}) == ({"has_members": "no"}, {})


# -- constraint -------------------------------------------------------------------------

SATISFACTION = load_definition(json.loads(
    (Path(__file__).resolve().parents[2] / "forms" / "templates" / "meeting_satisfaction.json").read_text("utf-8")
))
LIKERT = {"organisation_kind": "ngo", "overall": "4", "content": "4", "organisation": "5"}


@pytest.mark.parametrize("attended, language, error", [
    (12, "en", None),
    (60, "en", "Please enter a number from 1 to 50"),
    (0,  "lo", "ກະລຸນາໃສ່ຕົວເລກລະຫວ່າງ 1 ຫາ 50"),
    ("", "en", None),
], ids=["passes", "message in English", "message in Lao", "unanswered is not checked"])
def test_constraint_with_its_message_in_the_requested_language(attended, language, error):
    answers, errors = check(SATISFACTION, {**LIKERT, "participants_from_org": attended}, language)
    assert errors.get("participants_from_org") == error
    assert ("participants_from_org" in answers) == (error is None and attended != "")


@pytest.mark.parametrize("language, text", [("lo", message("constraint", "lo")), ("en", message("constraint", "en"))])
def test_constraint_without_a_message_gets_the_default_in_lao_or_english(language, text):
    definition = form(q("total", "integer"), q("part", "integer", constraint=". <= ${total}"))
    assert check(definition, {"total": 5, "part": 6}, language)[1] == {"part": text}
    assert check(definition, {"total": 5, "part": 5}, language)[1] == {}


def test_a_runaway_regex_constraint_is_cut_short_and_refuses_the_answer():
    """An organiser's pattern that backtracks without end (``(a|a)+``) must not hold the
    server: the search stops at its time limit and counts as no match."""
    import time

    from forms.expressions.functions import REGEX_SECONDS

    definition = form(q("code", constraint="regex(., '^(a|a)+$')", constraint_message={"en": "Letters a only"}))
    assert check(definition, {"code": "a" * 12})[1] == {}
    started = time.perf_counter()
    assert check(definition, {"code": "a" * 32 + "!"})[1] == {"code": "Letters a only"}
    # Not a speed test: a guard against a hang (2**32 backtracking steps without the limit).
    assert time.perf_counter() - started < 50 * REGEX_SECONDS


def test_constraint_of_an_irrelevant_question_is_not_checked():
    assert check(SATISFACTION, {**LIKERT, "overall": "5", "improve": "x", "participants_from_org": 99})[1] == {
        "participants_from_org": "Please enter a number from 1 to 50"
    }
    answers, errors = check(SATISFACTION, {**LIKERT, "overall": "5", "improve": "more time"})
    assert errors == {} and "improve" not in answers


def test_constraint_inside_a_repeat_is_keyed_by_instance():
    definition = form(q("member", "repeat", children=[
        q("age", "integer", constraint=". >= 0 and . < 120", constraint_message={"en": "Age 0 to 119", "lo": "ອາຍຸ 0 ຫາ 119"}),
    ]))
    assert check(definition, {"member": [{"age": 30}, {"age": 150}]}, "lo")[1] == {"member[2]/age": "ອາຍຸ 0 ຫາ 119"}


# -- calculation ------------------------------------------------------------------------

@pytest.mark.parametrize("questions, answers, calculated", [
    ([q("a", "integer"), q("b", "integer"), q("total", "calculate", calculation="${a} + ${b}")],
     {"a": 3, "b": 4, "total": "999"}, {"total": "7"}),
    ([q("a", "integer"), q("double", "calculate", calculation="${plus_one} * 2"),
      q("plus_one", "calculate", calculation="${a} + 1")],
     {"a": 3}, {"double": "8", "plus_one": "4"}),
    ([q("when", "calculate", calculation="today()")], {}, {"when": "2024-05-14"}),
    ([q("n", "integer", calculation="2 * 21")], {"n": "1"}, {"n": 42}),
    ([q("blank", "calculate", calculation="''")], {"blank": "sent"}, {}),
    ([q("name"), q("greeting", "calculate", calculation="concat('ສະບາຍດີ ', ${name})")],
     {"name": "ບຸນມີ"}, {"greeting": "ສະບາຍດີ ບຸນມີ"}),
], ids=["overwrites what was sent", "refers to a later calculation", "today()", "typed question",
        "empty result leaves it unanswered", "Lao text"])
def test_calculations_are_recomputed(questions, answers, calculated):
    kept, errors = check(form(*questions), answers)
    assert errors == {}
    assert {name: kept.get(name) for name in calculated} == calculated
    assert all(kept.get(name) is None for name in {"blank"} - set(calculated))


def test_calculations_feed_relevance_and_irrelevant_calculations_are_dropped():
    definition = form(
        q("a", "integer"),
        q("score", "calculate", calculation="${a} * 10"),
        q("follow_up", relevant="${score} > 50", required=True),
        q("bonus", "calculate", relevant="${score} > 50", calculation="'yes'"),
    )
    assert check(definition, {"a": 2}) == ({"a": 2, "score": "20"}, {})
    assert check(definition, {"a": 9}) == ({"a": 9, "score": "90", "bonus": "yes"}, {"follow_up": REQUIRED})


def test_calculation_per_repeat_instance_and_across_instances():
    definition = form(
        q("member", "repeat", children=[
            q("name"), q("age", "integer"),
            q("tag", "calculate", calculation="concat(position(..), ':', ${name})"),
        ]),
        q("total_age", "calculate", calculation="sum(${age})"),
        q("members", "calculate", calculation="count(${member})"),
    )
    answers, errors = check(definition, {"member": [{"name": "ນ້ອຍ", "age": 34}, {"name": "ຄຳ", "age": 7}]})
    assert errors == {}
    assert [m["tag"] for m in answers["member"]] == ["1:ນ້ອຍ", "2:ຄຳ"]
    assert (answers["total_age"], answers["members"]) == ("41", "2")


@pytest.mark.parametrize("language, label", [("lo", "ຍິງ"), ("en", "Female")])
def test_choice_name_follows_the_requested_language(language, label):
    definition = form(
        q("sex", "select_one", choice_list="sex"),
        q("sex_label", "calculate", calculation="jr:choice-name(${sex}, '${sex}')"),
        choices={"sex": [{"name": "female", "label": {"lo": "ຍິງ", "en": "Female"}}]},
    )
    assert check(definition, {"sex": "female"}, language)[0]["sex_label"] == label


# -- choice_filter ----------------------------------------------------------------------

PLACES = form(
    q("province", "select_one", choice_list="province"),
    q("district", "select_one", choice_list="district", choice_filter="province = ${province}"),
    q("districts", "select_multiple", choice_list="district", choice_filter="province = ${province}"),
    choices={
        "province": [{"name": "vte"}, {"name": "lpb"}],
        "district": [
            {"name": "xaythany", "extra": {"province": "vte"}},
            {"name": "sikhottabong", "extra": {"province": "vte"}},
            {"name": "nambak", "extra": {"province": "lpb"}},
        ],
    },
)


@pytest.mark.parametrize("answers, errors", [
    ({"province": "vte", "district": "xaythany"}, {}),
    ({"province": "lpb", "district": "xaythany"}, {"district": message("unknown_choice", "en", value="xaythany")}),
    ({"province": "vte", "districts": ["xaythany", "sikhottabong"]}, {}),
    ({"province": "vte", "districts": ["xaythany", "nambak"]}, {"districts": message("unknown_choice", "en", value="nambak")}),
    ({"district": "nambak"}, {"district": message("unknown_choice", "en", value="nambak")}),
], ids=["passes the filter", "refused by the filter", "every choice passes", "one choice refused",
        "filter on an unanswered question refuses"])
def test_choice_filter(answers, errors):
    assert check(PLACES, answers)[1] == errors


# -- repeat_count -----------------------------------------------------------------------

COUNTED = form(q("n", "integer"), q("member", "repeat", repeat_count="${n}", children=[q("name")]))


@pytest.mark.parametrize("answers, errors", [
    ({"n": 2, "member": [{"name": "a"}, {"name": "b"}]}, {}),
    ({"n": 2, "member": [{"name": "a"}]}, {"member": "This repeated group must have 2 entries."}),
    ({"n": 1, "member": [{"name": "a"}, {"name": "b"}]}, {"member": "This repeated group must have 1 entries."}),
    ({}, {}),
    ({"member": [{"name": "a"}]}, {"member": "This repeated group must have 0 entries."}),
], ids=["as many as counted", "too few", "too many", "none counted, none given", "none counted, one given"])
def test_repeat_count(answers, errors):
    assert check(COUNTED, answers)[1] == errors


def test_repeat_count_message_in_lao():
    assert check(COUNTED, {"n": 3}, "lo")[1] == {"member": REPEAT_COUNT_MESSAGE["lo"].format(count=3)}


# -- required as an expression ----------------------------------------------------------

def test_required_given_as_an_expression():
    definition = form(q("consent", "select_one", choice_list="yes_no"), q("phone"))
    definition.question("phone").required = "${consent} = 'yes'"
    assert check(definition, {"consent": "yes"})[1] == {"phone": REQUIRED}
    assert check(definition, {"consent": "no"})[1] == {}
    assert check(definition, {"consent": "yes", "phone": "020 5555 1234"})[1] == {}


# -- broken expressions -----------------------------------------------------------------

@pytest.mark.parametrize("columns", [
    {"relevant": "${"},
    {"relevant": "${member_age} > 1"},
    {"constraint": "unknown_function(.)"},
    {"constraint": "${member_age} > 1"},
], ids=["relevant that does not parse", "relevant that does not evaluate",
        "constraint that does not parse", "constraint that does not evaluate"])
def test_a_broken_expression_is_ignored_and_nothing_is_lost(columns):
    definition = form(
        q("member", "repeat", children=[q("member_age", "integer")]),
        q("note_text", **columns),
    )
    answers = {"member": [{"member_age": 3}, {"member_age": 4}], "note_text": "ຂໍ້ຄວາມ"}
    kept, errors = check(definition, answers)
    assert errors == {} and kept["note_text"] == "ຂໍ້ຄວາມ"


def test_refused_answers_are_not_in_the_clean_answers():
    assert "district" not in check(PLACES, {"province": "lpb", "district": "xaythany"})[0]
    assert "part" not in check(form(q("part", "integer", constraint=". < 3")), {"part": 5})[0]
