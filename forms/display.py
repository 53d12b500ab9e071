"""Answers as a person reads them: choice labels instead of codes, in the reader's language.

The organisers' submissions table and one submission's page show what the participant
saw — the question's label and the label of the chosen choices — walking the form in
document order, groups as headings and each repeat instance numbered.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .definition import FormDefinition, Question, text_in

#: Languages tried, in order, when text lacks the reader's language.
FALLBACKS = ["en", "lo"]
_CHOICE_TYPES = frozenset({"select_one", "select_multiple", "rank"})


def answer_text(form: FormDefinition, question: Question, value, language: str) -> str:
    """``value`` (an answer to ``question``) as text: choices by their labels."""
    if value is None or value == "" or value == []:
        return ""
    if question.type in _CHOICE_TYPES:
        labels = {choice.name: text_in(choice.label, language, FALLBACKS) or choice.name
                  for choice in form.choices_for(question)}
        picked = value if isinstance(value, list) else str(value).split() if question.type != "select_one" else [value]
        return "; ".join(labels.get(str(name), str(name)) for name in picked)
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def label_of(question: Question, language: str) -> str:
    return text_in(question.label, language, FALLBACKS) or question.name


@dataclass(frozen=True)
class Line:
    """One line of a submission as read: a heading (group or repeat instance) or an answer."""

    depth: int
    label: str
    text: str = ""
    heading: bool = False


def read_answers(form: FormDefinition, answers: dict, language: str) -> Iterator[Line]:
    """Every question of ``form`` that carries an answer in ``answers``, in document order,
    under the headings of its groups and repeat instances."""
    yield from _read(form, form.questions, answers, language, 0)


def _read(form: FormDefinition, questions: list[Question], answers: dict, language: str, depth: int) -> Iterator[Line]:
    for question in questions:
        if question.is_repeat:
            for position, instance in enumerate(answers.get(question.name) or [], start=1):
                yield Line(depth, f"{label_of(question, language)} {position}", heading=True)
                yield from _read(form, question.children, instance if isinstance(instance, dict) else {},
                                 language, depth + 1)
        elif question.is_container:
            inner = list(_read(form, question.children, answers, language, depth + 1))
            if inner:
                yield Line(depth, label_of(question, language), heading=True)
                yield from inner
        elif question.carries_answer and question.name in answers:
            yield Line(depth, label_of(question, language), answer_text(form, question, answers[question.name],
                                                                       language))
