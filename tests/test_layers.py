"""The layers import only downwards, read from the source of every module.

forms/ knows forms; exports/ knows forms; neither knows the web stack, a database or
collect. Inside collect/, web uses services and store, services use store (and forms,
exports), store uses neither; a service never imports Flask (no request, no URL, no
file sent, no configuration read: it is given plain values).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: package -> the top-level or collect.* modules its code may not import.
FORBIDDEN = {
    "forms": ("flask", "flask_sqlalchemy", "sqlalchemy", "collect", "exports"),
    "exports": ("flask", "flask_sqlalchemy", "sqlalchemy", "collect"),
    "collect/store": ("flask", "collect.web", "collect.services"),
    # Services take and return plain values: the configuration comes in as arguments.
    "collect/services": ("flask", "collect.web", "werkzeug.datastructures"),
}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(absolute module, imported names) for every import in the file."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found.append((base, [alias.name for alias in node.names]))
    return found


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_layers_import_only_downwards(folder):
    wrong = []
    for path in _modules(folder):
        for module, _ in _imports(path):
            for banned in FORBIDDEN[folder]:
                if module == banned or module.startswith(banned + "."):
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_the_check_sees_a_wrong_import(tmp_path):
    """The parser of imports resolves relative imports, so a violation cannot hide."""
    sample = ROOT / "collect" / "store" / "responses.py"
    modules = {module for module, _ in _imports(sample)}
    assert "collect.extensions" in modules and "collect.store.models" in modules
