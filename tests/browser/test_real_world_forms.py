"""Real-world XLSForm features on a phone (360 px, chromium): rank, loops, external
choices, ${} output and media — each form published as an organiser uploads it."""
from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect

from collect.extensions import db
from workbooks import xlsform

HEAD = ["type", "name", "label::Lao (lo)", "label::English (en)"]
LONG = "ການພັດທະນາໂຄງລ່າງພື້ນຖານ ແລະ ເສັ້ນທາງເຊື່ອມຕໍ່ລະຫວ່າງບ້ານ ໃນເຂດຊົນນະບົດ"


def publish(live_app, slug: str, book: bytes, filename: str, media: dict | None = None) -> None:
    from collect.services.links import create_link
    from collect.services.publishing import UploadedFile, publish as publish_version, read_upload

    from apps import governance

    with live_app.app_context():
        files = [UploadedFile(name, data) for name, data in (media or {}).items()]
        version, created = publish_version(read_upload(book, filename, files), governance(),
                                           UploadedFile(filename, book), files)
        if created:
            create_link(version.form, None, None, slug=slug)
        db.session.commit()


RANK = xlsform([HEAD + ["required"], ["rank priority", "priorities", "ບູລິມະສິດ", "Priorities", "yes"]],
               [["list_name", "name", "label::Lao (lo)", "label::English (en)"],
                ["priority", "health", "ສາທາລະນະສຸກ", "Health"],
                ["priority", "roads", LONG, "Rural roads and the links between villages"],
                ["priority", "schools", "ໂຮງຮຽນ", "Schools"]],
               [["form_id", "version", "default_language"], ["rank_test", "1", "Lao (lo)"]])


def test_a_rank_starts_empty_and_is_ordered_by_tapping(page, base_url, live_app, rows, screenshot):
    publish(live_app, "rank-test", RANK, "rank_test.xlsx")
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(f"{base_url}/f/rank-test")
    expect(page.locator(".ranked")).to_have_count(0)  # nothing is ranked for the participant
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator("#e-priorities")).to_have_text("ກະລຸນາຕອບຄຳຖາມນີ້")  # must be acted on
    page.get_by_role("button", name=f"ໃສ່ {LONG} ເປັນອັນດັບ 1").click()
    expect(page.locator(".ranker + .live")).to_have_text(f"{LONG}: ອັນດັບ 1")  # the change is announced
    expect(page.get_by_role("button", name="ໃສ່ ສາທາລະນະສຸກ ເປັນອັນດັບ 2")).to_be_focused()  # the next to place
    page.keyboard.press("Enter")
    item = page.locator(".ranked li").first
    assert item.locator(".position").inner_text() == "1"
    name = item.locator(".name")
    assert name.inner_text() == LONG
    assert name.bounding_box()["height"] > 30  # the long item wraps: nothing is cut at 320 px
    expect(page.get_by_role("button", name=f"ເລື່ອນ {LONG} ຂຶ້ນ")).to_be_disabled()  # at the top end
    page.get_by_role("button", name=f"ເລື່ອນ {LONG} ລົງ").click()
    expect(page.locator(".ranker + .live")).to_have_text(f"{LONG}: ອັນດັບ 2")
    expect(page.get_by_role("button", name=f"ເລື່ອນ {LONG} ຂຶ້ນ")).to_be_focused()  # now at the bottom
    page.get_by_role("button", name="ໃສ່ ໂຮງຮຽນ ເປັນອັນດັບ 3").click()
    screenshot(page, "rank-320")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert rows()[0][2] == {"priorities": ["health", "roads", "schools"]}


def test_without_javascript_a_twice_picked_choice_is_named_by_its_label(browser, base_url, live_app):
    publish(live_app, "rank-test", RANK, "rank_test.xlsx")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{base_url}/f/rank-test")
    selects = page.locator("#i-priorities select")
    assert [selects.nth(i).input_value() for i in range(3)] == ["", "", ""]
    selects.nth(0).select_option("health")
    selects.nth(1).select_option("health")
    selects.nth(2).select_option("schools")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator("#e-priorities")).to_have_text("ເລືອກ «ສາທາລະນະສຸກ» ຊ້ຳກັນ")
    context.close()


def test_loops_external_choices_and_answers_shown_in_labels(page, base_url, live_app, rows):
    book = xlsform([HEAD + ["choice_filter", "calculation"],
                    ["begin loop over crops", "harvest", "ການເກັບກ່ຽວ", "Harvest", None, None],
                    ["integer", "tonnes", "ຈຳນວນໂຕນ %(label)s", "Tonnes of %(label)s", None, None],
                    ["end loop", None, None, None, None, None],
                    ["calculate", "region", None, None, None, "if(${province} = 'SV', 'south', 'centre')"],
                    ["select_one provinces", "province", "ແຂວງ", "Province", None, None],
                    ["select_one_external districts", "district", "ເມືອງ", "District", "province=${province}", None],
                    ["note", "summary", "ພາກ ${region}, ເມືອງ ${district}", "Region ${region}, district ${district}",
                     None, None]],
                   [["list_name", "name", "label::Lao (lo)", "label::English (en)"],
                    ["crops", "rice", "ເຂົ້າ", "rice"], ["crops", "maize", "ສາລີ", "maize"],
                    ["provinces", "VT", "ນະຄອນຫຼວງ", "Vientiane"], ["provinces", "SV", "ສະຫວັນນະເຂດ", "Savannakhet"]],
                   [["form_id", "version"], ["harvests", "1"]])
    workbook = load_workbook(BytesIO(book))
    sheet = workbook.create_sheet("external_choices")
    for row in [["list_name", "name", "label::Lao (lo)", "label::English (en)", "province"],
                ["districts", "xaysetha", "ໄຊເສດຖາ", "Xaysetha", "VT"],
                ["districts", "kaysone", "ໄກສອນ", "Kaysone", "SV"]]:
        sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    publish(live_app, "harvests", out.getvalue(), "harvests.xlsx")
    page.goto(f"{base_url}/f/harvests")
    page.get_by_label("ຈຳນວນໂຕນ ເຂົ້າ").fill("12")
    page.get_by_label("ຈຳນວນໂຕນ ສາລີ").fill("3")
    page.get_by_label("ຈຳນວນໂຕນ ສາລີ").blur()
    page.get_by_label("ສະຫວັນນະເຂດ").check()
    expect(page.locator("#q-district .choice:not([hidden])")).to_have_text(["ໄກສອນ"])  # filtered
    page.get_by_label("ໄກສອນ").check()
    expect(page.locator("#q-summary")).to_have_text("ພາກ south, ເມືອງ kaysone")  # live
    page.get_by_role("link", name="English").click()
    expect(page.locator("#q-summary")).to_have_text("Region south, district kaysone")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Sent. Thank you!").wait_for()
    answers = rows()[0][2]
    assert answers["harvest/rice/tonnes"] == 12 and answers["harvest/maize/tonnes"] == 3
    assert (answers["region"], answers["district"]) == ("south", "kaysone")


def test_a_draft_is_offered_not_shown_and_a_sent_form_is_cleared(page, base_url, rows):
    from test_form_page import SLUG, fill

    page.goto(f"{base_url}/f/{SLUG}")
    fill(page)
    page.reload()
    expect(page.locator("#draft")).to_be_visible()
    expect(page.get_by_label("ຄຳເຫັນອື່ນໆ")).to_have_value("")  # the next person sees nothing
    expect(page.get_by_role("button", name="ສືບຕໍ່")).to_be_focused()
    page.get_by_role("button", name="ເລີ່ມໃໝ່").click()
    expect(page.locator("#draft")).to_be_hidden()
    page.reload()
    expect(page.locator("#draft")).to_be_hidden()  # started over: the draft is gone
    fill(page)
    page.reload()
    page.get_by_role("button", name="ສືບຕໍ່").click()
    expect(page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?")).to_have_value("3")
    page.get_by_role("button", name="ສົ່ງ").click()
    expect(page.locator("#done-text")).to_have_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!")
    assert len(rows()) == 1
    page.reload()
    expect(page.locator("#draft")).to_be_hidden()  # nothing of it is left on the phone
    expect(page.get_by_label("ມີຈັກຄົນຈາກອົງການຂອງທ່ານເຂົ້າຮ່ວມ?")).to_have_value("")


def test_focus_follows_add_another_remove_and_fill_in_again(page, base_url):
    page.goto(f"{base_url}/f/every-type")
    page.get_by_label("ຫຼວງພະບາງ").check()
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    page.get_by_role("button", name="ເພີ່ມອີກ").click()
    expect(page.locator("#i-people\\[2\\]\\/person")).to_be_focused()  # the new entry's first field
    page.locator("#g-people .instance").nth(1).get_by_role("button", name="ລຶບອັນນີ້").click()
    expect(page.locator("#i-people\\[1\\]\\/person")).to_be_focused()  # the entry before it


def test_the_pages_style_shows_one_question_at_a_time(page, base_url, live_app, rows):
    book = xlsform([HEAD, ["text", "village", "ບ້ານ", "Village"], ["integer", "homes", "ຈຳນວນເຮືອນ", "Homes"]],
                   None, [["form_id", "version", "style"], ["paged", "1", "pages"]])
    publish(live_app, "paged", book, "paged.xlsx")
    page.goto(f"{base_url}/f/paged")
    expect(page.get_by_label("ຈຳນວນເຮືອນ")).to_be_hidden()
    page.get_by_label("ບ້ານ").fill("ນາຊາຍ")
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    expect(page.get_by_label("ຈຳນວນເຮືອນ")).to_be_focused()  # the new page begins here
    expect(page.get_by_label("ບ້ານ")).to_be_hidden()
    page.get_by_label("ຈຳນວນເຮືອນ").fill("40")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert rows()[0][2] == {"village": "ນາຊາຍ", "homes": 40}


GUIDED = xlsform([HEAD + ["guidance_hint::Lao (lo)", "guidance_hint::English (en)"],
                  ["integer", "staff", "ພະນັກງານ", "Staff", "ນັບທຸກຄົນທີ່ເຮັດວຽກເຕັມເວລາ",
                   "Count everyone who works full time"]],
                 None, [["form_id", "version"], ["guided", "1"]])


def test_a_guidance_hint_opens_on_demand_and_follows_the_language(page, base_url, live_app):
    publish(live_app, "guided", GUIDED, "guided.xlsx")
    page.set_viewport_size({"width": 360, "height": 700})
    page.goto(f"{base_url}/f/guided")
    guidance = page.locator("#q-staff details.guidance p")
    expect(guidance).to_be_hidden()  # folded until asked for
    page.get_by_text("ຄຳແນະນຳເພີ່ມເຕີມ").click()
    expect(guidance).to_have_text("ນັບທຸກຄົນທີ່ເຮັດວຽກເຕັມເວລາ")
    page.get_by_role("link", name="English").click()
    expect(page.locator("#q-staff details.guidance summary")).to_have_text("More guidance")
    expect(guidance).to_have_text("Count everyone who works full time")
