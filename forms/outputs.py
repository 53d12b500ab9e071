"""XLSForm's output of answers in text: ``${name}`` inside a label, hint or note.

"Next year you will be ${age_next}" shows the answer to (or the value computed for)
``age_next`` where the reference stands, as ODK shows it: the stored value — a choice's
name, several choices separated by spaces, a number without a trailing ``.0`` — and
nothing while there is no answer (nor for a calculation that has none yet, ``NaN``). The browser does the same live (``form.js``); the
server fills it in for a page served without JavaScript.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

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
