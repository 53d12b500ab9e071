"""What organisers see of their forms: versions, links and how many responses arrived."""
from __future__ import annotations

from sqlalchemy import func, select

from forms.definition import text_in

from .extensions import db
from .models import CollectionLink, Form, FormVersion, Response


def response_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(FormVersion.form_id, func.count(Response.id))
        .join(Response, Response.form_version_id == FormVersion.id)
        .where(Response.deleted_at.is_(None))
        .group_by(FormVersion.form_id)
    )
    return dict(rows.all())


def link_response_counts() -> dict[int, int]:
    rows = db.session.execute(
        select(Response.link_id, func.count(Response.id))
        .where(Response.deleted_at.is_(None), Response.link_id.is_not(None))
        .group_by(Response.link_id)
    )
    return dict(rows.all())


def summaries(language: str = "en") -> list[dict]:
    counts = response_counts()
    per_link = link_response_counts()
    forms = db.session.scalars(select(Form).order_by(Form.id)).all()
    links = db.session.scalars(select(CollectionLink).order_by(CollectionLink.id)).all()
    result = []
    for form in forms:
        current = form.current_version
        result.append({
            "id": form.id,
            "form_id": form.form_id,
            "title": text_in(current.definition.get("title"), language, ["en", "lo"]),
            "versions": [v.version for v in form.versions],
            "current_version": current.version,
            "responses": counts.get(form.id, 0),
            "links": [{"slug": link.slug, "is_open": link.is_open, "responses": per_link.get(link.id, 0),
                       "event": link.event.title(language) if link.event else None}
                      for link in links if link.form_id == form.id],
        })
    return result
