"""Photos and files uploaded with a response, kept in the database next to it.

Uploads are small (``MAX_UPLOAD_BYTES`` each; the page shrinks photos before sending), so
they live in the ``attachment`` table rather than on a disk that a second server would
not see. A plain form post brings them as multipart files; the offline queue, which
speaks JSON, brings them base64-encoded under ``files``. Either way the answer to the
question becomes the file's name, and the bytes are stored once the response is.
"""
from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy import delete
from werkzeug.datastructures import MultiDict

from forms.definition import FormDefinition
from forms.types import UPLOAD_TYPES

from .errors import AppError
from .extensions import db
from .models import Attachment, Response

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


@dataclass
class Upload:
    path: str
    filename: str
    content_type: str
    data: bytes


def _upload_question(form: FormDefinition, path: str) -> bool:
    """True when ``path`` is the answer path of a question answered with a file."""
    found = form.locate(path)
    return found is not None and found[1].type in UPLOAD_TYPES


def _checked(form: FormDefinition, upload: Upload) -> Upload | None:
    if not _upload_question(form, upload.path) or not upload.data:
        return None
    if len(upload.data) > MAX_UPLOAD_BYTES:
        raise AppError("file_too_large", path=upload.path, mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    return upload


def uploads_from_form(form: FormDefinition, files: MultiDict) -> list[Upload]:
    """The files of a multipart form post that answer the form's image and file questions."""
    found = []
    for path, storage in files.items():
        upload = Upload(path, (storage.filename or "upload")[-200:],
                        (storage.mimetype or "application/octet-stream")[:100],
                        storage.read(MAX_UPLOAD_BYTES + 1))
        if (checked := _checked(form, upload)) is not None:
            found.append(checked)
    return found


def uploads_from_json(form: FormDefinition, files: dict) -> list[Upload]:
    """The ``files`` of a JSON submission: ``{path: {"name", "type", "data" (base64)}}``."""
    found = []
    for path, item in files.items():
        try:
            data = base64.b64decode(item["data"], validate=True)
        except (binascii.Error, ValueError):
            raise AppError("invalid_request", details={"fields": {"files": {path: "not base64"}}}) from None
        upload = Upload(path, item["name"][-200:] or "upload", item["type"][:100] or "application/octet-stream", data)
        if (checked := _checked(form, upload)) is not None:
            found.append(checked)
    return found


def name_answers(form: FormDefinition, answers: dict, uploads: list[Upload]) -> None:
    """Answer each upload's question with the file's name."""
    for upload in uploads:
        steps, question = form.locate(upload.path)
        scope = answers
        for repeat, position in steps:
            instances = scope.setdefault(repeat, [])
            while len(instances) < position:
                instances.append({})
            scope = instances[position - 1]
        scope[question.key] = upload.filename


def keep(response: Response, uploads: list[Upload]) -> None:
    """Store the uploads of ``response``, replacing any it had at the same paths."""
    paths = [upload.path for upload in uploads]
    if paths:
        db.session.execute(delete(Attachment).where(Attachment.response_id == response.id,
                                                    Attachment.path.in_(paths)))
    db.session.add_all(Attachment(response_id=response.id, path=u.path, filename=u.filename,
                                  content_type=u.content_type, size=len(u.data), data=u.data)
                       for u in uploads)
