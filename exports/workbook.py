"""The analyst workbook: everything an SWG secretariat needs from one collection.

Sheets, in order: the SWG report sheets (when the form names a report), the summary, one
crosstab sheet per grouping field that tells something (not one with a single group), the
open answers, the raw data and one sheet per
repeat, and the codebook. Everything is produced in a single streaming pass: each
response is written to the data sheets and counted for the summaries as it arrives, so
``records_factory`` is called exactly once (it is a factory so that a caller holding a
database query can hand over a fresh iterator; a future second pass would call it again).
Filtering (which events, which statuses) is the caller's business: pass only the
responses to export.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from forms.definition import FormDefinition

from .aggregate import Accumulator
from .groupings import make_groupings
from .atomic import write_atomically
from .codebook import write_codebook
from .columns import plan_tables
from .crosstab import CrosstabWriter
from .raw import RawSheets, check_modes, sheet_name, sheet_title
from .records import ResponseRecord
from .report import make_report
from .reports.base import ReportPage, Scope
from .sheet import primary_language
from .styles import Formats, drop_worksheet, open_workbook
from .values import DEFAULT_TIME_ZONE
from .summary import OpenAnswersWriter, SummaryWriter


@dataclass
class ExportOptions:
    """How the analyst workbook is written.

    ``language``: labels and interface text ("lo" or "en"; "lo+en" writes the report
    sheets in both languages, each cell Lao then English, and the rest in Lao). ``headers``: "labels",
    "names" or "both" (two header rows). ``choice_values``: "labels" or "codes".
    ``group_by``: crosstab groupings (``event``, ``province``, ``district`` or select_one
    question names); None means the places plus sex / kind of organisation / level /
    sector questions when the form has them. ``text_limit``: open answers listed per
    question (all of them are always in the data sheet). ``statuses``: the statuses the
    caller selected (None: all), and ``produced``: the report's date (None: today), both
    for the report's title block and method note.
    """

    language: str = "lo"
    headers: str = "labels"
    choice_values: str = "labels"
    group_by: list[str] | None = None
    text_limit: int = 20000
    statuses: tuple[str, ...] | None = None
    produced: date | None = None
    #: The clock of the times in the data sheets (an IANA name); see exports.raw.
    time_zone: str = DEFAULT_TIME_ZONE
    #: ``(uuid, answer path) -> address`` of an attached file, for the data sheets.
    attachment_url: Callable[[str, str], str] | None = None


def write_workbook(versions: list[FormDefinition], records_factory: Callable[[], Iterable[ResponseRecord]],
                   out, options: ExportOptions | None = None) -> int:
    """Write the full analyst workbook to ``out`` (a path or a binary file).

    ``versions``: the form versions the responses were filled against, newest first (the
    newest decides the report kind and the column order). ``records_factory()`` must
    return an iterable of :class:`~exports.records.ResponseRecord`; it is called once.
    Returns the number of responses written. For a file that appears only when complete,
    wrap the call: ``write_atomically(path, lambda tmp: write_workbook(..., tmp, ...))``.
    """
    options = options or ExportOptions()
    check_modes(options.headers, options.choice_values)
    lang = primary_language(options.language)
    tables = plan_tables(versions)
    groupings, chosen = make_groupings(tables[0], options.group_by)
    accumulator = Accumulator(tables, groupings, options.text_limit)
    report = make_report(versions[0], tables, options.language, Scope(options.statuses, options.produced))
    workbook = open_workbook(out)
    formats = Formats.add_to(workbook)
    taken: set[str] = set()
    report_sheets = [workbook.add_worksheet(sheet_name(sheet_title(key, lang), taken)) for key in report.sheets] \
        if report else []
    summary = SummaryWriter(workbook, formats, lang, sheet_name(sheet_title("summary", lang), taken), versions[0])
    crosstabs = [CrosstabWriter(workbook, formats, lang, sheet_name(sheet_title("by", lang, g.key), taken), g,
                                groupings.index(g))
                 for g in chosen]
    has_text = any(f.kind == "text" for t in tables for f in t.fields)
    open_answers = OpenAnswersWriter(workbook, formats, lang, sheet_name(sheet_title("open_answers", lang), taken)) if has_text else None
    raw = RawSheets(workbook, formats, tables, lang, options.headers, options.choice_values, taken,
                    time_zone=options.time_zone, attachment_url=options.attachment_url)
    try:
        add_raw, add_stats = raw.add, accumulator.add
        add_report = report.observe if report else None
        for record in records_factory():
            add_raw(record)
            add_stats(record)
            if add_report:
                add_report(record)
        raw.finish()
        if report:
            report.write([ReportPage(workbook, ws, formats, options.language) for ws in report_sheets])
        summary.write(accumulator)
        for crosstab in crosstabs:
            if not crosstab.write(accumulator):
                drop_worksheet(workbook, crosstab.ws)
        if open_answers:
            open_answers.write(accumulator)
        write_codebook(workbook, formats, versions, sheet_name(sheet_title("codebook", lang), taken), raw.sheet_names)
        (report_sheets[0] if report_sheets else summary.ws).activate()
        workbook.close()
    finally:
        accumulator.close()
        if report:
            report.close()
    return raw.rows_written


def export_workbook(path, versions: list[FormDefinition],
                    records_factory: Callable[[], Iterable[ResponseRecord]],
                    options: ExportOptions | None = None) -> int:
    """:func:`write_workbook` to ``path`` through a temporary file renamed into place."""
    return write_atomically(path, lambda temp: write_workbook(versions, records_factory, temp, options))
