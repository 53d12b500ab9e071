"""Plausible answers for any form, for demo data and benchmarks.

``sample_answers`` fills a form the way a participant might: a choice from each list
(respecting choice filters), numbers inside the form's constraints when it can find such
numbers, dates near a given day, and short texts from a pool (Lao by default). It then
runs the real validator, so what it returns is always a valid submission: answers the
form would refuse are removed or, for required questions, drawn again.
"""
from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

from .definition import FormDefinition, Question
from .expressions import Context, ExpressionError, evaluate, parse, to_boolean, to_number
from .validation import validate_submission

LAO_TEXTS = (
    "ຂາດງົບປະມານ ແລະ ພະນັກງານວິຊາການ",
    "ຄວນເພີ່ມການຝຶກອົບຮົມໃຫ້ພະນັກງານຂັ້ນເມືອງ",
    "ການປະສານງານລະຫວ່າງຂະແໜງການຍັງບໍ່ທັນດີ",
    "ເສັ້ນທາງເຂົ້າບ້ານຫ່າງໄກສອກຫຼີກຍັງຫຍຸ້ງຍາກ",
    "ຂໍ້ມູນສະຖິຕິຂັ້ນບ້ານຍັງບໍ່ຄົບຖ້ວນ",
    "ກອງປະຊຸມມີປະໂຫຍດຫຼາຍ",
)
ENGLISH_TEXTS = (
    "Budget and technical staff are short",
    "More training for district staff",
    "Coordination between sectors needs work",
)
_STEP = re.compile(r"^(?P<repeat>[^\[\]/]+)\[(?P<position>\d+)\]/")
#: Attempts at a required answer the validator keeps refusing before giving up on it.
ATTEMPTS = 12


class _Sampler:
    def __init__(self, form: FormDefinition, rng: random.Random, day: date, texts: tuple[str, ...],
                 fixed: dict):
        self.form, self.rng, self.day, self.texts, self.fixed = form, rng, day, texts, fixed

    def choices(self, question: Question, answers: dict) -> list[str]:
        """The names of the choices the question offers, given its choice_filter."""
        choices = self.form.choices_for(question)
        if not question.choice_filter:
            return [choice.name for choice in choices]
        try:
            tree = parse(question.choice_filter, choice_filter=True)
            return [choice.name for choice in choices
                    if to_boolean(evaluate(tree, Context(answers, current=question.key,
                                                         choice={**choice.extra, "name": choice.name})))]
        except ExpressionError:
            return [choice.name for choice in choices]

    def value(self, question: Question, answers: dict) -> Any:
        qtype, rng = question.type, self.rng
        choices = self.choices(question, answers) if question.choice_list else []
        if question.choice_list and not choices:
            return None
        if qtype == "select_one":
            return rng.choice(choices)
        if qtype == "select_multiple":
            return rng.sample(choices, rng.randint(1, min(3, len(choices))))
        if qtype == "rank":
            return rng.sample(choices, len(choices))
        if qtype == "integer":
            return rng.choice((rng.randint(0, 10), rng.randint(1, 5), rng.randint(10, 100)))
        if qtype == "decimal":
            return round(rng.uniform(0, 100), 1)
        if qtype == "range":
            start = float(question.parameters.get("start", 1))
            end = float(question.parameters.get("end", 10))
            step = float(question.parameters.get("step", 1)) or 1
            value = start + step * rng.randint(0, int(abs(end - start) / step))
            return int(value) if value.is_integer() else value
        if qtype in ("date", "today"):
            return (self.day - timedelta(days=rng.randint(0, 30))).isoformat()
        if qtype == "time":
            return f"{rng.randint(7, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}"
        if qtype in ("datetime", "start", "end"):
            return f"{self.day.isoformat()}T{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}:00"
        if qtype == "acknowledge":
            return "OK"
        if qtype == "geopoint":
            return self.point()
        if qtype in ("geotrace", "geoshape"):
            points = [self.point() for _ in range(rng.randint(3, 5))]
            return ";".join(points + [points[0]] if qtype == "geoshape" else points)
        if qtype == "barcode":
            return str(rng.randint(10**12, 10**13 - 1))
        if qtype == "text":
            return rng.choice(self.texts)
        return None  # calculate, hidden, metadata the server fills, uploads: nothing to type

    def instances(self, question: Question, answers: dict) -> int:
        """As many instances as the repeat_count says (at most 5), else one to three."""
        if question.repeat_count:
            try:
                count = to_number(evaluate(parse(question.repeat_count), Context(answers, current=question.key)))
            except ExpressionError:
                count = float("nan")
            if count == count:  # not NaN
                return max(0, min(5, int(count)))
        return self.rng.randint(1, 3)

    def point(self) -> str:
        return f"{self.rng.uniform(14, 22):.5f} {self.rng.uniform(100, 107.5):.5f}"

    def fill(self, questions: list[Question], answers: dict) -> None:
        for question in questions:
            if question.type == "group":
                self.fill(question.children, answers)
            elif question.type == "repeat":
                instances = []
                for _ in range(self.instances(question, answers)):
                    instance: dict = {}
                    self.fill(question.children, instance)
                    instances.append(instance)
                answers[question.key] = instances
            elif question.key in self.fixed:
                answers[question.key] = self.fixed[question.key]
            elif question.carries_answer and (question.required or self.rng.random() < 0.85):
                value = self.value(question, answers)
                if value is not None:
                    answers[question.key] = value


def _drop(answers: dict, path: str) -> None:
    """Remove the answer at an error path; inside a repeat, the whole instance goes."""
    step = _STEP.match(path)
    if step is None:
        answers.pop(path, None)  # a key: a name, or group/name
        return
    instances = answers.get(step["repeat"]) or []
    position = int(step["position"])
    if 0 < position <= len(instances):
        del instances[position - 1]
    if not instances:
        answers.pop(step["repeat"], None)


def sample_answers(form: FormDefinition, rng: random.Random | None = None, *, day: date | None = None,
                   language: str = "lo", fixed: dict | None = None) -> dict:
    """A valid submission for ``form``: the clean answers the validator accepts.

    ``fixed`` gives answers to use as they are (e.g. the province of the event), the
    others being drawn in document order, so choice filters see the fixed ones.

    Raises ValueError when no valid submission turns up (a form whose constraints no
    sampled value can meet)."""
    rng = rng or random.Random()
    sampler = _Sampler(form, rng, day or date.today(), LAO_TEXTS if language == "lo" else ENGLISH_TEXTS,
                       fixed or {})
    answers: dict = {}
    sampler.fill(form.questions, answers)
    for _ in range(ATTEMPTS):
        result = validate_submission(form, answers, language)
        if result.ok:
            return result.answers
        for path in sorted(result.errors, reverse=True):  # later repeat instances first
            _drop(answers, path)
        redrawn: dict = {}
        sampler.fill(form.questions, redrawn)
        for name, value in redrawn.items():
            answers.setdefault(name, value)
    raise ValueError(f"No valid sample for form {form.form_id}: {result.errors}")
