"""The organiser's dashboard: publish an XLSForm, set up an event and link, close it."""
import io
import re

import pytest
from sqlalchemy import func, select

from collect.services.accounts import create_user
from collect.extensions import db
from collect.store.models import CollectionLink, Event, Form, Role

from workbooks import CHOICES, SURVEY, settings, xlsform


def sign_in(app, client, role: Role) -> str:
    with app.app_context():
        create_user(f"{role.value}@example.org", role, "long-password")
        db.session.commit()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"csrf": csrf, "email": f"{role.value}@example.org",
                                       "password": "long-password"}).status_code == 302
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/dashboard").get_data(as_text=True)).group(1)


def test_dashboard_shows_forms_links_and_counts_in_lao(app, client, demo):
    sign_in(app, client, Role.ANALYST)
    html = client.get("/dashboard?lang=lo").get_data(as_text=True)
    assert "ແບບສຳຫຼວດຄວາມເພິ່ງພໍໃຈຕໍ່ກອງປະຊຸມ" in html
    assert "/f/psi-aug-2019" in html and "<td>30</td>" in html
    assert "ປຶ້ມວຽກສຳລັບນັກວິເຄາະ (Excel)" in html
    assert "ເຜີຍແຜ່ແບບຟອມ" not in html  # analysts do not publish


def test_an_organiser_publishes_and_sees_problems_listed(app, client, demo):
    csrf = sign_in(app, client, Role.ORGANISER)
    good = client.post("/dashboard/forms", data={"csrf": csrf, "file": (io.BytesIO(xlsform(SURVEY, CHOICES, settings("1"))), "a.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "ແບບຟອມ attendance ສະບັບ 1 ໄດ້ເຜີຍແຜ່ແລ້ວ." in good.get_data(as_text=True)  # Lao by default
    broken = xlsform(SURVEY + [["teleport", "q3", "ຄຳຖາມ", "Question", ""]], CHOICES, settings("2"))
    page = client.post("/dashboard/forms?lang=en", data={"csrf": csrf, "file": (io.BytesIO(broken), "b.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "[survey, row 4" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Form.id))) == 2  # the demo survey and the new one


def test_an_organiser_sets_up_an_event_link_and_closes_it(app, client, demo):
    csrf = sign_in(app, client, Role.ORGANISER)
    with app.app_context():
        form_id = db.session.scalar(select(Form.id))
    page = client.post(f"/dashboard/forms/{form_id}/links", data={
        "csrf": csrf, "kind": "local_consultation", "title_lo": "ການປຶກສາຫາລືແຂວງສະຫວັນນະເຂດ",
        "title_en": "Savannakhet consultation", "province_code": "LA-SV", "district": "", "date": "2026-12-01",
    }, follow_redirects=True).get_data(as_text=True)
    slug = re.search(r"/f/([A-Za-z0-9_-]{12})", page).group(1)
    assert "ການປຶກສາຫາລືແຂວງສະຫວັນນະເຂດ" in page
    assert client.get(f"/f/{slug}").status_code == 200
    client.post(f"/dashboard/links/{slug}/toggle", data={"csrf": csrf})
    assert client.get(f"/f/{slug}").status_code == 410
    with app.app_context():
        event = db.session.scalar(select(Event).where(Event.title_en == "Savannakhet consultation"))
        assert event.province_code == "LA-SV" and event.district == ""


def test_forged_posts_change_nothing(app, client, demo):
    sign_in(app, client, Role.ORGANISER)
    assert client.post("/dashboard/links/psi-aug-2019/toggle", data={"csrf": "forged"}).status_code == 400
    with app.app_context():
        assert db.session.scalar(select(CollectionLink).where(CollectionLink.slug == "psi-aug-2019")).is_open


def test_missing_event_fields_are_named(app, client, demo):
    csrf = sign_in(app, client, Role.ORGANISER)
    page = client.post("/dashboard/forms/1/links?lang=en", data={"csrf": csrf, "kind": "meeting", "title_lo": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "The event needs: title_en, title_lo" in page
