"""The pure engines never import Django or the apps (architecture note, style note §1)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.core.test_layers import LAYERS

SRC = Path(__file__).resolve().parents[2] / "src" / "onroll"
ENGINES = ("rules", "analytics", "linkage", "ctf")
#: Every Django app (in their layers, tests/core/test_layers.py) and the project's own modules.
APPS = (*LAYERS, "api", "settings", "urls", "wsgi")
FORBIDDEN_ROOTS = {"django", "rest_framework", "ninja"}
#: What onroll.rules may import besides the standard library: nothing.
RULES_ALLOWED_THIRD_PARTY: set[str] = set()


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_imports_neither_django_nor_apps(engine: str) -> None:
    files = list((SRC / engine).rglob("*.py"))
    assert files, f"onroll.{engine} has no modules"
    for path in files:
        for name in _imports(path):
            root = name.split(".")[0]
            assert root not in FORBIDDEN_ROOTS, f"{path} imports {name}"
            if root == "onroll":
                part = name.split(".")[1] if "." in name else ""
                assert part not in APPS, f"{path} imports the app module {name}"


def test_rules_imports_only_the_standard_library() -> None:
    import sys

    stdlib = set(sys.stdlib_module_names)
    for path in (SRC / "rules").rglob("*.py"):
        for name in _imports(path):
            root = name.split(".")[0]
            if root in {"onroll", "__future__"}:
                assert name.startswith("onroll.rules") or root == "__future__", f"{path}: {name}"
                continue
            assert root in stdlib or root in RULES_ALLOWED_THIRD_PARTY, f"{path} imports {name}"


def test_the_checker_catches_a_django_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from django.db import models\nimport onroll.core.models\n")
    assert _imports(bad) == ["django.db", "onroll.core.models"]
