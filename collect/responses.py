"""Storing responses exactly once, and reading them back for exports.

A response is identified by the UUID its client made before sending. ``store`` inserts
it inside a savepoint; when the UUID is already there (a retry, a second tab, a queue
flushed twice) the stored row is returned and nothing new is written.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Iterator

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from exports.records import EventInfo, ResponseRecord

from .errors import AppError
from .form_versions import definition_of
from .extensions import db
from .models import CollectionLink, Event, FormVersion, Response, ResponseStatus, utcnow


@dataclass
class Submission:
    """A response that passed validation, ready to be stored."""

    uuid: str
    version: FormVersion
    answers: dict
    language: str
    started_at: object = None
    submitted_at: object = None


def already_received(uuid: str, version: FormVersion) -> Response | None:
    """The stored response with this UUID, if any; ``uuid_conflict`` if it is another form's."""
    stored = db.session.scalar(select(Response).where(Response.uuid == uuid))
    if stored is not None and stored.form_version.form_id != version.form_id:
        raise AppError("uuid_conflict")
    return stored


def store(submission: Submission, link: CollectionLink | None) -> tuple[Response, bool]:
    """Store ``submission``; returns (response, created). A known UUID is not stored again."""
    stored = already_received(submission.uuid, submission.version)
    if stored is not None:
        return stored, False
    response = Response(
        uuid=submission.uuid,
        form_version=submission.version,
        event_id=link.event_id if link else None,
        link_id=link.id if link else None,
        answers=submission.answers,
        language=submission.language,
        started_at=submission.started_at,
        submitted_at=submission.submitted_at or utcnow(),
        received_at=utcnow(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(response)
    except IntegrityError:
        # Another request stored the same UUID between our look-up and our insert.
        return already_received(submission.uuid, submission.version), False
    return response, True


def _event_info(event: Event | None, language: str) -> EventInfo:
    if event is None:
        return EventInfo()
    return EventInfo(
        id=event.id,
        title=event.title(language),
        kind=event.kind.value,
        swg=event.swg,
        sub_group=event.sub_group,
        province=(event.province.name_lo if language == "lo" else event.province.name_en) if event.province else "",
        district=event.district,
        date=event.date,
        theme=event.theme(language),
    )


@dataclass
class ResponseFilter:
    """Which responses an export holds; an empty list means no restriction."""

    events: list[int] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    statuses: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    versions: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query: dict) -> "ResponseFilter":
        return cls(events=query["event"], date_from=query["date_from"], date_to=query["date_to"],
                   statuses=query["status"], provinces=query["province"],
                   districts=query["district"], versions=query["version"])

    def apply(self, query):
        if self.events:
            query = query.where(Response.event_id.in_(self.events))
        if self.date_from:
            query = query.where(Response.submitted_at >= datetime.combine(self.date_from, time.min))
        if self.date_to:  # inclusive: the whole last day
            query = query.where(Response.submitted_at < datetime.combine(self.date_to + timedelta(days=1), time.min))
        if self.statuses:
            query = query.where(Response.status.in_(self.statuses))
        if self.provinces:
            query = query.where(Event.province_code.in_(self.provinces))
        if self.districts:
            query = query.where(Event.district.in_(self.districts))
        if self.versions:
            query = query.where(FormVersion.version.in_(self.versions))
        return query


def iter_records(form_id: int, language: str, filters: ResponseFilter | None = None,
                 batch_size: int = 2000) -> Iterator[ResponseRecord]:
    """The live responses of a form that pass ``filters``, oldest first, streamed from the
    database in batches (memory does not grow with the number of responses)."""
    events: dict[int | None, EventInfo] = {None: EventInfo()}
    query = (
        select(Response.uuid, Response.answers, Response.submitted_at, Response.language,
               Response.status, Response.event_id, FormVersion.version)
        .join(FormVersion, Response.form_version_id == FormVersion.id)
        .outerjoin(Event, Response.event_id == Event.id)
        .where(FormVersion.form_id == form_id, Response.deleted_at.is_(None))
        .order_by(Response.id)
        .execution_options(yield_per=batch_size)
    )
    query = (filters or ResponseFilter()).apply(query)
    for row in db.session.execute(query):
        if row.event_id not in events:
            events[row.event_id] = _event_info(db.session.get(Event, row.event_id), language)
        yield ResponseRecord(
            uuid=row.uuid, version=row.version, answers=row.answers,
            submitted_at=row.submitted_at, language=row.language,
            status=row.status.value, event=events[row.event_id],
        )


def list_responses(form_id: int, filters: ResponseFilter, page: int, per_page: int) -> tuple[list[Response], int]:
    """One page of a form's live responses, newest first, and how many match in all."""
    query = (select(Response)
             .join(FormVersion, Response.form_version_id == FormVersion.id)
             .outerjoin(Event, Response.event_id == Event.id)
             .where(FormVersion.form_id == form_id, Response.deleted_at.is_(None)))
    query = filters.apply(query)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Response.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return list(rows), total


def sensitive_names(form) -> set[str]:
    """The questions that any version of ``form`` marks sensitive."""
    return {question.name for version in form.versions
            for question, _ in definition_of(version).walk() if question.sensitive}


def as_mappings(rows: list[Response], hidden: set[str] = frozenset()) -> list[dict]:
    """Responses as the API shows them, without the answers to the ``hidden`` questions."""
    return [{"uuid": r.uuid, "version": r.form_version.version, "event_id": r.event_id,
             "language": r.language, "status": r.status.value, "started_at": r.started_at,
             "submitted_at": r.submitted_at, "received_at": r.received_at,
             "answers": _strip(r.answers, hidden)} for r in rows]


def _strip(answers: dict, hidden: set[str]) -> dict:
    return {name: [_strip(item, hidden) for item in value] if isinstance(value, list) and value
            and isinstance(value[0], dict) else value
            for name, value in answers.items() if name not in hidden}


def get_response(uuid: str) -> Response:
    response = db.session.scalar(select(Response).where(Response.uuid == uuid, Response.deleted_at.is_(None)))
    if response is None:
        raise AppError("response_not_found")
    return response


def review(response: Response, status: str) -> None:
    """Mark a response approved, rejected or back to submitted (its answers never change)."""
    response.status = ResponseStatus(status)


def soft_delete(response: Response) -> None:
    """Hide a response from listings and exports; the row stays for the audit trail."""
    response.deleted_at = utcnow()
