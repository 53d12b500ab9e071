"""A participant with an access code: the page asks for it, and the code answers once."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from collect.services.access_codes import issue_codes, shown
from collect.extensions import db
from collect.store.models import AccessCode, CollectionLink, LinkAccess

from test_form_page import fill

SLUG = "lio-oct-2019"


@pytest.fixture
def code(live_app):
    """A code for a link switched to code_once for this test (and back to open after)."""
    with live_app.app_context():
        link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == SLUG))
        link.access = LinkAccess.CODE_ONCE
        issued = shown(issue_codes(link, 1)[0].code)
        db.session.commit()
    yield issued
    with live_app.app_context():
        link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == SLUG))
        link.access = LinkAccess.OPEN
        db.session.query(AccessCode).delete()
        db.session.commit()


def test_the_code_is_asked_for_and_answers_once(page, base_url, rows, code, live_app):
    page.goto(f"{base_url}/f/{SLUG}")
    page.get_by_label("ລະຫັດເຂົ້າຮ່ວມ").fill("abcd efgh")
    page.get_by_role("button", name="ສືບຕໍ່").click()
    assert "ລະຫັດເຂົ້າຮ່ວມນີ້ບໍ່ຖືກຕ້ອງ" in page.locator("#e-code").inner_text()
    page.get_by_label("ລະຫັດເຂົ້າຮ່ວມ").fill(code.lower())
    page.get_by_role("button", name="ສືບຕໍ່").click()
    assert code.replace("-", "") not in page.url  # the code travels in the post and a cookie only
    fill(page)
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    assert page.get_by_role("button", name="ຕອບແບບຟອມອີກຄັ້ງ").is_hidden()
    stored = rows()
    assert len(stored) == 1
    with live_app.app_context():
        assert db.session.scalar(select(AccessCode.response_uuid)) == stored[0][0]
    page.goto(f"{base_url}/f/{SLUG}")  # the code kept for this link has answered
    assert "ລະຫັດເຂົ້າຮ່ວມນີ້ຖືກໃຊ້ຕອບແບບຟອມນີ້ແລ້ວ" in page.content()
