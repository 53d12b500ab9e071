"""Each built-in template filled in and sent with the keyboard alone, in chromium at 360 px.

A participant who cannot use a touch screen or a mouse moves with Tab, answers with
Space, Enter, the arrow keys and by typing, and must reach the thank-you: every control
reachable in order, each page's first question focused when a page is turned, a rank
ordered with its buttons, nothing that only a pointer can do.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

#: One link of each template (forms/templates) in the demo.
TEMPLATES = {"meeting satisfaction": "psi-aug-2019", "SDG seminar": "sdg-ho-2019",
             "capacity assessment": "cna-gswg-2019", "pre-RTM consultation": "rtm-sv-2024"}
FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName, type: e.type || '', name: e.name || '', cls: e.className || '',
          value: e.value || '', multiple: !!e.multiple, inForm: !!e.closest('form')}; }"""


def answer_by_keyboard(page) -> None:
    """Tab through the form, answering each question once, until Send is pressed."""
    answered: set[str] = set()
    for _ in range(1500):
        page.keyboard.press("Tab")
        here = page.evaluate(FOCUSED)
        if not here["inForm"]:
            continue  # the language switch, and anything else outside the form
        if here["tag"] == "BUTTON":
            if "pick" in here["cls"]:
                page.keyboard.press("Enter")  # a rank: the next choice takes the next place
                while "pick" in page.evaluate(FOCUSED)["cls"]:
                    page.keyboard.press("Enter")
            elif here["cls"] == "button" and not here["name"]:  # "next" of a paged form
                page.keyboard.press("Enter")
            elif "submit" in here["cls"]:
                page.keyboard.press("Enter")
                return
        elif here["name"] in answered:
            continue
        elif here["type"] in ("radio", "checkbox"):
            page.keyboard.press("Space")
            answered.add(here["name"])
        elif here["tag"] == "SELECT" and not here["multiple"] and not here["value"]:
            page.keyboard.press("ArrowDown")  # the first choice the list shows
            answered.add(here["name"])
        elif here["tag"] in ("INPUT", "TEXTAREA") and here["type"] in ("text", "number", "textarea") and not here["value"]:
            page.keyboard.type("3" if here["type"] == "number" else "ດີ")
            answered.add(here["name"])
    raise AssertionError("the keyboard never reached the Send button")


@pytest.mark.parametrize("slug", TEMPLATES.values(), ids=TEMPLATES.keys())
def test_each_template_is_filled_and_sent_with_the_keyboard_alone(page, base_url, rows, slug):
    page.goto(f"{base_url}/f/{slug}")
    answer_by_keyboard(page)
    expect(page.locator("#done-text")).to_have_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!")
    expect(page.locator("#done")).to_be_focused()
    assert len(rows()) == 1
