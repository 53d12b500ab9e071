"""The functions of the expression language that need only their arguments' values.

Each follows the ODK XForms specification, or XPath 1.0/3.0 where the specification says
"as in XPath", or JavaRosa where the specification is silent; ``expr.js`` has the same
functions under the same names and must give the same results. Where the three disagree
the choice is written next to the function. Functions that need the context (the current
question, the form's lists, the clock, chance) or must not evaluate every argument live
in ``evaluator.py``.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import regex

from . import numeric
from .parser import DIGESTS, ENCODINGS, ExpressionError
from .values import (
    DAY_MS, FIRST_DAY, LAST_DAY, SPACE, Nodes, date_from_days, milliseconds, parse_date,
    parse_time, scalar, shift, to_boolean, to_number, to_string, tokens,
)

_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_WEEKDAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
_SPACES = re.compile(r"[ \t\r\n]+")
#: WHATWG's forgiving base64 (what the browser's atob reads), once whitespace is removed.
_BASE64 = re.compile(r"[A-Za-z0-9+/]*")
_ASCII_SPACE = re.compile(r"[ \t\n\f\r]")
_SURROGATE = re.compile("[\ud800-\udfff]")
EARTH_RADIUS = 6_378_100.0  # metres, at the equator, as JavaRosa and Enketo measure
RADIANS = numeric.PI / 180


def flat(values: tuple) -> list[Any]:
    """The values of the arguments, several answers (Nodes) opened up into their items."""
    return [item for value in values for item in (value if isinstance(value, Nodes) else [value])]


def whole(number: float) -> int:
    """A number as a whole number the way Java's ``(int)`` makes one, as JavaRosa does:
    towards zero, NaN as 0, beyond the 32-bit range as its end."""
    if number != number:
        return 0
    return int(max(min(number, 2147483647.0), -2147483648.0))


# -- text ----------------------------------------------------------------------------------

def _concat(*values: Any) -> str:
    return "".join(to_string(item) for item in flat(values))


def _join(separator: Any, *values: Any) -> str:
    return to_string(separator).join(to_string(item) for item in flat(values))


def _substr(text: Any, start: Any, end: Any = None) -> str:
    """ODK's substr(): 0-based, from start up to end; a negative index counts from the end."""
    text = to_string(text)
    size = len(text)
    first = whole(to_number(start))
    last = size if end is None else whole(to_number(end))
    first, last = first + size if first < 0 else first, last + size if last < 0 else last
    first, last = min(max(first, 0), size), min(max(last, 0), size)
    return text[first:last] if first <= last else ""


def _xpath_round(number: float) -> float:
    return number if not math.isfinite(number) else float(math.floor(number + 0.5))


def _substring(text: Any, start: Any, length: Any = None) -> str:
    """XPath 1.0's substring(): 1-based, rounded; the characters at the positions p with
    round(start) <= p < round(start) + round(length)."""
    text = to_string(text)
    first = _xpath_round(to_number(start))
    last = math.inf if length is None else first + _xpath_round(to_number(length))
    if first != first or last != last:
        return ""
    first, last = max(first, 1.0), min(last, len(text) + 1.0)
    return text[int(first) - 1:int(last) - 1] if first < last else ""


def _before(text: Any, part: Any) -> str:
    text, part = to_string(text), to_string(part)
    found = text.find(part)
    return text[:found] if found >= 0 else ""


def _after(text: Any, part: Any) -> str:
    text, part = to_string(text), to_string(part)
    found = text.find(part)
    return text[found + len(part):] if found >= 0 else ""


def _translate(text: Any, source: Any, target: Any) -> str:
    source, target = to_string(source), to_string(target)
    mapping: dict[str, str] = {}
    for index, char in enumerate(source):
        mapping.setdefault(char, target[index] if index < len(target) else "")
    return "".join(mapping.get(char, char) for char in to_string(text))


def _normalize_space(text: Any) -> str:
    return " ".join(part for part in _SPACES.split(to_string(text)) if part)


def _utf8(text: str) -> bytes:
    # A lone surrogate cannot be encoded; the browser's TextEncoder writes U+FFFD for it.
    return _SURROGATE.sub("\ufffd", text).encode("utf-8")


def _digest(text: Any, algorithm: Any, encoding: Any = "base64") -> str:
    algorithm, encoding = to_string(algorithm), to_string(encoding)
    if algorithm not in DIGESTS:
        raise ExpressionError(f"digest() does not know the algorithm {algorithm!r}")
    if encoding not in ENCODINGS:
        raise ExpressionError(f"digest() cannot write {encoding!r}")
    digest = hashlib.new(algorithm.replace("-", "").lower(), _utf8(to_string(text))).digest()
    return digest.hex() if encoding == "hex" else base64.b64encode(digest).decode("ascii")


def _base64_decode(text: Any) -> str:
    """The UTF-8 text that ``text`` encodes, read as the browser's atob reads base64."""
    data = _ASCII_SPACE.sub("", to_string(text))
    if len(data) % 4 == 0:
        data = data[:-2] + data[-2:].rstrip("=")
    if len(data) % 4 == 1 or not _BASE64.fullmatch(data):
        raise ExpressionError("base64-decode() was given text that is not base64")
    try:
        decoded = base64.b64decode(data + "=" * (-len(data) % 4))
    except binascii.Error:
        raise ExpressionError("base64-decode() was given text that is not base64") from None
    return decoded.decode("utf-8", errors="replace")


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


# -- truth ---------------------------------------------------------------------------------

def _boolean_from_string(value: Any) -> bool:
    text = to_string(value)
    return text == "1" or (len(text) == 4 and text.lower() == "true")


def _within(total: float, least: float, most: float) -> bool:
    """least <= total <= most, where a negative bound means none (as the specification says)."""
    return (least < 0 or total >= least) and (most < 0 or total <= most)


def _checklist(least: Any, most: Any, *values: Any) -> bool:
    count = sum(1 for item in flat(values) if to_boolean(item))
    return _within(count, whole(to_number(least)), whole(to_number(most)))


def _weighted_checklist(least: Any, most: Any, *pairs: Any) -> bool:
    if len(pairs) == 2 and all(isinstance(part, Nodes) for part in pairs):
        values, weights = pairs
        if len(values) != len(weights):
            raise ExpressionError("weighted-checklist() needs as many weights as values")
    else:
        values, weights = pairs[0::2], pairs[1::2]
    total = 0.0
    for value, weight in zip(values, weights):
        if to_boolean(value):
            total += to_number(weight)
    return _within(total, to_number(least), to_number(most))


# -- numbers -------------------------------------------------------------------------------

def _round(value: Any, places: Any = 0.0) -> float:
    """Halves away from zero, on the decimal digits (round(2.675, 2) is 2.68)."""
    number = to_number(value)
    digits = min(max(whole(to_number(places)), -400), 400)
    if not math.isfinite(number):
        return number
    shifted = shift(abs(number), digits)
    if not math.isfinite(shifted):
        return number
    floor = math.floor(shifted)
    floor += 1 if shifted - floor >= 0.5 else 0
    result = shift(float(floor), -digits)
    return -result if number < 0 else result


def _rounding(method: Callable[[float], int]) -> Callable[[Any], float]:
    def apply(value: Any) -> float:
        number = to_number(value)
        if not math.isfinite(number):
            return number
        result = float(method(number))
        return math.copysign(result, number) if result == 0 else result  # -0.5 -> -0, as in JS

    return apply


def _extreme(pick: Callable[..., float]) -> Callable[..., float]:
    def apply(*values: Any) -> float:
        numbers = [to_number(item) for item in flat(values)]
        if not numbers or any(n != n for n in numbers):
            return math.nan
        return pick(numbers, key=lambda n: (n, math.copysign(1, n)))  # -0 below 0, as in JS

    return apply


def _count(value: Any) -> float:
    if isinstance(value, Nodes):
        return float(len(value))
    return 0.0 if to_string(value) == "" else 1.0


def _count_non_empty(value: Any) -> float:
    """The answers that are not empty; a repeat instance or a list item always counts."""
    items = value if isinstance(value, Nodes) else [value]
    return float(sum(1 for item in items if not isinstance(item, str) or item != ""))


def _sum(value: Any) -> float:
    if isinstance(value, Nodes):
        total = 0.0
        for item in value:  # in order, no compensation: as JavaScript adds
            total += to_number(item)
        return total
    return 0.0 if to_string(value) == "" else to_number(value)


def _math(function: Callable[..., float]) -> Callable[..., float]:
    return lambda *values: function(*(to_number(value) for value in values))


# -- dates and times -----------------------------------------------------------------------

def to_moment(value: Any, keep_time: bool) -> date | str:
    """``value`` as a date (or, with ``keep_time``, a date-time), or "" when it is none:
    a number counts days since 1970-01-01; a boolean is not a date."""
    value = scalar(value)
    if isinstance(value, bool):
        return ""
    if isinstance(value, float):
        if not keep_time:
            moment = date_from_days(value)
        elif not math.isfinite(value) or not FIRST_DAY <= math.floor(value) <= LAST_DAY:
            moment = None
        else:
            moment = datetime(1970, 1, 1) + timedelta(milliseconds=math.trunc(value * DAY_MS))
    elif isinstance(value, date):
        moment = value
    else:
        moment = parse_date(value.strip(SPACE))
    if moment is None:
        return ""
    if keep_time and not isinstance(moment, datetime):
        return datetime(moment.year, moment.month, moment.day)
    if not keep_time and isinstance(moment, datetime):
        return date(moment.year, moment.month, moment.day)
    return moment


def _decimal_date_time(value: Any) -> float:
    """Days since 1970-01-01T00:00Z: a time with an offset counts in UTC, one without in
    its own clock."""
    value = scalar(value)
    if isinstance(value, float):
        return value
    moment = to_moment(value, keep_time=True)
    if moment == "":
        return math.nan
    offset = moment.utcoffset()
    shift_ms = 0 if offset is None else offset // timedelta(milliseconds=1)
    return (milliseconds(moment) - shift_ms) / DAY_MS


def _decimal_time(value: Any) -> float:
    """The time of day as a fraction of the day on its own clock (an offset is left aside:
    the server knows no phone's time zone); a number gives its fractional part."""
    value = scalar(value)
    if isinstance(value, float):
        return value - math.floor(value) if math.isfinite(value) else math.nan
    if isinstance(value, str):
        time_of_day = parse_time(value.strip(SPACE))
        if time_of_day is not None:
            return time_of_day / DAY_MS
    moment = to_moment(value, keep_time=True)
    return math.nan if moment == "" else (milliseconds(moment) % DAY_MS) / DAY_MS


def _format_date(value: Any, pattern: Any) -> str:
    moment = to_moment(value, keep_time=True)
    if moment == "":
        return ""
    fields = {
        "Y": f"{moment.year:04d}", "y": f"{moment.year % 100:02d}", "m": f"{moment.month:02d}",
        "n": str(moment.month), "b": _MONTHS[moment.month - 1], "d": f"{moment.day:02d}",
        "e": str(moment.day), "H": f"{moment.hour:02d}", "h": str(moment.hour),
        "M": f"{moment.minute:02d}", "S": f"{moment.second:02d}",
        "3": f"{moment.microsecond // 1000:03d}", "a": _WEEKDAYS[moment.weekday()],
    }
    return re.sub(r"%(.)", lambda m: fields.get(m.group(1), m.group()), to_string(pattern), flags=re.S)


# -- choices -------------------------------------------------------------------------------

def _selected_at(answer: Any, index: Any) -> str:
    chosen = tokens(answer)
    at = whole(to_number(index))
    return chosen[at] if 0 <= at < len(chosen) else ""


# -- places --------------------------------------------------------------------------------

def points(value: Any) -> list[tuple[float, float]] | None:
    """The latitude and longitude of each point of a geopoint, geotrace or geoshape answer
    (points separated by ";"), or of several geopoint answers; None when one is not a point."""
    found = []
    for item in flat((value,)):
        for part in to_string(item).split(";"):
            numbers = [number for number in _SPACES.split(part) if number]
            if not numbers:
                continue
            if len(numbers) < 2:
                return None
            latitude, longitude = to_number(numbers[0]), to_number(numbers[1])
            if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
                return None
            found.append((latitude, longitude))
    return found or None


def _area(value: Any) -> float:
    """Square metres inside a shape on a spherical Earth (the polygon area of Chamberlain and
    Duquette, "Some algorithms for polygons on a sphere", 2007), to the square centimetre."""
    shape = points(value)
    if shape is None:
        return math.nan
    if len(shape) < 3:
        return 0.0
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in zip(shape, shape[1:] + shape[:1]):
        total += (lon2 - lon1) * RADIANS * (2 + numeric.sin(lat1 * RADIANS) + numeric.sin(lat2 * RADIANS))
    return _round(abs(total * EARTH_RADIUS * EARTH_RADIUS / 2), 2.0)


def _distance(value: Any) -> float:
    """Metres along the points in order, each leg a great circle (the spherical law of
    cosines), to the centimetre."""
    line = points(value)
    if line is None:
        return math.nan
    total = 0.0
    for (lat1, lon1), (lat2, lon2) in zip(line, line[1:]):
        phi1, phi2 = lat1 * RADIANS, lat2 * RADIANS
        cosine = (numeric.sin(phi1) * numeric.sin(phi2)
                  + numeric.cos(phi1) * numeric.cos(phi2) * numeric.cos((lon1 - lon2) * RADIANS))
        total += numeric.acos(min(max(cosine, -1.0), 1.0)) * EARTH_RADIUS
    return _round(total, 2.0)


def _geofence(point: Any, shape: Any) -> bool:
    """Whether the point lies inside the shape (even-odd rule, longitude as x)."""
    where, fence = points(point), points(shape)
    if where is None or fence is None:
        return False
    lat, lon = where[0]
    inside = False
    for (lat1, lon1), (lat2, lon2) in zip(fence, fence[1:]):
        if (lat2 > lat) != (lat1 > lat) and lon < (lon1 - lon2) * (lat - lat2) / (lat1 - lat2) + lon2:
            inside = not inside
    return inside


#: Functions that only need their arguments' values.
LIBRARY: dict[str, Callable[..., Any]] = {
    # text
    "string": to_string,
    "concat": _concat,
    "join": _join,
    "substr": _substr,
    "substring": _substring,
    "substring-before": _before,
    "substring-after": _after,
    "translate": _translate,
    "string-length": lambda text: float(len(to_string(text))),
    "normalize-space": _normalize_space,
    "contains": lambda text, part: to_string(part) in to_string(text),
    "starts-with": lambda text, part: to_string(text).startswith(to_string(part)),
    "ends-with": lambda text, part: to_string(text).endswith(to_string(part)),
    "regex": _regex,
    "digest": _digest,
    "base64-decode": _base64_decode,
    # truth
    "coalesce": lambda first, second: scalar(first) if to_string(first) != "" else scalar(second),
    "true": lambda: True,
    "false": lambda: False,
    "boolean": to_boolean,
    "boolean-from-string": _boolean_from_string,
    "not": lambda value: not to_boolean(value),
    "checklist": _checklist,
    "weighted-checklist": _weighted_checklist,
    # numbers
    "number": to_number,
    "int": _rounding(math.trunc),
    "round": _round,
    "floor": _rounding(math.floor),
    "ceiling": _rounding(math.ceil),
    "abs": lambda value: abs(to_number(value)),
    "pow": _math(numeric.pow),
    "sqrt": _math(numeric.sqrt),
    "exp": _math(numeric.exp),
    "exp10": _math(lambda x: numeric.pow(10.0, x)),
    "log": _math(numeric.log),
    "log10": _math(numeric.log10),
    "sin": _math(numeric.sin),
    "cos": _math(numeric.cos),
    "tan": _math(numeric.tan),
    "asin": _math(numeric.asin),
    "acos": _math(numeric.acos),
    "atan": _math(numeric.atan),
    "atan2": _math(numeric.atan2),
    "pi": lambda: numeric.PI,
    "min": _extreme(min),
    "max": _extreme(max),
    "count": _count,
    "count-non-empty": _count_non_empty,
    "sum": _sum,
    # dates and times
    "date": lambda value: to_moment(value, keep_time=False),
    "date-time": lambda value: to_moment(value, keep_time=True),
    "decimal-date-time": _decimal_date_time,
    "decimal-time": _decimal_time,
    "format-date": _format_date,
    "format-date-time": _format_date,
    # choices
    "selected": lambda answer, choice: to_string(choice).strip(SPACE) in tokens(answer),
    "count-selected": lambda answer: float(len(tokens(answer))),
    "selected-at": _selected_at,
    # places
    "area": _area,
    "distance": _distance,
    "geofence": _geofence,
}
