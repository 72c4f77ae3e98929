"""Browser tests: Playwright driving Debian's Chromium against a real Onroll server.

The server is a separate process on a fresh SQLite file loaded with the demo data (the same
steps as `make run`), so the tests sign in with the demo logins a person would use. Where
Chromium or Playwright is missing the tests skip with the reason, except when CI=true, where
a missing browser fails the run.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ONROLL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = _missing_browser()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI but {reason}")
        pytest.skip(f"browser test skipped: {reason}")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def demo_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running Onroll on a fresh demo database; yields its base URL."""
    work = tmp_path_factory.mktemp("server")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "onroll.settings.base",
        "ONROLL_DATABASE_URL": f"sqlite:///{work / 'demo.sqlite3'}",
        "ONROLL_VAR_DIR": str(work),
        "ONROLL_DEBUG": "true",
    }
    # The server runs on the suite's clock (frozen at tests.clock.NOW), not the machine's.
    manage = [sys.executable, str(Path(__file__).with_name("frozen_manage.py"))]

    def on_our_clock() -> dict[str, str]:
        return {**env, "ONROLL_TEST_NOW": datetime.now(UTC).isoformat()}

    for step in (["migrate", "--noinput"], ["load_demo"]):
        subprocess.run(
            [*manage, *step], env=on_our_clock(), check=True, capture_output=True, cwd=ROOT
        )
    port = _free_port()
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=on_our_clock(),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start: {(work / 'server.log').read_text()}")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, demo_server: str) -> Iterator[object]:
    context = browser.new_context(base_url=demo_server)  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()
