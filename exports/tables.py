"""A form's data as related tables: one main table and one table per repeat.

This is the shape ODK Central gives its CSV ZIP and its OData feed, and the one pandas,
R, SPSS, Stata, Power BI and Excel's Power Query join without help: one row per response
in the main table, one row per repeat instance in the repeat's table (a nested repeat is
a table of its own), and stable keys that join them.

- ``KEY`` of a main row is the response's UUID; ``KEY`` of a repeat row is its parent's key
  followed by ``/<repeat>[<position>]`` (``0b3f…/challenges[2]``, nested
  ``0b3f…/sectors[1]/challenges[2]``), position counted from 1. It depends only on the
  response and the instance's place, so it is the same in every export and every page of
  the feed.
- ``PARENT_KEY`` of a repeat row is the ``KEY`` of the row it belongs to.

Every row also carries the event's id and province code (to filter and join on), and a
repeat row the event, province and district of its response, so a repeat table can be
grouped by place on its own. The columns of the answers are those of the raw export
(:mod:`exports.columns`, :mod:`exports.cells`), and the main table's metadata columns are
the raw export's (:func:`exports.raw.table_headers` and :func:`~exports.raw.table_rows`): a
change there shows here too.

Each cell is given two ways: as CSV text (formula-like text neutralised, times on the
export's clock, status and language in words, as in the CSV export) and as a typed Python
value (numbers, dates, datetimes, text; a geopoint's four numbers) for the OData feed and
for DataFrames.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

from forms.definition import Choice, FormDefinition, text_in

from .cells import as_text, csv_cells, field_headers, point_parts
from .columns import Field, Table, plan_tables
from .raw import check_modes, link_texts, meta_values, table_headers, table_rows
from .records import ResponseRecord
from .values import DEFAULT_TIME_ZONE, csv_text, number_or_none

#: Labels of the columns the table model adds to the raw export's.
KEY_LABELS = {
    "KEY": {"lo": "ລະຫັດແຖວ (KEY)", "en": "Row key (KEY)"},
    "PARENT_KEY": {"lo": "ລະຫັດແຖວແມ່ (PARENT_KEY)", "en": "Parent row key (PARENT_KEY)"},
    "event_id": {"lo": "ລະຫັດກິດຈະກຳ", "en": "Event id"},
    "province_code": {"lo": "ລະຫັດແຂວງ", "en": "Province code"},
    "event": {"lo": "ກິດຈະກຳ", "en": "Event"},
    "province": {"lo": "ແຂວງ", "en": "Province"},
    "district": {"lo": "ເມືອງ", "en": "District"},
}
#: A column's value type by its field's kind: ``text``, ``choice`` (a select_one's label or
#: code), ``integer``, ``number``, ``date``, ``time``, ``datetime``, or ``flag`` (a choice's
#: own column of a multiple answer: 1/0, or the rank).
_TYPE_BY_KIND = {"number": "number", "date": "date", "time": "time", "datetime": "datetime",
                 "select_one": "choice", "select_multiple": "text", "rank": "text"}
#: Types of the raw export's metadata columns (the others are text).
_META_TYPES = {"submitted_at": "datetime"}


@dataclass(frozen=True)
class Column:
    """One column of a table: its unique name, its label, its value type and, for the
    columns of an answer, the field (and for a choice's own column, the choice)."""

    name: str
    label: str
    type: str
    field: Field | None = None
    choice: Choice | None = None


@dataclass
class DataTable:
    """The main table (``repeat`` None) or a repeat's table, with its columns and rows."""

    #: ``data`` for the main table, else the repeat's name.
    name: str
    table: Table
    columns: list[Column]
    _text_row: Callable = field(repr=False, default=None)
    _typed_row: Callable = field(repr=False, default=None)

    @property
    def repeat(self) -> str | None:
        return self.table.repeat.name if self.table.repeat is not None else None

    def text_rows(self, record: ResponseRecord) -> Iterable[list[str]]:
        """The CSV cells of the rows ``record`` contributes to this table."""
        return self._text_row(record)

    def typed_rows(self, record: ResponseRecord) -> Iterator[list]:
        """The typed values of the rows ``record`` contributes to this table."""
        return self._typed_row(record)


def plan(versions: list[FormDefinition], *, language: str = "lo", choice_values: str = "labels",
         time_zone: str = DEFAULT_TIME_ZONE) -> list[DataTable]:
    """The tables of ``versions`` (newest first; their columns are the union), main first;
    text cells give times on the clock of ``time_zone``."""
    return [_build(table, language, choice_values, ZoneInfo(time_zone)) for table in plan_tables(versions)]


def _unique(names: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        candidate, n = name, 1
        while candidate.lower() in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate.lower())
        out.append(candidate)
    return out


def _field_columns(table: Table, language: str) -> list[tuple[str, str, str, Field, Choice | None]]:
    found = []
    for f in table.fields:
        headers = field_headers(f, language)
        for index, (name, label, _) in enumerate(headers):
            if f.layout == "geopoint":  # latitude, longitude, altitude, accuracy
                found.append((name, label, "number", f, None))
            elif index == 0:
                found.append((name, label, _TYPE_BY_KIND.get(f.kind, "text"), f, None))
            elif f.kind in ("select_multiple", "rank") and index - 1 < len(f.choices):
                found.append((name, label, "flag", f, f.choices[index - 1]))
            else:  # a column a newer kind of cell adds: kept as text
                found.append((name, label, "text", f, None))
    return found


def _build(table: Table, language: str, choice_values: str, zone: ZoneInfo) -> DataTable:
    def key_label(name):
        return text_in(KEY_LABELS[name], language, ["en"])

    if table.repeat is None:
        own = [("KEY", key_label("KEY"), "text", None, None), ("event_id", key_label("event_id"), "integer", None, None),
               ("province_code", key_label("province_code"), "text", None, None)]
        meta_count = len(table_headers(table, language)) - sum(len(field_headers(f, language)) for f in table.fields)
        meta = [(name, label, _META_TYPES.get(name, "text"), None, None)
                for name, label, _ in table_headers(table, language, time_zone=zone.key)[:meta_count]]
    else:
        own = [(name, key_label(name), "integer" if name == "event_id" else "text", None, None)
               for name in ("KEY", "PARENT_KEY", "event_id", "province_code", "event", "province", "district")]
        meta = []
    specs = own + meta + _field_columns(table, language)
    names = _unique(spec[0] for spec in specs)
    columns = [Column(name, label, kind, f, choice) for name, (_, label, kind, f, choice) in zip(names, specs)]
    text_cells = [csv_cells(f, language, choice_values, zone=zone) for f in table.fields]
    typed_cells = [_typed_cells(f, language, choice_values) for f in table.fields]
    instances = _instances_of(table)
    meta_text = link_texts(table, zone, language, choice_values)

    def main_text_rows(record: ResponseRecord):
        # The main table's one row, built without the walk the repeats need: the hot path.
        event = record.event
        row = [record.uuid, str(event.id) if event.id is not None else "", event.province_code,
               *meta_text(meta_values(record))]
        answers = record.answers
        for cells in text_cells:
            row += cells(answers)
        return (row,)

    def repeat_text_rows(record: ResponseRecord):
        event = record.event
        place = [str(event.id) if event.id is not None else "", event.province_code,
                 csv_text(event.title), csv_text(event.province), csv_text(event.district)]
        for key, parent, _, answers in instances(record):
            row = [key, parent, *place]
            for cells in text_cells:
                row += cells(answers)
            yield row

    def typed_row(record: ResponseRecord):
        event = record.event
        system = [event.id, event.province_code or None]
        for key, parent, links, answers in instances(record):
            if parent is None:
                row = [key, *system, *(v if v != "" else None for v in links)]
            else:
                row = [key, parent, *system, event.title or None, event.province or None, event.district or None]
            for cells in typed_cells:
                row.extend(cells(answers))
            yield row

    text_rows = main_text_rows if table.repeat is None else repeat_text_rows
    return DataTable("data" if table.repeat is None else table.repeat.name, table, columns, text_rows, typed_row)


def _instances_of(table: Table):
    """A function giving (key, parent key, metadata, answers) of a record's rows in ``table``."""
    if table.repeat is None:
        def main(record: ResponseRecord):
            for links, answers in table_rows(table, record):
                yield record.uuid, None, links, answers
        return main

    path = table.path

    def walk(answers, depth, key):
        items = answers.get(path[depth])
        if not isinstance(items, list):
            return
        name = path[depth]
        for position, item in enumerate(items, 1):
            if not isinstance(item, dict):
                continue
            item_key = f"{key}/{name}[{position}]"
            if depth == len(path) - 1:
                yield item_key, key, (), item
            else:
                yield from walk(item, depth + 1, item_key)

    def repeat(record: ResponseRecord):
        return walk(record.answers, 0, record.uuid)

    return repeat


def _typed_cells(f: Field, language: str, choice_values: str):
    """A function ``answers -> list`` giving ``f``'s typed values of one row."""
    name, kind = f.name, f.kind
    width = len(field_headers(f, language))
    empty = [None] * width
    labels = {} if choice_values == "codes" else {c.name: f.choice_label(c, language) for c in f.choices}
    choices = [c.name for c in f.choices]
    extra = [None] * (width - 1 - (len(choices) if kind in ("select_multiple", "rank") else 0))
    separator = {"select_multiple": {"codes": " ", "labels": "; "},
                 "rank": {"codes": " ", "labels": " > "}}.get(kind, {}).get(choice_values, " ")

    def cells(answers):
        value = answers.get(name)
        if value is None:
            return empty
        if f.layout == "geopoint":
            parts = point_parts(value)
            return parts if parts is not None else [as_text(value), *empty[1:]]
        if kind == "number":
            number = number_or_none(value)
            return [number if number is not None else as_text(value), *extra]
        if kind in ("select_multiple", "rank") and isinstance(value, (str, list, tuple)):
            chosen = value.split() if isinstance(value, str) else [as_text(v) for v in value]
            combined = separator.join(labels.get(v) or v for v in chosen)
            if kind == "rank":
                return [combined, *(chosen.index(c) + 1 if c in chosen else None for c in choices), *extra]
            return [combined, *(1 if c in chosen else 0 for c in choices), *extra]
        text = value if value.__class__ is str else as_text(value)
        if kind == "select_one":
            return [labels.get(text, text), *empty[1:]]
        return [text, *empty[1:]]

    return cells


IDENTIFIER = re.compile(r"[^0-9A-Za-z_]")


def identifier(name: str, limit: int = 64) -> str:
    """``name`` as an identifier of OData, SPSS and Stata: letters, digits and ``_``,
    not starting with a digit, at most ``limit`` characters."""
    found = IDENTIFIER.sub("_", name).strip("_") or "column"
    if found[0].isdigit():
        found = "_" + found
    return found[:limit]


def file_names(form_id: str, data_tables: list[DataTable]) -> list[str]:
    """The file of each table in a ZIP, as ODK Central names them: ``<form>.csv`` for the
    main table, ``<form>-<repeat>.csv`` for each repeat."""
    return [f"{form_id}.csv" if t.repeat is None else f"{form_id}-{t.name}.csv" for t in data_tables]


#: Responses whose rows are handed to the CSV writers at once: fewer calls, memory still bounded.
_CHUNK = 500


def write_csv_zip(versions: list[FormDefinition], records: Iterable[ResponseRecord], out, *,
                  language: str = "lo", headers: str = "labels", choice_values: str = "labels",
                  time_zone: str = DEFAULT_TIME_ZONE) -> int:
    """Write every table of ``records`` as CSV files in one ZIP at the path ``out``.

    Each file is UTF-8 with a byte order mark, its header row(s) as the CSV export's
    (``headers``: labels, names — or paths, written as names — or both); times on the
    clock of ``time_zone``; files by name (attachments.zip holds them). The records are
    read once: the main table's rows are compressed into the ZIP as they come, each
    repeat's go to a temporary file of its own, compressed into the ZIP after the main
    table, so memory does not grow with the number of responses. An export that fails
    leaves an incomplete file at ``out``: write through :mod:`exports.atomic`, as the
    service does. Returns the number of responses written.
    """
    check_modes(headers, choice_values)
    data_tables = plan(versions, language=language, choice_values=choice_values, time_zone=time_zone)
    names = file_names(versions[0].form_id, data_tables)
    spools = [tempfile.TemporaryFile() for _ in data_tables[1:]]
    try:
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            with archive.open(names[0], "w", force_zip64=True) as main:
                count = _write_tables(data_tables, [main, *spools], records, headers)
            for name, spool in zip(names[1:], spools):
                spool.seek(0)
                with archive.open(name, "w", force_zip64=True) as member:
                    shutil.copyfileobj(spool, member, 1 << 20)
    finally:
        for spool in spools:
            spool.close()
    return count


def _write_tables(data_tables: list[DataTable], files: list, records: Iterable[ResponseRecord],
                  headers: str) -> int:
    """Write each table as CSV (its header rows, then the rows of ``records``) to its open
    binary file, which stays open; returns the number of records."""
    texts, writers = [], []
    try:
        for t, file in zip(data_tables, files):
            text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
            texts.append(text)
            writer = csv.writer(text)
            if headers in ("names", "paths", "both"):
                writer.writerow([csv_text(c.name) for c in t.columns])
            if headers in ("labels", "both"):
                writer.writerow([csv_text(c.label) for c in t.columns])
            writers.append((t.text_rows, writer.writerows, []))
        count = 0
        for record in records:
            for rows, _, pending in writers:
                pending.extend(rows(record))
            count += 1
            if count % _CHUNK == 0:
                _flush(writers)
        _flush(writers)
    finally:
        for text in texts:
            text.detach()  # flushed, and the file left open
    return count


def _flush(writers) -> None:
    for _, write, pending in writers:
        write(pending)
        pending.clear()
