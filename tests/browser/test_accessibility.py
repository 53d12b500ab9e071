"""WCAG 2.2 AA on every state of the participant page, checked by axe-core in chromium.

axe-core is installed by .ci/run (tests/browser/node); each state of the page — empty,
with errors, in English, a rank being ordered, pages of a field-list form, the draft
offer, the thank-you, the access code, closed and unknown links, and the pages a browser
without JavaScript gets — is checked against WCAG 2.0, 2.1 and 2.2 A and AA, and any
violation fails the test with what axe says and where.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from collect.extensions import db
from collect.store.models import CollectionLink
from test_form_page import SLUG, fill

AXE = Path(__file__).resolve().parent / "node" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

if not AXE.exists():
    if os.environ.get("CI"):
        raise RuntimeError("axe-core is missing: .ci/run should have installed it")
    pytest.skip("axe-core is not installed (npm install --prefix tests/browser/node)", allow_module_level=True)


@pytest.fixture
def context(browser):
    # The page's Content-Security-Policy admits no injected script; axe is the tester's.
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    yield context
    context.close()


def violations(page) -> list[str]:
    """What axe finds on the page as it is now (once it has loaded, stylesheets and all),
    one line per violation and element."""
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                          ".then(r => r.violations)", TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {node['target']} {node.get('failureSummary', '')}"
            for v in found for node in v["nodes"]]


def assert_accessible(page, state: str) -> None:
    found = violations(page)
    assert not found, f"{state}:\n" + "\n".join(found)


def test_the_survey_in_each_of_its_states(page, base_url):
    page.goto(f"{base_url}/f/{SLUG}")
    assert_accessible(page, "empty, Lao")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator(".summary")).to_be_visible()
    assert_accessible(page, "errors after sending")
    page.get_by_role("link", name="English").click()
    assert_accessible(page, "errors, English")
    fill_english = page.get_by_label("Other comments")
    fill_english.fill("Fine")
    page.reload()
    expect(page.locator("#draft")).to_be_visible()
    assert_accessible(page, "draft offered")
    page.get_by_role("button", name="Start over").click()
    page.goto(f"{base_url}/f/{SLUG}")
    fill(page)
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert_accessible(page, "sent")


def test_every_type_its_pages_and_a_rank_being_ordered(page, base_url):
    page.goto(f"{base_url}/f/every-type")
    assert_accessible(page, "every type, first page")
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    assert_accessible(page, "every type, first page refused")
    page.get_by_label("ຫຼວງພະບາງ").check()
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    page.get_by_role("button", name="ໃສ່ ສຶກສາ ເປັນອັນດັບ 1").click()
    page.get_by_role("button", name="ເພີ່ມອີກ").click()
    assert_accessible(page, "every type, second page, a rank begun, two entries")


def test_pages_around_the_form(page, base_url, live_app):
    page.goto(f"{base_url}/f/nowhere")
    assert_accessible(page, "unknown link")
    with live_app.app_context():
        link = db.session.query(CollectionLink).filter_by(slug=SLUG).one()
        link.is_open = False
        db.session.commit()
    try:
        page.goto(f"{base_url}/f/{SLUG}")
        assert_accessible(page, "closed link")
    finally:
        with live_app.app_context():
            db.session.query(CollectionLink).filter_by(slug=SLUG).one().is_open = True
            db.session.commit()


def test_the_pages_a_browser_without_javascript_gets(page, base_url):
    """The server's own pages, as they come: form.js is kept from running."""
    page.route("**/static/js/*", lambda route: route.abort())
    page.goto(f"{base_url}/f/every-type")
    assert_accessible(page, "no JavaScript, first step")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator(".summary")).to_be_visible()
    assert_accessible(page, "no JavaScript, errors")
    page.goto(f"{base_url}/f/{SLUG}")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator(".summary")).to_be_visible()
    assert_accessible(page, "no JavaScript, survey refused")
    assert json.dumps(page.title(), ensure_ascii=False)


def test_required_invalid_and_errors_reach_assistive_technology(page, base_url):
    page.goto(f"{base_url}/f/{SLUG}")
    overall = page.locator("#q-overall fieldset")
    expect(overall).to_have_attribute("role", "radiogroup")
    expect(overall).to_have_attribute("aria-required", "true")
    assert page.locator("#q-overall .sr").inner_text() == "(ຕ້ອງຕອບ)"  # read out, not only a red star
    page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").fill("900")
    page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").blur()
    expect(page.locator("#announce")).to_contain_text("ກະລຸນາໃສ່ຕົວເລກລະຫວ່າງ 1 ຫາ 50")  # said as it is left
    expect(page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator(".summary")).to_be_focused()
    expect(overall).to_have_attribute("aria-invalid", "true")
    assert "ຄຳຕອບຕ້ອງແກ້ໄຂ" in page.title()  # the title says what happened
    links = page.locator(".summary .problems a")
    assert links.count() >= 2
    links.first.click()
    expect(page.locator("#q-organisation_kind input").first).to_be_focused()  # the question it names


def test_repeated_controls_are_named_after_what_they_act_on(page, base_url):
    page.goto(f"{base_url}/f/every-type")
    page.get_by_label("ຫຼວງພະບາງ").check()
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    page.get_by_role("button", name="ເພີ່ມອີກ: ຜູ້ເຂົ້າຮ່ວມ").click()
    expect(page.get_by_role("button", name="ລຶບອັນນີ້: ຜູ້ເຂົ້າຮ່ວມ 2", exact=True)).to_be_visible()
    page.get_by_role("button", name="ລຶບອັນນີ້: ຜູ້ເຂົ້າຮ່ວມ 1", exact=True).click()
    expect(page.get_by_role("button", name="ລຶບອັນນີ້: ຜູ້ເຂົ້າຮ່ວມ 1", exact=True)).to_be_visible()  # renamed
    expect(page.get_by_role("button", name="ລຶບອັນນີ້: ຜູ້ເຂົ້າຮ່ວມ 2", exact=True)).to_have_count(0)


def test_a_page_without_javascript_that_comes_back_with_problems_starts_at_them(page, base_url):
    page.route("**/static/js/*", lambda route: route.abort())
    page.goto(f"{base_url}/f/{SLUG}")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator(".summary")).to_be_focused()
    assert page.title().startswith(f"{page.locator('.summary .problems li').count()} ຄຳຕອບຕ້ອງແກ້ໄຂ")
    href = page.locator(".summary .problems a").first.get_attribute("href")
    assert page.locator(href).count() == 1  # each line links to its question
