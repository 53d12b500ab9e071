"""Instance XML (what ODK Collect sends) read as the answers a web page sends, one small
form and one document each."""
from __future__ import annotations

import pytest

from forms.instances import InstanceError, answers_of, read_instance
from forms.schema import load_definition

FORM = load_definition({
    "form_id": "visit", "version": "2", "languages": ["lo"], "default_language": "lo", "title": {"lo": "ຢ້ຽມຢາມ"},
    "questions": [
        {"name": "where", "type": "group", "label": {"lo": "ບ່ອນ"}, "children": [
            {"name": "village", "type": "text", "label": {"lo": "ບ້ານ"}},
            {"name": "location", "type": "geopoint", "label": {"lo": "ທີ່ຕັ້ງ"}}]},
        {"name": "when", "type": "time", "label": {"lo": "ເວລາ"}},
        {"name": "at", "type": "datetime", "label": {"lo": "ວັນເວລາ"}},
        {"name": "topics", "type": "select_multiple", "choice_list": "t", "label": {"lo": "ຫົວຂໍ້"}},
        {"name": "photo", "type": "image", "label": {"lo": "ຮູບ"}},
        {"name": "people", "type": "repeat", "label": {"lo": "ຄົນ"}, "children": [
            {"name": "name", "type": "text", "label": {"lo": "ຊື່"}},
            {"name": "face", "type": "image", "label": {"lo": "ໜ້າ"}}]},
        {"name": "note", "type": "note", "label": {"lo": "ຈົບ"}}],
    "choices": {"t": [{"name": "roads", "label": {"lo": "ທາງ"}}, {"name": "water", "label": {"lo": "ນ້ຳ"}}]},
})


def read(body: str, meta: str = "<meta><instanceID>uuid:5f0c9c0e-6f7e-4c1e-9d43-1f2a3b4c5d6e</instanceID></meta>"):
    instance = read_instance(f'<data id="visit" version="2">{body}{meta}</data>'.encode())
    return instance, answers_of(FORM, instance)


@pytest.mark.parametrize("body, answers, files", [
    ("<where><village>ບ້ານ ນາ</village><location>17.96 102.61 0 5</location></where>",
     {"village": "ບ້ານ ນາ", "location": "17.96 102.61 0 5"}, {}),  # groups are transparent
    ("<when>09:30:00.000+07:00</when><at>2024-05-14T09:30:00.000+07:00</at>",
     {"when": "09:30:00", "at": "2024-05-14T09:30:00"}, {}),  # the wall clock, as the page keeps it
    ("<topics>water roads</topics>", {"topics": ["water", "roads"]}, {}),
    ("<photo>1700.jpg</photo><people><name>ນາງ ແກ້ວ</name><face>a.jpg</face></people><people><name>ບຸນ</name></people>",
     {"photo": "1700.jpg", "people": [{"name": "ນາງ ແກ້ວ", "face": "a.jpg"}, {"name": "ບຸນ"}]},
     {"photo": "1700.jpg", "people[1]/face": "a.jpg"}),
    ("<where><village/></where><note/><unknown>x</unknown><topics>  </topics>", {}, {}),  # empty is unanswered
])
def test_instance_elements_become_the_web_s_answers(body, answers, files):
    _, read_answers = read(body)
    assert read_answers.answers == answers and read_answers.files == files


def test_the_identity_comes_from_meta_with_or_without_a_namespace():
    instance, _ = read("", '<orx:meta xmlns:orx="http://openrosa.org/xforms"><orx:instanceID>uuid:a</orx:instanceID>'
                           "<orx:deprecatedID>uuid:b</orx:deprecatedID></orx:meta>")
    assert (instance.form_id, instance.version, instance.instance_id, instance.deprecated_id) == ("visit", "2", "a", "b")
    assert read("", "")[0].instance_id == "" and read("", "<meta><instanceID/></meta>")[0].instance_id == ""


@pytest.mark.parametrize("document", [b"not xml", b"<data><open></data>",
                                      b'<!DOCTYPE d [<!ENTITY a "aaaa">]><data id="visit">&a;</data>'])
def test_what_is_not_an_instance_is_refused(document):
    with pytest.raises(InstanceError):
        read_instance(document)
