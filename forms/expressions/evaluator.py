"""Evaluate a parsed expression against one submission's answers, as ODK/JavaRosa would.

The server needs this to check relevance, constraints and calculations itself rather than
trust the browser; ``collect/web/static/js/expr.js`` is its twin for the browser, and both are
held to the same behaviour by ``forms/expression_vectors.json``.

Semantics worth knowing (all from XPath 1.0 as JavaRosa applies it): an unanswered
question is ``""``; ``=`` compares as booleans if either side is one, else as numbers if
either side is a number, else as dates if either side is a date, else as text; ``<`` and
friends compare as numbers or dates, and two texts that are neither as text; arithmetic
on dates counts days; ``round`` rounds halves away from zero on the decimal digits.

Secondary instances: ``Context(..., instances={"list": [{"name": "vt", "label": "..."}]})``
gives expressions named lists of items, each a mapping of column -> text, read by
``instance('list')/root/item[filter]/column`` and ``pulldata('list', column, key_column,
key)``. As in ODK, each choice list of a form is an instance named after the list (its
columns name, label in the language being used, and the extra columns), and a CSV, XML or
GeoJSON file attached to the form is an instance named after the file without its
extension; ``forms.validation`` passes both. An instance no one gave is an evaluation error.

Chance and the clock: ``random()``, ``uuid()``, ``randomize()`` without a seed draw from
``Context.random`` (by default the operating system's randomness); ``now()`` and
``today()`` read ``Context.now``; ``once(x)`` is the current question's value when it has
one, else ``x``. :func:`nondeterminism` tells which of these an expression depends on, so
that the validator can keep what the phone computed rather than compute something else.

``compile_expression`` walks a tree once and returns a function of a :class:`Context`;
``evaluate`` is that function applied once. The validator compiles each expression of a
form once and applies it to every submission.
"""
from __future__ import annotations

import math
import operator
import random
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from .functions import LIBRARY, whole
from .numeric import divide
from .parser import ExpressionError, walk
from .values import Nodes, from_answer, is_number_text, parse_date, scalar, to_boolean, to_number, to_string

ChoiceLabel = Callable[[str, str], str]
Instances = Mapping[str, Sequence[Mapping[str, Any]]]

#: Letters uuid(n) draws from.
_UUID_LETTERS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: Longest text uuid(n) makes: the longest text answer a question keeps.
MAX_UUID_LENGTH = 10_000
#: Park-Miller's generator, which randomize() seeds as JavaRosa and Enketo do.
_MODULUS, _MULTIPLIER = 2147483647.0, 16807.0


class Context:
    """Everything an expression may look at besides its own text.

    ``answers``: name -> answer; a repeat's name -> list of mappings, one per instance.
    ``current``: the question ``.`` stands for. ``repeat``: the repeat instances being
    evaluated in, outermost first, as (repeat name, 1-based position) pairs, so that
    ``${sibling}`` reads the same instance. ``now``: the moment ``now()`` and ``today()``
    return. ``choice_label(question, choice)``: the label ``jr:choice-name`` shows.
    ``choice``: the columns of the choice a choice_filter is being tried on.
    ``instances``: the secondary instances, name -> items (see the module's docstring).
    ``random``: where ``random()``, ``uuid()`` and an unseeded ``randomize()`` draw from.
    """

    def __init__(
        self,
        answers: Mapping[str, Any],
        current: str | None = None,
        repeat: Sequence[tuple[str, int]] = (),
        now: datetime | None = None,
        choice_label: ChoiceLabel | None = None,
        choice: Mapping[str, Any] | None = None,
        instances: Instances | None = None,
        random: random.Random | None = None,  # noqa: A002 - as the module's docstring says
    ):
        self.answers = answers
        self.current = current
        self.repeat = tuple(repeat)
        self.now = now or datetime.now().astimezone()
        self.choice_label = choice_label
        self.choice = choice or {}
        self.instances = instances or {}
        self.random = random or _SYSTEM_RANDOM

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

    def instance(self, name: str) -> Sequence[Mapping[str, Any]]:
        """The items of the secondary instance ``name``."""
        items = self.instances.get(name)
        if items is None:
            raise ExpressionError(f"there is no list or file named {name!r}")
        return items


#: Where chance comes from unless a Context is given its own: the operating system.
_SYSTEM_RANDOM = random.SystemRandom()

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


#: Functions that read the current question when given no argument.
READS_CURRENT = frozenset({"string", "string-length", "normalize-space", "number"})


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
    if kind == "instance":
        return _instance(tree)
    name, args = tree["name"], tree["args"]
    if name in _SPECIAL:
        return _SPECIAL[name](args)
    if name in READS_CURRENT and not args:
        args = [{"type": "current"}]
    return _call(LIBRARY[name], [compile_expression(arg) for arg in args])


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
    "+": operator.add, "-": operator.sub, "*": operator.mul, "div": divide,
}


def _if(args: list[dict]) -> Compiled:
    test, yes, no = (compile_expression(arg) for arg in args)
    return lambda context: scalar((yes if to_boolean(test(context)) else no)(context))


def _once(args: list[dict]) -> Compiled:
    """The current question's value if it has one, else the argument's (computed only then)."""
    part = compile_expression(args[0])

    def apply(context: Context) -> Any:
        value = _current(context)
        return scalar(value) if to_string(value) != "" else part(context)

    return apply


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


def _instance(tree: dict) -> Compiled:
    """instance('id')/root/item[filter]...[/column]: the items kept by every filter (a
    number keeps the item at that position, as in XPath), or their values in ``column``."""
    source, column = tree["id"], tree["column"]
    filters = [compile_expression(arg) for arg in tree["args"]]

    def apply(context: Context) -> Nodes:
        items: Sequence[Mapping[str, Any]] = context.instance(source)
        outer = context.choice
        try:
            for keep in filters:
                kept = []
                for position, item in enumerate(items, start=1):
                    context.choice = item
                    verdict = keep(context)
                    if verdict == position if type(verdict) is float else to_boolean(verdict):
                        kept.append(item)
                items = kept
        finally:
            context.choice = outer
        if column is None:
            return Nodes(items)
        return Nodes(from_answer(item[column]) for item in items if column in item)

    return apply


def _pulldata(args: list[dict]) -> Compiled:
    """pulldata(id, column, key column, key): the column of the first item whose key column
    equals the key, as instance(id)/root/item[key column = key]/column reads it."""
    parts = [compile_expression(arg) for arg in args]

    def apply(context: Context) -> Any:
        source, column, key_column, key = (part(context) for part in parts)
        column, key_column, key = to_string(column), to_string(key_column), scalar(key)
        for item in context.instance(to_string(source)):
            if key_column in item and _equal(from_answer(item[key_column]), key):
                return from_answer(item.get(column))
        return ""

    return apply


def _shuffle(items: Sequence[Any], draw: Callable[[], float]) -> list[Any]:
    """The "inside-out" Fisher-Yates shuffle the ODK specification names."""
    result: list[Any] = []
    for index, item in enumerate(items):
        other = math.floor(draw() * (index + 1))
        result.append(item)
        if other != index:
            result[index] = result[other]
            result[other] = item
    return result


def _park_miller(seed: float) -> Callable[[], float]:
    state = math.fmod(seed, _MODULUS)
    if state <= 0:
        state += _MODULUS - 1

    def draw() -> float:
        nonlocal state
        state = math.fmod(state * _MULTIPLIER, _MODULUS)
        return (state - 1) / (_MODULUS - 1)

    return draw


def _randomize(args: list[dict]) -> Compiled:
    """randomize(nodes, seed?): shuffled; with a seed, the same way every time and in every
    ODK client (Park-Miller's generator; the seed taken as a whole number)."""
    parts = [compile_expression(arg) for arg in args]

    def apply(context: Context) -> Nodes:
        value = parts[0](context)
        items = list(value) if isinstance(value, Nodes) else [value]
        if len(parts) == 1:
            return Nodes(_shuffle(items, context.random.random))
        seed = to_number(parts[1](context))
        if not math.isfinite(seed):
            raise ExpressionError("randomize() needs a number as its seed")
        return Nodes(_shuffle(items, _park_miller(float(math.trunc(seed)))))

    return apply


def _uuid(args: list[dict]) -> Compiled:
    """uuid(): a random RFC 4122 version 4 UUID; uuid(n): n random letters and digits."""
    length = compile_expression(args[0]) if args else None

    def apply(context: Context) -> str:
        if length is None:
            return str(uuid.UUID(int=context.random.getrandbits(128), version=4))
        size = min(max(whole(to_number(length(context))), 0), MAX_UUID_LENGTH)
        return "".join(context.random.choice(_UUID_LETTERS) for _ in range(size))

    return apply


#: Functions that need the context or must not evaluate every argument: given the
#: argument trees, each makes the compiled call.
_SPECIAL: dict[str, Callable[[list[dict]], Compiled]] = {
    "if": _if,
    "once": _once,
    "position": lambda args: _position,
    "indexed-repeat": _indexed_repeat,
    "jr:choice-name": _choice_name,
    "pulldata": _pulldata,
    "randomize": _randomize,
    "uuid": _uuid,
    "random": lambda args: lambda context: context.random.random(),
    "today": lambda args: lambda context: date(context.now.year, context.now.month, context.now.day),
    "now": lambda args: lambda context: context.now,
}

#: Every function the parser accepts, for the tests that keep the two lists in step.
IMPLEMENTED = frozenset(LIBRARY) | frozenset(_SPECIAL)

#: Functions whose value changes from one evaluation to the next: by chance, or with the clock.
_CHANCE, _CLOCK = frozenset({"random", "uuid"}), frozenset({"now", "today"})


def nondeterminism(tree: dict) -> frozenset[str]:
    """Which of "chance" and "clock" the value of ``tree`` depends on (randomize() counts
    as chance only without a seed)."""
    found = set()
    for node in walk(tree):
        if node["type"] == "call":
            name = node["name"]
            if name in _CHANCE or (name == "randomize" and len(node["args"]) == 1):
                found.add("chance")
            elif name in _CLOCK:
                found.add("clock")
    return frozenset(found)
