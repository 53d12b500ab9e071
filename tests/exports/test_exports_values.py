"""Excel serials and CSV neutralisation, checked against Excel's own numbering."""
from __future__ import annotations

import math

import pytest

from exports.stats import number_summary
from exports.values import csv_text, date_serial, datetime_serial, number_or_none, time_serial


def test_excel_serials():
    assert date_serial("2019-11-13") == 43782  # =DATE(2019,11,13) in Excel
    assert date_serial("1900-03-01") == 61
    assert time_serial("18:00") == pytest.approx(0.75)
    assert datetime_serial("2019-11-13T06:00:00+07:00") == pytest.approx(43782.25)
    assert date_serial("13/11/2019") is None and time_serial("noon") is None and datetime_serial(5) is None


def test_numbers_from_answers():
    assert number_or_none(3) == 3 and number_or_none("2.5") == 2.5 and number_or_none(True) == 1
    assert number_or_none("n/a") is None and number_or_none(math.nan) is None and number_or_none("inf") is None


@pytest.mark.parametrize("text, safe", [("=1+1", "'=1+1"), ("+856", "'+856"), ("-", "'-"), ("@a", "'@a"),
                                        ("\tx", "'\tx"), ("\rx", "'\rx"), ("ກ=1", "ກ=1"), ("", "")])
def test_csv_text(text, safe):
    assert csv_text(text) == safe


def test_number_summary():
    assert number_summary([10, 1, 2, 10]) == {"n": 4, "mean": 23 / 4, "median": 6.0, "min": 1, "max": 10}
    assert number_summary([5.0, 5.0, 5.0])["median"] == 5
    assert number_summary([]) is None
