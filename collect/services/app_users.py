"""App users: the accounts of ODK Collect and KoboCollect devices, and their settings QR code.

An app user submits to the forms of one SWG's events or of one event (``links_of``). Its
device signs in with the token in its server address — which the settings QR code gives
the app, so that an enumerator configures a phone by scanning one picture — or, where an
organiser prefers, by HTTP Digest (or Basic, over HTTPS only) with its name and password.
The QR code is what ODK Collect reads: the settings JSON, zlib-compressed and base64.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
import zlib

import segno

from ..problems import Problem
from ..store import app_users, events, reference
from ..store.models import AppUser, User, utcnow
from .audit import record
from .permissions import Action, may, require, require_visible

#: The realm of HTTP Digest sign-in; part of every stored password hash.
REALM = "collect"


def password_digest(name: str, password: str) -> str:
    """RFC 7616's HA1 of a name and password in collect's realm (what Digest compares)."""
    return hashlib.md5(f"{name}:{REALM}:{password}".encode("utf-8")).hexdigest()


def create_app_user(name: str, *, swg: str | None = None, event_id: int | None = None,
                    password: str | None = None, actor: User | None = None) -> AppUser:
    """A new app user for one SWG (its code) or one event, with a fresh token; organisers
    make them for their own SWG's. Raises invalid_request (neither or both of swg and
    event), unknown_swg, event_not_found, forbidden and app_user_exists."""
    name = (name or "").strip()
    if not name or (not swg) == (event_id is None):
        raise Problem("invalid_request", details={"fields": {"swg": ["Give a name, and an SWG or an event."]}})
    space = None
    if swg:
        space = reference.swg_named(swg)
        if space is None or space.parent_id is not None:
            raise Problem("unknown_swg", swg=swg)
    event = events.get_event(event_id) if event_id is not None else None
    if event_id is not None and event is None:
        raise Problem("event_not_found", event_id=event_id)
    if actor is not None:
        require(actor, Action.MANAGE, space or event.swg)
    if app_users.name_taken(name):
        raise Problem("app_user_exists", name=name)
    user = app_users.add(name=name, swg=space, event=event, token=secrets.token_urlsafe(32),
                         password_digest=password_digest(name, password) if password else None)
    record("app_user_created", f"app_user:{user.id}", actor, swg=user.space, event_id=event_id)
    return user


def get_app_user(user_id: int, reader: User) -> AppUser:
    """The app user, for the organisers of its SWG. Raises not_found, forbidden."""
    user = app_users.by_id(user_id)
    if user is None:
        raise Problem("not_found")
    require_visible(reader, user.space, Problem("not_found"))
    require(reader, Action.MANAGE, user.space)
    return user


def collect_settings(user: AppUser, server_url: str) -> dict:
    """ODK Collect's settings for ``user``'s device: the server address that carries its
    token, forms kept exactly as the server lists them, and finished forms sent as soon as
    there is a network."""
    return {"general": {"server_url": server_url, "form_update_mode": "match_exactly",
                        "autosend": "wifi_and_cellular"},
            "admin": {}, "project": {"name": user.name[:50], "icon": user.name[:1] or "C"}}


def settings_code(settings: dict) -> str:
    """The text of a settings QR code: the JSON, zlib-compressed, in base64."""
    text = json.dumps(settings, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(zlib.compress(text)).decode("ascii")


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, micro=False, error="l").save(buffer, kind="png", scale=5, border=4)
    return buffer.getvalue()


def visible_app_users(reader: User) -> list[AppUser]:
    """The app users of the SWGs ``reader`` manages (an admin: all), oldest first."""
    return [user for user in app_users.all_app_users() if may(reader, Action.MANAGE, user.space)]


def revoke(user_id: int, actor: User) -> AppUser:
    """Stop an app user: its devices can no longer list or send forms."""
    user = get_app_user(user_id, actor)
    user.revoked_at = user.revoked_at or utcnow()
    record("app_user_revoked", f"app_user:{user.id}", actor, swg=user.space)
    return user
