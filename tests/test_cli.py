from __future__ import annotations

import subprocess
import sys

from onroll.cli import build_parser, main


def test_help_lists_the_commands(capsys) -> None:  # type: ignore[no-untyped-def]
    parser = build_parser()
    text = parser.format_help()
    assert "manage" in text


def test_no_command_prints_help(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([]) == 0
    assert "usage: onroll" in capsys.readouterr().out


def test_console_script_help_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "onroll.cli", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "usage: onroll" in result.stdout
