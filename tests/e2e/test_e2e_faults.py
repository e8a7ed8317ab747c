"""The app server killed in the middle of a training run started from the browser."""

from __future__ import annotations

import signal
import time

import pytest
from tiny_runs import require_fashion_mnist

from app_harness.driver import running_server, start_server
from app_harness.scenarios import start_small_training
from cnn_core.runs import RunStore
from ui.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.dataset]


def test_server_killed_mid_training_then_restarted_lists_the_run_as_interrupted(open_tab, tmp_path):
    require_fashion_mnist()
    runs = tmp_path / "runs"
    runs.mkdir()
    server = start_server(runs, tmp_path / "first.log")
    try:
        tab = open_tab(locale="en-US", server=server)
        tab.goto("training")
        start_small_training(tab, "en")
        (during,) = RunStore(runs).list()
        assert during.status == "running"
    finally:
        server.kill(signal.SIGKILL)  # the whole process group, no chance to clean up
    tab.page.context.close()
    tab.closed = True  # its console now holds the lost connection: not this test's subject

    # The run's worker is a process of its own: it sees the server gone, ends its run
    # within one batch and marks it interrupted (never "running" forever).
    deadline = time.monotonic() + 90
    while (after := RunStore(runs).list()[0]).status == "running" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert after.run_id == during.run_id
    assert after.status == "interrupted"
    assert len(after.history.get("loss", [])) >= 1  # the epochs that ended are kept

    with running_server(runs, tmp_path / "second.log") as restarted:
        tab = open_tab(locale="en-US", server=restarted)
        tab.goto("training")
        tab.expect_text(t("train.runs.broken_help", "en"))
        tab.screenshot("training_after_kill_en")
        tab.close()
    assert [record.status for record in RunStore(runs).list()] == ["interrupted"]
