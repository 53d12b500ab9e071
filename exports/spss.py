"""SPSS (.sav) and Stata (.dta) files of one table, with variable and value labels.

Statisticians open these without re-typing a codebook: every variable carries its
question's label, and every select_one answer is a number with the choice's label as its
value label (the choice's own name when every name of the list is a whole number, as in
a Likert list coded 1–5; else its position in the list). Files are written by pyreadstat
from the table's DataFrame (:mod:`exports.frames`), so they are held in memory while they
are written; the main table is the default, ``table`` names a repeat.

Variable names are the column names made legal: letters, digits and ``_``, at most 64
characters in SPSS and 32 in Stata, unique.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd
import pyreadstat

from forms.definition import FormDefinition

from .frames import frame_of
from .records import ResponseRecord
from .tables import DataTable, identifier, plan

#: Longest variable name of each format.
NAME_LIMITS = {"sav": 64, "dta": 32}
#: Longest text value Stata stores in a str# variable (pyreadstat writes no strL).
STATA_TEXT = 2045


def _chosen(versions: list[FormDefinition], table: str | None, language: str) -> DataTable:
    for data_table in plan(versions, language=language):
        if data_table.repeat == table:
            return data_table
    raise ValueError(f"The form has no repeat called {table!r}.")


def _names(columns, limit: int) -> list[str]:
    taken, found = set(), []
    for column in columns:
        base = identifier(column.name, limit)
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            suffix = f"_{n}"
            name = base[: limit - len(suffix)] + suffix
        taken.add(name.lower())
        found.append(name)
    return found


def _coded(column, series: pd.Series, language: str) -> tuple[pd.Series, dict]:
    """A categorical as numbers and their value labels: the choices' names when all are
    whole numbers, else their positions; values outside the choices come after."""
    categories = list(series.cat.categories)
    first_name: dict[str, str] = {}
    for choice in column.field.choices:
        first_name.setdefault(column.field.choice_label(choice, language), choice.name)
    known = [first_name[label] for label in categories if label in first_name]
    if known and all(name.lstrip("-").isdigit() for name in known):
        start = max(int(name) for name in known) + 1
        numbers = [int(name) for name in known] + list(range(start, start + len(categories) - len(known)))
    else:
        numbers = list(range(1, len(categories) + 1))
    codes = series.cat.codes.to_numpy()
    values = pd.Series([float(numbers[c]) if c >= 0 else float("nan") for c in codes], dtype="float64")
    return values, dict(zip(numbers, categories))


def _prepared(versions, records, language: str, table: str | None, kind: str):
    data_table = _chosen(versions, table, language)
    rows = [row for record in records for row in data_table.typed_rows(record)]
    frame = frame_of(data_table, rows, language)
    names = _names(data_table.columns, NAME_LIMITS[kind])
    out, value_labels = {}, {}
    for column, name in zip(data_table.columns, names):
        series = frame[column.name]
        if column.type == "choice":
            series, value_labels[name] = _coded(column, series, language)
        elif str(series.dtype) in ("Int64", "Float64"):
            series = series.astype("float64")
        elif series.dtype == object:
            series = series.map(lambda v: "" if v is None else str(v))
            if kind == "dta":
                series = series.map(lambda v: v.encode("utf-8")[:STATA_TEXT].decode("utf-8", "ignore"))
        out[name] = series
    labels = [column.label for column in data_table.columns]
    return pd.DataFrame(out), labels, value_labels, len(rows)


def write_sav(versions: list[FormDefinition], records: Iterable[ResponseRecord], out, *, language: str = "lo",
              table: str | None = None) -> int:
    """Write the main table (or the repeat ``table``) of ``records`` as SPSS to the path
    ``out``; returns the number of rows."""
    frame, labels, value_labels, count = _prepared(versions, records, language, table, "sav")
    pyreadstat.write_sav(frame, str(out), column_labels=labels, variable_value_labels=value_labels)
    return count


def write_dta(versions: list[FormDefinition], records: Iterable[ResponseRecord], out, *, language: str = "lo",
              table: str | None = None) -> int:
    """Write the main table (or the repeat ``table``) of ``records`` as Stata 15 to the path
    ``out`` (labels longer than Stata allows are cut); returns the number of rows."""
    frame, labels, value_labels, count = _prepared(versions, records, language, table, "dta")
    labels = [label[:80] for label in labels]  # Stata's limit, in characters
    value_labels = {name: {k: v.encode("utf-8")[:32000].decode("utf-8", "ignore") for k, v in found.items()}
                    for name, found in value_labels.items()}
    pyreadstat.write_dta(frame, str(out), column_labels=labels, variable_value_labels=value_labels, version=15)
    return count
