"""Queries on the photos and files stored with responses."""
from __future__ import annotations

from sqlalchemy import delete, select

from ..extensions import db
from .models import Attachment


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
