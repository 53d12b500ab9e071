"""The team's corpus of realistic XLSForms (tests/corpus): every one is read in every
file format pyxform reads, with no traceback, and either becomes a form that takes a
sampled submission or is refused with each cause named where it is.

The forms are pyxform's Markdown form, so a reader sees each sheet; the same tables are
written out as .xlsx, .xls and .csv here, and each format must give the same form. The
files they use (CSV, XML and GeoJSON data, a picture, a sound) are in tests/corpus/media.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from pyxform.xls2json_backends import md_to_dict

from forms.samples import sample_answers
from forms.schema import dump_definition
from forms.validation import validate_submission
from forms.xlsform import XLSFormError, read_xlsform
from xlsform_tables import csv_form, xls, xlsx

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
MEDIA = {path.name: path.read_bytes() for path in (CORPUS / "media").iterdir()}
IMPORTED = ["household_listing", "legacy_english", "market_prices", "swahili_names"]
#: What collect refuses, each at its sheet, row and column.
REFUSED = {"refused_features": [
    ("unsupported_sheet", "entities", 1, None), ("unsupported_sheet", "osm", 1, None),
    ("refused_setting", "settings", 2, "public_key"), ("refused_type", "survey", 3, "type"),
    ("choices_from_answers", "survey", 4, "type"),
]}


def test_the_corpus_is_all_here():
    assert sorted(p.stem for p in CORPUS.glob("*.md")) == sorted(IMPORTED + list(REFUSED))


def tables(name: str) -> dict[str, list[list]]:
    """The sheets of a corpus form as tables (header row first), as pyxform reads them."""
    sheets = {}
    for sheet, rows in md_to_dict(str(CORPUS / f"{name}.md")).items():
        if sheet.endswith("_header") or sheet == "sheet_names" or not rows:
            continue
        header = list(dict.fromkeys(key for row in rows for key in row))
        sheets[sheet] = [header] + [[row.get(key) for key in header] for row in rows]
    return sheets


@pytest.mark.parametrize("name", IMPORTED)
@pytest.mark.parametrize("make, suffix", [(xlsx, ".xlsx"), (xls, ".xls"), (csv_form, ".csv")])
def test_each_format_gives_the_form_the_markdown_gives(name, make, suffix):
    from_markdown = read_xlsform(CORPUS / f"{name}.md", media=MEDIA)
    other = read_xlsform(make(**tables(name)), filename=name + suffix, media=MEDIA)
    assert dump_definition(other) == dump_definition(from_markdown)


@pytest.mark.parametrize("name", IMPORTED)
def test_each_imported_form_takes_a_sampled_submission(name):
    form = read_xlsform(CORPUS / f"{name}.md", media=MEDIA)
    for seed in range(5):
        answers = sample_answers(form, random.Random(seed))
        assert validate_submission(form, answers, "lo").ok


@pytest.mark.parametrize("name, expected", REFUSED.items())
def test_what_collect_refuses_is_named_with_its_row(name, expected):
    with pytest.raises(XLSFormError) as raised:
        read_xlsform(CORPUS / f"{name}.md", media=MEDIA)
    assert [(i.code, i.sheet, i.row, i.column) for i in raised.value.issues] == expected
    assert all(i.message_lo and i.message_en for i in raised.value.issues)
