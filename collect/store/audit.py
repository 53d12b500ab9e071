"""The audit log's table: entries are added to the caller's transaction."""
from __future__ import annotations

from ..extensions import db
from .models import AuditEntry


def add_entry(action: str, target: str, user_id: int | None, details: dict) -> None:
    db.session.add(AuditEntry(user_id=user_id, action=action, target=target, details=details))
