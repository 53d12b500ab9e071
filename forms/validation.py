"""Validate one submission against one form version.

A submission arrives either from the JSON API (typed values) or from a plain HTML form
(every value a string, a select_multiple as a list of strings). ``validate_submission``
accepts both: it coerces each answer to its question's type, checks required answers and
choice membership, and returns the clean typed answers together with error messages keyed
by question path (its key — ``name``, or ``group/name`` where the name is used twice —
and ``repeat[2]/child`` inside the second repeat instance), in the requested language. It never raises on bad data: bad data is what it reports.

The form's expressions are applied here too, on the server, rather than trusted from the
browser: calculations are recomputed, answers to questions that are not relevant are
dropped (a group's or repeat's relevance covers its children), ``required`` (a flag or an
expression) applies only to relevant questions, constraints and choice filters refuse
answers, and a repeat must have as many instances as its ``repeat_count`` says. An
expression that cannot be parsed or evaluated is ignored, as the browser ignores it.

Secondary instances: as in ODK, each choice list of the form is an instance named after
the list (columns ``name``, ``label`` in the requested language, and the list's extra
columns), so ``instance('district')/root/item[province = ${province}]/label`` and
``pulldata('district', 'label', 'name', ${district})`` work; the files attached to a form
(CSV, XML, GeoJSON) are passed by the caller as ``instances`` (name -> list of items,
each a mapping of column -> text) and take precedence over a list of the same name.

Chance and the clock: the server cannot compute what the phone computed with
``random()``, ``uuid()``, ``randomize()`` without a seed, ``now()`` or ``today()``, and must
never refuse an honest submission for it. So:

- a calculation that uses them keeps the value the phone computed and sent, as ODK's
  ``once()`` keeps a value; the server computes one, once, only when none was sent;
- a required, constraint, choice filter or repeat count that draws on chance is ignored
  (the benefit of the doubt), and a relevance that does holds exactly when the question
  was answered (a phone hides what is not relevant);
- a rule that reads the clock is judged at each moment the participant may have filled
  the form: ``filled_at`` (when the phone says it was filled; the offline queue may send
  it days later) and ``now``, each as the wall clock reads it anywhere on Earth (UTC-12,
  UTC, UTC+14). A constraint or choice filter holds if it holds at one of them, a repeat
  count if it matches one of them, a required applies only if it applies at all of them,
  and a relevance that differs between them holds exactly when the question was answered.

Every submission to a form version is validated against the same definition, so what
depends on the form alone (parsed expressions, a coercer per question with its choice
names, labels, the names an expression reads) is worked out once per FormDefinition
object and kept while that object lives; a definition is not changed once it is used to
validate (collect caches one per immutable form version). Calculations and relevance are
recomputed in rounds until they settle; a round whose changes no relevance or
calculation read before they changed is the last, since the next one would repeat it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Callable

from .definition import FormDefinition, Question, text_in
from .expressions import (
    Context, ExpressionError, compile_expression, nondeterminism, parse, references, to_boolean, to_number,
    to_string,
)
from .expressions.evaluator import READS_CURRENT
from .expressions.parser import walk
from .memo import per_form
from .messages import FALLBACK, message
from .types import DEVICE_METADATA_TYPES

#: Longest text answer kept, in characters; longer ones are refused, not cut.
MAX_TEXT_LENGTH = 10_000
#: Rounds of recomputing calculations and relevance before their values settle; a form
#: whose calculations refer to later ones needs more than one.
MAX_ROUNDS = 10
#: Said when a repeat has more or fewer instances than its repeat_count.
REPEAT_COUNT_MESSAGE = {
    "lo": "ຈຳນວນລາຍການຕ້ອງເປັນ {count}",
    "en": "This repeated group must have {count} entries.",
}

Answers = dict[str, Any]
Coercer = Callable[[Any], Any]
Instances = dict[str, list[dict[str, Any]]]
#: The earliest and latest wall clocks on Earth and UTC between them: a moment seen in these
#: three falls on every date it falls on anywhere.
_ZONES = (timezone(timedelta(hours=-12)), timezone.utc, timezone(timedelta(hours=14)))

_INTEGER = re.compile(r"\s*[-+]?\d{1,15}\s*")
_DECIMAL = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


class AnswerError(ValueError):
    """An answer that cannot be coerced; carries a message code and its values."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code = code
        self.values = values


@dataclass
class ValidationResult:
    answers: Answers = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _is_blank(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        return not value.strip()
    if kind is int or kind is float:
        return False
    return value is None or value == "" or value == [] or (
        isinstance(value, str) and not value.strip()
    )


# -- coercion: one function of the answer per question ---------------------------------------

def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerError("not_text")
    value = str(value)
    if len(value) > MAX_TEXT_LENGTH:
        raise AnswerError("text_too_long", limit=MAX_TEXT_LENGTH)
    return value


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise AnswerError("not_integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INTEGER.fullmatch(value):
        return int(value)
    raise AnswerError("not_integer")


def _decimal(value: Any) -> float:
    if isinstance(value, bool):
        raise AnswerError("not_decimal")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and _DECIMAL.fullmatch(value):
        number = float(value)
    else:
        raise AnswerError("not_decimal")
    if not math.isfinite(number):
        raise AnswerError("not_decimal")
    return number


def _date(value: Any) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except (AttributeError, ValueError):
        raise AnswerError("not_date") from None


def _time(value: Any) -> str:
    try:
        return time.fromisoformat(value.strip()).isoformat(timespec="minutes")
    except (AttributeError, ValueError):
        raise AnswerError("not_time") from None


def _datetime(value: Any) -> str:
    try:
        return datetime.fromisoformat(value.strip()).isoformat()
    except (AttributeError, ValueError):
        raise AnswerError("not_datetime") from None


def _point(text: str, code: str) -> str:
    """One point as ODK writes it: latitude longitude [altitude [accuracy]]."""
    parts = text.split()
    try:
        lat, lon, *rest = [float(p) for p in parts]
    except ValueError:
        raise AnswerError(code) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or len(rest) > 2 or not all(
            math.isfinite(float(p)) for p in parts):
        raise AnswerError(code)
    return " ".join(parts)


def _geopoint(value: Any) -> str:
    if not isinstance(value, str):
        raise AnswerError("not_geopoint")
    return _point(value, "not_geopoint")


def _points(code: str, least: int, closed: bool) -> Coercer:
    """A geotrace or geoshape: points separated by ';' — at least ``least`` of them, and for
    a shape the last the same as the first (ODK closes a shape so)."""

    def coerce(value: Any) -> str:
        if not isinstance(value, str):
            raise AnswerError(code)
        points = [_point(p, code) for p in value.split(";") if p.strip()]
        if closed and points and points[0].split()[:2] != points[-1].split()[:2]:
            points.append(points[0])
        if len(points) < least:
            raise AnswerError(code)
        return ";".join(points)

    return coerce


def _acknowledge(value: Any) -> str:
    if value in ("OK", "ok", True, "1", "yes", "true"):
        return "OK"
    raise AnswerError("not_acknowledged")


def _choice_names(question: Question, form: FormDefinition) -> list[str]:
    return [choice.name for choice in form.choices_for(question)]


def _accepted(question: Question, form: FormDefinition) -> frozenset[str]:
    """The choice names an answer may hold: the list's, and "other" with or_other."""
    names = set(_choice_names(question, form))
    if question.or_other:
        names.add("other")
    return frozenset(names)


def _choice_list(value: Any) -> list[str]:
    """A select_multiple answer as a list: JSON lists, or XLSForm's space-separated string."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        return [str(v).strip() for v in value]
    raise AnswerError("unknown_choice", value=str(value)[:40])


def _select_one(question: Question, form: FormDefinition) -> Coercer:
    accepted = _accepted(question, form)

    def coerce(value: Any) -> str:
        if type(value) is str:
            value = value.strip()
        elif not isinstance(value, (str, int)) or isinstance(value, bool):
            raise AnswerError("unknown_choice", value=str(value)[:40])
        else:
            value = str(value).strip()
        if value not in accepted:
            raise AnswerError("unknown_choice", value=value[:40])
        return value

    return coerce


def _select_multiple(question: Question, form: FormDefinition) -> Coercer:
    accepted = _accepted(question, form)
    place: dict[str, int] = {}
    for index, name in enumerate(_choice_names(question, form) + ["other"]):
        place.setdefault(name, index)  # the first of equal names decides, as list.index does

    def coerce(value: Any) -> list[str]:
        chosen = _choice_list(value)
        for name in chosen:
            if name not in accepted:
                raise AnswerError("unknown_choice", value=name[:40])
        if len(set(chosen)) != len(chosen):
            duplicate = next(name for name in chosen if chosen.count(name) > 1)
            raise AnswerError("duplicate_choice", value=duplicate[:40])
        return sorted(chosen, key=place.__getitem__)

    return coerce


def _rank(question: Question, form: FormDefinition) -> Coercer:
    allowed = _choice_names(question, form)

    def coerce(value: Any) -> list[str]:
        ranked = _choice_list(value)
        for name in ranked:
            if name not in allowed:
                raise AnswerError("unknown_choice", value=name[:40])
        if len(set(ranked)) != len(ranked):
            raise AnswerError("duplicate_choice", value=next(n for n in ranked if ranked.count(n) > 1))
        if sorted(ranked) != sorted(allowed):
            raise AnswerError("rank_incomplete")
        return ranked

    return coerce


def _range(question: Question, form: FormDefinition) -> Coercer:
    def coerce(value: Any) -> float | int:
        params = question.parameters
        start, end = float(params.get("start", 1)), float(params.get("end", 10))
        number = _decimal(value)
        low, high = min(start, end), max(start, end)
        if not low <= number <= high:
            raise AnswerError("out_of_range", start=params.get("start", "1"), end=params.get("end", "10"))
        return int(number) if number.is_integer() else number

    return coerce


#: How each answer type is coerced: given the question and its form, a function of the
#: answer. Types not listed keep their text as given.
COERCERS: dict[str, Callable[[Question, FormDefinition], Coercer]] = {
    "text": lambda question, form: _text,
    "integer": lambda question, form: _integer,
    "decimal": lambda question, form: _decimal,
    "date": lambda question, form: _date,
    "time": lambda question, form: _time,
    "datetime": lambda question, form: _datetime,
    "select_one": _select_one,
    "select_multiple": _select_multiple,
    "rank": _rank,
    "range": _range,
    "geopoint": lambda question, form: _geopoint,
    "geotrace": lambda question, form: _points("not_geotrace", 2, closed=False),
    "geoshape": lambda question, form: _points("not_geoshape", 4, closed=True),
    "acknowledge": lambda question, form: _acknowledge,
}


# -- what validation needs of a form, worked out once ----------------------------------------

class _Expression:
    """One expression of a question, compiled, the names of the answers it may read, and
    whether its value depends on chance or on the clock."""

    __slots__ = ("evaluate", "reads", "chance", "clock")

    def __init__(self, tree: dict, current: str):
        self.evaluate = compile_expression(tree)
        self.reads = frozenset(references(tree) | ({current} if _reads_current(tree) else set()))
        depends = nondeterminism(tree)
        self.chance = "chance" in depends
        self.clock = "clock" in depends


def _reads_current(tree: dict) -> bool:
    """Whether ``tree`` looks at the answer to its own question: ``.``, ``once()``, or a
    function that reads it when given no argument (``string()``, ``string-length()`` ...)."""
    return any(node["type"] == "current" or (node["type"] == "call" and (
        node["name"] == "once" or (node["name"] in READS_CURRENT and not node["args"]))) for node in walk(tree))


@lru_cache(maxsize=2048)
def _tree(text: str, choice_filter: bool = False) -> dict | None:
    try:
        return parse(text, choice_filter=choice_filter)
    except ExpressionError:
        return None


def _expression(text: str | None, current: str, choice_filter: bool = False) -> _Expression | None:
    """Expression ``text`` at question ``current``; None when there is none or it cannot
    be parsed."""
    tree = _tree(text, choice_filter) if text else None
    return None if tree is None else _Expression(tree, current)


def _rule(text: str | None, current: str, choice_filter: bool = False) -> _Expression | None:
    """A required, constraint, choice filter or repeat count: as :func:`_expression`, but
    None (no rule) when it draws on chance, which the server cannot repeat."""
    expression = _expression(text, current, choice_filter)
    return None if expression is None or expression.chance else expression


_GROUP, _REPEAT, _ANSWER, _DISPLAY = "group", "repeat", "answer", "display"

#: Questions in document order, each with the position of its group in the same list
#: (-1 for none); a repeat's children have a layout of their own, as each of its instances
#: is a place of its own in a submission.
_Layout = list[tuple["_Node", int]]


def _layout(nodes: list[_Node]) -> _Layout:
    entries: _Layout = []

    def add(nodes: list[_Node], group: int) -> None:
        for node in nodes:
            position = len(entries)
            entries.append((node, group))
            if node.kind is _GROUP:
                add(node.children, position)

    add(nodes, -1)
    return entries


class _Node:
    """One question of a form and what validating an answer to it needs."""

    __slots__ = ("question", "name", "kind", "children", "layout", "coerce", "relevant",
                 "calculation", "calculation_expression", "volatile", "required_expression",
                 "required", "constraint", "choice_filter", "filter_rows", "repeat_count", "refuses",
                 "trigger", "kept")

    def __init__(self, question: Question, form: FormDefinition):
        self.question = question
        self.name = name = question.key
        if question.type == "group":
            self.kind = _GROUP
        elif question.type == "repeat":
            self.kind = _REPEAT
        else:
            self.kind = _ANSWER if question.carries_answer else _DISPLAY
        nested = self.kind in (_GROUP, _REPEAT)
        self.children = [_Node(child, form) for child in question.children] if nested else []
        self.layout = _layout(self.children) if self.kind is _REPEAT else []
        coercer = COERCERS.get(question.type, COERCERS["text"])
        self.coerce = coercer(question, form) if self.kind is _ANSWER else None
        self.relevant = _expression(question.relevant, name)
        self.calculation = question.calculation
        self.calculation_expression = calculation = _expression(question.calculation, name)
        #: A calculation on chance or the clock keeps the value it has (the phone's).
        self.volatile = calculation is not None and (calculation.chance or calculation.clock)
        #: A calculation with a trigger is worked out when its trigger question changes,
        #: on the phone: the server keeps the value sent, computing it only when none was
        #: sent and the trigger question is answered (a page without JavaScript).
        self.trigger = question.trigger
        self.kept = question.type in DEVICE_METADATA_TYPES
        self.required_expression = isinstance(question.required, str)
        self.required = (_rule(question.required, name) if self.required_expression
                         else question.required)
        self.constraint = _rule(question.constraint, name)
        self.choice_filter = _rule(question.choice_filter, name, choice_filter=True)
        # The columns a choice_filter sees for each choice; of equal names the last counts.
        self.filter_rows = {choice.name: {**choice.extra, "name": choice.name}
                            for choice in form.choices_for(question)} if question.choice_filter else {}
        self.repeat_count = _rule(question.repeat_count, name)
        #: Whether an answer given may be refused here.
        self.refuses = bool(self.constraint or self.choice_filter)

    def answered(self, data: Answers) -> bool:
        """Whether the place ``data`` holds an answer to this question, or inside this group
        or repeat."""
        if self.kind is _GROUP:
            return any(child.answered(data) for child in self.children)
        return bool(data.get(self.name) not in (None, []))


class _Plan:
    """Everything about one form that validating a submission to it needs."""

    def __init__(self, form: FormDefinition):
        self.layout = _layout([_Node(question, form) for question in form.questions])
        self.known = frozenset(question.key for question, _ in form.walk()
                               if question.carries_answer or question.is_repeat)
        self.labels = {
            question.key: {c.name: c.label for c in form.choices_for(question)}
            for question, _ in form.walk() if question.choice_list
        }
        self.choices = form.choices
        self.lists: dict[str, Instances] = {}

    def choice_lists(self, language: str) -> Instances:
        """The form's choice lists as secondary instances, labels in ``language``."""
        if language not in self.lists:
            self.lists[language] = {
                name: [{**choice.extra, "name": choice.name, "label": text_in(choice.label, language, FALLBACK)}
                       for choice in choices]
                for name, choices in self.choices.items()
            }
        return self.lists[language]


#: What validating a submission to a form needs, worked out once per definition object.
_plan = per_form(_Plan)


# -- one validation run ----------------------------------------------------------------------

_NO_CHOICE: dict[str, Any] = {}
_Repeat = tuple[tuple[str, int], ...]


class _Validator:
    """One validation run: coerces the answers, then applies the form's expressions.

    A place is the top of the submission or one repeat instance: a layout, the clean
    answers there (``data``), the same place in the answers expressions see (``view``),
    the repeat instances it is in (outermost first) and the prefix of its error paths.
    """

    def __init__(self, form: FormDefinition, language: str, now: datetime | None,
                 filled_at: datetime | None, instances: Instances | None):
        self.plan = _plan(form)
        self.language = language
        self.result = ValidationResult()
        #: The answers as expressions see them: every question present, "" when unanswered.
        self.view: Answers = {}
        now = now or datetime.now().astimezone()
        lists = self.plan.choice_lists(language)
        self.context = Context(self.view, now=now, choice_label=self.choice_label,
                               instances={**lists, **instances} if instances else lists)
        #: When the submission arrived, and when the phone says it was filled (for the clock).
        self.now, self.filled_at = now, filled_at
        self.clock_moments: list[datetime] | None = None
        #: id(view of a place) -> whether each question of its layout is relevant, as last
        #: decided.
        self.decided: dict[int, list[bool]] = {}
        #: Names of the answers the relevance and calculations evaluated in this round read.
        self.read: set[str] = set()
        #: Whether this round changed an answer after something in it read that answer.
        self.again = False

    @property
    def moments(self) -> list[datetime]:
        """The moments a rule that reads the clock is judged at (see the module's
        docstring), the likeliest first; worked out the first time one is."""
        if self.clock_moments is None:
            now, filled_at = self.now, self.filled_at
            if filled_at is not None and filled_at.tzinfo is None:
                filled_at = filled_at.replace(tzinfo=timezone.utc)  # a naive moment is UTC, as the queue writes it
            bases = [now] + ([min(filled_at, now)] if filled_at is not None else [])
            self.clock_moments = [moment for base in bases
                                  for moment in (base, *(base.astimezone(zone) for zone in _ZONES))]
        return self.clock_moments

    def error(self, path: str, code: str, **values) -> None:
        self.result.errors[path] = message(code, self.language, **values)

    # -- coercion ---------------------------------------------------------------------------

    def take(self, layout: _Layout, given: Answers, data: Answers, view: Answers, prefix: str) -> None:
        """Coerce the answers of a place from ``given`` into ``data`` and set them up in
        ``view`` ("" when unanswered)."""
        for node, _ in layout:
            kind = node.kind
            if kind is _ANSWER:
                name = node.name
                value = None if node.kept else given.get(name)  # what a web page cannot know
                seen = ""  # keys are unique in a place: nothing else put an answer here
                if value is not None and not _is_blank(value):
                    try:
                        seen = data[name] = node.coerce(value)
                    except AnswerError as problem:
                        self.refused(node, prefix + name, problem)
                view[name] = seen
            elif kind is _REPEAT:
                self.take_repeat(node, given.get(node.name), data, view, prefix + node.name)

    def take_repeat(self, node: _Node, given: Any, data: Answers, view: Answers, path: str) -> None:
        seen: list[Answers] = []
        view[node.name] = seen
        if given is None:
            given = []
        if not isinstance(given, list) or not all(isinstance(item, dict) for item in given):
            self.error(path, "not_a_list")
            return
        instances = []
        for position, item in enumerate(given, start=1):
            instance: Answers = {}
            instance_view: Answers = {}
            self.take(node.layout, item, instance, instance_view, f"{path}[{position}]/")
            instances.append(instance)
            seen.append(instance_view)
        if instances:
            data[node.name] = instances

    def refused(self, node: _Node, path: str, problem: AnswerError) -> None:
        """Report a refused answer; a choice is named by its label, as the person saw it."""
        values = dict(problem.values)
        if problem.code == "duplicate_choice":
            values["value"] = self.choice_label(node.name, values["value"]) or values["value"]
        self.error(path, problem.code, **values)

    # -- expressions ------------------------------------------------------------------------

    def choice_label(self, question: str, choice: str) -> str:
        label = self.plan.labels.get(question, {}).get(choice)
        return text_in(label, self.language, FALLBACK) if label else ""

    def value_of(self, expression: _Expression | None, name: str, repeat: _Repeat, default: Any,
                 convert: Callable[[Any], Any], choice: dict = _NO_CHOICE) -> Any:
        """``convert`` of the value of ``expression`` at question ``name`` in ``repeat``;
        ``default`` when there is no expression or it cannot be parsed or evaluated."""
        if expression is None:
            return default
        context = self.context
        context.current = name
        context.repeat = repeat
        context.choice = choice
        try:
            return convert(expression.evaluate(context))
        except ExpressionError:
            return default

    def judged(self, expression: _Expression | None, name: str, repeat: _Repeat, default: Any,
               convert: Callable[[Any], Any], until: Any, choice: dict = _NO_CHOICE) -> Any:
        """A rule's value as :meth:`value_of` gives it; for a rule that reads the clock, its
        value at the first moment the participant may have filled the form at which it is
        ``until``, else at the last of them."""
        if expression is None or not expression.clock:
            return self.value_of(expression, name, repeat, default, convert, choice)
        context, now = self.context, self.context.now
        try:
            for moment in self.moments:
                context.now = moment
                value = self.value_of(expression, name, repeat, default, convert, choice)
                if value == until:
                    break
        finally:
            context.now = now
        return value

    def relevant(self, node: _Node, data: Answers, repeat: _Repeat) -> bool:
        """Whether ``node`` is relevant (its group being so); a relevance that draws on
        chance, or differs from one moment to another, holds when the question was answered."""
        relevance = node.relevant
        if relevance.chance:
            return node.answered(data)
        first = self.value_of(relevance, node.name, repeat, True, to_boolean)
        if relevance.clock and self.judged(relevance, node.name, repeat, True, to_boolean, not first) != first:
            return node.answered(data)
        return first

    def calculate(self) -> bool:
        """Recompute calculations and blank what is not relevant until nothing changes.

        A round is the last when no relevance or calculation it evaluated read an answer
        that changed later in the round: the next round would see the same answers, decide
        the same and change nothing. Returns whether the relevance the last round decided
        holds for the answers as they are now (False only when the rounds ran out)."""
        for _ in range(MAX_ROUNDS):
            self.read = set()
            self.again = False
            self.settle(self.plan.layout, self.result.answers, self.view, (), "", True)
            if not self.again:
                return True
        return False

    def settle(self, layout: _Layout, data: Answers, view: Answers, repeat: _Repeat, prefix: str,
               outer: bool) -> None:
        """One round at one place; ``outer`` is whether the place is relevant."""
        decided: list[bool] = []
        self.decided[id(view)] = decided
        read = self.read
        for node, group in layout:
            on = outer if group < 0 else decided[group]
            relevance = node.relevant
            if on and relevance is not None:
                on = self.relevant(node, data, repeat)
                read |= relevance.reads
            decided.append(on)
            kind = node.kind
            if kind is _ANSWER:
                name = node.name
                if on and node.calculation and (
                        node.trigger is None or (name not in data and view.get(node.trigger, "") != "")):
                    self.store_calculation(node, data, repeat, prefix)
                    if node.calculation_expression is not None:
                        read |= node.calculation_expression.reads
                seen = data.get(name, "") if on else ""
                if view[name] != seen and name in read:
                    self.again = True
                view[name] = seen
            elif kind is _REPEAT:
                name = node.name
                instances = zip(data.get(name, []), view.get(name, []))
                for position, (item, seen_item) in enumerate(instances, start=1):
                    self.settle(node.layout, item, seen_item, repeat + ((name, position),),
                                f"{prefix}{name}[{position}]/", on)

    def store_calculation(self, node: _Node, data: Answers, repeat: _Repeat, prefix: str) -> None:
        if node.volatile and node.name in data:
            return  # the phone's value (or the one computed in an earlier round) stays
        text = self.value_of(node.calculation_expression, node.name, repeat, "", to_string)
        data.pop(node.name, None)
        self.result.errors.pop(prefix + node.name, None)  # whatever the client sent is not used
        if text == "":
            return
        try:
            data[node.name] = node.coerce(text)
        except AnswerError:
            pass  # a calculation that does not fit its question's type leaves it unanswered

    def decide(self, layout: _Layout, data: Answers, view: Answers, repeat: _Repeat, outer: bool) -> None:
        """Decide the relevance at one place afresh, on the answers as they are now."""
        decided: list[bool] = []
        self.decided[id(view)] = decided
        for node, group in layout:
            on = outer if group < 0 else decided[group]
            if on and node.relevant is not None:
                on = self.relevant(node, data, repeat)
            decided.append(on)
            if node.kind is _REPEAT:
                instances = zip(data.get(node.name, []), view.get(node.name, []))
                for position, (item, seen_item) in enumerate(instances, start=1):
                    self.decide(node.layout, item, seen_item, repeat + ((node.name, position),), on)

    def check(self, layout: _Layout, data: Answers, view: Answers, repeat: _Repeat, prefix: str) -> None:
        """Drop what is not relevant at one place, then apply required, constraints, choice
        filters and repeat counts to what is."""
        decided, errors = self.decided[id(view)], self.result.errors
        for position, (node, _) in enumerate(layout):
            kind = node.kind
            if not decided[position]:
                self.forget(node, data, prefix + node.name)  # a repeat's instances go with it
            elif kind is _ANSWER:
                # Only a missing answer to a required question or an answer that may be
                # refused needs a look; the answer may have been refused already.
                if node.refuses or (node.required and data.get(node.name) is None):
                    path = prefix + node.name
                    if path not in errors:
                        self.check_answer(node, data, repeat, path)
            elif kind is _REPEAT:
                name = node.name
                if node.repeat_count is not None:
                    self.check_repeat_count(node, data, repeat, prefix + name)
                instances = zip(data.get(name, []), view.get(name, []))
                for number, (item, seen_item) in enumerate(instances, start=1):
                    self.check(node.layout, item, seen_item, repeat + ((name, number),),
                               f"{prefix}{name}[{number}]/")

    def forget(self, node: _Node, data: Answers, path: str) -> None:
        data.pop(node.name, None)
        errors = self.result.errors
        if errors:
            for known in list(errors):
                if known == path or known.startswith(path + "["):
                    del errors[known]

    def check_answer(self, node: _Node, data: Answers, repeat: _Repeat, path: str) -> None:
        name = node.name
        value = data.get(name)
        if value is None:
            required = node.required
            if node.required_expression:
                required = self.judged(required, name, repeat, False, to_boolean, until=False)
            if required:
                custom = node.question.required_message
                self.result.errors[path] = (text_in(custom, self.language, FALLBACK) if custom
                                            else message("required", self.language))
            return
        if not self.judged(node.constraint, name, repeat, True, to_boolean, until=True):
            custom = text_in(node.question.constraint_message, self.language, FALLBACK)
            self.result.errors[path] = custom or message("constraint", self.language)
            del data[name]
            return
        if node.choice_filter is not None:
            for choice in value if isinstance(value, list) else [value]:
                row = node.filter_rows.get(choice)
                if row is None:  # "other", allowed by or_other
                    continue
                if not self.judged(node.choice_filter, name, repeat, True, to_boolean, True, row):
                    self.error(path, "unknown_choice", value=choice[:40])
                    del data[name]
                    return

    def check_repeat_count(self, node: _Node, data: Answers, repeat: _Repeat, path: str) -> None:
        have = len(data.get(node.name, []))
        wanted = self.judged(node.repeat_count, node.name, repeat, None, _instance_count, until=have)
        if wanted is None or wanted == have or path in self.result.errors:  # None: cannot be evaluated
            return
        template = REPEAT_COUNT_MESSAGE.get(self.language, REPEAT_COUNT_MESSAGE["en"])
        self.result.errors[path] = template.format(count=wanted)


def _instance_count(value: Any) -> int:
    """A repeat_count's value as the number of instances it asks for."""
    number = to_number(value)
    return max(int(number), 0) if math.isfinite(number) else 0


def validate_submission(form: FormDefinition, answers: Any, language: str,
                        now: datetime | None = None, *, filled_at: datetime | None = None,
                        instances: Instances | None = None) -> ValidationResult:
    """Check ``answers`` against ``form``; messages are in ``language``.

    ``now`` is the moment the submission is received (default: this moment); ``filled_at``
    the moment the phone says the form was filled, when it says (see the module's docstring
    on the clock); ``instances`` the secondary instances of the form's attached files.
    Keys that name no question of the form are reported, never stored silently.
    """
    validator = _Validator(form, language, now, filled_at, instances)
    if not isinstance(answers, dict):
        validator.error("", "not_a_list")
        return validator.result
    layout, clean, view = validator.plan.layout, validator.result.answers, validator.view
    validator.take(layout, answers, clean, view, "")
    if not validator.calculate():
        validator.decide(layout, clean, view, (), True)
    validator.check(layout, clean, view, (), "")
    known = validator.plan.known
    for name in answers:
        if name not in known:
            validator.error(str(name), "unknown_question")
    return validator.result
