"""Reading back the photos and files sent with responses: one at a time, or a form's as a ZIP.

Who may read them is who may read the form's responses (its SWG's organisers and
analysts, admins); a file answering a question marked sensitive is left out for those who
do not receive sensitive answers (analysts always, others when they ask), exactly as the
exports leave out its column. A ZIP is written to a file entry by entry, each file read
from the database on its own, so memory holds one file whatever the form's size.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from forms.definition import FormDefinition

from ..problems import Problem
from ..store import attachments, form_versions, responses
from ..store.models import Attachment, Form, User
from ..store.responses import ResponseFilter
from .audit import record
from .reviews import hidden_for

#: Kinds of file that are compressed already: stored in the ZIP as they are.
_COMPRESSED = ("image/", "audio/", "video/", "application/zip")


def _readable(form: Form, reader: User, omit_sensitive: bool) -> dict[int, FormDefinition]:
    """Each version's definition by id, without the sensitive questions when ``reader``
    may not receive their answers: a file whose path it no longer locates is left out."""
    hide = bool(hidden_for(form, reader, omit_sensitive))
    definitions = {}
    for version in form.versions:
        definition = form_versions.definition_of(version)
        definitions[version.id] = definition.without_sensitive() if hide else definition
    return definitions


def attachment_of(form: Form, reader: User, uuid: str, path: str) -> Attachment:
    """The file answering the question at ``path`` (``photo``, ``visits[2]/photo``) of the
    response ``uuid`` of ``form`` (which ``reader`` may read: see ``form_for``). Raises
    response_not_found and attachment_not_found (also for a sensitive question's file
    that ``reader`` may not receive)."""
    response = responses.by_uuid(uuid)
    if response is None or response.form_version.form_id != form.id:
        raise Problem("response_not_found")
    definition = _readable(form, reader, False)[response.form_version_id]
    found = attachments.at_path(response.id, path) if definition.locate(path) is not None else None
    if found is None:
        raise Problem("attachment_not_found")
    return found


def _entry_name(uuid: str, path: str, filename: str) -> str:
    """``<uuid>/<answer path>/<file name>``: unique, since a response has one file per path."""
    name = re.sub(r"[/\\]", "_", filename) or "file"
    return f"{uuid}/{path}/{name}"


def write_zip(form: Form, reader: User, filters: ResponseFilter, out: Path, omit_sensitive: bool = False) -> int:
    """Write the files of ``form``'s live responses that pass ``filters`` (the exports'
    filters) to the ZIP ``out``, as ``reader`` may receive them; the number of files."""
    definitions = _readable(form, reader, omit_sensitive)
    count = 0
    with zipfile.ZipFile(out, "w", allowZip64=True) as archive:
        for item in attachments.of_form(form.id, filters):
            if definitions[item.form_version_id].locate(item.path) is None:
                continue
            compression = zipfile.ZIP_STORED if item.content_type.startswith(_COMPRESSED) else zipfile.ZIP_DEFLATED
            archive.writestr(_entry_name(item.uuid, item.path, item.filename), attachments.data_of(item.id),
                             compress_type=compression)
            count += 1
    record("export", f"form:{form.id}", reader, swg=form.swg, kind="attachments", files=count)
    return count
