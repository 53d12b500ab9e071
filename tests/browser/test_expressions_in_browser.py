"""The expression language in chromium: every shared vector through the page's own
``CollectExpr`` (with ``expr-more.js``), and a published form whose calculations read the
rarer functions and the form's own choice lists, computed live on the phone and stored as
the server computes them.

The trees come from the Python parser, as the page gets them; the results are written the
way ``forms/expression_vectors.json`` writes them (dates as text, NaN spelt out).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from forms.expressions import parse

VECTORS = json.loads((Path(__file__).resolve().parents[2] / "forms" / "expression_vectors.json")
                     .read_text(encoding="utf-8"))
SLUG = "bmi-district"
DEFINITION = {
    "form_id": "bmi_district", "version": "1", "languages": ["lo", "en"], "default_language": "lo",
    "title": {"lo": "ນ້ຳໜັກ ແລະ ເມືອງ", "en": "Weight and district"},
    "questions": [
        {"name": "weight", "type": "decimal", "label": {"lo": "ນ້ຳໜັກ (kg)", "en": "Weight (kg)"}},
        {"name": "height", "type": "decimal", "label": {"lo": "ລວງສູງ (m)", "en": "Height (m)"}},
        {"name": "bmi", "type": "calculate", "calculation": "${weight} div pow(${height}, 2)"},
        {"name": "bmi_rounded", "type": "calculate", "calculation": "round(${weight} div pow(${height}, 2), 1)"},
        {"name": "cube_root", "type": "calculate", "calculation": "pow(${weight}, 1 div 3)"},
        {"name": "district", "type": "select_one", "choice_list": "district", "label": {"lo": "ເມືອງ", "en": "District"}},
        {"name": "district_label", "type": "calculate",
         "calculation": "instance('district')/root/item[name = ${district}]/label"},
        {"name": "province", "type": "calculate", "calculation": "pulldata('district', 'province', 'name', ${district})"},
        {"name": "fingerprint", "type": "calculate", "calculation": "digest(concat(${district}, ${weight}), 'SHA-256', 'hex')"},
    ],
    "choices": {
        "district": [{"name": "chanthabuly", "label": {"lo": "ຈັນທະບູລີ", "en": "Chanthabuly"}, "extra": {"province": "LA-VT"}},
                     {"name": "xay", "label": {"lo": "ໄຊ", "en": "Xay"}, "extra": {"province": "LA-OU"}}],
    },
}

RUN = """([cases, defaultNow, defaultInstances]) => cases.map(c => {
  const E = window.CollectExpr, labels = c.labels || {};
  const ctx = {answers: c.answers || {}, current: c.current, repeat: c.repeat || [],
    now: c.now || defaultNow, choice: c.choice, instances: c.instances || defaultInstances,
    choiceLabel: (q, choice) => (labels[q] || {})[choice] || ''};
  const plain = v => typeof v === 'number' ? (Number.isFinite(v) ? v : {number: String(v)})
    : v instanceof E.Nodes ? {nodes: v.n.map(x => typeof x === 'object' ? x : plain(x))}
    : v !== null && typeof v === 'object' ? E.toString(v) : v;
  try { return {value: plain(E.evaluate(c.tree, ctx))}; }
  catch (e) { return {error: e.name}; }
})"""


@pytest.fixture(scope="module")
def published(live_app):
    from collect.extensions import db
    from collect.services.links import create_link
    from collect.services.publishing import publish
    from forms.schema import load_definition

    with live_app.app_context():
        version, _ = publish(load_definition(DEFINITION))
        create_link(version.form, None, None, slug=SLUG)
        db.session.commit()
    return SLUG


def test_every_vector_gives_the_same_answer_in_the_page(page, base_url, arrived):
    vectors = VECTORS["vectors"]
    page.goto(f"{base_url}/f/psi-aug-2019")
    assert not any("expr-more.js" in path for _, path in arrived), "a form without the rarer functions goes without"
    page.add_script_tag(url=f"{base_url}/static/js/expr-more.js")
    cases = [dict(vector, tree=parse(vector["expr"], choice_filter=vector.get("choice_filter", False)))
             for vector in vectors]
    results = page.evaluate(RUN, [cases, VECTORS["default_now"], VECTORS["default_instances"]])
    wrong = []
    for vector, result in zip(vectors, results):
        if vector.get("error"):
            ok = result.get("error") == "ExpressionError"
        else:
            value, expected = result.get("value"), vector["expected"]
            ok = value == expected and isinstance(value, bool) == isinstance(expected, bool)
        if not ok:
            wrong.append((vector["expr"], vector.get("expected"), result))
    assert not wrong, wrong
    assert len(vectors) >= 600


def test_the_phone_computes_what_the_server_stores(page, base_url, published, arrived, rows):
    page.goto(f"{base_url}/f/{published}")
    assert any(path.startswith("/static/js/expr-more.js") for _, path in arrived)
    page.get_by_label("ນ້ຳໜັກ (kg)").fill("70")
    page.get_by_label("ລວງສູງ (m)").fill("1.65")
    page.get_by_label("ໄຊ").check()
    hidden = page.locator("input[name=district_label]")
    expect(hidden).to_have_value("ໄຊ")  # the choice list as an instance, in the page's language
    shown = {name: page.locator(f"input[name={name}]").input_value()
             for name in ("bmi", "bmi_rounded", "cube_root", "district_label", "province", "fingerprint")}
    assert shown["bmi_rounded"] == "25.7" and shown["province"] == "LA-OU"
    assert len(shown["fingerprint"]) == 64
    page.get_by_role("button", name="ສົ່ງ").click()
    page.get_by_text("ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!").wait_for()
    (_, _, answers), = rows()
    assert {name: answers[name] for name in shown} == shown, "the server recomputed the very same digits"
