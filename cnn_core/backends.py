"""Where training runs: one small interface, a worker-process backend and a thread one.

A :class:`TrainingBackend` runs one job it is handed (:meth:`~TrainingBackend.start`),
reports back through two callables (progress, then exactly one end), and passes a
stop request on (:meth:`~TrainingBackend.stop`). It knows nothing of queues or
limits: :class:`cnn_core.jobs.JobManager` decides when a job starts and keeps its
state. :func:`default_backend` is the one place that picks the backend of the local
job manager; :func:`ray_address` says whether training goes to a Ray cluster
instead (:mod:`cnn_core.ray_backend`, whose manager keeps the queue in Ray and the
job state in the shared run store; :func:`cnn_core.jobs.make_job_manager` picks).

* :class:`ProcessBackend` (the default): one ``python -m cnn_core.train_worker``
  process per run, at a lower CPU priority (:data:`WORKER_NICENESS`), with
  TensorFlow sized to its share of the cores, and one started ahead so that a
  Start does not wait for TensorFlow to load. The web process never imports
  TensorFlow for training, and the training threads no longer take its GIL.
* :class:`ThreadBackend`: the training function in a thread of this process; for
  notebooks, for tests that inject a fake ``train_fn`` (a closure cannot be sent to
  another process) and as ``CNN_EXPLORER_TRAINING_BACKEND=thread``.

Why ``subprocess`` and not ``multiprocessing``: the ``fork`` start method is unsafe
in a process that runs TensorFlow or Tornado threads, and ``spawn`` re-runs the
parent's main module in the child: under ``streamlit run`` that is the
``streamlit`` script, which imports Streamlit at its top, so every worker would load
it. ``python -m cnn_core.train_worker`` imports only what training needs; the job
goes in as one JSON line, progress comes back as JSON lines on a pipe of its own.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Protocol

from cnn_core.paths import REPO_ROOT
from cnn_core.progress import Progress
from cnn_core.runs import STATUS_FILE, RunRecord, RunStore, live_run

if TYPE_CHECKING:
    from cnn_core.train_config import TrainConfig

logger = logging.getLogger(__name__)

BACKEND_ENV = "CNN_EXPLORER_TRAINING_BACKEND"
"""Environment variable that picks the backend: ``process`` (default) or ``thread``."""

RAY_ADDRESS_ENV = "CNN_EXPLORER_RAY_ADDRESS"
"""Environment variable that sends training to a Ray cluster: ``auto``, ``host:6379`` or
``ray://host:10001`` (unset or empty: local worker processes, the default)."""

WARM_UP_ENV = "CNN_EXPLORER_WARM_UP"
"""Set to ``0`` to skip the warm-ups: the web server's (TensorFlow and the shipped
models, :func:`ui.server.start_warm_up`) and the training worker started ahead of
the next run (:class:`ProcessBackend`'s spare). Tests set it, to see what a page or
a run does by itself. :func:`warm_up_enabled` reads it."""

WORKER_NICENESS = 10
"""Added to a worker process's niceness: the web server's clicks win over training."""

WORKER_DIED = "WorkerDied"
"""``Outcome.error_type`` of a worker process that ended without a result."""

INTERRUPTED = "Interrupted"
"""``JobSnapshot.error_type`` of a cluster run whose trainer went silent (see ``RunStore``)."""

STARTUP_NOISE = re.compile(
    r"^(?:[IW]\d{4} \d\d:\d\d:|\d{4}-\d\d-\d\d [\d:.]+: [IW] )(?!.*memory)"  # INFO, WARNING
    r"|^(?:E\d{4} \d\d:\d\d:|\d{4}-\d\d-\d\d [\d:.]+: E ).*(?i:cuda|cuinit|cudnn|cublas|cufft)"
    r"|^WARNING: All log messages before absl::InitializeLog\(\)"
    r"|^To enable the following instructions:"
    r"|rebuild TensorFlow with the appropriate compiler flags"
    r"|oneDNN custom operations are on"
)
"""A worker log line that TensorFlow writes as it starts, whatever then happens: its
INFO and WARNING lines (absl's ``I0000 00:00:...`` or the older ``2026-12-01 06:00:33.1: I``;
one about memory is kept, an out-of-memory death's clue), its errors about a missing
GPU (CUDA, cuDNN, cuBLAS, cuFFT), absl's note and the CPU-instructions advice. A
death's reason (:func:`_death_reason`) leaves them out."""

TrainFn = Callable[..., RunRecord]
"""``train(config, store, *, run_id, on_progress, stop_event) -> RunRecord``."""


@dataclass(frozen=True)
class TrainingTask:
    """One job, as a backend gets it.

    Attributes:
        job_id: the job's id, also the run id in ``store``.
        config: what to train.
        store: the run store the run is written into (by whoever trains it).
        stop_event: set by the job manager when the job should stop; a backend
            also gets :meth:`TrainingBackend.stop` at that moment.
    """

    job_id: str
    config: TrainConfig
    store: RunStore
    stop_event: threading.Event


@dataclass(frozen=True)
class Outcome:
    """How a job ended: a run record, or an error (text and exception class name)."""

    record: RunRecord | None = None
    error: str | None = None
    error_type: str | None = None


OnProgress = Callable[[Progress], None]
OnEnd = Callable[[Outcome], None]


class TrainingBackend(Protocol):
    """Runs jobs somewhere; :class:`cnn_core.jobs.JobManager` drives it."""

    def start(self, task: TrainingTask, on_progress: OnProgress, on_end: OnEnd) -> None:
        """Start ``task`` and return at once.

        Afterwards, from any thread: ``on_progress`` any number of times, then
        ``on_end`` exactly once, whatever happens to the job. An exception raised by
        ``start`` itself means the job never started (the manager fails it).
        """
        ...

    def stop(self, task: TrainingTask) -> None:
        """Pass a stop request on (``task.stop_event`` is already set); return at once."""
        ...


class ThreadBackend:
    """Runs a training function in a daemon thread of this process.

    Args:
        train_fn: called as ``train_fn(config, store, run_id=..., on_progress=...,
            stop_event=...)``; it returns a :class:`~cnn_core.runs.RunRecord`
            (anything with ``status`` and ``metrics``) and watches ``stop_event``
            itself. Default: :func:`cnn_core.training.train`, imported on first use.
    """

    def __init__(self, train_fn: TrainFn | None = None) -> None:
        self._train_fn = train_fn

    def start(self, task: TrainingTask, on_progress: OnProgress, on_end: OnEnd) -> None:
        """Start ``task`` in a new thread (see :class:`TrainingBackend`)."""
        threading.Thread(
            target=self._run,
            args=(task, on_progress, on_end),
            name=f"train-{task.job_id}",
            daemon=True,
        ).start()

    def stop(self, task: TrainingTask) -> None:
        """Nothing to do: the training function watches ``task.stop_event``."""

    def _run(self, task: TrainingTask, on_progress: OnProgress, on_end: OnEnd) -> None:
        train_fn = self._train_fn
        if train_fn is None:
            from cnn_core import training  # imports Keras lazily itself

            train_fn = training.train
        try:
            record = train_fn(
                task.config,
                task.store,
                run_id=task.job_id,
                on_progress=on_progress,
                stop_event=task.stop_event,
            )
        except Exception as err:  # any failure ends this job, never the manager
            logger.exception("training job %s failed", task.job_id)
            on_end(Outcome(error=str(err) or type(err).__name__, error_type=type(err).__name__))
            return
        on_end(Outcome(record=record))


@dataclass(frozen=True)
class _Worker:
    """A started ``python -m cnn_core.train_worker`` process and our ends of its outputs."""

    proc: subprocess.Popen
    events: IO[bytes]
    """The read end of its ``--fd`` pipe: progress and its last word."""
    log: IO[bytes]
    """Its stdout and stderr, read back for a death's reason."""

    def discard(self) -> None:
        """End a worker that has no job: its stdin closes, so it exits by itself."""
        for stream in (self.proc.stdin, self.events, self.log):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class ProcessBackend:
    """Runs each job in its own ``python -m cnn_core.train_worker`` process.

    The worker starts at :data:`WORKER_NICENESS` more than this process, sizes
    TensorFlow to ``threads`` intra-op threads
    (:func:`~cnn_core.train_worker.configure_tensorflow`), trains with
    :func:`cnn_core.training.train` and writes the run folder itself. Here one
    thread per running job reads its progress; while it runs, the run is
    :func:`~cnn_core.runs.live_run` in this process too (the store will not delete
    it, and reads it as running while it writes its last files). A worker that dies
    without a result (``SIGKILL``, out of memory, a crash) leaves its run
    ``"failed"`` in the store, with the reason, and the job failed with
    ``error_type`` :data:`WORKER_DIED`.

    With ``spare``, one worker is started ahead: at once, and again when a job ends
    and none is waiting. It loads TensorFlow and the training code and runs
    :func:`cnn_core.training.warm_up`, then waits for a job, so the next Start skips
    those 3-5 s. A job that finds no spare (another
    job took it) starts a worker of its own. As a spare is made only before the
    first job and when a job has ended, the workers never outnumber the jobs the
    job manager lets train at once: a class's memory peak stays where it was. A
    spare that died while it waited is replaced; one whose server goes away exits
    by itself (its stdin ends).

    POSIX only (``os.nice``, an inherited pipe).

    Args:
        threads: TensorFlow intra-op threads of each worker (at least 1).
        niceness: added to each worker's niceness (0 keeps this process's priority).
        spare: keep a worker started ahead (see above); :meth:`close` ends it.

    Raises:
        ValueError: ``threads`` below 1 or ``niceness`` negative.
    """

    def __init__(
        self, threads: int = 1, *, niceness: int = WORKER_NICENESS, spare: bool = False
    ) -> None:
        if threads < 1:
            raise ValueError(f"threads must be at least 1, got {threads!r}")
        if niceness < 0:
            raise ValueError(f"niceness must be 0 or more, got {niceness!r}")
        self.threads = threads
        self.niceness = niceness
        self._lock = threading.Lock()
        self._procs: dict[str, subprocess.Popen] = {}
        self._keep_spare = spare
        self._spare: _Worker | None = None
        self._make_spare()

    def start(self, task: TrainingTask, on_progress: OnProgress, on_end: OnEnd) -> None:
        """Give ``task`` to the spare worker, or start one (see :class:`TrainingBackend`).

        Raises:
            RunStoreError: the store is not writable (checked here, before a worker
                and TensorFlow are paid for).
            OSError: the worker could not be started.
        """
        task.store.check_writable()
        worker = self._take_spare() or self._spawn()
        job = {"run_id": task.job_id, "root": str(task.store.root), "config": task.config.to_dict()}
        # The job line goes first: :meth:`stop` sends to registered workers only, and
        # a ``stop`` read before the job would be read as the job (it fails to parse).
        self._send(worker.proc, json.dumps(job))
        with self._lock:
            self._procs[task.job_id] = worker.proc
        if task.stop_event.is_set():  # stopped while it was being started
            self._send(worker.proc, "stop")
        threading.Thread(
            target=self._watch,
            args=(task, worker, on_progress, on_end),
            name=f"train-watch-{task.job_id}",
            daemon=True,
        ).start()

    def stop(self, task: TrainingTask) -> None:
        """Send ``stop`` to the job's worker, which ends within one batch."""
        with self._lock:
            proc = self._procs.get(task.job_id)
        if proc is not None:
            self._send(proc, "stop")

    def pid(self, job_id: str) -> int | None:
        """The process id of the job's worker while it runs, else ``None``."""
        with self._lock:
            proc = self._procs.get(job_id)
        return None if proc is None else proc.pid

    def spare_pid(self) -> int | None:
        """The process id of the worker started ahead, if one is waiting."""
        with self._lock:
            return None if self._spare is None else self._spare.proc.pid

    def close(self) -> None:
        """End the spare and make no more (jobs already running go on)."""
        with self._lock:
            self._keep_spare = False
            spare, self._spare = self._spare, None
        if spare is not None:
            spare.discard()
            try:
                spare.proc.wait(timeout=60)  # it reads its stdin's end once loaded
            except subprocess.TimeoutExpired:
                spare.proc.kill()
                spare.proc.wait()

    # ---------------------------------------------------------------- internal
    def _spawn(self) -> _Worker:
        read_fd, write_fd = os.pipe()
        log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by _watch or discard)
        try:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "cnn_core.train_worker",
                    f"--fd={write_fd}",
                    f"--threads={self.threads}",
                    f"--nice={self.niceness}",
                ],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(write_fd,),
                # Its own session: a Ctrl-C on the server's terminal does not kill it
                # mid-write; it stops cleanly when its stdin ends instead.
                start_new_session=True,
                cwd=REPO_ROOT,
                env=_worker_env(),
            )
        except BaseException:
            os.close(read_fd)
            log.close()
            raise
        finally:
            os.close(write_fd)  # the worker holds it now: its death is our end of file
        return _Worker(proc, os.fdopen(read_fd, "rb"), log)

    def _make_spare(self) -> None:
        """Start a spare if one is wanted and none waits; a failure only costs speed."""
        with self._lock:
            if not self._keep_spare or self._spare is not None:
                return
            try:
                self._spare = self._spawn()
            except OSError as err:
                logger.warning("no spare training worker: %s", err)

    def _take_spare(self) -> _Worker | None:
        with self._lock:
            spare, self._spare = self._spare, None
        if spare is not None and spare.proc.poll() is not None:
            reason = _death_reason(spare.proc.returncode, spare.log)
            logger.warning("the spare training worker had ended: %s", reason)
            spare.discard()
            return None
        return spare

    @staticmethod
    def _send(proc: subprocess.Popen, line: str) -> None:
        try:
            assert proc.stdin is not None
            proc.stdin.write(line.encode("utf-8") + b"\n")
            proc.stdin.flush()
        except (BrokenPipeError, ValueError, OSError):
            pass  # the worker is gone; its watcher reports how

    def _watch(
        self, task: TrainingTask, worker: _Worker, on_progress: OnProgress, on_end: OnEnd
    ) -> None:
        proc = worker.proc
        result: dict[str, Any] | None = None
        with live_run(task.job_id):
            try:
                with worker.events:
                    result = _read_events(task.job_id, worker.events, on_progress)
            except Exception:  # never leave a worker nobody reads from
                logger.exception("training job %s: lost its worker's events", task.job_id)
                proc.kill()
            finally:
                proc.wait()
                with self._lock:
                    self._procs.pop(task.job_id, None)
                if proc.stdin is not None:
                    with contextlib.suppress(OSError):
                        proc.stdin.close()
            with worker.log:  # read back, or marked failed, while the run is still live here
                outcome = _outcome(task, proc.returncode, result, worker.log)
        self._make_spare()  # before on_end, which may start the next queued job on it
        on_end(outcome)


def _read_events(job_id: str, events: IO[bytes], on_progress: OnProgress) -> dict[str, Any] | None:
    """Pass progress on until the worker closes its end; return its last word, if any."""
    result = None
    for line in events:
        message = _parse(line)
        if message is None:
            continue
        if message.get("event") == "progress":
            try:
                progress = Progress.from_dict(message["progress"])
            except (KeyError, ValueError) as err:
                logger.warning("training job %s: bad progress: %s", job_id, err)
                continue
            on_progress(progress)
        elif message.get("event") in ("ended", "error"):
            result = message
    return result


def _outcome(
    task: TrainingTask, returncode: int | None, result: dict[str, Any] | None, log: IO[bytes]
) -> Outcome:
    if result is not None and result["event"] == "error":
        return Outcome(error=str(result.get("message")), error_type=str(result.get("type")))
    if result is not None:
        try:
            return Outcome(record=task.store.get(task.job_id))
        except (OSError, ValueError) as err:
            return Outcome(
                error=f"cannot read run {task.job_id!r}: {err}", error_type=type(err).__name__
            )
    reason = _death_reason(returncode, log)
    logger.error("training job %s: %s", task.job_id, reason)
    _mark_died(task, reason)
    return Outcome(error=reason, error_type=WORKER_DIED)


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        message = json.loads(line)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


def _death_reason(returncode: int | None, log: IO[bytes]) -> str:
    """How a worker ended without a result, then the last 5 lines of its log that are
    not TensorFlow's start-up noise (:data:`STARTUP_NOISE`), e.g. a traceback's end.

    Args:
        returncode: the worker's exit status (negative: the signal that killed it).
        log: the worker's stdout and stderr.

    Returns:
        ``"the training process was killed by SIGKILL (...)"`` or ``"... exited with
        status 1 without a result"``, then ``": "`` and the lines joined by ``" / "``.
    """
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        how = f"was killed by {name}"
        if -returncode == signal.SIGKILL:
            how += " (out of memory, or killed by hand)"
    else:
        how = f"exited with status {returncode} without a result"
    text = f"the training process {how}"
    try:
        log.seek(0, os.SEEK_END)
        start = max(0, log.tell() - 8000)
        log.seek(start)
        lines = log.read().decode("utf-8", errors="replace").splitlines()[1 if start else 0 :]
        tail = [line for line in lines if line.strip() and not STARTUP_NOISE.search(line)][-5:]
    except OSError:
        tail = []
    return text + (": " + " / ".join(tail) if tail else "")


def _mark_died(task: TrainingTask, reason: str) -> None:
    """Mark a run its dead worker left queued or running as failed, with the reason."""
    status_path = task.store.root / task.job_id / STATUS_FILE
    try:
        status = json.loads(status_path.read_text(encoding="utf-8")).get("status")
        if status in ("queued", "running"):
            task.store.set_status(task.job_id, "failed", ended=time.time(), error=reason)
    except FileNotFoundError:
        return  # it died before it made the run folder: nothing on disk
    except (OSError, ValueError, AttributeError) as err:
        logger.warning("cannot mark run %s failed: %s", task.job_id, err)


def _worker_env() -> dict[str, str]:
    env = dict(os.environ)
    path = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + path if path else "")
    return env


def warm_up_enabled() -> bool:
    """Whether the warm-ups run: :data:`WARM_UP_ENV` is anything but ``0`` (or unset)."""
    return os.environ.get(WARM_UP_ENV, "1") != "0"


def ray_address() -> str | None:
    """``$CNN_EXPLORER_RAY_ADDRESS`` stripped, or ``None`` when unset or empty."""
    return os.environ.get(RAY_ADDRESS_ENV, "").strip() or None


def default_backend(max_workers: int) -> TrainingBackend:
    """The backend a :class:`~cnn_core.jobs.JobManager` uses when given none.

    ``$CNN_EXPLORER_TRAINING_BACKEND``: ``process`` (default) gives a
    :class:`ProcessBackend` with ``os.cpu_count() // max_workers`` TensorFlow intra-op
    threads per worker (at least 1) and a spare worker (unless :data:`WARM_UP_ENV` is ``0``);
    ``thread`` gives a :class:`ThreadBackend` with :func:`cnn_core.training.train`.

    The share is fixed, not sized by what else is training: TensorFlow's results on
    a CPU depend on its thread count, so this way a seed gives the same run alone or
    beside another, and on Ray (one CPU per run). Measured on 2 cores with the
    batch-128 quick preset of that day: alone with both cores it took 11.2-11.4 s
    instead of 13.2-13.5 s, and its test accuracy moved (seed 0: 91.12 % instead of
    91.16 %).

    Raises:
        ValueError: an unknown backend name, or ``max_workers`` below 1.
    """
    if max_workers < 1:
        raise ValueError(f"max_workers must be at least 1, got {max_workers!r}")
    name = os.environ.get(BACKEND_ENV, "process").strip().lower() or "process"
    if name == "process":
        threads = max(1, (os.cpu_count() or 1) // max_workers)
        return ProcessBackend(threads, spare=warm_up_enabled())
    if name == "thread":
        return ThreadBackend()
    raise ValueError(f"{BACKEND_ENV}={name!r}: expected 'process' or 'thread'")
