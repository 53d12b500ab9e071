"""Access codes: links that only participants holding a code from the organisers may answer.

A link is ``open`` (anyone with the address), ``code_once`` (one response per code) or
``code_editable`` (one response per code, which a later submission with the same code
replaces until the link closes — keeping the response's first UUID, with an audit entry).
Codes are short enough to copy from a printed slip, and drawn from an alphabet without
the characters people confuse (0/O, 1/I/L); 8 of 31 characters is about 40 bits.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select, update

from .audit import record
from .errors import AppError
from .extensions import db
from .models import AccessCode, CollectionLink, LinkAccess, Response, utcnow
from .responses import Submission

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def normalise(code: str | None) -> str:
    """What a participant typed, as stored: capitals, no spaces or dashes."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def shown(code: str) -> str:
    """A code as printed for participants: ``ABCD-EFGH``."""
    return f"{code[:4]}-{code[4:]}"


def issue_codes(link: CollectionLink, count: int) -> list[AccessCode]:
    """Make ``count`` new codes for ``link`` (never one already given to any link)."""
    taken = set(db.session.scalars(select(AccessCode.code)))
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if code not in taken:
            taken.add(code)
            codes.append(AccessCode(link=link, code=code))
    db.session.add_all(codes)
    return codes


def find_code(link: CollectionLink, code: str | None) -> AccessCode | None:
    """The link's code; None for open links. Raises code_required or code_invalid."""
    if link.access == LinkAccess.OPEN:
        return None
    if not normalise(code):
        raise AppError("code_required")
    found = db.session.scalar(select(AccessCode).where(
        AccessCode.link_id == link.id, AccessCode.code == normalise(code)))
    if found is None:
        raise AppError("code_invalid")
    return found


def check_unused(link: CollectionLink, access: AccessCode | None) -> None:
    """Raise code_used when a code_once code has already answered."""
    if access is not None and access.response_uuid and link.access == LinkAccess.CODE_ONCE:
        raise AppError("code_used")


def earlier_response(access: AccessCode | None) -> Response | None:
    """The response an editable code gave before, which a new submission replaces."""
    if access is None or not access.response_uuid:
        return None
    return db.session.scalar(select(Response).where(Response.uuid == access.response_uuid))


def bind(access: AccessCode, response: Response) -> None:
    """Mark the code used by ``response``; code_used if another request got there first."""
    claimed = db.session.execute(
        update(AccessCode)
        .where(AccessCode.id == access.id, AccessCode.response_uuid.is_(None))
        .values(response_uuid=response.uuid, used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AppError("code_used")
    db.session.refresh(access)


def replace_response(response: Response, submission: Submission) -> None:
    """Give an editable code's earlier response the answers of a later submission; the
    response keeps its first UUID, and the audit log says which submission replaced it."""
    record("response_replaced", response.uuid, by=submission.uuid)
    response.form_version = submission.version
    response.answers = submission.answers
    response.language = submission.language
    response.started_at = submission.started_at
    response.submitted_at = submission.submitted_at or utcnow()
    response.received_at = utcnow()
