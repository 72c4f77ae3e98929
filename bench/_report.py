"""Write one benchmark's section of docs/performance.md, with the machine described.

Each benchmark owns a section between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``;
re-running it replaces only that section, so benchmarks can run separately.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
HEADER = (
    "# Performance\n\n"
    "Measured by `make bench` (benchmarks are not tests: nothing here is asserted in CI).\n"
    "Each section says when and on what machine it was measured, and puts the issue's "
    "baseline beside the engine in the same run.\n"
)


def machine() -> str:
    """One line describing this machine: CPU model, cores, memory, Python."""
    cpu = platform.processor() or platform.machine()
    try:
        info = Path("/proc/cpuinfo").read_text()
        m = re.search(r"model name\s*:\s*(.+)", info)
        if m:
            cpu = m.group(1).strip()
    except OSError:
        pass
    mem = ""
    try:
        m = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        if m:
            mem = f", {int(m.group(1)) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    try:
        load = f", load average {os.getloadavg()[0]:.1f}"
    except OSError:
        load = ""
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}{load}; Python {platform.python_version()} "
        f"on {platform.system()} {platform.release()}"
    )


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_section(name: str, title: str, body: str) -> None:
    """Replace (or append) the section ``name`` of docs/performance.md."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- {name}:start -->\n## {title}\n\n"
        f"Measured {stamp} at commit `{git_commit()}` on: {machine()}.\n\n"
        f"{body.strip()}\n<!-- {name}:end -->"
    )
    text = DOC.read_text() if DOC.exists() else HEADER
    pattern = re.compile(
        rf"<!-- {re.escape(name)}:start -->.*?<!-- {re.escape(name)}:end -->", re.S
    )
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else f"{text}\n{section}\n"
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(text)
