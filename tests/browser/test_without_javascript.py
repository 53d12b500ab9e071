"""The same participant, with JavaScript switched off: plain posts, server-side checks."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from test_form_page import COMMENT, SLUG, fill


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    yield context
    context.close()


def test_the_survey_works_without_javascript(page, base_url, rows, screenshot):
    page.goto(f"{base_url}/f/{SLUG}")
    expect(page.locator("#q-improve")).to_be_hidden()  # it applies only to the dissatisfied
    fill(page, overall="1", attended="60")
    page.get_by_role("button", name="ສົ່ງ").click()
    # The answers made a question apply: it is shown, with everything typed kept, before
    # anything is checked or stored.
    expect(page.locator("#q-improve")).to_be_visible()
    assert page.get_by_label("ຄຳເຫັນອື່ນໆ").input_value() == COMMENT
    assert rows() == []
    page.get_by_label("ພວກເຮົາຄວນປັບປຸງຫຍັງແດ່?").fill("ເວລາ")
    page.get_by_role("button", name="ສົ່ງ").click()
    assert page.locator("#e-participants_from_org").inner_text() == "ກະລຸນາໃສ່ຕົວເລກລະຫວ່າງ 1 ຫາ 50"
    assert page.get_by_label("ຄຳເຫັນອື່ນໆ").input_value() == COMMENT  # nothing typed is lost
    screenshot(page, "satisfaction-lo-nojs-error")
    assert rows() == []
    page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").fill("4")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.get_by_text("ພວກເຮົາໄດ້ຮັບຄຳຕອບຂອງທ່ານແລ້ວ.")).to_be_visible()
    stored = rows()
    assert len(stored) == 1
    assert stored[0][2]["participants_from_org"] == 4
    assert stored[0][2]["comments"] == COMMENT and stored[0][2]["improve"] == "ເວລາ"


def test_the_language_switch_posts_the_answers_without_javascript(page, base_url):
    page.goto(f"{base_url}/f/{SLUG}")
    page.get_by_label("ຄຳເຫັນອື່ນໆ").fill(COMMENT)
    page.get_by_role("button", name="English").click()
    expect(page.get_by_text("Overall, how satisfied are you with this meeting?")).to_be_visible()
    assert page.get_by_label("Other comments").input_value() == COMMENT
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_form_with_skip_logic_is_served_in_steps(page, base_url, rows, live_app, screenshot):
    from test_real_world_forms import HEAD, publish
    from workbooks import xlsform

    book = xlsform([HEAD + ["relevant", "choice_filter", "required"],
                    ["begin group", "where", "ບ່ອນຢູ່", "Where", None, None, None],
                    ["select_one provinces", "province", "ແຂວງ", "Province", None, None, "yes"],
                    ["select_one districts", "district", "ເມືອງ", "District", None, "province=${province}", "yes"],
                    ["end group", None, None, None, None, None, None],
                    ["begin group", "farm", "ກະສິກຳ", "Farming", None, None, None],
                    ["select_one yn", "farms", "ທ່ານເຮັດນາບໍ?", "Do you farm?", None, None, "yes"],
                    ["decimal", "hectares", "ຈັກເຮັກຕາ?", "How many hectares?", "${farms} = 'yes'", None, "yes"],
                    ["end group", None, None, None, None, None, None],
                    ["text", "comment", "ຄຳເຫັນ", "Comment", None, None, None]],
                   [["list_name", "name", "label::Lao (lo)", "label::English (en)", "province"],
                    ["provinces", "VT", "ນະຄອນຫຼວງ", "Vientiane", None],
                    ["provinces", "SV", "ສະຫວັນນະເຂດ", "Savannakhet", None],
                    ["districts", "xaysetha", "ໄຊເສດຖາ", "Xaysetha", "VT"],
                    ["districts", "kaysone", "ໄກສອນ", "Kaysone", "SV"],
                    ["yn", "yes", "ແມ່ນ", "Yes", None], ["yn", "no", "ບໍ່", "No", None]],
                   [["form_id", "version", "default_language"], ["farming", "1", "Lao (lo)"]])
    publish(live_app, "farming", book, "farming.xlsx")
    page.goto(f"{base_url}/f/farming")
    expect(page.get_by_text("ທ່ານເຮັດນາບໍ?")).to_be_hidden()  # a later step
    expect(page.get_by_role("button", name="ສົ່ງ")).to_be_hidden()
    page.get_by_label("ສະຫວັນນະເຂດ").check()
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    # The district is asked again, with only this province's districts.
    expect(page.locator("#e-district")).to_have_text("ກະລຸນາຕອບຄຳຖາມນີ້")
    expect(page.locator("#q-district .choice:visible")).to_have_text(["ໄກສອນ"])
    page.get_by_label("ໄກສອນ").check()
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    expect(page.get_by_text("ທ່ານເຮັດນາບໍ?")).to_be_visible()
    expect(page.get_by_text("ຈັກເຮັກຕາ?")).to_be_hidden()  # not before farming is said
    screenshot(page, "steps-nojs")
    page.locator("#q-farms").get_by_label("ບໍ່", exact=True).check()
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    expect(page.get_by_label("ຄຳເຫັນ")).to_be_visible()
    page.get_by_role("button", name="ກັບຄືນ").click()
    page.locator("#q-farms").get_by_label("ແມ່ນ", exact=True).check()
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    expect(page.get_by_label("ຈັກເຮັກຕາ?")).to_be_visible()  # it applies now: asked on this step
    page.get_by_label("ຈັກເຮັກຕາ?").fill("2.5")
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    page.get_by_label("ຄຳເຫັນ").fill("ດີ")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.get_by_text("ພວກເຮົາໄດ້ຮັບຄຳຕອບຂອງທ່ານແລ້ວ.")).to_be_visible()
    assert rows()[0][2] == {"province": "SV", "district": "kaysone", "farms": "yes", "hectares": 2.5,
                            "comment": "ດີ"}
