"""Watch a model learn, in a real Chromium: scrub a run's epochs in the explorer (the
filters of epoch 0, then epoch 1), and find the run on the class board under a hostile
name that is shown as text and never runs."""

from __future__ import annotations

import shutil

import pytest
from learn_runs import train_runs

from cnn_core import board
from cnn_core.catalog import list_models
from ui.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.dataset]

HOSTILE = '<img src=x onerror="window.__pwned=1">민지🚀'


def test_scrub_a_runs_epochs_and_find_it_on_the_board(open_tab, app_server, tmp_path):
    run_id = train_runs(tmp_path / "runs", epochs=(2,))[0]
    board.set_name(tmp_path / "runs" / run_id, HOSTILE + "\u202e")
    shutil.copytree(tmp_path / "runs" / run_id, app_server.runs_dir / run_id)
    entry = next(e for e in list_models(runs=app_server.runs_dir) if e.key == f"run:{run_id}")
    tab = open_tab()
    tab.goto("explorer")
    tab.select(t("common.model", "en"), entry.title("en"))
    tab.page.get_by_text(t("explorer.view.filters", "en"), exact=True).first.click()
    tab.wait_rendered()
    tab.expect_text(t("explorer.epoch", "en"))
    thumb = tab.page.get_by_role("slider").first  # the page's one slider: the epochs
    thumb.wait_for()
    thumb.focus()
    tab.page.keyboard.press("Home")  # epoch 0: the initial weights
    tab.expect_text(t("explorer.epoch_caption", "en", epoch=0, last=2))
    tab.screenshot("explorer_epoch_0")
    tab.page.keyboard.press("ArrowRight")
    tab.expect_text(t("explorer.epoch_caption", "en", epoch=1, last=2))
    tab.screenshot("explorer_epoch_1")
    tab.assert_clean()

    tab.goto("training")
    tab.expect_text(t("train.board", "en"))
    table = tab.page.locator('[data-testid="stTable"]').first
    table.wait_for()
    table.scroll_into_view_if_needed()
    shown = board.clean_name(HOSTILE)  # cut to 40 characters: the rocket goes
    assert shown.startswith("<img src=x") and shown in table.inner_text(), table.inner_text()
    assert tab.page.evaluate("window.__pwned === undefined")  # shown as text, never run
    assert tab.page.locator('[data-testid="stTable"] img').count() == 0
    tab.screenshot("training_board")
    tab.assert_clean()
