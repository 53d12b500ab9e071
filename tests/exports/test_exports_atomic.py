"""An interrupted export never leaves a half-written file behind."""
from __future__ import annotations

import pytest

from exports.atomic import write_atomically
from exports.raw import write_xlsx
from exports.workbook import export_workbook

from conftest import read_rows, record


def test_the_finished_file_replaces_the_old_one(demo_form, tmp_path):
    target = tmp_path / "export.xlsx"
    target.write_bytes(b"old")
    n = write_atomically(target, lambda temp: write_xlsx([demo_form], [record("u1", {"overall": "5"})], temp))
    assert n == 1
    assert read_rows(target, "ຂໍ້ມູນ")[1][0] == "u1"
    assert [p.name for p in tmp_path.iterdir()] == ["export.xlsx"]


def test_a_failure_half_way_keeps_the_old_file_and_no_temporary_file(demo_form, tmp_path):
    target = tmp_path / "export.xlsx"
    target.write_bytes(b"previous export")

    def records():
        yield record("u1", {"overall": "5"})
        raise ConnectionError("database went away")

    with pytest.raises(ConnectionError):
        export_workbook(target, [demo_form], records)
    assert target.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["export.xlsx"]


def test_no_file_at_all_when_the_first_export_fails(demo_form, tmp_path):
    target = tmp_path / "export.csv"
    with pytest.raises(RuntimeError):
        write_atomically(target, lambda temp: (_ for _ in ()).throw(RuntimeError("boom")))
    assert list(tmp_path.iterdir()) == []
