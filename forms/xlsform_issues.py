"""Issues found in a workbook, and pyxform's errors turned into them.

An :class:`XLSFormIssue` says where a problem is (sheet, 1-based spreadsheet row, the
column exactly as its header is written) and what to fix, in English and Lao; the
texts are in ``forms.xlsform_messages``. pyxform reports one error and stops, in English,
sometimes with an :class:`~pyxform.errors.ErrorCode` and sometimes as plain text:
:class:`PyxformTranslator` finds which issue a message is and where it points.
"""
from __future__ import annotations

import dataclasses
import re
import string
from typing import Any, Callable

from pyxform.errors import ErrorCode

from .xlsform_messages import MESSAGES

__all__ = ["MESSAGES", "XLSFormError", "XLSFormIssue", "make_issue", "PyxformTranslator"]


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
        super().__init__("; ".join(where(i) + i.message_en for i in issues))


def where(issue: XLSFormIssue) -> str:
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
    "PYREF_002": "bad_reference", "PYREF_003": "missing_reference",
    "PYREF_004": "ambiguous_reference", "RANGE_001": "range_not_number",
    "SURVEY_001": "end_without_begin", "SURVEY_002": "unclosed_group",
    "SURVEY_004": "malformed_parameters", "SURVEY_005": "unknown_parameter",
    "HEADER_002": "duplicate_column", "HEADER_003": "missing_column",
}
_PYXFORM_CODES = [(name, _template_pattern(ErrorCode[name].value.msg)) for name in _CODE_MAP]
_ROW_PREFIX = re.compile(r"^\[row : (\d+)\]\s*")

#: add(code, sheet, row, column, **values) of the import being translated for.
Add = Callable[..., None]
#: cell(sheet, row, *columns): the raw value of the first of the columns in that row.
Cell = Callable[..., "str | None"]


class PyxformTranslator:
    """Turns one pyxform error message into issues of the import that ``add`` feeds."""

    def __init__(self, add: Add, cell: Cell, has_name_column: bool):
        self.add = add
        self.cell = cell
        self.has_name_column = has_name_column

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
        if code == "missing_name" and not self.has_name_column:
            return self.add("missing_column", "survey", 1, "name")
        if code in ("no_survey_sheet", "no_choices_sheet"):
            return self.add(code, None)
        column = {"missing_choice_list": "type", "missing_type": "type", "missing_name": "name",
                  "missing_calculation": "calculation", "empty_choice_list": "type"}.get(code)
        if code == "empty_choice_list":
            fields = {"value": (self.cell("survey", row, "type") or "").split()[1]}
        self.add(code, "choices" if code == "choice_name_space" else "survey", row, column, **fields)
