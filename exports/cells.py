"""Per-column cell writers: the hot path of every export.

For each field of a table, a closure is built once, with everything it needs (column
number, choice labels, cell format, the worksheet's bound write method) captured, so that
writing a row is one call per question and one dictionary lookup per answer. Text always
goes through ``write_string``: an answer such as ``=1+1`` stays text, never a formula.

The same fields also give CSV cells (strings), built the same way.
"""
from __future__ import annotations

import json

from .columns import Field
from .values import csv_text, date_serial, datetime_serial, number_or_none, time_serial

#: Separators of a multiple answer in its combined column. Codes follow ODK (space
#: separated, so the cell can be re-imported); labels may contain spaces, so use "; ".
_SEPARATOR = {"codes": " ", "labels": "; "}
_RANK_SEPARATOR = {"codes": " ", "labels": " > "}
_CACHE_LIMIT = 4096

META_COLUMNS = ("uuid", "event", "province", "district", "submitted_at", "language", "version", "status")
META_LABELS = {
    "uuid": {"lo": "ລະຫັດຄຳຕອບ (UUID)", "en": "Response UUID"},
    "event": {"lo": "ກິດຈະກຳ", "en": "Event"},
    "province": {"lo": "ແຂວງ", "en": "Province"},
    "district": {"lo": "ເມືອງ", "en": "District"},
    "submitted_at": {"lo": "ວັນເວລາສົ່ງ", "en": "Submitted at"},
    "language": {"lo": "ພາສາ", "en": "Language"},
    "version": {"lo": "ສະບັບຂອງແບບຟອມ", "en": "Form version"},
    "status": {"lo": "ສະຖານະ", "en": "Status"},
    "position": {"lo": "ລຳດັບ", "en": "Position"},
    "parent_position": {"lo": "ລຳດັບຂອງແມ່", "en": "Parent position"},
}
_WIDTH = {"text": 30, "select_one": 22, "select_multiple": 30, "rank": 30, "number": 10,
          "date": 11, "time": 10, "datetime": 19}


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


def field_headers(field: Field, language: str) -> list[tuple[str, str, float]]:
    """(name, label, width) of every column ``field`` fills, in order."""
    label = field.label(language)
    columns = [(field.name, label, _WIDTH.get(field.kind, 20))]
    if field.kind in ("select_multiple", "rank"):
        for choice in field.choices:
            columns.append(
                (f"{field.name}/{choice.name}", f"{label} / {field.choice_label(choice, language)}", 8)
            )
    return columns


def _choice_labels(field: Field, language: str, choice_values: str) -> dict[str, str]:
    if choice_values == "codes":
        return {}
    return {c.name: field.choice_label(c, language) for c in field.choices}


def xlsx_writer(field: Field, ws, col: int, formats, language: str, choice_values: str):
    """A function ``(row, answers)`` writing ``field``'s cells of one row into ``ws``."""
    name = field.name
    kind = field.kind
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
                if len(cache) < _CACHE_LIMIT:
                    cache[value] = serial
            write_number(row, col, serial, fmt)

    elif kind == "datetime":
        fmt = formats.datetime

        def write(row, answers):
            value = answers.get(name)
            if value is not None:
                serial = datetime_serial(value)
                if serial is None:
                    fallback(row, value)
                else:
                    write_number(row, col, serial, fmt)

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


def csv_cells(field: Field, language: str, choice_values: str):
    """A function ``answers -> list[str]`` giving ``field``'s CSV cells of one row."""
    name = field.name
    kind = field.kind
    width = len(field_headers(field, language))
    empty = [""] * width
    labels = _choice_labels(field, language, choice_values)
    choices = [c.name for c in field.choices]

    def cells(answers):
        value = answers.get(name)
        if value is None:
            return empty
        if kind in ("select_multiple", "rank") and isinstance(value, (str, list, tuple)):
            chosen = value.split() if isinstance(value, str) else list(value)
            separator = (_SEPARATOR if kind == "select_multiple" else _RANK_SEPARATOR)[choice_values]
            combined = csv_text(separator.join(labels.get(v) or as_text(v) for v in chosen))
            if kind == "rank":
                return [combined] + [str(chosen.index(c) + 1) if c in chosen else "" for c in choices]
            return [combined] + ["1" if c in chosen else "0" for c in choices]
        if value.__class__ is str:
            text = labels.get(value, value) if kind == "select_one" else value
            return [csv_text(text)] + empty[1:]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return [repr(value)] + empty[1:]
        return [csv_text(as_text(value))] + empty[1:]

    return cells
