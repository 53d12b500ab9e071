"""What validation works out once per form, and when its rounds of recomputing stop, must
never show in the results: each test names a case where a shortcut would show.
"""
from __future__ import annotations

import gc

from forms.definition import FormDefinition, Question
from forms.schema import load_definition
from forms.validation import MAX_ROUNDS, validate_submission


def q(name: str, type: str = "text", **columns) -> dict:
    return {"name": name, "type": type, **columns}


def form(*questions: dict):
    return load_definition({
        "form_id": "t", "title": {"en": "Test"}, "version": "1", "languages": ["lo", "en"],
        "default_language": "lo", "questions": list(questions),
        "choices": {"yes_no": [{"name": "yes"}, {"name": "no"}]},
    })


def check(definition, answers):
    result = validate_submission(definition, answers, "en")
    return result.answers, result.errors


def test_relevance_read_before_its_answer_was_dropped_is_decided_again():
    definition = form(
        q("show", relevant="${detail} != ''"),
        q("gate", "select_one", choice_list="yes_no"),
        q("detail", relevant="${gate} = 'yes'"),
    )
    assert check(definition, {"gate": "no", "detail": "d", "show": "s"}) == ({"gate": "no"}, {})
    assert check(definition, {"gate": "yes", "detail": "d", "show": "s"}) == (
        {"show": "s", "gate": "yes", "detail": "d"}, {})


def test_calculations_written_backwards_settle_one_round_each():
    chain = [q(f"c{i}", "calculate", calculation=f"${{c{i + 1}}} + 1") for i in range(1, 6)]
    answers, errors = check(form(*chain, q("c6", "integer")), {"c6": 1})
    assert answers == {"c6": 1, "c1": "6", "c2": "5", "c3": "4", "c4": "3", "c5": "2"}
    assert errors == {}


def test_a_calculation_that_never_settles_stops_after_the_last_round_and_relevance_follows_it():
    definition = form(
        q("early", relevant="${flip} = 'b'"),
        q("flip", "calculate", calculation="if(${flip} = 'a', 'b', 'a')"),
        q("late", relevant="${flip} = 'a'"),
    )
    assert MAX_ROUNDS % 2 == 0  # so the last round leaves "b"
    assert check(definition, {"early": "e", "late": "l"}) == ({"early": "e", "flip": "b"}, {})


def test_a_calculation_reading_itself_through_the_current_question_is_recomputed():
    definition = form(q("n", "integer", calculation="if(. = '', 1, . + 1)", constraint=". < 3"))
    answers, errors = check(definition, {"n": "7"})
    assert answers == {} and list(errors) == ["n"]


def test_each_new_definition_object_gets_its_own_rules():
    for bound in range(20):  # each made once the one before is gone
        definition = FormDefinition("t", {"en": "T"}, "1", ["en"], "en",
                                    [Question("n", "integer", constraint=f". <= {bound}")])
        assert check(definition, {"n": bound}) == ({"n": bound}, {})
        assert list(check(definition, {"n": bound + 1})[1]) == ["n"]
        del definition
        gc.collect()


def test_the_same_definition_validates_many_submissions_alike():
    definition = form(
        q("consent", "select_one", choice_list="yes_no", required=True),
        q("member", "repeat", relevant="${consent} = 'yes'", children=[
            q("age", "integer", required=True, constraint=". >= 15"),
        ]),
    )
    for _ in range(3):
        assert check(definition, {"consent": "yes", "member": [{"age": 20}, {"age": 3}]}) == (
            {"consent": "yes", "member": [{"age": 20}, {}]},
            {"member[2]/age": "This answer is not valid."},
        )
        assert check(definition, {"consent": "no", "member": [{"age": 3}]}) == ({"consent": "no"}, {})
