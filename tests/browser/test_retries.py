"""The phone keeps a sent form until the server has taken it: a server in trouble (503),
a proxy's page or any answer it does not understand is tried again; only a final,
named refusal stops it."""
from __future__ import annotations

import json

from playwright.sync_api import expect

from test_form_page import SLUG, fill

UNAVAILABLE = json.dumps({"error": {"code": "database_unavailable", "message": "…", "details": {}}}).encode()


def test_a_server_in_trouble_is_tried_again_until_it_takes_the_form(page, base_url, rows, gate):
    gate.refuse_next("503 Service Unavailable", UNAVAILABLE,
                     [("Content-Type", "application/json"), ("Retry-After", "1")], times=2)
    page.goto(f"{base_url}/f/{SLUG}")
    fill(page)
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ບັນທຶກໄວ້ໃນໂທລະສັບແລ້ວ").wait_for()  # kept on the phone, not refused
    expect(page.locator("#queue")).to_have_text("ລໍຖ້າສົ່ງ 1 ແບບຟອມ")
    page.locator("#queue").wait_for(state="hidden", timeout=20_000)  # the third try is taken
    assert gate.answers == [] and len(rows()) == 1


def test_a_page_from_something_in_between_is_not_a_refusal(page, base_url, rows, gate):
    """A captive portal's 200 or a proxy's 403 page says nothing about the form."""
    gate.refuse_next("200 OK", b"<html>Log in to the hotel Wi-Fi</html>", [("Content-Type", "text/html")])
    gate.refuse_next("403 Forbidden", b"<html>Blocked by proxy</html>", [("Content-Type", "text/html")])
    page.goto(f"{base_url}/f/{SLUG}")
    fill(page)
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ບັນທຶກໄວ້ໃນໂທລະສັບແລ້ວ").wait_for()
    page.locator("#queue").wait_for(state="hidden", timeout=20_000)
    assert gate.answers == [] and len(rows()) == 1


def test_a_final_refusal_stops_the_retries_and_says_why(page, base_url, rows, gate, arrived):
    closed = json.dumps({"error": {"code": "link_closed", "message": "ແບບຟອມນີ້ປິດແລ້ວ", "details": {}}}).encode()
    gate.refuse_next("410 Gone", closed, [("Content-Type", "application/json")])
    page.goto(f"{base_url}/f/{SLUG}")
    fill(page)
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator("#queue")).to_contain_text("ແບບຟອມນີ້ປິດແລ້ວ")
    # A new visit flushes the queue, and so does the next form sent: the refused one is
    # never among the sends.
    page.reload()
    expect(page.locator("#queue")).to_contain_text("ແບບຟອມນີ້ປິດແລ້ວ")
    fill(page, overall="2")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert [p for m, p in arrived if m == "POST"] == [f"/submit/{SLUG}"] * 2
    assert [answers["overall"] for _, _, answers in rows()] == ["2"]
    expect(page.locator("#queue")).to_contain_text("ແບບຟອມນີ້ປິດແລ້ວ")  # still kept, still explained
