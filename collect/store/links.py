"""Queries on collection links and their access codes.

``link_for_submission`` is the one read a new submission needs: the link (is it open,
which event, which access rule) and the named version of its form, in one statement.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, select, update

from ..extensions import db
from .form_versions import VersionKey
from .models import AccessCode, CollectionLink, Form, FormVersion, utcnow


def by_slug(slug: str) -> CollectionLink | None:
    return db.session.scalar(select(CollectionLink).where(CollectionLink.slug == slug))


@dataclass(frozen=True)
class LinkWithVersion:
    link: CollectionLink
    #: None when the form has no version of that name.
    version: VersionKey | None


def link_for_submission(slug: str, version: str) -> LinkWithVersion | None:
    """The link called ``slug`` and its form's version called ``version``, in one query."""
    row = db.session.execute(
        select(CollectionLink, Form.form_id, FormVersion.id, FormVersion.version, FormVersion.created_at)
        .join(Form, CollectionLink.form_id == Form.id)
        .outerjoin(FormVersion, and_(FormVersion.form_id == Form.id, FormVersion.version == version))
        .where(CollectionLink.slug == slug)).first()
    if row is None:
        return None
    link, form_id, version_id, version_name, created_at = row
    key = VersionKey(version_id, link.form_id, form_id, version_name, created_at) if version_id else None
    return LinkWithVersion(link, key)


def add_link(**values) -> CollectionLink:
    link = CollectionLink(**values)
    db.session.add(link)
    db.session.flush()
    return link


def links_of_forms() -> list[CollectionLink]:
    return list(db.session.scalars(select(CollectionLink).order_by(CollectionLink.id)))


def code_of(link_id: int, code: str) -> AccessCode | None:
    return db.session.scalar(select(AccessCode).where(AccessCode.link_id == link_id, AccessCode.code == code))


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
