"""Collection links: the unguessable address at which a form is offered for an event."""
from __future__ import annotations

import io
import secrets
from datetime import datetime

import segno
from flask import Response, url_for

from sqlalchemy import select

from .errors import AppError
from .extensions import db
from .models import CollectionLink, Event, Form, utcnow


def new_slug() -> str:
    """About 72 bits of randomness, short enough to type from a printed sheet."""
    return secrets.token_urlsafe(9)


def create_link(form: Form, event: Event | None, slug: str | None = None, *, is_open: bool = True,
                opens_at: datetime | None = None, closes_at: datetime | None = None) -> CollectionLink:
    link = CollectionLink(form=form, event=event, slug=slug or new_slug(), is_open=is_open,
                          opens_at=opens_at, closes_at=closes_at)
    db.session.add(link)
    db.session.flush()
    return link


def qr_code(link: CollectionLink) -> Response:
    """The link's full address as an SVG QR code, with a quiet zone, cacheable."""
    svg = io.BytesIO()
    segno.make(url_for("participant.show_form", slug=link.slug, _external=True), error="m").save(
        svg, kind="svg", scale=8, border=4, xmldecl=False)
    return Response(svg.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=3600"})


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
