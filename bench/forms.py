"""How much validating a submission and importing an XLSForm cost, each against a floor.

Validation: a bilingual survey of ``--questions`` answer-carrying questions (texts,
integers and decimals with constraints, select_one with a choice filter, a Likert
battery, select_multiple, a date checked against today(), relevance on groups and
questions, calculations — one reading the district's label from the form's choice list as
a secondary instance, one a once(uuid()) record id the phone computed — a repeat of two
or three members, a rank, a geotrace and a barcode) and ``--n`` distinct submissions to it, made up front as
JSON strings: half typed as the JSON API sends them, half all text as an HTML form posts
them, about one in ten with a single mistake (a constraint broken, a choice unknown or
filtered out, a required answer missing, a word where a number goes, a stray key). Each
repetition first decodes every payload with ``json.loads`` (the floor: the least any
server does with a submission), then validates each decoded submission with
``validate_submission``; both timed one submission at a time with ``perf_counter_ns``.
The medians per submission are compared; over ``--repeat`` interleaved repetitions the
best median of each counts, since the machine is shared.

Import: a workbook of ``--import-questions`` questions in Lao and English (texts,
integers with constraints, selects, ranks, geotraces, the aliases ``gps`` and
``percentage``, relevance on the previous question, a group and a repeat every 50
questions), made in memory. In each repetition, pyxform's own conversion
to an XForm (``pyxform.xls2xform.convert`` without ODK Validate, which needs Java) is the
baseline and ``forms.xlsform.read_xlsform`` (a checked FormDefinition) is measured
against it; the best of each counts.

Timings never fail anything: this prints figures and the goals.

    python bench/forms.py --n 10000 --questions 40 --import-questions 300
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from io import BytesIO

import openpyxl
from pyxform.xls2xform import convert

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from forms.definition import FormDefinition  # noqa: E402
from forms.schema import load_definition  # noqa: E402
from forms.validation import validate_submission  # noqa: E402
from forms.xlsform import read_xlsform  # noqa: E402

VALIDATION_GOAL = 25.0
IMPORT_GOAL = 2.0
#: The moment ``today()`` means while validating, so every run sees the same answers.
NOW = datetime(2024, 11, 20, 10, 0, tzinfo=timezone(timedelta(hours=7)))
#: Share of submissions that carry one mistake.
INVALID_SHARE = 0.1
#: Answer-carrying questions of the survey besides its satisfaction battery.
CORE_QUESTIONS = 27

PROVINCES = {"VT": "ນະຄອນຫຼວງວຽງຈັນ", "LP": "ຫຼວງພະບາງ", "SV": "ສະຫວັນນະເຂດ", "CH": "ຈຳປາສັກ",
             "XK": "ຊຽງຂວາງ", "HP": "ຫົວພັນ"}
TOPICS = ["budget", "staff", "training", "data", "roads", "health", "education", "other"]
ROLES = ["chair", "member", "secretary", "observer"]
ORGANISATIONS = ["government", "ngo", "partner", "private", "other"]
NAMES = ["ບຸນມີ ສີສະຫວາດ", "ແສງຈັນ ພົມມະຈັນ", "Khamla Vongsa", "ນາງ ວັນນາ", "Somphone K."]
TEXTS = ["ຂາດງົບປະມານ ແລະ ພະນັກງານວິຊາການ", "ຄວນເພີ່ມການຝຶກອົບຮົມໃຫ້ພະນັກງານຂັ້ນເມືອງ",
         "Coordination between sectors needs work", "ກອງປະຊຸມມີປະໂຫຍດຫຼາຍ", ""]


# -- validation ------------------------------------------------------------------------------

def _text(lo: str, en: str) -> dict:
    return {"lo": lo, "en": en}


def _choices(names, labels=None) -> list[dict]:
    return [{"name": name, "label": _text(f"ທາງເລືອກ {name}", (labels or {}).get(name, name))}
            for name in names]


def likert_items(questions: int) -> int:
    return max(questions - CORE_QUESTIONS, 1)


def survey_definition(questions: int) -> FormDefinition:
    """A consultation survey with ``questions`` answer-carrying questions; the ones beyond
    the fixed core are more items of the satisfaction battery."""

    def q(name, qtype, **columns):
        return {"name": name, "type": qtype, "label": _text(f"ຄຳຖາມ {name}", f"Question {name}"), **columns}

    consent_given = "${consent} = 'yes'"
    likert = likert_items(questions)
    definition = {
        "form_id": "bench_consultation", "title": _text("ການປຶກສາຫາລື", "Consultation"),
        "version": "1", "languages": ["lo", "en"], "default_language": "lo",
        "questions": [
            q("consent", "select_one", choice_list="yes_no", required=True),
            q("respondent", "group", relevant=consent_given, children=[
                q("province", "select_one", choice_list="province", required=True),
                q("district", "select_one", choice_list="district", required=True,
                  choice_filter="province = ${province}"),
                q("district_label", "calculate",
                  calculation="instance('district')/root/item[name = ${district}]/label"),
                q("record_id", "calculate", calculation="once(uuid())"),
                q("organisation", "select_one", choice_list="organisation", required=True),
                q("organisation_other", "text", relevant="${organisation} = 'other'", required=True),
                q("sex", "select_one", choice_list="sex"),
                q("age", "integer", required=True, constraint=". >= 15 and . <= 99",
                  constraint_message=_text("ອາຍຸ 15 ຫາ 99 ປີ", "Age 15 to 99")),
                q("meeting_date", "date", required=True, constraint=". <= today()"),
            ]),
            q("household", "group", relevant=consent_given, children=[
                q("household_size", "integer", constraint=". >= 1 and . <= 30"),
                q("income", "decimal", constraint=". >= 0"),
                q("income_per_person", "calculate",
                  calculation="if(${household_size} > 0, round(${income} div ${household_size}, 2), '')"),
                q("topics", "select_multiple", choice_list="topics", constraint="count-selected(.) <= 3"),
                q("topics_other", "text", relevant="selected(${topics}, 'other')"),
                q("priorities", "rank", choice_list="role"),
                q("route", "geotrace"),
            ]),
            q("code", "barcode"),
            q("member", "repeat", relevant=consent_given, children=[
                q("member_name", "text", required=True),
                q("member_role", "select_one", choice_list="role", required=True),
                q("member_age", "integer", constraint=". >= 15 and . <= 99"),
                q("member_years", "integer", relevant="${member_role} = 'chair'", constraint=". >= 0"),
            ]),
            q("members_counted", "calculate", calculation="count(${member})"),
            q("satisfaction", "group", relevant=consent_given, appearance="field-list", children=[
                *(q(f"sat_{k}", "select_one", choice_list="likert5", required=True, appearance="likert")
                  for k in range(1, likert + 1)),
                q("sat_low_reason", "text", relevant="${sat_1} != '' and ${sat_1} <= 2"),
            ]),
            q("comments", "text"),
            q("contact_ok", "select_one", choice_list="yes_no"),
            q("phone", "text", relevant="${contact_ok} = 'yes'", required=True,
              constraint="regex(., '^[0-9 +]{8,15}$')"),
            q("thanks", "note"),
        ],
        "choices": {
            "yes_no": _choices(["yes", "no"]),
            "province": [{"name": code, "label": _text(lo, code)} for code, lo in PROVINCES.items()],
            "district": [{"name": f"{code}{k}", "label": _text(f"ເມືອງ {code}{k}", f"District {code}{k}"),
                          "extra": {"province": code}} for code in PROVINCES for k in range(1, 4)],
            "organisation": _choices(ORGANISATIONS),
            "sex": _choices(["female", "male"]),
            "topics": _choices(TOPICS),
            "role": _choices(ROLES),
            "likert5": [{"name": str(k), "label": _text(f"ລະດັບ {k}", f"Level {k}")} for k in range(1, 6)],
        },
    }
    return load_definition(definition)


class SubmissionMaker:
    """Distinct submissions to :func:`survey_definition`'s form, some with one mistake."""

    def __init__(self, likert: int, rng: random.Random):
        self.likert, self.rng = likert, rng

    def valid(self) -> dict:
        rng = self.rng
        if rng.random() < 0.05:
            return {"consent": "no"}
        province = rng.choice(list(PROVINCES))
        answers: dict = {
            "consent": "yes", "province": province, "district": f"{province}{rng.randint(1, 3)}",
            "record_id": f"{rng.getrandbits(128):032x}",
            "organisation": rng.choice(ORGANISATIONS), "sex": rng.choice(["female", "male"]),
            "age": rng.randint(18, 70),
            "meeting_date": (NOW.date() - timedelta(days=rng.randint(0, 60))).isoformat(),
            "household_size": rng.randint(1, 9), "income": round(rng.uniform(0, 5000), 2),
            "topics": rng.sample(TOPICS, rng.randint(1, 3)),
            "member": [self.member() for _ in range(rng.randint(2, 3))],
            "comments": rng.choice(TEXTS), "contact_ok": rng.choice(["yes", "no"]),
            "priorities": rng.sample(ROLES, len(ROLES)),
            "route": ";".join(f"{17.9 + k / 100:.4f} {102.6 + k / 100:.4f} 0 0" for k in range(rng.randint(2, 6))),
            "code": str(rng.randint(10**12, 10**13 - 1)),
        }
        if answers["organisation"] == "other":
            answers["organisation_other"] = rng.choice(TEXTS[:4])
        if "other" in answers["topics"]:
            answers["topics_other"] = rng.choice(TEXTS[:4])
        for k in range(1, self.likert + 1):
            answers[f"sat_{k}"] = str(rng.choice([2, 3, 4, 4, 5, 5]))
        if answers["sat_1"] == "2":
            answers["sat_low_reason"] = rng.choice(TEXTS[:4])
        if answers["contact_ok"] == "yes":
            answers["phone"] = f"020 {rng.randint(2000, 9999)} {rng.randint(1000, 9999)}"
        for optional in ("sex", "income", "comments"):
            if rng.random() < 0.15:
                del answers[optional]
        return answers

    def member(self) -> dict:
        rng = self.rng
        member = {"member_name": rng.choice(NAMES), "member_role": rng.choice(ROLES),
                  "member_age": rng.randint(20, 65)}
        if member["member_role"] == "chair":
            member["member_years"] = rng.randint(0, 12)
        return member

    def mistake(self, answers: dict) -> dict:
        """``answers`` (with consent) with one of the mistakes participants and clients make."""
        rng = self.rng
        kind = rng.randrange(9)
        if kind == 0:
            answers["age"] = rng.choice([7, 120])
        elif kind == 1:
            answers["age"] = "ສາມສິບ"
        elif kind == 2:
            other = rng.choice([p for p in PROVINCES if p != answers["province"]])
            answers["district"] = f"{other}1"
        elif kind == 3:
            answers[f"sat_{rng.randint(1, self.likert)}"] = "6"
        elif kind == 4:
            del answers["province"]
        elif kind == 5:
            del answers["member"][-1]["member_name"]
        elif kind == 6:
            answers["meeting_date"] = "2024-13-01"
        elif kind == 7:
            answers["contact_ok"], answers["phone"] = "yes", "call me"
        else:
            answers["extra_field"] = "?"
        return answers

    def payload(self) -> str:
        answers = self.valid()
        if answers["consent"] == "yes" and self.rng.random() < INVALID_SHARE:
            answers = self.mistake(answers)
        if self.rng.random() < 0.5:
            answers = as_posted(answers)
        return json.dumps(answers, ensure_ascii=False)


def as_posted(value):
    """``value`` as an HTML form sends it: every answer text, a select_multiple a list of texts."""
    if isinstance(value, dict):
        return {key: as_posted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_posted(item) for item in value]
    return str(value)


def measure_validation(form: FormDefinition, payloads: list[str], repeat: int) -> tuple[int, int, float]:
    """Best median nanoseconds per submission of (decoding, validating), and the share refused."""
    languages = ["lo", "en"]
    best_decode = best_validate = None
    refused = 0
    clock = time.perf_counter_ns
    for _ in range(repeat):
        decoded, decode_times = [], []
        for payload in payloads:
            start = clock()
            answers = json.loads(payload)
            decode_times.append(clock() - start)
            decoded.append(answers)
        validate_times = []
        refused = 0
        for i, answers in enumerate(decoded):
            language = languages[i % 2]
            start = clock()
            result = validate_submission(form, answers, language, now=NOW)
            validate_times.append(clock() - start)
            refused += not result.ok
        decode, validate = statistics.median(decode_times), statistics.median(validate_times)
        best_decode = decode if best_decode is None else min(best_decode, decode)
        best_validate = validate if best_validate is None else min(best_validate, validate)
    return best_decode, best_validate, refused / len(payloads)


# -- import ----------------------------------------------------------------------------------

def generated_workbook(n: int) -> bytes:
    """An .xlsx with ``n`` questions in Lao and English."""
    head = ["type", "name", "label::Lao (lo)", "label::English (en)", "hint::English (en)",
            "required", "relevant", "constraint", "constraint_message::Lao (lo)",
            "constraint_message::English (en)", "appearance"]
    survey = [head]
    for i in range(n):
        if i % 50 == 10:
            block = "repeat" if i % 100 == 10 else "group"
            survey.append([f"begin {block}", f"block{i}", f"ພາກ {i}", f"Part {i}"])
        kind = i % 8
        relevant = f"${{q{i - 1}}} != ''" if i % 50 != 10 and i else None
        if kind == 0:
            survey.append(["text", f"q{i}", f"ຄຳຖາມ {i}", f"Question {i}", "Write freely", None, relevant])
        elif kind == 1:
            survey.append(["integer", f"q{i}", f"ຈຳນວນ {i}", f"Number {i}", None, "yes", relevant,
                           ". >= 0 and . <= 1000", "ກະລຸນາໃສ່ 0 ຫາ 1000", "Enter 0 to 1000"])
        elif kind == 2:
            survey.append(["select_one likert5", f"q{i}", f"ຄວາມພໍໃຈ {i}", f"Satisfaction {i}", None, "yes",
                           relevant, None, None, None, "likert"])
        elif kind == 3:
            survey.append(["select_multiple parts", f"q{i}", f"ພາກສ່ວນ {i}", f"Parts {i}", None, None,
                           relevant])
        elif kind == 4:
            survey.append(["rank parts", f"q{i}", f"ລຽງລຳດັບ {i}", f"Rank {i}", None, None, relevant])
        elif kind == 5:
            survey.append(["geotrace", f"q{i}", f"ເສັ້ນທາງ {i}", f"Route {i}", None, None, relevant])
        elif kind == 6:
            survey.append(["gps", f"q{i}", f"ທີ່ຕັ້ງ {i}", f"Place {i}", None, None, relevant])
        else:
            survey.append(["percentage", f"q{i}", f"ສ່ວນຮ້ອຍ {i}", f"Percent {i}", None, None, relevant])
        if i % 50 == 40:
            survey.append([f"end {'repeat' if i % 100 == 40 else 'group'}"])
    choices = [["list_name", "name", "label::Lao (lo)", "label::English (en)"]]
    choices += [["likert5", str(k), f"ລະດັບ {k}", f"Level {k}"] for k in range(1, 6)]
    choices += [["parts", f"part{k}", f"ພາກ {k}", f"Part {k}"] for k in range(1, 9)]
    settings = [["form_id", "form_title", "version", "default_language"],
                ["bench_form", "ແບບຟອມທົດສອບ", "1", "Lao (lo)"]]
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def measure_import(data: bytes, repeat: int) -> tuple[float, float]:
    """Best seconds of (pyxform's conversion, read_xlsform), run alternately."""
    baseline = ours = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        convert(xlsform=data, validate=False)
        baseline = min(baseline, time.perf_counter() - start)
        start = time.perf_counter()
        read_xlsform(data)
        ours = min(ours, time.perf_counter() - start)
    return baseline, ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="submissions validated (default 10000)")
    parser.add_argument("--questions", type=int, default=40, help="questions in the survey (default 40)")
    parser.add_argument("--import-questions", type=int, default=300,
                        help="questions in the imported workbook (default 300)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved repetitions; the best counts")
    args = parser.parse_args()

    form = survey_definition(args.questions)
    counted = sum(1 for question, _ in form.walk() if question.carries_answer)
    maker = SubmissionMaker(likert_items(args.questions), random.Random(3))
    payloads = [maker.payload() for _ in range(args.n)]
    size = sum(len(p.encode()) for p in payloads) / len(payloads)
    decode, validate, refused = measure_validation(form, payloads, args.repeat)
    print(f"survey: {counted} questions, {args.n} submissions of {size / 1024:.1f} KiB on average, "
          f"{refused:.0%} refused; best median of {args.repeat}")
    print(f"json.loads (floor):   {decode / 1000:8.1f} us per submission")
    print(f"validate_submission:  {validate / 1000:8.1f} us per submission")

    data = generated_workbook(args.import_questions)
    elements = sum(1 for _ in read_xlsform(data).walk())
    baseline, ours = measure_import(data, args.repeat)
    print(f"workbook: {args.import_questions} questions, {len(data) / 1024:.0f} KiB; "
          f"{elements} elements read; best of {args.repeat}")
    print(f"pyxform convert (XForm, no ODK Validate): {baseline * 1000:8.1f} ms")
    print(f"read_xlsform (FormDefinition, checked):   {ours * 1000:8.1f} ms")

    print(f"validation: {validate / decode:.1f}x json decode floor, {validate / 1e6:.2f} ms per submission "
          f"(goal <= {VALIDATION_GOAL:g}x)")
    print(f"xlsform import: {ours / baseline:.2f}x pyxform (goal <= {IMPORT_GOAL:g}x)")


if __name__ == "__main__":
    main()
