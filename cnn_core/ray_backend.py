"""Training on a Ray cluster: one Ray task per run, job state in the shared run store.

Chosen by one setting, ``CNN_EXPLORER_RAY_ADDRESS`` (:data:`cnn_core.backends.RAY_ADDRESS_ENV`:
``auto``, ``host:6379`` or ``ray://host:10001``); without it nothing here is imported
and training stays in local worker processes. Ray is an optional dependency
(``requirements-cluster.txt``); this module imports it only when a
:class:`RayJobManager` is made.

How a run goes (every web replica has one :class:`RayJobManager`)::

    replica (any)                     run store (shared path)       Ray worker (any machine)
    submit ----------------------->   <run>/status.json queued
           ray task, num_cpus=k ---------------------------------> waits in Ray's queue
    owner heartbeat every 2 s ---->   .owners/<replica>.json
                                      <run>/progress.json   <----- beat + progress, >= every 2 s
    stop (any replica) ----------->   <run>/stop            -----> polled every 0.2 s: stop
                                      history, metrics, model,<--- train() as on a laptop
                                      confusion, logs, card
    owner sees the task end: a crash (worker killed, node lost, out of memory) marks the run
    "failed" with Ray's reason; a run whose owner or worker went silent reads "interrupted"

* **Queue.** Ray's: each run is a task with declared resources (:data:`CPUS_PER_RUN_ENV`
  CPUs, default 1, and one GPU when the cluster has any; Keras uses it) and
  ``max_retries=0`` (a retried run would find its folder taken). A task runs in a
  fresh worker process (``max_calls=1``), at a lower CPU priority, with TensorFlow
  sized to its CPUs, like :class:`cnn_core.backends.ProcessBackend`'s workers.
* **Shared state.** Every replica reads queue and progress from the run store
  (``.active/`` markers, ``status.json``, ``progress.json``), so a run started
  through one replica can be watched and stopped through any other.
* **Owner.** The replica that submitted a run holds its Ray task; it cancels it while
  queued, and turns a crash into a ``"failed"`` run with the reason. Ray ends the
  tasks of a replica that dies: their runs read ``"interrupted"`` after
  :data:`cnn_core.runs.STALE_S`, the others go on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cnn_core.backends import INTERRUPTED, WORKER_DIED, WORKER_NICENESS
from cnn_core.job_types import ACTIVE_STATES, JobSnapshot, JobState
from cnn_core.progress import Progress
from cnn_core.runs import (
    HEARTBEAT_S,
    HOST,
    STALE_S,
    RunRecord,
    RunStore,
    error_text,
    error_type,
)
from cnn_core.train_config import TrainConfig

logger = logging.getLogger(__name__)

NAMESPACE = "cnn_explorer"
"""The Ray namespace of the web replicas' jobs."""
CPUS_PER_RUN_ENV = "CNN_EXPLORER_RAY_CPUS_PER_RUN"
"""CPUs a run asks Ray for (default 1): its TensorFlow threads too."""
STOP_POLL_S = 0.2
"""How often a training task looks for a stop request."""
PROGRESS_WRITE_S = 0.5
"""A task writes its progress at most this often (and a beat at least every HEARTBEAT_S)."""
WATCH_S = 0.5
"""How often the owner looks at its tasks (ended? a queued one to cancel?)."""
SCAN_S = 0.5
"""The queue read from the store is reused this long (one scan per replica, every session)."""
RESOURCES_S = 30.0
"""The cluster's CPU count is asked again after this long (machines join and leave)."""
LOOPBACK_ONLY_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
"""Ray's switch (``0``) that keeps a node, and its drivers, on 127.0.0.1."""


def cpus_per_run() -> int:
    """``$CNN_EXPLORER_RAY_CPUS_PER_RUN`` (default 1).

    Raises:
        ValueError: not a whole number of at least 1, with what was read.
    """
    text = os.environ.get(CPUS_PER_RUN_ENV, "1").strip() or "1"
    try:
        cpus = int(text)
    except ValueError:
        cpus = 0
    if cpus < 1:
        raise ValueError(f"{CPUS_PER_RUN_ENV}={text!r}: expected a whole number of CPUs >= 1")
    return cpus


# ---------------------------------------------------------------------- the Ray task
class _Reporter:
    """In a training task: writes progress and beats, and turns a ``stop`` file into ``stop``."""

    def __init__(self, store: RunStore, run_id: str, stop: threading.Event) -> None:
        self.store, self.run_id, self.stop = store, run_id, stop
        self._latest: dict[str, Any] | None = None
        self._written: dict[str, Any] | None = None
        self._last_write = 0.0
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="run-reporter", daemon=True)

    def __enter__(self) -> _Reporter:
        self._write()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self._write()

    def report(self, progress: Progress) -> None:
        with self._lock:
            self._latest = progress.to_dict()

    def _write(self) -> None:
        with self._lock:
            latest = self._latest
        try:
            self.store.write_progress(self.run_id, latest)
        except Exception as err:  # a full disk must not end the training
            logger.warning("run %s: cannot write its progress: %s", self.run_id, err)
        self._written, self._last_write = latest, time.monotonic()

    def _loop(self) -> None:
        while not self._done.wait(STOP_POLL_S):
            if not self.stop.is_set() and self.store.stop_requested(self.run_id):
                self.stop.set()
            since = time.monotonic() - self._last_write
            with self._lock:
                changed = self._latest is not self._written
            if (changed and since >= PROGRESS_WRITE_S) or since >= HEARTBEAT_S:
                self._write()


def train_task(job: dict[str, Any], threads: int, niceness: int = WORKER_NICENESS) -> dict:
    """The body of one run's Ray task (runs on a cluster worker, in a fresh process).

    Args:
        job: ``{"run_id", "root", "config"}`` as for :func:`cnn_core.train_worker.run_job`;
            ``root`` is the run store's path, the same on every machine.
        threads: TensorFlow intra-op threads (the CPUs the task asked Ray for).
        niceness: added to this process's niceness (the web replicas may share the machine).

    Returns:
        :func:`~cnn_core.train_worker.run_job`'s last word, or ``{"event": "cancelled"}``
        when a stop was asked for before it started (nothing trained).
    """
    from cnn_core.train_worker import run_job

    store = RunStore(Path(job["root"]))
    run_id = job["run_id"]
    if store.stop_requested(run_id):
        return {"event": "cancelled"}
    if niceness:
        os.nice(niceness)
    stop = threading.Event()
    with _Reporter(store, run_id, stop) as reporter:
        return run_job(job, threads=threads, stop=stop, on_progress=reporter.report)


# ------------------------------------------------------------------- the web replica
@dataclass
class _Owned:
    """A Ray task this replica submitted, until it ends."""

    ref: Any  # ray.ObjectRef
    store: RunStore
    config: TrainConfig


@dataclass(frozen=True)
class _Ended:
    """How one of this replica's runs ended, when the store alone cannot say it."""

    state: JobState
    config: TrainConfig
    error: str | None = None
    error_type: str | None = None


class RayJobManager:
    """The :class:`cnn_core.jobs.JobManager` interface over a Ray cluster and a shared store.

    Connects this process to the cluster (``ray.init``) and starts one daemon thread
    (the owner's watch). Every method reads the shared run store, so what one
    replica shows is what every replica shows.

    Args:
        address: what ``ray.init`` connects to: ``auto``, ``host:port`` or ``ray://host:port``.
        store: the run store whose queue :meth:`active` lists (default: the
            ``CNN_EXPLORER_RUNS_DIR`` store); every replica must use the same path.
        cpus: CPUs per run (default :func:`cpus_per_run`).
        niceness: added to each training task's niceness.

    Raises:
        ValueError: ``cpus`` below 1, an empty ``address``.
        ConnectionError: the cluster cannot be reached (from Ray).
    """

    def __init__(
        self,
        address: str,
        *,
        store: RunStore | None = None,
        cpus: int | None = None,
        niceness: int = WORKER_NICENESS,
    ) -> None:
        if not address or not address.strip():
            raise ValueError(f"a Ray address is needed, got {address!r}")
        cpus = cpus_per_run() if cpus is None else cpus
        if cpus < 1:
            raise ValueError(f"cpus must be at least 1, got {cpus!r}")
        if _on_loopback(address) and "ray" not in sys.modules:
            # A one-machine cluster bound to 127.0.0.1 (scripts/cluster.sh): Ray reads
            # this when imported, and then looks for its node on loopback too.
            os.environ.setdefault(LOOPBACK_ONLY_ENV, "0")
        import ray

        self._ray = ray
        if not ray.is_initialized():
            ray.init(
                address=address.strip(),
                namespace=NAMESPACE,
                logging_level=logging.WARNING,
                log_to_driver=False,
            )
        self.address = address.strip()
        self.cpus = cpus
        self.niceness = niceness
        self.owner = f"{HOST}-{os.getpid()}-{secrets.token_hex(3)}"
        self._store = store if store is not None else RunStore()
        self._task = ray.remote(max_calls=1, max_retries=0)(train_task)
        self._lock = threading.Lock()
        self._owned: dict[str, _Owned] = {}
        self._ended: dict[str, _Ended] = {}
        self._scan: tuple[float, dict[str, JobSnapshot]] = (0.0, {})
        resources = ray.cluster_resources()
        self._gpus = 1 if resources.get("GPU", 0) >= 1 else 0
        self._cpus_seen = (time.monotonic(), resources.get("CPU", 0))
        self._store.beat_owner(self.owner)
        self._closed = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="ray-jobs-owner", daemon=True)
        self._watcher.start()

    @property
    def max_workers(self) -> int:
        """How many runs the cluster trains at once: its CPUs over :attr:`cpus` (>= 1)."""
        when, total = self._cpus_seen
        if time.monotonic() - when > RESOURCES_S:  # a GCS call: not on every redraw
            total = self._ray.cluster_resources().get("CPU", 0)
            self._cpus_seen = (time.monotonic(), total)
        return max(1, int(total // self.cpus))

    @property
    def backend(self) -> RayJobManager:
        """Where jobs train: the cluster this manager submits to (itself)."""
        return self

    # ------------------------------------------------------------------ public
    def submit(self, config: TrainConfig, store: RunStore) -> str:
        """Queue a run on the cluster: a ``"queued"`` run in ``store``, then a Ray task.

        Returns:
            The job id, which is also the run id in ``store``.

        Raises:
            RunStoreError: ``store`` is not writable.
        """
        job_id = store.create(config, status="queued", owner=self.owner).run_id  # a free id
        store.mark_active(job_id)
        job = {"run_id": job_id, "root": str(store.root), "config": config.to_dict()}
        try:
            ref = self._task.options(num_cpus=self.cpus, num_gpus=self._gpus).remote(
                job, self.cpus, self.niceness
            )
        except Exception as err:  # it never started: a failed run, never a dead page
            logger.exception("run %s could not be submitted to Ray", job_id)
            self._fail(store, job_id, error_text(err), type(err).__name__)
            return job_id
        with self._lock:
            self._owned[job_id] = _Owned(ref, store, config)
            self._scan = (0.0, {})
        return job_id

    def snapshot(self, job_id: str) -> JobSnapshot:
        """The current state of a run, from the shared store (queue position included).

        Raises:
            KeyError: no such run (never submitted, deleted, or cancelled elsewhere).
        """
        scanned = self._scanned()
        if job_id in scanned:
            return scanned[job_id]
        snap = self._read(self._store_of(job_id), job_id)
        if snap is None:
            raise KeyError(f"no training job {job_id!r}")
        return snap

    def stop(self, job_id: str) -> None:
        """Ask a run to stop, from any replica: a queued run leaves the queue and its
        folder goes; a running one ends within one batch and keeps its results.

        Raises:
            KeyError: no such run.
        """
        store = self._store_of(job_id)
        try:
            store.request_stop(job_id)
        except ValueError:
            with self._lock:
                if job_id in self._ended:
                    return
            raise KeyError(f"no training job {job_id!r}") from None
        self._cancel_if_queued(job_id)
        with self._lock:
            self._scan = (0.0, {})

    def active(self) -> list[JobSnapshot]:
        """Running runs (oldest first), then queued runs in queue order: the whole cluster's."""
        return list(self._scanned().values())

    def is_active_run(self, run_id: str) -> bool:
        """Whether ``run_id`` is queued or running anywhere on the cluster."""
        return run_id in self._scanned()

    def wait(self, job_id: str, timeout: float | None = None) -> JobSnapshot:
        """Poll until a run has ended (or ``timeout`` seconds passed); return its snapshot.

        Raises:
            KeyError: no such run.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            snap = self._read(self._store_of(job_id), job_id)
            if snap is None:
                raise KeyError(f"no training job {job_id!r}")
            if not snap.active or (deadline is not None and time.monotonic() >= deadline):
                return snap
            time.sleep(0.1)

    def close(self) -> None:
        """Stop the owner's watch (the tasks it owns go on while this process lives)."""
        self._closed.set()
        self._watcher.join()

    # ---------------------------------------------------------------- reading
    def _store_of(self, job_id: str) -> RunStore:
        with self._lock:
            owned = self._owned.get(job_id)
        return owned.store if owned is not None else self._store

    def _scanned(self) -> dict[str, JobSnapshot]:
        """Every active run of the store, running then queued, with queue positions."""
        with self._lock:
            when, scanned = self._scan
        if time.monotonic() - when < SCAN_S:
            return scanned
        snaps = []
        for run_id in self._store.active_ids():
            snap = self._read(self._store, run_id)
            if snap is None or not snap.active:
                with self._lock:
                    owned = run_id in self._owned
                if not owned:  # ended, deleted or interrupted: any replica tidies the queue
                    self._store.mark_active(run_id, False)
                continue
            snaps.append(snap)
        running = sorted((s for s in snaps if s.state == "running"), key=_order)
        queued = sorted((s for s in snaps if s.state == "queued"), key=_order)
        result = {s.job_id: s for s in running}
        for position, snap in enumerate(queued, start=1):
            result[snap.job_id] = _replace(snap, queue_position=position)
        with self._lock:
            self._scan = (time.monotonic(), result)
        return result

    def _read(self, store: RunStore, job_id: str) -> JobSnapshot | None:
        """One run's snapshot from the store; ``None`` when it is not there."""
        with self._lock:
            ended = self._ended.get(job_id)
        try:
            record = store.get(job_id)
        except ValueError:
            if ended is not None:  # cancelled while queued: nothing on disk, as on a laptop
                return JobSnapshot(job_id, ended.state, ended.config)
            return None
        beat = store.read_progress(job_id) or {}
        progress = None
        if beat.get("progress"):
            with contextlib.suppress(ValueError):
                progress = Progress.from_dict(beat["progress"])
        state, error, error_type = _state_of(record)
        if ended is not None and state == "failed":
            error, error_type = ended.error or error, ended.error_type or error_type
        active = state in ACTIVE_STATES
        return JobSnapshot(
            job_id=job_id,
            state=state,
            config=record.config,  # type: ignore[arg-type]  # None only when broken
            progress=progress,
            stop_requested=active and store.stop_requested(job_id),
            error=error,
            error_type=error_type,
            record=None if active else record,
            submitted=record.created,
        )

    # ------------------------------------------------------------ the owner's watch
    def _watch(self) -> None:
        last_beat = time.monotonic()
        while not self._closed.wait(WATCH_S):
            try:
                if time.monotonic() - last_beat >= HEARTBEAT_S:
                    self._store.beat_owner(self.owner)
                    last_beat = time.monotonic()
                self._collect()
            except Exception:  # the watch must go on, whatever one look met
                logger.exception("the Ray jobs' watch failed once")

    def _collect(self) -> None:
        """End the runs whose tasks ended; cancel the queued ones asked to stop."""
        with self._lock:
            owned = dict(self._owned)
        if not owned:
            return
        by_ref = {owned_run.ref: run_id for run_id, owned_run in owned.items()}
        ready, _ = self._ray.wait(list(by_ref), num_returns=len(by_ref), timeout=0)
        for ref in ready:
            run_id = by_ref[ref]
            self._finish(run_id, owned[run_id], ref)
        for run_id, owned_run in owned.items():
            if owned_run.ref not in ready and owned_run.store.stop_requested(run_id):
                self._cancel_if_queued(run_id)

    def _cancel_if_queued(self, job_id: str) -> None:
        """Take a run of this replica out of Ray's queue if its task has not started."""
        with self._lock:
            owned = self._owned.get(job_id)
        if owned is not None and owned.store.read_progress(job_id) is None:
            with contextlib.suppress(Exception):
                self._ray.cancel(owned.ref)

    def _finish(self, run_id: str, owned: _Owned, ref: Any) -> None:
        """Read how a task ended and leave its run in a final state."""
        ray, store, config = self._ray, owned.store, owned.config
        ended: _Ended | None = None
        try:
            result = ray.get(ref, timeout=10)
        except ray.exceptions.TaskCancelledError:
            result = {"event": "cancelled"}
        except ray.exceptions.RayError as err:  # the worker, its node or its memory died
            reason = _death_reason(err)
            logger.error("run %s: %s", run_id, reason)
            self._fail(store, run_id, reason, WORKER_DIED)
            ended = _Ended("failed", config, reason, WORKER_DIED)
            result = None
        if result is not None and result.get("event") == "cancelled":
            with contextlib.suppress(OSError):
                shutil.rmtree(store.root / run_id)  # never trained: nothing to keep
            ended = _Ended("stopped", config)
        elif result is not None and result.get("event") == "error":
            ended = _Ended("failed", config, str(result.get("message")), str(result.get("type")))
        with self._lock:
            self._owned.pop(run_id, None)
            if ended is not None:
                self._ended[run_id] = ended
                for old in list(self._ended)[:-200]:  # memory stays flat
                    del self._ended[old]
            self._scan = (0.0, {})
        store.mark_active(run_id, False)

    @staticmethod
    def _fail(store: RunStore, run_id: str, reason: str, error_type: str) -> None:
        """Mark a run that its task left queued or running as failed, with the reason."""
        try:
            record = store.get(run_id)
            if record.status in ("queued", "running", "interrupted"):
                store.set_status(
                    run_id, "failed", ended=time.time(), error=reason, error_type=error_type
                )
        except (OSError, ValueError) as err:
            logger.warning("cannot mark run %s failed: %s", run_id, err)
        store.mark_active(run_id, False)


def _on_loopback(address: str) -> bool:
    """Whether a Ray address names this machine's loopback (``127.0.0.1:6379``, ``localhost``)."""
    host = address.strip().removeprefix("ray://").rsplit(":", 1)[0]
    return host in ("127.0.0.1", "localhost", "::1", "[::1]")


def _death_reason(err: Exception) -> str:
    """What a Ray error says about a task's death, on one line."""
    first = next((line.strip() for line in str(err).splitlines() if line.strip()), "")
    return f"the Ray worker training it died ({type(err).__name__}): {first}"[:500]


def _state_of(record: RunRecord) -> tuple[JobState, str | None, str | None]:
    """A run record's job state, error and error type."""
    if record.status in ("queued", "running", "finished", "stopped"):
        return record.status, None, None  # type: ignore[return-value]
    error = str(record.metrics.get("error", ""))
    if record.status == "interrupted":
        silent = f"interrupted: its trainer sent no heartbeat for {STALE_S:g} s"
        return "failed", silent, INTERRUPTED
    return "failed", error, error_type(error)


def _order(snap: JobSnapshot) -> tuple[float, str]:
    return (snap.submitted, snap.job_id)


def _replace(snap: JobSnapshot, **changes: Any) -> JobSnapshot:
    import dataclasses

    return dataclasses.replace(snap, **changes)
