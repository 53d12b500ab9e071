"""The JSON API, ``/api/v1``, for organisers' and analysts' tools, documented as OpenAPI
at ``/api/v1/openapi.json`` (flask-smorest). Every endpoint needs a bearer token or a
signed-in session (whose unsafe calls carry the CSRF token); without one it answers 401,
never data. Each view parses with a schema of ``collect/web/schemas``, calls one
service and dumps; what a caller may do in each SWG is the services' to decide, and a
refusal has the one error shape ``{"error": {"code", "message", "details"}}``. Lists that
grow (responses, the audit log) page with a cursor: ``next`` goes back as ``after``.
"""
from __future__ import annotations

from flask import Response, url_for
from flask_smorest import Blueprint

from ..problems import Problem
from ..services import accounts, app_users, audit, events, export_jobs, form_summaries, monitoring, reviews
from ..services.attachments import attachment_of
from ..services.access_codes import codes_of, issue_for, shown
from ..services.links import create_link, link_for, qr_png, qr_svg, state, update_link
from ..services.permissions import Action
from ..services.publishing import UploadedFile, form_for, publish_upload
from ..services.reference import swg_by_code, top_level_swgs
from .attachments import send_attachment, send_zip
from .auth import current_user, login_required
from .downloads import export_from, filters_from, job_body, job_settings, queue, send_export, send_job_file, send_version_file
from .language import select_language
from .schemas.queries import AuditQuerySchema, ExportKindSchema, ExportQuerySchema, ResponseListQuerySchema
from .schemas.resources import (
    AccessCodeListSchema, AppUserSchema, AuditPageSchema, CodesRequestSchema, EventOutSchema, EventSchema,
    EventUpdateSchema, ExportJobSchema, FormListSchema, FormSummarySchema, LinkSchema, LinkUpdateSchema,
    MonitoringSchema, NewTokenOutSchema, NewTokenSchema, NewUserOutSchema, NewUserSchema, PasswordResetSchema,
    PublishedSchema, PublishQuerySchema, ResponsePageSchema, ResponseSchema, ReviewSchema, SwgListSchema,
    TokenListSchema, TokenSchema, UploadSchema, UserListSchema, UserSchema, UserUpdateSchema,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="Forms, events, links, responses, accounts")

BEARER = [{"bearer": []}]


def _with_downloads(summary: dict) -> dict:
    """A form's summary with the addresses of each version's files."""
    for version in summary["versions"]:
        version["definition"] = url_for("api.version_file", form_id=summary["id"], version=version["version"],
                                        kind="json")
        version["xlsform"] = url_for("api.version_file", form_id=summary["id"], version=version["version"],
                                     kind="xlsx")
    return summary


@bp.get("/swgs")
@login_required()
@bp.response(200, SwgListSchema)
@bp.doc(security=BEARER)
def list_swgs():
    """The ten Sector Working Groups of the Round Table Process, each with its sub-groups."""
    return {"swgs": top_level_swgs()}


@bp.get("/forms")
@login_required()
@bp.response(200, FormListSchema)
@bp.doc(security=BEARER)
def list_forms():
    """The forms of the SWGs the caller works in, with their versions, links, response
    counts and last submission."""
    return {"forms": [_with_downloads(s) for s in form_summaries.summaries(current_user(), select_language())]}


@bp.post("/forms")
@login_required()
@bp.arguments(UploadSchema, location="files")
@bp.arguments(PublishQuerySchema, location="query")
@bp.response(201, PublishedSchema)
@bp.alt_response(200, schema=PublishedSchema, description="That exact version was already published")
@bp.doc(security=BEARER)
def import_form(files, query):
    """Publish a form from an XLSForm workbook or a JSON definition; a new form goes into the
    SWG ``swg``. Raises invalid_form (422, every problem with its sheet, row and column, in
    Lao and English), version_exists, form_id_taken (409), swg_required, unknown_swg (400),
    workbook_too_large (413) and forbidden."""
    upload = files["file"]
    source = UploadedFile(upload.filename or "", upload.read())
    media = [UploadedFile(item.filename or "", item.read()) for item in files["media"]]
    language = select_language()
    warnings: list[dict] = []
    try:
        version, created = publish_upload(source, current_user(), query["swg"], media, warnings)
    except Problem as problem:
        for issue in problem.details.get("issues", []):
            issue["message"] = issue["message_lo"] if language == "lo" else issue["message_en"]
        raise
    for issue in warnings:
        issue["message"] = issue["message_lo"] if language == "lo" else issue["message_en"]
    body = {"id": version.form_id, "form_id": version.form.form_id, "version": version.version,
            "swg": version.form.swg.code if version.form.swg else None, "created": created, "warnings": warnings}
    return body, 201 if created else 200


@bp.get("/forms/<int:form_id>")
@login_required()
@bp.response(200, FormSummarySchema)
@bp.doc(security=BEARER)
def get_form(form_id: int):
    """One form with its versions and links. Raises form_not_found."""
    form = form_for(current_user(), form_id)
    return _with_downloads(form_summaries.summaries(current_user(), select_language(), [form])[0])


@bp.get("/forms/<int:form_id>/versions/<version>.<any(json, xlsx):kind>")
@login_required()
@bp.doc(security=BEARER)
def version_file(form_id: int, version: str, kind: str):
    """A version's JSON definition, or the XLSForm it was published from. Raises
    form_not_found, unknown_version."""
    return send_version_file(form_for(current_user(), form_id), version, kind)


@bp.get("/forms/<int:form_id>/monitoring")
@login_required()
@bp.response(200, MonitoringSchema)
@bp.doc(security=BEARER)
def form_monitoring(form_id: int):
    """Responses per day and per event, and per province and district (every one of them,
    with 0 where none came from). Raises form_not_found."""
    return monitoring.overview(form_for(current_user(), form_id), select_language())


@bp.get("/events")
@login_required()
@bp.response(200, EventOutSchema(many=True))
@bp.doc(security=BEARER)
def list_events():
    """The events of the caller's SWGs, newest first."""
    return events.visible_events(current_user())


@bp.post("/events")
@login_required()
@bp.arguments(EventSchema)
@bp.response(201, EventOutSchema)
@bp.doc(security=BEARER)
def create_event(data):
    """Create an event: a consultation, seminar, assessment or meeting, in an SWG. Raises
    invalid_request, unknown_swg, unknown_province, unknown_district, forbidden."""
    return events.create_event(data, current_user())


@bp.get("/events/<int:event_id>")
@login_required()
@bp.response(200, EventOutSchema)
@bp.doc(security=BEARER)
def get_event(event_id: int):
    """One event. Raises event_not_found."""
    return events.get_event(event_id, current_user())


@bp.patch("/events/<int:event_id>")
@login_required()
@bp.arguments(EventUpdateSchema)
@bp.response(200, EventOutSchema)
@bp.doc(security=BEARER)
def change_event(data, event_id: int):
    """Change an event. Raises event_not_found, forbidden, unknown_swg, unknown_province, unknown_district."""
    return events.update_event(event_id, data, current_user())


def _link_body(link) -> dict:
    return {"slug": link.slug, "form_id": link.form_id, "event_id": link.event_id, "is_open": link.is_open,
            "opens_at": link.opens_at, "closes_at": link.closes_at, "access": link.access, "state": state(link)}


@bp.post("/forms/<int:form_id>/links")
@login_required()
@bp.arguments(LinkSchema)
@bp.response(201, LinkSchema)
@bp.doc(security=BEARER)
def add_link(data, form_id: int):
    """Offer a form at an event through a new link, at a readable address of your choice or
    one made up. Raises form_not_found, event_not_found, forbidden, invalid_slug, slug_taken,
    invalid_dates."""
    user = current_user()
    form = form_for(user, form_id, Action.MANAGE)
    event = events.get_event(data["event_id"], user, Action.MANAGE) if data["event_id"] else None
    link = create_link(form, event, user, data["slug"], is_open=data["is_open"], opens_at=data["opens_at"],
                       closes_at=data["closes_at"])
    return _link_body(link)


@bp.get("/links/<slug>")
@login_required()
@bp.response(200, LinkSchema)
@bp.doc(security=BEARER)
def get_link(slug: str):
    """One link and its state. Raises link_not_found."""
    return _link_body(link_for(current_user(), slug))


@bp.patch("/links/<slug>")
@login_required()
@bp.arguments(LinkUpdateSchema)
@bp.response(200, LinkSchema)
@bp.doc(security=BEARER)
def change_link(data, slug: str):
    """Open or close a link, or change when it opens and closes. Raises link_not_found,
    forbidden, invalid_dates."""
    return _link_body(update_link(slug, data, current_user()))


@bp.get("/links/<slug>/qr.<any(svg, png):kind>")
@login_required()
@bp.doc(security=BEARER)
def link_qr(slug: str, kind: str):
    """The link's address as a QR code (SVG or PNG) to print or project. Raises link_not_found."""
    url = url_for("participant.show_form", slug=link_for(current_user(), slug).slug, _external=True)
    image, mimetype = (qr_svg(url), "image/svg+xml") if kind == "svg" else (qr_png(url), "image/png")
    return Response(image, mimetype=mimetype, headers={"Cache-Control": "private, max-age=3600"})


@bp.get("/links/<slug>/codes")
@login_required()
@bp.response(200, AccessCodeListSchema)
@bp.doc(security=BEARER)
def list_codes(slug: str):
    """The link's access codes, each with its use. Raises link_not_found, forbidden."""
    link = link_for(current_user(), slug, Action.MANAGE)
    return {"access": link.access, "codes": [{"code": shown(c.code), "used_at": c.used_at,
                                             "response_uuid": c.response_uuid} for c in codes_of(link)]}


@bp.post("/links/<slug>/codes")
@login_required()
@bp.arguments(CodesRequestSchema)
@bp.response(201, AccessCodeListSchema)
@bp.doc(security=BEARER)
def add_codes(data, slug: str):
    """Issue access codes: the link then asks for one (code_once unless code_editable).
    Answers with the new codes only. Raises link_not_found, forbidden."""
    link = link_for(current_user(), slug, Action.MANAGE)
    access = data["access"].value if data["access"] else None
    made = issue_for(link, data["count"], access, current_user())
    return {"access": link.access, "codes": [{"code": shown(c.code), "used_at": None, "response_uuid": None}
                                             for c in made]}


def _app_user_body(user) -> dict:
    server_url = url_for("openrosa.list_forms", token=user.token, _external=True).removesuffix("/formList")
    return {"id": user.id, "name": user.name, "swg": user.swg.code if user.swg else None, "event_id": user.event_id,
            "server_url": server_url,
            "settings": app_users.collect_settings(user, server_url),
            "qr": url_for("api.app_user_qr", user_id=user.id, _external=True)}


@bp.post("/app-users")
@login_required()
@bp.arguments(AppUserSchema)
@bp.response(201, AppUserSchema)
@bp.doc(security=BEARER)
def create_app_user(data):
    """An account for ODK Collect or KoboCollect devices filling the forms of one SWG's
    events (``swg``) or of one event (``event_id``). Raises invalid_request,
    unknown_swg, event_not_found, forbidden and app_user_exists."""
    user = app_users.create_app_user(data["name"], swg=data["swg"], event_id=data["event_id"],
                                     password=data["password"], actor=current_user())
    return _app_user_body(user)


@bp.get("/app-users/<int:user_id>")
@login_required()
@bp.response(200, AppUserSchema)
@bp.doc(security=BEARER)
def get_app_user(user_id: int):
    """An app user and its settings (the organisers of its SWG). Raises not_found, forbidden."""
    return _app_user_body(app_users.get_app_user(user_id, current_user()))


@bp.get("/app-users/<int:user_id>/qr.png")
@login_required()
@bp.doc(security=BEARER)
def app_user_qr(user_id: int):
    """The QR code ODK Collect scans (Add project, or Reconfigure with QR code) to set itself
    up for this app user. Raises not_found, forbidden."""
    user = app_users.get_app_user(user_id, current_user())
    png = app_users.qr_png(app_users.settings_code(_app_user_body(user)["settings"]))
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


def _describe(form_id: int, kind: str, query: dict):
    return export_from(form_for(current_user(), form_id), kind, query, current_user())


def _export(form_id: int, kind: str, query: dict):
    return send_export(_describe(form_id, kind, query), current_user())


@bp.get("/forms/<int:form_id>/export.xlsx")
@login_required()
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_workbook(query, form_id: int):
    """The analyst workbook: SWG report table, summaries with charts, crosstabs, open
    answers, raw data, repeats and codebook, filtered (202 with a job when it is large).
    Raises form_not_found, invalid_request."""
    return _export(form_id, "workbook", query)


@bp.get("/forms/<int:form_id>/responses.xlsx")
@login_required()
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_responses(query, form_id: int):
    """One row per response (and a sheet per repeat) as an Excel workbook, filtered.
    Raises form_not_found, invalid_request."""
    return _export(form_id, "raw", query)


@bp.get("/forms/<int:form_id>/export.csv")
@login_required()
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_csv(query, form_id: int):
    """The raw data as CSV (UTF-8 with BOM, formula-like cells neutralised), filtered.
    Raises form_not_found, invalid_request."""
    return _export(form_id, "csv", query)


@bp.get("/forms/<int:form_id>/responses/<uuid>/attachments/<path:path>")
@login_required()
@bp.doc(security=BEARER)
def get_attachment(form_id: int, uuid: str, path: str):
    """The file a response sent for the question at ``path`` (``photo``, or
    ``visits[2]/photo`` in a repeat), as received; the exports give this address beside
    each file's name. Raises form_not_found, response_not_found, attachment_not_found
    (also for a question marked sensitive, to analysts)."""
    return send_attachment(attachment_of(form_for(current_user(), form_id), current_user(), uuid, path))


@bp.get("/forms/<int:form_id>/attachments.zip")
@login_required()
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_attachments(query, form_id: int):
    """Every file sent with the form's responses, filtered as the exports are, in a ZIP:
    ``<response uuid>/<answer path>/<file name>``; files of questions marked sensitive are
    left out for analysts (and with ``sensitive=omit``). Raises form_not_found."""
    return send_zip(form_for(current_user(), form_id), current_user(), query)


@bp.get("/forms/<int:form_id>/export.zip")
@login_required()
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_zip(query, form_id: int):
    """Every table as CSV in one ZIP: ``<form>.csv`` (one row per response) and
    ``<form>-<repeat>.csv`` per repeat, joined by KEY and PARENT_KEY, filtered.
    Raises form_not_found, invalid_request."""
    return _export(form_id, "zip", query)


@bp.get("/forms/<int:form_id>/export.<any(sav, dta):kind>")
@login_required()
@bp.arguments(ExportQuerySchema, location="query")
@bp.doc(security=BEARER)
def export_statistics(query, form_id: int, kind: str):
    """The main table (or the repeat ``table``) as SPSS (.sav) or Stata (.dta), with the
    questions' labels as variable labels and the choices' as value labels, filtered.
    Raises form_not_found, invalid_request."""
    return _export(form_id, kind, query)


@bp.get("/forms/<int:form_id>/responses")
@login_required()
@bp.arguments(ResponseListQuerySchema, location="query")
@bp.response(200, ResponsePageSchema)
@bp.doc(security=BEARER)
def list_form_responses(query, form_id: int):
    """A page of the form's responses, newest first, with the export filters; ``after`` is
    the ``next`` of the previous page. Raises form_not_found."""
    return reviews.page(form_for(current_user(), form_id), current_user(), filters_from(query), query["after"],
                        query["per_page"], omit_sensitive=query["sensitive"] == "omit", with_total=query["total"])


@bp.get("/responses/<uuid>")
@login_required()
@bp.response(200, ResponseSchema)
@bp.doc(security=BEARER)
def get_response(uuid: str):
    """One response with its reviews. Raises response_not_found."""
    return reviews.one(uuid, current_user())


@bp.patch("/responses/<uuid>")
@login_required()
@bp.arguments(ReviewSchema)
@bp.response(200, ResponseSchema)
@bp.doc(security=BEARER)
def review_response(data, uuid: str):
    """Approve or reject a response (or set it back to submitted), with a comment; organisers
    only. Raises response_not_found, forbidden."""
    return reviews.review(uuid, data["status"], data["comment"], current_user())


@bp.delete("/responses/<uuid>")
@login_required()
@bp.response(204)
@bp.doc(security=BEARER)
def delete_response(uuid: str):
    """Remove a response from listings and exports (soft deletion, audited). Raises
    response_not_found, forbidden."""
    reviews.soft_delete(uuid, current_user())


@bp.post("/responses/<uuid>/restore")
@login_required()
@bp.response(200, ResponseSchema)
@bp.doc(security=BEARER)
def restore_response(uuid: str):
    """Bring a deleted response back. Raises response_not_found, forbidden."""
    return reviews.restore(uuid, current_user())


@bp.post("/forms/<int:form_id>/exports")
@login_required()
@bp.arguments(ExportKindSchema, location="query")
@bp.response(202, ExportJobSchema)
@bp.doc(security=BEARER)
def queue_export(query, form_id: int):
    """Queue an export in the background (for large forms); poll the job, then download.
    ``kind`` is workbook, raw, csv, zip, sav or dta; the filters are those of the direct exports.
    Raises form_not_found, invalid_request."""
    body, _, headers = queue(_describe(form_id, query["kind"], query), current_user())
    return body, 202, headers


@bp.get("/exports/<job_id>")
@login_required()
@bp.response(200, ExportJobSchema)
@bp.doc(security=BEARER)
def export_status(job_id: str):
    """How far a background export is. Raises export_not_found."""
    return job_body(job_id, export_jobs.job_status(job_settings(), job_id, current_user()))


@bp.get("/exports/<job_id>/file")
@login_required()
@bp.doc(security=BEARER)
def download_export(job_id: str):
    """The finished file of a background export. Raises export_not_found, export_not_ready."""
    return send_job_file(job_id, current_user())


@bp.get("/users")
@login_required(admin=True)
@bp.response(200, UserListSchema)
@bp.doc(security=BEARER)
def list_users():
    """Every account with its roles (admins only)."""
    return {"users": accounts.all_users(current_user())}


@bp.post("/users")
@login_required(admin=True)
@bp.arguments(NewUserSchema)
@bp.response(201, NewUserOutSchema)
@bp.doc(security=BEARER)
def create_user(data):
    """Create an account with its roles in the SWGs; without a password one is made up and
    shown this once. Raises invalid_email, email_taken, weak_password, unknown_swg."""
    password = data["password"] or accounts.new_password()
    user = accounts.create_user(data["email"], data["role"], password, data["name"], actor=current_user(),
                                swgs=tuple((m["swg"], m["role"]) for m in data["swgs"]))
    user.language = data["language"]
    user.password = None if data["password"] else password  # shown this once, never stored
    return user


@bp.patch("/users/<int:user_id>")
@login_required(admin=True)
@bp.arguments(UserUpdateSchema)
@bp.response(200, UserSchema)
@bp.doc(security=BEARER)
def change_user(data, user_id: int):
    """Rename an account, change its roles, deactivate or reactivate it. Raises user_not_found."""
    return accounts.update_user(user_id, data, current_user())


@bp.post("/users/<int:user_id>/password")
@login_required(admin=True)
@bp.response(200, PasswordResetSchema)
@bp.doc(security=BEARER)
def reset_password(user_id: int):
    """Give an account a new random password (shown this once); its sessions end."""
    return {"password": accounts.reset_password(user_id, current_user())}


@bp.get("/me/tokens")
@login_required()
@bp.response(200, TokenListSchema)
@bp.doc(security=BEARER)
def my_tokens():
    """The caller's API tokens with their last use (never the tokens themselves)."""
    return {"tokens": accounts.tokens_of(current_user(), current_user())}


@bp.post("/me/tokens")
@login_required()
@bp.arguments(NewTokenSchema)
@bp.response(201, NewTokenOutSchema)
@bp.doc(security=BEARER)
def new_token(data):
    """A new API token for the caller, shown this once."""
    token, row = accounts.issue_token_row(current_user(), data["name"], data["expires_at"], current_user())
    row.token = token  # shown this once, never stored
    return row


@bp.delete("/tokens/<int:token_id>")
@login_required()
@bp.response(200, TokenSchema)
@bp.doc(security=BEARER)
def revoke_token(token_id: int):
    """Revoke a token (one's own; admins anyone's). Raises token_not_found."""
    return accounts.revoke_token(token_id, current_user())


@bp.get("/audit")
@login_required()
@bp.arguments(AuditQuerySchema, location="query")
@bp.response(200, AuditPageSchema)
@bp.doc(security=BEARER)
def audit_log(query):
    """Who signed in, published, changed a link, reviewed, deleted or exported, newest first:
    all of it for admins, their SWGs' for organisers. Raises forbidden, unknown_swg."""
    swg = swg_by_code(query["swg"]) if query["swg"] else None
    if query["swg"] and swg is None:
        raise Problem("unknown_swg", swg=query["swg"])
    found, after = audit.entries(current_user(), action=query["action"], user_id=query["user"],
                                 swg_id=swg.id if swg else None, day_from=query["date_from"],
                                 day_to=query["date_to"], before=query["before"], size=query["per_page"])
    return {"entries": found, "next": after}
