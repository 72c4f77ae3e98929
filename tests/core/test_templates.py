"""Templates must work under the Content-Security-Policy: no inline styles or scripts."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "onroll"


def test_no_inline_styles_or_scripts() -> None:
    templates = list(SRC.rglob("templates/**/*.html"))
    assert templates
    for path in templates:
        text = path.read_text()
        assert not re.search(r"\sstyle=\"", text), f"{path}: inline style (CSP blocks it)"
        assert not re.search(r"<style", text), f"{path}: <style> block (CSP blocks it)"
        for tag in re.findall(r"<script[^>]*>", text):
            assert "src=" in tag, f"{path}: inline script (CSP blocks it)"
        assert not re.search(r"\son[a-z]+=\"", text), f"{path}: inline event handler"
