"""Publishing forms: read an uploaded XLSForm or JSON definition, store it as a new version.

Versions are immutable: publishing the very same definition again returns the stored
version unchanged (so loading the demo or re-importing a workbook is idempotent), and a
different definition under a version string that already exists is refused.
"""
from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass

from marshmallow import ValidationError

from forms.archive import ArchiveLimits, ArchiveTooLarge, check_archive
from forms.definition import FormDefinition
from forms.schema import dump_definition, load_definition

from ..problems import Problem
from ..store import form_versions, reference
from ..store.models import Form, FormVersion, Swg, User
from .audit import record
from .permissions import Action, may, readable_swg_ids, require, require_visible

#: How large an uploaded workbook may unpack; see forms/archive.py.
WORKBOOK_LIMITS = ArchiveLimits()
#: A media file's name: a plain file name, as XLSForm columns name them.
_MEDIA_NAME = re.compile(r"^(?!\.)[^/\\\x00-\x1f]{1,200}$")


@dataclass
class UploadedFile:
    """A file an organiser sent: the XLSForm, or one of the media files it uses."""

    filename: str
    data: bytes


def publish(definition: FormDefinition, swg: Swg | None = None, source: UploadedFile | None = None,
            media: list[UploadedFile] = (), warnings: list[dict] | None = None) -> tuple[FormVersion, bool]:
    """Store ``definition`` as a new version of its form (a new form goes into ``swg``);
    returns (version, created).

    ``source`` (the XLSForm exactly as uploaded), the XForm pyxform makes of it (for ODK
    Collect and KoboCollect) and ``media`` are kept with a new version; a workbook pyxform
    cannot make an XForm of is published for the web only, with a warning. Raises
    version_exists when that version string holds other content."""
    canonical = dump_definition(definition)
    form = form_versions.form_named(definition.form_id)
    if form is None:
        form = form_versions.add_form(definition.form_id)
        form.swg = swg
    existing = form_versions.version_named(form, definition.version)
    if existing is not None:
        if existing.definition == canonical:
            return existing, False
        raise Problem("version_exists", version=definition.version, form_id=definition.form_id)
    files = ([("xlsform", source.filename, source.data)] if source else []) + [
        ("media", item.filename, item.data) for item in media]
    if source is not None and not source.filename.lower().endswith(".json"):
        files += _xform_files(source, warnings if warnings is not None else [])
    return form_versions.add_version(form, definition.version, canonical, files), True


def _xform_files(source: UploadedFile, warnings: list[dict]) -> list[tuple[str, str, bytes]]:
    """The XForm of an uploaded XLSForm (and the CSV of its external choices), as files."""
    from forms.xform import ITEMSETS_NAME, XFORM_NAME, XFormError, xform_of

    try:
        xform = xform_of(source.data, source.filename)
    except XFormError as problem:
        warnings.append({"code": "no_xform", "sheet": None, "row": None, "column": None,
                         "message_en": f"ODK Collect and KoboCollect will not list this form: {problem}",
                         "message_lo": f"ODK Collect ແລະ KoboCollect ຈະບໍ່ສະແດງແບບຟອມນີ້: {problem}"})
        return []
    files = [("xform", XFORM_NAME, xform.xml.encode("utf-8"))]
    if xform.itemsets is not None:
        files.append(("xform", ITEMSETS_NAME, xform.itemsets.encode("utf-8")))
    return files


def publish_upload(source: UploadedFile, actor: User | None, swg_code: str | None = None,
                   media: list[UploadedFile] = (), warnings: list[dict] | None = None,
                   **audit_details) -> tuple[FormVersion, bool]:
    """Read and publish an uploaded form with the media files it uses, recording a new
    version in the audit log; what the organiser should know is added to ``warnings``. A
    new form goes into the SWG ``swg_code``; a new version stays in its form's SWG;
    ``actor`` None is the console, which may publish anywhere. Raises invalid_form,
    workbook_too_large, version_exists, swg_required, unknown_swg, form_id_taken and
    forbidden; stores nothing then."""
    definition = read_upload(source.data, source.filename, media, warnings)
    existing = form_versions.form_named(definition.form_id)
    swg = reference.swg_named(swg_code) if swg_code else None
    if swg_code and swg is None:
        raise Problem("unknown_swg", swg=swg_code)
    if existing is not None:
        if actor is not None and not may(actor, Action.MANAGE, existing.swg):
            if may(actor, Action.READ, existing.swg):
                raise Problem("forbidden")
            raise Problem("form_id_taken", form_id=definition.form_id)
        if swg is not None and existing.swg_id != swg.id:
            raise Problem("form_id_taken", form_id=definition.form_id)
    elif actor is not None:
        if swg is None:
            raise Problem("swg_required")
        require(actor, Action.MANAGE, swg)
    version, created = publish(definition, swg, source, media, warnings)
    if created:
        record("publish", f"form:{version.form_id}", actor, swg=version.form.swg, version=version.version,
               **audit_details)
    return version, created


def get_form(form_pk: int) -> Form:
    """The form with this number; raises form_not_found."""
    form = form_versions.get_form(form_pk)
    if form is None:
        raise Problem("form_not_found", form_id=form_pk)
    return form


def form_for(reader: User, form_pk: int, action: Action = Action.READ) -> Form:
    """The form, if ``reader`` may see it (else form_not_found) and take ``action`` on it
    (else forbidden)."""
    form = get_form(form_pk)
    require_visible(reader, form.swg, Problem("form_not_found", form_id=form_pk))
    require(reader, action, form.swg)
    return form


def visible_forms(reader: User) -> list[Form]:
    readable = readable_swg_ids(reader)
    return [form for form in form_versions.all_forms() if readable is None or form.swg_id in readable]


def find_version(form: Form, version: str) -> FormVersion:
    """The form's version called ``version``; raises unknown_version."""
    found = form_versions.version_named(form, version)
    if found is None:
        raise Problem("unknown_version", version=version)
    return found


def read_upload(data: bytes, filename: str, media: list[UploadedFile] = (),
                warnings: list[dict] | None = None) -> FormDefinition:
    """A form from an uploaded file: an XLSForm (.xlsx, .xls, .csv, .md), or the
    project's JSON definition; ``media`` are the files uploaded with it. A form without a
    form_id is named after ``filename``, as pyxform names it.

    Raises ``invalid_form`` with every problem (sheet, row, column and message in Lao and
    English) so that the organiser can fix them all at once, and ``workbook_too_large``
    for a workbook that would unpack beyond WORKBOOK_LIMITS. What the organiser should
    know but that does not stop the form (settings collect does not use …) is appended
    to ``warnings`` in the same shape as the issues. Nothing is stored here.
    """
    bad_names = [item.filename for item in media if not _MEDIA_NAME.match(item.filename or "")]
    if bad_names:
        issues = [{"sheet": None, "row": None, "column": None,
                   "message_en": f"The media file name '{name}' is not a plain file name.",
                   "message_lo": f"ຊື່ໄຟລ໌ສື່ '{name}' ບໍ່ແມ່ນຊື່ໄຟລ໌ທຳມະດາ."} for name in bad_names]
        raise Problem("invalid_form", details={"issues": issues}, count=len(issues))
    if filename.lower().endswith(".json"):
        return _read_json(data)
    try:
        check_archive(data, WORKBOOK_LIMITS)
    except ArchiveTooLarge:
        raise Problem("workbook_too_large", mb=WORKBOOK_LIMITS.max_unpacked // (1024 * 1024),
                      ratio=WORKBOOK_LIMITS.max_ratio) from None
    # pyxform and openpyxl add some 40 MB to a process; only publishing needs them, so a
    # web worker that never publishes never loads them.
    from forms.xlsform import XLSFormError, read_xlsform

    found = []
    try:
        definition = read_xlsform(data, filename=filename, warnings=found,
                                  media={item.filename: item.data for item in media})
    except XLSFormError as problem:
        issues = [dataclasses.asdict(issue) for issue in problem.issues]
        raise Problem("invalid_form", details={"issues": issues}, count=len(issues)) from None
    if warnings is not None:
        warnings.extend(dataclasses.asdict(issue) for issue in found)
    return definition


def _read_json(data: bytes) -> FormDefinition:
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
    except RecursionError:
        issues = [{"sheet": None, "row": None, "column": None,
                   "message_en": "The JSON document is nested too deeply.",
                   "message_lo": "ເອກະສານ JSON ຊ້ອນກັນເລິກເກີນໄປ."}]
    raise Problem("invalid_form", details={"issues": issues}, count=len(issues))


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
