"""Every shared expression vector through the browser's evaluator, ``expr.js``, under Node.

The trees come from the Python parser, as they do in production: the browser never parses.
One Node process runs all the vectors; each vector is then its own test case here.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from test_expressions import SUITE, VECTORS, same, tree_of, vector_id

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "js" / "run_vectors.js"
EXPR_JS = ROOT / "collect" / "static" / "js" / "expr.js"
NODE = shutil.which("node") or "/usr/bin/node"

pytestmark = pytest.mark.skipif(not Path(NODE).exists(), reason="Node.js is not installed")


@pytest.fixture(scope="module")
def js_results() -> list[dict]:
    cases = [
        {
            "tree": tree_of(vector),
            "answers": vector.get("answers", {}),
            "current": vector.get("current"),
            "repeat": vector.get("repeat", []),
            "now": vector.get("now", SUITE["default_now"]),
            "labels": vector.get("labels", {}),
            "choice": vector.get("choice"),
        }
        for vector in VECTORS
    ]
    done = subprocess.run(
        [NODE, str(RUNNER)], input=json.dumps(cases), capture_output=True, text=True,
        encoding="utf-8", timeout=60, check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=[vector_id(v) for v in VECTORS])
def test_vector_in_javascript(js_results, index):
    vector, outcome = VECTORS[index], js_results[index]
    if vector.get("error"):
        assert outcome.get("error", "").startswith("ExpressionError"), outcome
    else:
        assert "value" in outcome, outcome
        assert same(outcome["value"], vector["expected"]), outcome["value"]


def test_expr_js_stays_small_for_slow_networks():
    assert EXPR_JS.stat().st_size < 12_000
