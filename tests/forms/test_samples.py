"""Sample answers (for demo data and benchmarks) are always valid submissions."""
import json
import random
from pathlib import Path

import pytest

from forms.samples import sample_answers
from forms.schema import load_definition
from forms.validation import validate_submission
from forms.xlsform import read_xlsform

TEMPLATES = Path(__file__).resolve().parents[2] / "forms" / "templates"


@pytest.mark.parametrize("name", ["meeting_satisfaction", "sdg_seminar", "capacity_assessment",
                                  "pre_rtm_consultation"])
def test_samples_of_every_template_validate(name):
    form = read_xlsform(TEMPLATES / f"{name}.xlsx")
    rng = random.Random(7)
    for _ in range(40):
        answers = sample_answers(form, rng)
        assert validate_submission(form, answers, "lo").ok


def test_samples_respect_choice_filters():
    form = read_xlsform(TEMPLATES / "pre_rtm_consultation.xlsx")
    districts = {c.name: c.extra for c in form.choices[form.question("district").choice_list]}
    rng = random.Random(3)
    for _ in range(40):
        answers = sample_answers(form, rng, fixed={"province": "LA-SV"})
        assert answers["province"] == "LA-SV"
        if answers.get("district", "other") != "other":
            assert districts[answers["district"]]["province"] == "LA-SV"


def test_samples_are_reproducible_from_a_seed():
    form = load_definition(json.loads((TEMPLATES / "meeting_satisfaction.json").read_text(encoding="utf-8")))
    assert sample_answers(form, random.Random(1)) == sample_answers(form, random.Random(1))
