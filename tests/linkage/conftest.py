"""Fixtures for the record linkage engine (pure: no database)."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _spark_missing() -> str | None:
    if importlib.util.find_spec("pyspark") is None:
        return "pyspark is not installed (pip install 'onroll[spark]')"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin", "java").exists()):
        return "Java is not installed (Debian: apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="session")
def spark_available() -> None:
    """Skip a Spark test when pyspark or Java is missing; under CI=true, fail it instead."""
    missing = _spark_missing()
    if missing is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Spark test cannot run in CI: {missing}")
    pytest.skip(f"Spark test skipped: {missing}")


@pytest.fixture(scope="session")
def fake_1000() -> Path:
    path = SHARED_DATA / "fake_1000.csv"
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} is missing")
    return path
