"""The apps keep one direction, and views only translate HTTP (issue 11; docs/architecture.md).

- Apps are layered: an app may import apps below it in ``LAYERS``, never one above it (imports
  under ``if TYPE_CHECKING:`` are for the type checker only and do not count).
- No app imports another app's views.
- No module that serves a URL touches the ORM: no ``.objects``, no queryset building. Pages get
  what they show from selectors and change things through services.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SRC = Path(__file__).resolve().parents[2] / "src" / "onroll"

#: Lowest first. ``core`` knows no other app; the LA side (``cases``) reads the school side's
#: registers, and the school side tells the LA through ``onroll.core.la_inbox`` only.
LAYERS = (
    "core",
    "accounts",
    "schools",
    "people",
    "registers",
    "attendance",
    "cases",
    "identification",
    "demo",
)
QUERYSET_METHODS = frozenset(
    {
        "filter",
        "exclude",
        "annotate",
        "aggregate",
        "select_related",
        "prefetch_related",
        "order_by",
        "values_list",
        "select_for_update",
        "bulk_create",
        "update_or_create",
        "get_or_create",
    }
)


def _runtime_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) for every import not under ``if TYPE_CHECKING:``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                skipped.update(id(n) for n in ast.walk(inner))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _app_modules(app: str) -> list[Path]:
    return [p for p in (SRC / app).rglob("*.py") if "migrations" not in p.parts]


def _where(path: Path) -> str:
    return str(path.relative_to(SRC)) if path.is_relative_to(SRC) else path.name


def _violations_of_layers(app: str, files: list[Path]) -> list[str]:
    mine = LAYERS.index(app)
    bad: list[str] = []
    for path in files:
        for line, name in _runtime_imports(ast.parse(path.read_text())):
            parts = name.split(".")
            if parts[0] != "onroll" or len(parts) < 2 or parts[1] not in LAYERS:
                continue
            other = parts[1]
            if LAYERS.index(other) > mine:
                bad.append(f"{_where(path)}:{line} imports {name} (above {app})")
            if other != app and len(parts) > 2 and parts[2].startswith(("views", "school_views")):
                bad.append(f"{_where(path)}:{line} imports another app's views {name}")
    return bad


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_apps_below_it(app: str) -> None:
    assert _violations_of_layers(app, _app_modules(app)) == []


def _view_modules() -> set[str]:
    """Every module that defines a function a URL of the service routes to."""
    modules: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            else:
                modules.add(pattern.callback.__module__)

    walk(get_resolver().url_patterns)
    return {m for m in modules if m.startswith("onroll.")}


def _orm_uses(path: Path) -> list[str]:
    bad: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and (
            node.attr == "objects" or node.attr in QUERYSET_METHODS
        ):
            bad.append(f"{_where(path)}:{node.lineno} .{node.attr}")
    return bad


def test_no_view_module_touches_the_orm() -> None:
    modules = _view_modules()
    assert "onroll.core.views" in modules  # the walk found the service's views
    bad = [
        use
        for module in sorted(modules)
        for use in _orm_uses(SRC.parent / (module.replace(".", "/") + ".py"))
    ]
    assert bad == []


def test_the_checks_catch_what_they_look_for(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from onroll.cases.models import Case\n"
        "from onroll.cases.services import case_open\n"
        "from onroll.people.views import child_record\n"
        "def page(request):\n    return Child.objects.filter(pk=1)\n"
    )
    assert _violations_of_layers("registers", [bad]) == [
        "bad.py:4 imports onroll.cases.services (above registers)",
        "bad.py:4 imports onroll.cases.services.case_open (above registers)",
        "bad.py:5 imports another app's views onroll.people.views",
        "bad.py:5 imports another app's views onroll.people.views.child_record",
    ]
    assert sorted(_orm_uses(bad)) == ["bad.py:7 .filter", "bad.py:7 .objects"]
