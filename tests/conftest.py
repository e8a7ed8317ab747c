"""Shared test fixtures and the strict-skip rule.

With ``CNN_EXPLORER_STRICT=1`` (set by ``.ci/run``) a skipped test *fails*:
CI provides every browser and dataset the tests need, so a skip there means a
missing install step, not an optional extra.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

STRICT = os.environ.get("CNN_EXPLORER_STRICT") == "1"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"skipped under CNN_EXPLORER_STRICT=1 (CI must provide this): {reason}"


@pytest.fixture
def runs_dir(tmp_path, monkeypatch) -> Path:
    """An empty run store, used by the app through ``CNN_EXPLORER_RUNS_DIR``."""
    path = tmp_path / "runs"
    path.mkdir()
    monkeypatch.setenv("CNN_EXPLORER_RUNS_DIR", str(path))
    return path
