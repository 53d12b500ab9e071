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


#: Choice names that mean "no opinion" rather than a point on the scale, in lists whose
#: names are not numbers (where they are, any non-numeric name is off the scale).
OFF_SCALE_NAMES = frozenset({"dk", "dont_know", "do_not_know", "don_t_know", "unknown", "na", "n_a",
                             "not_applicable", "refused", "refuse", "no_answer", "prefer_not_to_say",
                             "no_opinion", "other"})


def likert_scores(field: Field) -> dict[str, float]:
    """Score of each choice on the scale: its name when the names are numbers (``"1"``..``"5"``),
    else its position. "Don't know", "not applicable" and the like are off the scale: they
    count neither in n nor in the mean nor in the top two boxes."""
    names = [c.name for c in field.choices]
    numeric = {}
    for name in names:
        try:
            numeric[name] = float(name)
        except ValueError:
            continue
    if len(numeric) >= 2:
        return {name: score for name, score in numeric.items() if math.isfinite(score)}
    on_scale = [name for name in names if name.lower() not in OFF_SCALE_NAMES]
    return {name: float(i) for i, name in enumerate(on_scale, 1)}


def top_two(field: Field) -> set[str]:
    """The top two boxes: the two best-scoring choices of the scale."""
    return _best_two(likert_scores(field))


def _best_two(scores: dict[str, float]) -> set[str]:
    return set(sorted(scores, key=scores.__getitem__)[-2:])


def likert_figures(field: Field, counts: dict) -> dict | None:
    """n (answers on the scale), share in the top two boxes and mean score from
    {choice: count}; None if nothing was answered on the scale."""
    scores = likert_scores(field)
    scored = {v: n for v, n in counts.items() if v in scores}
    n = sum(scored.values())
    if not n:
        return None
    top = _best_two(scores)
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


#: z for a two-sided 95 % interval.
Z95 = 1.959963984540054
#: Below this many answers a share is shown with a warning: its 95 % interval is wide
#: (at n = 20..30 and a share near 75 %, about ±15 points).
SMALL_N = 30


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a share of ``k`` in ``n`` (95 % by default); None when
    ``n`` is 0. Unlike the normal approximation it stays within 0..1 and is sound at small n."""
    if n <= 0:
        return None
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def competition_ranks(scores: list) -> list[int]:
    """Ranks of ``scores`` sorted best first, ties sharing a rank: 5, 5, 1 -> 1, 1, 3."""
    ranks: list[int] = []
    for i, score in enumerate(scores):
        ranks.append(ranks[-1] if i and score == scores[i - 1] else i + 1)
    return ranks
