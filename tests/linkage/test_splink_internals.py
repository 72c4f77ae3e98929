"""Only ``onroll.linkage.splink_internals`` reaches past Splink's public API (issue 11).

The check parses every module of ``onroll.linkage`` and looks for what reaching into Splink
looks like in source: an underscore attribute read or written on anything but ``self`` /
``cls`` (``linker._settings_obj``, ``level._u_probability``), the same through ``getattr`` /
``setattr`` / ``hasattr`` / ``delattr`` with a literal name, and any import of
``splink.internals``. The linkage package holds no private classes of its own that other
modules reach into, so any such touch outside the one module is a Splink internal or a design
slip; either way it belongs in the internals module, with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

LINKAGE = Path(__file__).resolve().parents[2] / "src" / "onroll" / "linkage"
INTERNALS = LINKAGE / "splink_internals.py"
REFLECTION = {"getattr", "setattr", "hasattr", "delattr"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _splink_internals(module: str) -> bool:
    return module == "splink.internals" or module.startswith(("splink.internals.", "splink._"))


def private_touches(source: str) -> list[str]:
    """``"line N: what"`` for each private Splink touch in ``source`` (see the module doc)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and _private(node.attr):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in {"self", "cls"}):
                found.append(f"line {line}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.args[1] if node.func.id in REFLECTION and len(node.args) >= 2 else None
            literal = name.value if isinstance(name, ast.Constant) else None
            if isinstance(literal, str) and _private(literal):
                found.append(f"line {line}: {node.func.id}(..., {literal!r})")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _splink_internals(alias.name):
                    found.append(f"line {line}: import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
            if node.module == "splink":
                modules += [f"splink.{alias.name}" for alias in node.names]
            for module in modules:
                if _splink_internals(module):
                    found.append(f"line {line}: from {module} import ...")
    return found


def test_no_module_but_the_internals_one_touches_splink_privates() -> None:
    modules = sorted(p for p in LINKAGE.rglob("*.py") if p != INTERNALS)
    names = {p.name for p in modules}
    # the modules that drive Splink are among those checked (a check of nothing passes)
    assert {"spec.py", "backends.py", "training.py", "scoring.py", "assign.py"} <= names
    touches = {p.name: private_touches(p.read_text()) for p in modules}
    assert {name: found for name, found in touches.items() if found} == {}


def test_every_touch_in_the_internals_module_is_explained_in_its_docstring() -> None:
    source = INTERNALS.read_text()
    found = private_touches(source)
    # the checker sees the real touches: without them the test above proves nothing
    attributes = {t.split(": .", 1)[1] for t in found if ": ." in t}
    assert attributes == {"_settings_obj", "_u_probability"}
    assert any("splink.internals" in t for t in found)
    doc = ast.get_docstring(ast.parse(source)) or ""
    for attribute in attributes:
        assert attribute in doc, f"splink_internals does not say why it uses {attribute}"
    assert "Splink 5.0.0" in doc


@pytest.mark.parametrize(
    "planted",
    [
        "prior = linker._settings_obj._probability_two_random_records_match",
        "level._u_probability = 0.1",
        "comparisons = getattr(linker, '_settings_obj').comparisons",
        "setattr(level, '_u_probability', None)",
        "from splink.internals.linker import Linker",
        "import splink.internals.comparison",
        "from splink import internals",
        "def f(x):\n    return x.inner._cache_uid\n",
    ],
)
def test_the_check_finds_a_planted_touch(planted: str) -> None:
    assert private_touches(f"import splink\n\n{planted}\n")


def test_the_check_lets_public_use_and_own_attributes_pass() -> None:
    source = (
        "from splink import Linker, block_on\n"
        "import splink.comparison_library as cl\n"
        "from splink.backends.spark import similarity_jar_location\n"
        "class A:\n"
        "    def f(self, level):\n"
        "        self._seen = level.u_probability\n"
        "        return type(level).__name__, getattr(level, 'label_for_charts')\n"
    )
    assert private_touches(source) == []
