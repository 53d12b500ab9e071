"""What a page shows that the form works out: answers in text, and dynamic defaults.

XLSForm's output of answers in text is ``${name}`` inside a label, hint or note:
"Next year you will be ${age_next}" shows the answer to (or the value computed for)
``age_next`` where the reference stands, as ODK shows it: the stored value — a choice's
name, several choices separated by spaces, a number without a trailing ``.0`` — and
nothing while there is no answer (nor for a calculation that has none yet, ``NaN``). The browser does the same live (``form.js``); the
server fills it in for a page served without JavaScript.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .definition import FormDefinition
from .expressions import Context, ExpressionError, evaluate, parse, to_string

_REFERENCE = re.compile(r"\$\{\s*([^}\s]+)\s*\}")


def has_outputs(text: str) -> bool:
    return "${" in text


def shown(value: Any) -> str:
    """An answer as text shows it."""
    if value is None or value == "NaN":
        return ""
    if isinstance(value, list):
        return " ".join(shown(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fill(text: str, answers: Mapping[str, Any]) -> str:
    """``text`` with each ``${name}`` replaced by the answer of that name in ``answers``."""
    if not has_outputs(text):
        return text
    return _REFERENCE.sub(lambda found: shown(answers.get(found.group(1))), text)


def dynamic_defaults(form: FormDefinition, now: datetime | None = None) -> dict[str, str]:
    """The first values of the questions outside repeats that have a dynamic default, by
    key, in document order (a default may read one worked out before it). A default that
    cannot be worked out leaves its question empty."""
    values: dict[str, str] = {}
    for question, ancestors in form.walk():
        if not question.dynamic_default or any(a.is_repeat for a in ancestors):
            continue
        try:
            value = to_string(evaluate(parse(question.dynamic_default), Context(values, question.key, now=now)))
        except ExpressionError:
            continue
        if value not in ("", "NaN"):
            values[question.key] = value
    return values
