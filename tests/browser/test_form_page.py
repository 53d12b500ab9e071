"""A participant fills the satisfaction survey in a phone-sized chromium, in Lao."""
from __future__ import annotations

from playwright.sync_api import expect

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


def test_skip_logic_shows_improve_only_when_overall_is_1_or_2(page, base_url):
    page.goto(f"{base_url}/f/{SLUG}")
    improve = page.locator("#q-improve")
    assert improve.is_hidden()
    overall = page.locator("#q-overall")
    overall.get_by_label("ບໍ່ພໍໃຈຫຼາຍ", exact=True).check()
    assert improve.is_visible()
    overall.get_by_label("ບໍ່ພໍໃຈ", exact=True).check()
    assert improve.is_visible()
    overall.get_by_label("ປານກາງ", exact=True).check()
    assert improve.is_hidden()
    overall.get_by_label("ບໍ່ພໍໃຈ", exact=True).check()
    page.get_by_label("ພວກເຮົາຄວນປັບປຸງຫຍັງແດ່?").fill("ເວລາ")
    overall.get_by_label("ພໍໃຈຫຼາຍ", exact=True).check()
    assert improve.is_hidden()  # and its answer is no longer sent


def test_the_attendance_constraint_blocks_submit_with_its_lao_message(page, base_url, rows):
    page.goto(f"{base_url}/f/{SLUG}")
    fill(page, attended="60")
    page.get_by_role("button", name="ສົ່ງ").click()
    error = page.locator("#e-participants_from_org")
    assert error.inner_text() == "ກະລຸນາໃສ່ຕົວເລກລະຫວ່າງ 1 ຫາ 50"
    assert page.get_by_text("ບາງຄຳຕອບຕ້ອງແກ້ໄຂ").is_visible()
    assert rows() == []
    page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").fill("12")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert rows()[0][2]["participants_from_org"] == 12


def test_the_language_switch_keeps_the_answers(page, base_url, rows):
    page.goto(f"{base_url}/f/{SLUG}")
    fill(page, overall="1")
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("What should we improve?").is_visible()
    assert page.get_by_text("PSI – SSWG (August)").is_visible()
    assert page.get_by_label("Very dissatisfied").first.is_checked()
    assert page.get_by_label("How many people from your organisation attended?").input_value() == "3"
    page.reload()  # the address remembers the language; the draft is offered, then taken up
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_label("Very dissatisfied").first.is_checked()
    page.get_by_label("How many people from your organisation attended?").fill("0")
    page.get_by_role("button", name="Submit").click()
    assert page.locator("#e-participants_from_org").inner_text() == "Please enter a number from 1 to 50"
    page.get_by_label("How many people from your organisation attended?").fill("2")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Sent. Thank you!").wait_for()
    assert rows()[0][1] == "en"
    page.goto(f"{base_url}/f/{SLUG}")  # a fresh visit starts in Lao again
    assert page.locator("html").get_attribute("lang") == "lo"


def test_the_form_fits_a_320_pixel_phone(browser, base_url, screenshot):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{base_url}/f/{SLUG}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    small = page.evaluate("""() => [...document.querySelectorAll('label.choice, button, .languages a, input:not([type=hidden]), textarea')]
        .filter(e => e.offsetParent && e.getBoundingClientRect().height < 44 && !e.closest('label.choice, .default-submit'))
        .map(e => e.outerHTML.slice(0, 60))""")
    assert small == []  # every touch target at least 44 px high
    screenshot(page, "satisfaction-lo-320")
    context.close()


def test_a_form_the_server_refuses_comes_back_with_its_errors(page, base_url, rows):
    page.goto(f"{base_url}/f/{SLUG}")
    fill(page)
    page.get_by_label("ຄຳເຫັນອື່ນໆ").fill("ກ" * 10_001)  # longer than the server keeps
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator("#e-comments")).to_have_text("ຂໍ້ຄວາມຍາວເກີນໄປ (ສູງສຸດ 10000 ຕົວອັກສອນ)")
    assert page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").input_value() == "3"  # all kept
    assert page.locator("#q-overall").get_by_label("ພໍໃຈ", exact=True).is_checked()
    assert rows() == []
    page.get_by_label("ຄຳເຫັນອື່ນໆ").fill(COMMENT)
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert len(rows()) == 1
    expect(page.locator("#queue")).to_be_hidden()


def test_a_form_refused_for_good_can_be_removed_from_the_phone(page, base_url, rows, live_app, screenshot):
    """The link closes before the form is sent: the page says so and, once the participant
    confirms, forgets the form instead of listing it for ever."""
    from collect.extensions import db
    from collect.store.models import CollectionLink

    def set_open(is_open: bool) -> None:
        with live_app.app_context():
            db.session.query(CollectionLink).filter_by(slug=SLUG).update({"is_open": is_open})
            db.session.commit()

    page.goto(f"{base_url}/f/{SLUG}")
    fill(page)
    set_open(False)
    try:
        page.get_by_role("button", name="ສົ່ງ").click()
        expect(page.locator("#queue")).to_contain_text("1 ແບບຟອມຖືກປະຕິເສດ")
        screenshot(page, "refused-for-good-lo")
        expect(page.get_by_role("button", name="ຕອບແບບຟອມອີກຄັ້ງ")).to_be_hidden()
        remove = page.locator("#queue").get_by_role("button", name="ລຶບອອກຈາກໂທລະສັບ")
        page.once("dialog", lambda dialog: dialog.dismiss())
        remove.click()
        expect(page.locator("#queue")).to_be_visible()  # dismissed: nothing removed
        asked = []
        page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
        remove.click()
        expect(page.locator("#queue")).to_be_hidden()
        assert asked and "ລຶບ 1 ແບບຟອມ" in asked[0]
        set_open(True)  # the page, open again, looks at the phone's queue: the form is gone
        page.reload()
        page.locator("html[data-queue=idle]").wait_for(state="attached")
        expect(page.locator("#queue")).to_be_hidden()
        assert rows() == []
    finally:
        set_open(True)


def platform_fonts(page, selector: str) -> list[str]:
    """The fonts chromium drew an element's text with (DevTools' CSS domain)."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("DOM.enable")
    devtools.send("CSS.enable")
    root = devtools.send("DOM.getDocument")["root"]["nodeId"]
    node = devtools.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [font["familyName"] for font in devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


def test_lao_text_is_set_in_a_lao_face_and_latin_text_and_digits_in_a_latin_one(page, base_url):
    page.goto(f"{base_url}/f/{SLUG}?lang=en")
    latin = platform_fonts(page, "#q-overall legend [data-t]")  # English words
    assert latin == ["Noto Sans"], latin  # the stack's Latin face (fonts-noto-core), not a Lao one
    page.goto(f"{base_url}/f/{SLUG}")
    lao = platform_fonts(page, "#q-overall legend [data-t]")
    assert any("Lao" in f or "Phetsarath" in f or "Saysettha" in f for f in lao), lao
    digits = platform_fonts(page, ".event")  # a Lao line with its date's digits
    assert len(digits) >= 2, digits  # the Lao face for its words, a Latin one for the digits
