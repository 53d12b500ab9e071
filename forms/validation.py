"""Validate one submission against one form version.

A submission arrives either from the JSON API (typed values) or from a plain HTML form
(every value a string, a select_multiple as a list of strings). ``validate_submission``
accepts both: it coerces each answer to its question's type, checks required answers and
choice membership, and returns the clean typed answers together with error messages keyed
by question path (``name``, or ``repeat[2]/child`` inside the second repeat instance), in
the requested language. It never raises on bad data: bad data is what it reports.

The form's expressions are applied here too, on the server, rather than trusted from the
browser: calculations are recomputed, answers to questions that are not relevant are
dropped (a group's or repeat's relevance covers its children), ``required`` (a flag or an
expression) applies only to relevant questions, constraints and choice filters refuse
answers, and a repeat must have as many instances as its ``repeat_count`` says. An
expression that cannot be parsed or evaluated is ignored, as the browser ignores it.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any, Callable, Iterator

from .definition import FormDefinition, Question, text_in
from .expressions import Context, ExpressionError, evaluate, parse, to_boolean, to_number, to_string
from .messages import FALLBACK, message

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
    return value is None or value == "" or value == [] or (
        isinstance(value, str) and not value.strip()
    )


def _text(value: Any, question: Question, form: FormDefinition) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerError("not_text")
    value = str(value)
    if len(value) > MAX_TEXT_LENGTH:
        raise AnswerError("text_too_long", limit=MAX_TEXT_LENGTH)
    return value


def _integer(value: Any, question: Question, form: FormDefinition) -> int:
    if isinstance(value, bool):
        raise AnswerError("not_integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*[-+]?\d{1,15}\s*", value):
        return int(value)
    raise AnswerError("not_integer")


def _decimal(value: Any, question: Question, form: FormDefinition) -> float:
    if isinstance(value, bool):
        raise AnswerError("not_decimal")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*", value):
        number = float(value)
    else:
        raise AnswerError("not_decimal")
    if not math.isfinite(number):
        raise AnswerError("not_decimal")
    return number


def _date(value: Any, question: Question, form: FormDefinition) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except (AttributeError, ValueError):
        raise AnswerError("not_date") from None


def _time(value: Any, question: Question, form: FormDefinition) -> str:
    try:
        return time.fromisoformat(value.strip()).isoformat(timespec="minutes")
    except (AttributeError, ValueError):
        raise AnswerError("not_time") from None


def _datetime(value: Any, question: Question, form: FormDefinition) -> str:
    try:
        return datetime.fromisoformat(value.strip()).isoformat()
    except (AttributeError, ValueError):
        raise AnswerError("not_datetime") from None


def _choice_names(question: Question, form: FormDefinition) -> set[str]:
    return {choice.name for choice in form.choices_for(question)}


def _select_one(value: Any, question: Question, form: FormDefinition) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise AnswerError("unknown_choice", value=str(value)[:40])
    value = str(value).strip()
    if value not in _choice_names(question, form) and not (question.or_other and value == "other"):
        raise AnswerError("unknown_choice", value=value[:40])
    return value


def _choice_list(value: Any) -> list[str]:
    """A select_multiple answer as a list: JSON lists, or XLSForm's space-separated string."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list) and all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
        return [str(v).strip() for v in value]
    raise AnswerError("unknown_choice", value=str(value)[:40])


def _select_multiple(value: Any, question: Question, form: FormDefinition) -> list[str]:
    chosen = _choice_list(value)
    allowed = _choice_names(question, form)
    for name in chosen:
        if name not in allowed and not (question.or_other and name == "other"):
            raise AnswerError("unknown_choice", value=name[:40])
    if len(set(chosen)) != len(chosen):
        duplicate = next(name for name in chosen if chosen.count(name) > 1)
        raise AnswerError("duplicate_choice", value=duplicate[:40])
    order = [choice.name for choice in form.choices_for(question)] + ["other"]
    return sorted(chosen, key=order.index)


def _rank(value: Any, question: Question, form: FormDefinition) -> list[str]:
    ranked = _choice_list(value)
    allowed = [choice.name for choice in form.choices_for(question)]
    for name in ranked:
        if name not in allowed:
            raise AnswerError("unknown_choice", value=name[:40])
    if len(set(ranked)) != len(ranked):
        raise AnswerError("duplicate_choice", value=next(n for n in ranked if ranked.count(n) > 1))
    if sorted(ranked) != sorted(allowed):
        raise AnswerError("rank_incomplete")
    return ranked


def _range(value: Any, question: Question, form: FormDefinition) -> float | int:
    params = question.parameters
    start, end = float(params.get("start", 1)), float(params.get("end", 10))
    number = _decimal(value, question, form)
    low, high = min(start, end), max(start, end)
    if not low <= number <= high:
        raise AnswerError("out_of_range", start=params.get("start", "1"), end=params.get("end", "10"))
    return int(number) if number.is_integer() else number


def _geopoint(value: Any, question: Question, form: FormDefinition) -> str:
    parts = value.split() if isinstance(value, str) else None
    try:
        lat, lon, *rest = [float(p) for p in parts or ()]
    except (TypeError, ValueError):
        raise AnswerError("not_geopoint") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or len(rest) > 2:
        raise AnswerError("not_geopoint")
    return " ".join(parts)


def _acknowledge(value: Any, question: Question, form: FormDefinition) -> str:
    if value in ("OK", "ok", True, "1", "yes", "true"):
        return "OK"
    raise AnswerError("not_acknowledged")


#: How each answer type is coerced; types not listed keep their text as given.
COERCERS: dict[str, Callable[[Any, Question, FormDefinition], Any]] = {
    "text": _text,
    "integer": _integer,
    "decimal": _decimal,
    "date": _date,
    "time": _time,
    "datetime": _datetime,
    "select_one": _select_one,
    "select_multiple": _select_multiple,
    "rank": _rank,
    "range": _range,
    "geopoint": _geopoint,
    "acknowledge": _acknowledge,
}


@dataclass
class _Slot:
    """One question at one place in a submission: top level or inside a repeat instance."""

    question: Question
    data: Answers  # the clean answers that hold this question's answer
    view: Answers  # the same place in the answers expressions see
    repeat: tuple[tuple[str, int], ...]
    path: str
    relevant: bool


@lru_cache(maxsize=2048)
def _tree(text: str, choice_filter: bool = False) -> dict | None:
    try:
        return parse(text, choice_filter=choice_filter)
    except ExpressionError:
        return None


class _Validator:
    """One validation run: coerces the answers, then applies the form's expressions."""

    def __init__(self, form: FormDefinition, language: str, now: datetime | None):
        self.form = form
        self.language = language
        self.now = now or datetime.now().astimezone()
        self.result = ValidationResult()
        self.labels = {
            question.name: {c.name: c.label for c in form.choices_for(question)}
            for question, _ in form.walk() if question.choice_list
        }

    def error(self, path: str, code: str, question: Question | None = None, **values) -> None:
        custom = question.required_message if (question and code == "required") else None
        if custom:
            self.result.errors[path] = text_in(custom, self.language, FALLBACK)
        else:
            self.result.errors[path] = message(code, self.language, **values)

    # -- coercion ---------------------------------------------------------------------------

    def questions(self, questions: list[Question], given: Answers, clean: Answers, prefix: str) -> None:
        for question in questions:
            if question.type == "group":
                self.questions(question.children, given, clean, prefix)
            elif question.type == "repeat":
                self.repeat(question, given.get(question.name), clean, prefix)
            elif question.carries_answer:
                self.answer(question, given.get(question.name), clean, prefix + question.name)

    def repeat(self, question: Question, given: Any, clean: Answers, prefix: str) -> None:
        path = prefix + question.name
        if given is None:
            given = []
        if not isinstance(given, list) or not all(isinstance(item, dict) for item in given):
            self.error(path, "not_a_list")
            return
        instances = []
        for position, item in enumerate(given, start=1):
            instance: Answers = {}
            self.questions(question.children, item, instance, f"{path}[{position}]/")
            instances.append(instance)
        if instances:
            clean[question.name] = instances

    def answer(self, question: Question, value: Any, clean: Answers, path: str) -> None:
        if _is_blank(value):
            return
        coerce = COERCERS.get(question.type, _text)
        try:
            clean[question.name] = coerce(value, question, self.form)
        except AnswerError as problem:
            self.error(path, problem.code, **problem.values)

    # -- expressions ------------------------------------------------------------------------

    def view(self, questions: list[Question], clean: Answers) -> Answers:
        """The answers as expressions see them: every question present, "" when unanswered."""
        seen: Answers = {}
        for question in questions:
            if question.type == "group":
                seen.update(self.view(question.children, clean))
            elif question.is_repeat:
                seen[question.name] = [self.view(question.children, item) for item in clean.get(question.name, [])]
            elif question.carries_answer:
                seen[question.name] = clean.get(question.name, "")
        return seen

    def choice_label(self, question: str, choice: str) -> str:
        label = self.labels.get(question, {}).get(choice)
        return text_in(label, self.language, FALLBACK) if label else ""

    def value_of(self, text: str | None, slot: _Slot, root: Answers, default: Any,
                 convert: Callable[[Any], Any], choice: dict | None = None) -> Any:
        """``convert`` of the value of expression ``text`` at ``slot``; ``default`` when
        there is no expression or it cannot be parsed or evaluated."""
        tree = _tree(text, choice is not None) if text else None
        if tree is None:
            return default
        context = Context(root, current=slot.question.name, repeat=slot.repeat, now=self.now,
                          choice_label=self.choice_label, choice=choice)
        try:
            return convert(evaluate(tree, context))
        except ExpressionError:
            return default

    def slots(self, questions: list[Question], data: Answers, view: Answers, root: Answers,
              repeat: tuple, prefix: str, relevant: bool) -> Iterator[_Slot]:
        """Every question in document order; relevance is decided as each one is reached,
        so it sees whatever the caller changed in the view for the questions before it."""
        for question in questions:
            path = prefix + question.name
            slot = _Slot(question, data, view, repeat, path, relevant)
            slot.relevant = relevant and self.value_of(question.relevant, slot, root, True, to_boolean)
            yield slot
            if question.type == "group":
                yield from self.slots(question.children, data, view, root, repeat, prefix, slot.relevant)
            elif question.is_repeat:
                pairs = zip(data.get(question.name, []), view.get(question.name, []))
                for position, (item, seen) in enumerate(pairs, start=1):
                    yield from self.slots(question.children, item, seen, root, repeat + ((question.name, position),),
                                          f"{path}[{position}]/", slot.relevant)

    def calculate(self, clean: Answers, root: Answers) -> None:
        """Recompute calculations and blank what is not relevant until nothing changes."""
        for _ in range(MAX_ROUNDS):
            changed = False
            for slot in self.slots(self.form.questions, clean, root, root, (), "", True):
                question = slot.question
                if not question.carries_answer:
                    continue
                if slot.relevant and question.calculation:
                    self.store_calculation(slot, root)
                seen = slot.data.get(question.name, "") if slot.relevant else ""
                changed |= slot.view[question.name] != seen
                slot.view[question.name] = seen
            if not changed:
                return

    def store_calculation(self, slot: _Slot, root: Answers) -> None:
        question = slot.question
        text = self.value_of(question.calculation, slot, root, "", to_string)
        slot.data.pop(question.name, None)
        self.result.errors.pop(slot.path, None)  # whatever the client sent is not used
        if text == "":
            return
        try:
            slot.data[question.name] = COERCERS.get(question.type, _text)(text, question, self.form)
        except AnswerError:
            pass  # a calculation that does not fit its question's type leaves it unanswered

    def check(self, clean: Answers, root: Answers) -> None:
        """Drop what is not relevant, then apply required, constraints, choice filters and
        repeat counts to what is."""
        for slot in self.slots(self.form.questions, clean, root, root, (), "", True):
            question = slot.question
            if not slot.relevant:
                self.forget(slot)
            elif question.is_repeat:
                self.check_repeat_count(slot, root)
            elif question.carries_answer and slot.path not in self.result.errors:
                self.check_answer(slot, root)

    def forget(self, slot: _Slot) -> None:
        slot.data.pop(slot.question.name, None)
        for path in list(self.result.errors):
            if path == slot.path or path.startswith(slot.path + "["):
                del self.result.errors[path]

    def check_answer(self, slot: _Slot, root: Answers) -> None:
        question, value = slot.question, slot.data.get(slot.question.name)
        if value is None:
            required = question.required
            if isinstance(required, str):
                required = self.value_of(required, slot, root, False, to_boolean)
            if required:
                self.error(slot.path, "required", question)
            return
        if not self.value_of(question.constraint, slot, root, True, to_boolean):
            custom = text_in(question.constraint_message, self.language, FALLBACK)
            self.result.errors[slot.path] = custom or message("constraint", self.language)
            del slot.data[question.name]
            return
        if question.choice_filter:
            choices = {choice.name: choice for choice in self.form.choices_for(question)}
            for name in value if isinstance(value, list) else [value]:
                choice = choices.get(name)
                if choice is None:  # "other", allowed by or_other
                    continue
                row = {**choice.extra, "name": choice.name}
                if not self.value_of(question.choice_filter, slot, root, True, to_boolean, choice=row):
                    self.error(slot.path, "unknown_choice", value=name[:40])
                    del slot.data[question.name]
                    return

    def check_repeat_count(self, slot: _Slot, root: Answers) -> None:
        question = slot.question
        wanted = self.value_of(question.repeat_count, slot, root, None, to_number)
        if wanted is None:  # no repeat_count, or one that cannot be parsed or evaluated
            return
        count = max(int(wanted), 0) if math.isfinite(wanted) else 0
        if len(slot.data.get(question.name, [])) != count and slot.path not in self.result.errors:
            template = REPEAT_COUNT_MESSAGE.get(self.language, REPEAT_COUNT_MESSAGE["en"])
            self.result.errors[slot.path] = template.format(count=count)


def validate_submission(form: FormDefinition, answers: Any, language: str,
                        now: datetime | None = None) -> ValidationResult:
    """Check ``answers`` against ``form``; messages are in ``language``.

    ``now`` is the moment ``today()`` and ``now()`` mean (default: this moment).
    Keys that name no question of the form are reported, never stored silently.
    """
    validator = _Validator(form, language, now)
    if not isinstance(answers, dict):
        validator.error("", "not_a_list")
        return validator.result
    clean = validator.result.answers
    validator.questions(form.questions, answers, clean, "")
    root = validator.view(form.questions, clean)
    validator.calculate(clean, root)
    validator.check(clean, root)
    known = {question.name for question, _ in form.walk()}
    for name in answers:
        if name not in known:
            validator.error(str(name), "unknown_question")
    return validator.result
