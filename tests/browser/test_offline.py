"""With no network: forms are kept on the phone, survive a reload, and arrive once."""
from __future__ import annotations

from playwright.sync_api import expect

from test_form_page import COMMENT, SLUG, fill

CACHED = """() => caches.open('collect-v1').then(cache => cache.keys()).then(keys => keys.map(k => k.url))"""
QUEUE = "**/submit/**"


def wait_until_cached(page) -> list[str]:
    """Wait for the first visit's offline copy to be complete — the page's own caching has
    settled — and return the cached addresses. A count of entries is no such signal: the
    assets may be stored before the page itself, and a test that goes offline then has no
    page to reload."""
    page.locator("html[data-offline=settled]").wait_for(state="attached")
    cached = page.evaluate(CACHED)
    assert page.url in cached, cached
    return cached


def go_offline(context) -> None:
    """No network: Chromium's offline state, and the queue's address refused outright — the
    offline emulation has let a send through under load (a request the service worker saw
    can escape it), and a test must not depend on that. The HTML fallback's address is left
    alone, so that a send that falls back to it still shows as a stored row."""
    context.set_offline(True)
    context.route(QUEUE, lambda route: route.abort("internetdisconnected"))


def go_online(context) -> None:
    context.unroute(QUEUE)
    context.set_offline(False)


def test_two_forms_filled_offline_arrive_exactly_once(page, context, base_url, rows, arrived):
    page.goto(f"{base_url}/f/{SLUG}")
    assert len(wait_until_cached(page)) == 5  # the page, icon, CSS and two scripts

    go_offline(context)
    fill(page)
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ບັນທຶກໄວ້ໃນໂທລະສັບແລ້ວ").wait_for()
    expect(page.locator("#queue")).to_have_text("ລໍຖ້າສົ່ງ 1 ແບບຟອມ")

    page.get_by_role("button", name="ຕອບແບບຟອມອີກຄັ້ງ").click()
    fill(page, overall="1", attended="7")
    page.get_by_label("ພວກເຮົາຄວນປັບປຸງຫຍັງແດ່?").fill("ເວລາປຶກສາຫາລື")
    page.reload()  # still offline: the service worker serves the page, the draft is offered
    page.get_by_role("button", name="ສືບຕໍ່").click()
    assert page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?").input_value() == "7"
    assert page.get_by_label("ພວກເຮົາຄວນປັບປຸງຫຍັງແດ່?").input_value() == "ເວລາປຶກສາຫາລື"
    assert page.get_by_label("ຄຳເຫັນອື່ນໆ").input_value() == COMMENT
    assert page.locator("#q-overall").get_by_label("ບໍ່ພໍໃຈຫຼາຍ", exact=True).is_checked()
    expect(page.locator("#queue")).to_have_text("ລໍຖ້າສົ່ງ 1 ແບບຟອມ")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ບັນທຶກໄວ້ໃນໂທລະສັບແລ້ວ").wait_for()
    expect(page.locator("#queue")).to_have_text("ລໍຖ້າສົ່ງ 2 ແບບຟອມ")
    assert rows() == []

    go_online(context)  # the online event sends the queue
    page.locator("#queue").wait_for(state="hidden")
    # Sent to the queue's address, outside the service worker's scope.
    assert [path for method, path in arrived if method == "POST"] == [f"/submit/{SLUG}"] * 2
    stored = rows()
    assert len(stored) == 2 and stored[0][0] != stored[1][0]
    assert sorted(answers["participants_from_org"] for _, _, answers in stored) == [3, 7]
    assert [a.get("improve") for _, _, a in stored if a["overall"] == "1"] == ["ເວລາປຶກສາຫາລື"]

    page.reload()  # a later visit finds nothing left to send and sends nothing again
    page.locator("html[data-queue=idle]").wait_for(state="attached")
    expect(page.locator("#queue")).to_be_hidden()
    assert len(rows()) == 2


def test_offline_another_language_of_the_page_comes_from_the_cached_one(page, context, base_url):
    page.goto(f"{base_url}/f/{SLUG}")
    wait_until_cached(page)
    context.set_offline(True)
    page.get_by_label("ຄຳເຫັນອື່ນໆ").fill(COMMENT)
    page.get_by_role("link", name="English").click()  # the address becomes ?lang=en
    page.reload()  # never fetched in English: the cached Lao page, switched as the address says
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_label("Other comments").input_value() == COMMENT


def test_a_first_visit_downloads_each_byte_once(page, base_url, arrived):
    """The offline copy is taken from what the browser has already downloaded."""
    page.goto(f"{base_url}/f/{SLUG}")
    assert len(wait_until_cached(page)) == 5  # the page, icon, CSS and two scripts
    fetched = [path.split("?")[0] for method, path in arrived if method == "GET" and path != "/f/sw.js"]
    assert sorted(fetched) == sorted({*fetched}), fetched  # nothing twice
    assert f"/f/{SLUG}" in fetched and len(fetched) == 5, fetched


def test_a_second_visit_downloads_the_page_once_and_no_assets(page, base_url, arrived):
    """The worker caches the page as it loads; the page's own caching fetches only what is missing."""
    page.goto(f"{base_url}/f/{SLUG}")
    page.locator("html[data-offline=settled]").wait_for(state="attached")  # the first visit's copy is taken
    arrived.clear()
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.locator("html[data-offline=settled]").wait_for(state="attached")  # the page's caching has run
    assert [path for _, path in arrived if path != "/f/sw.js"] == [f"/f/{SLUG}"]
