"""``forms.browser``: the compact form the participant page embeds for form.js."""
import json

from forms.browser import browser_definition
from forms.schema import load_definition

from every_type import DEFINITION


def definition(**changes):
    data = json.loads(json.dumps(DEFINITION))
    data["questions"][0]["children"][0].update(changes)
    return browser_definition(load_definition(data))


def test_expressions_arrive_parsed_and_empty_keys_are_left_out():
    form = browser_definition(load_definition(DEFINITION))
    where = form["questions"][0]
    assert (where["n"], where["t"], where["ap"]) == ("where", "group", "field-list")
    province, district, _ = where["ch"]
    assert province == {"n": "province", "t": "select_one", "l": {"lo": "ແຂວງ", "en": "Province"},
                        "req": True, "list": "province"}
    # In a choice filter a bare name reads the choice's own column.
    assert district["cf"]["args"][0] == {"type": "field", "name": "province"}
    assert district["cf"]["args"][1] == {"type": "ref", "name": "province"}
    headcount = next(q for q in form["questions"] if q["n"] == "headcount")
    assert headcount["calc"] == {"type": "call", "name": "count", "args": [{"type": "ref", "name": "person"}]}
    assert form["choices"]["district"][0]["x"] == {"province": "LA-VT"}
    assert form["messages"]["required"]["lo"] == "ກະລຸນາຕອບຄຳຖາມນີ້"


def test_required_may_be_an_expression():
    assert definition(required="${agree} = 'OK'")["questions"][0]["ch"][0]["req"]["type"] == "op"


def test_it_is_plain_json():
    form = browser_definition(load_definition(DEFINITION))
    assert json.loads(json.dumps(form)) == form
