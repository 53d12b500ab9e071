"""Small XLSForm workbooks written as Python tables, for tests that read like pyxform's.

A test lays out each sheet as a list of rows (the first row is the header row) and
``xlsx`` turns the sheets into the bytes of an .xlsx, built with openpyxl in memory, so
a reader sees the whole form next to the behaviour the test pins.
"""
from __future__ import annotations

from io import BytesIO

import openpyxl
import pytest

from forms.xlsform import XLSFormError, XLSFormIssue, read_xlsform

Table = list[list[object]]


def xlsx(**sheets: Table) -> bytes:
    """An .xlsx whose sheets are named by the keywords, in order, each holding its rows."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def xls(**sheets: Table) -> bytes:
    """The same sheets as a legacy Excel 97 workbook (.xls), which pyxform reads too."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def csv_form(**sheets: Table) -> bytes:
    """The same sheets as pyxform's CSV form: each sheet's name on a line of its own, then
    its rows, each starting with an empty cell."""
    lines = []
    for name, rows in sheets.items():
        lines.append(name)
        lines.extend("," + ",".join("" if v is None else str(v) for v in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def md_form(**sheets: Table) -> bytes:
    """The same sheets as pyxform's Markdown form: a table per sheet, named in its first cell."""
    lines = []
    for name, rows in sheets.items():
        lines.append(f"| {name} |")
        lines.extend("| | " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def issues_of(source: bytes) -> list[XLSFormIssue]:
    """The issues read_xlsform reports for ``source``; fails the test when it imports."""
    with pytest.raises(XLSFormError) as raised:
        read_xlsform(source)
    return raised.value.issues


def only_issue(source: bytes) -> XLSFormIssue:
    """The single issue reported for ``source``."""
    issues = issues_of(source)
    assert len(issues) == 1, issues
    return issues[0]
