"""The worker process of one training run: ``python -m cnn_core.train_worker``.

:class:`cnn_core.backends.ProcessBackend` starts it, one process per run. The web
process never imports TensorFlow for training: this process does, at a lower CPU
priority, so that a burst of clicks on the web server wins over training.

Protocol (all JSON, one object per line):

* stdin, parent -> worker: first the job, ``{"run_id", "root", "config"}`` (a
  :meth:`~cnn_core.train_config.TrainConfig.to_dict`); then ``stop`` lines. The
  worker loads TensorFlow and the training code *before* it reads the job, so a
  worker started ahead (:class:`~cnn_core.backends.ProcessBackend`'s spare) starts
  training the moment its job arrives; when no job waits by then, it also runs
  :func:`cnn_core.training.warm_up` (a worker started for a queued job, whose job
  is already there, does not). stdin ending before a job is a quiet exit. A
  ``stop`` line stops training within one batch, as the page's Stop button does;
  the end of stdin without one (the web process went away) stops it the same way
  and marks the run ``interrupted``, its finished epochs kept.
* the file descriptor ``--fd``, worker -> parent: ``{"event": "progress",
  "progress": {...}}`` (a :meth:`~cnn_core.progress.Progress.to_dict`, throttled by
  :data:`cnn_core.training.PROGRESS_INTERVAL_S`), then exactly one of
  ``{"event": "ended", "status": ...}`` or ``{"event": "error", "type": ..., "message":
  ...}``. A worker that ends without either died (killed, out of memory): the
  parent then marks the run failed.

stdout and stderr are free for TensorFlow's own logs. This module imports neither
Streamlit nor (before :func:`main` runs) TensorFlow. :func:`run_job` is the part a
cluster's training task shares (:mod:`cnn_core.ray_backend`): the same job, the same
last word.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import select
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from cnn_core.progress import Progress


_configured_threads: int | None = None
"""The thread count :func:`configure_tensorflow` set in this process, if it ran."""

INTER_OP_THREADS = 2
"""TensorFlow ops of one training step that may run at once, each on its intra-op threads.

A step has independent ops (a layer's weight gradient and its input gradient), and
a second inter-op thread runs them side by side on a core that a lone run leaves
idle. With one intra-op thread, 2026-11-30: the best preset's epoch took 0.84x the
time (three alternating pairs of whole ``train()`` calls, epoch medians), the
quick preset's ``train()`` 0.85-1.03x (three pairs); from the click to the results
through :class:`~cnn_core.backends.ProcessBackend`'s spare, best 0.84-0.90x (three
pairs) and quick 0.94-1.25x (four pairs, median 1.05: no gain for the small model).
Two best runs at once ended no later (pair walls 49.4 / 43.4 s against 51.5 /
47.9 s); 20 students with two quick runs (``bench/load_sessions.py``, 6 alternating
pairs) waited as long (p50 medians 0.48 s against 0.50 s). Results are identical:
each op computes the same, only the order of independent ops changes.
"""


def configure_tensorflow(threads: int) -> None:
    """Import TensorFlow and size its thread pools for this worker's share of the cores.

    Must run before TensorFlow runs any operation (the pools are fixed then); a
    second call with the same count does nothing (:func:`main` configures before the
    job arrives, :func:`run_job` again for a cluster's task).

    Args:
        threads: intra-op threads (one op's parallel work); inter-op threads are
            :data:`INTER_OP_THREADS`.

    Raises:
        ValueError: ``threads`` is below 1.
    """
    global _configured_threads
    if threads < 1:
        raise ValueError(f"threads must be at least 1, got {threads!r}")
    if threads == _configured_threads:
        return
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(INTER_OP_THREADS)
    for gpu in tf.config.list_physical_devices("GPU"):  # a cluster's GPU: Keras uses it
        tf.config.experimental.set_memory_growth(gpu, True)  # only what this run needs
    _configured_threads = threads


def run_job(
    job: dict[str, Any],
    *,
    threads: int,
    stop: threading.Event,
    on_progress: Callable[[Progress], None],
) -> dict[str, Any]:
    """Train one job in this process; return its last word, never raise.

    Args:
        job: ``{"run_id", "root", "config"}`` (the run store's folder, a
            :meth:`~cnn_core.train_config.TrainConfig.to_dict`).
        threads: TensorFlow intra-op threads (see :func:`configure_tensorflow`).
        stop: set from any thread to end training within one batch.
        on_progress: called with each :class:`~cnn_core.progress.Progress`.

    Returns:
        ``{"event": "ended", "status": ...}`` (the run record's status), or
        ``{"event": "error", "type": ..., "message": ...}`` (the exception's class name
        and text; ``train()`` has marked the run failed when its folder existed).
    """
    try:
        from cnn_core.runs import RunStore
        from cnn_core.train_config import TrainConfig

        config = TrainConfig.from_dict(job["config"])
        store = RunStore(Path(job["root"]))
        configure_tensorflow(threads)
        from cnn_core.training import train

        record = train(
            config, store, run_id=job["run_id"], on_progress=on_progress, stop_event=stop
        )
    except BaseException as err:  # reported as the job's last word
        return {"event": "error", "type": type(err).__name__, "message": str(err)}
    return {"event": "ended", "status": record.status}


def _mark_interrupted(job: dict[str, Any]) -> None:
    """Say ``interrupted`` for a run whose web server went away; its epochs stay."""
    from cnn_core.runs import RunStore, RunStoreError

    with contextlib.suppress(OSError, ValueError, RunStoreError):
        RunStore(Path(job["root"])).set_status(
            job["run_id"], "interrupted", error="the web server stopped while this run trained"
        )


class _Channel:
    """JSON lines to the parent; a parent gone away is ignored (stdin's end stops us)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        line = json.dumps(message, allow_nan=True).encode("utf-8") + b"\n"
        with self._lock:
            try:
                self._stream.write(line)
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass


def _watch_stdin(stop: threading.Event, parent_gone: threading.Event) -> None:
    for line in sys.stdin:
        if line.strip() == "stop":
            stop.set()
            return  # a Stop: the parent closes stdin afterwards, that is no departure
    parent_gone.set()  # end of stdin without a stop: the web server went away
    stop.set()


def _warm_up_unless_a_job_waits() -> None:
    """A spare (no job on stdin yet) pays the first run's set-ups now; see
    :func:`cnn_core.training.warm_up`. A failure there only costs the next run that
    second, so it is said on stderr and the worker goes on to its job."""
    from cnn_core.training import warm_up

    if select.select([sys.stdin], [], [], 0)[0]:
        return  # a job (or stdin's end) is already there: no one should wait for this
    try:
        warm_up()
    except Exception as err:  # the job itself will meet any real problem
        print(f"warm-up failed, going on: {type(err).__name__}: {err}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run one job read from stdin; return the exit status (0 ended or no job, 1 failed)."""
    parser = argparse.ArgumentParser(prog="python -m cnn_core.train_worker")
    parser.add_argument("--fd", type=int, required=True, help="where events are written")
    parser.add_argument("--threads", type=int, default=1, help="TensorFlow intra-op threads")
    parser.add_argument("--nice", type=int, default=0, help="added to this process's niceness")
    args = parser.parse_args(argv)
    if args.nice:
        os.nice(args.nice)
    channel = _Channel(os.fdopen(args.fd, "wb"))
    try:
        configure_tensorflow(args.threads)  # ahead of the job: a spare waits ready
        _warm_up_unless_a_job_waits()  # also loads Keras, the models, the data code
        line = sys.stdin.readline()
        if not line.strip():
            return 0  # no job came: a spare whose server went away
        job = json.loads(line)
    except BaseException as err:  # reported, then this process ends
        channel.send({"event": "error", "type": type(err).__name__, "message": str(err)})
        return 1
    stop, parent_gone = threading.Event(), threading.Event()
    threading.Thread(target=_watch_stdin, args=(stop, parent_gone), daemon=True).start()
    result = run_job(
        job,
        threads=args.threads,
        stop=stop,
        on_progress=lambda p: channel.send({"event": "progress", "progress": p.to_dict()}),
    )
    if parent_gone.is_set() and result.get("status") == "stopped":
        _mark_interrupted(job)  # nobody pressed Stop: the server went away mid-run
    channel.send(result)
    return 0 if result["event"] == "ended" else 1


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything is written and said: skip the interpreter's teardown, which takes
    # about 0.9 s with TensorFlow loaded, and which the page waited for.
    os._exit(status)
