"""Photos and files uploaded with a response, kept in the database next to it.

Uploads are small (``MAX_UPLOAD_BYTES`` each; the page shrinks photos before sending), so
they live in the ``attachment`` table rather than on a disk that a second server would
not see. The web layer turns a multipart post or the offline queue's base64 ``files``
into :class:`Upload` values; here the answer to each upload's question becomes the file's
name, and the bytes are stored once the response is.
"""
from __future__ import annotations

from dataclasses import dataclass

from forms.definition import FormDefinition
from forms.types import UPLOAD_TYPES

from ..problems import Problem
from ..store import attachments

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: The types a question of each kind takes, as the client declares them; a file of unknown
#: type (application/octet-stream) is taken too, and a ``file`` question takes any type …
KINDS = {"image": "image/", "audio": "audio/", "video": "video/"}
UNKNOWN_TYPE = "application/octet-stream"
#: … but these: a browser would run them if an organiser opened the file.
ACTIVE_TYPES = frozenset({"text/html", "application/xhtml+xml", "image/svg+xml", "text/xml", "application/xml",
                          "text/javascript", "application/javascript"})


@dataclass(frozen=True)
class Upload:
    #: The question's path in the answers: ``photo``, or ``visits[2]/photo`` in a repeat.
    path: str
    filename: str
    content_type: str
    data: bytes


def _upload_type(form: FormDefinition, path: str) -> str | None:
    """The type of the question answered with a file at ``path``, if there is one."""
    found = form.locate(path)
    return found[1].type if found is not None and found[1].type in UPLOAD_TYPES else None


def checked_uploads(form: FormDefinition, uploads: list[Upload]) -> list[Upload]:
    """The uploads that answer a question of ``form`` answered with a file (others are ignored).
    Raises file_too_large and file_type_refused."""
    kept = []
    for upload in uploads:
        kind = _upload_type(form, upload.path)
        if not upload.data or kind is None:
            continue
        if len(upload.data) > MAX_UPLOAD_BYTES:
            raise Problem("file_too_large", path=upload.path, mb=MAX_UPLOAD_BYTES // (1024 * 1024))
        declared = upload.content_type.split(";")[0].strip().lower()
        if declared in ACTIVE_TYPES or (kind in KINDS and declared != UNKNOWN_TYPE
                                        and not declared.startswith(KINDS[kind])):
            raise Problem("file_type_refused", path=upload.path, type=declared[:60])
        kept.append(upload)
    return kept


def name_answers(form: FormDefinition, answers: dict, uploads: list[Upload]) -> None:
    """Answer each upload's question (checked by ``checked_uploads``) with the file's name."""
    for upload in uploads:
        steps, question = form.locate(upload.path)
        scope = answers
        for repeat, position in steps:
            instances = scope.setdefault(repeat, [])
            while len(instances) < position:
                instances.append({})
            scope = instances[position - 1]
        scope[question.key] = upload.filename


def keep(response_id: int, uploads: list[Upload]) -> None:
    """Store the uploads of a response, replacing any it had at the same paths."""
    attachments.replace(response_id, [{"path": u.path, "filename": u.filename, "content_type": u.content_type,
                                       "data": u.data} for u in uploads])
