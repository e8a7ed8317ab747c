"""The server-wide heap freeze that keeps Streamlit's per-run garbage collections cheap."""

from __future__ import annotations

import gc
import sys
import types

import pytest

from app_harness.apptest import open_page
from ui import server


@pytest.fixture
def fresh_freeze(monkeypatch):
    """As if nothing was frozen yet (earlier AppTest runs froze the heap); unfreezes afterwards."""
    gc.unfreeze()
    monkeypatch.setattr(server, "_modules_at_last_freeze", 0)
    yield
    gc.unfreeze()


def test_a_freeze_hides_the_live_objects_from_the_collector(fresh_freeze):
    assert len(gc.get_objects()) > 10_000  # numpy, streamlit, pytest: all tracked
    assert server.freeze_long_lived_objects() is True
    assert gc.get_freeze_count() > 10_000
    assert len(gc.get_objects()) < 1_000  # what a full collection still walks


def test_it_freezes_again_only_after_new_modules_came_in(fresh_freeze, monkeypatch):
    assert server.freeze_long_lived_objects() is True
    assert server.freeze_long_lived_objects() is False  # nothing imported since
    monkeypatch.setitem(sys.modules, "a_new_module", types.ModuleType("a_new_module"))
    assert server.freeze_long_lived_objects() is True
    assert server.freeze_long_lived_objects() is False


def test_the_app_freezes_at_the_end_of_a_run_that_imported_modules(monkeypatch):
    monkeypatch.setattr(server, "_modules_at_last_freeze", 0)
    try:
        at = open_page("home")
        assert not at.exception
        assert server._modules_at_last_freeze == len(sys.modules)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
