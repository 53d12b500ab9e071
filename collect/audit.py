"""The audit log: who changed or exported what. Entries join the caller's transaction.

In a request the signed-in user is recorded; a CLI command or a background job records
the user it acts for (or nobody, for an administrator at the console).
"""
from __future__ import annotations

from flask import has_request_context

from .auth import current_user
from .extensions import db
from .models import AuditEntry


def record(action: str, target: str, *, user_id: int | None = None, **details) -> None:
    if user_id is None and has_request_context():
        user = current_user()
        user_id = user.id if user else None
    db.session.add(AuditEntry(user_id=user_id, action=action, target=target, details=details))
