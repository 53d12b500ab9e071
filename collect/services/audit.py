"""The audit log: who signed in, changed or exported what. Entries join the caller's
transaction.

Each use case that changes something records it with the account it acts for (``actor``):
the signed-in user in a request, the user a background job runs for, or nobody for an
administrator at the console; and with the SWG it concerned, so that the SWG's organisers
can read their part of the log (admins read all of it).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ..problems import Problem
from ..store import audit
from ..store.models import AuditEntry, Swg, User
from .permissions import managed_swg_ids


def record(action: str, target: str, actor: User | int | None = None, *, swg: Swg | None = None,
           **details) -> None:
    user_id = actor.id if isinstance(actor, User) else actor
    audit.add_entry(action, target, user_id, details, swg.id if swg else None)


def entries(reader: User, *, action: str | None = None, user_id: int | None = None, swg_id: int | None = None,
            day_from: date | None = None, day_to: date | None = None, before: int | None = None,
            size: int = 100) -> tuple[list[AuditEntry], int | None]:
    """A page of the log, newest first, that ``reader`` may read (admins: all of it;
    organisers: the entries of the SWGs they manage), filtered; with the cursor of the
    next page. Raises forbidden for a reader who manages nothing, or another SWG's log."""
    readable = managed_swg_ids(reader)
    if readable is not None and (not readable or (swg_id is not None and swg_id not in readable)):
        raise Problem("forbidden")
    found = audit.page(swg_ids=readable, swg_id=swg_id, action=action, user_id=user_id,
                       since=datetime.combine(day_from, time.min) if day_from else None,
                       until=datetime.combine(day_to + timedelta(days=1), time.min) if day_to else None,
                       before=before, size=size + 1)
    return found[:size], found[size - 1].id if len(found) > size else None


def actions() -> list[str]:
    """The kinds of entry the log holds, for its filter."""
    return audit.actions()
