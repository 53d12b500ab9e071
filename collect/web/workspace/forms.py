"""The forms of each SWG, one form's page (versions, links, publishing a new version, a new
link), and the preview: the participant's page of any version in either language, whose
answers are checked exactly as a real submission's and never stored."""
from __future__ import annotations

import functools

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from marshmallow import ValidationError

from forms.validation import validate_submission

from ...problems import Problem
from ...services import events as event_service
from ...services import form_summaries
from ...services.links import create_link
from ...services.permissions import Action, managed_swgs, may
from ...services.publishing import UploadedFile, find_version, form_for, publish_upload
from ...services.reference import all_provinces, districts_by_province, top_level_swgs
from ...services.submissions import Submission, check_limits
from ...store.form_versions import definition_of
from ..auth import current_user, login_required
from ..downloads import send_version_media
from ..form_posts import answers_from_form, resize_repeat
from ..language import select_language
from ..participant import participant_page
from ..schemas.resources import EventSchema, LinkSchema
from . import bp, page


def _issue_lines(issues: list[dict]) -> list[str]:
    """Every problem of a refused workbook (or warning of a published one), with its
    sheet, row and column."""
    language = select_language()
    lines = []
    for issue in issues:
        where = ", ".join(str(part) for part in (issue["sheet"], issue["row"] and _("row %(n)s", n=issue["row"]),
                                                 issue["column"]) if part)
        message = issue["message_lo"] if language == "lo" else issue["message_en"]
        lines.append(f"{where}: {message}" if where else message)
    return lines


def _publish(swg_code: str | None):
    """Publish the uploaded file; flash what happened. Returns the form's id or None."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose an XLSForm file first."), "error")
        return None
    media = [UploadedFile(item.filename, item.read()) for item in request.files.getlist("media") if item.filename]
    warnings: list[dict] = []
    try:
        version, created = publish_upload(UploadedFile(upload.filename, upload.read()), current_user(), swg_code,
                                          media, warnings)
    except Problem as problem:
        lines = _issue_lines(problem.details.get("issues", []))
        flash(ngettext("The form cannot be published: %(num)s problem to fix.",
                       "The form cannot be published: %(num)s problems to fix.", len(lines))
              if lines else problem.message(select_language()), "error")
        for line in lines:
            flash(line, "error")
        return None
    flash(_("Form %(form)s version %(version)s is published.", form=version.form.form_id, version=version.version)
          if created else _("This version was already published."), "info")
    for line in _issue_lines(warnings):
        flash(line, "warning")
    return version.form_id


@bp.get("/forms")
@login_required()
def forms():
    """The forms of each SWG the user works in (an admin: every SWG, side by side)."""
    user = current_user()
    summaries = form_summaries.summaries(user, select_language())
    spaces = []
    for swg in top_level_swgs():
        in_space = [s for s in summaries if s["swg"] == swg.code]
        if in_space or may(user, Action.MANAGE, swg):
            spaces.append({"swg": swg, "forms": in_space, "manage": may(user, Action.MANAGE, swg)})
    elsewhere = [s for s in summaries if s["swg"] is None]
    return page("workspace/forms.html", section="workspace.forms", spaces=spaces, elsewhere=elsewhere,
                publish_to=managed_swgs(user, top_level_swgs()))


@bp.post("/forms")
@login_required()
def publish_form():
    """Publish a new form (or a new version of one) into the SWG chosen; every problem of a
    refused workbook is listed."""
    form_id = _publish(request.form.get("swg") or None)
    return redirect(url_for("workspace.form", form_id=form_id) if form_id else url_for("workspace.forms"))


@bp.get("/forms/<int:form_id>")
@login_required()
def form(form_id: int):
    """A form: its versions and their files, its links, a new version, a new link."""
    user = current_user()
    found = form_for(user, form_id)
    summary = form_summaries.summaries(user, select_language(), [found])[0]
    events = [e for e in event_service.visible_events(user) if e.swg_id == found.swg_id]
    return page("workspace/form.html", section="workspace.forms", form=found, summary=summary, events=events,
                manage=may(user, Action.MANAGE, found.swg), provinces=all_provinces(),
                districts=districts_by_province(), swg=found.swg)


@bp.post("/forms/<int:form_id>/versions")
@login_required()
def publish_version(form_id: int):
    found = form_for(current_user(), form_id, Action.MANAGE)
    _publish(found.swg.code if found.swg else None)
    return redirect(url_for("workspace.form", form_id=form_id))


@bp.post("/forms/<int:form_id>/links")
@login_required()
def add_link(form_id: int):
    """A new link for the form, at an event chosen from the list or set up on the spot."""
    user = current_user()
    found = form_for(user, form_id, Action.MANAGE)
    try:
        new_event = request.form.get("event_id") == "new"
        data = LinkSchema().load({k: v for k, v in request.form.items() if not (new_event and k == "event_id")})
        if new_event:
            event_data = EventSchema().load({**request.form, "swg": found.swg.code if found.swg else ""})
            event = event_service.create_event(event_data, user)
        else:
            event = event_service.get_event(data["event_id"], user, Action.MANAGE) if data["event_id"] else None
        link = create_link(found, event, user, data["slug"], is_open=True, opens_at=data["opens_at"],
                           closes_at=data["closes_at"])
    except ValidationError as problem:
        flash(_("Please check: %(fields)s", fields=", ".join(sorted(problem.messages))), "error")
        return redirect(url_for("workspace.form", form_id=form_id))
    except Problem as problem:
        flash(problem.message(select_language()), "error")
        return redirect(url_for("workspace.form", form_id=form_id))
    flash(_("New link: %(url)s", url=url_for("participant.show_form", slug=link.slug, _external=True)), "info")
    return redirect(url_for("workspace.link", slug=link.slug))


@bp.route("/forms/<int:form_id>/preview", methods=["GET", "POST"])
@login_required(changes=False)
def preview(form_id: int):
    """The participant's page of a version (``?version=``, the newest by default), in the
    language chosen. Sending it checks the answers as the real page would — and stores
    nothing: the page says so."""
    found = form_for(current_user(), form_id)
    wanted = request.values.get("version") or request.values.get("_version")
    version = find_version(found, wanted) if wanted else found.current_version
    definition = definition_of(version)
    action = url_for("workspace.preview", form_id=form_id, version=version.version)
    media = functools.partial(_preview_media, form_id, version.version)
    if request.method == "GET":
        return participant_page(None, definition, version.version, action=action, preview=True, media_address=media)
    if request.is_json:
        return _preview_json(definition, version.version)
    answers = answers_from_form(definition, request.form)
    if request.form.get("_add") or request.form.get("_remove"):
        resize_repeat(answers, request.form.get("_add", ""), request.form.get("_remove", ""))
        return participant_page(None, definition, version.version, action=action, preview=True, answers=answers,
                                media_address=media)
    result = validate_submission(definition, answers, request.form.get("_language", "lo"))
    if not result.ok:
        return participant_page(None, definition, version.version, action=action, preview=True, answers=answers,
                                errors=result.errors, status=422, media_address=media)
    flash(_("These answers would be accepted. Nothing was stored: this is a preview."), "info")
    return redirect(action)


def _preview_media(form_id: int, version: str, filename: str) -> str:
    return url_for("workspace.preview_media", form_id=form_id, version=version, filename=filename)


@bp.get("/forms/<int:form_id>/versions/<version>/media/<filename>")
@login_required()
def preview_media(form_id: int, version: str, filename: str):
    """A picture or sound of a version's labels, as its preview shows them."""
    return send_version_media(form_for(current_user(), form_id), version, filename)


def _preview_json(definition, version: str):
    """What the offline queue of a preview page hears: the real checks, nothing stored."""
    body = request.get_json(silent=True) or {}
    if not isinstance(body, dict) or not isinstance(body.get("answers", {}), dict):
        raise Problem("invalid_request", details={"fields": {"answers": ["Send the answers as a JSON object."]}})
    submission = Submission(uuid=str(body.get("uuid", "")), version=version, answers=body.get("answers") or {},
                            language=body.get("language") if body.get("language") in ("lo", "en") else "lo")
    check_limits(definition, submission)
    result = validate_submission(definition, dict(submission.answers), submission.language)
    if not result.ok:
        raise Problem("invalid_submission", details={"errors": result.errors})
    return {"uuid": submission.uuid, "status": "received", "preview": True}, 200
