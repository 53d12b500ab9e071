"""The JSON API, ``/api/v1``, for organisers' and analysts' tools, documented as OpenAPI
at ``/api/v1/openapi.json`` (flask-smorest). Every endpoint needs a bearer token or a
signed-in session; without one it answers 401, never data. Request data is parsed only by
the schemas in ``collect/web/schemas.py``; each view calls one service."""
from __future__ import annotations

from flask import Response, url_for
from flask_smorest import Blueprint

from ..problems import Problem
from ..services import app_users, events, export_jobs, form_summaries, reviews
from ..services.audit import record
from ..services.exporting import describe
from ..services.links import create_link, find_link, qr_svg
from ..services.publishing import UploadedFile, get_form, publish_upload
from ..store.models import Role
from .auth import current_user, login_required
from .downloads import filters_from, job_body, queue, send_export, send_job_file
from .language import select_language
from .schemas import (AppUserSchema, EventSchema, ExportJobSchema, ExportKindSchema, ExportQuerySchema, FormListSchema,
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
    return {"forms": form_summaries.summaries(select_language())}


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
        version, created = publish_upload(source, current_user(), media, warnings)
    except Problem as problem:
        for issue in problem.details.get("issues", []):
            issue["message"] = issue["message_lo"] if language == "lo" else issue["message_en"]
        raise
    for issue in warnings:
        issue["message"] = issue["message_lo"] if language == "lo" else issue["message_en"]
    body = {"id": version.form_id, "form_id": version.form.form_id, "version": version.version,
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
    record("create_event", f"event:{event.id}", current_user())
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
    record("create_link", f"link:{link.slug}", current_user())
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
    record("update_link", f"link:{slug}", current_user(), **{k: str(v) for k, v in data.items()})
    return link


@bp.get("/links/<slug>/qr.svg")
@login_required(*READERS)
@bp.doc(security=BEARER)
def link_qr(slug: str):
    """The link as a QR code (SVG) to print on the agenda or project on the wall."""
    svg = qr_svg(url_for("participant.show_form", slug=find_link(slug).slug, _external=True))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=3600"})


def _app_user_body(user) -> dict:
    server_url = url_for("openrosa.list_forms", token=user.token, _external=True).removesuffix("/formList")
    return {"id": user.id, "name": user.name, "swg": user.swg, "event_id": user.event_id, "server_url": server_url,
            "settings": app_users.collect_settings(user, server_url),
            "qr": url_for("api.app_user_qr", user_id=user.id, _external=True)}


@bp.post("/app-users")
@login_required(Role.ORGANISER)
@bp.arguments(AppUserSchema)
@bp.response(201, AppUserSchema)
@bp.doc(security=BEARER)
def create_app_user(data):
    """An account for ODK Collect or KoboCollect devices filling the forms of one SWG's
    events (``swg``) or of one event (``event_id``). Raises invalid_request,
    event_not_found and app_user_exists."""
    user = app_users.create_app_user(data["name"], swg=data["swg"], event_id=data["event_id"],
                                     password=data["password"], actor=current_user())
    return _app_user_body(user)


@bp.get("/app-users/<int:user_id>")
@login_required(Role.ORGANISER)
@bp.response(200, AppUserSchema)
@bp.doc(security=BEARER)
def get_app_user(user_id: int):
    """An app user and its settings. Raises not_found."""
    return _app_user_body(app_users.get_app_user(user_id))


@bp.get("/app-users/<int:user_id>/qr.png")
@login_required(Role.ORGANISER)
@bp.doc(security=BEARER)
def app_user_qr(user_id: int):
    """The QR code ODK Collect scans (Add project, or Reconfigure with QR code) to set itself
    up for this app user. Raises not_found."""
    user = app_users.get_app_user(user_id)
    png = app_users.qr_png(app_users.settings_code(_app_user_body(user)["settings"]))
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


def _describe(form_id: int, kind: str, query: dict):
    return describe(get_form(form_id), kind, language=query["language"], headers=query["headers"],
                    choices=query["choices"], group_by=query["group_by"],
                    omit_sensitive=query["sensitive"] == "omit", filters=filters_from(query),
                    reader=current_user())


def _export(form_id: int, kind: str, query: dict):
    return send_export(_describe(form_id, kind, query), current_user())


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
    """A page of the form's responses, newest first, with the export filters; ``after`` is
    the ``next`` of the previous page. Raises form_not_found."""
    return reviews.page(get_form(form_id), current_user(), filters_from(query), query["after"],
                        query["per_page"], omit_sensitive=query["sensitive"] == "omit",
                        with_total=query["total"])


@bp.patch("/responses/<uuid>")
@login_required(*READERS)
@bp.arguments(ReviewSchema)
@bp.response(200, ResponseSchema)
@bp.doc(security=BEARER)
def review_response(data, uuid: str):
    """Approve or reject a response (or set it back to submitted). Raises response_not_found."""
    return reviews.review(uuid, data["status"], current_user())


@bp.delete("/responses/<uuid>")
@login_required(Role.ORGANISER)
@bp.response(204)
@bp.doc(security=BEARER)
def delete_response(uuid: str):
    """Remove a response from listings and exports (soft deletion, audited). Raises response_not_found."""
    reviews.soft_delete(uuid, current_user())


@bp.post("/forms/<int:form_id>/exports")
@login_required(*READERS)
@bp.arguments(ExportKindSchema, location="query")
@bp.response(202, ExportJobSchema)
@bp.doc(security=BEARER)
def queue_export(query, form_id: int):
    """Queue an export in the background (for large forms); poll the job, then download.
    ``kind`` is workbook, raw or csv; the filters are those of the direct exports.
    Raises form_not_found, invalid_request."""
    body, _, headers = queue(_describe(form_id, query["kind"], query), current_user())
    return body, 202, headers


@bp.get("/exports/<job_id>")
@login_required(*READERS)
@bp.response(200, ExportJobSchema)
@bp.doc(security=BEARER)
def export_status(job_id: str):
    """How far a background export is. Raises export_not_found."""
    return job_body(job_id, export_jobs.job_status(job_id, current_user()))


@bp.get("/exports/<job_id>/file")
@login_required(*READERS)
@bp.doc(security=BEARER)
def download_export(job_id: str):
    """The finished file of a background export. Raises export_not_found, export_not_ready."""
    return send_job_file(job_id, current_user())
