"""The JSON API, ``/api/v1``, for organisers' and analysts' tools, documented as OpenAPI
at ``/api/v1/openapi.json`` (flask-smorest). Every endpoint needs a bearer token or a
signed-in session; without one it answers 401, never data. Request data is parsed only by
the schemas in ``collect/schemas.py``."""
from __future__ import annotations

from flask import send_file
from flask_smorest import Blueprint

from .. import events, forms_listing, jobs, responses
from ..audit import record
from ..auth import current_user, login_required
from ..errors import AppError
from ..exporting import MIMETYPES, ExportRequest, send_export
from ..form_versions import UploadedFile, get_form, publish, read_upload
from ..language import select_language
from ..links import create_link, find_link, qr_code
from ..models import Role
from ..responses import ResponseFilter
from ..schemas import (EventSchema, ExportJobSchema, ExportKindSchema, ExportQuerySchema, FormListSchema,
                       LinkSchema, LinkUpdateSchema, PublishedSchema, ResponseListQuerySchema,
                       ResponsePageSchema, ResponseSchema, ReviewSchema, UploadSchema)

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Forms, events, links and exports")

READERS = (Role.ORGANISER, Role.ANALYST)
BEARER = [{"bearer": []}]


@bp.get("/forms")
@login_required(*READERS)
@bp.response(200, FormListSchema)
@bp.doc(security=BEARER)
def list_forms():
    """Every form with its versions, links and response count."""
    return {"forms": forms_listing.summaries(select_language())}


@bp.post("/forms")
@login_required(Role.ORGANISER)
@bp.arguments(UploadSchema, location="files")
@bp.response(201, PublishedSchema)
@bp.alt_response(200, schema=PublishedSchema, description="That exact version was already published")
@bp.doc(security=BEARER)
def import_form(files):
    """Publish a form from an XLSForm workbook or a JSON definition.

    Raises invalid_form (422, every problem with its sheet, row and column, in Lao and
    English) and version_exists (409: an edited form needs a new version)."""
    upload = files["file"]
    source = UploadedFile(upload.filename or "", upload.read())
    media = [UploadedFile(item.filename or "", item.read()) for item in files["media"]]
    language = select_language()
    warnings: list[dict] = []
    try:
        definition = read_upload(source.data, source.filename, media, warnings)
    except AppError as problem:
        for issue in problem.details.get("issues", []):
            issue["message"] = issue["message_lo"] if language == "lo" else issue["message_en"]
        raise
    version, created = publish(definition, source, media)
    if created:
        record("publish", f"form:{version.form_id}", version=version.version)
    for issue in warnings:
        issue["message"] = issue["message_lo"] if language == "lo" else issue["message_en"]
    body = {"id": version.form_id, "form_id": definition.form_id, "version": version.version,
            "created": created, "warnings": warnings}
    return body, 201 if created else 200


@bp.get("/events")
@login_required(*READERS)
@bp.response(200, EventSchema(many=True))
@bp.doc(security=BEARER)
def list_events():
    """Every event, newest first."""
    return events.all_events()


@bp.post("/events")
@login_required(Role.ORGANISER)
@bp.arguments(EventSchema)
@bp.response(201, EventSchema)
@bp.doc(security=BEARER)
def create_event(data):
    """Create an event: a consultation, seminar, assessment or meeting. Raises invalid_request."""
    event = events.create_event(data)
    record("create_event", f"event:{event.id}")
    return event


@bp.post("/forms/<int:form_id>/links")
@login_required(Role.ORGANISER)
@bp.arguments(LinkSchema)
@bp.response(201, LinkSchema)
@bp.doc(security=BEARER)
def add_link(data, form_id: int):
    """Offer a form at an event through a new unguessable link. Raises form_not_found, event_not_found."""
    link = create_link(get_form(form_id), events.get_event(data["event_id"]) if data["event_id"] else None,
                       is_open=data["is_open"], opens_at=data["opens_at"], closes_at=data["closes_at"])
    record("create_link", f"link:{link.slug}")
    return link


@bp.patch("/links/<slug>")
@login_required(Role.ORGANISER)
@bp.arguments(LinkUpdateSchema)
@bp.response(200, LinkSchema)
@bp.doc(security=BEARER)
def update_link(data, slug: str):
    """Open or close a link, or change when it opens and closes. Raises link_not_found."""
    link = find_link(slug)
    for name, value in data.items():
        setattr(link, name, value)
    record("update_link", f"link:{slug}", **{k: str(v) for k, v in data.items()})
    return link


@bp.get("/links/<slug>/qr.svg")
@login_required(*READERS)
@bp.doc(security=BEARER)
def link_qr(slug: str):
    """The link as a QR code (SVG) to print on the agenda or project on the wall."""
    return qr_code(find_link(slug))


def _export(form_id: int, kind: str, query: dict):
    return send_export(ExportRequest.from_query(get_form(form_id), kind, query, current_user()))


@bp.get("/forms/<int:form_id>/export.xlsx")
@login_required(*READERS)
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_workbook(query, form_id: int):
    """The analyst workbook: SWG report table, summaries with charts, crosstabs, open
    answers, raw data, repeats and codebook, filtered. Raises form_not_found, invalid_request."""
    return _export(form_id, "workbook", query)


@bp.get("/forms/<int:form_id>/responses.xlsx")
@login_required(*READERS)
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_responses(query, form_id: int):
    """One row per response (and a sheet per repeat) as an Excel workbook, filtered.
    Raises form_not_found, invalid_request."""
    return _export(form_id, "raw", query)


@bp.get("/forms/<int:form_id>/export.csv")
@login_required(*READERS)
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_csv(query, form_id: int):
    """The raw data as CSV (UTF-8 with BOM, formula-like cells neutralised), filtered.
    Raises form_not_found, invalid_request."""
    return _export(form_id, "csv", query)


@bp.get("/forms/<int:form_id>/responses")
@login_required(*READERS)
@bp.arguments(ResponseListQuerySchema, location="query")
@bp.response(200, ResponsePageSchema)
@bp.doc(security=BEARER)
def list_form_responses(query, form_id: int):
    """A page of the form's responses, newest first, with the export filters. Raises form_not_found."""
    form = get_form(form_id)
    rows, total = responses.list_responses(form.id, ResponseFilter.from_query(query), query["page"],
                                           query["per_page"])
    hidden = (responses.sensitive_names(form)
              if current_user().role == Role.ANALYST or query["sensitive"] == "omit" else set())
    return {"total": total, "page": query["page"], "per_page": query["per_page"],
            "responses": responses.as_mappings(rows, hidden)}


@bp.patch("/responses/<uuid>")
@login_required(*READERS)
@bp.arguments(ReviewSchema)
@bp.response(200, ResponseSchema)
@bp.doc(security=BEARER)
def review_response(data, uuid: str):
    """Approve or reject a response (or set it back to submitted). Raises response_not_found."""
    response = responses.get_response(uuid)
    responses.review(response, data["status"])
    record("review", f"response:{uuid}", status=data["status"])
    hidden = responses.sensitive_names(response.form_version.form) if current_user().role == Role.ANALYST else set()
    return responses.as_mappings([response], hidden)[0]


@bp.delete("/responses/<uuid>")
@login_required(Role.ORGANISER)
@bp.response(204)
@bp.doc(security=BEARER)
def delete_response(uuid: str):
    """Remove a response from listings and exports (soft deletion, audited). Raises response_not_found."""
    responses.soft_delete(responses.get_response(uuid))
    record("delete", f"response:{uuid}")


@bp.post("/forms/<int:form_id>/exports")
@login_required(*READERS)
@bp.arguments(ExportKindSchema, location="query")
@bp.response(202, ExportJobSchema)
@bp.doc(security=BEARER)
def queue_export(query, form_id: int):
    """Queue an export in the background (for large forms); poll the job, then download.
    ``kind`` is workbook, raw or csv; the filters are those of the direct exports.
    Raises form_not_found, invalid_request."""
    export = ExportRequest.from_query(get_form(form_id), query["kind"], query, current_user())
    job = jobs.start_export(export, current_user())
    return jobs.job_status(job.id, current_user())


@bp.get("/exports/<job_id>")
@login_required(*READERS)
@bp.response(200, ExportJobSchema)
@bp.doc(security=BEARER)
def export_status(job_id: str):
    """How far a background export is. Raises export_not_found."""
    return jobs.job_status(job_id, current_user())


@bp.get("/exports/<job_id>/file")
@login_required(*READERS)
@bp.doc(security=BEARER)
def download_export(job_id: str):
    """The finished file of a background export. Raises export_not_found, export_not_ready."""
    path, extension = jobs.job_file(job_id, current_user())
    return send_file(path, mimetype=MIMETYPES[extension], as_attachment=True,
                     download_name=f"export-{job_id}.{extension}")
