"""Events: the consultations, seminars, assessments and meetings where forms are filled."""
from __future__ import annotations

from ..problems import Problem
from ..store import events
from ..store.models import Event, EventKind


def all_events() -> list[Event]:
    return events.all_events()


def get_event(event_id: int) -> Event:
    """The event; raises event_not_found."""
    event = events.get_event(event_id)
    if event is None:
        raise Problem("event_not_found", event_id=event_id)
    return event


def create_event(data: dict) -> Event:
    """A new event from EventSchema data; raises unknown_province for a code not in ISO 3166-2:LA."""
    if data.get("province_code") and events.get_province(data["province_code"]) is None:
        raise Problem("unknown_province", province=data["province_code"])
    return events.add_event(**{**data, "kind": EventKind(data["kind"])})
