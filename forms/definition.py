"""The canonical form model.

Every other part of the project — rendering, validation, export columns — reads a form
through these classes, whether it came from the project's own JSON definition or from an
XLSForm workbook. The model follows XLSForm closely so that nothing an organiser wrote in
KoboToolbox or ODK is lost: a tree of questions (groups and repeats hold children), named
choice lists, and text that is either a plain string or a mapping of language code to
text.

Names are unique across the whole form (as in XLSForm), so a submission's answers are a
flat mapping of name to value, except that a repeat's answers are a list of such mappings.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterator

#: Question types that hold other questions.
CONTAINER_TYPES = frozenset({"group", "repeat"})
#: Types that display something but never carry an answer.
DISPLAY_TYPES = frozenset({"note"})

Text = dict[str, str]


@dataclass
class Choice:
    """One option of a choice list. ``extra`` keeps additional columns used by choice_filter."""

    name: str
    label: Text = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Question:
    """A question, a note, a calculation, metadata, or a group/repeat of questions."""

    name: str
    type: str
    label: Text = field(default_factory=dict)
    hint: Text = field(default_factory=dict)
    #: True/False, or (as XLSForm allows) an expression deciding it for each submission.
    required: bool | str = False
    required_message: Text = field(default_factory=dict)
    relevant: str | None = None
    constraint: str | None = None
    constraint_message: Text = field(default_factory=dict)
    calculation: str | None = None
    default: str | None = None
    appearance: str | None = None
    choice_list: str | None = None
    choice_filter: str | None = None
    or_other: bool = False
    read_only: bool = False
    parameters: dict[str, str] = field(default_factory=dict)
    repeat_count: str | None = None
    sensitive: bool = False
    children: list["Question"] = field(default_factory=list)

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    @property
    def is_repeat(self) -> bool:
        return self.type == "repeat"

    @property
    def carries_answer(self) -> bool:
        """True when a submission may hold a value for this question."""
        return not self.is_container and self.type not in DISPLAY_TYPES


@dataclass
class FormDefinition:
    """A whole form: settings, the question tree and the choice lists."""

    form_id: str
    title: Text
    version: str
    languages: list[str]
    default_language: str
    questions: list[Question]
    choices: dict[str, list[Choice]] = field(default_factory=dict)
    instance_name: str | None = None
    #: Which report tables a workbook gets (e.g. "satisfaction"); None means generic.
    report: str | None = None

    def walk(self) -> Iterator[tuple[Question, tuple[Question, ...]]]:
        """Yield every question in document order with the tuple of its ancestors."""

        def visit(questions, ancestors):
            for question in questions:
                yield question, ancestors
                if question.children:
                    yield from visit(question.children, ancestors + (question,))

        yield from visit(self.questions, ())

    def question(self, name: str) -> Question:
        """Return the question called ``name``; KeyError when there is none."""
        for question, _ in self.walk():
            if question.name == name:
                return question
        raise KeyError(name)

    def answer_questions(self) -> list[Question]:
        """Top-level (not inside a repeat) questions that carry answers, in document order."""
        found = []
        for question, ancestors in self.walk():
            if question.carries_answer and not any(a.is_repeat for a in ancestors):
                found.append(question)
        return found

    def repeats(self) -> list[Question]:
        return [q for q, _ in self.walk() if q.is_repeat]

    def without_sensitive(self) -> "FormDefinition":
        """A copy without the questions marked sensitive (names, phone numbers …), for the
        exports whose readers may not see them."""

        def keep(questions: list[Question]) -> list[Question]:
            return [replace(q, children=keep(q.children)) for q in questions if not q.sensitive]

        return replace(self, questions=keep(self.questions))

    def choices_for(self, question: Question) -> list[Choice]:
        return self.choices.get(question.choice_list or "", [])


def text_in(text: Text | str | None, language: str, fallbacks: list[str] | None = None) -> str:
    """Pick ``text`` in ``language``, else in the first fallback that has it, else any."""
    if not text:
        return ""
    if isinstance(text, str):
        return text
    for lang in [language, *(fallbacks or [])]:
        if text.get(lang):
            return text[lang]
    return next(iter(text.values()), "")
