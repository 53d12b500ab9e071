"""Queries on collection links and their access codes.

``link_for_submission`` is the one read a new submission needs: the link (is it open,
which event, which access rule) and the named version of its form, in one statement,
built once and run on the session's connection as plain columns: this is the hottest
query of the service.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, select, update

from ..extensions import db
from .form_versions import VersionKey
from .models import AccessCode, CollectionLink, Form, FormVersion, LinkAccess, utcnow


def by_slug(slug: str) -> CollectionLink | None:
    return db.session.scalar(select(CollectionLink).where(CollectionLink.slug == slug))


@dataclass(frozen=True)
class LinkFacts:
    """What deciding on a submission needs to know of its link."""

    id: int
    slug: str
    form_pk: int
    event_id: int | None
    is_open: bool
    opens_at: datetime | None
    closes_at: datetime | None
    access: LinkAccess


@dataclass(frozen=True)
class LinkWithVersion:
    link: LinkFacts
    #: None when the form has no version of that name.
    version: VersionKey | None


_link, _form, _version = CollectionLink.__table__, Form.__table__, FormVersion.__table__
_FOR_SUBMISSION = (
    select(_link.c.id, _link.c.slug, _link.c.form_id, _link.c.event_id, _link.c.is_open, _link.c.opens_at,
           _link.c.closes_at, _link.c.access, _form.c.form_id.label("form_name"),
           _version.c.id.label("version_id"), _version.c.version, _version.c.created_at)
    .join(_form, _link.c.form_id == _form.c.id)
    .outerjoin(_version, and_(_version.c.form_id == _form.c.id, _version.c.version == bindparam("version")))
    .where(_link.c.slug == bindparam("slug")))


def link_for_submission(slug: str, version: str) -> LinkWithVersion | None:
    """The link called ``slug`` and its form's version called ``version``, in one query."""
    row = db.session.connection().execute(_FOR_SUBMISSION, {"slug": slug, "version": version}).first()
    if row is None:
        return None
    link = LinkFacts(row.id, row.slug, row.form_id, row.event_id, row.is_open, row.opens_at, row.closes_at,
                     LinkAccess(row.access))
    key = VersionKey(row.version_id, row.form_id, row.form_name, row.version, row.created_at) if row.version_id else None
    return LinkWithVersion(link, key)


def add_link(**values) -> CollectionLink:
    link = CollectionLink(**values)
    db.session.add(link)
    db.session.flush()
    return link


def links_of_forms(form_ids: list[int]) -> list[CollectionLink]:
    return list(db.session.scalars(select(CollectionLink).where(CollectionLink.form_id.in_(form_ids))
                                   .order_by(CollectionLink.id)))


def code_of(link_id: int, code: str) -> AccessCode | None:
    return db.session.scalar(select(AccessCode).where(AccessCode.link_id == link_id, AccessCode.code == code))


def by_code(code: str) -> AccessCode | None:
    return db.session.scalar(select(AccessCode).where(AccessCode.code == code))


def all_codes() -> set[str]:
    return set(db.session.scalars(select(AccessCode.code)))


def add_codes(link: CollectionLink, codes: list[str]) -> list[AccessCode]:
    rows = [AccessCode(link=link, code=code) for code in codes]
    db.session.add_all(rows)
    return rows


def claim_code(access: AccessCode, response_uuid: str) -> bool:
    """Mark an unused code as used by ``response_uuid``; False if another request got it first."""
    claimed = db.session.execute(
        update(AccessCode)
        .where(AccessCode.id == access.id, AccessCode.response_uuid.is_(None))
        .values(response_uuid=response_uuid, used_at=utcnow())
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        return False
    db.session.refresh(access)
    return True


def codes_of(link_id: int) -> list[AccessCode]:
    return list(db.session.scalars(select(AccessCode).where(AccessCode.link_id == link_id).order_by(AccessCode.id)))
