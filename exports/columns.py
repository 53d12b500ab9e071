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

Headers: a column is known by its name (the answer's key, what scripts re-import), its
path (the names of its groups and repeats and its own, joined by ``/``: unique in the
form, as in ODK and KoboToolbox exports) and its label. Two questions may share a name or
a label — an SDG seminar asks the same five questions before and after, a consultation
asks the participant's province beside the event's — so :func:`unique_headers` makes
every header of a table unique: a label that is used twice is preceded by its groups'
labels, as many as it takes, then followed by its name; what is still the same gets a
number.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from forms.definition import Choice, FormDefinition, Question, text_in
from forms.types import UPLOAD_TYPES

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
    #: The groups and repeats around the question, outermost first.
    ancestors: tuple[Question, ...] = ()

    @property
    def name(self) -> str:
        """The column's name: the question's key, under which its answers are stored."""
        return self.question.key

    @property
    def path(self) -> str:
        """The question's place in the form: its groups', repeats' and own names joined by ``/``."""
        return "/".join([a.name for a in self.ancestors] + [self.question.name])

    def group_labels(self, language: str) -> list[str]:
        """The labels (else names) of the groups around the question in its table, innermost first."""
        found = []
        for ancestor in reversed(self.ancestors):
            if ancestor.is_repeat:
                break
            found.append(text_in(ancestor.label, language) or ancestor.name)
        return found

    @property
    def layout(self) -> str:
        """How the raw data lays the answer out: as its kind says, but a point as four
        numbers ("geopoint") and a file as its name and address ("file"), though both are
        summarised as text."""
        if self.question.type == "geopoint":
            return "geopoint"
        if self.question.type in UPLOAD_TYPES:
            return "file"
        return self.kind

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

    def visit(questions, table, ancestors):
        for question in questions:
            if question.is_repeat:
                inner = Table(name=question.name, repeat=question, path=table.path + (question.name,))
                tables.append(inner)
                visit(question.children, inner, ancestors + (question,))
            elif question.is_container:
                visit(question.children, table, ancestors + (question,))
            elif question.carries_answer:
                kind = "number" if question.bind_type else KIND_BY_TYPE.get(question.type, "text")
                table.fields.append(
                    Field(question, kind, list(form.choices_for(question)), [question.label], ancestors)
                )

    visit(form.questions, main, ())
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


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, its path and its labels, plainest first.

    ``labels`` holds the label, then the same preceded by ever more group labels, then
    followed by the name: the first of them that no other column of the table has is the
    header (see :func:`unique_headers`).
    """

    name: str
    path: str
    labels: tuple[str, ...]
    width: float = 14

    def derived(self, name: str, label: str, width: float) -> "Column":
        """A column that belongs to this one (a choice's flag, a point's latitude)."""
        return Column(f"{self.name}/{name}", f"{self.path}/{name}",
                      tuple(f"{text} / {label}" for text in self.labels), width)


def field_column(field: Field, language: str, suffix: str = "") -> Column:
    """The first (or only) column of ``field``; ``suffix`` follows its label (a time zone)."""
    label = field.label(language) + suffix
    qualified, groups = [label], field.group_labels(language)
    for n in range(1, len(groups) + 1):
        qualified.append(" / ".join([*reversed(groups[:n]), label]))
    qualified.append(f"{qualified[-1]} ({field.name})")
    return Column(field.name, field.path, tuple(qualified))


def unique_headers(candidates: list[tuple[str, ...]], number_format: str = "{} ({})") -> list[str]:
    """One header per column, each the first of its ``candidates`` no other column shares.

    Columns whose header is taken by another move on to their next candidate until none
    can; a column with one candidate (the metadata) never moves, so a question's column
    gives way to it. Headers still shared are then numbered in order: ``Name (2)``.
    """
    level = [0] * len(candidates)
    while True:
        current = [options[min(n, len(options) - 1)] for options, n in zip(candidates, level)]
        counts = Counter(current)
        moved = False
        for i, header in enumerate(current):
            if counts[header] > 1 and level[i] < len(candidates[i]) - 1:
                level[i] += 1
                moved = True
        if not moved:
            break
    seen: Counter = Counter()
    unique = []
    taken = set(current)
    for header in current:
        seen[header] += 1
        if seen[header] > 1:
            n = seen[header]
            while number_format.format(header, n) in taken:
                n += 1
            header = number_format.format(header, n)
            taken.add(header)
        unique.append(header)
    return unique


#: How each header mode names a column: candidates of its header, plainest first.
HEADER_CANDIDATES = {
    "names": lambda c: tuple(dict.fromkeys((c.name, c.path))),
    "paths": lambda c: (c.path,),
    "labels": lambda c: c.labels,
}


def header_row(columns: list[Column], mode: str) -> list[str]:
    """The headers of ``columns`` in ``mode`` ("names", "paths" or "labels"), all different."""
    number_format = "{} ({})" if mode == "labels" else "{}_{}"
    return unique_headers([HEADER_CANDIDATES[mode](c) for c in columns], number_format)
