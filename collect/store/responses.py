"""Every query on responses: storing one exactly once, and reading them back.

A response is identified by the UUID its client made before sending. ``insert`` is one
``INSERT … ON CONFLICT (uuid) DO NOTHING``: a retry, a second tab or a queue flushed twice
inserts nothing, and the caller compares the stored row's digest to tell a re-send from
different answers under the same UUID. ``live_responses`` is the one definition of "the
responses of a form that an analyst sees": not deleted, passing a ``ResponseFilter``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterator

from sqlalchemy import Select, and_, bindparam, func, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite

from exports.records import EventInfo, ResponseRecord

from ..extensions import db
from . import standalone
from .models import CollectionLink, Event, FormVersion, LinkAccess, Response, Review, utcnow
from .rendered import Rendered


@dataclass(frozen=True)
class ResponseFilter:
    """Which responses an export or a listing holds; an empty tuple means no restriction."""

    events: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    statuses: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()
    versions: tuple[str, ...] = ()

    def apply(self, query: Select) -> Select:
        """``query`` (which joins FormVersion and outer-joins Event) restricted to the filter."""
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
            query = query.where(Event.district_code.in_(self.districts))
        if self.versions:
            query = query.where(FormVersion.version.in_(self.versions))
        return query


def live_responses(form_id: int, filters: ResponseFilter, *columns, deleted: bool = False) -> Select:
    """The select of a form's responses that are not deleted (or, with ``deleted``, that
    are) and pass ``filters``."""
    query = (select(*columns or (Response,))
             .select_from(Response)
             .join(FormVersion, Response.form_version_id == FormVersion.id)
             .outerjoin(Event, Response.event_id == Event.id)
             .where(Response.form_id == form_id,
                    Response.deleted_at.is_not(None) if deleted else Response.deleted_at.is_(None)))
    return filters.apply(query)


@functools.cache
def _insert_statement(dialect_name: str):
    dialect = sqlite if dialect_name == "sqlite" else postgresql
    return (dialect.insert(Response.__table__).on_conflict_do_nothing(index_elements=["uuid"])
            .returning(Response.__table__.c.id))


def insert(values: dict) -> int | None:
    """Insert one response row; its id, or None when a row with that UUID already exists.

    One statement on both databases, safe under concurrent inserts of the same UUID; built
    once per dialect and run on the session's connection."""
    session_connection = db.session.connection()
    statement = _insert_statement(session_connection.dialect.name)
    return session_connection.execute(statement, {"received_at": utcnow(), **values}).scalar()


#: The columns a new response is given, beside those taken from its link.
_GIVEN = ("uuid", "form_version_id", "answers", "language", "started_at", "submitted_at", "status", "digest")


def _insert_if_open_statement(dialect_name: str):
    response, link, version = Response.__table__, CollectionLink.__table__, FormVersion.__table__
    now = bindparam("now", type_=response.c.received_at.type)
    given = [bindparam(name, type_=response.c[name].type) for name in _GIVEN]
    source = (select(*given, version.c.form_id, link.c.event_id, link.c.id, now)
              .select_from(link.join(version, and_(version.c.form_id == link.c.form_id,
                                                   version.c.id == bindparam("form_version_id"),
                                                   version.c.version == bindparam("version"))))
              .where(link.c.id == bindparam("link_id"), link.c.slug == bindparam("slug"), link.c.is_open == true(),
                     link.c.access == bindparam("access", type_=link.c.access.type),
                     or_(link.c.opens_at.is_(None), link.c.opens_at <= now),
                     or_(link.c.closes_at.is_(None), link.c.closes_at > now)))
    dialect = sqlite if dialect_name == "sqlite" else postgresql
    return (dialect.insert(response).from_select([*_GIVEN, "form_id", "event_id", "link_id", "received_at"], source)
            .on_conflict_do_nothing(index_elements=["uuid"]))


@functools.lru_cache(maxsize=16)
def _insert_if_open_rendered(dialect) -> Rendered:
    return Rendered.of(_insert_if_open_statement(dialect.name), dialect)


def insert_if_open(slug: str, link_id: int, version: str, values: dict) -> bool:
    """Insert a response at a link open to anyone right now, in one statement that reads the
    link's state itself; False when the UUID is already stored or the link is closed, not
    yet open or asks for access codes. ``values`` hold the _GIVEN columns.
    The hottest write: a statement that stands alone (``collect/store``), committed as it
    runs unless a unit of work has begun; SQL rendered once (``rendered.py``), told apart by
    the count of rows it inserted rather than a RETURNING (whose result SQLAlchemy would
    describe anew each time)."""
    with standalone() as unit:
        return _insert_if_open_rendered(unit.dialect).run(unit, {
            **values, "slug": slug, "link_id": link_id, "version": version, "access": LinkAccess.OPEN.value,
            "now": utcnow()}).rowcount == 1


@dataclass(frozen=True)
class StoredIdentity:
    """What a re-send is compared with: the stored row's form, version and digest."""

    id: int
    form_id: int
    form_version_id: int
    digest: str | None
    deleted: bool


_IDENTITY = (select(Response.__table__.c.id, Response.__table__.c.form_id, Response.__table__.c.form_version_id,
                    Response.__table__.c.digest, Response.__table__.c.deleted_at)
             .where(Response.__table__.c.uuid == bindparam("uuid")))


def identity_of(uuid: str) -> StoredIdentity | None:
    """The stored row of ``uuid``, read as a statement that stands alone, as ``insert_if_open`` writes."""
    with standalone() as unit:
        row = unit.execute(_IDENTITY, {"uuid": uuid}).first()
    if row is None:
        return None
    return StoredIdentity(row.id, row.form_id, row.form_version_id, row.digest, row.deleted_at is not None)


def by_uuid(uuid: str, *, include_deleted: bool = False) -> Response | None:
    query = select(Response).where(Response.uuid == uuid)
    if not include_deleted:
        query = query.where(Response.deleted_at.is_(None))
    return db.session.scalar(query)


def by_id(response_id: int) -> Response | None:
    return db.session.get(Response, response_id)


def _event_info(event: Event | None, language: str) -> EventInfo:
    if event is None:
        return EventInfo()
    return EventInfo(
        id=event.id,
        title=event.title(language),
        kind=event.kind.value,
        swg=event.swg.name(language) if event.swg else "",
        sub_group=event.sub_group.name(language) if event.sub_group else "",
        province=(event.province.name_lo if language == "lo" else event.province.name_en) if event.province else "",
        province_code=event.province_code or "",
        district=event.district.name(language) if event.district else "",
        date=event.date,
        theme=event.theme(language),
    )


def iter_records(form_id: int, language: str, filters: ResponseFilter,
                 batch_size: int = 2000) -> Iterator[ResponseRecord]:
    """The live responses of a form that pass ``filters``, oldest first, streamed from the
    database in batches (memory does not grow with the number of responses)."""
    events: dict[int | None, EventInfo] = {None: EventInfo()}
    query = (live_responses(form_id, filters, Response.uuid, Response.answers, Response.submitted_at,
                            Response.language, Response.status, Response.event_id, FormVersion.version)
             .order_by(Response.id)
             .execution_options(yield_per=batch_size))
    for row in db.session.execute(query):
        if row.event_id not in events:
            events[row.event_id] = _event_info(db.session.get(Event, row.event_id), language)
        yield ResponseRecord(
            uuid=row.uuid, version=row.version, answers=row.answers,
            submitted_at=row.submitted_at, language=row.language,
            status=row.status.value, event=events[row.event_id],
        )


def count(form_id: int, filters: ResponseFilter, deleted: bool = False) -> int:
    return db.session.scalar(live_responses(form_id, filters, func.count(Response.id), deleted=deleted))


def page(form_id: int, filters: ResponseFilter, after: int | None, size: int, deleted: bool = False) -> list[Response]:
    """Up to ``size`` live (or deleted) responses, newest first, older than the response id
    ``after`` (a keyset cursor: deep pages cost what the first one costs)."""
    query = live_responses(form_id, filters, deleted=deleted)
    if after is not None:
        query = query.where(Response.id < after)
    return list(db.session.scalars(query.order_by(Response.id.desc()).limit(size)))


def add_review(review: Review) -> None:
    db.session.add(review)


def reviews_of(response_id: int) -> list[Review]:
    return list(db.session.scalars(select(Review).where(Review.response_id == response_id).order_by(Review.id)))


def received_at_of(ids: list[int]) -> dict[int, datetime]:
    """When each of the responses ``ids`` was received."""
    if not ids:
        return {}
    return dict(db.session.execute(select(Response.id, Response.received_at).where(Response.id.in_(ids))).all())


#: The response fields an OData ``$filter`` compares (``collect.services.odata_query``).
FEED_FIELDS = {"submitted_at": Response.submitted_at, "event_id": Response.event_id,
               "province_code": Event.province_code, "status": Response.status}
_COMPARE = {"eq": lambda c, v: c == v, "ne": lambda c, v: c.is_distinct_from(v), "gt": lambda c, v: c > v,
            "ge": lambda c, v: c >= v, "lt": lambda c, v: c < v, "le": lambda c, v: c <= v}


def _feed_select(form_id: int, comparisons: tuple, *columns) -> Select:
    query = live_responses(form_id, ResponseFilter(), *columns)
    for name, operator, value in comparisons:
        query = query.where(_COMPARE[operator](FEED_FIELDS[name], value))
    return query


def feed_batch(form_id: int, comparisons: tuple, first_id: int, size: int,
               language: str) -> list[tuple[int, ResponseRecord]]:
    """Up to ``size`` live responses from the id ``first_id`` on, in id order, passing
    ``comparisons`` ((field of FEED_FIELDS, eq/ne/gt/ge/lt/le, value) each), with their ids:
    a keyset page, so reading the last batch costs what the first one does."""
    query = (_feed_select(form_id, comparisons, Response.id, Response.uuid, Response.answers,
                          Response.submitted_at, Response.language, Response.status, Response.event_id,
                          FormVersion.version)
             .where(Response.id >= first_id).order_by(Response.id).limit(size))
    events: dict[int | None, EventInfo] = {None: EventInfo()}
    found = []
    for row in db.session.execute(query):
        if row.event_id not in events:
            events[row.event_id] = _event_info(db.session.get(Event, row.event_id), language)
        found.append((row.id, ResponseRecord(
            uuid=row.uuid, version=row.version, answers=row.answers, submitted_at=row.submitted_at,
            language=row.language, status=row.status.value, event=events[row.event_id])))
    return found


def feed_count(form_id: int, comparisons: tuple) -> int:
    """How many live responses pass ``comparisons`` (as ``feed_batch`` reads them)."""
    return db.session.scalar(_feed_select(form_id, comparisons, func.count(Response.id)))
