"""A participant fills the satisfaction survey in a phone-sized chromium, in Lao."""
from __future__ import annotations

SLUG = "psi-aug-2019"
COMMENT = "ກອງປະຊຸມດີຫຼາຍ ແຕ່ຄວນມີເວລາປຶກສາຫາລືຫຼາຍກວ່ານີ້"


def fill(page, overall: str = "4", attended: str = "3") -> None:
    """Answer the demo survey as a participant would, by the Lao labels on screen."""
    page.get_by_label("ອົງການປົກຄອງຂັ້ນແຂວງ ຫຼື ເມືອງ").check()
    page.get_by_label("ຍິງ").check()
    page.locator("#q-overall").get_by_label({"1": "ບໍ່ພໍໃຈຫຼາຍ", "2": "ບໍ່ພໍໃຈ", "4": "ພໍໃຈ"}[overall], exact=True).check()
    page.locator("#q-content").get_by_label("ພໍໃຈຫຼາຍ", exact=True).check()
    page.locator("#q-organisation").get_by_label("ພໍໃຈ", exact=True).check()
    page.get_by_label("ການປຶກສາຫາລື").check()
    page.get_by_label("ເອກະສານ").check()
    page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").fill(attended)
    page.get_by_label("ຄຳເຫັນອື່ນໆ").fill(COMMENT)


def test_a_participant_fills_the_survey_in_lao(page, base_url, rows, screenshot):
    page.goto(f"{base_url}/f/{SLUG}")
    assert page.locator("html").get_attribute("lang") == "lo"
    screenshot(page, "satisfaction-lo-empty")
    fill(page)
    screenshot(page, "satisfaction-lo-filled")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    stored = rows()
    assert len(stored) == 1
    _, language, answers = stored[0]
    assert language == "lo"
    assert answers == {"organisation_kind": "local_gov", "sex": "female", "overall": "4",
                       "content": "5", "organisation": "4",
                       "useful_parts": ["discussion", "documents"],
                       "participants_from_org": 3, "comments": COMMENT}
