"""Queries on forms and their immutable versions, and the parsed-definition cache.

A FormVersion never changes once stored, so its parsed :class:`FormDefinition` is cached
per process under a key that names the version completely (row id, form, version string,
creation time): a row id reused by another database never returns a stale definition.
"""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import select

from forms.definition import FormDefinition
from forms.schema import load_definition

from ..extensions import db
from .models import Form, FormVersion, FormVersionFile


@dataclass(frozen=True)
class VersionKey:
    """Enough of a FormVersion row to find its cached definition without loading it."""

    id: int
    form_pk: int
    form_id: str
    version: str
    created_at: datetime

    @classmethod
    def of(cls, version: FormVersion) -> "VersionKey":
        return cls(version.id, version.form_id, version.form.form_id, version.version, version.created_at)


@lru_cache(maxsize=256)
def _definition(key: VersionKey) -> FormDefinition:
    return load_definition(db.session.scalar(select(FormVersion.definition).where(FormVersion.id == key.id)))


def definition(key: VersionKey) -> FormDefinition:
    """The parsed definition of a version (one query the first time, none after)."""
    return _definition(key)


def definition_of(version: FormVersion) -> FormDefinition:
    return _definition(VersionKey.of(version))


def get_form(form_pk: int) -> Form | None:
    return db.session.get(Form, form_pk)


def form_named(form_id: str) -> Form | None:
    return db.session.scalar(select(Form).where(Form.form_id == form_id))


def all_forms() -> list[Form]:
    return list(db.session.scalars(select(Form).order_by(Form.id)))


def add_form(form_id: str) -> Form:
    form = Form(form_id=form_id)
    db.session.add(form)
    return form


def add_version(form: Form, version: str, canonical: dict,
                files: list[tuple[str, str, bytes]] = ()) -> FormVersion:
    """A new version, with its files as (role, file name, bytes)."""
    row = FormVersion(form=form, version=version, definition=canonical)
    for role, filename, data in files:
        row.files.append(FormVersionFile(
            role=role, filename=filename, size=len(data), data=data,
            content_type=(mimetypes.guess_type(filename)[0] or "application/octet-stream")[:100]))
    db.session.add(row)
    db.session.flush()
    return row


def version_named(form: Form, version: str) -> FormVersion | None:
    return next((candidate for candidate in form.versions if candidate.version == version), None)
