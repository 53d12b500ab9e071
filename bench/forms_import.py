"""How much reading an XLSForm into the canonical model costs over pyxform's own conversion.

A bilingual workbook of ``--n`` questions (texts, integers with constraints, selects,
relevance on the previous question, a group and a repeat every 50 questions) is made in
memory. In the same run, best of ``--repeat``: (a) ``pyxform.xls2xform.convert`` turning
the workbook into an XForm (without ODK Validate, which needs Java), the baseline; (b)
``forms.xlsform.read_xlsform`` reading it into a FormDefinition, checks included. Timings
never fail anything: this prints figures and the goal.

    python -m bench.forms_import --n 300
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from io import BytesIO

import openpyxl
from pyxform.xls2xform import convert

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from forms.xlsform import read_xlsform  # noqa: E402

GOAL = 2.0


def generated_workbook(n: int) -> bytes:
    """An .xlsx with ``n`` questions in Lao and English."""
    head = ["type", "name", "label::Lao (lo)", "label::English (en)", "hint::English (en)",
            "required", "relevant", "constraint", "constraint_message::Lao (lo)",
            "constraint_message::English (en)", "appearance"]
    survey = [head]
    for i in range(n):
        if i % 50 == 10:
            survey.append([f"begin {'repeat' if i % 100 == 10 else 'group'}", f"block{i}", f"ພາກ {i}", f"Part {i}"])
        kind = i % 4
        relevant = f"${{q{i - 1}}} != ''" if i % 50 != 10 and i else None
        if kind == 0:
            survey.append(["text", f"q{i}", f"ຄຳຖາມ {i}", f"Question {i}", "Write freely", None, relevant])
        elif kind == 1:
            survey.append(["integer", f"q{i}", f"ຈຳນວນ {i}", f"Number {i}", None, "yes", relevant,
                           ". >= 0 and . <= 1000", "ກະລຸນາໃສ່ 0 ຫາ 1000", "Enter 0 to 1000"])
        elif kind == 2:
            survey.append(["select_one likert5", f"q{i}", f"ຄວາມພໍໃຈ {i}", f"Satisfaction {i}", None, "yes",
                           relevant, None, None, None, "likert"])
        else:
            survey.append(["select_multiple parts", f"q{i}", f"ພາກສ່ວນ {i}", f"Parts {i}", None, None, relevant])
        if i % 50 == 40:
            survey.append([f"end {'repeat' if i % 100 == 40 else 'group'}"])
    choices = [["list_name", "name", "label::Lao (lo)", "label::English (en)"]]
    choices += [["likert5", str(k), f"ລະດັບ {k}", f"Level {k}"] for k in range(1, 6)]
    choices += [["parts", f"part{k}", f"ພາກ {k}", f"Part {k}"] for k in range(1, 9)]
    settings = [["form_id", "form_title", "version", "default_language"],
                ["bench_form", "ແບບຟອມທົດສອບ", "1", "Lao (lo)"]]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def best_of(repeat: int, work) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="questions in the generated form")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the best counts")
    args = parser.parse_args()
    data = generated_workbook(args.n)
    form = read_xlsform(data)
    print(f"workbook: {args.n} questions, {len(data) / 1024:.0f} KiB; "
          f"{sum(1 for _ in form.walk())} elements read")
    baseline = best_of(args.repeat, lambda: convert(xlsform=data, validate=False))
    ours = best_of(args.repeat, lambda: read_xlsform(data))
    print(f"pyxform convert (XForm, no ODK Validate): {baseline * 1000:8.1f} ms")
    print(f"read_xlsform (FormDefinition, checked):   {ours * 1000:8.1f} ms")
    print(f"xlsform import: {ours / baseline:.2f}x pyxform (goal <= {GOAL:g}x)")


if __name__ == "__main__":
    main()
