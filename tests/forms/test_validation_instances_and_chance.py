"""Server-side validation with secondary instances (the form's choice lists, the files
attached to it) and with expressions the server cannot repeat (chance, the clock).

Each test lays out a small form as a table of questions and names the behaviour it pins;
the honest submissions are made the way a phone makes them (what it computed, when).
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from forms.messages import message
from forms.schema import load_definition
from forms.validation import validate_submission

LAO_TIME = timezone(timedelta(hours=7))
NOW = datetime(2024, 6, 2, 9, 30, tzinfo=LAO_TIME)
REQUIRED = message("required", "en")
DISTRICTS = [
    {"name": "chanthabouly", "label": {"lo": "ຈັນທະບູລີ", "en": "Chanthabouly"}, "extra": {"province": "VT"}},
    {"name": "sisattanak", "label": {"lo": "ສີສັດຕະນາກ", "en": "Sisattanak"}, "extra": {"province": "VT"}},
    {"name": "luangprabang", "label": {"lo": "ຫຼວງພະບາງ", "en": "Luang Prabang"}, "extra": {"province": "LP"}},
]


def q(name: str, type: str = "text", **columns) -> dict:
    return {"name": name, "type": type, **columns}


def form(*questions: dict):
    return load_definition({
        "form_id": "t", "title": {"en": "Test"}, "version": "1", "languages": ["lo", "en"],
        "default_language": "lo", "questions": list(questions), "choices": {"district": DISTRICTS},
    })


def check(definition, answers, language="en", **options):
    result = validate_submission(definition, answers, language, now=options.pop("now", NOW), **options)
    return result.answers, result.errors


# -- the form's choice lists are instances ---------------------------------------------------

LOOKUP = form(
    q("district", "select_one", choice_list="district"),
    q("district_label", "calculate", calculation="instance('district')/root/item[name = ${district}]/label"),
    q("province", "calculate", calculation="pulldata('district', 'province', 'name', ${district})"),
    q("neighbours", "calculate",
      calculation="count(instance('district')/root/item[province = ${province}]) - 1"),
)


@pytest.mark.parametrize("language, label", [("lo", "ສີສັດຕະນາກ"), ("en", "Sisattanak")])
def test_a_choice_list_is_an_instance_with_labels_in_the_language_of_the_submission(language, label):
    answers, errors = check(LOOKUP, {"district": "sisattanak"}, language)
    assert errors == {}
    assert answers == {"district": "sisattanak", "district_label": label, "province": "VT", "neighbours": "1"}


def test_an_attached_file_is_an_instance_for_pulldata_and_lookups():
    definition = form(
        q("code", "text"),
        q("village", "calculate", calculation="pulldata('villages', 'name_lo', 'code', ${code})"),
        q("households", "integer", constraint=". <= instance('villages')/root/item[code = ${code}]/households"),
    )
    villages = {"villages": [{"code": "V01", "name_lo": "ບ້ານນາໄຊ", "households": "120"},
                             {"code": "V02", "name_lo": "ບ້ານໂພນສະອາດ", "households": "75"}]}
    assert check(definition, {"code": "V02", "households": 70}, instances=villages) == (
        {"code": "V02", "village": "ບ້ານໂພນສະອາດ", "households": 70}, {})
    answers, errors = check(definition, {"code": "V02", "households": 80}, instances=villages)
    assert errors == {"households": message("constraint", "en")}
    assert "households" not in answers


def test_an_attached_file_takes_the_place_of_a_choice_list_of_the_same_name():
    definition = form(q("label", "calculate", calculation="pulldata('district', 'label', 'name', 'x')"))
    assert check(definition, {}, instances={"district": [{"name": "x", "label": "ຈາກໄຟລ໌"}]})[0] == {"label": "ຈາກໄຟລ໌"}


def test_an_instance_no_one_gave_leaves_the_rule_ignored_and_nothing_lost():
    definition = form(q("a", "text", constraint="count(instance('missing')/root/item) > 0"),
                      q("b", "calculate", calculation="pulldata('missing', 'x', 'y', 'z')"))
    assert check(definition, {"a": "ລາວ"}) == ({"a": "ລາວ"}, {})


# -- chance ------------------------------------------------------------------------------------

@pytest.mark.parametrize("calculation", ["once(random())", "random()", "once(uuid())", "concat('id-', uuid(6))",
                                         "join(' ', randomize(instance('district')/root/item/name))"])
def test_a_calculation_on_chance_keeps_the_value_the_phone_computed(calculation):
    definition = form(q("draw", "calculate", calculation=calculation))
    assert check(definition, {"draw": "ຄ່າຂອງໂທລະສັບ 0.25"}) == ({"draw": "ຄ່າຂອງໂທລະສັບ 0.25"}, {})


def test_a_calculation_on_chance_sent_without_a_value_is_computed_once_by_the_server():
    definition = form(q("id", "calculate", calculation="uuid()"), q("copy", "calculate", calculation="${id}"))
    answers, errors = check(definition, {})
    assert errors == {}
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", answers["id"])
    assert answers["copy"] == answers["id"], "computed once: what reads it sees the same value"


def test_a_calculation_without_chance_is_still_computed_by_the_server():
    definition = form(q("n", "integer"), q("double", "calculate", calculation="${n} * 2"))
    assert check(definition, {"n": 4, "double": "999"})[0] == {"n": 4, "double": "8"}


def test_a_seeded_randomize_is_no_chance_and_is_computed_by_the_server():
    definition = form(q("order", "calculate",
                        calculation="join(' ', randomize(instance('district')/root/item/name, 42))"))
    assert check(definition, {"order": "forged"})[0] == {"order": "chanthabouly sisattanak luangprabang"}


DRAWN = form(
    q("draw", "calculate", calculation="once(random())"),
    q("extra", "text", relevant="random() < 0.5", required=True),
    q("score", "integer", constraint=". < random() * 10", required="random() < 0.5"),
)


@pytest.mark.parametrize("answers, kept", [
    ({"draw": "0.7"}, {"draw": "0.7"}),
    ({"draw": "0.2", "extra": "ຂໍ້ຄວາມ", "score": 9}, {"draw": "0.2", "extra": "ຂໍ້ຄວາມ", "score": 9}),
], ids=["question the phone hid: not demanded", "question the phone showed: kept"])
def test_rules_on_chance_never_refuse_what_the_phone_accepted(answers, kept):
    assert check(DRAWN, answers) == (kept, {})


# -- the clock ---------------------------------------------------------------------------------

def test_a_calculation_on_the_clock_keeps_the_phones_moment():
    definition = form(q("dob", "date"), q("age", "calculate", calculation="int((today() - ${dob}) div 365.25)"),
                      q("stamp", "calculate", calculation="now()"))
    answers, errors = check(definition, {"dob": "2000-06-03", "age": "23", "stamp": "2024-06-01T08:00:00.000+07:00"})
    assert errors == {}
    assert (answers["age"], answers["stamp"]) == ("23", "2024-06-01T08:00:00.000+07:00")
    assert check(definition, {"dob": "2000-06-03"})[0]["age"] == "23", "computed by the server when none is sent"


FUTURE = form(q("meeting", "date", constraint=". >= today()"))
PAST = form(q("born", "date", constraint=". <= today()"))


def test_a_clock_constraint_is_judged_when_the_phone_filled_the_form_not_when_it_arrived():
    """Filled offline on 31 May, sent on 2 June: the answer held when it was given."""
    filled = datetime(2024, 5, 31, 16, 0)  # naive, as the queue stamps it: UTC
    assert check(FUTURE, {"meeting": "2024-05-31"}, filled_at=filled) == ({"meeting": "2024-05-31"}, {})
    assert check(FUTURE, {"meeting": "2024-05-31"})[1] == {"meeting": message("constraint", "en")}


def test_a_clock_constraint_allows_any_time_zone_but_still_refuses():
    evening = datetime(2024, 6, 2, 21, 30, tzinfo=LAO_TIME)  # 14:30 UTC: 3 June in Kiribati (UTC+14)
    assert check(PAST, {"born": "2024-06-03"}, now=evening) == ({"born": "2024-06-03"}, {})
    assert check(PAST, {"born": "2024-06-03"})[1] == {"born": message("constraint", "en")}
    assert check(PAST, {"born": "2024-06-05"}, now=evening)[1] == {"born": message("constraint", "en")}
    assert check(FUTURE, {"meeting": "2024-05-20"}, filled_at=datetime(2024, 5, 31, 16, 0))[1] == {
        "meeting": message("constraint", "en")}


def test_a_moment_the_phone_claims_in_the_future_counts_as_now():
    assert check(FUTURE, {"meeting": "2024-05-31"}, filled_at=datetime(2030, 1, 1))[1] == {
        "meeting": message("constraint", "en")}


CLOSING = form(
    q("late_reason", "text", relevant="today() > date('2024-06-01')", required=True),
    q("early_bird", "text", required="today() <= date('2024-06-01')"),
)


LATER = datetime(2024, 6, 3, 9, 30, tzinfo=LAO_TIME)


@pytest.mark.parametrize("answers, filled_at, kept, errors", [
    ({}, datetime(2024, 6, 1, 3, 0), {}, {}),
    ({"late_reason": "ລົດເສຍ", "early_bird": "ແມ່ນ"}, datetime(2024, 6, 1, 3, 0),
     {"late_reason": "ລົດເສຍ", "early_bird": "ແມ່ນ"}, {}),
    ({}, None, {}, {"late_reason": REQUIRED}),
], ids=["filled on 1 June, sent on 3 June: nothing demanded", "what was answered is kept",
        "filled and sent on 3 June: required"])
def test_clock_relevance_and_required_follow_the_moment_the_form_was_filled(answers, filled_at, kept, errors):
    assert check(CLOSING, answers, filled_at=filled_at, now=LATER) == (kept, errors)
