"""Small statistics over accumulated counts: choice order, medians, Likert scores.

Kept apart from the sheet writers so that the numbers a workbook shows can be checked
without opening a workbook.
"""
from __future__ import annotations

import math

from .columns import Field


def choice_values(field: Field, counts: dict) -> list:
    """Every choice of ``field`` (answered or not), then answered values not in the list."""
    known = [c.name for c in field.choices]
    return known + sorted((v for v in counts if v not in set(known)), key=str)


def number_summary(values) -> dict | None:
    """n, mean, median, min, max of a sequence of numbers; None if it is empty."""
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    half = n // 2
    median = ordered[half] if n % 2 else (ordered[half - 1] + ordered[half]) / 2
    return {"n": n, "mean": math.fsum(ordered) / n, "median": median, "min": ordered[0], "max": ordered[-1]}


def likert_scores(field: Field) -> dict[str, float]:
    """Score of each choice: its name when numeric (``"1"``..``"5"``), else its position."""
    names = [c.name for c in field.choices]
    try:
        return {name: float(name) for name in names}
    except ValueError:
        return {name: float(i) for i, name in enumerate(names, 1)}


def top_two(field: Field) -> set[str]:
    """The top two boxes: the last two choices of the list (lists run from worst to best)."""
    return {c.name for c in field.choices[-2:]}


def likert_figures(field: Field, counts: dict) -> dict | None:
    """n, share in the top two boxes and mean score from {choice: count}; None if empty."""
    scores = likert_scores(field)
    scored = {v: n for v, n in counts.items() if v in scores}
    n = sum(scored.values())
    if not n:
        return None
    top = top_two(field)
    return {"n": n, "top_two": sum(c for v, c in scored.items() if v in top) / n,
            "mean": sum(scores[v] * c for v, c in scored.items()) / n}


def likert_batteries(fields: list[Field]) -> list[list[Field]]:
    """Runs of consecutive Likert questions sharing a choice list (a run may be of one)."""
    runs: list[list[Field]] = []
    for f in fields:
        if f.is_likert and runs and runs[-1][-1].is_likert and \
                runs[-1][-1].question.choice_list == f.question.choice_list:
            runs[-1].append(f)
        else:
            runs.append([f])
    return [run for run in runs if run[0].is_likert]
