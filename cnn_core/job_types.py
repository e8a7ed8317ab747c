"""What a page may know about a training job, whichever manager runs it.

:class:`JobSnapshot` (one job at one moment) and :class:`JobQueue` (what the
training page uses of a job manager) are shared by :class:`cnn_core.jobs.JobManager`
(local worker processes) and :class:`cnn_core.ray_backend.RayJobManager` (a Ray
cluster); each imports them from here, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from cnn_core.progress import Progress
    from cnn_core.runs import RunRecord, RunStore
    from cnn_core.train_config import TrainConfig

JobState = Literal["queued", "running", "finished", "stopped", "failed"]
ACTIVE_STATES: frozenset[str] = frozenset({"queued", "running"})


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
        error_type: the exception's class name (e.g. ``"DatasetUnavailable"``), or
            ``"WorkerDied"`` for a worker process that ended without a result.
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


class JobQueue(Protocol):
    """What the training page uses of a job manager (:class:`JobManager`, or
    :class:`cnn_core.ray_backend.RayJobManager` on a cluster)."""

    @property
    def max_workers(self) -> int:
        """How many jobs train at once."""
        ...

    def submit(self, config: TrainConfig, store: RunStore) -> str:
        """Queue a job; return its id (its run id)."""
        ...

    def snapshot(self, job_id: str) -> JobSnapshot:
        """A job's state now (``KeyError`` when unknown)."""
        ...

    def stop(self, job_id: str) -> None:
        """Ask a job to stop (``KeyError`` when unknown)."""
        ...

    def active(self) -> list[JobSnapshot]:
        """Running jobs, then queued ones in queue order."""
        ...

    def is_active_run(self, run_id: str) -> bool:
        """Whether a run is queued or running."""
        ...

    def wait(self, job_id: str, timeout: float | None = None) -> JobSnapshot:
        """Block until a job ended or ``timeout`` passed."""
        ...
