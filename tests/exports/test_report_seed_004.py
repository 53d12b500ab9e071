"""The demo's capacity needs assessment, exported through the API, gives seed 004's two
tables: the main findings and the action plan, one row per activity with its urgency."""
from __future__ import annotations

import io

import pytest
from python_calamine import CalamineWorkbook

from collect.extensions import db

#: Seed 004, "Action Plans (1)".."(7)": the categories in order, and for each its activities
#: (English half of the seed's cells) with their urgency levels.
SEED_ACTION_PLAN = [
    ("Understanding of ToR", [("Conduct consultation to revise the TOR", "Immediate"),
                              ("Approve the TOR", "Immediate")]),
    ("Communication skills", [("Encourage junior officials to speak up", "Immediate"),
                              ("Send the junior official members to attend some communication skill and "
                               "English courses", "Short-term"),
                              ("Send the meeting agenda and contents prepared in Lao in advance to the junior "
                               "officials", "Immediate")]),
    ("Contribution of the GSWG Secretariat members", [
        ("Draft the JDs for each function of the GSWG Secretariat (MoHA, MoJ, NA, MoF, MoFA, UNDP, SDC, EU)",
         "Immediate"), ("Approve the above JDs", "Immediate")]),
    ("Human resource development", [("Initiate responsibility rotation among the members", "Medium-term"),
                                    ("Nominate members to the SSWG Secretariat to support the work of the "
                                     "SSWGs (PSI and LIO)", "Medium-term")]),
    ("GSWG mainstreaming", [("Disseminate information and sensitize members on the importance to GSWG to "
                             "the overall aims of development", "Immediate"),
                            ("Review the existing GSWG discussion topics and development issues on people's "
                             "participation in governance", "Medium-term")]),
    ("Supporting resources", [("Identify sources of funding and clarify allocation policy.", "Medium-term")]),
    ("Documentation archiving", [("Training and Leverage existing platforms to upload information", "Medium-term"),
                                 ("Appoint key persons to access & upload documents on the platforms",
                                  "Medium-term")]),
]
#: Seed 004, "Main Findings (2)": the explanation, Lao then English, as in the seed's cell.
COMMUNICATION_FINDING = ("ພະນັກງານວິຊາການບາງຄົນ ຍັງບໍ່ມີທັກສະພາສາອັງກິດດີ ສະນັ້ນ ຈິ່ງບໍ່ສາມາດສະແດງຄຳຄິດຄຳເຫັນ"
                         "ໃນກອງປະຊຸມໄດ້ຢ່າງໝັ້ນໃຈ\nSome of the Lao officials, especially the junior ones, do not "
                         "have good command of English. Therefore, they cannot express their ideas confidently "
                         "in the meetings.")


@pytest.fixture
def full_demo(app):
    from collect.services.demo import load_demo

    with app.app_context():
        load_demo()
        db.session.commit()


def _rows(book: CalamineWorkbook, sheet: str) -> list[list]:
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def _after_header(rows: list[list], first: str) -> list[list]:
    start = next(i for i, row in enumerate(rows) if row and row[0] == first)
    out = []
    for row in rows[start + 1:]:
        if all(cell in ("", None) for cell in row):
            break
        out.append(row)
    return out


def test_the_demo_assessment_gives_the_seed_findings_and_action_plan(client, full_demo, make_token):
    headers = make_token()
    forms = client.get("/api/v1/forms", headers=headers).get_json()["forms"]
    form = next(f for f in forms if f["form_id"] == "capacity_assessment")
    response = client.get(f"/api/v1/forms/{form['id']}/export.xlsx?language=en", headers=headers)
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.data))
    assert book.sheet_names[:2] == ["Report", "Action plan"]

    findings = _after_header(_rows(book, "Report"), "Category")
    assert [row[0] for row in findings] == [category for category, _ in SEED_ACTION_PLAN]
    communication = findings[1]
    assert communication[1] == COMMUNICATION_FINDING  # one assessor wrote it: the text as written
    assert communication[2].count("•") == 6  # the seed's three recommendations, in Lao and in English
    assert all(row[4] == 9 for row in findings)  # every assessor scored every category

    plan = _after_header(_rows(book, "Action plan"), "Category")
    got, category = [], None
    for row in plan:
        if row[0]:
            category = row[0]
            got.append((category, []))
        got[-1][1].append((row[2].split("\n")[1], row[3]))  # the activity's English half
    assert got == SEED_ACTION_PLAN
    # two proposed actions of human resource development, each above its own activity
    hr = [row for row in plan if row[0] == "Human resource development" or (row[0] == "" and row[1])]
    assert any("Revitalize the SSWG Secretariat" in row[1] for row in hr)
