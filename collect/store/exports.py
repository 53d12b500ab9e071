"""Queries on the list of background exports."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from .models import ExportRecord


def add_record(record: ExportRecord) -> None:
    db.session.add(record)


def records_of(form_id: int, user_id: int | None, since: datetime) -> list[ExportRecord]:
    """A form's exports since ``since``, newest first: those of ``user_id``, or everyone's."""
    query = (select(ExportRecord).where(ExportRecord.form_id == form_id, ExportRecord.created_at >= since)
             .order_by(ExportRecord.id.desc()))
    if user_id is not None:
        query = query.where(ExportRecord.user_id == user_id)
    return list(db.session.scalars(query))
