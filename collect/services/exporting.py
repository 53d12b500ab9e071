"""Exports: one description of what to export, checked once, and one way to write it.

An :class:`ExportDescription` is made once at the edge — from an API query, a CLI
command — by :func:`describe`, which refuses what cannot be written (``invalid_request``)
before any file exists. It is a frozen, picklable value, so a background job receives
the very same description. :func:`write_export` is the one entry point that writes it:
it feeds ``exports/`` the form's versions and a stream of its responses, in batches from
the database, and leaves a complete file or none.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator
from urllib.parse import quote

from exports.atomic import write_atomically
from exports.columns import plan_tables
from exports.raw import HEADER_MODES, write_csv, write_xlsx
from exports.records import ResponseRecord
from exports.sheet import primary_language
from exports.tables import write_csv_zip
from exports.values import DEFAULT_TIME_ZONE
from exports.workbook import ExportOptions, write_workbook

from ..config import LANGUAGES
from ..problems import Problem
from ..store import form_versions, responses
from ..store.models import Form, Role, User
from ..store.responses import ResponseFilter
from .audit import record
from .publishing import get_form

#: The kinds of export and their file extensions.
EXTENSIONS = {"workbook": "xlsx", "raw": "xlsx", "csv": "csv", "zip": "zip", "sav": "sav", "dta": "dta"}


def _statistics(kind: str):
    """The SPSS or Stata writer, imported when first used (pandas and pyreadstat are heavy)."""

    def write(*args, **options):
        from exports import spss

        return getattr(spss, f"write_{kind}")(*args, **options)

    return write


#: The writers of the kinds that are one function of (versions, records, path, options).
WRITERS = {"raw": write_xlsx, "csv": write_csv, "zip": write_csv_zip, "sav": _statistics("sav"),
           "dta": _statistics("dta")}
#: The kinds that hold one table, the main one unless a repeat's is asked for.
SINGLE_TABLE = ("csv", "sav", "dta")
#: Groupings that are places rather than questions.
PLACES = ("event", "province", "district")
#: The languages an export is written in: one of the service's, or all of them ("lo+en":
#: the report sheets hold each text in every language, as seed 004's tables do).
EXPORT_LANGUAGES = (*LANGUAGES, "+".join(LANGUAGES))
#: The statuses an export holds unless it asks for others: rejected responses stay out
#: (deleted ones are never exported).
DEFAULT_STATUSES = ("submitted", "approved")


@dataclass(frozen=True)
class ExportDescription:
    """What to export: which form, which file, in which language, which responses, for whom."""

    form_pk: int
    #: "workbook" (the analyst workbook), "raw" (data sheets only), "csv" (the main table),
    #: "zip" (a CSV file per table), "sav" (SPSS) or "dta" (Stata).
    kind: str
    language: str = "lo"
    headers: str = "labels"
    choices: str = "labels"
    group_by: tuple[str, ...] = ()
    #: Leave out the questions marked sensitive (always so for analysts).
    omit_sensitive: bool = False
    filters: ResponseFilter = field(default_factory=ResponseFilter)
    #: A repeat's table instead of the main one (the single-table kinds: csv, sav, dta).
    table: str | None = None
    #: The account the export is made for (None: an administrator at the console).
    requested_by: int | None = None
    #: The clock of the exported times (an IANA name; the service's TIME_ZONE).
    time_zone: str = DEFAULT_TIME_ZONE
    #: The address of the form's responses (``…/api/v1/forms/<id>/responses``): each file's
    #: download address follows it; empty, the exports give files by name only.
    attachment_base: str = ""

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.kind]

    def summary(self) -> dict:
        """What the export holds, in words a list of exports can show."""
        chosen = {"headers": self.headers, "choices": self.choices, "group_by": list(self.group_by),
                  "omit_sensitive": self.omit_sensitive, **({"table": self.table} if self.table else {})}
        filters = {name: (list(value) if isinstance(value, tuple) else value.isoformat() if value else None)
                   for name, value in vars(self.filters).items()}
        return {**chosen, "filters": {k: v for k, v in filters.items() if v}}


def describe(form: Form, kind: str, *, language: str = "lo", headers: str = "labels", choices: str = "labels",
             group_by: Iterable[str] = (), omit_sensitive: bool = False,
             filters: ResponseFilter = ResponseFilter(), table: str | None = None,
             reader: User | None = None, attachment_base: str = "",
             time_zone: str = DEFAULT_TIME_ZONE) -> ExportDescription:
    """The description of an export of ``form`` for ``reader``; analysts never receive the
    answers marked sensitive, and rejected responses are left out unless ``filters`` asks
    for statuses. Raises invalid_request for a language not in :data:`EXPORT_LANGUAGES`,
    headers that are not one of ``HEADER_MODES``, a grouping that is neither a place nor a
    top-level select_one question of the newest version, and a ``table`` that is no repeat
    of the form or asked of a kind with more than one table."""
    language = language.replace(" ", "+")  # "lo+en" in a query string arrives as "lo en"
    if language not in EXPORT_LANGUAGES:
        raise Problem("invalid_request", details={"fields": {"language": [
            f"Use one of {', '.join(EXPORT_LANGUAGES)}."]}})
    if headers not in HEADER_MODES:
        raise Problem("invalid_request", details={"fields": {"headers": [
            f"Headers are one of {', '.join(HEADER_MODES)}, not {headers[:40]!r}."]}})
    if not filters.statuses:
        filters = replace(filters, statuses=DEFAULT_STATUSES)
    group_by = tuple(group_by)
    top_level = {q.name: q for q in form_versions.definition_of(form.current_version).answer_questions()}
    if table is not None and (kind not in SINGLE_TABLE or table not in repeat_names(form)):
        raise Problem("invalid_request", details={"fields": {"table": [
            f"{table!r} is not a repeat of this form, or this kind of export has every table."]}})
    wrong = [name for name in group_by
             if name not in PLACES and getattr(top_level.get(name), "type", None) != "select_one"]
    if wrong:
        raise Problem("invalid_request", details={"fields": {"group_by": [
            f"Cannot group by {name!r}: use event, province, district or a select_one question."
            for name in wrong]}})
    return ExportDescription(
        form_pk=form.id, kind=kind, language=language, headers=headers, choices=choices, group_by=group_by,
        omit_sensitive=omits_sensitive(reader, omit_sensitive),
        filters=filters, table=table, requested_by=reader.id if reader else None,
        attachment_base=attachment_base, time_zone=time_zone)


def omits_sensitive(reader: User | None, asked: bool = False) -> bool:
    """Whether what ``reader`` receives leaves out the sensitive answers: always for analysts."""
    return asked or (reader is not None and reader.role == Role.ANALYST)


def versions_of(form: Form, omit_sensitive: bool):
    """The form's definitions, newest first (without the sensitive questions if asked)."""
    versions = [form_versions.definition_of(v) for v in reversed(form.versions)]
    return [version.without_sensitive() for version in versions] if omit_sensitive else versions


def repeat_names(form: Form) -> list[str]:
    """The names of the repeats of any version of ``form`` (each a table of its own)."""
    return [t.repeat.name for t in plan_tables(versions_of(form, False)) if t.repeat is not None]


def count_responses(export: ExportDescription) -> int:
    return responses.count(export.form_pk, export.filters)


def _counted(records: Iterable[ResponseRecord], progress: Callable[[int], None]) -> Iterator[ResponseRecord]:
    for item in records:
        yield item
        progress(1)


def write_export(export: ExportDescription, path: Path, progress: Callable[[int], None] | None = None,
                 **audit_details) -> None:
    """Write ``export`` to ``path`` — a complete file or, after any failure, none — and
    record it in the audit log."""
    form = get_form(export.form_pk)
    versions = versions_of(form, export.omit_sensitive)
    records = responses.iter_records(form.id, primary_language(export.language), export.filters)
    if progress:
        records = _counted(records, progress)
    options = {"language": export.language, "headers": export.headers, "choice_values": export.choices,
               "time_zone": export.time_zone, "attachment_url": attachment_url(export.attachment_base)}
    if export.kind == "workbook":
        workbook_options = ExportOptions(**options, group_by=list(export.group_by) or None,
                                         statuses=export.filters.statuses)
        write_atomically(path, lambda temp: write_workbook(versions, lambda: records, temp, workbook_options))
    else:
        options["language"] = primary_language(export.language)  # data: one language
        if export.kind in ("sav", "dta"):  # a variable's name and label are both in the file
            options = {"language": options["language"], "table": export.table}
        elif export.kind == "csv":
            options["table"] = export.table
        elif export.kind == "zip":  # files by name: attachments.zip holds them
            del options["attachment_url"]
        writer = WRITERS[export.kind]
        write_atomically(path, lambda temp: writer(versions, records, temp, **options))
    record("export", f"form:{form.id}", export.requested_by, kind=export.kind, language=export.language,
           **audit_details)


def attachment_url(base: str) -> Callable[[str, str], str] | None:
    """``(response uuid, answer path) -> download address`` of a file below ``base`` (the
    form's responses, see ``ExportDescription.attachment_base``); None without a base."""
    if not base:
        return None
    return lambda uuid, path: f"{base}/{uuid}/attachments/{quote(path)}"


def download_name(export: ExportDescription) -> str:
    return f"{get_form(export.form_pk).form_id}-{export.kind}.{export.extension}"
