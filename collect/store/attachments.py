"""Queries on the photos and files stored with responses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from sqlalchemy import delete, select

from ..extensions import db
from .models import Attachment, Response
from .responses import ResponseFilter, live_responses


def replace(response_id: int, files: list[dict]) -> None:
    """Store ``files`` (path, filename, content_type, data) for a response, replacing any
    it had at the same paths."""
    paths = [item["path"] for item in files]
    if paths:
        db.session.execute(delete(Attachment).where(Attachment.response_id == response_id,
                                                    Attachment.path.in_(paths)))
    db.session.add_all(Attachment(response_id=response_id, size=len(item["data"]), **item) for item in files)


def of_response(response_id: int) -> dict[str, Attachment]:
    """The attachments of a response by answer path."""
    return {item.path: item for item in db.session.scalars(select(Attachment).where(
        Attachment.response_id == response_id))}


def at_path(response_id: int, path: str) -> Attachment | None:
    """The attachment answering the question at ``path`` of a response, if there is one."""
    return db.session.scalar(select(Attachment).where(Attachment.response_id == response_id,
                                                      Attachment.path == path))


@dataclass(frozen=True)
class Listed:
    """An attachment of a listing, without its bytes (read them with ``data_of``)."""

    id: int
    path: str
    filename: str
    content_type: str
    uuid: str
    form_version_id: int


def of_form(form_id: int, filters: ResponseFilter, page_size: int = 500) -> Iterator[Listed]:
    """The attachments of a form's live responses that pass ``filters``, in the order they
    were stored, read a page at a time by keyset (no cursor stays open between pages, and
    no page holds the files themselves)."""
    after = 0
    query = (live_responses(form_id, filters, Attachment.id, Attachment.path, Attachment.filename,
                            Attachment.content_type, Response.uuid, Response.form_version_id)
             .join(Attachment, Attachment.response_id == Response.id)
             .order_by(Attachment.id).limit(page_size))
    while True:
        rows = db.session.execute(query.where(Attachment.id > after)).all()
        yield from (Listed(*row) for row in rows)
        if len(rows) < page_size:
            return
        after = rows[-1].id


def data_of(attachment_id: int) -> bytes:
    return db.session.scalar(select(Attachment.data).where(Attachment.id == attachment_id))
