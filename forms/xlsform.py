"""Import an XLSForm workbook (.xlsx) into the canonical form model.

Organisers already write forms as XLSForm in Excel, KoboToolbox or ODK, so a workbook is
the main way a form enters collect. pyxform is the reference reader of XLSForm: it reads
the sheets, resolves column aliases and ``label::Language (code)`` headers, and checks the
structure (names, groups, choice lists, references). ``read_xlsform`` lets pyxform do all
of that, then maps its JSON result into :class:`~forms.definition.FormDefinition`.

pyxform's JSON has no row numbers and adds nodes of its own (the ``meta`` group, a
``<repeat>_count`` calculation, the ``other`` choice and ``<name>_other`` question of
``or_other``, table-list label notes). Before pyxform sees the survey and choices rows,
each row gets a hidden cell holding its spreadsheet row number; pyxform carries unknown
columns through untouched, so every element it built from a row says where it came from,
and everything it generated has no row and is left out.

Every problem becomes an :class:`XLSFormIssue` (sheet, 1-based row, column, and what to
fix in English and Lao); :class:`XLSFormError` carries the list. pyxform stops at its
first error, so a broken structure gives one issue; the checks collect runs afterwards
(types, names across the whole form, languages, expressions) report all they find.
"""
from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Iterable
from io import BytesIO
from os import PathLike
from pathlib import Path
from typing import Any

from pyxform import aliases
from pyxform.errors import ErrorCode, PyXFormError
from pyxform.parsing.parameters import parse as parse_parameters
from pyxform.question_type_dictionary import QUESTION_TYPE_DICT
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import DefinitionData, get_xlsform

from .definition import Choice, FormDefinition, Question, Text
from .expressions import ExpressionError, parse as parse_expression
from .schema import LANGUAGE_PATTERN, NAME_PATTERN

#: The hidden column that carries each row's spreadsheet row number through pyxform.
ROW = "__collect_row"

#: pyxform's name for a question type -> the canonical type.
TYPES = {
    "text": "text", "string": "text", "integer": "integer", "int": "integer",
    "decimal": "decimal", "select one": "select_one", "select all that apply": "select_multiple",
    "rank": "rank", "range": "range", "date": "date", "time": "time", "dateTime": "datetime",
    "datetime": "datetime", "note": "note", "acknowledge": "acknowledge",
    "calculate": "calculate", "hidden": "hidden", "group": "group", "repeat": "repeat",
    "geopoint": "geopoint", "photo": "image", "file": "file", "start": "start", "end": "end",
    "today": "today", "deviceid": "deviceid", "username": "username",
    "phonenumber": "phonenumber", "audit": "audit",
}
#: XLSForm types that pyxform knows and collect does not, besides QUESTION_TYPE_DICT's.
KNOWN_XLSFORM_TYPES = {"loop"}
#: Question types that need a choice list, as an author writes them.
SELECT_WORDS = ("select_one", "select_multiple", "select one", "select all that apply", "rank")

#: Columns pyxform understands whose meaning collect cannot keep.
UNSUPPORTED_KEYS = ("media", "trigger", "guidance_hint", "instance", "query", "sms_field")
#: Question fields that hold an expression, checked with the expression parser.
EXPRESSION_COLUMNS = ("relevant", "required", "constraint", "calculation", "choice_filter",
                      "repeat_count")

#: What a language is called in a column header when it has no "(code)" after it.
LANGUAGE_NAMES = {
    "lao": "lo", "ລາວ": "lo", "ພາສາລາວ": "lo", "english": "en", "thai": "th",
    "french": "fr", "vietnamese": "vi", "chinese": "zh", "japanese": "ja", "korean": "ko",
}
_CODE_IN_BRACKETS = re.compile(r"\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\s*\)\s*$")
_LAO_LETTERS = re.compile("[\u0e80-\u0eff]")
_REFERENCE = re.compile(r"\$\{([^}]*)\}")
_OR_OTHER = re.compile(r"\s(or_other|or other|or specify other)\s*$")
_ROW_PREFIX = re.compile(r"^\[row : (\d+)\]\s*")
#: A form title in another language: XLSForm has one form_title, and pyxform cannot turn
#: a translated ``form_title::Language (code)`` into an XForm, so collect also reads
#: ``form_title_<code>`` columns, which ODK and KoboToolbox simply ignore.
_TITLE_IN = re.compile(r"^form_title_([a-z]{2,3})$")

REPORTS = ("satisfaction", "capacity", "sdg_seminar", "consultation")

#: Issue code -> (English, Lao) message templates; {placeholders} come from the issue.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_xlsx": (
        "The file is not an Excel workbook (.xlsx). Save the form in Excel as .xlsx and upload it again.",
        "ໄຟລ໌ນີ້ບໍ່ແມ່ນປຶ້ມວຽກ Excel (.xlsx). ກະລຸນາບັນທຶກແບບຟອມໃນ Excel ເປັນ .xlsx ແລ້ວອັບໂຫຼດໃໝ່.",
    ),
    "unreadable_file": (
        "The file {value} cannot be read: {detail}",
        "ບໍ່ສາມາດອ່ານໄຟລ໌ {value} ໄດ້: {detail}",
    ),
    "no_survey_sheet": (
        "The workbook has no sheet named 'survey'. Add a sheet called survey that lists the questions.",
        "ປຶ້ມວຽກບໍ່ມີແຜ່ນງານຊື່ 'survey'. ກະລຸນາເພີ່ມແຜ່ນງານຊື່ survey ທີ່ມີລາຍການຄຳຖາມ.",
    ),
    "empty_survey": (
        "The survey sheet has no questions. Add the questions in the rows under the header row.",
        "ແຜ່ນງານ survey ບໍ່ມີຄຳຖາມ. ກະລຸນາເພີ່ມຄຳຖາມໃນແຖວລຸ່ມແຖວຫົວຂໍ້.",
    ),
    "missing_column": (
        "The {sheet} sheet has no '{column}' column. Add a column headed {column} in the first row.",
        "ແຜ່ນງານ {sheet} ບໍ່ມີຖັນ '{column}'. ກະລຸນາເພີ່ມຖັນທີ່ມີຫົວຂໍ້ {column} ໃນແຖວທຳອິດ.",
    ),
    "duplicate_column": (
        "The column '{column}' appears twice in a header row. Keep only one of them.",
        "ຖັນ '{column}' ມີສອງເທື່ອໃນແຖວຫົວຂໍ້. ກະລຸນາເກັບໄວ້ພຽງຖັນດຽວ.",
    ),
    "missing_type": (
        "This row has a name or a label but no type. Write the question type in the type column.",
        "ແຖວນີ້ມີຊື່ ຫຼື ປ້າຍ ແຕ່ບໍ່ມີປະເພດ. ກະລຸນາຂຽນປະເພດຄຳຖາມໃນຖັນ type.",
    ),
    "missing_name": (
        "This question has no name. Write a short name, different from every other, in the name column.",
        "ຄຳຖາມນີ້ບໍ່ມີຊື່. ກະລຸນາຂຽນຊື່ສັ້ນໆ ທີ່ບໍ່ຊ້ຳກັບຊື່ອື່ນ ໃນຖັນ name.",
    ),
    "invalid_name": (
        "The name '{value}' is not valid. A name starts with a letter or '_' and holds only "
        "letters, digits, '_', '-' or '.', without spaces.",
        "ຊື່ '{value}' ບໍ່ຖືກຕ້ອງ. ຊື່ຕ້ອງເລີ່ມດ້ວຍຕົວອັກສອນລາຕິນ ຫຼື '_' ແລະ ມີພຽງຕົວອັກສອນ, "
        "ຕົວເລກ, '_', '-' ຫຼື '.' ໂດຍບໍ່ມີຍະຫວ່າງ.",
    ),
    "duplicate_name": (
        "The name '{value}' is used more than once. Give every question, group and repeat its own name.",
        "ຊື່ '{value}' ຖືກໃຊ້ຫຼາຍກວ່າໜຶ່ງເທື່ອ. ກະລຸນາໃຫ້ທຸກຄຳຖາມ, ກຸ່ມ ແລະ ກຸ່ມຊ້ຳ ມີຊື່ຂອງຕົນເອງ.",
    ),
    "reserved_name": (
        "The name '{value}' is reserved. Choose another name.",
        "ຊື່ '{value}' ຖືກສະຫງວນໄວ້. ກະລຸນາເລືອກຊື່ອື່ນ.",
    ),
    "unknown_type": (
        "Unknown question type '{value}'. Check the spelling against the XLSForm types collect supports.",
        "ບໍ່ຮູ້ຈັກປະເພດຄຳຖາມ '{value}'. ກະລຸນາກວດການສະກົດ ທຽບກັບປະເພດ XLSForm ທີ່ collect ຮອງຮັບ.",
    ),
    "unsupported_type": (
        "The question type '{value}' exists in XLSForm but collect does not support it. "
        "Use another type or remove the row.",
        "ປະເພດຄຳຖາມ '{value}' ມີໃນ XLSForm ແຕ່ collect ບໍ່ຮອງຮັບ. ກະລຸນາໃຊ້ປະເພດອື່ນ ຫຼື ລຶບແຖວນີ້.",
    ),
    "select_without_list": (
        "'{value}' needs the name of a choice list after it, for example 'select_one yes_no'.",
        "'{value}' ຕ້ອງມີຊື່ລາຍການຕົວເລືອກຕາມຫຼັງ, ຕົວຢ່າງ 'select_one yes_no'.",
    ),
    "missing_choice_list": (
        "The choice list '{value}' is not on the choices sheet. Add its choices there or correct the list name.",
        "ລາຍການຕົວເລືອກ '{value}' ບໍ່ມີໃນແຜ່ນງານ choices. ກະລຸນາເພີ່ມຕົວເລືອກ ຫຼື ແກ້ໄຂຊື່ລາຍການ.",
    ),
    "no_choices_sheet": (
        "A select question needs a choices sheet with the columns list_name, name and label.",
        "ຄຳຖາມແບບເລືອກ ຕ້ອງມີແຜ່ນງານ choices ທີ່ມີຖັນ list_name, name ແລະ label.",
    ),
    "empty_choice_list": (
        "The choice list '{value}' has no choices. Give each of its rows a name.",
        "ລາຍການຕົວເລືອກ '{value}' ບໍ່ມີຕົວເລືອກ. ກະລຸນາໃສ່ຊື່ໃຫ້ແຕ່ລະແຖວຂອງມັນ.",
    ),
    "choice_without_name": (
        "This choice has no name. Write the value to store in the name column.",
        "ຕົວເລືອກນີ້ບໍ່ມີຊື່. ກະລຸນາຂຽນຄ່າທີ່ຈະບັນທຶກ ໃນຖັນ name.",
    ),
    "duplicate_choice": (
        "The choice name '{value}' appears more than once in the list '{list}'. "
        "Each choice in a list needs its own name.",
        "ຊື່ຕົວເລືອກ '{value}' ຊ້ຳກັນໃນລາຍການ '{list}'. ແຕ່ລະຕົວເລືອກໃນລາຍການ ຕ້ອງມີຊື່ຂອງຕົນເອງ.",
    ),
    "choice_name_space": (
        "The choice name '{value}' in the list '{list}' contains a space, which a "
        "select_multiple cannot store. Replace the space with '_'.",
        "ຊື່ຕົວເລືອກ '{value}' ໃນລາຍການ '{list}' ມີຍະຫວ່າງ ເຊິ່ງ select_multiple ບັນທຶກບໍ່ໄດ້. "
        "ກະລຸນາປ່ຽນຍະຫວ່າງເປັນ '_'.",
    ),
    "unclosed_group": (
        "The group '{value}' begins here but never ends. Add an 'end group' row after its last question.",
        "ກຸ່ມ '{value}' ເລີ່ມຢູ່ນີ້ ແຕ່ບໍ່ມີບ່ອນສິ້ນສຸດ. ກະລຸນາເພີ່ມແຖວ 'end group' ຫຼັງຄຳຖາມສຸດທ້າຍຂອງກຸ່ມ.",
    ),
    "unclosed_repeat": (
        "The repeat '{value}' begins here but never ends. Add an 'end repeat' row after its last question.",
        "ກຸ່ມຊ້ຳ '{value}' ເລີ່ມຢູ່ນີ້ ແຕ່ບໍ່ມີບ່ອນສິ້ນສຸດ. ກະລຸນາເພີ່ມແຖວ 'end repeat' ຫຼັງຄຳຖາມສຸດທ້າຍຂອງມັນ.",
    ),
    "end_without_begin": (
        "This 'end {kind}' has no matching 'begin {kind}' above it. Remove the row or add the missing begin row.",
        "ແຖວ 'end {kind}' ນີ້ບໍ່ມີແຖວ 'begin {kind}' ທີ່ກົງກັນຢູ່ຂ້າງເທິງ. ກະລຸນາລຶບແຖວນີ້ ຫຼື ເພີ່ມແຖວເລີ່ມຕົ້ນທີ່ຂາດ.",
    ),
    "missing_reference": (
        "The {column} refers to ${{{value}}}, but no question is named '{value}'. Correct the name.",
        "ຖັນ {column} ອ້າງເຖິງ ${{{value}}} ແຕ່ບໍ່ມີຄຳຖາມຊື່ '{value}'. ກະລຸນາແກ້ໄຂຊື່.",
    ),
    "bad_reference": (
        "A reference in the {column} is written wrongly. Write a question name as ${{name}}.",
        "ການອ້າງອີງໃນຖັນ {column} ຂຽນບໍ່ຖືກ. ກະລຸນາຂຽນຊື່ຄຳຖາມເປັນ ${{name}}.",
    ),
    "bad_expression": (
        "The {column} '{value}' cannot be read: {detail}.",
        "ບໍ່ສາມາດອ່ານສູດໃນຖັນ {column} '{value}' ໄດ້: {detail_lo}.",
    ),
    "unsupported_function": (
        "The {column} uses the function {detail}(), which collect does not support.",
        "ຖັນ {column} ໃຊ້ຟັງຊັນ {detail}() ເຊິ່ງ collect ບໍ່ຮອງຮັບ.",
    ),
    "missing_calculation": (
        "A calculate question needs a formula in the calculation column.",
        "ຄຳຖາມປະເພດ calculate ຕ້ອງມີສູດ ໃນຖັນ calculation.",
    ),
    "range_not_number": (
        "The range parameter '{value}' must be a number, for example 'start=1 end=5 step=1'.",
        "ພາຣາມິເຕີ '{value}' ຂອງ range ຕ້ອງເປັນຕົວເລກ, ຕົວຢ່າງ 'start=1 end=5 step=1'.",
    ),
    "malformed_parameters": (
        "Write the parameters as key=value pairs separated by spaces, for example 'start=1 end=5 step=1'.",
        "ກະລຸນາຂຽນພາຣາມິເຕີເປັນ key=value ແຍກກັນດ້ວຍຍະຫວ່າງ, ຕົວຢ່າງ 'start=1 end=5 step=1'.",
    ),
    "unknown_parameter": (
        "This question type does not take the parameter {value}; it accepts {detail}.",
        "ຄຳຖາມປະເພດນີ້ບໍ່ຮັບພາຣາມິເຕີ {value}; ຮັບໄດ້ສະເພາະ {detail}.",
    ),
    "unknown_language": (
        "The column '{column}' does not say which language it holds. Put the language code "
        "in brackets, for example 'label::Lao (lo)'.",
        "ຖັນ '{column}' ບໍ່ໄດ້ບອກວ່າເປັນພາສາໃດ. ກະລຸນາໃສ່ລະຫັດພາສາໃນວົງເລັບ, ຕົວຢ່າງ 'label::Lao (lo)'.",
    ),
    "default_language_missing": (
        "The default_language '{value}' is not one of the languages of the labels ({detail}). "
        "Use one of them.",
        "ພາສາຫຼັກ '{value}' ບໍ່ແມ່ນໜຶ່ງໃນພາສາຂອງປ້າຍ ({detail}). ກະລຸນາໃຊ້ພາສາໃດໜຶ່ງໃນນັ້ນ.",
    ),
    "not_yes_no": (
        "The {column} column must be yes or no; '{value}' is not supported here.",
        "ຖັນ {column} ຕ້ອງເປັນ yes ຫຼື no; ບໍ່ຮອງຮັບ '{value}' ຢູ່ບ່ອນນີ້.",
    ),
    "unsupported_column": (
        "The column '{column}' is not supported by collect. Remove it or leave it empty.",
        "collect ບໍ່ຮອງຮັບຖັນ '{column}'. ກະລຸນາລຶບອອກ ຫຼື ປະໃຫ້ຫວ່າງ.",
    ),
    "dynamic_default": (
        "The default '{value}' is a formula; collect supports only fixed default values.",
        "ຄ່າເລີ່ມຕົ້ນ '{value}' ເປັນສູດ; collect ຮອງຮັບສະເພາະຄ່າເລີ່ມຕົ້ນທີ່ຄົງທີ່.",
    ),
    "invalid_form_id": (
        "The form_id '{value}' is not a valid name. Use letters, digits and '_', starting with a letter.",
        "form_id '{value}' ບໍ່ແມ່ນຊື່ທີ່ຖືກຕ້ອງ. ກະລຸນາໃຊ້ຕົວອັກສອນລາຕິນ, ຕົວເລກ ແລະ '_' ໂດຍເລີ່ມດ້ວຍຕົວອັກສອນ.",
    ),
    "unknown_report": (
        "The report '{value}' is unknown. Use one of: {detail}.",
        "ບໍ່ຮູ້ຈັກລາຍງານ '{value}'. ກະລຸນາໃຊ້ໜຶ່ງໃນ: {detail}.",
    ),
    "unsupported_sheet": (
        "The {sheet} sheet is not supported by collect. Remove it from the workbook.",
        "collect ບໍ່ຮອງຮັບແຜ່ນງານ {sheet}. ກະລຸນາລຶບມັນອອກຈາກປຶ້ມວຽກ.",
    ),
    "invalid_xlsform": (
        "The XLSForm is not valid: {detail}",
        "ແບບຟອມ XLSForm ບໍ່ຖືກຕ້ອງ: {detail}",
    ),
}


@dataclasses.dataclass(frozen=True)
class XLSFormIssue:
    """One problem in a workbook: where it is and what to fix, in English and Lao."""

    code: str
    sheet: str | None
    row: int | None
    column: str | None
    message_en: str
    message_lo: str


class XLSFormError(ValueError):
    """A workbook that cannot become a form; ``issues`` says every problem found."""

    def __init__(self, issues: list[XLSFormIssue]):
        self.issues = issues
        super().__init__("; ".join(_where(i) + i.message_en for i in issues))


def _where(issue: XLSFormIssue) -> str:
    parts = [p for p in (issue.sheet, issue.row and f"row {issue.row}", issue.column) if p]
    return f"[{', '.join(parts)}] " if parts else ""


class _Values(dict):
    def __missing__(self, key):
        return "?"


def make_issue(code: str, sheet: str | None = None, row: int | None = None,
               column: str | None = None, **values: Any) -> XLSFormIssue:
    """Build the issue ``code`` with its messages filled in from ``values`` and ``column``."""
    english, lao = MESSAGES[code]
    fill = _Values(values, sheet=sheet or "", column=column or "")
    return XLSFormIssue(code, sheet, row, column, english.format_map(fill), lao.format_map(fill))


def read_xlsform(source: str | PathLike | bytes, warnings: list[str] | None = None) -> FormDefinition:
    """Read an XLSForm workbook (a path or the bytes of an .xlsx) into a FormDefinition.

    pyxform's warnings (English text) are appended to ``warnings`` when it is given.
    Raises :class:`XLSFormError` listing every problem found.
    """
    return _Import(_read_workbook(source)).run(warnings if warnings is not None else [])


def _read_workbook(source: str | PathLike | bytes) -> DefinitionData:
    stem = None
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    else:
        # Like pyxform, a form without a form_id is named after its file (when that is a name).
        stem = Path(source).stem if NAME_PATTERN.match(Path(source).stem) else None
        try:
            data = Path(source).read_bytes()
        except OSError as err:
            raise XLSFormError([make_issue("unreadable_file", value=str(source), detail=err.strerror)])
    # An .xlsx is a zip archive; pyxform would also accept CSV, Markdown and .xls, collect does not.
    if not data.startswith(b"PK\x03\x04"):
        raise XLSFormError([make_issue("not_xlsx")])
    try:
        workbook = get_xlsform(BytesIO(data), file_type=".xlsx")
    except PyXFormError as err:
        # pyxform raises a duplicate header while reading, before any other check.
        found = re.match(r"Duplicate column header: (.+)", str(err))
        if found:
            raise XLSFormError([make_issue("duplicate_column", column=found.group(1))])
        raise XLSFormError([make_issue("not_xlsx")]) from err
    return dataclasses.replace(workbook, fallback_form_name=stem)


def _mark(rows: Iterable[dict] | None) -> list[dict]:
    return [dict(row, **{ROW: str(number)}) if row else row for number, row in enumerate(rows or (), 2)]


def _template_pattern(template: str) -> re.Pattern:
    """A regex matching messages made from pyxform's ``template``, one group per field."""
    parts, seen = [], set()
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append(f"(?P<{field}>.*?)" if field not in seen else ".*?")
            seen.add(field)
    return re.compile("".join(parts) + r"\s*$", re.DOTALL)


#: pyxform messages written without an ErrorCode -> our issue code.
_PYXFORM_MESSAGES = [
    (re.compile(r"List name not in choices sheet: (?P<value>.+)"), "missing_choice_list"),
    (re.compile(r"There should be a choices sheet"), "no_choices_sheet"),
    (re.compile(r"Question or group with no name"), "missing_name"),
    (re.compile(r"Question with no type"), "missing_type"),
    (re.compile(r"Missing calculation"), "missing_calculation"),
    (re.compile(r"You must have a sheet named 'survey'"), "no_survey_sheet"),
    (re.compile(r"Please specify choices for this 'or other' question"), "empty_choice_list"),
    (re.compile(r"Choice names with spaces cannot be added to multiple choice selects. "
                r"See \[(?P<value>.*)\] in \[(?P<list>.*)\]"), "choice_name_space"),
]
#: pyxform ErrorCode name -> our issue code.
_CODE_MAP = {
    "NAMES_001": "duplicate_name", "NAMES_004": "duplicate_name", "NAMES_005": "reserved_name",
    "NAMES_003": "reserved_name", "NAMES_006": "choice_without_name",
    "NAMES_007": "duplicate_choice", "NAMES_008": "invalid_name", "PYREF_001": "bad_reference",
    "PYREF_002": "bad_reference", "PYREF_003": "missing_reference", "PYREF_004": "duplicate_name",
    "RANGE_001": "range_not_number", "SURVEY_001": "end_without_begin", "SURVEY_002": "unclosed_group",
    "SURVEY_004": "malformed_parameters", "SURVEY_005": "unknown_parameter",
    "HEADER_002": "duplicate_column", "HEADER_003": "missing_column",
}
_PYXFORM_CODES = [(name, _template_pattern(ErrorCode[name].value.msg)) for name in _CODE_MAP]


class _Import:
    """One import: the workbook, pyxform's view of it, and the issues found so far."""

    def __init__(self, workbook: DefinitionData):
        self.workbook = workbook
        self.issues: list[XLSFormIssue] = []
        #: Text mappings written without a language, fixed up once the language is known.
        self.unnamed: list[Text] = []
        self.languages: dict[str, None] = {}
        self.language_codes: dict[str, str] = {}
        self.names: dict[str, int] = {}

    def add(self, code: str, sheet: str | None = "survey", row: int | None = None,
            column: str | None = None, **values: Any) -> None:
        self.issues.append(make_issue(code, sheet, row, column, **values))

    def fail_if_issues(self) -> None:
        if self.issues:
            raise XLSFormError(sorted(self.issues, key=lambda i: (i.sheet or "", i.row or 0)))

    def cell(self, sheet: str, row: int, *columns: str) -> str | None:
        """The raw value of the first of ``columns`` present in ``row`` of ``sheet``."""
        rows = (self.workbook.survey if sheet == "survey" else self.workbook.choices) or []
        values = rows[row - 2] if row is not None and 2 <= row < len(rows) + 2 else {}
        return next((values[c] for c in columns if c in values), None)

    # -- reading ---------------------------------------------------------------------------

    def run(self, warnings: list[str]) -> FormDefinition:
        self.check_sheets()
        workbook = dataclasses.replace(
            self.workbook,
            survey=_mark(self.workbook.survey),
            survey_header=[{**(self.workbook.survey_header or [{}])[0], ROW: None}],
            choices=_mark(self.workbook.choices) if self.workbook.choices else None,
            choices_header=(
                [{**self.workbook.choices_header[0], ROW: None}] if self.workbook.choices else None
            ),
        )
        try:
            result = workbook_to_json(
                workbook, fallback_form_name=workbook.fallback_form_name, warnings=warnings)
        except PyXFormError as err:
            self.translate(str(err))
            raise XLSFormError(self.issues) from err
        settings = self.workbook.settings[0] if self.workbook.settings else {}
        choices = self.map_choices(result.get("choices", {}))
        questions = self.map_questions(result["children"])
        titled = any(key.split("::")[0] in ("form_title", "title") for key in settings)
        title = self.text(result["title"], "form_title", "settings") if titled else {}
        for key, value in settings.items():
            translated = _TITLE_IN.match(key)
            if translated:
                title[translated.group(1)] = value
                self.languages.setdefault(translated.group(1), None)
        default_language = self.finish_languages(settings.get("default_language"))
        form_id = str(result["id_string"])
        if not NAME_PATTERN.match(form_id):
            self.add("invalid_form_id", "settings", 2, "form_id", value=form_id)
        report = settings.get("report")
        if report is not None and report not in REPORTS:
            self.add("unknown_report", "settings", 2, "report", value=report, detail=", ".join(REPORTS))
        self.check_expressions(questions, settings.get("instance_name"))
        self.fail_if_issues()
        return FormDefinition(
            form_id=form_id,
            title=title or {default_language: form_id},
            version=str(result.get("version") or "1"),
            languages=list(self.languages),
            default_language=default_language,
            questions=questions,
            choices=choices,
            instance_name=settings.get("instance_name"),
            report=report,
        )

    def check_sheets(self) -> None:
        survey = self.workbook.survey
        if survey is None:
            self.add("no_survey_sheet", None)
        elif not any(survey):
            self.add("empty_survey", "survey", 2)
        lists: dict[str, tuple[int, bool]] = {}
        for number, row in enumerate(self.workbook.choices or (), 2):
            name = row.get("list_name") or row.get("list name")
            if name:
                first, named = lists.get(name, (number, False))
                lists[name] = (first, named or "name" in row or "value" in row)
        for name, (first, named) in lists.items():
            if not named:
                self.add("empty_choice_list", "choices", first, "name", value=name)
        for sheet in ("entities", "external_choices", "osm"):
            if getattr(self.workbook, sheet):
                self.add("unsupported_sheet", sheet)
        self.fail_if_issues()

    # -- translating pyxform's errors ------------------------------------------------------

    def translate(self, message: str) -> None:
        lines = message.strip().split("\n")
        # pyxform joins several errors of one kind (duplicate choices) with newlines.
        if len(lines) > 1 and all(_ROW_PREFIX.match(line) for line in lines):
            for line in lines:
                self.translate_one(line)
        else:
            self.translate_one(message.strip())

    def translate_one(self, message: str) -> None:
        for name, pattern in _PYXFORM_CODES:
            found = pattern.match(message)
            if found:
                return self.from_code(name, found.groupdict(), message)
        row = _ROW_PREFIX.match(message)
        row_number = int(row.group(1)) if row else None
        body = _ROW_PREFIX.sub("", message)
        for pattern, code in _PYXFORM_MESSAGES:
            found = pattern.search(body)
            if found:
                return self.from_message(code, row_number, found.groupdict())
        sheet = re.search(r"On the '(\w+)' sheet", body)
        self.add("invalid_xlsform", sheet.group(1) if sheet else ("survey" if row else None),
                 row_number, detail=body)

    def from_code(self, name: str, fields: dict, message: str) -> None:
        code = _CODE_MAP[name]
        row = int(fields["row"]) if fields.get("row", "").isdigit() else None
        sheet = fields.get("sheet") or fields.get("sheet_name") or (
            "choices" if "'choices' sheet" in message else "survey")
        column = fields.get("column")
        if name == "SURVEY_001":
            return self.add(code, sheet, row, "type", kind=fields["type"])
        if name == "SURVEY_002":
            # the same pyxform error for both kinds of container
            return self.add(f"unclosed_{fields['type']}", sheet, row, "type", value=fields["name"])
        if name == "HEADER_003":
            return self.add(code, sheet, 1, fields["missing"].strip("'").split("', '")[0])
        if name == "HEADER_002":
            return self.add(code, sheet, 1, fields["header"])
        if name == "RANGE_001":
            return self.add(code, sheet, row, "parameters", value=fields["name"])
        if name == "SURVEY_005":
            return self.add(code, sheet, row, "parameters", value=fields["rejected"],
                            detail=fields["accepted"])
        if name == "SURVEY_004":
            return self.add(code, sheet, row, "parameters")
        if name.startswith("PYREF"):
            return self.add(code, sheet, row, column, value=fields.get("q", ""))
        if sheet == "choices":
            return self.add(code, sheet, row, "name", value=self.cell("choices", row, "name") or "",
                            list=self.cell("choices", row, "list_name", "list name") or "")
        self.add(code, sheet, row, column or "name", value=self.cell("survey", row, "name") or "")

    def from_message(self, code: str, row: int | None, fields: dict) -> None:
        if code == "missing_name" and not any(
                c in (self.workbook.survey_header or [{}])[0] for c in ("name", "value", "tag")):
            return self.add("missing_column", "survey", 1, "name")
        if code in ("no_survey_sheet", "no_choices_sheet"):
            return self.add(code, None)
        column = {"missing_choice_list": "type", "missing_type": "type", "missing_name": "name",
                  "missing_calculation": "calculation", "empty_choice_list": "type"}.get(code)
        if code == "empty_choice_list":
            fields = {"value": (self.cell("survey", row, "type") or "").split()[1]}
        self.add(code, "choices" if code == "choice_name_space" else "survey", row, column, **fields)

    # -- mapping pyxform's JSON ------------------------------------------------------------

    def language(self, key: str, column: str, sheet: str) -> str:
        """The language code for a ``column::key`` header; "" for text without a language."""
        if key == "default":
            return ""
        if key not in self.language_codes:
            bracketed = _CODE_IN_BRACKETS.search(key)
            if bracketed:
                code = bracketed.group(1).lower()
            elif LANGUAGE_PATTERN.match(key):
                code = key
            elif key.strip().lower() in LANGUAGE_NAMES:
                code = LANGUAGE_NAMES[key.strip().lower()]
            else:
                self.add("unknown_language", sheet, 1 if sheet != "settings" else 2, f"{column}::{key}")
                code = key
            self.language_codes[key] = code
        return self.language_codes[key]

    def text(self, value: Any, column: str, sheet: str = "survey") -> Text:
        """XLSForm text (a string, or language -> string) as canonical Text."""
        if not value:
            return {}
        if isinstance(value, str):
            value = {"default": value}
        text = {self.language(key, column, sheet): str(item) for key, item in value.items() if item}
        for code in text:
            self.languages.setdefault(code, None)
        if "" in text:
            self.unnamed.append(text)
        return text

    def finish_languages(self, setting: str | None) -> str:
        """Give text written without a language its language; return the default language.

        Text without a language is in default_language when the settings name one (as in
        pyxform); otherwise it is taken as Lao when it is written in Lao script, else English.
        """
        chosen = self.language(setting, "default_language", "settings") if setting else None
        self.languages.pop("", None)
        if self.unnamed:
            lao = any(_LAO_LETTERS.search(text[""]) for text in self.unnamed)
            unnamed = chosen or ("lo" if lao else "en")
            for text in self.unnamed:
                items = list(text.items())
                text.clear()
                text.update((key or unnamed, value) for key, value in items)
            self.languages = {unnamed: None, **self.languages}
        default = chosen or next(iter(self.languages), "en")
        if default not in self.languages:
            if self.languages:
                self.add("default_language_missing", "settings", 2, "default_language",
                         value=setting, detail=", ".join(self.languages))
        self.languages = {default: None, **self.languages}
        return default

    def map_choices(self, lists: dict[str, list[dict]]) -> dict[str, list[Choice]]:
        mapped = {}
        for list_name, options in lists.items():
            mapped[list_name] = []
            for option in options:
                if ROW not in option:
                    continue  # the "other" choice pyxform adds for or_other
                row = int(option[ROW])
                extra = {}
                for key, value in option.items():
                    if key in ("name", "label", ROW):
                        continue
                    if key in UNSUPPORTED_KEYS:
                        self.unsupported(key, value, "choices", row)
                    elif isinstance(value, dict):
                        extra.update({f"{key}::{sub}": str(v) for sub, v in value.items()})
                    else:
                        extra[key] = str(value)
                mapped[list_name].append(
                    Choice(str(option["name"]), self.text(option.get("label"), "label", "choices"), extra)
                )
        return mapped

    def map_questions(self, elements: list[dict]) -> list[Question]:
        questions = []
        for element in elements:
            if ROW in element:
                question = self.map_question(element, int(element[ROW]))
                if question is not None:
                    questions.append(question)
            elif element.get("children"):
                # A container pyxform made (the meta group): keep what came from rows.
                questions.extend(self.map_questions(element["children"]))
        return questions

    def map_question(self, element: dict, row: int) -> Question | None:
        raw_type = self.cell("survey", row, "type") or element.get("type", "")
        qtype = TYPES.get(element.get("type"))
        if qtype is None or (qtype in ("select_one", "select_multiple", "rank")
                             and "list_name" not in element):
            self.refuse_type(raw_type, element.get("type", ""), row)
            return None
        name = str(element["name"])
        if name in self.names:
            self.add("duplicate_name", "survey", row, "name", value=name)
        self.names.setdefault(name, row)
        if not NAME_PATTERN.match(name):
            # pyxform accepts any XML name (Lao letters too); collect's names are ASCII.
            self.add("invalid_name", "survey", row, "name", value=name)
        for key in UNSUPPORTED_KEYS:
            if key in element:
                self.unsupported(key, element[key], "survey", row)
        if element.get("_dynamic_default"):
            self.add("dynamic_default", "survey", row, "default", value=element["default"])
        bind = element.get("bind", {})
        label, hint = element.get("label"), element.get("hint")
        children = element.get("children", [])
        if children and ROW not in children[0] and children[0].get("type") == "note":
            # table-list: pyxform moved the group's label into a note of its own.
            label, hint = children[0].get("label"), children[0].get("hint")
        parameters = element.get("parameters") or {}
        if isinstance(parameters, str):
            parameters = parse_parameters(parameters, row)
        return Question(
            name=name,
            type=qtype,
            label=self.text(label, "label"),
            hint=self.text(hint, "hint"),
            required=self.flag_or_expression(bind.get("required")),
            required_message=self.text(bind.get("jr:requiredMsg"), "required_message"),
            relevant=bind.get("relevant"),
            constraint=bind.get("constraint"),
            constraint_message=self.text(bind.get("jr:constraintMsg"), "constraint_message"),
            calculation=bind.get("calculate"),
            default=None if element.get("_dynamic_default") else element.get("default"),
            appearance=self.cell("survey", row, "appearance"),
            choice_list=element.get("list_name"),
            choice_filter=element.get("choice_filter"),
            or_other=bool(_OR_OTHER.search(raw_type)),
            read_only=self.yes_no(bind.get("readonly"), "read_only", row),
            parameters={str(k): str(v) for k, v in parameters.items()},
            repeat_count=self.cell("survey", row, "repeat_count", "jr:count", "count"),
            sensitive=self.yes_no(element.get("sensitive"), "sensitive", row),
            children=self.map_questions(children),
        )

    def unsupported(self, key: str, value: Any, sheet: str, row: int) -> None:
        # media columns (image, audio, video, big-image) arrive grouped under "media".
        for column in (value if key == "media" else (key,)):
            self.add("unsupported_column", sheet, row, column)

    def refuse_type(self, raw_type: str, pyxform_type: str, row: int) -> None:
        words = raw_type.split()
        if pyxform_type in QUESTION_TYPE_DICT or pyxform_type in KNOWN_XLSFORM_TYPES or (
                words and words[0] in aliases.select and len(words) > 1):
            self.add("unsupported_type", "survey", row, "type", value=raw_type)
        elif raw_type.strip() in SELECT_WORDS:
            self.add("select_without_list", "survey", row, "type", value=raw_type)
        else:
            self.add("unknown_type", "survey", row, "type", value=raw_type)

    def flag_or_expression(self, value: str | None) -> bool | str:
        """XLSForm's required column: yes/no, or an expression (checked with the others)."""
        if value is None:
            return False
        return aliases.yes_no.get(value, value)

    def yes_no(self, value: str | None, column: str, row: int) -> bool:
        if value is None:
            return False
        if value in aliases.yes_no:
            return aliases.yes_no[value]
        self.add("not_yes_no", "survey", row, column, value=value)
        return False

    # -- expressions -----------------------------------------------------------------------

    def check_expressions(self, questions: list[Question], instance_name: str | None) -> None:
        def visit(items):
            for question in items:
                for column in EXPRESSION_COLUMNS:
                    text = getattr(question, column)
                    if isinstance(text, str) and text:
                        self.check_expression(text, column, self.names[question.name])
                visit(question.children)

        visit(questions)
        if instance_name:
            self.check_expression(instance_name, "instance_name", 2, "settings")

    def check_expression(self, text: str, column: str, row: int, sheet: str = "survey") -> None:
        for name in _REFERENCE.findall(text):
            if name not in self.names:
                return self.add("missing_reference", sheet, row, column, value=name)
        try:
            parse_expression(text, choice_filter=column == "choice_filter")
        except ExpressionError as err:
            unknown = re.match(r"unknown function (.+)\(\)", err.message)
            if unknown:
                self.add("unsupported_function", sheet, row, column, detail=unknown.group(1))
            else:
                lao = err.lao or err.message
                detail_lo = lao if err.position is None else f"{lao} (ຕົວອັກສອນທີ {err.position})"
                self.add("bad_expression", sheet, row, column, value=text, detail=str(err), detail_lo=detail_lo)
