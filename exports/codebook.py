"""The codebook sheet: what each column of the data means.

An analyst who receives the workbook without the form needs, for every question: its
name (the column header in "names" mode), where it sits (main table or which repeat), its
type, its label and hint in each language, its choices with their codes, and the rules
that decided when it was asked (relevance) and what it accepted (constraint). With several
form versions the codebook lists the union of questions and which versions had each.
"""
from __future__ import annotations

from forms.definition import FormDefinition

from .columns import Field, plan_tables
from .sheet import Cursor


def _languages(versions: list[FormDefinition]) -> list[str]:
    found: list[str] = []
    for form in versions:
        for language in form.languages:
            if language not in found:
                found.append(language)
    return found


def _text(text, language: str) -> str | None:
    if isinstance(text, str):
        return text or None
    return (text or {}).get(language) or None


def _choices(field: Field, languages: list[str]) -> str | None:
    if not field.choices:
        return None
    return "\n".join(
        f"{choice.name} = " + " / ".join(t for t in (_text(choice.label, lang) for lang in languages) if t)
        for choice in field.choices
    )


def write_codebook(workbook, formats, versions: list[FormDefinition], sheet_name: str = "codebook") -> None:
    """Add the codebook sheet of ``versions`` (newest first) to ``workbook``."""
    ws = workbook.add_worksheet(sheet_name)
    c = Cursor(ws, formats)
    languages = _languages(versions)
    present = {form.version: {q.name for q, _ in form.walk()} for form in versions}
    header = ["name", "table", "type", "appearance", "required",
              *[f"label ({lang})" for lang in languages], *[f"hint ({lang})" for lang in languages],
              "choice list", "choices", "relevant", "constraint",
              *[f"constraint message ({lang})" for lang in languages], "calculation", "versions"]
    widths = {"name": 22, "table": 12, "type": 14, "choices": 40, "versions": 14}
    for col, title in enumerate(header):
        ws.set_column(col, col, widths.get(title, 30 if "(" in title or title in ("relevant", "constraint") else 12))
    c.header(*header)
    for table in plan_tables(versions):
        for field in table.fields:
            q = field.question
            wrap = formats.wrap
            cells = [q.name, table.name, q.type, q.appearance, "yes" if q.required else "no",
                     *[_text(field.labels[0], lang) for lang in languages],
                     *[_text(q.hint, lang) for lang in languages],
                     q.choice_list, _choices(field, languages), q.relevant, q.constraint,
                     *[_text(q.constraint_message, lang) for lang in languages], q.calculation,
                     " ".join(v for v, names in present.items() if q.name in names)]
            c.line(*[(cell, wrap) if isinstance(cell, str) else cell for cell in cells])
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(c.row - 1, 0), len(header) - 1)
