"""Evaluate a parsed expression against one submission's answers, as ODK/JavaRosa would.

The server needs this to check relevance, constraints and calculations itself rather than
trust the browser; ``collect/web/static/js/expr.js`` is its twin for the browser, and both are
held to the same behaviour by ``forms/expression_vectors.json``.

Semantics worth knowing (all from XPath 1.0 as JavaRosa applies it): an unanswered
question is ``""``; ``=`` compares as booleans if either side is one, else as numbers if
either side is a number, else as dates if either side is a date, else as text; ``<`` and
friends compare as numbers or dates, and two texts that are neither as text; arithmetic
on dates counts days; ``round`` rounds halves away from zero on the decimal digits.

``compile_expression`` walks a tree once and returns a function of a :class:`Context`;
``evaluate`` is that function applied once. The validator compiles each expression of a
form once and applies it to every submission.
"""
from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

import regex

from .parser import ExpressionError
from .values import (
    Nodes, date_from_days, from_answer, is_number_text, parse_date, scalar, shift, to_boolean,
    to_number, to_string, tokens,
)

ChoiceLabel = Callable[[str, str], str]

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


class Context:
    """Everything an expression may look at besides its own text.

    ``answers``: name -> answer; a repeat's name -> list of mappings, one per instance.
    ``current``: the question ``.`` stands for. ``repeat``: the repeat instances being
    evaluated in, outermost first, as (repeat name, 1-based position) pairs, so that
    ``${sibling}`` reads the same instance. ``now``: the moment ``now()`` and ``today()``
    return. ``choice_label(question, choice)``: the label ``jr:choice-name`` shows.
    ``choice``: the columns of the choice a choice_filter is being tried on.
    """

    def __init__(
        self,
        answers: Mapping[str, Any],
        current: str | None = None,
        repeat: Sequence[tuple[str, int]] = (),
        now: datetime | None = None,
        choice_label: ChoiceLabel | None = None,
        choice: Mapping[str, Any] | None = None,
    ):
        self.answers = answers
        self.current = current
        self.repeat = tuple(repeat)
        self.now = now or datetime.now().astimezone()
        self.choice_label = choice_label
        self.choice = choice or {}

    def scopes(self) -> list[Mapping[str, Any]]:
        """The answers at the top, then in each enclosing repeat instance, outermost first."""
        scopes = [self.answers]
        for name, position in self.repeat:
            instances = scopes[-1].get(name)
            ok = isinstance(instances, list) and 0 < position <= len(instances)
            instance = instances[position - 1] if ok else None
            scopes.append(instance if isinstance(instance, Mapping) else {})
        return scopes

    def lookup(self, name: str) -> Any:
        """The value of ``${name}``: the nearest enclosing instance's answer, else every
        answer to it in repeats below (a :class:`Nodes`), else ``""``."""
        if not self.repeat:  # the common case, without building the list of scopes
            answers = self.answers
            if name in answers:
                return from_answer(answers[name])
            found = _descend(answers, name, None)
            return Nodes(found) if found else ""
        scopes = self.scopes()
        for depth in range(len(scopes) - 1, -1, -1):
            if name in scopes[depth]:
                return from_answer(scopes[depth][name])
            # The repeat we came down through was searched already, at its own instance.
            skip = self.repeat[depth][0] if depth < len(self.repeat) else None
            found = _descend(scopes[depth], name, skip)
            if found:
                return Nodes(found)
        return ""


#: A compiled expression: its value in a context.
Compiled = Callable[[Context], Any]


def _descend(scope: Mapping[str, Any], name: str, skip: str | None) -> list[Any]:
    found: list[Any] = []
    for key, value in scope.items():
        if key == skip or not isinstance(value, list):
            continue
        for instance in value:
            if not isinstance(instance, Mapping):
                continue
            if name in instance:
                answer = from_answer(instance[name])
                found.extend(answer if isinstance(answer, Nodes) else [answer])
            else:
                found.extend(_descend(instance, name, None))
    return found


def evaluate(tree: dict, context: Context) -> Any:
    """The value of a parsed expression; raises :class:`ExpressionError` and nothing else."""
    return compile_expression(tree)(context)


def compile_expression(tree: dict) -> Compiled:
    """A parsed expression as a function of a :class:`Context`, giving what :func:`evaluate`
    gives; for an expression evaluated many times (every submission to a form), since the
    tree is walked once here rather than at every evaluation."""
    kind = tree["type"]
    if kind == "number":
        number = float(tree["value"])
        return lambda context: number
    if kind == "string":
        text = tree["value"]
        return lambda context: text
    if kind == "ref":
        name = tree["name"]
        return lambda context: context.lookup(name)
    if kind == "current":
        return _current
    if kind == "field":
        name = tree["name"]
        return lambda context: from_answer(context.choice.get(name))
    if kind == "op":
        return _operation(tree["op"], [compile_expression(arg) for arg in tree["args"]])
    name, args = tree["name"], tree["args"]
    if name in _SPECIAL:
        return _SPECIAL[name](args)
    return _call(_FUNCTIONS[name], [compile_expression(arg) for arg in args])


def _current(context: Context) -> Any:
    return context.lookup(context.current) if context.current else ""


def _call(function: Callable[..., Any], parts: list[Compiled]) -> Compiled:
    """``function`` of the values of ``parts``, evaluated in order."""
    if not parts:
        return lambda context: function()
    if len(parts) == 1:
        only = parts[0]
        return lambda context: function(only(context))
    if len(parts) == 2:
        first, second = parts
        return lambda context: function(first(context), second(context))
    return lambda context: function(*[part(context) for part in parts])


def _operation(op: str, parts: list[Compiled]) -> Compiled:
    if op == "and":
        left, right = parts
        return lambda context: to_boolean(left(context)) and to_boolean(right(context))
    if op == "or":
        left, right = parts
        return lambda context: to_boolean(left(context)) or to_boolean(right(context))
    if op == "neg":
        only = parts[0]
        return lambda context: -to_number(only(context))
    if op in _COMPARISONS:
        return _binary(_COMPARISONS[op], scalar, parts)
    return _binary(_ARITHMETIC.get(op, _remainder), to_number, parts)


def _binary(operate: Callable[[Any, Any], Any], convert: Callable[[Any], Any],
            parts: list[Compiled]) -> Compiled:
    """``operate`` on both operands, each ``convert``-ed once both are evaluated."""
    first, second = parts

    def apply(context: Context) -> Any:
        left = first(context)
        right = second(context)
        return operate(convert(left), convert(right))

    return apply


def _divide(left: float, right: float) -> float:
    if right != 0 or math.isnan(right):
        return left / right
    if left == 0 or math.isnan(left):
        return math.nan
    return math.copysign(math.inf, left) * math.copysign(1, right)


def _remainder(left: float, right: float) -> float:
    """XPath's mod: the remainder takes the sign of the dividend, like JavaScript's %."""
    if right == 0 or math.isinf(left):
        return math.nan
    return math.fmod(left, right)


def _equal(left: Any, right: Any) -> bool:
    if type(left) is str and type(right) is str:  # the common case, decided as below
        return left == right
    if isinstance(left, bool) or isinstance(right, bool):
        a, b = to_boolean(left), to_boolean(right)
    elif isinstance(left, (float, date)) or isinstance(right, (float, date)):
        a, b = to_number(left), to_number(right)
    else:
        a, b = left, right
    return a == b


def _ordering(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def apply(left: Any, right: Any) -> bool:
        if type(left) is float and type(right) is float:  # the common case, decided as below
            return compare(left, right)
        if isinstance(left, str) and isinstance(right, str):
            both_numbers = is_number_text(left) and is_number_text(right)
            both_dates = parse_date(left) is not None and parse_date(right) is not None
            if not (both_numbers or both_dates):
                return compare(left, right)
        return compare(to_number(left), to_number(right))

    return apply


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": _equal,
    "!=": lambda left, right: not _equal(left, right),
    "<": _ordering(operator.lt),
    "<=": _ordering(operator.le),
    ">": _ordering(operator.gt),
    ">=": _ordering(operator.ge),
}
#: Arithmetic on two numbers; any other operator is ``mod``.
_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "div": _divide,
}


def _flat(values: tuple) -> list[Any]:
    return [item for value in values for item in (value if isinstance(value, Nodes) else [value])]


def _whole(number: float, fallback: int = 0) -> int:
    return math.trunc(number) if math.isfinite(number) else fallback


def _substr(text: Any, start: Any, end: Any = None) -> str:
    text = to_string(text)
    first = min(max(_whole(to_number(start)), 0), len(text))
    last = len(text) if end is None else min(max(_whole(to_number(end), len(text)), first), len(text))
    return text[first:last]


def _round(value: Any, places: Any = 0.0) -> float:
    number = to_number(value)
    digits = min(max(_whole(to_number(places)), -400), 400)
    if not math.isfinite(number):
        return number
    shifted = shift(abs(number), digits)
    if not math.isfinite(shifted):
        return number
    whole = math.floor(shifted)
    whole += 1 if shifted - whole >= 0.5 else 0
    result = shift(float(whole), -digits)
    return -result if number < 0 else result


def _rounding(method: Callable[[float], int]) -> Callable[[Any], float]:
    def apply(value: Any) -> float:
        number = to_number(value)
        if not math.isfinite(number):
            return number
        result = float(method(number))
        return math.copysign(result, number) if result == 0 else result  # -0.5 -> -0, as in JS

    return apply


def _to_date(value: Any) -> date | str:
    value = scalar(value)
    if isinstance(value, date):
        return value
    if isinstance(value, (float, bool)):
        moment = date_from_days(to_number(value))
    else:
        moment = parse_date(value.strip(" \t\r\n"))
    return "" if moment is None else moment


def _format_date(value: Any, pattern: Any) -> str:
    moment = _to_date(value)
    if moment == "":
        return ""
    clock = moment if isinstance(moment, datetime) else datetime(moment.year, moment.month, moment.day)
    fields = {
        "Y": f"{clock.year:04d}", "y": f"{clock.year % 100:02d}", "m": f"{clock.month:02d}",
        "n": str(clock.month), "b": _MONTHS[clock.month - 1], "d": f"{clock.day:02d}",
        "e": str(clock.day), "H": f"{clock.hour:02d}", "h": str(clock.hour),
        "M": f"{clock.minute:02d}", "S": f"{clock.second:02d}",
        "3": f"{clock.microsecond // 1000:03d}", "a": _WEEKDAYS[clock.weekday()],
    }
    return re.sub(r"%(.)", lambda m: fields.get(m.group(1), m.group()), to_string(pattern), flags=re.S)


#: Longest a regex() may run on one answer. The pattern is the organiser's and the text the
#: participant's: a pattern that backtracks badly (``^(a|a)+$``) must not hold a worker.
REGEX_SECONDS = 0.1


def _regex(text: Any, pattern: Any) -> bool:
    """XLSForm's regex(): the ``regex`` module rather than ``re``, for its time limit; a
    search that runs out of time is no match, so the answer fails the constraint."""
    try:
        found = regex.search(to_string(pattern), to_string(text), flags=regex.ASCII, timeout=REGEX_SECONDS)
    except (regex.error, RecursionError, OverflowError) as problem:
        raise ExpressionError(f"regex() pattern is not valid: {problem}") from None
    except TimeoutError:
        # Runaway backtracking is what a failing match does: found nowhere in time, no match.
        return False
    return found is not None


def _extreme(pick: Callable[..., float]) -> Callable[..., float]:
    def apply(*values: Any) -> float:
        numbers = [to_number(item) for item in _flat(values)]
        if not numbers or any(math.isnan(n) for n in numbers):
            return math.nan
        return pick(numbers, key=lambda n: (n, math.copysign(1, n)))  # -0 below 0, as in JS

    return apply


def _count(value: Any) -> float:
    if isinstance(value, Nodes):
        return float(len(value))
    return 0.0 if to_string(value) == "" else 1.0


def _sum(value: Any) -> float:
    if isinstance(value, Nodes):
        total = 0.0
        for item in value:  # in order, no compensation: as JavaScript adds
            total += to_number(item)
        return total
    return 0.0 if to_string(value) == "" else to_number(value)


def _concat(*values: Any) -> str:
    return "".join(to_string(item) for item in _flat(values))


#: Functions that only need their arguments' values.
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "selected": lambda answer, choice: to_string(choice).strip(" \t\r\n") in tokens(answer),
    "count-selected": lambda answer: float(len(tokens(answer))),
    "string-length": lambda text: float(len(to_string(text))),
    "regex": _regex,
    "coalesce": lambda first, second: scalar(first) if to_string(first) != "" else scalar(second),
    "concat": _concat,
    "substr": _substr,
    "number": to_number,
    "int": _rounding(math.trunc),
    "round": _round,
    "date": _to_date,
    "format-date": _format_date,
    "count": _count,
    "sum": _sum,
    "true": lambda: True,
    "false": lambda: False,
    "boolean": to_boolean,
    "not": lambda value: not to_boolean(value),
    "contains": lambda text, part: to_string(part) in to_string(text),
    "starts-with": lambda text, part: to_string(text).startswith(to_string(part)),
    "ends-with": lambda text, part: to_string(text).endswith(to_string(part)),
    "floor": _rounding(math.floor),
    "ceiling": _rounding(math.ceil),
    "abs": lambda value: abs(to_number(value)),
    "min": _extreme(min),
    "max": _extreme(max),
}


def _if(args: list[dict]) -> Compiled:
    test, yes, no = (compile_expression(arg) for arg in args)
    return lambda context: scalar((yes if to_boolean(test(context)) else no)(context))


def _string(args: list[dict]) -> Compiled:
    part = compile_expression(args[0]) if args else _current
    return lambda context: to_string(part(context))


def _position(context: Context) -> float:
    if not context.repeat:
        raise ExpressionError("position(..) is only meaningful inside a repeat")
    return float(context.repeat[-1][1])


def _indexed_repeat(args: list[dict]) -> Compiled:
    name = args[0]["name"]
    steps = [(repeat["name"], compile_expression(index)) for repeat, index in zip(args[1::2], args[2::2])]

    def apply(context: Context) -> Any:
        scope: Mapping[str, Any] = context.answers
        for repeat, index in steps:
            instances = scope.get(repeat)
            position = to_number(index(context))
            if not isinstance(instances, list) or not (1 <= position <= len(instances)):
                return ""
            instance = instances[int(position) - 1]
            if not isinstance(instance, Mapping):
                return ""
            scope = instance
        return from_answer(scope.get(name))

    return apply


def _choice_name(args: list[dict]) -> Compiled:
    value_part, path_part = (compile_expression(arg) for arg in args)

    def apply(context: Context) -> str:
        value = to_string(value_part(context))
        path = to_string(path_part(context))
        named = re.search(r"\$\{([^}]*)\}", path)
        question = named.group(1) if named else path.rstrip("/").rsplit("/", 1)[-1]
        if value == "" or context.choice_label is None:
            return ""
        return context.choice_label(question, value) or ""

    return apply


#: Functions that need the context or must not evaluate every argument: given the
#: argument trees, each makes the compiled call.
_SPECIAL: dict[str, Callable[[list[dict]], Compiled]] = {
    "if": _if,
    "string": _string,
    "position": lambda args: _position,
    "indexed-repeat": _indexed_repeat,
    "jr:choice-name": _choice_name,
    "today": lambda args: lambda context: date(context.now.year, context.now.month, context.now.day),
    "now": lambda args: lambda context: context.now,
}

#: Every function the parser accepts, for the tests that keep the two lists in step.
IMPLEMENTED = frozenset(_FUNCTIONS) | frozenset(_SPECIAL)
