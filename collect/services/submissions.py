"""Receiving one participant submission: check it, validate it, store it exactly once.

The HTML form post and the JSON endpoint of the offline queue both come here, so both
paths apply the very same rules. A submission is identified by the UUID its client made
before sending, and by a digest of what was sent (version, answers, files):

- a new UUID is validated and stored (``received``);
- the same UUID with the same digest is a re-send: acknowledged, nothing written
  (``already_received``), even if the link has closed or the code has been used since;
- the same UUID with another digest is refused (``uuid_conflict``), the stored row untouched;
- on a ``code_editable`` link, a later submission with the same code replaces the answers
  of the code's earlier response (``updated``), recorded in the audit log.

A new submission on an open link costs two SQL statements: one read of the link with
its form version (``target``), one ``INSERT … ON CONFLICT DO NOTHING``.
"""
from __future__ import annotations

import hashlib
import json
import uuid as uuid_module
from dataclasses import dataclass, field
from datetime import datetime

from forms.bounds import OutOfBounds, check_bounds
from forms.definition import FormDefinition
from forms.validation import validate_submission

from ..problems import Problem
from ..store import form_versions, links, responses
from ..store.form_versions import VersionKey
from ..store.models import AccessCode, CollectionLink, utcnow
from .access_codes import bind, check_unused, earlier_response, find_code
from .audit import record
from .links import check_open
from .uploads import Upload, checked_uploads, keep, name_answers

#: What the phone is told for each outcome.
RECEIVED, ALREADY_RECEIVED, UPDATED = "received", "already_received", "updated"


@dataclass(frozen=True)
class Submission:
    """One submission as the participant's device sent it."""

    uuid: str
    version: str
    answers: dict
    language: str
    started_at: datetime | None = None
    submitted_at: datetime | None = None
    #: The participant's access code, for links that ask for one.
    code: str | None = None
    uploads: tuple[Upload, ...] = field(default=())

    @property
    def digest(self) -> str:
        """SHA-256 of the canonical JSON of what was sent: the same send gives the same digest."""
        content = {"version": self.version, "answers": self.answers,
                   "files": {u.path: hashlib.sha256(u.data).hexdigest() for u in self.uploads}}
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Receipt:
    uuid: str
    outcome: str

    @property
    def created(self) -> bool:
        return self.outcome == RECEIVED


def check_uuid(value: str) -> str:
    """The canonical text of an RFC 4122 UUID; raises invalid_uuid (nil UUID included)."""
    try:
        parsed = uuid_module.UUID(str(value))
    except ValueError:
        raise Problem("invalid_uuid") from None
    if parsed.int == 0 or parsed.variant != uuid_module.RFC_4122:
        raise Problem("invalid_uuid")
    return str(parsed)


@dataclass
class Prepared:
    """A submission checked against its link and form version, ready to be stored."""

    link: CollectionLink
    version_id: int
    definition: FormDefinition
    answers: dict
    uploads: list[Upload]
    access: AccessCode | None


@dataclass(frozen=True)
class Target:
    """Where a submission goes: the link, the form version it names, that version's form."""

    link: CollectionLink
    version: VersionKey
    definition: FormDefinition


def target(slug: str, version: str) -> Target:
    """The link called ``slug`` and its form's version ``version`` (one query; the parsed
    definition is cached). Raises link_not_found and unknown_version."""
    found = links.link_for_submission(slug, version)
    if found is None:
        raise Problem("link_not_found")
    if found.version is None:
        raise Problem("unknown_version", version=version)
    return Target(found.link, found.version, form_versions.definition(found.version))


def receive(found: Target, submission: Submission) -> Receipt:
    """Store ``submission`` at ``found``, or acknowledge it again.

    Raises link_closed, link_not_open, code_required, code_invalid, code_used,
    answers_too_large, invalid_text, file_too_large, invalid_submission (errors keyed by
    question path) and uuid_conflict."""
    check_limits(found.definition, submission)  # first: a flood costs milliseconds, not seconds
    digest = submission.digest
    try:
        prepared = prepare(found, submission)
    except Problem:
        if _already_stored(submission.uuid, found.version.id, digest):
            return Receipt(submission.uuid, ALREADY_RECEIVED)
        raise
    earlier = earlier_response(prepared.access)
    if earlier is not None and earlier.uuid != submission.uuid:
        _replace(earlier, prepared, submission)
        return Receipt(earlier.uuid, UPDATED)
    link = prepared.link
    new_id = responses.insert({
        "uuid": submission.uuid, "form_version_id": prepared.version_id, "event_id": link.event_id,
        "link_id": link.id, "answers": prepared.answers, "language": submission.language,
        "started_at": submission.started_at, "submitted_at": submission.submitted_at or utcnow(),
        "status": "submitted", "digest": digest,
    })
    if new_id is None:
        if _already_stored(submission.uuid, found.version.id, digest):
            return Receipt(submission.uuid, ALREADY_RECEIVED)
        raise Problem("uuid_conflict")
    if prepared.access is not None:
        bind(prepared.access, submission.uuid)
    if prepared.uploads:
        keep(new_id, prepared.uploads)
    return Receipt(submission.uuid, RECEIVED)


def prepare(found: Target, submission: Submission) -> Prepared:
    """Everything else that decides whether ``submission`` may be stored, in the order a
    participant should hear about it. Raises what ``receive`` raises, but uuid_conflict."""
    definition = found.definition
    check_open(found.link)
    access = find_code(found.link, submission.code)
    check_unused(found.link, access)
    uploads = checked_uploads(definition, list(submission.uploads))
    answers = dict(submission.answers)
    name_answers(answers, uploads)
    # Rules on the clock are judged when the phone says the form was filled (forms/validation.py).
    result = validate_submission(definition, answers, submission.language, filled_at=submission.submitted_at)
    if not result.ok:
        raise Problem("invalid_submission", details={"errors": result.errors})
    return Prepared(found.link, found.version.id, definition, result.answers, uploads, access)


def check_limits(definition: FormDefinition, submission: Submission) -> None:
    """Refuse answers beyond the form's limits (forms/bounds.py) before any other work.
    Raises invalid_text and answers_too_large."""
    try:
        check_bounds(definition, submission.answers)
    except OutOfBounds as crossed:
        if crossed.limit == "text":
            raise Problem("invalid_text") from None
        raise Problem("answers_too_large", limit=crossed.limit) from None


def _already_stored(uuid: str, version_id: int, digest: str) -> bool:
    """True when this very submission (same version, same digest) is stored under ``uuid``.
    A row stored before digests were kept matches any re-send of its version."""
    stored = responses.identity_of(uuid)
    return (stored is not None and stored.form_version_id == version_id
            and stored.digest in (digest, None))


def _replace(response, prepared: Prepared, submission: Submission) -> None:
    """Give an editable code's earlier response the answers of a later submission; the
    response keeps its first UUID (and digest), and the audit log says which submission
    replaced it."""
    record("response_replaced", response.uuid, None, by=submission.uuid)
    response.form_version_id = prepared.version_id
    response.answers = prepared.answers
    response.language = submission.language
    response.started_at = submission.started_at
    response.submitted_at = submission.submitted_at or utcnow()
    response.received_at = utcnow()
    if prepared.uploads:
        keep(response.id, prepared.uploads)
