"""A process-wide manager of training jobs: worker threads and a FIFO queue.

The training page keeps one :class:`JobManager` per server process (shared by
every browser session). It runs :func:`cnn_core.training.train` in worker
threads, at most ``max_workers`` at once; later jobs wait in a first-in,
first-out queue whose order every session can see.

Queued jobs live in memory only: the run folder is created by ``train()`` when a
job starts, so a server killed while jobs wait leaves nothing on disk, and a
server killed while a job trains leaves a run that the run store lists as
``"interrupted"``. The job id is the run id.

Worker threads never call streamlit. Every piece of shared state is guarded by
one lock; the latest progress of a job is replaced, never mutated, so a
:class:`JobSnapshot` handed to a page stays consistent while training goes on.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from cnn_core.runs import RunRecord, RunStore
from cnn_core.train_config import TrainConfig

if TYPE_CHECKING:  # the training module is imported when the first job starts
    from cnn_core.training import Progress

logger = logging.getLogger(__name__)

JobState = Literal["queued", "running", "finished", "stopped", "failed"]
ACTIVE_STATES: frozenset[str] = frozenset({"queued", "running"})

TrainFn = Callable[..., RunRecord]
"""``train(config, store, *, run_id, on_progress, stop_event) -> RunRecord``."""


@dataclass(frozen=True)
class JobSnapshot:
    """What a page may know about one job at one moment.

    Attributes:
        job_id: the job's id, which is also its run id in the run store.
        state: ``"queued"``, ``"running"``, ``"finished"``, ``"stopped"`` or
            ``"failed"``. A job stopped while it waited ends ``"stopped"`` with
            no ``record``.
        config: the training configuration.
        queue_position: 1-based place in the queue while ``"queued"``, else ``None``.
        progress: the latest progress report of ``train()``, ``None`` before the first.
        stop_requested: a stop was asked for and the job has not ended yet.
        error: the error text of a ``"failed"`` job.
        error_type: the exception's class name (e.g. ``"DatasetUnavailable"``).
        record: the run record ``train()`` returned, once the job has ended.
        submitted: ``time.time()`` of the submission.
    """

    job_id: str
    state: JobState
    config: TrainConfig
    queue_position: int | None = None
    progress: Progress | None = None
    stop_requested: bool = False
    error: str | None = None
    error_type: str | None = None
    record: RunRecord | None = None
    submitted: float = 0.0

    @property
    def active(self) -> bool:
        """The job is still queued or running."""
        return self.state in ACTIVE_STATES


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
    thread: threading.Thread | None = None


def _default_train_fn() -> TrainFn:
    from cnn_core import training  # imports keras lazily itself; keep it off import time

    return training.train


class JobManager:
    """Runs training jobs in worker threads, at most ``max_workers`` at once.

    Args:
        max_workers: how many jobs train at the same time; ``None`` means
            ``os.cpu_count()``.
        train_fn: the training function, :func:`cnn_core.training.train` by
            default (tests inject a fake one). It is called as
            ``train_fn(config, store, run_id=..., on_progress=..., stop_event=...)``
            and returns a :class:`~cnn_core.runs.RunRecord`.
        keep_ended: how many ended jobs to remember (oldest are forgotten first),
            so memory stays flat on a long-lived server.

    Raises:
        ValueError: ``max_workers`` or ``keep_ended`` is below 1.
    """

    def __init__(
        self,
        max_workers: int | None = None,
        *,
        train_fn: TrainFn | None = None,
        keep_ended: int = 200,
    ) -> None:
        workers = (os.cpu_count() or 1) if max_workers is None else max_workers
        if workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers!r}")
        if keep_ended < 1:
            raise ValueError(f"keep_ended must be at least 1, got {keep_ended!r}")
        self.max_workers: int = workers
        self._train_fn = train_fn
        self._keep_ended = keep_ended
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, _Job] = OrderedDict()
        self._queue: list[str] = []  # job ids, FIFO

    # ------------------------------------------------------------------ public
    def submit(self, config: TrainConfig, store: RunStore) -> str:
        """Queue a training job; it starts at once when a worker is free.

        Args:
            config: what to train.
            store: the run store the run is written into.

        Returns:
            The job id, which is also the run id the run will have in ``store``.
        """
        job_id = store.new_run_id(config)
        job = _Job(job_id=job_id, config=config, store=store, submitted=time.time())
        with self._lock:
            self._jobs[job_id] = job
            self._queue.append(job_id)
            self._start_waiting_locked()
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

        A running job ends within one batch (``train()`` watches the event) and
        keeps its partial history and best checkpoint; a queued job is taken out
        of the queue and never starts. Stopping an ended job does nothing.

        Raises:
            KeyError: no such job.
        """
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise KeyError(f"no training job {job_id!r}")
            job.stop_event.set()
            if job.state == "queued":
                self._queue.remove(job_id)
                job.state = "stopped"
                self._forget_old_locked()

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
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            snap = self.snapshot(job_id)
            if not snap.active or (deadline is not None and time.monotonic() >= deadline):
                return snap
            with self._lock:
                thread = self._jobs[job_id].thread
            if thread is None:  # still queued
                time.sleep(0.02)
            else:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                thread.join(left)

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

    def _start_waiting_locked(self) -> None:
        running = sum(job.state == "running" for job in self._jobs.values())
        while self._queue and running < self.max_workers:
            job = self._jobs[self._queue.pop(0)]
            job.state = "running"
            job.thread = threading.Thread(
                target=self._work, args=(job,), name=f"train-{job.job_id}", daemon=True
            )
            job.thread.start()
            running += 1

    def _forget_old_locked(self) -> None:
        ended = [job_id for job_id, job in self._jobs.items() if job.state not in ACTIVE_STATES]
        for job_id in ended[: max(0, len(ended) - self._keep_ended)]:
            del self._jobs[job_id]

    def _work(self, job: _Job) -> None:
        def on_progress(progress: Progress) -> None:
            with self._lock:
                job.progress = progress

        train_fn = self._train_fn or _default_train_fn()
        record = None
        error: BaseException | None = None
        try:
            record = train_fn(
                job.config,
                job.store,
                run_id=job.job_id,
                on_progress=on_progress,
                stop_event=job.stop_event,
            )
        except Exception as err:  # any failure ends this job, never the manager
            logger.exception("training job %s failed", job.job_id)
            error = err
        with self._lock:
            if error is not None:
                job.state = "failed"
                job.error = str(error) or type(error).__name__
                job.error_type = type(error).__name__
            else:
                job.record = record
                job.state = _ended_state(record)
                if job.state == "failed":
                    job.error = str(record.metrics.get("error", ""))
            self._start_waiting_locked()
            self._forget_old_locked()


def _ended_state(record: RunRecord) -> JobState:
    if record.status in ("finished", "stopped"):
        return record.status
    return "failed"
