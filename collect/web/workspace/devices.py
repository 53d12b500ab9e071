"""Devices: the app users through which ODK Collect and KoboCollect phones list and send
an SWG's forms. An organiser makes one for the SWG (every event's forms) or for one event,
shows its settings QR code to the enumerators, and stops it when the phones are returned."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from ...problems import Problem
from ...services import app_users
from ...services import events as event_service
from ...services.permissions import managed_swgs
from ...services.reference import top_level_swgs
from ..auth import current_user, login_required
from ..language import select_language
from ..schemas.resources import AppUserSchema
from . import bp, page


def server_url(user) -> str:
    """The address a device of ``user`` is set up with: it carries the app user's token."""
    return url_for("openrosa.list_forms", token=user.token, _external=True).removesuffix("/formList")


@bp.get("/devices")
@login_required()
def devices():
    """The app users of the SWGs the user manages, and a form to add one."""
    user = current_user()
    return page("workspace/devices.html", section="workspace.devices", devices=app_users.visible_app_users(user),
                swgs=managed_swgs(user, top_level_swgs()),
                events=[e for e in event_service.visible_events(user) if e.swg in managed_swgs(user, top_level_swgs())])


@bp.post("/devices")
@login_required()
def create_device():
    form = request.form
    choice = form.get("for", "")
    try:
        data = AppUserSchema().load({"name": form.get("name", ""), "password": form.get("password") or None,
                                     "swg": choice[4:] if choice.startswith("swg:") else None,
                                     "event_id": int(choice[6:]) if choice.startswith("event:") else None})
        made = app_users.create_app_user(data["name"], swg=data["swg"], event_id=data["event_id"],
                                         password=data["password"], actor=current_user())
    except (ValidationError, ValueError):
        flash(_("A device needs a name (and a password of at least 8 characters, if any)."), "error")
        return redirect(url_for("workspace.devices"))
    except Problem as problem:
        flash(problem.message(select_language()), "error")
        return redirect(url_for("workspace.devices"))
    return redirect(url_for("workspace.device", user_id=made.id))


@bp.get("/devices/<int:user_id>")
@login_required()
def device(user_id: int):
    """One app user: the QR code that sets ODK Collect up, and the address to type instead."""
    found = app_users.get_app_user(user_id, current_user())
    return page("workspace/device.html", section="workspace.devices", device=found, address=server_url(found))


@bp.post("/devices/<int:user_id>/revoke")
@login_required()
def revoke_device(user_id: int):
    app_users.revoke(user_id, current_user())
    flash(_("The device account is stopped: its phones can no longer list or send forms."), "info")
    return redirect(url_for("workspace.device", user_id=user_id))
