"""Publishing forms and reading their versions back as ``forms`` definitions.

Functions take the database session implicitly through ``db.session`` and never commit:
the request (or CLI command) that calls them commits once.
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from forms.definition import FormDefinition
from forms.schema import dump_definition, load_definition

from .errors import AppError
from .extensions import db
from .models import Form, FormVersion




def publish(definition: FormDefinition) -> tuple[FormVersion, bool]:
    """Store ``definition`` as a new version of its form; returns (version, created).

    Publishing the very same definition again returns the stored version unchanged, so
    loading demo data or re-importing a workbook is idempotent. A different definition
    under a version string that already exists is refused: versions are immutable.
    """
    canonical = dump_definition(definition)
    form = db.session.scalar(select(Form).where(Form.form_id == definition.form_id))
    if form is None:
        form = Form(form_id=definition.form_id)
        db.session.add(form)
    for existing in form.versions:
        if existing.version == definition.version:
            if existing.definition == canonical:
                return existing, False
            raise AppError("version_exists", version=definition.version, form_id=definition.form_id)
    version = FormVersion(form=form, version=definition.version, definition=canonical)
    db.session.add(version)
    db.session.flush()
    return version, True


@lru_cache(maxsize=256)
def _definition(version_id: int, _stamp: str) -> FormDefinition:
    return load_definition(db.session.get(FormVersion, version_id).definition)


def definition_of(version: FormVersion) -> FormDefinition:
    """The parsed definition of ``version``; cached, since versions never change."""
    return _definition(version.id, version.version)


def find_version(form: Form, version: str) -> FormVersion:
    for candidate in form.versions:
        if candidate.version == version:
            return candidate
    raise AppError("unknown_version", version=version)


def get_form(form_id: int) -> Form:
    form = db.session.get(Form, form_id)
    if form is None:
        raise AppError("form_not_found", form_id=form_id)
    return form
