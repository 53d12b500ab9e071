"""Demo data: the four kinds of collection, filled in.

- the Governance SWG meeting satisfaction survey (seed 004) at its three sub-sector
  meetings of 2019, with answers that reproduce the seed's table (73 %, 79 %, 80 %);
- SDG localisation seminars in the five provinces of seed 004's progress report, with
  knowledge checks that improve after the seminar;
- the capacity needs assessment of the GSWG secretariat (seed 004): the national
  consultant's findings, recommendations and action plan, in the seed's own words
  (``demo_data/capacity_assessment_2019.json``), and the members' self-assessed scores;
- pre-Round-Table consultations in three provinces.

``load_demo`` is idempotent: run it twice and nothing is added the second time. Links
have fixed slugs so that the demo addresses are stable, and responses fixed UUIDs.
"""
from __future__ import annotations

import json
import uuid
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from forms.definition import FormDefinition
from forms.samples import sample_answers
from forms.schema import load_definition
from forms.validation import validate_submission

from ..store import events, links, responses
from ..store.models import CollectionLink, EventKind, FormVersion
from .links import create_link
from .publishing import UploadedFile, publish
from .reference import load_reference, swg_by_code
from .submissions import Submission

TEMPLATES = Path(__file__).resolve().parents[2] / "forms" / "templates"
#: The meeting satisfaction survey: its definition as JSON (what the template is built
#: from, forms/templates/build_templates.py) and the XLSForm the demo publishes.
SATISFACTION_FORM = TEMPLATES / "meeting_satisfaction.json"
SATISFACTION_TEMPLATE = "meeting_satisfaction.xlsx"
CAPACITY_ASSESSMENT = Path(__file__).resolve().parent / "demo_data" / "capacity_assessment_2019.json"


@dataclass(frozen=True)
class DemoMeeting:
    slug: str
    sub_group: str
    day: date
    title_lo: str
    title_en: str
    theme_lo: str
    theme_en: str
    #: (responses, of which satisfied or very satisfied) — the seed's overall satisfaction
    satisfied: tuple[int, int]


MEETINGS = (
    DemoMeeting("psi-aug-2019", "PSI", date(2019, 8, 22),
                "ໜ່ວຍງານຍ່ອຍດ້ານປັບປຸງບໍລິຫານລັດຖະການ (ສິງຫາ)", "PSI – SSWG (August)",
                "ການຮັບຟັງຄຳຄິດເຫັນຂອງປະຊາຊົນ", "National Assembly and provincial assemblies respond to citizens",
                (30, 22)),
    DemoMeeting("psi-oct-2019", "PSI", date(2019, 10, 17),
                "ໜ່ວຍງານຍ່ອຍດ້ານປັບປຸງບໍລິຫານລັດຖະການ (ຕຸລາ)", "PSI – SSWG (October)",
                "ສາຍພົວພັນທາງດ້ານການເງິນ ສູນກາງ-ທ້ອງຖິ່ນ", "Centre-local fiscal decentralisation",
                (24, 19)),
    DemoMeeting("lio-oct-2019", "LIO", date(2019, 10, 24),
                "ໜ່ວຍງານຍ່ອຍດ້ານນິຕິກຳ (ຕຸລາ)", "LIO – SSWG (October)",
                "ປະມວນກົດໝາຍອາຍາ, ກົດໝາຍວ່າດ້ວຍຂັ້ນຕອນຄະດີອາຍາ ແລະ ການເຂົ້າເຖິງຍຸຕິທຳ",
                "Penal code, criminal procedure and access to justice",
                (20, 16)),
)


@dataclass(frozen=True)
class DemoEvent:
    """An event of the sampled collections, with its link's slug and how many responded."""

    slug: str
    kind: EventKind
    province_code: str
    day: date
    title_lo: str
    title_en: str
    responses: int
    theme_lo: str = ""
    theme_en: str = ""
    #: Answers every response at this event shares (e.g. the province it was held in).
    fixed: dict = field(default_factory=dict)


SDG_PROVINCES = (("ho", "LA-HO", "ຫົວພັນ", "Houaphanh", date(2019, 6, 12)),
                 ("xi", "LA-XI", "ຊຽງຂວາງ", "Xiengkhouang", date(2019, 7, 3)),
                 ("kh", "LA-KH", "ຄຳມ່ວນ", "Khammouane", date(2019, 8, 7)),
                 ("sv", "LA-SV", "ສະຫວັນນະເຂດ", "Savannakhet", date(2019, 9, 4)),
                 ("sl", "LA-SL", "ສາລະວັນ", "Saravane", date(2019, 9, 25)))
CONSULTATION_PROVINCES = (("sv", "LA-SV", "ສະຫວັນນະເຂດ", "Savannakhet"),
                          ("lp", "LA-LP", "ຫຼວງພະບາງ", "Luang Prabang"),
                          ("ho", "LA-HO", "ຫົວພັນ", "Houaphanh"))

#: Template file → its events.
SAMPLED = {
    "sdg_seminar.xlsx": tuple(
        DemoEvent(f"sdg-{key}-2019", EventKind.SDG_SEMINAR, code, day,
                  f"ສຳມະນາການເຮັດໃຫ້ SDGs ເປັນທ້ອງຖິ່ນ, ແຂວງ{lo}", f"SDG localisation seminar, {en}", 24,
                  fixed={"province": code})
        for key, code, lo, en, day in SDG_PROVINCES),
    "capacity_assessment.xlsx": (
        DemoEvent("cna-gswg-2019", EventKind.CAPACITY_ASSESSMENT, "LA-VT", date(2019, 10, 1),
                  "ການປະເມີນຂີດຄວາມສາມາດຂອງກອງເລຂາໜ່ວຍງານດ້ານການປົກຄອງ",
                  "Capacity needs assessment of the GSWG secretariat", 9),),
    "pre_rtm_consultation.xlsx": tuple(
        DemoEvent(f"rtm-{key}-2024", EventKind.LOCAL_CONSULTATION, code, date(2024, 9, 10),
                  f"ການປຶກສາຫາລືກ່ອນກອງປະຊຸມໂຕະມົນ, ແຂວງ{lo}", f"Pre-Round-Table consultation, {en}", 18,
                  fixed={"province": code})
        for key, code, lo, en in CONSULTATION_PROVINCES),
}

#: The right answers of the SDG seminar's knowledge checks (see its calculations).
SDG_CORRECT = {"sdg_count": "17", "sdg_year": "2030", "sdg_18": "uxo", "localisation": "plans",
               "national_plan": "nsedp"}


def satisfaction_definition():
    return load_definition(json.loads(SATISFACTION_FORM.read_text(encoding="utf-8")))


def load_demo(with_responses: bool = True, only_satisfaction: bool = False) -> dict[str, int]:
    """Load the demo forms, events, links and (optionally) responses; returns what was added.
    ``only_satisfaction`` loads just the meeting satisfaction survey (quick, for tests)."""
    added = {**load_reference(), "forms": 0, "events": 0, "responses": 0}
    _load_satisfaction(added, with_responses)
    for template, demo_events in () if only_satisfaction else SAMPLED.items():
        _load_sampled(template, demo_events, added, with_responses)
    return added


def _link_for(form, demo_event, added: dict[str, int]) -> CollectionLink:
    link = links.by_slug(demo_event.slug)
    if link is None:
        event = events.add_event(kind=demo_event.kind, swg=swg_by_code("governance"),
                                 province_code=demo_event.province_code,
                                 date=demo_event.day, title_lo=demo_event.title_lo, title_en=demo_event.title_en,
                                 theme_lo=demo_event.theme_lo, theme_en=demo_event.theme_en)
        link = create_link(form, event, None, slug=demo_event.slug)
        added["events"] += 1
    return link


def _store(link: CollectionLink, version: FormVersion, response_uuid: str, answers: dict,
           submitted_at: datetime) -> bool:
    """Store one demo response as valid; False when its fixed UUID is already there."""
    digest = Submission(response_uuid, version.version, answers, "lo").digest
    return responses.insert({
        "uuid": response_uuid, "form_id": version.form_id, "form_version_id": version.id,
        "event_id": link.event_id, "link_id": link.id,
        "answers": answers, "language": "lo", "submitted_at": submitted_at, "status": "submitted",
        "digest": digest}) is not None


def _publish_template(template: str) -> tuple[FormDefinition, FormVersion, bool]:
    """Publish a built-in template from its XLSForm, as an organiser's upload is published
    (so that ODK Collect and KoboCollect list it too): its definition, the version, and
    whether the version is new."""
    from forms.xlsform import read_xlsform  # heavy (pyxform, openpyxl): loaded only for the demo

    definition = read_xlsform(TEMPLATES / template)
    version, created = publish(definition, swg_by_code("governance"),
                               UploadedFile(template, (TEMPLATES / template).read_bytes()))
    return definition, version, created


def _load_sampled(template: str, demo_events: tuple[DemoEvent, ...], added: dict[str, int],
                  with_responses: bool) -> None:
    definition, version, created = _publish_template(template)
    added["forms"] += created
    for demo_event in demo_events:
        link = _link_for(version.form, demo_event, added)
        if not with_responses:
            continue
        rng = random.Random(demo_event.slug)
        for i in range(demo_event.responses):
            answers = sample_answers(definition, rng, day=demo_event.day, fixed=demo_event.fixed)
            if definition.report == "capacity":
                answers = capacity_answers(definition, answers, i)
            if definition.report == "sdg_seminar":
                answers = _seminar_learning(definition, answers, rng)
            submitted_at = datetime.combine(demo_event.day, datetime.min.time()) + timedelta(hours=16, minutes=i)
            response_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"collect-demo/{demo_event.slug}/{i}"))
            added["responses"] += _store(link, version, response_uuid, answers, submitted_at)


def bilingual(text: dict) -> str:
    """A text of the seed as its tables print it: Lao, then English."""
    return f"{text['lo']}\n{text['en']}"


def capacity_answers(definition, answers: dict, i: int) -> dict:
    """The first assessor is the national consultant of seed 004, with its findings,
    recommendations and one action plan entry per activity; the others score only."""
    seed = json.loads(CAPACITY_ASSESSMENT.read_text(encoding="utf-8"))["categories"]
    answers = {key: value for key, value in answers.items()
               if not key.endswith(("_finding", "_recommendation")) and key != "activities"}
    answers.update(swg="governance", assessor="external" if i == 0 else "member")
    answers.pop("comments", None)
    if i == 0:
        answers["activities"] = []
        for entry in seed:
            cat = entry["category"]
            answers[f"{cat}_finding"] = bilingual(entry["finding"])
            answers[f"{cat}_recommendation"] = bilingual(entry["recommendation"])
            for action in entry["actions"]:
                answers["activities"] += [{"category": cat, "action": bilingual(action["action"]),
                                           "activity": bilingual(activity), "urgency": activity["urgency"]}
                                          for activity in action["activities"]]
    return validate_submission(definition, answers, "lo").answers


def _seminar_learning(definition, answers: dict, rng: random.Random) -> dict:
    """Participants know more after the seminar: right answers at 40 % before, 80 % after."""
    for stage, chance in (("pre", 0.4), ("post", 0.8)):
        for question, right in SDG_CORRECT.items():
            if rng.random() < chance:
                answers[f"{stage}_{question}"] = right
    return validate_submission(definition, answers, "lo").answers


def _load_satisfaction(added: dict[str, int], with_responses: bool) -> None:
    _, version, created = _publish_template(SATISFACTION_TEMPLATE)
    added["forms"] += created
    for meeting in MEETINGS:
        link = links.by_slug(meeting.slug)
        if link is None:
            event = events.add_event(kind=EventKind.MEETING, swg=swg_by_code("governance"),
                                     sub_group=swg_by_code(f"governance-{meeting.sub_group.lower()}"),
                                     province_code="LA-VT", date=meeting.day, title_lo=meeting.title_lo,
                                     title_en=meeting.title_en, theme_lo=meeting.theme_lo,
                                     theme_en=meeting.theme_en)
            link = create_link(version.form, event, None, slug=meeting.slug)
            added["events"] += 1
        if with_responses:
            for answers, submitted_at, response_uuid in demo_responses(meeting):
                added["responses"] += _store(link, version, response_uuid, answers, submitted_at)


def demo_responses(meeting: DemoMeeting):
    """Answers for one meeting: fixed UUIDs (so loading twice adds nothing), a spread of
    organisations and ratings, and exactly the seed's share of top-two-box ratings."""
    total, satisfied = meeting.satisfied
    kinds = ["ministry", "local_gov", "assembly", "dp", "ngo", "private"]
    for i in range(total):
        overall = "5" if i < satisfied // 2 else "4" if i < satisfied else ("3" if i % 3 else "2")
        answers = {
            "organisation_kind": kinds[i % len(kinds)],
            "sex": "female" if i % 2 else "male",
            "overall": overall,
            "content": str(max(1, min(5, int(overall) + (i % 3) - 1))),
            "organisation": str(max(1, min(5, int(overall) - (i % 2)))),
            "useful_parts": ["presentations", "discussion"] if i % 2 else ["documents"],
            "participants_from_org": 1 + i % 4,
        }
        if overall == "2":
            answers["improve"] = "ຄວນແຈກເອກະສານກ່ອນກອງປະຊຸມ"
        if i % 5 == 0:
            answers["comments"] = "ກອງປະຊຸມມີປະໂຫຍດຫຼາຍ, ຂໍຂອບໃຈ"
        submitted_at = datetime.combine(meeting.day, datetime.min.time()) + timedelta(hours=15, minutes=i)
        yield answers, submitted_at, str(uuid.uuid5(uuid.NAMESPACE_URL, f"collect-demo/{meeting.slug}/{i}"))
