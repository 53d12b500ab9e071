"""Turning stored answer values into Excel serial numbers and safe CSV text.

Answers arrive as JSON values: dates and times as ISO strings. Excel stores a date as the
number of days since 1899-12-30 with the time as the fraction of a day, so a date written
as a number with a date format sorts, filters and subtracts like a date in the analyst's
spreadsheet. The conversions here are done by hand (ordinal arithmetic) because they sit
on the hot path of exports with hundreds of thousands of rows.

Times are shown on the clock of one time zone, named in their header: the moments the
server records (a response's submission, stored in UTC) and the answers that carry an
offset (``2019-11-13T08:15:00+07:00``) are moved to it; an answer without an offset is
already a clock time and stays as it is. In a workbook a time is a number on that clock;
in CSV it is ISO text that also gives the offset (``2020-01-01T06:30:00+07:00``).
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

#: The clock exports show times on, unless told otherwise: the Lao PDR's.
DEFAULT_TIME_ZONE = "Asia/Vientiane"

_EXCEL_EPOCH_ORDINAL = date(1899, 12, 30).toordinal()

#: CSV cells starting with one of these are read as formulas by spreadsheet programs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def date_serial(value: str | date) -> float | None:
    """Excel serial of an ISO date (``YYYY-MM-DD``) or a date; None when not a date."""
    try:
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        return float(value.toordinal() - _EXCEL_EPOCH_ORDINAL)
    except (ValueError, AttributeError):
        return None


def time_serial(value: str | time) -> float | None:
    """Fraction of a day of an ISO time (``HH:MM[:SS[.fff]][offset]``); None otherwise.

    A time zone offset is dropped: the analyst sees the clock time the participant saw.
    """
    try:
        if isinstance(value, str):
            value = time.fromisoformat(value)
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return seconds / 86400
    except (ValueError, AttributeError):
        return None


def in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    """A moment stored in UTC without tzinfo, in ``zone`` (with its offset)."""
    return moment.replace(tzinfo=timezone.utc).astimezone(zone)


def iso_in_zone(value: str, zone: ZoneInfo) -> str:
    """An ISO datetime answer as ISO text on the clock of ``zone`` (with its offset) when it
    carries an offset; else, or when it is no datetime, as it is."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return moment.astimezone(zone).isoformat() if moment.tzinfo is not None else value


def datetime_serial(value: str | datetime, zone: ZoneInfo | None = None) -> float | None:
    """Excel serial of an ISO datetime or a datetime: on the clock of ``zone`` when it has
    an offset, else (or without ``zone``) on its own clock."""
    try:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if value.tzinfo is not None:
            value = (value.astimezone(zone) if zone is not None else value).replace(tzinfo=None)
        days = value.toordinal() - _EXCEL_EPOCH_ORDINAL
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return days + seconds / 86400
    except (ValueError, AttributeError, TypeError):
        return None


def number_or_none(value) -> int | float | None:
    """An answer as a number: ints and floats as they are, numeric strings parsed."""
    cls = value.__class__
    if cls is int:
        return value
    if cls is float:
        return value if value - value == 0 else None  # NaN and infinities are no numbers
    if cls is bool:
        return int(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and number not in (float("inf"), float("-inf")) else None


def csv_text(text: str) -> str:
    """``text`` safe to open in a spreadsheet: formula starters get a leading apostrophe."""
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text
