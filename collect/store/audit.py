"""The audit log's table: entries are added to the caller's transaction."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from .models import AuditEntry


def add_entry(action: str, target: str, user_id: int | None, details: dict, swg_id: int | None = None) -> None:
    db.session.add(AuditEntry(user_id=user_id, action=action, target=target, details=details, swg_id=swg_id))


def page(*, swg_ids: set[int] | None, swg_id: int | None, action: str | None, user_id: int | None,
         since: datetime | None, until: datetime | None, before: int | None, size: int) -> list[AuditEntry]:
    """Entries newest first, below the id ``before``; ``swg_ids`` None means every SWG's
    and the entries of none."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(size)
    if swg_ids is not None:
        query = query.where(AuditEntry.swg_id.in_(swg_ids))
    for column, value in ((AuditEntry.swg_id, swg_id), (AuditEntry.action, action), (AuditEntry.user_id, user_id)):
        if value is not None:
            query = query.where(column == value)
    if since:
        query = query.where(AuditEntry.at >= since)
    if until:
        query = query.where(AuditEntry.at < until)
    if before:
        query = query.where(AuditEntry.id < before)
    return list(db.session.scalars(query))


def actions() -> list[str]:
    return sorted(db.session.scalars(select(AuditEntry.action).distinct()))
