"""docs/rules.md is generated from the rules engine and must not drift from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from onroll.rules.catalogue import load_all, render_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_every_rule_has_a_source_example_and_statement() -> None:
    rules = load_all()
    assert len(rules) >= 60
    for rule in rules.values():
        assert rule.source, rule.id
        assert rule.example, rule.id
        assert len(rule.statement) > 20, rule.id


def test_the_catalogue_names_the_stable_rules() -> None:
    ids = set(load_all())
    for expected in ("R-CSA-1", "R-CSA-2", "R-UPN", "R-DEL-I", "R-DEL-O", "R-ATT-10", "R-PN"):
        assert expected in ids


def test_docs_rules_md_is_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text()
    assert committed == render_markdown(), "docs/rules.md is out of date: run `make docs`"


def test_the_script_renders_every_rule() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "onroll.rules.catalogue"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out == render_markdown()


def test_a_rule_id_cannot_be_registered_twice() -> None:
    import pytest

    from onroll.rules.catalogue import rule

    def first() -> None:
        """First."""

    def second() -> None:
        """Second."""

    rule(id="R-TEST-DUP", title="t", source="s", example="e")(first)
    try:
        with pytest.raises(ValueError, match="registered twice"):
            rule(id="R-TEST-DUP", title="t", source="s", example="e")(second)
    finally:
        from onroll.rules.catalogue import RULES

        RULES.pop("R-TEST-DUP", None)
