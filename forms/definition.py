"""The canonical form model.

Every other part of the project — rendering, validation, export columns — reads a form
through these classes, whether it came from the project's own JSON definition or from an
XLSForm workbook. The model follows XLSForm closely so that nothing an organiser wrote in
KoboToolbox or ODK is lost: a tree of questions (groups and repeats hold children), named
choice lists, and text that is either a plain string or a mapping of language code to
text.

Names are scoped as pyxform scopes them: unique among the children of one group or repeat,
so two groups may each hold a ``name``. A submission's answers are a flat mapping per place
(the top of the form, or one repeat instance; groups are transparent) of *key* to value,
a repeat's key holding a list of such mappings. A question's key is its name when no other
answer or repeat in its place has that name, and otherwise its path from the place, the
names of its groups joined with ``/`` (``household/name``) — so forms whose names are unique,
as most are, keep their answers by name, and the same name in two groups stays two answers.
``FormDefinition`` gives every question its key when it is made.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

from .types import METADATA_TYPES

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
    #: Media shown with the choice, as for a question's label.
    media: dict[str, dict[str, str]] = field(default_factory=dict)


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
    #: The type a calculation's result has (XLSForm's ``bind::type``: ``int`` or
    #: ``decimal``); None for text, the XLSForm default.
    bind_type: str | None = None
    default: str | None = None
    #: A default written as an expression (``today()``, ``${age} + 1``), computed when the
    #: question comes into view unanswered (XLSForm's dynamic default).
    dynamic_default: str | None = None
    appearance: str | None = None
    choice_list: str | None = None
    choice_filter: str | None = None
    or_other: bool = False
    read_only: bool = False
    parameters: dict[str, str] = field(default_factory=dict)
    repeat_count: str | None = None
    sensitive: bool = False
    #: Media shown with the label, by kind (image, audio, video, big-image) and then by
    #: language ("" for media without one): file names among the form's media.
    media: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The question whose change recomputes this one's calculation or default (``trigger``).
    trigger: str | None = None
    #: Extra attributes of the question's node, such as HXL tags (``instance::hxl``).
    instance: dict[str, str] = field(default_factory=dict)
    #: Longer guidance for the person filling in the form (``guidance_hint``).
    guidance_hint: Text = field(default_factory=dict)
    children: list["Question"] = field(default_factory=list)
    #: Where the answer sits in its place (see the module's description); set by the form.
    key: str = field(default="", compare=False, repr=False)

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    @property
    def is_repeat(self) -> bool:
        return self.type == "repeat"

    @property
    def is_metadata(self) -> bool:
        """Metadata: recorded, never asked (start, deviceid …)."""
        return self.type in METADATA_TYPES

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
    #: The settings sheet's ``style`` (``pages``, ``theme-grid`` …), as the author wrote it.
    style: str | None = None
    #: Language code -> the name the author gave it, when that is not the code itself.
    language_names: dict[str, str] = field(default_factory=dict)
    #: Secondary instances by id (``csv-external``, ``pulldata()`` files …): the items of
    #: a data file uploaded with the form, each a mapping of column to text.
    instances: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _assign_keys(self.questions)

    def walk(self) -> Iterator[tuple[Question, tuple[Question, ...]]]:
        """Yield every question in document order with the tuple of its ancestors."""

        def visit(questions, ancestors):
            for question in questions:
                yield question, ancestors
                if question.children:
                    yield from visit(question.children, ancestors + (question,))

        yield from visit(self.questions, ())

    def question(self, name: str) -> Question:
        """Return the first question called ``name`` (or whose key is ``name``); KeyError
        when there is none."""
        for question, _ in self.walk():
            if question.name == name or question.key == name:
                return question
        raise KeyError(name)

    def locate(self, path: str) -> tuple[list[tuple[str, int]], Question] | None:
        """The question an answer path names and the repeat instances on the way there.

        ``path`` is the key of a question, after one ``repeat[n]/`` per repeat instance it
        sits in (``visits[2]/photo``); the result is ([(repeat key, n), …], question), or
        None when no question carrying an answer is there."""
        steps: list[tuple[str, int]] = []
        questions = self.questions
        rest = path
        while True:
            found = _INSTANCE_STEP.match(rest)
            if found is None:
                break
            repeat = next((q for q in _in_place(questions)
                           if q.is_repeat and q.key == found["repeat"]), None)
            if repeat is None:
                return None
            steps.append((repeat.key, int(found["position"])))
            questions, rest = repeat.children, rest[found.end():]
        question = next((q for q in _in_place(questions) if q.key == rest and q.carries_answer), None)
        return None if question is None else (steps, question)

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


_INSTANCE_STEP = re.compile(r"^(?P<repeat>[^\[\]/]+)\[(?P<position>\d{1,4})\]/")


def _in_place(questions: list[Question]) -> Iterator[Question]:
    """The questions of one place: through groups, not into repeats."""
    for question in questions:
        yield question
        if question.children and not question.is_repeat:
            yield from _in_place(question.children)


def _assign_keys(questions: list[Question]) -> None:
    """Give every question its key: its name, or its path from its place when another
    answer or repeat of the place has the same name."""

    def visit(items: list[Question], path: tuple[str, ...], counts: dict[str, int]) -> None:
        for question in items:
            if question.is_repeat or not question.is_container:
                question.key = (question.name if counts.get(question.name, 0) < 2
                                else "/".join(path + (question.name,)))
            else:
                question.key = "/".join(path + (question.name,))
            if question.is_repeat:
                visit(question.children, (), _name_counts(question.children))
            elif question.children:
                visit(question.children, path + (question.name,), counts)

    visit(questions, (), _name_counts(questions))


def _name_counts(questions: list[Question]) -> dict[str, int]:
    """How often each name is used by an answer or repeat of one place."""
    counts: dict[str, int] = {}

    def count(items: list[Question]) -> None:
        for question in items:
            if question.is_repeat or question.carries_answer:
                counts[question.name] = counts.get(question.name, 0) + 1
            if question.children and not question.is_repeat:
                count(question.children)

    count(questions)
    return counts


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
