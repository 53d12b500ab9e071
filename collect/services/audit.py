"""The audit log: who changed or exported what. Entries join the caller's transaction.

Each use case that changes something records it with the account it acts for (``actor``):
the signed-in user in a request, the user a background job runs for, or nobody for an
administrator at the console.
"""
from __future__ import annotations

from ..store import audit
from ..store.models import User


def record(action: str, target: str, actor: User | int | None = None, **details) -> None:
    user_id = actor.id if isinstance(actor, User) else actor
    audit.add_entry(action, target, user_id, details)
