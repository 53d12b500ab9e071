"""The arithmetic the expression language shares with the browser (``numeric.py``): close to
the exact value everywhere, exact where people check it by heart.

The C library's ``math`` stands in for the exact value (its results are within half a unit
in the last place of it almost always); ``test_expressions_js.py`` checks that the browser
computes the very same doubles.
"""
from __future__ import annotations

import math
import random
import struct

import pytest

from forms.expressions import numeric

PICK = random.Random(3)


def ulps(a: float, b: float) -> int:
    """How many doubles lie between a and b (0 when equal)."""
    def ordered(x: float) -> int:
        bits = struct.unpack("<q", struct.pack("<d", x))[0]
        return bits if bits >= 0 else -(bits & 0x7FFFFFFFFFFFFFFF)
    return abs(ordered(a) - ordered(b))


@pytest.mark.parametrize("name, arguments", [
    ("exp", lambda: (PICK.uniform(-700, 700),)),
    ("log", lambda: (math.exp(PICK.uniform(-700, 700)),)),
    ("log10", lambda: (math.exp(PICK.uniform(-700, 700)),)),
    ("sin", lambda: (PICK.uniform(-1000, 1000),)),
    ("cos", lambda: (PICK.uniform(-1000, 1000),)),
    ("tan", lambda: (PICK.uniform(-10, 10),)),
    ("atan", lambda: (math.exp(PICK.uniform(-30, 30)) * PICK.choice([1, -1]),)),
    ("asin", lambda: (PICK.uniform(-1, 1),)),
    ("acos", lambda: (PICK.uniform(-1, 1),)),
    ("atan2", lambda: (PICK.uniform(-10, 10), PICK.uniform(-10, 10))),
    ("pow", lambda: (PICK.uniform(0, 100), PICK.uniform(-10, 10))),
    ("pow", lambda: (PICK.uniform(-3, 3), float(PICK.randint(-60, 60)))),
])
def test_within_two_units_in_the_last_place(name, arguments):
    worst = max((ulps(getattr(numeric, name)(*args), getattr(math, name)(*args)), args)
                for args in (arguments() for _ in range(3000)))
    assert worst[0] <= 2, worst


def test_trigonometry_keeps_its_range_for_huge_arguments():
    for x in (1e7, 1e15, 1e22, 1e300):
        assert -1 <= numeric.sin(x) <= 1 and -1 <= numeric.cos(x) <= 1


@pytest.mark.parametrize("result, exact", [
    (numeric.exp(0), 1.0), (numeric.exp(1), math.e), (numeric.log(1), 0.0), (numeric.log(2), math.log(2)),
    (numeric.log10(1000), 3.0), (numeric.log10(1e-5), -5.0), (numeric.log10(2), math.log10(2)),
    (numeric.pow(2, 10), 1024.0), (numeric.pow(10, 22), 1e22), (numeric.pow(3, -2), 1 / 9),
    (numeric.pow(9, 0.5), 3.0), (numeric.pow(4, 1.5), 8.0), (numeric.pow(-2, 3), -8.0),
    (numeric.sin(0), 0.0), (numeric.cos(0), 1.0), (numeric.sin(math.pi), math.sin(math.pi)),
    (numeric.atan(1), math.pi / 4), (numeric.acos(-1), math.pi), (numeric.asin(1), math.pi / 2),
])
def test_exact_where_people_know_the_answer(result, exact):
    assert result == exact


@pytest.mark.parametrize("function, arguments, expected", [
    (numeric.pow, (0.0, -1.0), math.inf), (numeric.pow, (-8.0, 1 / 3), math.nan),
    (numeric.pow, (1.0, math.nan), 1.0), (numeric.pow, (math.nan, 0.0), 1.0),
    (numeric.pow, (0.5, math.inf), 0.0), (numeric.pow, (2.0, 1e300), math.inf),
    (numeric.pow, (1e300, 1e300), math.inf), (numeric.log, (0.0,), -math.inf), (numeric.log, (-1.0,), math.nan),
    (numeric.exp, (-1000.0,), 0.0), (numeric.exp, (1000.0,), math.inf), (numeric.sqrt, (-4.0,), math.nan),
    (numeric.asin, (1.5,), math.nan), (numeric.tan, (math.inf,), math.nan), (numeric.atan2, (0.0, -0.0), math.pi),
    (numeric.atan2, (-0.0, -1.0), -math.pi), (numeric.atan2, (math.inf, -math.inf), 3 * math.pi / 4),
])
def test_the_edges_as_ieee_754_and_javascript_give_them(function, arguments, expected):
    result = function(*arguments)
    assert (math.isnan(result) and math.isnan(expected)) or result == expected
