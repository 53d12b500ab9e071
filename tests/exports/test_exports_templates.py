"""The built-in XLSForm templates, filled with sample answers, give their report sheets."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from exports.workbook import ExportOptions, write_workbook
from forms.samples import sample_answers
from forms.xlsform import read_xlsform

from conftest import SEED_EVENTS, read_rows, record

TEMPLATES = Path(__file__).resolve().parents[2] / "forms" / "templates"


@pytest.mark.parametrize("template, first_header", [
    ("capacity_assessment", "Category"), ("sdg_seminar", "By province"),
    ("pre_rtm_consultation", "By province"), ("meeting_satisfaction", "Sub-sector meeting"),
])
def test_template_workbook(template, first_header, tmp_path):
    form = read_xlsform(TEMPLATES / f"{template}.xlsx")
    rng = random.Random(4)
    records = [record(f"{template}-{i}", sample_answers(form, rng), version=form.version,
                      event=SEED_EVENTS[i % 3]) for i in range(24)]
    path = tmp_path / f"{template}.xlsx"
    assert write_workbook([form], lambda: records, path, ExportOptions(language="en")) == 24
    report = [row[0] for row in read_rows(path, "Report")]
    assert first_header in report
    assert len(read_rows(path, "Data")) == 25
