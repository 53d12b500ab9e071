"""Properties of the expression language that no table of examples can pin: whatever text
an organiser types, ``parse`` fails only with ExpressionError; whatever answers arrive,
evaluating a parsed expression fails only with ExpressionError.
"""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.expressions import FUNCTIONS, Context, ExpressionError, evaluate, parse, to_boolean, to_string
from forms.expressions.parser import NODE_ARGUMENT

NAMES = ["a", "b", "sm", "member", "age", "d"]
OPERATORS = ["+", "-", "*", "div", "mod", "=", "!=", "<", "<=", ">", ">=", "and", "or"]

# Text built from the language's own pieces reaches deeper into the parser than random text.
pieces = st.sampled_from(
    ["${a}", "${member}", ".", "..", "(", ")", ",", "'x'", '"ລາວ"', "1", "2.5", ".5", "-", "*",
     " div ", " mod ", " and ", " or ", "=", "!=", "<", ">=", "${", "}", "'", "jr:", "position(..)"]
    + [name + "(" for name in FUNCTIONS]
)
text_like_expressions = st.one_of(st.text(max_size=60), st.lists(pieces, max_size=25).map(" ".join))

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["", "2024-05-14", "2024-05-14T10:00:00+07:00", "a b", "(", "1e999"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(NAMES), inner, max_size=3)),
    max_leaves=12,
)
answers = st.dictionaries(st.sampled_from(NAMES), json_values, max_size=6)
repeat_stacks = st.lists(st.tuples(st.sampled_from(NAMES), st.integers(-1, 4)), max_size=2)
INSTANCES = {"list": [{"name": "a", "label": "ກ", "n": "1"}, {"name": "b", "label": "ຂ", "n": "x"}]}
NODE_LEAVES = st.sampled_from(["${a}", "${member}", ".", "instance('list')/root/item", "instance('list')/root/item/n",
                               "instance('list')/root/item[name = ${a}]/label", "instance('nowhere')/root/item"])


def arguments(name: str, inner):
    """Arguments that ``name`` accepts when parsed: a node-set first where one is needed,
    weights in pairs, digest algorithms and regex patterns that exist."""
    least, most = FUNCTIONS[name]
    most = most if most is not None else least + 3
    if name in NODE_ARGUMENT:
        return st.tuples(NODE_LEAVES, st.lists(inner, min_size=least - 1, max_size=most - 1)).map(
            lambda parts: [parts[0], *parts[1]])
    if name == "weighted-checklist":
        return st.lists(inner, min_size=2, max_size=6).map(lambda args: args[:len(args) // 2 * 2])
    if name == "digest":
        return st.tuples(inner, st.sampled_from(["'MD5'", "'SHA-1'", "'SHA-512'", "${a}"]),
                         st.sampled_from([[], ["'hex'"], ["'base64'"], ["${b}"]])).map(lambda t: [t[0], t[1], *t[2]])
    if name == "regex":
        return st.tuples(inner, st.sampled_from(["'^a'", "'[ກ-ໝ]'", "'(a|b)+$'", "${a}"])).map(list)
    return st.lists(inner, min_size=least, max_size=most)


def expressions(depth: int = 3):
    """Syntactically valid expression text, up to ``depth`` levels deep."""
    leaves = st.one_of(
        st.sampled_from(NAMES).map(lambda name: "${%s}" % name),
        st.just("."),
        st.integers(-5, 400).map(str),
        st.floats(0, 1e6, allow_nan=False).map(lambda f: f"{f:.3f}"),
        st.sampled_from(["''", "'2024-05-14'", "'ລາວ'", "'a b'", "'(['", "'%Y %b %a %3'", "'1'"]),
        st.sampled_from(["today()", "now()", "true()", "false()", "position(..)"]),
    )
    if depth == 0:
        return leaves
    inner = expressions(depth - 1)
    calls = st.sampled_from(sorted(set(FUNCTIONS) - {"indexed-repeat", "position", "today", "now", "true", "false"})).flatmap(
        lambda name: arguments(name, inner).map(lambda args: f"{name}({', '.join(args)})")
    )
    indexed = st.tuples(st.sampled_from(NAMES), st.sampled_from(NAMES), inner).map(
        lambda t: "indexed-repeat(${%s}, ${%s}, %s)" % t
    )
    binary = st.tuples(inner, st.sampled_from(OPERATORS), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    return st.one_of(leaves, calls, indexed, binary, inner.map(lambda e: f"-{e}"))


@settings(max_examples=400, deadline=None)
@given(text_like_expressions, st.booleans())
def test_parse_fails_only_with_expression_error(text, choice_filter):
    try:
        tree = parse(text, choice_filter=choice_filter)
    except ExpressionError as problem:
        assert problem.position is None or 0 <= problem.position <= len(text)
    else:
        assert json.loads(json.dumps(tree)) == tree


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions(), answers, st.sampled_from([None, *NAMES]), repeat_stacks)
def test_evaluation_fails_only_with_expression_error(text, given_answers, current, repeat):
    context = Context(given_answers, current=current, repeat=repeat, instances=INSTANCES)
    try:
        value = evaluate(parse(text), context)
        to_string(value)
        to_boolean(value)
    except ExpressionError:
        pass

