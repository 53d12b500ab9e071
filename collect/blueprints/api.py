"""The JSON API, ``/api/v1``, for organisers' and analysts' tools. Every endpoint needs a
bearer token or a signed-in session; without one it answers 401, never data."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from marshmallow import ValidationError

from ..audit import record
from ..auth import login_required
from ..errors import AppError
from ..exporting import ExportRequest, send_export
from ..form_versions import get_form, publish, read_upload
from ..language import select_language
from ..models import Role
from ..schemas import ExportQuerySchema
from .. import forms_listing

bp = Blueprint("api", __name__, url_prefix="/api/v1")

READERS = (Role.ORGANISER, Role.ANALYST)


@bp.get("/forms")
@login_required(*READERS)
def list_forms():
    """Every form with its versions and response count."""
    return jsonify(forms=forms_listing.summaries())


def _export(form_id: int, kind: str):
    try:
        query = ExportQuerySchema().load_args(request.args)
    except ValidationError as problem:
        raise AppError("invalid_request", details={"fields": problem.messages}) from None
    return send_export(ExportRequest.from_query(get_form(form_id), kind, query))


@bp.post("/forms")
@login_required(Role.ORGANISER)
def import_form():
    """Publish a form from an uploaded XLSForm (.xlsx) or JSON definition (multipart field
    ``file``). 201 with the new version; 200 when that exact version was already published.
    Raises no_file, invalid_form (every problem with sheet, row and column), version_exists."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise AppError("no_file")
    try:
        definition = read_upload(upload.read(), upload.filename)
    except AppError as problem:
        language = select_language()
        for issue in problem.details.get("issues", []):
            issue["message"] = issue["message_lo"] if language == "lo" else issue["message_en"]
        raise
    version, created = publish(definition)
    if created:
        record("publish", f"form:{version.form_id}", version=version.version)
    body = {"id": version.form_id, "form_id": definition.form_id, "version": version.version,
            "created": created}
    return jsonify(body), 201 if created else 200


@bp.get("/forms/<int:form_id>/responses.xlsx")
@login_required(*READERS)
def export_responses(form_id: int):
    """One row per response (and a sheet per repeat) as an Excel workbook. Takes the
    filters of ExportQuerySchema. Raises form_not_found, invalid_request."""
    return _export(form_id, "raw")


@bp.get("/forms/<int:form_id>/export.csv")
@login_required(*READERS)
def export_csv(form_id: int):
    """The raw data as CSV (UTF-8 with BOM, formula-like cells neutralised). Takes the
    filters of ExportQuerySchema. Raises form_not_found, invalid_request."""
    return _export(form_id, "csv")
