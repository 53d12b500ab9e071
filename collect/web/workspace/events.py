"""Events: listed by SWG and date, set up and edited by the SWG's organisers; one event
may offer several forms."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from ...problems import Problem
from ...services import events as event_service
from ...services.permissions import Action, may
from ...services.reference import all_provinces, districts_by_province, swg_by_code, top_level_swgs
from ..auth import current_user, login_required
from ..language import select_language
from ..schemas.resources import EventSchema, EventUpdateSchema
from . import bp, page


def _form_page(template_values: dict, status: int = 200):
    return page("workspace/event.html", section="workspace.events", provinces=all_provinces(),
                districts=districts_by_province(), status=status, **template_values)


@bp.get("/events")
@login_required()
def events():
    """The events of the user's SWGs, newest first, grouped by SWG."""
    user = current_user()
    visible = event_service.visible_events(user)
    spaces = [{"swg": swg, "events": [e for e in visible if e.swg_id == swg.id],
               "manage": may(user, Action.MANAGE, swg)} for swg in top_level_swgs()]
    return page("workspace/events.html", section="workspace.events",
                spaces=[s for s in spaces if s["events"] or s["manage"]])


@bp.get("/events/new")
@login_required()
def new_event():
    swg = swg_by_code(request.args.get("swg", ""))
    if swg is None or not may(current_user(), Action.MANAGE, swg):
        raise Problem("forbidden")
    return _form_page({"event": None, "swg": swg})


@bp.post("/events/new")
@login_required()
def create_event():
    try:
        event = event_service.create_event(EventSchema().load(request.form), current_user())
    except (ValidationError, Problem) as problem:
        swg = swg_by_code(request.form.get("swg", ""))
        return _form_page({"event": None, "swg": swg, "problem": _problem_text(problem)}, status=400)
    flash(_("The event is saved."), "info")
    return redirect(url_for("workspace.event", event_id=event.id))


@bp.get("/events/<int:event_id>")
@login_required()
def event(event_id: int):
    found = event_service.get_event(event_id, current_user())
    return _form_page({"event": found, "swg": found.swg, "manage": may(current_user(), Action.MANAGE, found.swg),
                       "offered": event_service.links_at(found)})


@bp.post("/events/<int:event_id>")
@login_required()
def change_event(event_id: int):
    try:
        event_service.update_event(event_id, EventUpdateSchema().load(request.form), current_user())
    except (ValidationError, Problem) as problem:
        flash(_problem_text(problem), "error")
    else:
        flash(_("The event is saved."), "info")
    return redirect(url_for("workspace.event", event_id=event_id))


def _problem_text(problem: Exception) -> str:
    if isinstance(problem, Problem):
        return problem.message(select_language())
    return _("Please check: %(fields)s", fields=", ".join(sorted(problem.messages)))
