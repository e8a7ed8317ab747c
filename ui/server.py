"""What the app does for the server process as a whole, whatever page runs."""

from __future__ import annotations

import contextlib
import gc
import logging
import sys
import threading

from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx, script_runner

from cnn_core.backends import warm_up_enabled
from cnn_core.runs import error_text

_log = logging.getLogger(__name__)

_lock = threading.Lock()
_modules_at_last_freeze = 0
_warm_up: threading.Thread | None = None


def freeze_long_lived_objects() -> bool:
    """Move every live object out of the garbage collector's sight once new modules came in.

    Streamlit collects all garbage after every script run of every session
    (``runner.postScriptGC``; and ``keras.backend.clear_session()`` once Keras is
    imported, which :func:`keep_keras_state` turns off). A full collection walks every tracked
    object; with TensorFlow imported that is ~360,000 objects, 130 ms of one idle
    core per collection and seconds under load, all holding the GIL. Objects
    frozen with :func:`gc.freeze` are skipped by the collector (reference counting
    still frees them), so after a freeze those collections cost about nothing.

    Called at the end of every run; does work only when ``sys.modules`` grew since
    the last freeze (TensorFlow, pandas, plotly arrive with the first page that
    needs them), so it runs a handful of times in a server's life. Objects alive at
    that moment that later become cyclic garbage are never collected: a bounded,
    one-off cost (measured by ``bench/memory_growth.py``).

    Returns:
        True when it froze now.
    """
    global _modules_at_last_freeze
    if len(sys.modules) == _modules_at_last_freeze:
        return False
    with _lock:
        if len(sys.modules) == _modules_at_last_freeze:
            return False
        gc.collect()
        gc.freeze()
        _modules_at_last_freeze = len(sys.modules)
        return True


def start_warm_up() -> threading.Thread | None:
    """Warm TensorFlow and the shipped models in the background, once per server process.

    Without it the first student to open the explorer or the predict page waits for
    the TensorFlow import, the model loads and the first calls (7-11 s). Called at
    the start of every run of ``app.py``; the first call starts a daemon thread
    running :func:`ui.models.warm_up` and returns at once, so the page that started
    it (often the home page, which never imports TensorFlow itself) is not held up.
    A failure is logged in one line and changes nothing: the pages load what they
    need themselves and report their own errors.

    Returns:
        The warm-up thread (the same one on every call), or ``None`` when
        :data:`cnn_core.backends.WARM_UP_ENV` is ``0``
        (:func:`~cnn_core.backends.warm_up_enabled`).
    """
    global _warm_up
    if not warm_up_enabled():
        return None
    with _lock:
        if _warm_up is None:
            _warm_up = threading.Thread(target=_warm, name="cnn-explorer-warm-up", daemon=True)
            add_script_run_ctx(_warm_up, get_script_run_ctx())  # the caches need a context
            _warm_up.start()
    return _warm_up


def _warm() -> None:
    from ui import models  # TensorFlow comes with the models, in this thread only

    try:
        warmed = models.warm_up()
    except Exception as err:
        _log.warning("warm-up stopped: %s", error_text(err))
    else:
        _log.info("warm-up done: %s", ", ".join(warmed) or "no shipped model")


def keep_keras_state() -> None:
    """Stop Streamlit from calling ``keras.backend.clear_session()`` after every run.

    Streamlit does it (``script_runner._clean_problem_modules``) for apps that build
    a new Keras model on every run. This app never does: models come from the
    server-wide caches and training runs in worker processes. Clearing only threw
    away TensorFlow's kernel caches, so the next run rebuilt them: a new upload on
    the predict page cost 205 ms of CPU with the clearing and 84 ms without
    (AppTest, the two interleaved, 12 uploads each). The rest of the clean-up
    (closing matplotlib figures) stays. Idempotent; called by ``app.py``.
    """
    script_runner._clean_problem_modules = _close_matplotlib_figures


def _close_matplotlib_figures() -> None:
    """Streamlit 1.67's ``_clean_problem_modules`` without the Keras part."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        with contextlib.suppress(Exception):  # as Streamlit: never crash a run over this
            pyplot.close("all")
