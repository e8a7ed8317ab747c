"""A process-wide manager of training jobs: a FIFO queue in front of a training backend.

The training page keeps one :class:`JobManager` per server process (shared by
every browser session). At most ``max_workers`` jobs train at once; later jobs wait
in a first-in, first-out queue whose order every session can see. *Where* a job
trains is a :class:`~cnn_core.backends.TrainingBackend`: by default one worker
process per run (:class:`~cnn_core.backends.ProcessBackend`, at a lower CPU
priority, so the web process never imports TensorFlow for training), or threads of
this process when a ``train_fn`` is injected (tests, notebooks).

Queued jobs live in memory only: the run folder is created by ``train()`` when a
job starts, so a server killed while jobs wait leaves nothing on disk. A server
killed while a job trains in a worker process: the worker sees its stdin end,
stops the run within one batch and marks it ``"interrupted"`` (its finished epochs
kept); a run whose trainer died with it (a thread of the server, or the whole
machine) is listed ``"interrupted"`` too. A worker process that dies on its own leaves its run
``"failed"`` with the reason. The job id is the run id.

:func:`make_job_manager` is what a server calls: this manager, or with
``CNN_EXPLORER_RAY_ADDRESS`` set, :class:`cnn_core.ray_backend.RayJobManager` (same
methods, the queue in Ray and the job state in the shared run store, for several
web replicas). :class:`~cnn_core.job_types.JobQueue` is that shared interface.

Nothing here calls streamlit. Every piece of shared state is guarded by one lock;
the latest progress of a job is replaced, never mutated, so a :class:`JobSnapshot`
handed to a page stays consistent while training goes on.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cnn_core.backends import (
    Outcome,
    ThreadBackend,
    TrainFn,
    TrainingBackend,
    TrainingTask,
    default_backend,
    ray_address,
)
from cnn_core.job_types import ACTIVE_STATES, JobQueue, JobSnapshot, JobState
from cnn_core.progress import Progress
from cnn_core.runs import RunRecord, RunStore

if TYPE_CHECKING:
    from cnn_core.train_config import TrainConfig

logger = logging.getLogger(__name__)


__all__ = [
    "ACTIVE_STATES",
    "JobManager",
    "JobQueue",
    "JobSnapshot",
    "JobState",
    "TrainFn",
    "make_job_manager",
]


@dataclass
class _Job:
    job_id: str
    config: TrainConfig
    store: RunStore
    submitted: float
    stop_event: threading.Event = field(default_factory=threading.Event)
    state: JobState = "queued"
    progress: Progress | None = None
    error: str | None = None
    error_type: str | None = None
    record: RunRecord | None = None

    def task(self) -> TrainingTask:
        return TrainingTask(self.job_id, self.config, self.store, self.stop_event)


class JobManager:
    """Runs training jobs on a backend, at most ``max_workers`` at once.

    Args:
        max_workers: how many jobs train at the same time; ``None`` means
            ``os.cpu_count()``.
        train_fn: a training function to run in threads of this process
            (:class:`~cnn_core.backends.ThreadBackend`) instead of the default
            backend; tests inject fakes. It is called as ``train_fn(config, store,
            run_id=..., on_progress=..., stop_event=...)`` and returns a
            :class:`~cnn_core.runs.RunRecord`.
        backend: where jobs train; ``None`` means
            :func:`cnn_core.backends.default_backend` (worker processes).
        keep_ended: how many ended jobs to remember (oldest are forgotten first),
            so memory stays flat on a long-lived server.

    Raises:
        ValueError: ``max_workers`` or ``keep_ended`` is below 1, or both
            ``train_fn`` and ``backend`` are given.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        train_fn: TrainFn | None = None,
        backend: TrainingBackend | None = None,
        keep_ended: int = 200,
    ) -> None:
        workers = (os.cpu_count() or 1) if max_workers is None else max_workers
        if workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers!r}")
        if keep_ended < 1:
            raise ValueError(f"keep_ended must be at least 1, got {keep_ended!r}")
        if train_fn is not None and backend is not None:
            raise ValueError(
                f"give train_fn or backend, not both: got train_fn={train_fn!r} and "
                f"backend={backend!r}"
            )
        self.max_workers: int = workers
        self._backend: TrainingBackend = (
            ThreadBackend(train_fn)
            if train_fn is not None
            else backend
            if backend is not None
            else default_backend(workers)
        )
        self._keep_ended = keep_ended
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # notified when a job ends
        self._jobs: OrderedDict[str, _Job] = OrderedDict()
        self._queue: list[str] = []  # job ids, FIFO

    @property
    def backend(self) -> TrainingBackend:
        """Where this manager's jobs train."""
        return self._backend

    # ------------------------------------------------------------------ public
    def submit(self, config: TrainConfig, store: RunStore) -> str:
        """Queue a training job; it starts at once when a worker is free.

        Args:
            config: what to train.
            store: the run store the run is written into.

        Returns:
            The job id, which is also the run id the run will have in ``store``.
        """
        with self._lock:
            job_id = store.new_run_id(config)
            while job_id in self._jobs:  # a queued job has no folder yet to keep its id
                job_id = store.new_run_id(config)
            job = _Job(job_id=job_id, config=config, store=store, submitted=time.time())
            self._jobs[job_id] = job
            self._queue.append(job_id)
            starting = self._take_waiting_locked()
        self._start(starting)
        return job_id

    def snapshot(self, job_id: str) -> JobSnapshot:
        """The current state of a job.

        Raises:
            KeyError: no such job (never submitted here, or long forgotten).
        """
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise KeyError(f"no training job {job_id!r}")
            return self._snapshot_locked(job)

    def stop(self, job_id: str) -> None:
        """Ask a job to stop.

        A running job ends within one batch (the backend passes the request on to
        ``train()``) and keeps its partial history and best checkpoint; a queued job
        is taken out of the queue and never starts. Stopping an ended job does
        nothing.

        Raises:
            KeyError: no such job.
        """
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise KeyError(f"no training job {job_id!r}")
            job.stop_event.set()
            running = job.state == "running"
            if job.state == "queued":
                self._queue.remove(job_id)
                job.state = "stopped"
                self._forget_old_locked()
                self._changed.notify_all()
        if running:
            self._backend.stop(job.task())

    def active(self) -> list[JobSnapshot]:
        """Running jobs (oldest first), then queued jobs in queue order."""
        with self._lock:
            running = [job for job in self._jobs.values() if job.state == "running"]
            queued = [self._jobs[job_id] for job_id in self._queue]
            return [self._snapshot_locked(job) for job in running + queued]

    def is_active_run(self, run_id: str) -> bool:
        """Whether ``run_id`` is a job of this manager that is queued or running."""
        with self._lock:
            job = self._jobs.get(run_id)
            return job is not None and job.state in ACTIVE_STATES

    def wait(self, job_id: str, timeout: float | None = None) -> JobSnapshot:
        """Block until a job has ended (or ``timeout`` seconds passed); return its snapshot.

        Raises:
            KeyError: no such job.
        """
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise KeyError(f"no training job {job_id!r}")
            self._changed.wait_for(lambda: job.state not in ACTIVE_STATES, timeout)
            return self._snapshot_locked(job)

    # ---------------------------------------------------------------- internal
    def _snapshot_locked(self, job: _Job) -> JobSnapshot:
        position = self._queue.index(job.job_id) + 1 if job.state == "queued" else None
        return JobSnapshot(
            job_id=job.job_id,
            state=job.state,
            config=job.config,
            queue_position=position,
            progress=job.progress,
            stop_requested=job.stop_event.is_set() and job.state in ACTIVE_STATES,
            error=job.error,
            error_type=job.error_type,
            record=job.record,
            submitted=job.submitted,
        )

    def _take_waiting_locked(self) -> list[_Job]:
        """Mark as many queued jobs running as there are free workers; start them unlocked."""
        running = sum(job.state == "running" for job in self._jobs.values())
        starting = []
        while self._queue and running < self.max_workers:
            job = self._jobs[self._queue.pop(0)]
            job.state = "running"
            starting.append(job)
            running += 1
        return starting

    def _start(self, jobs: list[_Job]) -> None:
        for job in jobs:

            def on_progress(progress: Progress, job: _Job = job) -> None:
                with self._lock:
                    job.progress = progress

            def on_end(outcome: Outcome, job: _Job = job) -> None:
                self._ended(job, outcome)

            try:
                self._backend.start(job.task(), on_progress, on_end)
            except Exception as err:  # it never started: a failed job, never a dead manager
                logger.exception("training job %s could not start", job.job_id)
                self._ended(
                    job,
                    Outcome(error=str(err) or type(err).__name__, error_type=type(err).__name__),
                )

    def _ended(self, job: _Job, outcome: Outcome) -> None:
        with self._lock:
            if job.state not in ACTIVE_STATES:
                return  # ended twice: a backend bug, keep the first end
            if outcome.record is None:
                job.state = "failed"
                job.error = outcome.error or "unknown error"
                job.error_type = outcome.error_type
            else:
                job.record = outcome.record
                job.state = _ended_state(outcome.record)
                if job.state == "failed":
                    job.error = str(outcome.record.metrics.get("error", ""))
            starting = self._take_waiting_locked()
            self._forget_old_locked()
            self._changed.notify_all()
        self._start(starting)

    def _forget_old_locked(self) -> None:
        ended = [job_id for job_id, job in self._jobs.items() if job.state not in ACTIVE_STATES]
        for job_id in ended[: max(0, len(ended) - self._keep_ended)]:
            del self._jobs[job_id]


def _ended_state(record: RunRecord) -> JobState:
    if record.status in ("finished", "stopped"):
        return record.status
    return "failed"


def make_job_manager(max_workers: int | None = None) -> JobQueue:
    """The job manager of a server process, as configured by its environment.

    ``$CNN_EXPLORER_RAY_ADDRESS`` set: a :class:`~cnn_core.ray_backend.RayJobManager`
    connected to that cluster (Ray installed from ``requirements-cluster.lock``;
    ``max_workers`` is then the cluster's). Else a :class:`JobManager` with local
    worker processes, as on a laptop.

    Raises:
        ValueError: bad settings (see :class:`JobManager`, ``RayJobManager``).
        ModuleNotFoundError: the address is set but Ray is not installed.
    """
    address = ray_address()
    if address is None:
        return JobManager(max_workers)
    from cnn_core.ray_backend import RayJobManager

    return RayJobManager(address)
