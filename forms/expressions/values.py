"""The values an expression computes with, and XPath's rules for converting between them.

Inside the evaluator a value is a ``str``, a ``float``, a ``bool``, a ``date``/``datetime``
or :class:`Nodes` (several answers at once: every instance of a repeat, or one question
across them). Stored answers are JSON and are turned into these values by
:func:`from_answer`: an unanswered question is ``""`` and a select_multiple list reads as
its space-separated string, as in ODK.

``expr.js`` follows the same rules line for line, so each rule here is written to give the
same result in JavaScript: numbers print as JavaScript prints them, dates are compared in
wall-clock time (the offset is kept for printing only), text length counts code points.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from .parser import ExpressionError

EPOCH = date(1970, 1, 1)
#: Days since 1970-01-01 of the first and last dates Python (and so this module) can hold.
FIRST_DAY, LAST_DAY = (date(1, 1, 1) - EPOCH).days, (date(9999, 12, 31) - EPOCH).days
#: XPath's whitespace; Unicode spaces are text, as in JavaRosa.
SPACE = " \t\r\n"

_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
#: A date, with or without its month and day padded ("2024-5-4"), and perhaps a time.
_DATE = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
#: A time of day as a time question stores it, perhaps with seconds and an offset.
_TIME = re.compile(r"([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?")
DAY_MS = 86_400_000
_SPLIT = re.compile(r"[ \t\r\n]+")


class Nodes(tuple):
    """Several answers referred to at once (XPath's node-set)."""


#: Types whose values are already scalars: the common case, checked first for speed.
_PLAIN = frozenset({str, float, bool})


def from_answer(value: Any) -> Any:
    """A stored JSON answer as an expression value."""
    if type(value) in _PLAIN:
        return value
    if value is None or isinstance(value, (str, bool, float)):
        return "" if value is None else value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            return math.copysign(math.inf, value)
    if isinstance(value, list):
        if all(isinstance(item, Mapping) for item in value):
            return Nodes(value)  # the instances of a repeat
        return " ".join(to_string(from_answer(item)) for item in value)
    return ""


def scalar(value: Any) -> Any:
    """One value out of ``value``; several answers where one is needed is an error."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Nodes):
        if len(value) > 1:
            raise ExpressionError(
                f"this refers to {len(value)} repeated answers where one is needed; "
                "use count(), sum() or indexed-repeat()"
            )
        value = value[0] if value else ""
    return "" if isinstance(value, Mapping) else value


def to_string(value: Any) -> str:
    if type(value) is str:
        return value
    value = scalar(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return number_text(value)
    return date_text(value)


def to_number(value: Any) -> float:
    if type(value) is float:
        return value
    value = scalar(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, float):
        return value
    if isinstance(value, date):
        return days(value)
    text = value.strip(SPACE)
    if _NUMBER.fullmatch(text):
        return float(text)
    moment = parse_date(text)
    return math.nan if moment is None else days(moment)


def to_boolean(value: Any) -> bool:
    if type(value) is bool:
        return value
    value = scalar(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return not (value == 0 or math.isnan(value))
    if isinstance(value, str):
        return value != ""
    return True


def is_number_text(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.strip(SPACE)))


def tokens(value: Any) -> list[str]:
    """The choices of a select_multiple answer."""
    return [token for token in _SPLIT.split(to_string(value)) if token]


def number_text(number: float) -> str:
    """``number`` printed the way JavaScript's ``String(number)`` prints it."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    mantissa, _, exponent = repr(number).partition("e")
    if not exponent or -7 < int(exponent) < 21:
        return format(Decimal(repr(number)), "f")
    return f"{mantissa}e{'+' if int(exponent) > 0 else '-'}{abs(int(exponent))}"


def shift(number: float, places: int) -> float:
    """``number`` times 10**places, computed on its decimal digits (no binary drift)."""
    mantissa, _, exponent = repr(number).partition("e")
    return float(f"{mantissa}e{int(exponent or 0) + places}")


def parse_date(text: str) -> date | None:
    """An ISO 8601 date or date-time, or None; a time zone offset is kept for printing."""
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        zone = None
        if offset == "Z":
            zone = timezone.utc
        elif offset:
            sign = -1 if offset[0] == "-" else 1
            hours, minutes = int(offset[1:3]), int(offset[-2:])
            if minutes > 59:
                return None
            zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
        milliseconds = int((fraction or "0")[:3].ljust(3, "0"))
        return datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
            milliseconds * 1000, tzinfo=zone,
        )
    except ValueError:
        return None


def parse_time(text: str) -> float | None:
    """The time of day in ``text`` as milliseconds since midnight on its own clock (an
    offset is read and left aside), or None."""
    match = _TIME.fullmatch(text)
    if match is None:
        return None
    hour, minute, second, fraction = match.groups()
    if int(hour) > 23 or int(minute) > 59 or int(second or 0) > 59:
        return None
    return ((int(hour) * 60 + int(minute)) * 60 + int(second or 0)) * 1000 + int((fraction or "0")[:3].ljust(3, "0"))


def milliseconds(moment: date) -> int:
    """Milliseconds since 1970-01-01 in wall-clock time."""
    if isinstance(moment, datetime):
        wall = moment.replace(tzinfo=None) - datetime(1970, 1, 1)
        return wall.days * DAY_MS + wall.seconds * 1000 + wall.microseconds // 1000
    return (moment - EPOCH).days * DAY_MS


def days(moment: date) -> float:
    """Days since 1970-01-01 in wall-clock time: how XPath does arithmetic on dates."""
    if isinstance(moment, datetime):
        return (moment.replace(tzinfo=None) - datetime(1970, 1, 1)) / timedelta(days=1)
    return float((moment - EPOCH).days)


def date_from_days(number: float) -> date | None:
    if not math.isfinite(number) or not FIRST_DAY <= math.floor(number) <= LAST_DAY:
        return None
    return EPOCH + timedelta(days=math.floor(number))


def date_text(moment: date) -> str:
    text = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    if not isinstance(moment, datetime):
        return text
    text += (
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"
        f".{moment.microsecond // 1000:03d}"
    )
    offset = moment.utcoffset()
    if offset is None:
        return text
    minutes = round(offset.total_seconds() / 60)
    sign = "-" if minutes < 0 else "+"
    return text + f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
