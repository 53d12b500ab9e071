"""Sending the files sent with responses: one as it was received, a form's as a ZIP.

The ZIP is written to a temporary file under ``EXPORT_DIR`` (one attached file in memory
at a time) and removed once it has been sent.
"""
from __future__ import annotations

import io
import uuid
from pathlib import Path

from flask import current_app, send_file

from ..services.attachments import write_zip
from ..store.models import Attachment, Form, User
from .downloads import filters_from


def send_attachment(found: Attachment):
    """The file as received, always as a download (never shown inline by the browser)."""
    response = send_file(io.BytesIO(found.data), mimetype=found.content_type, as_attachment=True,
                         download_name=found.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def send_zip(form: Form, reader: User, query: dict):
    """The files of ``form``'s responses that pass the export filters of ``query``."""
    export_dir = Path(current_app.config["EXPORT_DIR"])
    export_dir.mkdir(parents=True, exist_ok=True)
    path = export_dir / f"{uuid.uuid4().hex}.zip"
    try:
        write_zip(form, reader, filters_from(query), path, omit_sensitive=query["sensitive"] == "omit")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=f"{form.form_id}-attachments.zip")
    response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response
