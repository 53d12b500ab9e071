"""The JSON API, ``/api/v1``, for organisers' and analysts' tools. Every endpoint needs a
bearer token or a signed-in session; without one it answers 401, never data."""
from __future__ import annotations

from flask import Blueprint, jsonify, request
from marshmallow import ValidationError

from ..auth import login_required
from ..errors import AppError
from ..exporting import ExportRequest, send_export
from ..form_versions import get_form
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
