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

A new submission with valid answers to a link open to anyone costs one SQL statement,
which commits as it runs (``store.standalone``): an ``INSERT … SELECT … ON CONFLICT DO
NOTHING`` that takes the link's current state in its ``WHERE`` (open, within its dates,
open to anyone). What never changes — which link a slug is, which form version a
version string names, that version's parsed form — is looked up once per process
(``place``). Anything else (an access code, uploads, a closed link, answers to correct)
takes the whole way, which reads the link and says why.
"""
from __future__ import annotations

import hashlib
import json
import re
import uuid as uuid_module
from dataclasses import dataclass, field
from datetime import datetime

from forms.bounds import OutOfBounds, check_bounds
from forms.definition import FormDefinition
from forms.validation import validate_submission

from ..problems import Problem
from ..store import form_versions, links, per_database, responses
from ..store.form_versions import VersionKey
from ..store.responses import StoredIdentity
from ..store.links import LinkFacts
from ..store.models import AccessCode, utcnow
from .access_codes import bind, check_unused, earlier_response, find_code
from .audit import record
from .links import check_open
from .uploads import Upload, checked_uploads, keep, name_answers

#: What the phone is told for each outcome.
RECEIVED, ALREADY_RECEIVED, UPDATED = "received", "already_received", "updated"
#: The canonical JSON a digest is taken of (made once: json.dumps would make one per call).
_CANONICAL = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


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
        return hashlib.sha256(_CANONICAL.encode(content).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Receipt:
    uuid: str
    outcome: str

    @property
    def created(self) -> bool:
        return self.outcome == RECEIVED


#: An RFC 4122 UUID already in its canonical text, as phones send it (the nil UUID is not one).
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def check_uuid(value: str) -> str:
    """The canonical text of an RFC 4122 UUID; raises invalid_uuid (nil UUID included)."""
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value  # what parsing it would give back
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

    link: LinkFacts
    version_id: int
    definition: FormDefinition
    answers: dict
    uploads: list[Upload]
    access: AccessCode | None


@dataclass(frozen=True)
class Place:
    """Where a submission goes, as far as it never changes: the link (its slug and id), the
    form version the submission names, and that version's form. Whether the link is open
    and whom it takes can change at any moment, and is read when the submission is stored."""

    slug: str
    link_id: int
    version: VersionKey
    definition: FormDefinition


#: Places a process remembers; beyond that many it starts again.
KNOWN_PLACES = 1024


def place(slug: str, version: str) -> Place:
    """The place of a submission to ``slug`` naming ``version``: one query the first time,
    none after (links never change form, versions never change; each app keeps its own).
    Raises link_not_found and unknown_version."""
    known = per_database("places", dict)
    if (slug, version) in known:
        return known[(slug, version)]
    found = links.link_for_submission(slug, version)
    if found is None:
        raise Problem("link_not_found")
    if found.version is None:
        raise Problem("unknown_version", version=version)
    if len(known) >= KNOWN_PLACES:
        known.clear()
    known[(slug, version)] = Place(slug, found.link.id, found.version, form_versions.definition(found.version))
    return known[(slug, version)]


def _validated(definition: FormDefinition, answers: dict, submission: Submission):
    """``answers`` checked against ``definition``; rules that read the clock are judged when
    the phone says the form was filled (forms/validation.py)."""
    return validate_submission(definition, answers, submission.language, filled_at=submission.submitted_at)


def receive(where: Place, submission: Submission) -> Receipt:
    """Store ``submission`` at ``where``, or acknowledge it again.

    Raises link_closed, link_not_open, code_required, code_invalid, code_used,
    answers_too_large, invalid_text, file_too_large, invalid_submission (errors keyed by
    question path) and uuid_conflict."""
    check_limits(where.definition, submission)  # first: a flood costs milliseconds, not seconds
    digest = submission.digest
    if not submission.uploads and not submission.code:
        # The common case, in one statement: valid answers to a link open to anyone.
        checked = _validated(where.definition, dict(submission.answers), submission)
        if checked.ok:
            if responses.insert_if_open(where.slug, where.link_id, where.version.version,
                                        _row(submission, where.version.id, checked.answers, digest)):
                return Receipt(submission.uuid, RECEIVED)
            stored = responses.identity_of(submission.uuid)
            if stored is not None:
                return _resent(stored, where.version.id, digest, submission.uuid)
    return _receive_at(where, submission, digest)


def _row(submission: Submission, version_id: int, answers: dict, digest: str) -> dict:
    return {"uuid": submission.uuid, "form_version_id": version_id, "answers": answers,
            "language": submission.language, "started_at": submission.started_at,
            "submitted_at": submission.submitted_at or utcnow(), "status": "submitted", "digest": digest}


def _resent(stored: StoredIdentity, version_id: int, digest: str, uuid: str) -> Receipt:
    """A UUID already stored: the same submission again, or a conflict."""
    if stored.form_version_id == version_id and stored.digest in (digest, None):
        return Receipt(uuid, ALREADY_RECEIVED)
    raise Problem("uuid_conflict")


def _receive_at(where: Place, submission: Submission, digest: str) -> Receipt:
    """The whole way, for what the one statement could not take: an access code, uploads,
    a link that is closed or not yet open, answers to correct."""
    found = links.link_for_submission(where.slug, where.version.version)
    target = Target(found.link, where.version, where.definition)
    try:
        prepared = prepare(target, submission)
    except Problem:
        stored = responses.identity_of(submission.uuid)
        if stored is not None and stored.form_version_id == where.version.id and stored.digest in (digest, None):
            return Receipt(submission.uuid, ALREADY_RECEIVED)
        raise
    earlier = earlier_response(prepared.access)
    if earlier is not None and earlier.uuid != submission.uuid:
        _replace(earlier, prepared, submission)
        return Receipt(earlier.uuid, UPDATED)
    row = _row(submission, prepared.version_id, prepared.answers, digest)
    new_id = responses.insert({**row, "form_id": found.link.form_pk, "event_id": found.link.event_id,
                                "link_id": found.link.id})
    if new_id is None:
        return _resent(responses.identity_of(submission.uuid), where.version.id, digest, submission.uuid)
    if prepared.access is not None:
        bind(prepared.access, submission.uuid)
    if prepared.uploads:
        keep(new_id, prepared.uploads)
    return Receipt(submission.uuid, RECEIVED)


def revise(where: Place, submission: Submission, response) -> Receipt:
    """Give ``response`` the answers of ``submission``, an edit of it made on a field device
    (ODK's ``deprecatedID``): checked against its link and form version exactly as a new
    submission is, then stored as ``_replace`` stores an editable code's later answers.
    Raises what ``receive`` raises, but uuid_conflict."""
    check_limits(where.definition, submission)
    found = links.link_for_submission(where.slug, where.version.version)
    _replace(response, prepare(Target(found.link, where.version, where.definition), submission), submission)
    return Receipt(response.uuid, UPDATED)


@dataclass(frozen=True)
class Target:
    """A place with the link's current state."""

    link: LinkFacts
    version: VersionKey
    definition: FormDefinition


def prepare(found: Target, submission: Submission) -> Prepared:
    """Everything else that decides whether ``submission`` may be stored, in the order a
    participant should hear about it. Raises what ``receive`` raises, but uuid_conflict."""
    definition = found.definition
    check_open(found.link)
    access = find_code(found.link, submission.code)
    check_unused(found.link, access)
    uploads = checked_uploads(definition, list(submission.uploads))
    answers = dict(submission.answers)
    name_answers(definition, answers, uploads)
    result = _validated(definition, answers, submission)
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
