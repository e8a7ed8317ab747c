"""The server-wide heap freeze that keeps Streamlit's per-run garbage collections cheap."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
import types

import pytest

from app_harness.apptest import open_page
from cnn_core import backends
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


def test_the_warm_up_loads_every_shipped_model_in_a_background_thread():
    """In a fresh interpreter: the home page starts the warm-up and finishes without it."""
    script = textwrap.dedent(
        """
        import os, sys
        os.environ["CNN_EXPLORER_WARM_UP"] = "1"
        from app_harness.apptest import open_page
        from ui import server
        at = open_page("home")
        assert not at.exception, at.exception
        thread = server.start_warm_up()
        assert thread is server.start_warm_up()  # once per process
        thread.join(timeout=240)
        assert not thread.is_alive()
        assert "tensorflow" in sys.modules
        from cnn_core import catalog, datasets
        assert datasets.files_present("fashion_mnist")  # installed for the tests
        assert datasets._raw_arrays.cache_info().currsize == 1  # the training page's, read
        from ui import models

        def no_second_load(path):
            raise AssertionError(f"{path} loaded a second time")

        catalog.load_model = no_second_load  # every model must come from the cache now
        print("WARMED", sorted(models.warm_up()))
        """
    )
    env = {**os.environ, "CNN_EXPLORER_WARM_UP": "1"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARMED ['shipped:fashion_cnn', 'shipped:mnist_digits']" in result.stdout


def test_no_warm_up_when_turned_off(monkeypatch):
    monkeypatch.setenv(backends.WARM_UP_ENV, "0")
    assert server.start_warm_up() is None


@pytest.mark.parametrize(("value", "on"), [("0", False), ("1", True), ("", True), ("yes", True)])
def test_one_switch_reads_the_variable_for_both_warm_ups(monkeypatch, value, on):
    """The server's warm-up (above) and the spare training worker (tests/test_jobs.py)."""
    monkeypatch.setenv(backends.WARM_UP_ENV, value)
    assert backends.warm_up_enabled() is on
    monkeypatch.delenv(backends.WARM_UP_ENV)
    assert backends.warm_up_enabled()


def test_a_run_no_longer_clears_the_keras_session(monkeypatch):
    """Streamlit's per-run keras.backend.clear_session() threw TensorFlow's caches away."""
    import keras
    from streamlit.runtime.scriptrunner import script_runner

    calls = []
    monkeypatch.setattr(keras.backend, "clear_session", lambda *a, **k: calls.append(a))
    at = open_page("home")
    at.run()
    assert not at.exception
    assert script_runner._clean_problem_modules is server._close_matplotlib_figures
    assert calls == []
