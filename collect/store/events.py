"""Queries on events."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import CollectionLink, Event


def all_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.date.desc(), Event.id.desc())))


def get_event(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def add_event(**values) -> Event:
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def links_at(event_id: int) -> list[CollectionLink]:
    return list(db.session.scalars(select(CollectionLink).where(CollectionLink.event_id == event_id)
                                   .order_by(CollectionLink.id)))
