"""Fixtures for the export tests: the demo form, response builders, workbook readers."""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from exports.records import EventInfo, ResponseRecord
from forms import load_definition

DEMO = Path(__file__).resolve().parents[2] / "forms" / "templates" / "meeting_satisfaction.json"

#: The three meetings of the satisfaction table in seed 004.
SEED_EVENTS = [
    EventInfo(id=1, title="PSI – SSWG (August)", theme="NA & PPA Respond to citizens", kind="meeting",
              swg="GSWG", sub_group="PSI", province="ນະຄອນຫຼວງວຽງຈັນ", district="ຈັນທະບູລີ",
              date=date(2019, 8, 20)),
    EventInfo(id=2, title="PSI – SSWG (October)", theme="Centre-Local fiscal decentralization",
              kind="meeting", swg="GSWG", sub_group="PSI", province="ນະຄອນຫຼວງວຽງຈັນ",
              district="ສີສັດຕະນາກ", date=date(2019, 10, 3)),
    EventInfo(id=3, title="LIO – SSWG (October)",
              theme="Penal Code, Criminal Procedure Law and access to justice", kind="meeting",
              swg="GSWG", sub_group="LIO", province="ຄຳມ່ວນ", district="ທ່າແຂກ", date=date(2019, 10, 24)),
]


@pytest.fixture
def demo_form():
    return load_definition(json.loads(DEMO.read_text(encoding="utf-8")))


def record(uuid, answers, *, version="2019.1", event=None, submitted_at=None, language="lo"):
    return ResponseRecord(uuid=uuid, version=version, answers=answers, language=language,
                          submitted_at=submitted_at or datetime(2019, 8, 20, 9, 30),
                          event=event or EventInfo())


def read_rows(path, sheet: str) -> list[list]:
    """All rows of ``sheet`` as Python values (calamine: dates come back as datetimes)."""
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def block(rows: list[list], title: str, occurrence: int = 0) -> list[list]:
    """The rows after the row whose first cell is ``title``, up to the next blank row."""
    starts = [i for i, row in enumerate(rows) if row and row[0] == title]
    start = starts[occurrence] + 1
    out = []
    for row in rows[start:]:
        if all(cell in ("", None) for cell in row):
            break
        out.append(row)
    return out


def table(rows: list[list], header_first: str) -> dict:
    """{first cell: row} of the rows following the header row whose first cell matches."""
    start = next(i for i, row in enumerate(rows) if row and row[0] == header_first)
    found = {}
    for row in rows[start + 1:]:
        if all(cell in ("", None) for cell in row):
            break
        found[row[0]] = row
    return found
