"""The codebook sheet: what each column of the data means.

An analyst who receives the workbook without the form needs, for every question: its
name (the column header in "names" mode) and path (in "paths" mode), where it sits (the
sheet: main data or which repeat, and the groups around it), its type, its label and hint in each language, its
choices with their codes, and the rules that decided when it was asked (relevance) and
what it accepted (constraint). Groups, repeats and notes are listed too, because a
group's relevance explains blanks in every question inside it. With several form
versions the codebook lists the union of questions (the newest version's order, then
those only older versions had) and which versions had each.
"""
from __future__ import annotations

from forms.definition import Choice, FormDefinition
from forms.types import DEVICE_METADATA_TYPES

from .columns import plan_tables
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


def _choices(choices: list[Choice], languages: list[str]) -> str | None:
    if not choices:
        return None
    return "\n".join(
        f"{choice.name} = " + " / ".join(t for t in (_text(choice.label, lang) for lang in languages) if t)
        for choice in choices
    )


def _type(question) -> str:
    """The type, and for device metadata that the reader should not wait for a value."""
    if question.type in DEVICE_METADATA_TYPES:
        return f"{question.type} (always empty: a web page cannot read it)"
    return question.type


def write_codebook(workbook, formats, versions: list[FormDefinition], sheet_name: str = "codebook",
                   sheets: dict[str, str] | None = None) -> None:
    """Add the codebook sheet of ``versions`` (newest first) to ``workbook``; ``sheets``
    names the sheet of each table (``RawSheets.sheet_names``): the main table's is
    ``data``'s, a repeat's its own name's."""
    sheets = sheets or {}
    ws = workbook.add_worksheet(sheet_name)
    c = Cursor(ws, formats)
    languages = _languages(versions)
    present = {form.version: {q.key for q, _ in form.walk()} for form in versions}
    header = ["name", "path", "sheet", "groups", "type", "appearance", "required",
              *[f"label ({lang})" for lang in languages], *[f"hint ({lang})" for lang in languages],
              "choice list", "choices", "relevant", "constraint",
              *[f"constraint message ({lang})" for lang in languages], "calculation", "versions"]
    widths = {"name": 22, "path": 30, "sheet": 12, "groups": 16, "type": 14, "choices": 40, "versions": 14}
    for col, title in enumerate(header):
        ws.set_column(col, col, widths.get(title, 30 if "(" in title or title in ("relevant", "constraint") else 12))
    c.header(*header)
    fields = {f.name: f for t in plan_tables(versions) for f in t.fields}
    seen: set[str] = set()
    for form in versions:
        for q, ancestors in form.walk():
            if q.key in seen:
                continue
            seen.add(q.key)
            field = fields.get(q.key)
            repeat = next((a.name for a in reversed(ancestors) if a.is_repeat), None)
            sheet = sheets.get(repeat or "data", repeat or "Data")
            groups = "/".join(a.name for a in ancestors) or None
            cells = [q.key, "/".join([a.name for a in ancestors] + [q.name]), sheet, groups, _type(q), q.appearance, "yes" if q.required else "no",
                     *[_text(q.label, lang) for lang in languages],
                     *[_text(q.hint, lang) for lang in languages],
                     q.choice_list, _choices(field.choices if field else form.choices_for(q), languages),
                     q.relevant, q.constraint,
                     *[_text(q.constraint_message, lang) for lang in languages], q.calculation,
                     " ".join(v for v, names in present.items() if q.key in names)]
            c.line(*[(cell, formats.wrap) if isinstance(cell, str) else cell for cell in cells])
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(c.row - 1, 0), len(header) - 1)
