"""The expression language, evaluated in Python: every shared vector, the parse errors, and
``references``. The same vectors run through the browser's evaluator in
``test_expressions_js.py``; the helpers below are shared with it.
"""
from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest

from forms.expressions import FUNCTIONS, Context, ExpressionError, Nodes, evaluate, parse, references
from forms.expressions.evaluator import IMPLEMENTED
from forms.expressions.values import date_text, parse_date

VECTOR_FILE = Path(__file__).resolve().parents[2] / "forms" / "expression_vectors.json"
SUITE = json.loads(VECTOR_FILE.read_text(encoding="utf-8"))
VECTORS = SUITE["vectors"]
PARSE_ERRORS = SUITE["parse_errors"]


def vector_id(vector: dict) -> str:
    extras = [key for key in ("current", "repeat", "now") if key in vector]
    return vector["expr"] + (f" [{','.join(extras)}]" if extras else "")


def tree_of(vector: dict) -> dict:
    return parse(vector["expr"], choice_filter=vector.get("choice_filter", False))


def context_for(vector: dict) -> Context:
    labels = vector.get("labels", {})
    return Context(
        vector.get("answers", {}),
        current=vector.get("current"),
        repeat=[tuple(step) for step in vector.get("repeat", [])],
        now=parse_date(vector.get("now", SUITE["default_now"])),
        choice_label=lambda question, choice: labels.get(question, {}).get(choice, ""),
        choice=vector.get("choice"),
        instances=vector.get("instances", SUITE["default_instances"]),
    )


def normalise(value):
    """A result as the vectors write it: dates as text, NaN and infinities spelt out."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"number": "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")}
    if isinstance(value, date):
        return date_text(value)
    if isinstance(value, Nodes):
        return {"nodes": [normalise(item) for item in value]}
    return value


def same(result, expected) -> bool:
    """Equal, and of the same JSON kind (a boolean is not the number 1)."""
    return result == expected and isinstance(result, bool) == isinstance(expected, bool)


@pytest.mark.parametrize("vector", VECTORS, ids=vector_id)
def test_vector(vector):
    tree = tree_of(vector)
    assert json.loads(json.dumps(tree)) == tree, "the tree must survive JSON unchanged"
    if vector.get("error"):
        with pytest.raises(ExpressionError):
            evaluate(tree, context_for(vector))
    else:
        result = normalise(evaluate(tree, context_for(vector)))
        assert same(result, vector["expected"]), result


@pytest.mark.parametrize("text", PARSE_ERRORS)
def test_parse_error(text):
    with pytest.raises(ExpressionError) as raised:
        parse(text)
    problem = raised.value
    assert problem.position is not None and 0 <= problem.position <= len(text)
    assert any("\u0e80" <= char <= "\u0eff" for char in problem.lao), "every parse error is told in Lao too"


def test_vectors_cover_every_function_and_operator():
    used_functions, used_ops = set(), set()
    stack = [tree_of(vector) for vector in VECTORS]
    while stack:
        node = stack.pop()
        if node["type"] == "call":
            used_functions.add(node["name"])
        if node["type"] == "op":
            used_ops.add(node["op"])
        stack.extend(node.get("args", ()))
    assert used_functions == set(FUNCTIONS)
    assert used_ops == {"or", "and", "=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "div", "mod", "neg"}
    assert len(VECTORS) >= 120


def test_every_parsable_function_is_implemented():
    assert IMPLEMENTED == set(FUNCTIONS)


@pytest.mark.parametrize("text, message, position", [
    ("foo(1)",                "unknown function foo()",              0),
    ("1 + version()",         "unknown function version()",          4),
    ("${a} + ",               "expected a value but found the end",  7),
    ("(1 + 2",                "expected ')'",                        6),
    ("${a b}",                "${a b} is not a valid question name", 0),
    ("'open",                 "text that is never closed",           0),
    ("if(1, 2)",              "if() takes 3 arguments, not 2",       0),
    ("join()",                "join() takes 1 or more arguments",    0),
    ("2 * string-length(1, 2)", "string-length() takes 0 to 1 arguments, not 2", 4),
    ("pulldata('x')",         "pulldata() takes 4 arguments, not 1", 0),
    ("count(1)",              "count() needs a question",            0),
    ("jr:itext('x')",         "jr:itext() is not supported by collect", 0),
    ("instance('x')/data",    "write instance('list')/root/item",    0),
    ("${a} | ${b}",           "paths such as /data/name",            5),
    ("round(1, 2, 3)",        "round() takes 1 to 2 arguments",      0),
    ("district = 'x'",        "write ${district} for a question",    0),
    ("1 # 2",                 "unexpected character '#'",            2),
    ("1 2",                   "unexpected '2'",                      2),
])
def test_parse_error_says_what_and_where(text, message, position):
    with pytest.raises(ExpressionError) as raised:
        parse(text)
    assert message in raised.value.message
    assert raised.value.position == position
    assert f"at character {position}" in str(raised.value)


@pytest.mark.parametrize("text", [
    "(" * 41 + "1" + ")" * 41,
    "-" * 60 + "1",
    " or ".join(["1"] * 150),
    "not(" * 50 + "1" + ")" * 50,
])
def test_deep_nesting_is_a_parse_error_not_a_crash(text):
    with pytest.raises(ExpressionError, match="nested too deeply|too long"):
        parse(text)


def test_moderate_nesting_is_fine():
    assert evaluate(parse("(" * 30 + "1" + ")" * 30), Context({})) == 1
    assert evaluate(parse(" + ".join(["1"] * 90)), Context({})) == 90


@pytest.mark.parametrize("text, english, lao", [
    ("if(1, 2)",              "if() takes 3 arguments, not 2",      "if() ຮັບຄ່າ 3 ຕົວ, ບໍ່ແມ່ນ 2 ຕົວ"),
    ("max()",                 "max() takes 1 or more arguments",    "max() ຮັບຄ່າ 1 ຕົວຂຶ້ນໄປ, ບໍ່ແມ່ນ 0 ຕົວ"),
    ("uuid(1, 2)",            "uuid() takes 0 to 1 arguments",      "uuid() ຮັບຄ່າ 0 ຫາ 1 ຕົວ, ບໍ່ແມ່ນ 2 ຕົວ"),
    ("sum('a')",              "sum() needs a question",             "sum() ຕ້ອງການຄຳຖາມ"),
    ("weighted-checklist(1, 2, 3)", "pairs of a value and its weight", "ຄູ່ຂອງຄ່າ ແລະ ນ້ຳໜັກ"),
    ("digest(., 'SHA1')",     "not 'SHA1'",                         "ບໍ່ແມ່ນ 'SHA1'"),
])
def test_wrong_calls_are_refused_when_parsed_in_english_and_lao(text, english, lao):
    with pytest.raises(ExpressionError) as raised:
        parse(text)
    assert english in raised.value.message
    assert lao in raised.value.lao


def test_parse_refuses_what_is_not_text():
    with pytest.raises(ExpressionError):
        parse(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("text, names", [
    ("1 + 2",                                        set()),
    ("${a} + ${b} * ${a}",                           {"a", "b"}),
    (". > ${min_age}",                               {"min_age"}),
    ("selected(${useful_parts}, 'discussion')",      {"useful_parts"}),
    ("if(${x} = '', coalesce(${y}, ${z}), 0)",       {"x", "y", "z"}),
    ("indexed-repeat(${name}, ${member}, 1)",        {"name", "member"}),
    ("jr:choice-name(${sex}, '${sex}')",             {"sex"}),
    ("concat('${not_a_ref}', 'x')",                  set()),
])
def test_references(text, names):
    assert references(parse(text)) == names


def test_references_in_a_choice_filter_leave_out_choice_columns():
    assert references(parse("province = ${province}", choice_filter=True)) == {"province"}


@pytest.mark.parametrize("text, tree", [
    ("${a}",  {"type": "ref", "name": "a"}),
    (".",     {"type": "current"}),
    ("-1",    {"type": "op", "op": "neg", "args": [{"type": "number", "value": 1}]}),
    ("'ລາວ'", {"type": "string", "value": "ລາວ"}),
    ("2.5",   {"type": "number", "value": 2.5}),
    ("position(..)", {"type": "call", "name": "position", "args": []}),
    ("1 - 2 - 3", {"type": "op", "op": "-", "args": [
        {"type": "op", "op": "-", "args": [{"type": "number", "value": 1}, {"type": "number", "value": 2}]},
        {"type": "number", "value": 3}]}),
])
def test_tree_shapes(text, tree):
    assert parse(text) == tree


def test_now_defaults_to_this_moment_with_its_offset():
    result = evaluate(parse("now()"), Context({}))
    assert result.utcoffset() is not None
