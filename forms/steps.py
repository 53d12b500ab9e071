"""The steps a form is served in to a browser without JavaScript.

Without JavaScript the page cannot apply relevance or choice filters as answers are
typed, so a form that has them is served a step at a time: the server evaluates them on
the answers posted so far and shows the next step with only what applies. A step is a
top-level group or repeat, or a run of the top-level questions between them (each
top-level question or group is a step of its own under the ``pages`` style, as Enketo
pages it). A form without skip logic is one step: the whole form at once, as before.
"""
from __future__ import annotations

from collections.abc import Iterable

from .definition import FormDefinition, Question

#: Types a page never shows: worked out or recorded, not asked.
UNSHOWN_TYPES = frozenset({"calculate", "hidden"})


def has_skip_logic(form: FormDefinition) -> bool:
    """Whether the form shows or filters something according to the answers."""
    return any(q.relevant or q.choice_filter or q.repeat_count for q, _ in form.walk())


def steps(form: FormDefinition) -> list[list[Question]]:
    """The form's top-level questions, cut into steps (one step without skip logic)."""
    if not has_skip_logic(form):
        return [form.questions]
    paged = "pages" in (form.style or "").split()
    found: list[list[Question]] = []
    run: list[Question] = []
    for question in form.questions:
        if question.is_container or paged:
            if run:
                found.append(run)
                run = []
            found.append([question])
        else:
            run.append(question)
    if run:
        found.append(run)
    return found


def shown_keys(questions: Iterable[Question], hidden: set[str]) -> list[str]:
    """The keys of the questions a step shows, outside repeats, given what is not
    relevant (``hidden``: paths of questions, groups and repeats)."""
    found: list[str] = []

    def visit(items: Iterable[Question]) -> None:
        for question in items:
            if question.key in hidden:
                continue
            if question.type == "group":
                visit(question.children)
            elif not question.is_metadata and question.type not in UNSHOWN_TYPES:
                found.append(question.key)

    visit(questions)
    return found


def step_of(plan: list[list[Question]], path: str) -> int:
    """The step an answer or error path lies in (0 when none has it)."""
    top = path.split("[", 1)[0] if "[" in path.split("/", 1)[0] else path
    for index, questions in enumerate(plan):
        if top in _keys(questions):
            return index
    return 0


def _keys(questions: Iterable[Question]) -> set[str]:
    keys: set[str] = set()
    for question in questions:
        keys.add(question.key)
        if question.type == "group":
            keys |= _keys(question.children)
    return keys
