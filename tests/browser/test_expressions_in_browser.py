"""Every shared expression vector, evaluated in chromium by the page's own ``CollectExpr``.

The trees come from the Python parser, as the page gets them; the results are written the
way ``forms/expression_vectors.json`` writes them (dates as text, NaN spelt out).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from forms.expressions import parse

VECTORS = json.loads((Path(__file__).resolve().parents[2] / "forms" / "expression_vectors.json")
                     .read_text(encoding="utf-8"))

RUN = """([cases, defaultNow]) => cases.map(c => {
  const E = window.CollectExpr, labels = c.labels || {};
  const ctx = {answers: c.answers || {}, current: c.current, repeat: c.repeat || [],
    now: c.now || defaultNow, choice: c.choice,
    choiceLabel: (q, choice) => (labels[q] || {})[choice] || ''};
  const plain = v => typeof v === 'number' ? (Number.isFinite(v) ? v : {number: String(v)})
    : v instanceof E.Nodes ? {nodes: v.n.map(x => typeof x === 'object' ? x : plain(x))}
    : v !== null && typeof v === 'object' ? E.toString(v) : v;
  try { return {value: plain(E.evaluate(c.tree, ctx))}; }
  catch (e) { return {error: e.name}; }
})"""


def test_every_vector_gives_the_same_answer_in_the_page(page, base_url):
    vectors = VECTORS["vectors"]
    assert len(vectors) > 100
    page.goto(f"{base_url}/f/psi-aug-2019")
    cases = [dict(vector, tree=parse(vector["expr"], choice_filter=vector.get("choice_filter", False)))
             for vector in vectors]
    results = page.evaluate(RUN, [cases, VECTORS["default_now"]])
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
    assert len(vectors) >= 100
