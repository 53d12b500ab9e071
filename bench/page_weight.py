"""How heavy the participant page is, and how soon it shows and works on slow 3G.

For each demo form page and for a generated bilingual form of ``--n`` questions (default
40: Likert rows, choices, numbers with constraints, skip logic, text), it prints the bytes
a phone downloads on a first visit — the HTML and every stylesheet and script it links,
gzipped as the server sends them (fonts excepted: the phone has its own) — and, in
Debian's chromium under emulated slow 3G (400 kbit/s, 400 ms round trip, through the
DevTools protocol), the time to first contentful paint and to interactive (painted, and
DOMContentLoaded over: the deferred scripts have run and form.js has wired the page). The
baseline, measured in the same run, is the same page with JavaScript switched off: the
ratio is what the scripts cost. Figures never fail anything; the last lines compare weight to the goal.

    .venv/bin/python bench/page_weight.py --n 40
"""
from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
import threading
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

GOAL_KB = 60
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 / 8,
           "uploadThroughput": 400 * 1024 / 8}
CHROMIUM = "/usr/bin/chromium"
#: Words to build varied question texts from, so that gzip meets realistic text.
TOPICS = [("ການບໍລິການສາທາລະນະ", "public services"), ("ການມີສ່ວນຮ່ວມຂອງປະຊາຊົນ", "people's participation"),
          ("ການຄຸ້ມຄອງງົບປະມານ", "budget management"), ("ລະບົບກົດໝາຍ", "the legal system"),
          ("ການພັດທະນາຊົນນະບົດ", "rural development"), ("ການສຶກສາຂັ້ນພື້ນຖານ", "basic education"),
          ("ສາທາລະນະສຸກຂັ້ນເມືອງ", "district health care"), ("ການກະຈາຍອຳນາດ", "decentralisation"),
          ("ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມ", "the socio-economic development plan"),
          ("ການຫຼຸດຜ່ອນຄວາມທຸກຍາກ", "poverty reduction"), ("ຄວາມສະເໝີພາບຍິງຊາຍ", "gender equality"),
          ("ການປົກປັກຮັກສາສິ່ງແວດລ້ອມ", "environmental protection"), ("ເສັ້ນທາງຊົນນະບົດ", "rural roads"),
          ("ການລົງທຶນຂອງພາກເອກະຊົນ", "private investment"), ("ຂໍ້ມູນສະຖິຕິ", "statistical data"),
          ("ການຝຶກອົບຮົມພະນັກງານ", "staff training"), ("ເປົ້າໝາຍການພັດທະນາແບບຍືນຍົງ", "the SDGs")]
LIKERT = [("1", "ບໍ່ພໍໃຈຫຼາຍ", "Very dissatisfied"), ("2", "ບໍ່ພໍໃຈ", "Dissatisfied"),
          ("3", "ປານກາງ", "Neutral"), ("4", "ພໍໃຈ", "Satisfied"), ("5", "ພໍໃຈຫຼາຍ", "Very satisfied")]


def synthetic_form(n: int) -> dict:
    """A bilingual form of ``n`` questions, mixed as the project's real forms are."""
    questions = []
    for i in range(1, n + 1):
        name, kind = f"q{i}", i % 5
        lo_words = [TOPICS[(i * 7 + k) % len(TOPICS)][0] for k in range(3)]
        en_words = [TOPICS[(i * 7 + k) % len(TOPICS)][1] for k in range(3)]
        label = {"lo": f"{i}. ທ່ານປະເມີນ{lo_words[0]} ແລະ {lo_words[1]} ໃນ{lo_words[2]}ແນວໃດ?",
                 "en": f"{i}. How do you rate {en_words[0]} and {en_words[1]} in {en_words[2]}?"}
        question = {"name": name, "label": label}
        if kind == 0:
            question.update(type="select_one", choice_list="likert", appearance="likert", required=True)
        elif kind == 1:
            question.update(type="text", relevant=f"${{q{i - 1}}} = '1' or ${{q{i - 1}}} = '2'")
        elif kind == 2:
            question.update(type="integer", constraint=". >= 0 and . <= 500",
                            constraint_message={"lo": "ກະລຸນາໃສ່ຕົວເລກລະຫວ່າງ 0 ຫາ 500",
                                                "en": "Please enter a number from 0 to 500"})
        elif kind == 3:
            question.update(type="select_multiple", choice_list="sectors",
                            hint={"lo": "ເລືອກໄດ້ຫຼາຍຂໍ້", "en": "Choose all that apply"})
        else:
            question.update(type="text", appearance="multiline")
        questions.append(question)
    sectors = ["ສາທາລະນະສຸກ|Health", "ສຶກສາ|Education", "ກະສິກຳ|Agriculture",
               "ປົກຄອງ|Governance", "ເສັ້ນທາງ|Roads", "ສິ່ງແວດລ້ອມ|Environment"]
    return {
        "form_id": f"bench_{n}q", "version": "1", "languages": ["lo", "en"], "default_language": "lo",
        "title": {"lo": "ແບບສອບຖາມປຶກສາຫາລືຂັ້ນທ້ອງຖິ່ນ", "en": "Local consultation questionnaire"},
        "questions": questions,
        "choices": {
            "likert": [{"name": c, "label": {"lo": lo, "en": en}} for c, lo, en in LIKERT],
            "sectors": [{"name": f"s{k}", "label": dict(zip(("lo", "en"), text.split("|")))}
                        for k, text in enumerate(sectors)],
        },
    }


def start_server(n: int):
    """The app on a scratch SQLite database with the demo forms and the synthetic one."""
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from collect import create_app
    from collect.services.demo import MEETINGS, load_demo
    from collect.extensions import db
    from collect.services.publishing import publish
    from collect.services.links import create_link
    from forms.schema import load_definition

    folder = tempfile.mkdtemp(prefix="page-weight-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
    with app.app_context():
        upgrade()
        load_demo(with_responses=False)
        version, _ = publish(load_definition(synthetic_form(n)))
        create_link(version.form, None, slug=f"bench-{n}q")
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    slugs = [meeting.slug for meeting in MEETINGS] + [f"bench-{n}q"]
    return server, f"http://127.0.0.1:{server.server_port}", slugs


def gzipped_bytes(url: str) -> tuple[int, bytes]:
    """Bytes on the wire for ``url`` when the client accepts gzip, and the body itself."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as answer:
        wire = answer.read()
        body = gzip.decompress(wire) if answer.headers.get("Content-Encoding") == "gzip" else wire
    return len(wire), body


def page_weight(base: str, slug: str) -> dict[str, int]:
    """Compressed bytes of the page and of each asset it links."""
    size, html = gzipped_bytes(f"{base}/f/{slug}")
    weights = {"html": size}
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+)"', html):
        weights[asset.decode().split("?")[0].rsplit("/", 1)[-1]] = gzipped_bytes(base + asset.decode())[0]
    return weights


def timings(browser, url: str, javascript: bool) -> tuple[float, float]:
    """(first contentful paint, interactive) in ms from the request, first visit, slow 3G.

    Interactive is the later of the paint and DOMContentLoaded: without scripts the page
    is usable once it shows; with them, once form.js has run as well.

    Both come from the DevTools protocol's own clock (lifecycle events against the
    document request), so they mean the same with scripts off as with scripts on.
    """
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=javascript,
                                  service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    document, moments = {}, {}  # the page's request (its loader and start), its lifecycle

    def request(event):
        if event.get("type") == "Document" and not document:
            document.update(loader=event["loaderId"], start=event["timestamp"])

    def lifecycle(event):
        if event["loaderId"] == document.get("loader"):
            moments.setdefault(event["name"], event["timestamp"])

    cdp.on("Network.requestWillBeSent", request)
    cdp.on("Page.lifecycleEvent", lifecycle)
    cdp.send("Page.enable")
    cdp.send("Page.setLifecycleEventsEnabled", {"enabled": True})
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.goto(url, wait_until="load", timeout=120_000)
    for _ in range(100):  # the paint is reported a moment after it happens
        if "firstContentfulPaint" in moments:
            break
        page.wait_for_timeout(50)
    context.close()
    paint = (moments["firstContentfulPaint"] - document["start"]) * 1000
    return paint, max(paint, (moments["DOMContentLoaded"] - document["start"]) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=40, help="questions in the synthetic form")
    parser.add_argument("--no-browser", action="store_true", help="weights only")
    args = parser.parse_args()

    server, base, slugs = start_server(args.n)
    totals = {}
    print("compressed bytes per page (gzip), first visit:")
    for slug in slugs:
        weights = page_weight(base, slug)
        totals[slug] = sum(weights.values())
        parts = ", ".join(f"{name} {size / 1024:.1f}" for name, size in weights.items())
        print(f"  /f/{slug:<14} {totals[slug] / 1024:6.1f} KB  ({parts})")

    if not args.no_browser and os.path.exists(CHROMIUM):
        from playwright.sync_api import sync_playwright

        print("slow 3G (400 kbit/s, 400 ms RTT), chromium at 360x740, no cache:")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync"])
            for slug in slugs:
                paint_plain, ready_plain = timings(browser, f"{base}/f/{slug}", javascript=False)
                paint, ready = timings(browser, f"{base}/f/{slug}", javascript=True)
                print(f"  /f/{slug:<14} first render {paint:6.0f} ms, interactive {ready:6.0f} ms"
                      f"  | without JS {paint_plain:6.0f} / {ready_plain:6.0f} ms"
                      f"  | ratio interactive {ready / ready_plain:4.2f}")
            browser.close()
    server.shutdown()
    for slug in slugs:
        label = f"{args.n}q" if slug == f"bench-{args.n}q" else slug
        print(f"page weight {label}: {totals[slug] / 1024:.1f} KB (goal <= {GOAL_KB} KB)")


if __name__ == "__main__":
    main()
