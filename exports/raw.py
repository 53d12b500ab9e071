"""The raw data export: one row per response, one sheet per repeat, or the same as CSV.

This is what an analyst filters, pivots and re-codes. Its columns come from the form
definitions (see :mod:`exports.columns`), start with the response metadata, and hold
real Excel numbers and dates. Repeat sheets carry the response uuid and the instance's
position so that they join back to the main sheet, and the event's title, province and
district so that a repeat's rows can be read, filtered or pivoted alone. Headers are labels, names, both, or
paths (unique in the form), each made unique within its table; times are on the clock
of the export's time zone, which their headers name; a status and a language are words
of the export's language (codes when choices are written as codes); the sheets are
named in the export's language too.

Rows are streamed: xlsxwriter's ``constant_memory`` mode flushes a row to a temporary
file as soon as a later row of the same sheet is started. Each sheet has its own file and
row pointer, so a response's main row and its repeat rows are written one after the other
to different sheets, each in increasing row order, with nothing buffered.
"""
from __future__ import annotations

import csv
import re
from typing import Iterable, Iterator
from zoneinfo import ZoneInfo

from forms.definition import FormDefinition, text_in

from .cells import (CACHE_LIMIT, META_COLUMNS, AttachmentUrl, RowPlace, csv_cells, field_columns, language_name,
                    meta_text, status_words, xlsx_writer)
from .columns import Column, Table, header_row, plan_tables
from .records import ResponseRecord
from .styles import Formats, open_workbook
from .values import DEFAULT_TIME_ZONE, csv_text, datetime_serial, in_zone

HEADER_MODES = ("labels", "names", "both", "paths")
CHOICE_MODES = ("labels", "codes")

#: The names of the sheets of the exports, in every language of the project.
SHEET_TITLES = {
    "report": {"lo": "ລາຍງານ", "en": "Report"},
    "action_plan": {"lo": "ແຜນດຳເນີນງານ", "en": "Action plan"},
    "challenges": {"lo": "ສິ່ງທ້າທາຍ", "en": "Challenges"},
    "summary": {"lo": "ສະຫຼຸບ", "en": "Summary"},
    "by": {"lo": "ແຍກຕາມ {what}", "en": "By {what}"},
    "open_answers": {"lo": "ຄຳຕອບແບບເປີດ", "en": "Open answers"},
    "data": {"lo": "ຂໍ້ມູນ", "en": "Data"},
    "codebook": {"lo": "ປຶ້ມລະຫັດ", "en": "Codebook"},
}
#: The places a sheet may be broken down by, named in its title.
_PLACE_WORDS = {"event": {"lo": "ກິດຈະກຳ", "en": "event"}, "province": {"lo": "ແຂວງ", "en": "province"},
                "district": {"lo": "ເມືອງ", "en": "district"}}


def check_modes(headers: str, choice_values: str) -> None:
    if headers not in HEADER_MODES:
        raise ValueError(f"headers must be one of {HEADER_MODES}, not {headers!r}")
    if choice_values not in CHOICE_MODES:
        raise ValueError(f"choice_values must be one of {CHOICE_MODES}, not {choice_values!r}")


def sheet_title(key: str, language: str, what: str = "") -> str:
    """The name of the sheet ``key`` (a key of ``SHEET_TITLES``) in ``language``; ``what``
    is what a "by" sheet breaks down by (a place is named in ``language``). Pass it
    through :func:`sheet_name` to make it legal and unique."""
    if what in _PLACE_WORDS:
        what = text_in(_PLACE_WORDS[what], language, ["en"])
    return text_in(SHEET_TITLES[key], language, ["en"]).format(what=what)


def table_title(table: Table, language: str) -> str:
    """The sheet name of ``table`` before it is made unique: the data, or the repeat's label."""
    if table.repeat is None:
        return sheet_title("data", language)
    return text_in(table.repeat.label, language) or table.name


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel-legal sheet name (31 characters, no ``[]:*?/\\``), unique in ``taken``."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31].strip() or "sheet"
    candidate, n = base, 1
    while candidate.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


#: The event's columns on the rows of a repeat.
_EVENT_COLUMNS = ("event", "province", "district")


def _link_columns(table: Table) -> list[str]:
    if table.repeat is None:
        return list(META_COLUMNS)
    return ["uuid", "position"] + (["parent_position"] if len(table.path) > 1 else []) + list(_EVENT_COLUMNS)


def table_columns(table: Table, language: str, time_zone: str = DEFAULT_TIME_ZONE,
                  with_urls: bool = False) -> list[Column]:
    """Every column of ``table``, link/metadata columns first (see ``field_columns``)."""
    columns = []
    for name in _link_columns(table):
        label = meta_text(name, language) + (f" ({time_zone})" if name == "submitted_at" else "")
        columns.append(Column(name, name, (label,), 36 if name == "uuid" else 19 if name == "submitted_at" else 14))
    for field in table.fields:
        columns.extend(field_columns(field, language, time_zone, with_urls))
    return columns


def header_rows(columns: list[Column], headers: str) -> list[list[str]]:
    """The header rows of ``columns``: names then labels for "both", else one row."""
    modes = {"both": ["names", "labels"], "labels": ["labels"], "names": ["names"], "paths": ["paths"]}[headers]
    return [header_row(columns, mode) for mode in modes]


def table_headers(table: Table, language: str, headers: str = "names",
                  time_zone: str = DEFAULT_TIME_ZONE) -> list[tuple[str, str, float]]:
    """(name, label, width) of every column of ``table``, link/metadata columns first; the
    name is as ``headers`` asks ("names" or "paths"), names and labels unique in the table."""
    columns = table_columns(table, language, time_zone)
    names = header_row(columns, "paths" if headers == "paths" else "names")
    return list(zip(names, header_row(columns, "labels"), [c.width for c in columns]))


def _instance_prefix(table: Table, links: list) -> str:
    """The answer path of a repeat row's instance (``outer[2]/inner[1]/``); "" for the main table."""
    if table.repeat is None:
        return ""
    positions = (links[2].split(".") if len(table.path) > 1 else []) + [str(links[1])]
    return "".join(f"{name}[{position}]/" for name, position in zip(table.path, positions))


def meta_values(record: ResponseRecord) -> list:
    """The link values of ``record``'s row in the main table: its metadata."""
    event = record.event
    return [record.uuid, event.title, event.province, event.district, record.submitted_at,
            record.language, record.version, record.status]


def table_rows(table: Table, record: ResponseRecord) -> Iterator[tuple[list, dict]]:
    """(link values, answers) of each row ``record`` contributes to ``table``.

    The main table gives one row whose link values are the metadata; a repeat table one
    row per instance: the uuid, its position counted from 1, in a nested repeat its
    parent's position (written like ``2`` or ``2.1``), then the event's title, province
    and district.
    """
    if table.repeat is None:
        yield meta_values(record), record.answers
        return

    def instances(answers, path, parents):
        items = answers.get(path[0])
        if not isinstance(items, list):
            return
        for position, item in enumerate(items, 1):
            if not isinstance(item, dict):
                continue
            if len(path) == 1:
                yield parents, position, item
            else:
                yield from instances(item, path[1:], parents + (position,))

    nested = len(table.path) > 1
    event = record.event
    place = [event.title, event.province, event.district]
    for parents, position, item in instances(record.answers, table.path, ()):
        links = [record.uuid, position]
        if nested:
            links.append(".".join(map(str, parents)))
        yield links + place, item


class RawSheets:
    """Writes the data sheet and the repeat sheets of an open workbook, row by row.

    ``time_zone`` names the clock of the times; ``attachment_url`` (``(uuid, answer path)
    -> address``) adds a download address beside each file's name. ``sheet_names`` maps
    each table's name to its sheet's, for the codebook.
    """

    def __init__(self, workbook, formats: Formats, tables: list[Table], language: str,
                 headers: str, choice_values: str, taken_names: set[str] | None = None, *,
                 time_zone: str = DEFAULT_TIME_ZONE, attachment_url: AttachmentUrl | None = None):
        taken = taken_names if taken_names is not None else set()
        zone = ZoneInfo(time_zone)
        self.sheets = []
        self.sheet_names: dict[str, str] = {}
        self._place = RowPlace()
        self._header_rows = 2 if headers == "both" else 1
        for table in tables:
            title = sheet_name(table_title(table, language), taken)
            self.sheet_names[table.name] = title
            ws = workbook.add_worksheet(title)
            columns = table_columns(table, language, time_zone, attachment_url is not None)
            # Row by row: constant_memory mode drops cells written to an already flushed row.
            for row, cells in enumerate(header_rows(columns, headers)):
                for col, text in enumerate(cells):
                    ws.write_string(row, col, text, formats.header)
            for col, column in enumerate(columns):
                ws.set_column(col, col, column.width)
            ws.freeze_panes(self._header_rows, 1)
            writers, col = [], len(_link_columns(table))
            for field in table.fields:
                writers.append(xlsx_writer(field, ws, col, formats, language, choice_values, zone=zone,
                                           place=self._place, attachment_url=attachment_url))
                col += len(field_columns(field, language, with_urls=attachment_url is not None))
            link_writer = (self._meta_writer(ws, formats, zone, language, choice_values) if table.repeat is None
                           else self._link_writer(ws, len(table.path) > 1))
            placed = attachment_url is not None and any(f.layout == "file" for f in table.fields)
            self.sheets.append([table, ws, link_writer, writers, self._header_rows, len(columns), placed])

    @staticmethod
    def _meta_writer(ws, formats, zone: ZoneInfo, language: str, choice_values: str):
        write_string, write_number, dt_format = ws.write_string, ws.write_number, formats.datetime
        statuses = status_words(language, choice_values)
        languages: dict[str, str] = {}

        def write(row, links):
            uuid, title, province, district, submitted_at, answered_in, version, status = links
            write_string(row, 0, uuid)
            if title:
                write_string(row, 1, title)
            if province:
                write_string(row, 2, province)
            if district:
                write_string(row, 3, district)
            if submitted_at is not None:
                write_number(row, 4, datetime_serial(in_zone(submitted_at, zone)), dt_format)
            if answered_in:
                name = languages.get(answered_in)
                if name is None:
                    name = languages[answered_in] = language_name(answered_in, language, choice_values)
                write_string(row, 5, name)
            write_string(row, 6, version)
            write_string(row, 7, statuses.get(status, status))

        return write

    @staticmethod
    def _link_writer(ws, nested: bool):
        write_string, write_number = ws.write_string, ws.write_number
        first_place = 3 if nested else 2

        def write(row, links):
            write_string(row, 0, links[0])
            write_number(row, 1, links[1])
            if nested:
                write_string(row, 2, links[2])
            for col in range(first_place, first_place + 3):
                if links[col]:
                    write_string(row, col, links[col])

        return write

    def add(self, record: ResponseRecord) -> None:
        """Write ``record``'s main row and its repeat rows."""
        place = self._place
        place.uuid = record.uuid
        for sheet in self.sheets:
            table, _, link_writer, writers, row, _, placed = sheet
            for links, answers in table_rows(table, record):
                if placed:
                    place.prefix = _instance_prefix(table, links)
                link_writer(row, links)
                for write in writers:
                    write(row, answers)
                row += 1
            sheet[4] = row

    def finish(self) -> None:
        """Add the autofilters, once the last row of every sheet is known."""
        for _, ws, _, _, next_row, n_columns, _ in self.sheets:
            ws.autofilter(self._header_rows - 1, 0, max(next_row - 1, self._header_rows - 1), n_columns - 1)

    @property
    def rows_written(self) -> int:
        return self.sheets[0][4] - self._header_rows


def write_xlsx(versions: list[FormDefinition], records: Iterable[ResponseRecord], out, *,
               language: str = "lo", headers: str = "labels", choice_values: str = "labels",
               time_zone: str = DEFAULT_TIME_ZONE, attachment_url: AttachmentUrl | None = None) -> int:
    """Write the raw data workbook of ``records`` to ``out`` (a path or a binary file).

    ``versions`` are the form versions the records were filled against, newest first; the
    columns are their union. Returns the number of responses written.
    """
    check_modes(headers, choice_values)
    workbook = open_workbook(out)
    sheets = RawSheets(workbook, Formats.add_to(workbook), plan_tables(versions), language,
                       headers, choice_values, time_zone=time_zone, attachment_url=attachment_url)
    add = sheets.add
    for record in records:
        add(record)
    sheets.finish()
    workbook.close()
    return sheets.rows_written


def write_csv(versions: list[FormDefinition], records: Iterable[ResponseRecord], out, *,
              language: str = "lo", headers: str = "labels", choice_values: str = "labels",
              table: str | None = None, time_zone: str = DEFAULT_TIME_ZONE,
              attachment_url: AttachmentUrl | None = None) -> int:
    """Write the main table (or the repeat called ``table``) as CSV to the path ``out``.

    UTF-8 with a byte order mark (so Excel detects the encoding), the same columns as the
    XLSX export; dates and times as ISO text (times on the clock of ``time_zone``, with its
offset, where they are moments: the submission, an answer sent with an offset). Text
    cells starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return get a
    leading apostrophe so no spreadsheet runs them as a formula; numbers are written as
    numbers (a negative number keeps its sign). Returns the number of rows written.
    """
    check_modes(headers, choice_values)
    tables = plan_tables(versions)
    chosen = next((t for t in tables if (t.repeat.name if t.repeat else None) == table), None)
    if chosen is None:
        raise ValueError(f"The form has no repeat called {table!r}.")
    zone = ZoneInfo(time_zone)
    place = RowPlace()
    columns = table_columns(chosen, language, time_zone, attachment_url is not None)
    field_cells = [csv_cells(field, language, choice_values, zone=zone, place=place, attachment_url=attachment_url)
                   for field in chosen.fields]
    link_text = link_texts(chosen, zone, language, choice_values)
    count = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        for cells in header_rows(columns, headers):
            writer.writerow([csv_text(text) for text in cells])
        for record in records:
            place.uuid = record.uuid
            for links, answers in table_rows(chosen, record):
                place.prefix = _instance_prefix(chosen, links)
                row = link_text(links)
                for cells in field_cells:
                    row.extend(cells(answers))
                writer.writerow(row)
                count += 1
    return count


def link_texts(table: Table, zone: ZoneInfo, language: str, choice_values: str):
    """A function giving the CSV cells of a row's link values (for the main table, the
    metadata: the submission time on the clock of ``zone``, status and language in words)."""
    statuses = status_words(language, choice_values)
    languages: dict[str, str] = {}

    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return csv_text(value)
        return str(value)

    if table.repeat is not None:
        return lambda links: [text(v) for v in links]

    #: The cells of the metadata that many responses share (event, language, version,
    #: status), made once per combination.
    shared: dict[tuple, tuple[str, ...]] = {}

    def shared_cells(key: tuple) -> tuple[str, ...]:
        title, province, district, answered_in, version, status = key
        if answered_in not in languages:
            languages[answered_in] = language_name(answered_in, language, choice_values)
        found = (text(title), text(province), text(district), text(languages[answered_in]), text(version),
                 text(statuses.get(status, status)))
        if len(shared) < CACHE_LIMIT:
            shared[key] = found
        return found

    def meta(links) -> list[str]:
        uuid, title, province, district, submitted_at, answered_in, version, status = links
        key = (title, province, district, answered_in, version, status)
        event_title, event_province, event_district, language_text, version_text, status_text = (
            shared.get(key) or shared_cells(key))
        return [text(uuid), event_title, event_province, event_district,
                in_zone(submitted_at, zone).isoformat() if submitted_at is not None else "",
                language_text, version_text, status_text]

    return meta
