"""Every shared expression vector through the browser's evaluator, ``expr.js`` with ``expr-more.js``,
under Node, and the arithmetic both sides share, argument by argument.

The trees come from the Python parser, as they do in production: the browser never parses.
One Node process runs all the vectors; each vector is then its own test case here.
"""
from __future__ import annotations

import gzip
import json
import math
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from forms.browser import MORE_FUNCTIONS, needs_more_functions
from forms.expressions import FUNCTIONS, Context, ExpressionError, evaluate, numeric, parse
from forms.expressions.parser import NODE_ARGUMENT
from forms.schema import load_definition
from forms.expressions.values import parse_date
from test_expressions import SUITE, VECTORS, normalise, same, tree_of, vector_id

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "js" / "run_vectors.js"
EXPR_JS = ROOT / "collect" / "web" / "static" / "js" / "expr.js"
EXPR_MORE_JS = ROOT / "collect" / "web" / "static" / "js" / "expr-more.js"
NODE = shutil.which("node") or "/usr/bin/node"

# CI has Node.js (it ships with this kind of machine): there a missing node fails the run.
pytestmark = pytest.mark.skipif(not Path(NODE).exists() and not os.environ.get("CI"),
                                reason="Node.js is not installed")


def run_in_node(cases: list[dict]) -> list[dict]:
    done = subprocess.run(
        [NODE, str(RUNNER)], input=json.dumps(cases), capture_output=True, text=True,
        encoding="utf-8", timeout=120, check=True,
    )
    # Numbers as doubles: JSON writes 1e20 + 16384 as an integer that Python would keep exact.
    return json.loads(done.stdout, parse_int=float)


@pytest.fixture(scope="module")
def js_results() -> list[dict]:
    return run_in_node([
        {
            "tree": tree_of(vector),
            "answers": vector.get("answers", {}),
            "current": vector.get("current"),
            "repeat": vector.get("repeat", []),
            "now": vector.get("now", SUITE["default_now"]),
            "labels": vector.get("labels", {}),
            "choice": vector.get("choice"),
            "instances": vector.get("instances", SUITE["default_instances"]),
        }
        for vector in VECTORS
    ])


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=[vector_id(v) for v in VECTORS])
def test_vector_in_javascript(js_results, index):
    vector, outcome = VECTORS[index], js_results[index]
    if vector.get("error"):
        assert outcome.get("error", "").startswith("ExpressionError"), outcome
    else:
        assert "value" in outcome, outcome
        assert same(outcome["value"], vector["expected"]), outcome["value"]


def test_expr_js_stays_small_for_slow_networks():
    """What a phone downloads, gzipped as it travels: expr.js on every form page, expr-more.js
    only for a form that calls one of its functions."""
    assert len(gzip.compress(EXPR_JS.read_bytes(), 9)) < 7_000
    assert len(gzip.compress(EXPR_MORE_JS.read_bytes(), 9)) < 6_000


class RandomCases:
    """Random but reproducible expressions and answers, to find where the twins disagree."""

    NAMES = ["a", "b", "sm", "member", "age", "d"]
    LEAVES = [
        "${a}", "${b}", "${sm}", "${member}", "${age}", "${d}", ".", "0", "1", "2.5", "400", "0.1",
        "2.675", "1.005", "123456789.123", "0.000001234", "1000000000000000000000", "''", "'1'",
        "'10'", "' 7 '", "'-0'", "'10.'", "'ລາວ'", "'a b'", "'^a'", "'[ກ-ໝ]'", "'2024-05-14'",
        "'2024-05-14 23:59'", "'2024-05-14T10:00:00+07:00'", "'%Y %b %a %3 %e %n'", "today()",
        "now()", "true()", "false()", "position(..)", "(1 div 0)", "(0 div 0)", "(0 - 0)",
    ]
    OPERATORS = ["+", "-", "*", "div", "mod", "=", "!=", "<", "<=", ">", ">=", "and", "or"]
    ANSWERS = [None, True, False, 0, 1, -2, 3.5, 1e20, "", "x", "12", "2024-05-14", "2024-02-30",
               "a b", "ລາວ", " 7 ", "1e3", "2024-05-14T10:00:00.5-03:30"]
    # Chance differs from one side to the other by nature: random() and uuid() are left out
    # and randomize() is always seeded.
    FUNCTIONS = sorted(set(FUNCTIONS) - {"indexed-repeat", "position", "random", "uuid"})

    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def expression(self, depth: int) -> str:
        pick = self.random
        if depth == 0 or pick.random() < 0.3:
            return pick.choice(self.LEAVES)
        roll = pick.random()
        if roll < 0.4:
            return f"({self.expression(depth - 1)} {pick.choice(self.OPERATORS)} {self.expression(depth - 1)})"
        if roll < 0.45:
            return f"-{self.expression(depth - 1)}"
        if roll < 0.5:
            return f"indexed-repeat(${{{pick.choice(self.NAMES)}}}, ${{member}}, {self.expression(depth - 1)})"
        name = pick.choice(self.FUNCTIONS)
        least, most = FUNCTIONS[name]
        count = 2 if name == "randomize" else pick.randint(least, least + 2 if most is None else most)
        args = [self.expression(depth - 1) for _ in range(count)]
        # What the parser demands beyond the number of arguments.
        if name in NODE_ARGUMENT:
            args[0] = pick.choice(["${member}", "${age}", ".", "instance('list')/root/item/n",
                                   "instance('list')/root/item[n > ${a}]"])
        if name == "weighted-checklist":
            args = args[:len(args) // 2 * 2]
        if name == "digest":
            args[1:] = [pick.choice(["'MD5'", "'SHA-1'", "'SHA-256'", "'SHA-384'", "'SHA-512'", "${a}"])] + (
                [pick.choice(["'hex'", "'base64'", "${b}"])] if count == 3 else [])
        if name == "regex":
            args[1] = pick.choice(["'^a'", "'[ກ-ໝ]'", "'1+$'", "${a}"])
        return f"{name}({', '.join(args)})"

    def answer(self, depth: int = 2):
        roll = self.random.random()
        if depth and roll < 0.15:
            return [self.answer(depth - 1) for _ in range(self.random.randint(0, 3))]
        if depth and roll < 0.3:
            return [{name: self.answer(depth - 1) for name in self.random.sample(self.NAMES, self.random.randint(0, 3))}
                    for _ in range(self.random.randint(0, 3))]
        return self.random.choice(self.ANSWERS)

    def case(self) -> dict:
        return {
            "tree": parse(self.expression(5)),
            "answers": {name: self.answer() for name in self.random.sample(self.NAMES, self.random.randint(0, 6))},
            "current": self.random.choice([None, *self.NAMES]),
            "repeat": self.random.choice([[], [["member", 1]], [["member", 2]], [["member", 0]]]),
            "now": SUITE["default_now"],
            "labels": {"sm": {"a": "ກ"}, "a": {"1": "one"}},
            "instances": {"list": [{"name": "a", "n": "1"}, {"name": "b", "n": "2.5"}, {"name": "c"}]},
        }


def python_outcome(case: dict) -> dict:
    labels = case["labels"]
    context = Context(case["answers"], current=case["current"], repeat=[tuple(r) for r in case["repeat"]],
                      now=parse_date(case["now"]), instances=case["instances"],
                      choice_label=lambda question, choice: labels.get(question, {}).get(choice, ""))
    try:
        return {"value": normalise(evaluate(case["tree"], context))}
    except ExpressionError:
        return {"error": True}


@pytest.mark.parametrize("seed", [1, 2])
def test_random_expressions_agree_in_python_and_javascript(seed):
    generator = RandomCases(seed)
    cases = [generator.case() for _ in range(2000)]
    disagreements = []
    for case, js in zip(cases, run_in_node(cases)):
        py = python_outcome(case)
        if "error" in py:
            agree = js.get("error", "").startswith("ExpressionError")
        else:
            agree = "value" in js and same(js["value"], py["value"])
        if not agree:
            disagreements.append((case, py, js))
    assert not disagreements, disagreements[:3]


MORE = """
const E = require(process.argv[1]), more = require(process.argv[2]);
E.extend(more);
const names = Object.keys(more({num: Number, str: String, bool: Boolean, flat: (a) => a, round: (x) => x, fail: Error}));
process.stdout.write(JSON.stringify(names));
"""


def test_expr_more_js_holds_exactly_the_functions_forms_browser_names():
    done = subprocess.run([NODE, "-e", MORE, str(EXPR_JS), str(EXPR_MORE_JS)], capture_output=True, text=True,
                          timeout=60, check=True)
    assert set(json.loads(done.stdout)) == MORE_FUNCTIONS


@pytest.mark.parametrize("calculation, needs", [
    ("round(${w} div (${h} * ${h}), 1)", False), ("sqrt(${a})", False), ("pow(${h}, 2)", True),
    ("if(${a} > 0, digest(${a}, 'MD5'), '')", True), ("area(${shape})", True), ("${broken", False),
])
def test_a_page_needs_expr_more_js_only_for_the_functions_it_holds(calculation, needs):
    form = load_definition({"form_id": "f", "title": {"en": "F"}, "version": "1", "languages": ["en"],
                            "default_language": "en",
                            "questions": [{"name": "g", "type": "group", "children": [
                                {"name": "c", "type": "calculate", "calculation": calculation}]}]})
    assert needs_more_functions(form) is needs


def _double(value: float):
    return value if math.isfinite(value) else str(value)


def test_the_shared_arithmetic_gives_the_same_digits_in_python_and_javascript():
    """numeric.py and expr-more.js, operation for operation: exactly the same doubles, for
    ordinary arguments and for the edges (zeros, infinities, NaN, subnormals, huge ones)."""
    pick = random.Random(12)
    edges = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 10.0, math.pi, math.e, 1e22, 1e-22, 1e300, 5e-324,
             math.inf, -math.inf, math.nan, 1048577.0, 2.0 ** 40 + 1]
    xs = [pick.choice([pick.uniform(-10, 10), pick.uniform(-1, 1), pick.uniform(-1e7, 1e7),
                       math.exp(pick.uniform(-700, 700)), float(pick.randint(-64, 64)), pick.choice(edges)])
          for _ in range(6000)]
    ys = [pick.choice([pick.uniform(-10, 10), float(pick.randint(-70, 70)), pick.choice(edges), 1e15])
          for _ in range(6000)]
    script = """
    const E = require(process.argv[1]); E.extend(require(process.argv[2]));
    const [xs, ys, names] = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const num = (v) => typeof v === 'string' ? Number(v.replace('inf', 'Infinity').replace('nan', 'NaN')) : v;
    const leaf = (v) => ({type: 'op', op: 'div', args: [{type: 'number', value: num(v)}, {type: 'number', value: 1}]});
    const out = names.map((name) => xs.map((x, i) => {
      const args = name === 'pow' || name === 'atan2' ? [leaf(x), leaf(ys[i])] : [leaf(x)];
      const v = E.evaluate({type: 'call', name, args}, {});
      return Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : v) : String(v);
    }));
    process.stdout.write(JSON.stringify(out));
    """
    names = ["exp", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "pow", "atan2"]
    done = subprocess.run([NODE, "-e", script, str(EXPR_JS), str(EXPR_MORE_JS)], capture_output=True, text=True,
                          input=json.dumps([[_double(x) for x in xs], [_double(y) for y in ys], names]),
                          timeout=120, check=True)
    disagreements = []
    for name, results in zip(names, json.loads(done.stdout, parse_int=float)):
        function = getattr(numeric, name)
        for x, y, js in zip(xs, ys, results):
            py = function(x, y) if name in ("pow", "atan2") else function(x)
            if js == "-0":
                agree = py == 0 and math.copysign(1, py) < 0
            elif isinstance(js, str):
                agree = str(py) == {"NaN": "nan", "Infinity": "inf", "-Infinity": "-inf"}[js]
            else:
                agree = py == js and math.copysign(1, py) == math.copysign(1, js)
            if not agree:
                disagreements.append((name, x, y, py, js))
    assert not disagreements, disagreements[:5]
