"""What :mod:`ui.models` shares between pages: how models and runs are named, in the viewer's
time zone and with their board names."""

from __future__ import annotations

import pytest

from ui import models


def test_a_runs_title_ends_with_its_start_in_the_viewers_time_zone(monkeypatch, tmp_path):
    from datetime import timedelta, timezone

    from cnn_core.catalog import ModelEntry

    run = "20261201-033746-fashion_mnist-custom-ab12"
    card = {"title": {"en": "Fashion-MNIST (91.2%)"}}
    entry = ModelEntry(f"run:{run}", "run", tmp_path / run / "model.keras", card, 0)
    monkeypatch.setattr(models, "lang", lambda: "en")
    monkeypatch.setattr(models, "viewer_zone", lambda: timezone(timedelta(hours=9)))
    assert models.entry_title(entry) == "Fashion-MNIST (91.2%) · 2026-12-01 12:37:46"
    monkeypatch.setattr(models, "viewer_zone", lambda: None)  # the browser did not say
    assert models.entry_title(entry) == "Fashion-MNIST (91.2%) · 2026-12-01 03:37:46 UTC"
    shipped = ModelEntry("shipped:cnn", "shipped", tmp_path / "cnn.keras", card, 0)
    assert models.entry_title(shipped) == "Fashion-MNIST (91.2%)"


@pytest.mark.parametrize(
    ("name", "offset", "expected_hours"),
    [
        ("Asia/Seoul", -540, 9),
        ("Not/AZone", -540, 9),  # a name this machine does not know: the offset
        (None, 300, -5),
        (None, None, None),
    ],
)
def test_the_viewers_time_zone_comes_from_the_browser(monkeypatch, name, offset, expected_hours):
    from datetime import datetime, timedelta
    from types import SimpleNamespace

    from ui import state

    monkeypatch.setattr(state.st, "context", SimpleNamespace(timezone=name, timezone_offset=offset))
    zone = state.viewer_zone()
    if expected_hours is None:
        assert zone is None
    else:
        assert zone.utcoffset(datetime(2026, 12, 1)) == timedelta(hours=expected_hours)


@pytest.mark.parametrize("name", ["민지", "**top** [x](http://a.b) :red[y]"])
def test_a_runs_label_starts_with_its_board_name_as_typed(monkeypatch, tmp_path, name):
    """Twenty quick runs of a class differ by the name each student gave theirs: the
    pickers show it first, as typed (selectbox options are plain text, no escapes)."""
    from datetime import timedelta, timezone

    from cnn_core import board
    from cnn_core.catalog import ModelEntry

    run = "20261201-033746-fashion_mnist-custom-ab12"
    (tmp_path / run).mkdir()
    card = {"title": {"en": "Fashion-MNIST (91.2%)"}, "architecture": "seed_cnn"}
    entry = ModelEntry(f"run:{run}", "run", tmp_path / run / "model.keras", card, 0)
    monkeypatch.setattr(models, "lang", lambda: "en")
    monkeypatch.setattr(models, "viewer_zone", lambda: timezone(timedelta(hours=9)))
    unnamed = models.entry_label(entry)
    assert unnamed.startswith(models.model_label("seed_cnn") + " · Fashion-MNIST (91.2%)")
    board.set_name(tmp_path / run, name)
    assert models.entry_label(entry) == f"{name} · {unnamed}"
    shipped = ModelEntry("shipped:cnn", "shipped", tmp_path / "cnn.keras", card, 0)
    board.set_name(tmp_path, name)  # a board file beside a shipped model names nothing
    assert models.entry_label(shipped) == "Fashion-MNIST (91.2%) · shipped"
