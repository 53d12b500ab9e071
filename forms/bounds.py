"""Limits a submission must keep before it is validated, derived from its form.

Validation reports every answer it cannot take, one message per key: that is what a
participant needs, and what an attacker would use to make a worker spend seconds and
megabytes on 700,000 invented keys. ``check_bounds`` walks the answers once, without
recursion, and stops at the first limit crossed: more keys in a scope than the form has
questions there (plus a little room for honest mistakes, which validation then names),
more repeat instances or choices than make sense, nesting deeper than the form's
repeats, and text that is not text (NUL characters, unpaired surrogates: PostgreSQL
refuses the first, no encoder can write the second).
"""
from __future__ import annotations

from dataclasses import dataclass

from .definition import FormDefinition, Question
from .memo import per_form

#: Keys a scope may hold beyond its questions; validation names each of these.
SPARE_KEYS = 20
#: Instances one repeat may hold.
MAX_REPEAT_INSTANCES = 1000
#: Values one select_multiple or rank answer may list beyond its choices.
SPARE_CHOICES = 20


class OutOfBounds(ValueError):
    """The answers cross a limit; ``limit`` names it (``keys``, ``depth``, ``repeat``,
    ``choices``, ``text``)."""

    def __init__(self, limit: str):
        super().__init__(limit)
        self.limit = limit


@dataclass(frozen=True)
class _Scope:
    """The questions answered in one mapping: the form's top level or one repeat's instances."""

    size: int
    repeats: dict[str, "_Scope"]
    choices: dict[str, int]


def _scope(form: FormDefinition, questions: list[Question]) -> _Scope:
    size, repeats, choices = 0, {}, {}
    stack = list(questions)
    while stack:
        question = stack.pop()
        if question.is_repeat:
            size += 1
            repeats[question.name] = _scope(form, question.children)
        elif question.is_container:
            stack.extend(question.children)
        elif question.carries_answer:
            size += 1
            choices[question.name] = len(form.choices_for(question))
    return _Scope(size, repeats, choices)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise OutOfBounds("text")
    if text.isascii():  # no surrogate then, and no need to encode it to know
        return
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise OutOfBounds("text") from None


@per_form
def _top_scope(form: FormDefinition) -> _Scope:
    return _scope(form, form.questions)


def check_bounds(form: FormDefinition, answers: dict) -> None:
    """Raise :class:`OutOfBounds` when ``answers`` cross a limit of ``form``."""
    pending = [(answers, _top_scope(form))]
    while pending:
        mapping, scope = pending.pop()
        if len(mapping) > scope.size + SPARE_KEYS:
            raise OutOfBounds("keys")
        for key, value in mapping.items():
            _check_text(str(key))
            inner = scope.repeats.get(key)
            if isinstance(value, list) and inner is not None:
                if len(value) > MAX_REPEAT_INSTANCES:
                    raise OutOfBounds("repeat")
                for instance in value:
                    if not isinstance(instance, dict):
                        raise OutOfBounds("depth")
                    pending.append((instance, inner))
                continue
            if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)):
                raise OutOfBounds("depth")
            if isinstance(value, str):
                _check_text(value)
            elif isinstance(value, list):
                if len(value) > scope.choices.get(key, 0) + SPARE_CHOICES:
                    raise OutOfBounds("choices")
                for item in value:
                    if isinstance(item, str):
                        _check_text(item)
