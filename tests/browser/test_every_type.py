"""Every question type with JavaScript: pages, choice filter, repeats, ranking, calculation."""
from __future__ import annotations

import base64

from playwright.sync_api import expect

from collect.extensions import db
from collect.store.models import Attachment
from every_type import SLUG

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==")


def test_every_type_form_with_javascript(page, context, base_url, rows, screenshot, live_app):
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 19.8856, "longitude": 102.1347})
    page.goto(f"{base_url}/f/{SLUG}")
    assert page.get_by_label("ວັນທີ").is_hidden()  # the field-list group is a page of its own
    page.get_by_role("button", name="ຕໍ່ໄປ").click()
    assert page.locator("#e-province").inner_text() == "ກະລຸນາຕອບຄຳຖາມນີ້"
    page.get_by_label("ຫຼວງພະບາງ").check()
    district = page.get_by_label("ເມືອງ")
    options = district.locator("option:not([hidden])").all_inner_texts()
    assert options == ["", "ຫຼວງພະບາງ"]  # the choice filter keeps this province's districts
    district.select_option("luangprabang")
    page.get_by_label("ທີ່ຕັ້ງ").fill("ບໍ່ຮູ້")  # typed by hand: checked as it is left
    page.get_by_label("ທີ່ຕັ້ງ").blur()
    assert page.locator("#e-location").inner_text() == "ກະລຸນາໃສ່ທີ່ຕັ້ງເປັນ ເສັ້ນຂະໜານ ເສັ້ນແວງ"
    page.get_by_role("button", name="ໃຊ້ທີ່ຕັ້ງຂອງຂ້ອຍ").click()  # or from the phone's location
    expect(page.get_by_label("ທີ່ຕັ້ງ")).to_have_value("19.885600 102.134700 0 0")
    screenshot(page, "every-type-page-1")
    page.get_by_role("button", name="ຕໍ່ໄປ").click()

    page.get_by_label("ວັນທີ").fill("2024-05-14")
    page.get_by_label("ເວລາ").fill("09:30")
    page.get_by_label("ງົບປະມານ").fill("12.5")
    page.get_by_label("ຄະແນນ").fill("8")
    page.locator("#i-priorities li").nth(2).get_by_role("button", name="ຂຶ້ນ").click()
    page.get_by_label("ຂ້ອຍຍອມຮັບ").check()
    page.get_by_label("ຮູບ").set_input_files(files=[{"name": "ຮູບ.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_label("ຊື່").fill("ນາງ ແກ້ວ")
    page.get_by_role("button", name="ເພີ່ມອີກ").click()
    page.locator("#i-people\\[2\\]\\/person").fill("ທ້າວ ບຸນ")
    page.get_by_role("button", name="ເພີ່ມອີກ").click()
    page.locator("#i-people\\[3\\]\\/person").fill("ທ້າວ ສີ")
    page.locator("#g-people .instance").nth(1).get_by_role("button", name="ລຶບອັນນີ້").click()
    assert page.locator("#i-people\\[2\\]\\/person").input_value() == "ທ້າວ ສີ"  # renumbered
    screenshot(page, "every-type-page-2")
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()

    answers = rows()[0][2]
    assert answers["province"] == "LA-LP" and answers["district"] == "luangprabang"
    assert answers["location"] == "19.885600 102.134700 0 0"
    assert answers["priorities"] == ["health", "roads", "education"]
    assert answers["people"] == [{"person": "ນາງ ແກ້ວ"}, {"person": "ທ້າວ ສີ"}]
    assert answers["headcount"] == "2"
    assert answers["score"] == 8 and answers["budget"] == 12.5 and answers["agree"] == "OK"
    assert answers["photo"] == "ຮູບ.png"
    with live_app.app_context():
        assert [(a.path, a.data) for a in db.session.query(Attachment)] == [("photo", PNG)]


def test_a_repeat_count_sets_the_number_of_instances(page, base_url, rows, live_app):
    from collect.services.publishing import publish
    from collect.services.links import create_link
    from forms.schema import load_definition

    with live_app.app_context():
        version, created = publish(load_definition({
            "form_id": "counted", "title": {"en": "Counted"}, "version": "1", "languages": ["en"],
            "default_language": "en", "questions": [
                {"name": "n", "type": "integer", "label": {"en": "How many children?"}},
                {"name": "kids", "type": "repeat", "repeat_count": "${n}", "label": {"en": "Children"},
                 "children": [{"name": "kid", "type": "text", "label": {"en": "Name"}}]}]}))
        if created:
            create_link(version.form, None, slug="counted")
        db.session.commit()
    page.goto(f"{base_url}/f/counted")
    page.get_by_label("How many children?").fill("3")
    page.get_by_label("How many children?").blur()
    assert page.locator("#g-kids .instance").count() == 3
    page.get_by_label("How many children?").fill("1")
    page.get_by_label("How many children?").blur()
    assert page.locator("#g-kids .instance").count() == 1
    page.get_by_label("Name").fill("Noy")
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("Sent. Thank you!").wait_for()
    assert rows()[0][2] == {"n": 1, "kids": [{"kid": "Noy"}]}
