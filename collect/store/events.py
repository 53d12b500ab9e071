"""Queries on events and the reference data they point at (the provinces of Lao PDR)."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import Event, Province


def all_events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.date.desc(), Event.id.desc())))


def get_event(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def add_event(**values) -> Event:
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def get_province(code: str) -> Province | None:
    return db.session.get(Province, code)


def all_provinces() -> list[Province]:
    return list(db.session.scalars(select(Province).order_by(Province.name_en)))


def province_codes() -> set[str]:
    return set(db.session.scalars(select(Province.code)))


def add_provinces(rows: list[Province]) -> None:
    db.session.add_all(rows)
