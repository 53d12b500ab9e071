"""Checks collect makes on a workbook's rows as written, before and beside pyxform.

pyxform stops at the first error it meets, so an organiser fixing a form would see one
problem per upload. These checks read every row of the sheets themselves and report all
they find at once — types, references, expressions, settings and columns collect cannot
honour — each at the sheet, row and column *as its header is written* (``instance::hxl``,
``relevance``), since that is what the organiser sees in Excel. Headers are understood
with pyxform's own header parsing and aliases, and types with pyxform's own patterns and
type dictionary, so this module keeps no list of XLSForm's spellings.

A row refused here still names a question, so a reference to it elsewhere is not
reported again as "no question is named …": only the cause is.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable

from pyxform import aliases
from pyxform.parsing.sheet_headers import clean_text_values, process_header
from pyxform.question import MultipleChoiceQuestion
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.utils import default_is_dynamic
from pyxform.xls2json import RE_BEGIN_CONTROL, RE_END_CONTROL, RE_OSM, RE_SELECT
from pyxform.xls2json_backends import DefinitionData

from .expressions import ExpressionError, parse as parse_expression

#: The hidden column that carries each row's spreadsheet row number through pyxform.
ROW = "__collect_row"

#: The canonical type of each pyxform type that names one directly; pyxform's aliases of
#: them are found by the XForm they produce (their entry in QUESTION_TYPE_DICT).
_CANONICAL = {
    "text": "text", "integer": "integer", "decimal": "decimal", "date": "date", "time": "time",
    "dateTime": "datetime", "select one": "select_one", "select all that apply": "select_multiple",
    "rank": "rank", "range": "range", "note": "note", "acknowledge": "acknowledge",
    "trigger": "acknowledge", "calculate": "calculate", "hidden": "hidden",
    "geopoint": "geopoint", "geotrace": "geotrace", "geoshape": "geoshape", "barcode": "barcode",
    "image": "image", "audio": "audio", "video": "video", "file": "file",
    "start": "start", "end": "end", "today": "today", "deviceid": "deviceid",
    "username": "username", "phonenumber": "phonenumber", "email": "email",
    "simserial": "simserial", "subscriberid": "subscriberid", "audit": "audit",
    "start-geopoint": "start-geopoint", "background-audio": "background-audio",
    "background-geopoint": "background-geopoint",
}
#: pyxform types collect refuses, and what they would need.
REFUSED_TYPES = {"osm": ("OpenStreetMap editing on the device",
                         "ການແກ້ໄຂແຜນທີ່ OpenStreetMap ໃນອຸປະກອນ")}
#: Sheets collect refuses, and what they would need.
REFUSED_SHEETS = {
    "entities": "ODK Entities (data shared between forms and devices)",
    "osm": "OpenStreetMap tags",
}
#: Settings collect refuses, and what they would need.
REFUSED_SETTINGS = {"public_key": "encrypted submissions"}
#: Settings collect reads.
USED_SETTINGS = {
    "form_title", "title", "set_form_title", "form_id", "id_string", "set_form_id", "version",
    "instance_name", "default_language", "style", "allow_choice_duplicates",
    "clean_text_values", "report",
}
_TITLE_IN = re.compile(r"^form_title(_[a-z]{2,3}|::.*)$")
#: Survey columns (as pyxform groups them) whose text is an expression.
_EXPRESSIONS = {("bind", "relevant"): "relevant", ("bind", "constraint"): "constraint",
                ("bind", "calculate"): "calculation", ("choice_filter",): "choice_filter",
                ("control", "jr:count"): "repeat_count", ("bind", "required"): "required"}
#: Survey columns collect reads, as pyxform groups them (the first part of a header).
_USED_COLUMNS = {
    "type", "name", "label", "hint", "guidance_hint", "default", "choice_filter",
    "parameters", "media", "trigger", "instance", "sensitive", "list_name", "itemset",
    "required_message", "constraint_message",
}
_USED_BIND = {"relevant", "required", "constraint", "calculate", "readonly", "jr:requiredMsg",
              "jr:constraintMsg"}
_USED_CONTROL = {"appearance", "jr:count"}
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_ONE_REFERENCE = re.compile(r"^\s*\$\{\s*[^}]+\}\s*$")
_OR_OTHER = re.compile(r"\s(or_other|or other|or specify other)\s*$")

Add = Callable[..., None]


def _signature(entry: dict) -> str:
    """What an entry of QUESTION_TYPE_DICT makes of a question, less the constraint and
    hint that some aliases add (``percentage``) and the ``uri:`` form of metadata."""
    entry = json.loads(json.dumps(entry))
    entry.pop("hint", None)
    bind = entry.get("bind", {})
    bind.pop("constraint", None)
    if str(bind.get("jr:preloadParams", "")).startswith("uri:"):
        bind["jr:preloadParams"] = bind["jr:preloadParams"][4:]
    return json.dumps(entry, sort_keys=True)


_BY_SIGNATURE: dict[str, str] = {}
for _name, _canonical in _CANONICAL.items():
    _BY_SIGNATURE.setdefault(_signature(QUESTION_TYPE_DICT[_name]), _canonical)


def canonical_type(kind: str) -> str | None:
    """The canonical type of the pyxform type ``kind``; None when collect has none."""
    if kind in ("group", "repeat"):
        return kind
    if kind in _CANONICAL:
        return _CANONICAL[kind]
    if kind not in QUESTION_TYPE_DICT or kind in REFUSED_TYPES:
        return None
    return _BY_SIGNATURE.get(_signature(QUESTION_TYPE_DICT[kind]))


def pyxform_type(kind: str) -> dict:
    """pyxform's entry for the type ``kind`` (the constraint and hint some aliases imply)."""
    return QUESTION_TYPE_DICT.get(kind, {})


# -- sheets and settings ------------------------------------------------------------------

def check_sheets(workbook: DefinitionData, add: Add) -> None:
    survey = workbook.survey
    if survey is None:
        add("no_survey_sheet", None)
    elif not any(survey):
        add("empty_survey", "survey", 2)
    lists: dict[str, tuple[int, bool]] = {}
    for number, row in enumerate(workbook.choices or (), 2):
        name = row.get("list_name") or row.get("list name")
        if name:
            first, named = lists.get(name, (number, False))
            lists[name] = (first, named or "name" in row or "value" in row)
    for name, (first, named) in lists.items():
        if not named:
            add("empty_choice_list", "choices", first, "name", value=name)
    for sheet, needs in REFUSED_SHEETS.items():
        if getattr(workbook, sheet):
            add("unsupported_sheet", sheet, 1, detail=needs)


def check_settings(settings: dict, add: Add, warn: Add, reports: Iterable[str]) -> None:
    """Refuse the settings collect cannot honour, warn of those it does not use, and
    check the ones that hold an expression or a choice."""
    for key, value in settings.items():
        base = key.split("::")[0]
        if key in REFUSED_SETTINGS:
            add("refused_setting", "settings", 2, key, detail=REFUSED_SETTINGS[key])
        elif not (key in USED_SETTINGS or base in USED_SETTINGS or _TITLE_IN.match(key)):
            warn("ignored_setting", "settings", 2, key)
    report = settings.get("report")
    if report is not None and report not in reports:
        add("unknown_report", "settings", 2, "report", value=report, detail=", ".join(reports))
    if settings.get("instance_name"):
        _check_expression(str(settings["instance_name"]), "instance_name", 2, add, "settings")


# -- survey rows -------------------------------------------------------------------------

def _columns(header: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each header as written -> its parts as pyxform reads them (``("bind", "relevant")``)."""
    headers = [h for h in header if h != ROW]
    double = any("::" in h for h in headers)
    known = set(MultipleChoiceQuestion.get_slot_names())
    return {h: process_header(h, double, aliases.survey_header, known)[1] for h in headers}


def check_rows(workbook: DefinitionData, add: Add, warn: Add) -> None:
    """Check every survey row's type, references and expressions, and the columns."""
    rows = workbook.survey or []
    columns = _columns((workbook.survey_header or [{}])[0])
    name_columns = [h for h, parts in columns.items() if parts[0] == "name"]
    names = Counter(str(row[c]) for row in rows for c in name_columns if row.get(c))
    type_column = next((h for h, parts in columns.items() if parts[0] == "type"), "type")
    _check_columns(rows, columns, warn)
    for number, row in enumerate(rows, start=2):
        raw_type = " ".join(str(row.get(type_column) or "").split())
        kind = _check_type(raw_type, number, add)
        for header, value in row.items():
            parts = columns.get(header)
            if parts is None or parts[0] in ("type", "name") or value is None:
                continue
            text = clean_text_values(str(value))
            if _check_references(text, header, number, names, add):
                continue  # a reference that cannot resolve: nothing more to say of the cell
            column = _EXPRESSIONS.get(parts[:2]) or _EXPRESSIONS.get(parts[:1])
            if column == "required" and text in aliases.yes_no:
                continue
            if parts[0] == "default" and default_is_dynamic(text, kind):
                column = "default"
            if parts[0] == "trigger":
                if not _ONE_REFERENCE.match(text):
                    add("not_a_reference", "survey", number, header, value=text)
                continue
            if column:
                _check_expression(text, header, number, add, choice_filter=column == "choice_filter")


def _pyxform_columns() -> set[str]:
    """The first parts of the survey headers pyxform understands."""
    known = set(MultipleChoiceQuestion.get_slot_names())
    known.update(v if isinstance(v, str) else v[0] for v in aliases.survey_header.values())
    return known


def _check_columns(rows: list[dict], columns: dict[str, tuple[str, ...]], warn: Add) -> None:
    """Warn once of each column pyxform knows but collect does not use, at the first row
    that fills it. Columns pyxform does not know are the author's notes: pyxform ignores
    them, and so does collect."""
    known = _pyxform_columns()
    for header, parts in columns.items():
        head, attribute = parts[0], parts[1] if len(parts) > 1 else None
        if head == "bind":
            used = attribute in _USED_BIND
        elif head == "control":
            used = attribute in _USED_CONTROL
        else:
            used = head in _USED_COLUMNS or head not in known
        if used:
            continue
        first = next((n for n, row in enumerate(rows, 2) if row.get(header) not in (None, "")), None)
        if first is not None:
            warn("ignored_column", "survey", first, header)


def _check_type(raw_type: str, row: int, add: Add) -> str | None:
    """Report a type collect cannot take; returns pyxform's type name when it is one."""
    if not raw_type:
        return None
    if RE_BEGIN_CONTROL.search(raw_type) or RE_END_CONTROL.search(raw_type) or RE_SELECT.search(raw_type):
        return None
    plain = _OR_OTHER.sub("", raw_type)
    if plain in aliases.select:
        add("select_without_list", "survey", row, "type", value=raw_type)
    elif RE_OSM.search(plain) or plain in REFUSED_TYPES:
        add("refused_type", "survey", row, "type", value=raw_type, detail=REFUSED_TYPES["osm"][0])
    elif plain in QUESTION_TYPE_DICT:
        if canonical_type(plain) is None:
            add("refused_type", "survey", row, "type", value=raw_type, detail=plain)
        return QUESTION_TYPE_DICT[plain].get("bind", {}).get("type")
    elif plain not in ("csv-external", "xml-external"):
        add("unknown_type", "survey", row, "type", value=raw_type)
    return None


def _check_references(text: str, column: str, row: int, names: Counter, add: Add) -> bool:
    """Report ``${name}`` references that name no question or several; True if any did."""
    found = False
    for name in _REFERENCE.findall(text):
        name = name.strip()
        if names.get(name, 0) == 0:
            add("missing_reference", "survey", row, column, value=name)
            found = True
        elif names[name] > 1:
            add("ambiguous_reference", "survey", row, column, value=name)
            found = True
    return found


def _check_expression(text: str, column: str, row: int, add: Add, sheet: str = "survey",
                      choice_filter: bool = False) -> None:
    try:
        parse_expression(text, choice_filter=choice_filter)
    except ExpressionError as err:
        unknown = re.match(r"unknown function (.+)\(\)", err.message)
        if unknown:
            add("unsupported_function", sheet, row, column, detail=unknown.group(1))
        else:
            lao = err.lao or err.message
            detail_lo = lao if err.position is None else f"{lao} (ຕົວອັກສອນທີ {err.position})"
            add("bad_expression", sheet, row, column, value=text, detail=str(err), detail_lo=detail_lo)
