"""Shared test fixtures and the strict-skip rule.

With ``CNN_EXPLORER_STRICT=1`` (set by ``.ci/run``) a skipped test *fails*, and so
does a skip at collection (``pytest.importorskip`` or ``pytest.skip(...,
allow_module_level=True)`` in a module: a collection error), an xfail and an xpass:
CI provides every browser and dataset the tests need, so a skip there means a
missing install step, not an optional extra, and a test marked as expected to fail
hides a known bug. ``tests/test_strict_mode.py`` shows each case.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

STRICT = os.environ.get("CNN_EXPLORER_STRICT") == "1"

# The app's background warm-up (ui.server.start_warm_up) would import TensorFlow and
# modules while in-process tests measure imports and the heap; the servers the
# end-to-end tests start turn it on again (app_harness.driver).
os.environ.setdefault("CNN_EXPLORER_WARM_UP", "0")


def _skip_reason(report) -> str:
    """The reason of a skipped report (its longrepr is ``(path, line, reason)``)."""
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason.removeprefix("Skipped: ")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not STRICT:
        return
    if hasattr(report, "wasxfail"):  # xfailed (report.skipped) or xpassed (report.passed)
        kind = "xfailed" if report.skipped else "xpassed"
        report.longrepr = (
            f"{kind} under CNN_EXPLORER_STRICT=1 (fix the test or the code, no xfail): "
            f"{report.wasxfail or 'no reason given'}"
        )
        report.outcome = "failed"
        del report.wasxfail
    elif report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            f"skipped under CNN_EXPLORER_STRICT=1 (CI must provide this): {_skip_reason(report)}"
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    """Under strict mode a module skipped at collection is a collection error."""
    outcome = yield
    report = outcome.get_result()
    if STRICT and report.skipped:
        report.outcome = "failed"
        report.longrepr = (
            f"{collector.nodeid} skipped at collection under CNN_EXPLORER_STRICT=1 "
            f"(CI must provide this): {_skip_reason(report)}"
        )


@pytest.fixture(scope="session")
def keras():
    """The ``keras`` module (TensorFlow backend), imported only by the tests that ask.

    Keras is a runtime dependency: a missing Keras is a failed import, not a skip.
    """
    import keras

    return keras


@pytest.fixture
def runs_dir(tmp_path, monkeypatch) -> Path:
    """An empty run store, used by the app through ``CNN_EXPLORER_RUNS_DIR``."""
    path = tmp_path / "runs"
    path.mkdir()
    monkeypatch.setenv("CNN_EXPLORER_RUNS_DIR", str(path))
    return path
