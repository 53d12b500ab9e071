"""Collection links: the unguessable address at which a form is offered for an event."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select

from .errors import AppError
from .extensions import db
from .models import CollectionLink, Event, Form, utcnow


def new_slug() -> str:
    """About 72 bits of randomness, short enough to type from a printed sheet."""
    return secrets.token_urlsafe(9)


def create_link(form: Form, event: Event | None, slug: str | None = None) -> CollectionLink:
    link = CollectionLink(form=form, event=event, slug=slug or new_slug())
    db.session.add(link)
    return link


def find_link(slug: str) -> CollectionLink:
    link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == slug))
    if link is None:
        raise AppError("link_not_found")
    return link


def check_open(link: CollectionLink, now: datetime | None = None) -> None:
    """Raise ``link_closed`` or ``link_not_open`` unless the link accepts answers now."""
    now = now or utcnow()
    if not link.is_open or (link.closes_at and now >= link.closes_at):
        raise AppError("link_closed")
    if link.opens_at and now < link.opens_at:
        raise AppError("link_not_open", opens_at=link.opens_at.strftime("%Y-%m-%d %H:%M UTC"))
