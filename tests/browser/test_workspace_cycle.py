"""The whole cycle of a consultation in the browser, each SWG in its own space: an admin
makes an organiser and an analyst of the Governance SWG; the organiser publishes an
XLSForm, previews it, sets up an event and a link and prints its sheet; a participant
answers on a phone, in Lao; the organiser watches it arrive, approves it with a comment;
the analyst downloads the workbook with it; an organiser of another SWG sees none of it."""
from __future__ import annotations

import io
import re

import openpyxl
from playwright.sync_api import expect

from collect.extensions import db
from collect.services.accounts import create_user
from collect.store.models import Role
from workbooks import xlsform

from apps import PASSWORD

DESKTOP = {"width": 1280, "height": 900}
FORM = xlsform(
    [["type", "name", "label::Lao (lo)", "label::English (en)", "required"],
     ["select_one province", "province", "ແຂວງຂອງທ່ານ", "Your province", "yes"],
     ["text", "priority", "ບູລິມະສິດຂອງເມືອງທ່ານແມ່ນຫຍັງ?", "What is your district's priority?", "yes"]],
    [["list_name", "name", "label::Lao (lo)", "label::English (en)"],
     ["province", "LA-SV", "ສະຫວັນນະເຂດ", "Savannakhet"], ["province", "LA-KH", "ຄຳມ່ວນ", "Khammouane"]],
    [["form_id", "form_title::Lao (lo)", "form_title_en", "version", "default_language"],
     ["district_priorities", "ບູລິມະສິດຂອງເມືອງ", "District priorities", "1", "Lao (lo)"]])


def _desktop(browser):
    return browser.new_context(viewport=DESKTOP).new_page()


def _sign_in(page, base_url, email: str, password: str, english: bool = False) -> None:
    page.goto(f"{base_url}/login")
    if english:
        page.get_by_role("button", name="English").click()  # the login page remembers the choice
    page.get_by_label("E-mail" if english else "ອີເມວ").fill(email)
    page.get_by_label("Password" if english else "ລະຫັດຜ່ານ").fill(password)
    page.locator("main").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/forms$"))


def test_a_consultation_from_first_account_to_workbook(browser, page, base_url, live_app, rows, screenshot,
                                                      tmp_path):
    with live_app.app_context():
        create_user("secretariat@example.org", Role.ADMIN, PASSWORD, name="RT secretariat")
        create_user("health@example.org", Role.ORGANISER, PASSWORD, swgs=(("health", Role.ORGANISER),))
        db.session.commit()

    admin = _desktop(browser)
    _sign_in(admin, base_url, "secretariat@example.org", PASSWORD, english=True)
    passwords = {}
    for email, role in (("organiser@gov.example.org", "organiser"), ("analyst@gov.example.org", "analyst")):
        admin.goto(f"{base_url}/users")
        admin.get_by_label("E-mail").fill(email)
        admin.get_by_label("Governance", exact=True).select_option(role)
        admin.get_by_role("button", name="Add the account").click()
        passwords[email] = admin.locator(".flash .secret").inner_text()
    screenshot(admin, "workspace-users-en")

    organiser = _desktop(browser)
    _sign_in(organiser, base_url, "organiser@gov.example.org", passwords["organiser@gov.example.org"], english=True)
    organiser.get_by_text("Publish a new form").click()
    path = tmp_path / "district_priorities.xlsx"
    path.write_bytes(FORM)
    organiser.get_by_label("XLSForm workbook or JSON definition").set_input_files(str(path))
    organiser.get_by_role("button", name="Publish", exact=True).click()
    expect(organiser.locator(".flash.info")).to_contain_text("district_priorities version 1 is published")
    form_url = organiser.url
    assert re.search(r"/forms/\d+$", form_url)

    organiser.get_by_role("link", name="Preview").first.click()
    expect(organiser.get_by_text("What is your district's priority?")).to_be_visible()
    organiser.get_by_label("Savannakhet").check()
    organiser.get_by_label("What is your district's priority?").fill("Roads")
    organiser.get_by_role("button", name="Submit").click()
    organiser.get_by_text("Sent. Thank you!").wait_for()
    assert rows() == []  # a preview stores nothing

    organiser.goto(form_url)
    assert organiser.locator("details#new-link[open]").count() == 1  # a form without links offers one at once
    organiser.get_by_label("Kind of event").select_option("local_consultation")
    organiser.get_by_label("Title in Lao").fill("ການປຶກສາຫາລືແຂວງສະຫວັນນະເຂດ 2026")
    organiser.get_by_label("Title in English").fill("Savannakhet consultation 2026")
    organiser.get_by_label("Province").select_option("LA-SV")
    organiser.get_by_label("District").select_option("LA-SV-kaysone")
    organiser.get_by_label("Address (optional)").fill("sv-priorities-2026")
    organiser.get_by_role("button", name="Make the link").click()
    expect(organiser.locator("h1")).to_contain_text("/f/sv-priorities-2026")
    screenshot(organiser, "workspace-link-en")
    organiser.get_by_role("link", name="Printable sheet (A4)").click()
    expect(organiser.locator(".sheet-qr svg")).to_be_visible()
    expect(organiser.locator(".sheet-address")).to_have_text(f"{base_url}/f/sv-priorities-2026")
    expect(organiser.locator(".sheet h1")).to_have_text("ບູລິມະສິດຂອງເມືອງ")
    screenshot(organiser, "workspace-sheet")

    page.goto(f"{base_url}/f/sv-priorities-2026")  # the participant's phone, in Lao
    page.get_by_label("ສະຫວັນນະເຂດ").check()
    page.get_by_label("ບູລິມະສິດຂອງເມືອງທ່ານແມ່ນຫຍັງ?").fill("ເສັ້ນທາງເຂົ້າບ້ານ")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert [answers["priority"] for _, _, answers in rows()] == ["ເສັ້ນທາງເຂົ້າບ້ານ"]

    organiser.goto(form_url + "/monitoring")
    expect(organiser.locator("[data-figure=total]")).to_have_text("1")
    expect(organiser.locator("[data-figure=provinces]")).to_contain_text("Savannakhet")
    screenshot(organiser, "workspace-monitoring-en")
    organiser.goto(form_url + "/submissions")
    expect(organiser.locator("tbody")).to_contain_text("ເສັ້ນທາງເຂົ້າບ້ານ")
    organiser.locator("tbody a").first.click()
    organiser.get_by_label("Comment").fill("ກວດແລ້ວ, ຄົບຖ້ວນ")
    organiser.get_by_role("button", name="Approve").click()
    expect(organiser.locator(".answers")).to_contain_text("ເສັ້ນທາງເຂົ້າບ້ານ")
    expect(organiser.get_by_text("ກວດແລ້ວ, ຄົບຖ້ວນ")).to_be_visible()

    analyst = _desktop(browser)
    _sign_in(analyst, base_url, "analyst@gov.example.org", passwords["analyst@gov.example.org"])
    analyst.goto(form_url + "/exports")
    with analyst.expect_download() as download:
        analyst.get_by_role("link", name="ດາວໂຫຼດປຶ້ມວຽກສຳລັບນັກວິເຄາະດຽວນີ້").click()
    book = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()), read_only=True)
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "ເສັ້ນທາງເຂົ້າບ້ານ" in cells
    assert analyst.get_by_role("button", name="ອະນຸມັດ").count() == 0  # analysts read, organisers review

    other = _desktop(browser)
    _sign_in(other, base_url, "health@example.org", PASSWORD, english=True)
    assert "District priorities" not in other.content() and "ບູລິມະສິດຂອງເມືອງ" not in other.content()
    assert other.goto(form_url).status == 404
    assert other.goto(f"{base_url}/links/sv-priorities-2026").status == 404
    token = re.search(r'name="csrf" value="([^"]+)"', other.goto(f"{base_url}/account").text()).group(1)
    uuid = rows()[0][0]
    refused = other.request.post(f"{form_url}/submissions/{uuid}/delete", form={"csrf": token})
    assert refused.status == 404
    assert len(rows()) == 1
