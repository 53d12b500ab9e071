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
    assert page.locator("#q-improve").is_visible()  # no skip logic without scripts
    fill(page, attended="60")
    page.get_by_role("button", name="ສົ່ງ").click()
    assert page.locator("#e-participants_from_org").inner_text() == "ກະລຸນາໃສ່ຕົວເລກລະຫວ່າງ 1 ຫາ 50"
    assert page.get_by_label("ຄຳເຫັນອື່ນໆ").input_value() == COMMENT  # nothing typed is lost
    screenshot(page, "satisfaction-lo-nojs-error")
    assert rows() == []
    page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").fill("4")
    page.get_by_role("button", name="ສົ່ງ").click()
    assert page.get_by_text("ພວກເຮົາໄດ້ຮັບຄຳຕອບຂອງທ່ານແລ້ວ.").is_visible()
    stored = rows()
    assert len(stored) == 1
    assert stored[0][2]["participants_from_org"] == 4
    assert stored[0][2]["comments"] == COMMENT


def test_the_language_switch_is_a_link_without_javascript(page, base_url):
    page.goto(f"{base_url}/f/{SLUG}")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_text("Overall, how satisfied are you with this meeting?")).to_be_visible()
