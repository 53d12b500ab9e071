"""Serving exports: feed ``exports/`` the form's versions and a stream of its responses,
write the file completely (a temporary file renamed into place), then send it. Every
export is recorded in the audit log. The CLI uses the same functions with a progress bar.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from flask import current_app, send_file
from sqlalchemy import func, select

from exports.atomic import write_atomically
from exports.raw import write_csv, write_xlsx
from exports.records import ResponseRecord
from exports.workbook import ExportOptions, write_workbook

from .audit import record
from .errors import AppError
from .extensions import db
from .form_versions import definition_of
from .models import Event, Form, FormVersion, Response, Role, User
from .responses import ResponseFilter, iter_records

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass
class ExportRequest:
    """What to export: which form, which file, in which language, which responses."""

    form: Form
    kind: str  # "workbook" (the analyst workbook), "raw" (data sheets only) or "csv"
    language: str = "lo"
    headers: str = "labels"
    choices: str = "labels"
    group_by: list[str] | None = None
    #: Leave out the questions marked sensitive (always so for analysts).
    omit_sensitive: bool = False
    filters: ResponseFilter = field(default_factory=ResponseFilter)

    @property
    def extension(self) -> str:
        return "csv" if self.kind == "csv" else "xlsx"

    @classmethod
    def from_query(cls, form: Form, kind: str, query: dict, user: User) -> "ExportRequest":
        """From the API's query; analysts never receive the answers marked sensitive."""
        return cls(form=form, kind=kind, language=query["language"], headers=query["headers"],
                   choices=query["choices"], group_by=query["group_by"] or None,
                   omit_sensitive=query["sensitive"] == "omit" or user.role == Role.ANALYST,
                   filters=ResponseFilter.from_query(query))


PLACES = ("event", "province", "district")


def check_grouping(export: ExportRequest) -> None:
    """Refuse a crosstab grouping that is neither a place nor a top-level select_one question
    of the newest version (``invalid_request``), before any file is written."""
    top_level = {q.name: q for q in definition_of(export.form.current_version).answer_questions()}
    wrong = [name for name in export.group_by or ()
             if name not in PLACES and getattr(top_level.get(name), "type", None) != "select_one"]
    if wrong:
        raise AppError("invalid_request", details={"fields": {"group_by": [
            f"Cannot group by {name!r}: use event, province, district or a select_one question."
            for name in wrong]}})


def count_responses(export: ExportRequest) -> int:
    query = (select(func.count(Response.id))
             .join(FormVersion, Response.form_version_id == FormVersion.id)
             .outerjoin(Event, Response.event_id == Event.id)
             .where(FormVersion.form_id == export.form.id, Response.deleted_at.is_(None)))
    return db.session.scalar(export.filters.apply(query))


def _counted(records: Iterable[ResponseRecord], progress: Callable[[int], None]) -> Iterator[ResponseRecord]:
    for item in records:
        yield item
        progress(1)


def write_export(export: ExportRequest, path: Path, progress: Callable[[int], None] | None = None) -> None:
    """Write ``export`` to ``path``: a complete file or, after any failure, none."""
    versions = [definition_of(v) for v in reversed(export.form.versions)]
    if export.omit_sensitive:
        versions = [version.without_sensitive() for version in versions]
    records = iter_records(export.form.id, export.language, export.filters)
    if progress:
        records = _counted(records, progress)
    options = {"language": export.language, "headers": export.headers, "choice_values": export.choices}
    if export.kind == "workbook":
        workbook_options = ExportOptions(**options, group_by=export.group_by)
        write_atomically(path, lambda temp: write_workbook(versions, lambda: records, temp, workbook_options))
    else:
        writer = write_csv if export.kind == "csv" else write_xlsx
        write_atomically(path, lambda temp: writer(versions, records, temp, **options))


def send_export(export: ExportRequest):
    """Write the export to a private temporary file and send it; the file goes after sending."""
    check_grouping(export)
    export_dir = Path(current_app.config["EXPORT_DIR"])
    export_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{export.form.form_id}.", suffix=f".{export.extension}", dir=export_dir)
    os.close(fd)
    path = Path(name)
    try:
        write_export(export, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    record("export", f"form:{export.form.id}", kind=export.kind, language=export.language)
    response = send_file(path, mimetype=MIMETYPES[export.extension], as_attachment=True,
                         download_name=f"{export.form.form_id}-{export.kind}.{export.extension}")
    response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response
