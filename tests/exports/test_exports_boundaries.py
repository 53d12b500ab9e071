"""exports/ stays free of the web stack, and its public API is importable from the package."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_exports_imports_neither_flask_nor_sqlalchemy_nor_collect():
    code = ("import sys, exports, exports.workbook, exports.report; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy', 'collect'}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_api():
    import exports

    for name in ("write_xlsx", "write_csv", "write_workbook", "export_workbook", "write_atomically",
                 "ExportOptions", "ResponseRecord", "EventInfo"):
        assert hasattr(exports, name)
