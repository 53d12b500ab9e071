"""Collection links: the address at which a form is offered for an event, and its QR code."""
from __future__ import annotations

import io
import secrets
from datetime import datetime

import segno

from ..problems import Problem
from ..store import links
from ..store.models import CollectionLink, Event, Form, utcnow


def new_slug() -> str:
    """About 72 bits of randomness, short enough to type from a printed sheet."""
    return secrets.token_urlsafe(9)


def create_link(form: Form, event: Event | None, slug: str | None = None, *, is_open: bool = True,
                opens_at: datetime | None = None, closes_at: datetime | None = None) -> CollectionLink:
    return links.add_link(form=form, event=event, slug=slug or new_slug(), is_open=is_open,
                          opens_at=opens_at, closes_at=closes_at)


def find_link(slug: str) -> CollectionLink:
    """The link called ``slug``; raises link_not_found."""
    link = links.by_slug(slug)
    if link is None:
        raise Problem("link_not_found")
    return link


def check_open(link: CollectionLink, now: datetime | None = None) -> None:
    """Raise ``link_closed`` or ``link_not_open`` unless the link accepts answers now."""
    now = now or utcnow()
    if not link.is_open or (link.closes_at and now >= link.closes_at):
        raise Problem("link_closed")
    if link.opens_at and now < link.opens_at:
        raise Problem("link_not_open", opens_at=link.opens_at.strftime("%Y-%m-%d %H:%M UTC"))


def qr_svg(url: str) -> bytes:
    """``url`` as an SVG QR code with its quiet zone."""
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, border=4, xmldecl=False)
    return svg.getvalue()
