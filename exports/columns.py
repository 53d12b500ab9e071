"""Which columns an export has, decided from the form definitions alone.

Export columns follow the stored form definition in document order, never whatever keys
happen to be in the data: a question nobody answered still gets its column, and a stray
key in an answer mapping gets none. When responses were collected against several
versions of a form, the columns are the union: the newest version's questions in its
order, then the questions only older versions had, in their order. A question is the same
column in every version when it has the same key (its name, or its path where the name is
used twice in one place; see ``forms.definition``).

A form is split into tables: the main table (one row per response) and one table per
repeat (one row per repeat instance), each holding the questions that sit directly in it
(groups are transparent, a nested repeat is a table of its own).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from forms.definition import Choice, FormDefinition, Question, text_in

#: How a question's answer is written, by XLSForm type; anything else is written as text
#: (a calculation with a numeric ``bind_type`` is a number).
KIND_BY_TYPE = {
    "integer": "number", "decimal": "number", "range": "number",
    "date": "date", "today": "date",
    "time": "time",
    "datetime": "datetime", "start": "datetime", "end": "datetime",
    "select_one": "select_one", "select_multiple": "select_multiple", "rank": "rank",
    "text": "text",
}


@dataclass
class Field:
    """One question as the export sees it: its newest definition and its choices."""

    question: Question
    kind: str
    choices: list[Choice] = field(default_factory=list)
    #: Label of the question in every version it appears in, newest first (for fallbacks).
    labels: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The column's name: the question's key, under which its answers are stored."""
        return self.question.key

    @property
    def is_likert(self) -> bool:
        return self.kind == "select_one" and "likert" in (self.question.appearance or "").split()

    def label(self, language: str) -> str:
        for text in self.labels:
            found = text_in(text, language)
            if found:
                return found
        return self.name

    def choice_label(self, choice: Choice, language: str) -> str:
        return text_in(choice.label, language) or choice.name


@dataclass
class Table:
    """The main table (``repeat`` None) or one repeat's table."""

    name: str
    repeat: Question | None
    #: Names of the enclosing repeats, outermost first, ending with this repeat's own name.
    path: tuple[str, ...]
    fields: list[Field] = field(default_factory=list)


def _tables_of(form: FormDefinition) -> list[Table]:
    main = Table(name="data", repeat=None, path=())
    tables = [main]

    def visit(questions, table):
        for question in questions:
            if question.is_repeat:
                inner = Table(name=question.name, repeat=question, path=table.path + (question.name,))
                tables.append(inner)
                visit(question.children, inner)
            elif question.is_container:
                visit(question.children, table)
            elif question.carries_answer:
                kind = "number" if question.bind_type else KIND_BY_TYPE.get(question.type, "text")
                table.fields.append(
                    Field(question, kind, list(form.choices_for(question)), [question.label])
                )

    visit(form.questions, main)
    return tables


def _merge_fields(newer: list[Field], older: list[Field]) -> list[Field]:
    by_name = {f.name: f for f in newer}
    merged = list(newer)
    for old in older:
        current = by_name.get(old.name)
        if current is None:
            merged.append(old)
            by_name[old.name] = old
            continue
        current.labels.extend(old.labels)
        known = {c.name for c in current.choices}
        current.choices.extend(c for c in old.choices if c.name not in known)
    return merged


def plan_tables(versions: list[FormDefinition]) -> list[Table]:
    """The tables of an export of ``versions`` (newest first); the main table comes first."""
    if not versions:
        raise ValueError("An export needs at least one form version.")
    merged: dict[str, Table] = {}
    for form in versions:
        for table in _tables_of(form):
            if table.name not in merged:
                merged[table.name] = table
            else:
                merged[table.name].fields = _merge_fields(merged[table.name].fields, table.fields)
    return list(merged.values())
