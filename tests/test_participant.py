"""The participant page: rendering, plain-POST submission, errors, retries, closed links."""
import re
import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from collect.extensions import db
from collect.store.models import CollectionLink, Response

from pages import LAO_COMMENT, SLUG, form_fields, stored, valid_post

def test_form_renders_in_lao_by_default_with_every_question(client, empty_demo):
    page = client.get(f"/f/{SLUG}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<html lang="lo">' in html
    assert "ໂດຍລວມ ທ່ານພໍໃຈກັບກອງປະຊຸມຄັ້ງນີ້ລະດັບໃດ?" in html
    assert 'inputmode="numeric"' in html
    assert html.count('type="radio" name="overall"') == 5
    assert 'name="viewport"' in html
    assert form_fields(html)["_version"] == "2019.1"
    uuid.UUID(form_fields(html)["_uuid"])


def test_language_switch_shows_english(client, empty_demo):
    html = client.get(f"/f/{SLUG}?lang=en").get_data(as_text=True)
    assert "Overall, how satisfied are you with this meeting?" in html
    assert '<html lang="en">' in html


def test_valid_post_is_stored_once_with_lao_intact(app, client, empty_demo):
    data = valid_post(client.get(f"/f/{SLUG}").get_data(as_text=True))
    first = client.post(f"/f/{SLUG}", data=data)
    assert first.status_code == 200
    assert "ພວກເຮົາໄດ້ຮັບຄຳຕອບຂອງທ່ານແລ້ວ" in first.get_data(as_text=True)
    again = client.post(f"/f/{SLUG}", data=data)
    assert again.status_code == 200
    assert "ຄຳຕອບເຫຼົ່ານີ້ໄດ້ຮັບແລ້ວ" in again.get_data(as_text=True)
    rows = stored(app)
    assert len(rows) == 1
    assert rows[0].uuid == data["_uuid"]
    assert rows[0].answers["comments"] == LAO_COMMENT
    assert rows[0].answers["participants_from_org"] == 3
    assert rows[0].answers["useful_parts"] == ["discussion", "documents"]
    with app.app_context():
        assert db.session.get(Response, rows[0].id).event.title_en == "PSI – SSWG (August)"


def test_missing_and_wrong_answers_are_shown_beside_the_question_and_nothing_is_stored(app, client, empty_demo):
    data = valid_post(client.get(f"/f/{SLUG}").get_data(as_text=True),
                      overall="", participants_from_org="ສາມ")
    page = client.post(f"/f/{SLUG}", data=data)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert '<p class="error" id="e-overall">ກະລຸນາເລືອກລະດັບຄວາມພໍໃຈ</p>' in html
    assert '<p class="error" id="e-participants_from_org">ກະລຸນາໃສ່ຕົວເລກຖ້ວນ (ບໍ່ມີຈຸດ)</p>' in html
    assert 'value="ສາມ"' in html  # what was typed is kept
    assert LAO_COMMENT in html
    assert 'value="discussion" checked' in html
    assert form_fields(html)["_uuid"] == data["_uuid"]  # a corrected post keeps its identity
    assert stored(app) == []


def test_errors_follow_the_page_language(client, empty_demo):
    data = valid_post(client.get(f"/f/{SLUG}?lang=en").get_data(as_text=True), content="")
    html = client.post(f"/f/{SLUG}", data=data).get_data(as_text=True)
    assert "This question requires an answer." in html


def test_unknown_link_is_a_bilingual_404(client, empty_demo):
    page = client.get("/f/no-such-link")
    assert page.status_code == 404
    html = page.get_data(as_text=True)
    assert "ບໍ່ມີລິ້ງແບບຟອມນີ້" in html and "This form link does not exist" in html


def test_closed_and_not_yet_open_links(app, client, empty_demo):
    with app.app_context():
        link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == SLUG))
        link.is_open = False
        db.session.commit()
    closed = client.get(f"/f/{SLUG}")
    assert closed.status_code == 410
    html = closed.get_data(as_text=True)
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith("ແບບຟອມນີ້ປິດແລ້ວ") and "ແບບສຳຫຼວດຄວາມເພິ່ງພໍໃຈຕໍ່ກອງປະຊຸມ" in title  # what happened, and to which form
    assert '<p class="form-name">' in html
    with app.app_context():
        link = db.session.scalar(select(CollectionLink).where(CollectionLink.slug == SLUG))
        link.is_open = True
        link.opens_at = datetime.utcnow() + timedelta(days=2)
        db.session.commit()
    page = client.get(f"/f/{SLUG}")
    assert page.status_code == 403
    assert "ຍັງບໍ່ເປີດ" in page.get_data(as_text=True)


def test_the_favicon_is_served(client):
    icon = client.get("/favicon.ico", follow_redirects=True)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data


@pytest.mark.parametrize("address", [f"/f/{SLUG}", f"/submit/{SLUG}"])
def test_json_submission_and_retry(app, client, empty_demo, address):
    """The form's own address takes JSON; so does /submit/, where form.js sends its queue."""
    payload = {"uuid": str(uuid.uuid4()), "version": "2019.1", "language": "lo",
               "answers": {"organisation_kind": "dp", "overall": "5", "content": "4",
                           "organisation": "4", "useful_parts": ["documents"],
                           "participants_from_org": 2, "comments": LAO_COMMENT}}
    first = client.post(address, json=payload)
    assert first.status_code == 201
    assert first.get_json() == {"uuid": payload["uuid"], "status": "received"}
    second = client.post(address, json=payload)
    assert second.status_code == 200
    assert second.get_json()["status"] == "already_received"
    assert len(stored(app)) == 1
    assert stored(app)[0].answers["comments"] == LAO_COMMENT


def test_queue_address_takes_only_json(app, client, empty_demo):
    data = valid_post(client.get(f"/f/{SLUG}").get_data(as_text=True))
    response = client.post(f"/submit/{SLUG}", data=data, headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_request"
    assert stored(app) == []
    missing = client.post("/submit/no-such-link", json={"uuid": str(uuid.uuid4()), "version": "1", "answers": {}})
    assert missing.status_code == 404


def test_json_errors_are_keyed_by_question(app, client, empty_demo):
    payload = {"uuid": str(uuid.uuid4()), "version": "2019.1", "language": "en",
               "answers": {"organisation_kind": "martians", "overall": "5"}}
    response = client.post(f"/f/{SLUG}", json=payload)
    assert response.status_code == 422
    errors = response.get_json()["error"]["details"]["errors"]
    assert errors["organisation_kind"] == "«martians» is not one of the choices."
    assert errors["content"] == "This question requires an answer."
    assert stored(app) == []


def test_unknown_version_is_refused(app, client, empty_demo):
    payload = {"uuid": str(uuid.uuid4()), "version": "1999.9", "answers": {}}
    response = client.post(f"/f/{SLUG}", json=payload)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "unknown_version"
    assert stored(app) == []


def test_malformed_json_is_a_clear_400(client, empty_demo):
    response = client.post(f"/f/{SLUG}", json={"uuid": "not-a-uuid", "answers": []})
    assert response.status_code == 400
    fields = response.get_json()["error"]["details"]["fields"]
    assert set(fields) == {"uuid", "version", "answers"}


def test_a_huge_body_is_refused(app, client, empty_demo):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post(f"/f/{SLUG}", json={"answers": {"comments": "ກ" * 2000}})
    assert response.status_code == 413
    assert stored(app) == []


def test_uuid_reuse_on_another_form_is_a_conflict(app, client, empty_demo):
    from collect.services.publishing import publish
    from forms.schema import load_definition
    from collect.services.links import create_link

    with app.app_context():
        version, _ = publish(load_definition({
            "form_id": "other", "title": {"en": "Other"}, "version": "1", "languages": ["en"],
            "default_language": "en", "questions": [{"name": "x", "type": "text"}]}))
        create_link(version.form, None, None, slug="other-form")
        db.session.commit()
    response_uuid = str(uuid.uuid4())
    assert client.post("/f/other-form", json={"uuid": response_uuid, "version": "1",
                                               "answers": {"x": "a"}}).status_code == 201
    clash = client.post(f"/f/{SLUG}", json={"uuid": response_uuid, "version": "2019.1", "answers": {
        "organisation_kind": "dp", "overall": "5", "content": "4", "organisation": "4"}})
    assert clash.status_code == 409
    assert clash.get_json()["error"]["code"] == "uuid_conflict"
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 1


def test_every_question_type_has_its_native_control(client, every_type):
    html = client.get("/f/every-type").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert '<fieldset class="group field-list" id="g-where"' in html  # field-list: a page of its own
    assert '<select id="i-district" name="district"' in html
    assert 'class="geopoint"' in html
    assert '<input type="date" id="i-visit_date"' in html
    assert '<input type="time" id="i-visit_time"' in html
    assert 'inputmode="decimal" id="i-budget"' in html
    assert 'min="0" max="10" step="1" id="i-score"' in html
    assert html.count('<select name="priorities"') == 3  # one select per rank position
    assert '<input type="file" accept="image/*" id="i-photo" name="photo"' in html
    assert '<input type="checkbox" id="i-agree" name="agree" value="OK"' in html
    assert 'name="people[1]/person"' in html and 'name="people[0]/person"' in html  # and its template
    assert '<input type="hidden" name="headcount"' in html
    assert 'name="_add" value="people"' in html


def test_without_javascript_a_repeat_grows_and_shrinks_through_the_server(client, every_type):
    data = form_fields(client.get("/f/every-type").get_data(as_text=True))
    data.update({"province": "LA-VT", "people[1]/person": "ນາງ ແກ້ວ", "people[1]/age": "41", "_add": "people"})
    page = client.post("/f/every-type", data=data)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="people[1]/person" aria-required="true" value="ນາງ ແກ້ວ"' in html
    assert 'name="people[2]/person" aria-required="true" value=""' in html
    del data["_add"]
    data.update({"people[2]/person": "ທ້າວ ບຸນ", "people[2]/age": "", "_remove": "people[1]"})
    html = client.post("/f/every-type", data=data).get_data(as_text=True)
    assert 'name="people[1]/person" aria-required="true" value="ທ້າວ ບຸນ"' in html
    assert "people[2]/person" not in html.split("<template>")[0].split('id="g-people"')[1]


def test_the_page_embeds_the_definition_with_parsed_expressions(client, empty_demo):
    import json

    html = client.get(f"/f/{SLUG}").get_data(as_text=True)
    embedded = json.loads(re.search(r'<script type="application/json" id="collect-form">(.*?)</script>', html).group(1))
    improve = next(q for q in embedded["form"]["questions"] if q["n"] == "improve")
    assert improve["rel"]["type"] == "op" and improve["rel"]["op"] == "or"
    assert embedded["ui"]["waiting"]["lo"] == "ລໍຖ້າສົ່ງ {n} ແບບຟອມ"
    assert embedded["submitUrl"] == f"/submit/{SLUG}"  # the queue's address, outside /f/
    assert "ໂດຍລວມ" in html.split('id="collect-form"')[1]  # Lao as UTF-8, not \\u escapes


def test_static_files_are_fingerprinted_cached_for_a_year_and_gzipped(client, empty_demo):
    import gzip

    page = client.get(f"/f/{SLUG}", headers={"Accept-Encoding": "gzip, deflate"})
    assert page.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(page.get_data()).decode()
    script = re.search(r'src="(/static/js/form\.js\?v=[0-9a-f]{12})"', html).group(1)
    asset = client.get(script, headers={"Accept-Encoding": "gzip"})
    assert asset.status_code == 200
    assert asset.headers["Content-Encoding"] == "gzip"
    assert "immutable" in asset.headers["Cache-Control"] and "max-age=31536000" in asset.headers["Cache-Control"]
    assert b"CollectExpr" in gzip.decompress(asset.get_data())
    stale = client.get("/static/js/form.js?v=000000000000")
    assert "immutable" not in stale.headers.get("Cache-Control", "")
    assert "Content-Encoding" not in stale.headers  # no gzip unless asked for


def test_the_service_worker_is_served_with_a_scope_covering_forms(client):
    worker = client.get("/f/sw.js")
    assert worker.status_code == 200
    assert worker.mimetype == "text/javascript"
    assert "no-cache" in worker.headers["Cache-Control"]
    assert b"caches" in worker.get_data()


def test_the_whole_page_stays_under_60_kb_compressed(client, empty_demo):
    import gzip

    def wire(url: str) -> tuple[int, bytes]:
        answer = client.get(url, headers={"Accept-Encoding": "gzip"})
        body = answer.get_data()
        return len(body), gzip.decompress(body) if answer.content_encoding == "gzip" else body

    size, html = wire(f"/f/{SLUG}")
    fetched = re.sub(rb"<noscript>.*?</noscript>", b"", html, flags=re.S)  # not with JavaScript on
    assets = re.findall(rb'(?:src|href)="(/static/[^"]+)"', fetched)
    assert len(assets) == 4  # the icon, one stylesheet, the evaluator, the page script
    assert size + sum(wire(url.decode())[0] for url in assets) < 60 * 1024


def test_an_error_about_a_whole_repeat_is_shown_beside_it(app, client):
    from collect.services.publishing import publish
    from collect.services.links import create_link
    from forms.schema import load_definition

    with app.app_context():
        version, _ = publish(load_definition({
            "form_id": "counted", "title": {"en": "Counted"}, "version": "1", "languages": ["en"],
            "default_language": "en", "questions": [
                {"name": "n", "type": "integer", "label": {"en": "How many?"}},
                {"name": "kids", "type": "repeat", "repeat_count": "${n}", "label": {"en": "Children"},
                 "children": [{"name": "kid", "type": "text", "label": {"en": "Name"}}]}]}))
        create_link(version.form, None, None, slug="counted")
        db.session.commit()
    data = form_fields(client.get("/f/counted").get_data(as_text=True))
    data.update({"n": "2", "kids[1]/kid": "Noy"})
    page = client.post("/f/counted", data=data)
    assert page.status_code == 422
    assert re.search(r'<fieldset class="repeat invalid" id="g-kids".*?<p class="error" id="e-kids">',
                     page.get_data(as_text=True), re.S)


def test_without_a_choice_filter_every_choice_of_a_list_is_offered(client, empty_demo):
    html = client.get("/f/sdg-ho-2019").get_data(as_text=True)
    select = re.search(r'<select id="i-province".*?</select>', html, re.S).group(0)
    assert select.count("<option") == 19 and " hidden" not in select  # 18 provinces and the blank


def test_a_queued_form_is_judged_on_the_day_the_phone_filled_it(app, client):
    """Filled offline two days ago, sent now: a constraint on today() held when the answer
    was given, so the submission is stored; the same answer sent as filled now is refused."""
    from collect.services.links import create_link
    from collect.services.publishing import publish
    from forms.schema import load_definition

    with app.app_context():
        version, _ = publish(load_definition({
            "form_id": "planned", "title": {"lo": "ການວາງແຜນ", "en": "Planning"}, "version": "1",
            "languages": ["lo", "en"], "default_language": "lo",
            "questions": [{"name": "meeting", "type": "date", "constraint": ". >= today()",
                           "label": {"lo": "ວັນປະຊຸມ", "en": "Meeting day"}}]}))
        create_link(version.form, None, None, slug="planned")
        db.session.commit()
    filled = datetime.utcnow() - timedelta(days=2)

    def send(**times):
        return client.post("/submit/planned", json={"uuid": str(uuid.uuid4()), "version": "1", "language": "en",
                                                   "answers": {"meeting": filled.date().isoformat()}, **times})

    assert send(submitted_at=filled.isoformat(timespec="seconds")).status_code == 201
    refused = send()
    assert refused.status_code == 422
    assert refused.get_json()["error"]["details"]["errors"] == {"meeting": "This answer is not valid."}
