"""Events: the consultations, seminars, assessments and meetings where forms are filled."""
from __future__ import annotations

from sqlalchemy import select

from .errors import AppError
from .extensions import db
from .models import Event, EventKind, Province


def all_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.date.desc(), Event.id.desc())))


def get_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        raise AppError("event_not_found", event_id=event_id)
    return event


def create_event(data: dict) -> Event:
    """A new event from EventSchema data; raises unknown_province for a code not in ISO 3166-2:LA."""
    if data.get("province_code") and db.session.get(Province, data["province_code"]) is None:
        raise AppError("unknown_province", province=data["province_code"])
    event = Event(**{**data, "kind": EventKind(data["kind"])})
    db.session.add(event)
    db.session.flush()
    return event
