"""Demo data: the Governance SWG meeting satisfaction survey (seed 004) at three meetings.

``load_demo`` is idempotent: run it twice and nothing is added the second time. It makes
the form, the three sub-sector meetings of 2019 and one open collection link for each,
with fixed slugs so that the demo addresses are stable. ``demo_responses`` makes answers
that reproduce the seed's satisfaction table (73 %, 79 %, 80 %).
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from forms.schema import load_definition

from .extensions import db
from .form_versions import publish
from .links import create_link
from .models import CollectionLink, Event, EventKind
from .reference import load_provinces
from .responses import Submission, store

SATISFACTION_FORM = Path(__file__).resolve().parent.parent / "forms" / "templates" / "meeting_satisfaction.json"


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


def satisfaction_definition():
    return load_definition(json.loads(SATISFACTION_FORM.read_text(encoding="utf-8")))


def load_demo(with_responses: bool = True) -> dict[str, int]:
    """Load the demo form, events, links and (optionally) responses; returns what was added."""
    added = {"provinces": load_provinces(), "forms": 0, "events": 0, "responses": 0}
    version, created = publish(satisfaction_definition())
    added["forms"] += created
    for meeting in MEETINGS:
        link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == meeting.slug))
        if link is None:
            event = Event(kind=EventKind.MEETING, swg="Governance", sub_group=meeting.sub_group,
                          province_code="LA-VT", date=meeting.day, title_lo=meeting.title_lo,
                          title_en=meeting.title_en, theme_lo=meeting.theme_lo, theme_en=meeting.theme_en)
            link = create_link(version.form, event, slug=meeting.slug)
            db.session.flush()
            added["events"] += 1
        if with_responses:
            for answers, submitted_at, response_uuid in demo_responses(meeting):
                _, created = store(Submission(uuid=response_uuid, version=version, answers=answers,
                                              language="lo", submitted_at=submitted_at), link)
                added["responses"] += created
    return added


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
