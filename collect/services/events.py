"""Events: the consultations, seminars, assessments and meetings where forms are filled.

An event belongs to an SWG (and maybe one of its sub-groups), happens in a province and
perhaps a district, on a date, about a theme; one event may offer several forms.
"""
from __future__ import annotations

from ..problems import Problem
from ..store import events, reference
from ..store.models import Event, EventKind, User
from .audit import record
from .permissions import Action, readable_swg_ids, require, require_visible

#: Fields of an event an organiser sets (besides its SWG and place, checked one by one).
PLAIN_FIELDS = ("kind", "date", "title_lo", "title_en", "theme_lo", "theme_en")


def visible_events(reader: User) -> list[Event]:
    """The events ``reader`` may see, newest first."""
    readable = readable_swg_ids(reader)
    return [event for event in events.all_events() if readable is None or event.swg_id in readable]


def get_event(event_id: int, reader: User | None = None, action: Action = Action.READ) -> Event:
    """The event; raises event_not_found (also when ``reader`` may not see it) and forbidden."""
    event = events.get_event(event_id)
    missing = Problem("event_not_found", event_id=event_id)
    if event is None:
        raise missing
    if reader is not None:
        require_visible(reader, event.swg, missing)
        require(reader, action, event.swg)
    return event


def _place(data: dict, current: Event | None = None) -> dict:
    """The SWG, sub-group, province and district of ``data`` as references; raises
    unknown_swg, unknown_province, unknown_district."""
    found = {}
    if "swg" in data:
        swg = reference.swg_named(data["swg"] or "") if data["swg"] else None
        if data["swg"] and (swg is None or swg.parent_id is not None):
            raise Problem("unknown_swg", swg=data["swg"])
        found["swg"] = swg
    swg = found.get("swg", current.swg if current else None)
    if data.get("sub_group"):
        sub = reference.swg_named(data["sub_group"])
        if sub is None or swg is None or sub.parent_id != swg.id:
            raise Problem("unknown_swg", swg=data["sub_group"])
        found["sub_group"] = sub
    elif "sub_group" in data or "swg" in data:
        found["sub_group"] = None
    province = data.get("province_code", current.province_code if current else None)
    if data.get("province_code") and reference.get_province(data["province_code"]) is None:
        raise Problem("unknown_province", province=data["province_code"])
    if "province_code" in data:
        found["province_code"] = data["province_code"] or None
    if data.get("district_code"):
        district = reference.get_district(data["district_code"])
        if district is None or district.province_code != province:
            raise Problem("unknown_district", district=data["district_code"])
        found["district_code"] = district.code
    elif "district_code" in data or "province_code" in data:
        found["district_code"] = None
    return found


def create_event(data: dict, actor: User | None) -> Event:
    """A new event from EventSchema data in the SWG ``data["swg"]`` (a code). Raises
    forbidden, unknown_swg, unknown_province, unknown_district."""
    place = _place(data)
    if actor is not None:
        require(actor, Action.MANAGE, place.get("swg"))
    event = events.add_event(**{key: data[key] for key in PLAIN_FIELDS if key in data}, **place)
    event.kind = EventKind(data["kind"])
    record("create_event", f"event:{event.id}", actor, swg=event.swg)
    return event


def update_event(event_id: int, data: dict, actor: User) -> Event:
    """Change an event; moving it to another SWG needs the right to manage in both."""
    event = get_event(event_id, actor, Action.MANAGE)
    place = _place(data, event)
    if "swg" in place:
        require(actor, Action.MANAGE, place["swg"])
    for key in PLAIN_FIELDS:
        if key in data:
            setattr(event, key, EventKind(data[key]) if key == "kind" else data[key])
    for key, value in place.items():
        setattr(event, key, value)
    record("update_event", f"event:{event.id}", actor, swg=event.swg,
           **{key: str(value) for key, value in data.items()})
    return event



def links_at(event: Event) -> list:
    """The links that offer forms at ``event``."""
    return events.links_at(event.id)
