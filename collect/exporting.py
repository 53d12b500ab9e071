"""Serving exports: feed ``exports/`` the form's versions and a stream of its responses,
write the file completely, then send it. The request that asked is recorded in the audit
log."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import current_app, send_file

from exports.atomic import write_atomically
from exports.raw import write_xlsx

from .audit import record
from .form_versions import definition_of
from .models import Form
from .responses import iter_records

MIMETYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_to(path: Path, form: Form, fmt: str, language: str) -> None:
    """Write the export of ``form`` to ``path`` (atomically: a complete file or none)."""
    versions = [definition_of(v) for v in reversed(form.versions)]
    records = iter_records(form.id, language)
    write_atomically(path, lambda temp: write_xlsx(versions, records, temp, language=language))


def send_export(form: Form, fmt: str, language: str):
    export_dir = Path(current_app.config["EXPORT_DIR"])
    export_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{form.form_id}.", suffix=f".{fmt}", dir=export_dir)
    os.close(fd)
    path = Path(name)
    try:
        export_to(path, form, fmt, language)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    record("export", f"form:{form.id}", format=fmt, language=language)
    response = send_file(path, mimetype=MIMETYPES[fmt], as_attachment=True,
                         download_name=f"{form.form_id}-responses.{fmt}")
    response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response
