"""Every header of a table is unique, in each header mode, in the workbook and the CSV alike.

The built-in templates are the cases: the SDG seminar asks the same five questions before
and after the seminar (the same labels in two groups) and asks the participant's province
beside the event's; the consultation does so too, inside a group, and has a repeat.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from exports.columns import unique_headers
from exports.raw import write_csv, write_xlsx
from forms.samples import sample_answers
from forms.xlsform import read_xlsform

from conftest import SEED_EVENTS, read_rows, record

TEMPLATES = Path(__file__).resolve().parents[2] / "forms" / "templates"
META = ["uuid", "event", "province", "district", "submitted_at", "language", "version", "status"]


def _template(name):
    return read_xlsform(TEMPLATES / f"{name}.xlsx")


def _records(form, n=6):
    rng = random.Random(10)
    return [record(f"{form.form_id}-{i}", sample_answers(form, rng), version=form.version, event=SEED_EVENTS[i % 3])
            for i in range(n)]


def _headers(form, tmp_path, headers, language="en"):
    """The header row of the data sheet and of the CSV (which must be the same)."""
    records = _records(form)
    write_xlsx([form], records, tmp_path / "a.xlsx", headers=headers, language=language)
    write_csv([form], records, tmp_path / "a.csv", headers=headers, language=language)
    sheet = read_rows(tmp_path / "a.xlsx", "Data" if language == "en" else "ຂໍ້ມູນ")
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == sheet[0]
    assert len(rows) == len(sheet) == 7
    return sheet[0]


@pytest.mark.parametrize("template", ["sdg_seminar", "pre_rtm_consultation", "capacity_assessment",
                                      "meeting_satisfaction"])
@pytest.mark.parametrize("headers, language", [("labels", "en"), ("labels", "lo"), ("names", "en"), ("paths", "lo")])
def test_every_header_is_unique(template, headers, language, tmp_path):
    found = _headers(_template(template), tmp_path, headers, language)
    assert len(found) == len(set(found)), [h for h in found if found.count(h) > 1]


def test_paths_are_the_questions_places_in_the_form(tmp_path):
    found = _headers(_template("sdg_seminar"), tmp_path, "paths")
    assert found[:len(META)] == META
    assert "registration/province" in found and "pre_test/pre_sdg_count" in found
    assert "post_test/post_sdg_count" in found and "learning_gain" in found
    names = _headers(_template("sdg_seminar"), tmp_path, "names")
    # A name taken by the metadata gives way to its path; the others stay names.
    assert "registration/province" in names and "pre_sdg_count" in names and names.count("province") == 1


def test_the_same_label_in_two_groups_is_preceded_by_its_group(tmp_path):
    form = _template("sdg_seminar")
    found = _headers(form, tmp_path, "labels")
    question = form.question("pre_sdg_count").label["en"]
    assert question not in found
    assert f"{form.question('pre_test').label['en']} / {question}" in found
    assert f"{form.question('post_test').label['en']} / {question}" in found
    lao = _headers(form, tmp_path, "labels", "lo")
    before = f"{form.question('pre_test').label['lo']} / {form.question('pre_sdg_count').label['lo']}"
    assert before.encode("utf-8") in [h.encode("utf-8") for h in lao]


def test_the_events_province_and_the_answers_stand_apart(tmp_path):
    form = _template("pre_rtm_consultation")
    english = _headers(form, tmp_path, "labels")
    assert english[2:4] == ["Event province", "Event district"]
    assert "Province" in english and "District" in english
    lao = _headers(form, tmp_path, "labels", "lo")
    assert lao[2:4] == ["ແຂວງຂອງກິດຈະກຳ", "ເມືອງຂອງກິດຈະກຳ"]
    assert form.question("province").label["lo"] in lao


def test_headers_still_alike_after_every_qualifier_are_numbered():
    assert unique_headers([("Name",), ("Name", "A / Name"), ("Name", "A / Name")]) == \
        ["Name", "A / Name", "A / Name (2)"]
    assert unique_headers([("x",), ("x",), ("x (2)",)]) == ["x", "x (3)", "x (2)"]
    assert unique_headers([("a", "g/a"), ("b",)], "{}_{}") == ["a", "b"]
