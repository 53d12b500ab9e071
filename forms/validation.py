"""Validate one submission against one form version.

A submission arrives either from the JSON API (typed values) or from a plain HTML form
(every value a string, a select_multiple as a list of strings). ``validate_submission``
accepts both: it coerces each answer to its question's type, checks required answers and
choice membership, and returns the clean typed answers together with error messages keyed
by question path (``name``, or ``repeat[2]/child`` inside the second repeat instance), in
the requested language. It never raises on bad data: bad data is what it reports.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Callable

from .definition import FormDefinition, Question, text_in
from .messages import FALLBACK, message

#: Longest text answer kept, in characters; longer ones are refused, not cut.
MAX_TEXT_LENGTH = 10_000

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


class _Validator:
    """One validation run: walks the question tree, filling answers and errors."""

    def __init__(self, form: FormDefinition, language: str):
        self.form = form
        self.language = language
        self.result = ValidationResult()

    def error(self, path: str, code: str, question: Question | None = None, **values) -> None:
        custom = question.required_message if (question and code == "required") else None
        if custom:
            self.result.errors[path] = text_in(custom, self.language, FALLBACK)
        else:
            self.result.errors[path] = message(code, self.language, **values)

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
            if question.required:
                self.error(path, "required", question)
            return
        coerce = COERCERS.get(question.type, _text)
        try:
            clean[question.name] = coerce(value, question, self.form)
        except AnswerError as problem:
            self.error(path, problem.code, **problem.values)


def validate_submission(form: FormDefinition, answers: Any, language: str) -> ValidationResult:
    """Check ``answers`` against ``form``; messages are in ``language``.

    Keys that name no question of the form are reported, never stored silently.
    """
    validator = _Validator(form, language)
    if not isinstance(answers, dict):
        validator.error("", "not_a_list")
        return validator.result
    validator.questions(form.questions, answers, validator.result.answers, "")
    known = {question.name for question, _ in form.walk()}
    for name in answers:
        if name not in known:
            validator.error(str(name), "unknown_question")
    return validator.result
