"""Collection links: the address at which a form is offered for an event, and its QR code.

A slug is what participants type from a printed sheet, so it is short, lower-case and
free of the characters people confuse; an organiser may choose a readable one of their
own (``psi-aug-2019``). A link is open, closed, or scheduled (``opens_at`` ahead), and
closes by itself at ``closes_at``.
"""
from __future__ import annotations

import io
import re
import secrets
from datetime import datetime

import segno

from ..problems import Problem
from ..store import links
from ..store.models import CollectionLink, Event, Form, User, utcnow
from .access_codes import ALPHABET
from .audit import record
from .permissions import Action, require, require_visible

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$")


def new_slug() -> str:
    """Two groups of four (about 40 bits): ``k7m2-x9pq``."""
    letters = "".join(secrets.choice(ALPHABET.lower()) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def state(link: CollectionLink, now: datetime | None = None) -> str:
    """``open``, ``scheduled`` (opens later), ``closed`` (by hand or past ``closes_at``)."""
    now = now or utcnow()
    if not link.is_open or (link.closes_at and now >= link.closes_at):
        return "closed"
    if link.opens_at and now < link.opens_at:
        return "scheduled"
    return "open"


def create_link(form: Form, event: Event | None, actor: User | None, slug: str | None = None, *,
                is_open: bool = True, opens_at: datetime | None = None,
                closes_at: datetime | None = None) -> CollectionLink:
    """Offer ``form`` at ``event`` through a new link. Raises forbidden (the form's and the
    event's SWG must both be the actor's to manage), invalid_slug, slug_taken, invalid_dates."""
    if actor is not None:
        require(actor, Action.MANAGE, form.swg)
        if event is not None:
            require(actor, Action.MANAGE, event.swg)
    if slug is not None:
        slug = slug.strip().lower()
        if not SLUG_PATTERN.match(slug):
            raise Problem("invalid_slug", slug=slug)
        if links.by_slug(slug) is not None:
            raise Problem("slug_taken", slug=slug)
    _check_dates(opens_at, closes_at)
    link = links.add_link(form=form, event=event, slug=slug or _free_slug(), is_open=is_open,
                          opens_at=opens_at, closes_at=closes_at)
    record("create_link", f"link:{link.slug}", actor, swg=form.swg, event=event.id if event else None)
    return link


def _free_slug() -> str:
    while links.by_slug(slug := new_slug()) is not None:
        pass
    return slug


def _check_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise Problem("invalid_dates")


def find_link(slug: str) -> CollectionLink:
    """The link called ``slug``; raises link_not_found."""
    link = links.by_slug(slug)
    if link is None:
        raise Problem("link_not_found")
    return link


def link_for(reader: User, slug: str, action: Action = Action.READ) -> CollectionLink:
    """The link, if ``reader`` may see it (else link_not_found) and take ``action`` on it."""
    link = find_link(slug)
    require_visible(reader, link.form.swg, Problem("link_not_found"))
    require(reader, action, link.form.swg)
    return link


def update_link(slug: str, changes: dict, actor: User) -> CollectionLink:
    """Open or close a link, or change when it opens and closes. Raises link_not_found,
    forbidden, invalid_dates."""
    link = link_for(actor, slug, Action.MANAGE)
    _check_dates(changes.get("opens_at", link.opens_at), changes.get("closes_at", link.closes_at))
    for name, value in changes.items():
        setattr(link, name, value)
    record("update_link", f"link:{slug}", actor, swg=link.form.swg, **{k: str(v) for k, v in changes.items()})
    return link


def check_open(link, now: datetime | None = None) -> None:
    """Raise ``link_closed`` or ``link_not_open`` unless the link accepts answers now."""
    current = state(link, now)
    if current == "closed":
        raise Problem("link_closed")
    if current == "scheduled":
        raise Problem("link_not_open", opens_at=link.opens_at.strftime("%Y-%m-%d %H:%M UTC"))


def qr_svg(url: str) -> bytes:
    """``url`` as an SVG QR code with its quiet zone."""
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, border=4, xmldecl=False)
    return svg.getvalue()


def qr_png(url: str, scale: int = 10) -> bytes:
    """``url`` as a PNG QR code with its quiet zone, large enough to print."""
    png = io.BytesIO()
    segno.make(url, error="m").save(png, kind="png", scale=scale, border=4)
    return png.getvalue()
