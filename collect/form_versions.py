"""Publishing forms and reading their versions back as ``forms`` definitions.

Functions take the database session implicitly through ``db.session`` and never commit:
the request (or CLI command) that calls them commits once.
"""
from __future__ import annotations

import dataclasses
import json
import mimetypes
import re
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from marshmallow import ValidationError

from forms.definition import FormDefinition
from forms.schema import dump_definition, load_definition

from .errors import AppError
from .extensions import db
from .models import Form, FormVersion, FormVersionFile

#: A media file's name: a plain file name, as XLSForm columns name them.
_MEDIA_NAME = re.compile(r"^(?!\.)[^/\\\x00-\x1f]{1,200}$")


@dataclass
class UploadedFile:
    """A file an organiser sent: the XLSForm, or one of its media."""

    filename: str
    data: bytes


def publish(definition: FormDefinition, source: UploadedFile | None = None,
            media: list[UploadedFile] = ()) -> tuple[FormVersion, bool]:
    """Store ``definition`` as a new version of its form; returns (version, created).

    ``source`` (the XLSForm exactly as uploaded) and ``media`` are kept with a new
    version. Publishing the very same definition again returns the stored version
    unchanged, so loading demo data or re-importing a workbook is idempotent. A different
    definition under a version string that already exists is refused: versions are
    immutable.
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
    files = ([("xlsform", source)] if source else []) + [("media", item) for item in media]
    for role, item in files:
        version.files.append(FormVersionFile(
            role=role, filename=item.filename, size=len(item.data), data=item.data,
            content_type=(mimetypes.guess_type(item.filename)[0] or "application/octet-stream")[:100]))
    db.session.add(version)
    db.session.flush()
    return version, True


@lru_cache(maxsize=256)
def _definition(version_id: int, form_id: str, version: str, created_at) -> FormDefinition:
    return load_definition(db.session.get(FormVersion, version_id).definition)


def definition_of(version: FormVersion) -> FormDefinition:
    """The parsed definition of ``version``; cached, since versions never change. The key
    names the version completely, so a row id reused by another database never collides."""
    return _definition(version.id, version.form.form_id, version.version, version.created_at)


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


def read_upload(data: bytes, filename: str, media: list[UploadedFile] = (),
                warnings: list[dict] | None = None) -> FormDefinition:
    """A form from an uploaded file: an XLSForm (.xlsx, .xls, .csv, .md), or the
    project's JSON definition; ``media`` are the files uploaded with it. A form without a
    form_id is named after ``filename``.

    Raises ``invalid_form`` with every problem (sheet, row, column and message in Lao and
    English) so that the organiser can fix them all at once. What the organiser should
    know but that does not stop the form (settings collect does not use …) is appended
    to ``warnings`` in the same shape. Nothing is stored here.
    """
    bad_names = [item.filename for item in media if not _MEDIA_NAME.match(item.filename or "")]
    if bad_names:
        issues = [{"sheet": None, "row": None, "column": None,
                   "message_en": f"The media file name '{name}' is not a plain file name.",
                   "message_lo": f"ຊື່ໄຟລ໌ສື່ '{name}' ບໍ່ແມ່ນຊື່ໄຟລ໌ທຳມະດາ."} for name in bad_names]
        raise AppError("invalid_form", details={"issues": issues}, count=len(issues))
    if filename.lower().endswith(".json"):
        try:
            return load_definition(json.loads(data.decode("utf-8")))
        except (UnicodeDecodeError, json.JSONDecodeError) as problem:
            issues = [{"sheet": None, "row": None, "column": None,
                       "message_en": f"Not a JSON document: {problem}",
                       "message_lo": f"ບໍ່ແມ່ນເອກະສານ JSON: {problem}"}]
        except ValidationError as problem:
            issues = [{"sheet": None, "row": None, "column": field,
                       "message_en": str(message), "message_lo": str(message)}
                      for field, message in _flatten(problem.messages)]
        raise AppError("invalid_form", details={"issues": issues}, count=len(issues))
    # pyxform and openpyxl add some 40 MB to a process; only publishing needs them, so a
    # web worker that never publishes never loads them.
    from forms.xlsform import XLSFormError, read_xlsform

    found = []
    try:
        definition = read_xlsform(data, filename=filename, warnings=found,
                                  media={item.filename: item.data for item in media})
    except XLSFormError as problem:
        issues = [dataclasses.asdict(issue) for issue in problem.issues]
        raise AppError("invalid_form", details={"issues": issues}, count=len(issues)) from None
    if warnings is not None:
        warnings.extend(dataclasses.asdict(issue) for issue in found)
    return definition


def _flatten(messages, prefix: str = ""):
    """marshmallow's nested error mapping as (dotted field path, message) pairs."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        for message in messages:
            yield prefix, message
    else:
        for index, value in enumerate(messages):
            yield from _flatten(value, f"{prefix}.{index}")
