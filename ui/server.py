"""What the app does for the server process as a whole, whatever page runs."""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_at_last_freeze = 0


def freeze_long_lived_objects() -> bool:
    """Move every live object out of the garbage collector's sight once new modules came in.

    Streamlit collects all garbage after every script run of every session
    (``runner.postScriptGC``, and ``keras.backend.clear_session()`` once Keras is
    imported: two full collections per run). A full collection walks every tracked
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
