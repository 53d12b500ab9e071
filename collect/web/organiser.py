"""Organiser and analyst pages: sign in; see forms, links and how many responses arrived;
publish an XLSForm; set up an event with its link and QR code; open and close links;
download exports. Signed-in sessions are protected against cross-site posts by a
per-session token. The pages call the same service functions as the JSON API."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from ..problems import Problem
from ..services import form_summaries
from ..services.accounts import check_password
from ..services.audit import record
from ..services.events import create_event
from ..services.links import create_link, find_link
from ..services.publishing import UploadedFile, get_form, publish_upload
from ..services.reference import all_provinces
from ..store.models import Role
from .auth import current_user, login_required
from .language import select_language
from .schemas import LoginSchema, NewLinkSchema
from .security import check_csrf, csrf_token

bp = Blueprint("organiser", __name__)


def _check_csrf() -> None:
    check_csrf(request.form.get("csrf"))


@bp.get("/")
def index():
    return redirect(url_for("organiser.dashboard" if current_user() else "organiser.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign-in page; a wrong e-mail or password shows the page again with a message (401)."""
    error = None
    if request.method == "POST":
        _check_csrf()
        try:
            data = LoginSchema().load(request.form)
        except ValidationError:
            data = None
        user = check_password(data["email"], data["password"]) if data else None
        if user:
            session.clear()
            session["user_id"] = user.id
            target = data["next"] if data["next"].startswith("/") and not data["next"].startswith("//") else None
            return redirect(target or url_for("organiser.dashboard"))
        error = True
    page = render_template("organiser/login.html", error=error, csrf=csrf_token(),
                           next=request.args.get("next", ""))
    return page, 401 if error else 200


@bp.post("/logout")
def logout():
    _check_csrf()
    session.clear()
    return redirect(url_for("organiser.login"))


@bp.get("/dashboard")
@login_required(Role.ORGANISER, Role.ANALYST)
def dashboard():
    language = select_language()
    return render_template("organiser/dashboard.html", forms=form_summaries.summaries(language),
                           user=current_user(), csrf=csrf_token(), provinces=all_provinces(),
                           can_edit=current_user().role in (Role.ORGANISER, Role.ADMIN),
                           language=language)


@bp.post("/dashboard/forms")
@login_required(Role.ORGANISER)
def publish_form():
    """Publish an uploaded XLSForm; its problems, if any, are listed on the dashboard."""
    _check_csrf()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose an XLSForm file first."), "error")
        return redirect(url_for("organiser.dashboard"))
    source = UploadedFile(upload.filename, upload.read())
    media = [UploadedFile(item.filename, item.read())
             for item in request.files.getlist("media") if item.filename]
    warnings: list[dict] = []
    try:
        version, created = publish_upload(source, current_user(), media, warnings)
    except Problem as problem:
        flash(problem.message(select_language()), "error")
        for issue in problem.details.get("issues", []):
            flash(_issue_text(issue), "error")
        return redirect(url_for("organiser.dashboard"))
    for issue in warnings:
        flash(_issue_text(issue), "warning")
    flash(_("Form %(form)s version %(version)s is published.", form=version.form.form_id,
            version=version.version) if created else _("This version was already published."), "info")
    return redirect(url_for("organiser.dashboard"))


@bp.post("/dashboard/forms/<int:form_id>/links")
@login_required(Role.ORGANISER)
def add_link(form_id: int):
    """Set up an event and offer the form there through a new link."""
    _check_csrf()
    try:
        data = NewLinkSchema().load(request.form)
        event = create_event(data)
    except ValidationError as problem:
        flash(_("The event needs: %(fields)s", fields=", ".join(sorted(problem.messages))), "error")
        return redirect(url_for("organiser.dashboard"))
    except Problem as problem:
        flash(problem.message(select_language()), "error")
        return redirect(url_for("organiser.dashboard"))
    link = create_link(get_form(form_id), event)
    record("create_link", f"link:{link.slug}", current_user(), event=event.id)
    flash(_("New link: %(url)s", url=url_for("participant.show_form", slug=link.slug, _external=True)), "info")
    return redirect(url_for("organiser.dashboard"))


@bp.post("/dashboard/links/<slug>/toggle")
@login_required(Role.ORGANISER)
def toggle_link(slug: str):
    """Close an open link or open a closed one."""
    _check_csrf()
    link = find_link(slug)
    link.is_open = not link.is_open
    record("update_link", f"link:{slug}", current_user(), is_open=str(link.is_open))
    return redirect(url_for("organiser.dashboard"))


def _issue_text(issue: dict) -> str:
    where = ", ".join(str(part) for part in (issue["sheet"], issue["row"] and f"row {issue['row']}",
                                             issue["column"]) if part)
    message = issue["message_lo"] if select_language() == "lo" else issue["message_en"]
    return f"[{where}] {message}" if where else message
