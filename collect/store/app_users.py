"""Queries on app users (ODK Collect and KoboCollect accounts) and the instance documents
their devices send (``response_version``)."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from .models import AppUser, CollectionLink, Event, ResponseVersion


def add(**values) -> AppUser:
    user = AppUser(**values)
    db.session.add(user)
    db.session.flush()
    return user


def by_id(user_id: int) -> AppUser | None:
    return db.session.get(AppUser, user_id)


def by_token(token: str) -> AppUser | None:
    return db.session.scalar(select(AppUser).where(AppUser.token == token, AppUser.revoked_at.is_(None)))


def by_name(name: str) -> AppUser | None:
    return db.session.scalar(select(AppUser).where(AppUser.name == name, AppUser.revoked_at.is_(None)))


def name_taken(name: str) -> bool:
    return db.session.scalar(select(AppUser.id).where(AppUser.name == name)) is not None


def links_of(user: AppUser) -> list[CollectionLink]:
    """The links of the user's event, or of every event of the user's SWG, oldest first."""
    query = select(CollectionLink).order_by(CollectionLink.id)
    if user.event_id is not None:
        query = query.where(CollectionLink.event_id == user.event_id)
    else:
        query = query.join(Event, CollectionLink.event_id == Event.id).where(Event.swg_id == user.swg_id)
    return list(db.session.scalars(query))


def version_of_instance(instance_id: str) -> ResponseVersion | None:
    return db.session.scalar(select(ResponseVersion).where(ResponseVersion.instance_id == instance_id))


def current_instance(response_id: int) -> str | None:
    """The instanceID of the latest version of a response, if an app sent it."""
    return db.session.scalar(select(ResponseVersion.instance_id).where(ResponseVersion.response_id == response_id)
                             .order_by(ResponseVersion.id.desc()).limit(1))


def add_version(**values) -> ResponseVersion:
    version = ResponseVersion(**values)
    db.session.add(version)
    db.session.flush()
    return version


def all_app_users() -> list[AppUser]:
    return list(db.session.scalars(select(AppUser).order_by(AppUser.id)))
