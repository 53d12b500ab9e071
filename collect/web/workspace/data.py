"""What arrived and what is done with it: monitoring, the submissions table, one submission
with its reviews, exports in the background, and the activity (audit) log."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from forms.definition import text_in
from forms.display import answer_text, label_of, read_answers

from ...problems import Problem
from ...services import audit as audit_service
from ...services import events as event_service
from ...services import export_jobs, reviews
from ...services import monitoring as monitoring_service
from ...services.permissions import Action, may
from ...services.publishing import form_for
from ...services.reference import all_provinces, districts_by_province, swg_by_code, top_level_swgs
from ...store.form_versions import definition_of
from ..auth import current_user, login_required
from ..downloads import export_from, filters_from, job_settings, queue
from ..language import select_language
from ..schemas.queries import AuditQuerySchema, ExportKindSchema, ResponseListQuerySchema
from ..schemas.resources import ReviewSchema
from . import bp, page

#: Rows of the submissions table on one page.
PAGE_SIZE = 50


def _form_page(template: str, form, tab: str, **values):
    title = definition_of(form.current_version).title
    return page(template, section="workspace.forms", form=form, tab=tab,
                title=text_in(title, select_language(), ["en", "lo"]), **values)


@bp.get("/forms/<int:form_id>/monitoring")
@login_required()
def monitoring(form_id: int):
    """Responses over time and by event, and the 18 provinces' coverage (with districts for a
    consultation); the page refreshes its figures every half minute."""
    found = form_for(current_user(), form_id)
    return _form_page("workspace/monitoring.html", found, "workspace.monitoring",
                      overview=monitoring_service.overview(found, select_language()))


@bp.get("/forms/<int:form_id>/submissions")
@login_required()
def submissions(form_id: int):
    """A page of the form's responses with the export filters and chosen columns, labels in
    the page's language; organisers see the deleted ones with ``?deleted=1``."""
    user = current_user()
    found = form_for(user, form_id)
    try:
        query = ResponseListQuerySchema().load(request.args)
    except ValidationError as problem:
        raise Problem("invalid_request", details={"fields": problem.messages}) from None
    definition = definition_of(found.current_version)
    hidden = reviews.hidden_for(found, user)
    questions = [q for q in definition.answer_questions() if q.name not in hidden]
    chosen = [q for q in questions if q.name in request.args.getlist("column")] or questions[:6]
    deleted = request.args.get("deleted") == "1" and may(user, Action.MANAGE, found.swg)
    listing = reviews.page(found, user, filters_from(query), query["after"], PAGE_SIZE, with_total=True,
                           deleted=deleted)
    language = select_language()
    rows = [{"response": r, "cells": [answer_text(definition, q, r["answers"].get(q.name), language) for q in chosen]}
            for r in listing["responses"]]
    older = None
    if listing["next"]:
        args = {key: values for key, values in request.args.to_dict(flat=False).items() if key != "after"}
        older = url_for("workspace.submissions", form_id=form_id, after=listing["next"], **args)
    return _form_page("workspace/submissions.html", found, "workspace.submissions", rows=rows, listing=listing,
                      columns=chosen, questions=questions, query=query, deleted=deleted, older=older,
                      manage=may(user, Action.MANAGE, found.swg), label_of=label_of,
                      events=[e for e in event_service.visible_events(user) if e.swg_id == found.swg_id],
                      provinces=all_provinces(), districts=districts_by_province(),
                      versions=[v.version for v in found.versions])


@bp.get("/forms/<int:form_id>/submissions/<uuid>")
@login_required()
def submission(form_id: int, uuid: str):
    """One submission: every answer as the participant saw the question, its reviews."""
    user = current_user()
    found = form_for(user, form_id)
    shown = reviews.one(uuid, user)
    definition = definition_of(next(v for v in found.versions if v.version == shown["version"]))
    return _form_page("workspace/submission.html", found, "workspace.submissions", shown=shown,
                      lines=list(read_answers(definition, shown["answers"], select_language())),
                      manage=may(user, Action.MANAGE, found.swg))


@bp.post("/forms/<int:form_id>/submissions/<uuid>/review")
@login_required()
def review(form_id: int, uuid: str):
    form_for(current_user(), form_id, Action.MANAGE)
    try:
        data = ReviewSchema().load(request.form)
    except ValidationError:
        flash(_("Choose approve or reject."), "error")
    else:
        reviews.review(uuid, data["status"], data["comment"], current_user())
        flash(_("The review is recorded."), "info")
    return redirect(url_for("workspace.submission", form_id=form_id, uuid=uuid))


@bp.post("/forms/<int:form_id>/submissions/<uuid>/delete")
@login_required()
def delete(form_id: int, uuid: str):
    form_for(current_user(), form_id, Action.MANAGE)
    reviews.soft_delete(uuid, current_user())
    flash(_("The submission is deleted: it is left out of listings and exports, and can be restored."), "info")
    return redirect(url_for("workspace.submission", form_id=form_id, uuid=uuid))


@bp.post("/forms/<int:form_id>/submissions/<uuid>/restore")
@login_required()
def restore(form_id: int, uuid: str):
    form_for(current_user(), form_id, Action.MANAGE)
    reviews.restore(uuid, current_user())
    flash(_("The submission is restored."), "info")
    return redirect(url_for("workspace.submission", form_id=form_id, uuid=uuid))


@bp.get("/forms/<int:form_id>/exports")
@login_required()
def exports(form_id: int):
    """Choose an export; it runs in the background with its progress shown, and the
    finished files are listed here until they expire."""
    user = current_user()
    found = form_for(user, form_id)
    return _form_page("workspace/exports.html", found, "workspace.exports",
                      jobs=export_jobs.recent_exports(job_settings(), found, user),
                      events=[e for e in event_service.visible_events(user) if e.swg_id == found.swg_id],
                      provinces=all_provinces(), versions=[v.version for v in found.versions])


@bp.post("/forms/<int:form_id>/exports")
@login_required()
def start_export(form_id: int):
    user = current_user()
    found = form_for(user, form_id)
    try:
        query = ExportKindSchema().load(request.form)
        export = export_from(found, query["kind"], query, user)
    except ValidationError as problem:
        flash(_("Please check: %(fields)s", fields=", ".join(sorted(problem.messages))), "error")
    except Problem as problem:
        flash(problem.message(select_language()), "error")
    else:
        queue(export, user)
        flash(_("The export is on its way; this page shows its progress."), "info")
    return redirect(url_for("workspace.exports", form_id=form_id))


@bp.get("/activity")
@login_required()
def audit():
    """Who signed in, published, changed a link, reviewed, deleted or exported: all of it for
    admins, their SWGs' for organisers; filtered by action, person, SWG and dates."""
    try:
        query = AuditQuerySchema().load(request.args)
    except ValidationError as problem:
        raise Problem("invalid_request", details={"fields": problem.messages}) from None
    swg = swg_by_code(query["swg"]) if query["swg"] else None
    entries, after = audit_service.entries(current_user(), action=query["action"], user_id=query["user"],
                                           swg_id=swg.id if swg else None, day_from=query["date_from"],
                                           day_to=query["date_to"], before=query["before"],
                                           size=query["per_page"])
    return page("workspace/audit.html", section="workspace.audit", entries=entries, after=after, query=query,
                swgs=top_level_swgs(), actions=audit_service.actions())
