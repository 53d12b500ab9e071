"""Sending exports: a direct download when it is quick, a background job when it is not.

A direct export is written while the request waits; above ``DIRECT_EXPORT_MAX_RESPONSES``
responses it could run into the worker's timeout, so the endpoint hands the very same
export description to the background worker instead and answers 202 with the job (and
its address in ``Location``), as ``POST /forms/<id>/exports`` does.
"""
from __future__ import annotations

import io
import json
import uuid
from pathlib import Path

from flask import Response, current_app, jsonify, send_file, url_for

from forms.schema import dump_definition

from ..problems import Problem
from ..services import export_jobs
from ..services.publishing import find_version
from ..store.form_versions import definition_of
from ..store.models import Form
from ..services.exporting import ExportDescription, count_responses, describe, download_name, write_export
from ..store.responses import ResponseFilter

MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
}


def filters_from(query: dict) -> ResponseFilter:
    """The response filter of an export or listing query (ExportQuerySchema)."""
    return ResponseFilter(events=tuple(query["event"]), date_from=query["date_from"], date_to=query["date_to"],
                          statuses=tuple(query["status"]), provinces=tuple(query["province"]),
                          districts=tuple(query["district"]), versions=tuple(query["version"]))


def export_from(form: Form, kind: str, query: dict, reader) -> ExportDescription:
    """The export of ``form`` that ``query`` (an export query's fields) asks for ``reader``,
    on this app's clock, with the download addresses of its files. Raises as ``describe``."""
    return describe(form, kind, language=query["language"], headers=query["headers"], choices=query["choices"],
                    group_by=query["group_by"], omit_sensitive=query["sensitive"] == "omit",
                    filters=filters_from(query), table=query["table"], reader=reader,
                    attachment_base=url_for("api.list_form_responses", form_id=form.id, _external=True),
                    time_zone=current_app.config["TIME_ZONE"])


def job_body(job_id: str, status: dict) -> dict:
    """A job's status as the API shows it, with the download address once it is finished."""
    if status["status"] == "finished":
        status = {**status, "download": url_for("api.download_export", job_id=job_id)}
    return status


def job_settings() -> export_jobs.JobSettings:
    """Where this app's background exports run, from its configuration."""
    return export_jobs.JobSettings.from_config(current_app.config)


def queue(export: ExportDescription, reader) -> tuple:
    settings = job_settings()
    job = export_jobs.start_export(settings, export)
    body = job_body(job.id, export_jobs.job_status(settings, job.id, reader))
    return body, 202, {"Location": url_for("api.export_status", job_id=job.id)}


def send_export(export: ExportDescription, reader):
    """The export as a file to download, or (when large) a queued job."""
    if count_responses(export) > current_app.config["DIRECT_EXPORT_MAX_RESPONSES"]:
        body, status, headers = queue(export, reader)
        return jsonify(body), status, headers
    export_dir = Path(current_app.config["EXPORT_DIR"])
    export_dir.mkdir(parents=True, exist_ok=True)
    path = export_dir / f"{uuid.uuid4().hex}.{export.extension}"
    write_export(export, path)
    response = send_file(path, mimetype=MIMETYPES[export.extension], as_attachment=True,
                         download_name=download_name(export))
    response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response


def send_job_file(job_id: str, reader):
    path, extension = export_jobs.job_file(job_settings(), job_id, reader)
    return send_file(path, mimetype=MIMETYPES[extension], as_attachment=True,
                     download_name=f"export-{job_id}.{extension}")


def send_version_file(form: Form, version: str, kind: str):
    """A form version's JSON definition, or the XLSForm it was published from, exactly as
    uploaded (forms published as JSON, or before workbooks were kept, have none:
    version_file_not_found)."""
    found = find_version(form, version)
    if kind == "json":
        body = json.dumps(dump_definition(definition_of(found)), ensure_ascii=False, indent=2)
        return Response(body, mimetype="application/json", headers={
            "Content-Disposition": f'attachment; filename="{form.form_id}-{found.version}.json"'})
    workbook = found.file("xlsform")
    if workbook is None:
        raise Problem("version_file_not_found", version=version)
    return send_file(io.BytesIO(workbook.data), mimetype=workbook.content_type, as_attachment=True,
                     download_name=workbook.filename)


def send_version_media(form: Form, version: str, filename: str):
    """One media file published with a form version (for the preview of that version)."""
    found = find_version(form, version).file("media", filename)
    if found is None:
        raise Problem("not_found")
    return Response(found.data, mimetype=found.content_type, headers={"Cache-Control": "private, max-age=3600"})
