"""The audit log: who changed or exported what. Entries join the request's transaction."""
from __future__ import annotations

from .auth import current_user
from .extensions import db
from .models import AuditEntry


def record(action: str, target: str, **details) -> None:
    user = current_user()
    db.session.add(AuditEntry(user_id=user.id if user else None, action=action,
                              target=target, details=details))
