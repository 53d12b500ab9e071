"""A form's data as pandas DataFrames, one per table, for notebooks.

    >>> frames = data_frames(versions, records, language="en")
    >>> frames["data"].groupby("province")["satisfaction"].value_counts()

The tables and their keys are those of :mod:`exports.tables` (join a repeat's frame to the
main one on ``PARENT_KEY`` = ``KEY``). Answers of a select_one question (Likert scales
among them) are ordered categoricals whose categories are the choices' labels (or codes)
in the form's order, so that they sort and plot in the scale's order; a value no choice
of the form has (an answer to an older version, say) is kept as a category after them.
Numbers are nullable numbers, dates and datetimes ``datetime64``; each column's label is
in ``frame.attrs["labels"]``.

Unlike the other exports a DataFrame is held in memory: it is for the size of data a
notebook works with, and the CSV ZIP or the OData feed are for the rest.
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd

from forms.definition import FormDefinition

from .records import ResponseRecord
from .tables import Column, DataTable, plan


def categories(column: Column, values: Iterable, language: str, choice_values: str) -> list[str]:
    """The categories of a choice column: its choices in order, then any other value seen."""
    known = list(dict.fromkeys(c.name if choice_values == "codes" else column.field.choice_label(c, language)
                               for c in column.field.choices))
    seen = set(known)
    extra = sorted({v for v in values if v is not None and v not in seen})
    return known + extra


def _series(column: Column, values: list, language: str, choice_values: str) -> pd.Series:
    kind = column.type
    if kind == "choice":
        return pd.Series(pd.Categorical(values, categories=categories(column, values, language, choice_values),
                                        ordered=True))
    if kind in ("integer", "flag"):
        return pd.Series(values, dtype="Int64")
    if kind == "number" and all(v is None or isinstance(v, (int, float)) for v in values):
        return pd.Series(values, dtype="Float64")
    if kind == "date":
        return pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce", format="ISO8601")
    if kind == "datetime":
        found = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce", utc=True, format="ISO8601")
        return found.dt.tz_localize(None)
    return pd.Series(values, dtype="object")


def frame_of(data_table: DataTable, rows: list[list], language: str = "lo",
             choice_values: str = "labels") -> pd.DataFrame:
    """The DataFrame of ``rows`` (typed rows of ``data_table``)."""
    columns = data_table.columns
    by_column = list(zip(*rows)) if rows else [[] for _ in columns]
    frame = pd.DataFrame({c.name: _series(c, list(values), language, choice_values)
                          for c, values in zip(columns, by_column)})
    frame.attrs["labels"] = {c.name: c.label for c in columns}
    return frame


def data_frames(versions: list[FormDefinition], records: Iterable[ResponseRecord], *, language: str = "lo",
                choice_values: str = "labels") -> dict[str, pd.DataFrame]:
    """A DataFrame per table of ``records`` (``data`` for the main one, else the repeat's
    name), in the order of the tables."""
    data_tables = plan(versions, language=language, choice_values=choice_values)
    rows: list[list] = [[] for _ in data_tables]
    for record in records:
        for data_table, found in zip(data_tables, rows):
            found.extend(data_table.typed_rows(record))
    return {t.name: frame_of(t, found, language, choice_values) for t, found in zip(data_tables, rows)}
