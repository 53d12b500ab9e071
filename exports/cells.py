"""Per-column cell writers: the hot path of every export.

For each field of a table, a closure is built once, with everything it needs (column
number, choice labels, cell format, the worksheet's bound write method) captured, so that
writing a row is one call per question and one dictionary lookup per answer. Text always
goes through ``write_string``: an answer such as ``=1+1`` stays text, never a formula.

The same fields also give CSV cells (strings), built the same way. A field fills one
column, or several: a multiple choice its answer and one flag per choice, a point its
latitude, longitude, altitude and accuracy, a file its name and (when the export knows
the addresses) where to download it.
"""
from __future__ import annotations

import json
from typing import Callable
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError

from forms.definition import text_in

from .columns import Column, Field, field_column
from .values import csv_text, date_serial, datetime_serial, iso_in_zone, number_or_none, time_serial

#: Separators of a multiple answer in its combined column. Codes follow ODK (space
#: separated, so the cell can be re-imported); labels may contain spaces, so use "; ".
_SEPARATOR = {"codes": " ", "labels": "; "}
_RANK_SEPARATOR = {"codes": " ", "labels": " > "}
#: How many distinct values a cell writer keeps the converted cells of (memory stays bounded).
CACHE_LIMIT = 4096

META_COLUMNS = ("uuid", "event", "province", "district", "submitted_at", "language", "version", "status")
META_LABELS = {
    "uuid": {"lo": "ລະຫັດຄຳຕອບ (UUID)", "en": "Response UUID"},
    "event": {"lo": "ກິດຈະກຳ", "en": "Event"},
    "province": {"lo": "ແຂວງຂອງກິດຈະກຳ", "en": "Event province"},
    "district": {"lo": "ເມືອງຂອງກິດຈະກຳ", "en": "Event district"},
    "submitted_at": {"lo": "ວັນເວລາສົ່ງ", "en": "Submitted"},
    "language": {"lo": "ພາສາ", "en": "Language"},
    "version": {"lo": "ສະບັບຂອງແບບຟອມ", "en": "Form version"},
    "status": {"lo": "ສະຖານະ", "en": "Status"},
    "position": {"lo": "ລຳດັບ", "en": "Position"},
    "parent_position": {"lo": "ລຳດັບຂອງແມ່", "en": "Parent position"},
}
#: A response's review status in words (with choices as labels; codes stay codes).
STATUS_LABELS = {
    "submitted": {"lo": "ສົ່ງແລ້ວ", "en": "Submitted"},
    "approved": {"lo": "ອະນຸມັດແລ້ວ", "en": "Approved"},
    "rejected": {"lo": "ຖືກປະຕິເສດ", "en": "Rejected"},
}
#: The parts of a geopoint, as ODK writes them: "latitude longitude altitude accuracy".
POINT_PARTS = {
    "latitude": {"lo": "ເສັ້ນຂະໜານ", "en": "latitude"},
    "longitude": {"lo": "ເສັ້ນແວງ", "en": "longitude"},
    "altitude": {"lo": "ລະດັບຄວາມສູງ", "en": "altitude"},
    "accuracy": {"lo": "ຄວາມແມ່ນຍຳ", "en": "accuracy"},
}
URL_LABEL = {"lo": "ທີ່ຢູ່ດາວໂຫຼດ", "en": "download address"}
_WIDTH = {"text": 30, "select_one": 22, "select_multiple": 30, "rank": 30, "number": 10,
          "date": 11, "time": 10, "datetime": 19, "file": 24}


def meta_text(key: str, language: str) -> str:
    """The header of a metadata or link column in ``language``."""
    return text_in(META_LABELS[key], language, ["en"])


def status_words(language: str, choice_values: str) -> dict[str, str]:
    """Each status as the export writes it: words in ``language``, or codes with choice codes."""
    if choice_values == "codes":
        return {}
    return {status: text_in(words, language, ["en"]) for status, words in STATUS_LABELS.items()}


def language_name(code: str, language: str, choice_values: str = "labels") -> str:
    """The name of the language ``code`` in ``language`` ("ລາວ" for lo in a Lao export), as
    CLDR names it; the code itself with choice codes or when CLDR does not know it."""
    if choice_values == "codes" or not code:
        return code
    try:
        return Locale.parse(code).get_display_name(language) or code
    except (ValueError, UnknownLocaleError):
        return code


class RowPlace:
    """Where the row being written sits, for the cells that link to an attached file: its
    response's uuid and, in a repeat, the path of its instance (``visits[2]/``). The
    writer of a table sets it before each row."""

    __slots__ = ("uuid", "prefix")

    def __init__(self):
        self.uuid = ""
        self.prefix = ""


#: ``(response uuid, answer path) -> address`` of an attached file.
AttachmentUrl = Callable[[str, str], str]


def as_text(value) -> str:
    """Any answer value as text (lists space separated, mappings as JSON)."""
    if value.__class__ is str:
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def field_columns(field: Field, language: str, zone_name: str | None = None,
                  with_urls: bool = False) -> list[Column]:
    """Every column ``field`` fills, in order. ``zone_name`` is stated after the label of a
    date and time; ``with_urls`` adds a file's download address."""
    suffix = f" ({zone_name})" if zone_name and field.kind == "datetime" else ""
    first = field_column(field, language, suffix)
    if field.layout == "geopoint":
        return [first.derived(part, text_in(words, language, ["en"]), 11) for part, words in POINT_PARTS.items()]
    first = Column(first.name, first.path, first.labels, _WIDTH.get(field.layout, 20))
    columns = [first]
    if field.kind in ("select_multiple", "rank"):
        columns.extend(first.derived(choice.name, field.choice_label(choice, language), 8) for choice in field.choices)
    elif field.layout == "file" and with_urls:
        columns.append(first.derived("url", text_in(URL_LABEL, language, ["en"]), 40))
    return columns


def field_headers(field: Field, language: str) -> list[tuple[str, str, float]]:
    """(name, label, width) of every column ``field`` fills, in order (before the table
    makes its headers unique)."""
    return [(c.name, c.labels[0], c.width) for c in field_columns(field, language)]


def point_parts(value) -> list[float | None] | None:
    """A geopoint's latitude, longitude, altitude and accuracy (None where missing); None
    when ``value`` is no point."""
    if value.__class__ is not str:
        return None
    try:
        parts = [float(p) for p in value.split()]
    except ValueError:
        return None
    if not 2 <= len(parts) <= 4:
        return None
    return parts + [None] * (4 - len(parts))


def _choice_labels(field: Field, language: str, choice_values: str) -> dict[str, str]:
    if choice_values == "codes":
        return {}
    return {c.name: field.choice_label(c, language) for c in field.choices}


def xlsx_writer(field: Field, ws, col: int, formats, language: str, choice_values: str, *,
                zone: ZoneInfo | None = None, place: RowPlace | None = None,
                attachment_url: AttachmentUrl | None = None):
    """A function ``(row, answers)`` writing ``field``'s cells of one row into ``ws``.

    ``zone``: the clock of datetimes that carry an offset. ``attachment_url`` (with the
    ``place`` the table keeps up to date) fills a file's download address."""
    name = field.name
    kind = field.layout
    write_string = ws.write_string
    write_number = ws.write_number

    def fallback(row, value):
        number = number_or_none(value) if value.__class__ is not str else None
        if number is not None:
            write_number(row, col, number)
        else:
            write_string(row, col, as_text(value))

    if kind == "select_one":
        labels = _choice_labels(field, language, choice_values)

        def write(row, answers):
            value = answers.get(name)
            if value is not None:
                if value.__class__ is not str:
                    value = as_text(value)
                write_string(row, col, labels.get(value, value))

    elif kind == "number":

        def write(row, answers):
            value = answers.get(name)
            if value is not None:
                cls = value.__class__
                if cls is int or (cls is float and value - value == 0):
                    write_number(row, col, value)
                else:  # a calculation's result is stored as text: "3" is still the number 3
                    number = number_or_none(value)
                    if number is None:
                        write_string(row, col, as_text(value))
                    else:
                        write_number(row, col, number)

    elif kind in ("date", "time"):
        convert = date_serial if kind == "date" else time_serial
        fmt = formats.date if kind == "date" else formats.time
        cache: dict[str, float] = {}

        def write(row, answers):
            value = answers.get(name)
            if value is None:
                return
            if value.__class__ is not str:
                return fallback(row, value)
            serial = cache.get(value)
            if serial is None:
                serial = convert(value)
                if serial is None:
                    return write_string(row, col, value)
                if len(cache) < CACHE_LIMIT:
                    cache[value] = serial
            write_number(row, col, serial, fmt)

    elif kind == "datetime":
        fmt = formats.datetime

        def write(row, answers):
            value = answers.get(name)
            if value is not None:
                serial = datetime_serial(value, zone)
                if serial is None:
                    fallback(row, value)
                else:
                    write_number(row, col, serial, fmt)

    elif kind == "geopoint":

        def write(row, answers):
            value = answers.get(name)
            if value is None:
                return
            parts = point_parts(value)
            if parts is None:
                return write_string(row, col, as_text(value))
            for offset, part in enumerate(parts):
                if part is not None:
                    write_number(row, col + offset, part)

    elif kind == "file":
        key = field.name

        def write(row, answers):
            value = answers.get(name)
            if value is None:
                return
            write_string(row, col, as_text(value))
            if attachment_url is not None:
                write_string(row, col + 1, attachment_url(place.uuid, place.prefix + key))

    elif kind in ("select_multiple", "rank"):
        labels = _choice_labels(field, language, choice_values)
        separator = (_SEPARATOR if kind == "select_multiple" else _RANK_SEPARATOR)[choice_values]
        flags = [(choice.name, col + 1 + i) for i, choice in enumerate(field.choices)]
        is_rank = kind == "rank"

        def write(row, answers):
            value = answers.get(name)
            if value is None:
                return
            if value.__class__ is str:
                value = value.split()
            elif not isinstance(value, (list, tuple)):
                return fallback(row, value)
            write_string(row, col, separator.join([labels.get(v) or as_text(v) for v in value]))
            if is_rank:
                for choice, flag_col in flags:
                    if choice in value:
                        write_number(row, flag_col, value.index(choice) + 1)
            else:
                for choice, flag_col in flags:
                    write_number(row, flag_col, 1 if choice in value else 0)

    else:

        def write(row, answers):
            value = answers.get(name)
            if value is not None:
                if value.__class__ is str:
                    write_string(row, col, value)
                else:
                    fallback(row, value)

    return write


def csv_cells(field: Field, language: str, choice_values: str, *, zone: ZoneInfo | None = None,
              place: RowPlace | None = None, attachment_url: AttachmentUrl | None = None):
    """A function ``answers -> list[str]`` giving ``field``'s CSV cells of one row (the
    keywords as for :func:`xlsx_writer`).

    :func:`_csv_rule` says what the cells of a value are; the function returned gives the
    same cells by a shorter way for the usual answers of the field's kind. The cells of
    the answers that many responses share (choice codes, dates, times), once made, are
    kept (up to a limit). The lists returned may be shared: extend a row with them, never
    change them."""
    name = field.name
    kind = field.layout
    rule = _csv_rule(field, language, choice_values, zone, place, attachment_url)
    empty = rule(None)
    known: dict = {}

    def remember(key, value):
        found = rule(value)
        # Only codes are kept: 1 == True == 1.0 as keys, but their cells differ.
        if len(known) < CACHE_LIMIT and (key.__class__ is str or all(v.__class__ is str for v in key)):
            known[key] = found
        return found

    if kind in ("select_one", "date", "time"):

        def cells(answers):
            value = answers.get(name)
            if value.__class__ is str:
                found = known.get(value)
                return found if found is not None else remember(value, value)
            return empty if value is None else rule(value)

    elif kind in ("select_multiple", "rank"):

        def cells(answers):
            value = answers.get(name)
            cls = value.__class__
            if cls is list or cls is tuple:
                key = tuple(value)
                try:
                    found = known.get(key)
                except TypeError:  # an item that is no code (a mapping): left to the rule
                    return rule(value)
            elif cls is str:
                key = value
                found = known.get(value)
            else:
                return empty if value is None else rule(value)
            return found if found is not None else remember(key, value)

    elif kind == "number":

        def cells(answers):
            value = answers.get(name)
            cls = value.__class__
            if cls is int or cls is float:
                return [repr(value)]
            return empty if value is None else rule(value)

    elif kind == "text":

        def cells(answers):
            value = answers.get(name)
            if value.__class__ is str:
                return [csv_text(value)]
            return empty if value is None else rule(value)

    else:

        def cells(answers):
            value = answers.get(name)
            return empty if value is None else rule(value)

    return cells


def _csv_rule(field: Field, language: str, choice_values: str, zone: ZoneInfo | None,
              place: RowPlace | None, attachment_url: AttachmentUrl | None):
    """A function ``value -> list[str]``: the CSV cells of any answer value of ``field``
    (None for no answer). A select's codes become labels (with ``choice_values`` "labels"),
    a multiple answer is also one flag (or rank) per choice, a point four numbers, a file
    its name and address, a datetime with an offset the time on ``zone``'s clock, a
    number its ``repr``; text is made safe for spreadsheets."""
    name = field.name
    kind = field.layout
    width = len(field_columns(field, language, with_urls=attachment_url is not None))
    empty = [""] * width
    labels = _choice_labels(field, language, choice_values)
    choices = [c.name for c in field.choices]

    def rule(value):
        if value is None:
            return empty
        if kind in ("select_multiple", "rank") and isinstance(value, (str, list, tuple)):
            chosen = value.split() if isinstance(value, str) else list(value)
            separator = (_SEPARATOR if kind == "select_multiple" else _RANK_SEPARATOR)[choice_values]
            combined = csv_text(separator.join(labels.get(v) or as_text(v) for v in chosen))
            if kind == "rank":
                return [combined] + [str(chosen.index(c) + 1) if c in chosen else "" for c in choices]
            return [combined] + ["1" if c in chosen else "0" for c in choices]
        if kind == "geopoint":
            parts = point_parts(value)
            if parts is None:
                return [csv_text(as_text(value))] + empty[1:]
            return ["" if part is None else repr(part) for part in parts]
        if kind == "file":
            url = [attachment_url(place.uuid, place.prefix + name)] if attachment_url is not None else []
            return [csv_text(as_text(value))] + url
        if kind == "datetime" and value.__class__ is str and zone is not None:
            value = iso_in_zone(value, zone)
        if value.__class__ is str:
            text = labels.get(value, value) if kind == "select_one" else value
            return [csv_text(text)] + empty[1:]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [repr(value)] + empty[1:]
        return [csv_text(as_text(value))] + empty[1:]

    return rule
