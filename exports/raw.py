"""The raw data export: one row per response, one sheet per repeat, or the same as CSV.

This is what an analyst filters, pivots and re-codes. Its columns come from the form
definitions (see :mod:`exports.columns`), start with the response metadata, and hold
real Excel numbers and dates. Repeat sheets carry the response uuid and the instance's
position so that they join back to the main sheet.

Rows are streamed: xlsxwriter's ``constant_memory`` mode flushes a row to a temporary
file as soon as a later row of the same sheet is started. Each sheet has its own file and
row pointer, so a response's main row and its repeat rows are written one after the other
to different sheets, each in increasing row order, with nothing buffered.
"""
from __future__ import annotations

import csv
import re
from typing import Iterable, Iterator

from forms.definition import FormDefinition, text_in

from .cells import META_COLUMNS, META_LABELS, csv_cells, field_headers, xlsx_writer
from .columns import Table, plan_tables
from .records import ResponseRecord
from .styles import Formats, open_workbook
from .values import csv_text, datetime_serial

HEADER_MODES = ("labels", "names", "both")
CHOICE_MODES = ("labels", "codes")


def check_modes(headers: str, choice_values: str) -> None:
    if headers not in HEADER_MODES:
        raise ValueError(f"headers must be one of {HEADER_MODES}, not {headers!r}")
    if choice_values not in CHOICE_MODES:
        raise ValueError(f"choice_values must be one of {CHOICE_MODES}, not {choice_values!r}")


def sheet_name(name: str, taken: set[str]) -> str:
    """An Excel-legal sheet name (31 characters, no ``[]:*?/\\``), unique in ``taken``."""
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'")[:31] or "sheet"
    candidate, n = base, 1
    while candidate.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def _link_columns(table: Table) -> list[str]:
    if table.repeat is None:
        return list(META_COLUMNS)
    return ["uuid", "position"] + (["parent_position"] if len(table.path) > 1 else [])


def table_headers(table: Table, language: str) -> list[tuple[str, str, float]]:
    """(name, label, width) of every column of ``table``, link/metadata columns first."""
    columns = [
        (name, text_in(META_LABELS[name], language, ["en"]), 36 if name == "uuid" else 14)
        for name in _link_columns(table)
    ]
    for field in table.fields:
        columns.extend(field_headers(field, language))
    return columns


def table_rows(table: Table, record: ResponseRecord) -> Iterator[tuple[list, dict]]:
    """(link values, answers) of each row ``record`` contributes to ``table``.

    The main table gives one row whose link values are the metadata; a repeat table one
    row per instance, with positions counted from 1 (a nested instance's parent position
    is written like ``2`` or ``2.1``).
    """
    if table.repeat is None:
        event = record.event
        yield [record.uuid, event.title, event.province, event.district, record.submitted_at,
               record.language, record.version, record.status], record.answers
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
    for parents, position, item in instances(record.answers, table.path, ()):
        links = [record.uuid, position]
        if nested:
            links.append(".".join(map(str, parents)))
        yield links, item


class RawSheets:
    """Writes the data sheet and the repeat sheets of an open workbook, row by row."""

    def __init__(self, workbook, formats: Formats, tables: list[Table], language: str,
                 headers: str, choice_values: str, taken_names: set[str] | None = None):
        taken = taken_names if taken_names is not None else set()
        self.sheets = []
        self._header_rows = 2 if headers == "both" else 1
        for table in tables:
            ws = workbook.add_worksheet(sheet_name("Data" if table.repeat is None else table.name, taken))
            columns = table_headers(table, language)
            header_rows = [[name for name, _, _ in columns]] if headers in ("names", "both") else []
            if headers in ("labels", "both"):
                header_rows.append([label for _, label, _ in columns])
            # Row by row: constant_memory mode drops cells written to an already flushed row.
            for row, cells in enumerate(header_rows):
                for col, text in enumerate(cells):
                    ws.write_string(row, col, text, formats.header)
            for col, (_, _, width) in enumerate(columns):
                ws.set_column(col, col, width)
            ws.freeze_panes(self._header_rows, 1)
            writers, col = [], len(_link_columns(table))
            for field in table.fields:
                writers.append(xlsx_writer(field, ws, col, formats, language, choice_values))
                col += len(field_headers(field, language))
            link_writer = self._meta_writer(ws, formats) if table.repeat is None else self._link_writer(ws)
            self.sheets.append([table, ws, link_writer, writers, self._header_rows, len(columns)])

    @staticmethod
    def _meta_writer(ws, formats):
        write_string, write_number, dt_format = ws.write_string, ws.write_number, formats.datetime

        def write(row, links):
            uuid, title, province, district, submitted_at, language, version, status = links
            write_string(row, 0, uuid)
            if title:
                write_string(row, 1, title)
            if province:
                write_string(row, 2, province)
            if district:
                write_string(row, 3, district)
            if submitted_at is not None:
                write_number(row, 4, datetime_serial(submitted_at), dt_format)
            if language:
                write_string(row, 5, language)
            write_string(row, 6, version)
            write_string(row, 7, status)

        return write

    @staticmethod
    def _link_writer(ws):
        write_string, write_number = ws.write_string, ws.write_number

        def write(row, links):
            write_string(row, 0, links[0])
            write_number(row, 1, links[1])
            if len(links) > 2:
                write_string(row, 2, links[2])

        return write

    def add(self, record: ResponseRecord) -> None:
        """Write ``record``'s main row and its repeat rows."""
        for sheet in self.sheets:
            table, _, link_writer, writers, row, _ = sheet
            for links, answers in table_rows(table, record):
                link_writer(row, links)
                for write in writers:
                    write(row, answers)
                row += 1
            sheet[4] = row

    def finish(self) -> None:
        """Add the autofilters, once the last row of every sheet is known."""
        for _, ws, _, _, next_row, n_columns in self.sheets:
            ws.autofilter(self._header_rows - 1, 0, max(next_row - 1, self._header_rows - 1), n_columns - 1)

    @property
    def rows_written(self) -> int:
        return self.sheets[0][4] - self._header_rows


def write_xlsx(versions: list[FormDefinition], records: Iterable[ResponseRecord], out, *,
               language: str = "lo", headers: str = "labels", choice_values: str = "labels") -> int:
    """Write the raw data workbook of ``records`` to ``out`` (a path or a binary file).

    ``versions`` are the form versions the records were filled against, newest first; the
    columns are their union. Returns the number of responses written.
    """
    check_modes(headers, choice_values)
    workbook = open_workbook(out)
    sheets = RawSheets(workbook, Formats.add_to(workbook), plan_tables(versions), language,
                       headers, choice_values)
    add = sheets.add
    for record in records:
        add(record)
    sheets.finish()
    workbook.close()
    return sheets.rows_written


def write_csv(versions: list[FormDefinition], records: Iterable[ResponseRecord], out, *,
              language: str = "lo", headers: str = "labels", choice_values: str = "labels",
              table: str | None = None) -> int:
    """Write the main table (or the repeat called ``table``) as CSV to the path ``out``.

    UTF-8 with a byte order mark (so Excel detects the encoding), the same columns as the
    XLSX export; dates as ISO text. Text cells starting with ``=``, ``+``, ``-``, ``@``, a
    tab or a carriage return get a leading apostrophe so no spreadsheet runs them as a
    formula; numbers are written as numbers (a negative number keeps its sign). Returns
    the number of rows written.
    """
    check_modes(headers, choice_values)
    tables = plan_tables(versions)
    chosen = next((t for t in tables if (t.repeat.name if t.repeat else None) == table), None)
    if chosen is None:
        raise ValueError(f"The form has no repeat called {table!r}.")
    columns = table_headers(chosen, language)
    field_cells = [csv_cells(field, language, choice_values) for field in chosen.fields]
    count = 0
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        if headers in ("names", "both"):
            writer.writerow([csv_text(name) for name, _, _ in columns])
        if headers in ("labels", "both"):
            writer.writerow([csv_text(label) for _, label, _ in columns])
        for record in records:
            for links, answers in table_rows(chosen, record):
                row = [_link_text(v) for v in links]
                for cells in field_cells:
                    row.extend(cells(answers))
                writer.writerow(row)
                count += 1
    return count


def _link_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
