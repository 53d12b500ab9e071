"""Access codes: links that only participants holding a code from the organisers may answer.

A link is ``open`` (anyone with the address), ``code_once`` (one response per code) or
``code_editable`` (one response per code, which a later submission with the same code
replaces until the link closes — keeping the response's first UUID, with an audit entry).
Codes are short enough to copy from a printed slip, and drawn from an alphabet without
the characters people confuse (0/O, 1/I/L); 8 of 31 characters is about 40 bits.
"""
from __future__ import annotations

import secrets

from ..problems import Problem
from ..store import links, responses
from ..store.models import AccessCode, CollectionLink, LinkAccess, Response

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
    taken = links.all_codes()
    codes: list[str] = []
    while len(codes) < count:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return links.add_codes(link, codes)


def find_code(link: CollectionLink, code: str | None) -> AccessCode | None:
    """The link's code; None for open links. Raises code_required or code_invalid."""
    if link.access == LinkAccess.OPEN:
        return None
    if not normalise(code):
        raise Problem("code_required")
    found = links.code_of(link.id, normalise(code))
    if found is None:
        raise Problem("code_invalid")
    return found


def check_unused(link: CollectionLink, access: AccessCode | None) -> None:
    """Raise code_used when a code_once code has already answered."""
    if access is not None and access.response_uuid and link.access == LinkAccess.CODE_ONCE:
        raise Problem("code_used")


def earlier_response(access: AccessCode | None) -> Response | None:
    """The response an editable code gave before, which a new submission replaces."""
    if access is None or not access.response_uuid:
        return None
    return responses.by_uuid(access.response_uuid, include_deleted=True)


def bind(access: AccessCode, response_uuid: str) -> None:
    """Mark the code used by the response; code_used if another request got there first."""
    if not links.claim_code(access, response_uuid):
        raise Problem("code_used")
