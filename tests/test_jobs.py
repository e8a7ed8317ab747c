"""The training job manager, driven by fake train functions and backends (fast, no TensorFlow).

Real worker processes: ``tests/test_training_process.py``.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from cnn_core.backends import (
    BACKEND_ENV,
    WARM_UP_ENV,
    Outcome,
    ProcessBackend,
    ThreadBackend,
    default_backend,
)
from cnn_core.jobs import JobManager
from cnn_core.progress import Progress

TIMEOUT = 10.0


@dataclass(frozen=True)
class FakeConfig:
    epochs: int = 3
    name: str = "a"


class FakeStore:
    """Gives unique run ids, like RunStore.new_run_id."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)

    def new_run_id(self, config) -> str:
        return f"run-{next(self._ids):03d}-{config.name}"


@dataclass
class FakeTrain:
    """Reports progress per batch, honours stop_event, can be held back by a gate."""

    batches: int = 4
    gate: threading.Event = field(default_factory=threading.Event)
    fail_with: Exception | None = None
    barrier: threading.Barrier | None = None
    calls: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.gate.set()

    def __call__(self, config, store, *, run_id, on_progress, stop_event):
        self.calls.append(run_id)
        if self.barrier is not None:  # proves the jobs run at the same time
            self.barrier.wait(TIMEOUT)
        if self.fail_with is not None:
            raise self.fail_with
        history: dict[str, list[float]] = {"loss": [], "accuracy": []}
        status = "finished"
        for epoch in range(1, config.epochs + 1):
            for batch in range(1, self.batches + 1):
                self.gate.wait(TIMEOUT)
                if stop_event.is_set():
                    status = "stopped"
                    break
                on_progress(
                    SimpleNamespace(
                        phase="training",
                        epoch=epoch,
                        batch=batch,
                        run_id=run_id,
                        history={k: list(v) for k, v in history.items()},
                    )
                )
            if status == "stopped":
                break
            history["loss"].append(1.0 / epoch)
            history["accuracy"].append(hash(run_id) % 100 / 100 + epoch)
        return SimpleNamespace(run_id=run_id, status=status, history=history, metrics={})


def wait_for(predicate, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_job_runs_and_reports_progress_then_finishes():
    train = FakeTrain()
    manager = JobManager(max_workers=1, train_fn=train)
    job_id = manager.submit(FakeConfig(), FakeStore())
    snap = manager.wait(job_id, TIMEOUT)
    assert snap.state == "finished"
    assert snap.record.status == "finished"
    assert snap.progress.epoch == 3 and snap.progress.batch == 4
    assert len(snap.record.history["loss"]) == 3
    assert manager.active() == []


def test_with_one_worker_a_second_job_waits_in_the_queue_then_runs():
    train = FakeTrain()
    train.gate.clear()
    manager = JobManager(max_workers=1, train_fn=train)
    store = FakeStore()
    first = manager.submit(FakeConfig(name="a"), store)
    second = manager.submit(FakeConfig(name="b"), store)
    third = manager.submit(FakeConfig(name="c"), store)
    wait_for(lambda: manager.snapshot(first).state == "running")
    assert manager.snapshot(second).state == "queued"
    assert manager.snapshot(second).queue_position == 1
    assert manager.snapshot(third).queue_position == 2
    assert [s.job_id for s in manager.active()] == [first, second, third]
    assert train.calls == [first]
    train.gate.set()
    assert manager.wait(third, TIMEOUT).state == "finished"
    assert manager.snapshot(first).state == manager.snapshot(second).state == "finished"
    assert train.calls == [first, second, third]  # FIFO


def test_a_queued_jobs_id_is_never_drawn_again():
    # Two clicks in the same second may draw the same id; a queued job has no folder yet.
    train = FakeTrain()
    train.gate.clear()
    manager = JobManager(max_workers=1, train_fn=train)
    store = FakeStore()
    drawn = iter(["same", "same", "other"])
    store.new_run_id = lambda config: next(drawn)
    first = manager.submit(FakeConfig(name="a"), store)
    second = manager.submit(FakeConfig(name="b"), store)
    assert (first, second) == ("same", "other")
    train.gate.set()
    assert manager.wait(second, TIMEOUT).state == "finished"
    assert train.calls == ["same", "other"]


def test_stop_ends_a_running_job_within_one_batch_and_keeps_the_partial_history():
    train = FakeTrain(batches=1000)
    manager = JobManager(max_workers=1, train_fn=train)
    job_id = manager.submit(FakeConfig(epochs=50), FakeStore())
    wait_for(lambda: (p := manager.snapshot(job_id).progress) is not None and p.epoch >= 2)
    manager.stop(job_id)
    snap = manager.wait(job_id, TIMEOUT)
    assert snap.state == "stopped"
    assert snap.record.status == "stopped"
    assert 1 <= len(snap.record.history["loss"]) < 50
    assert not snap.stop_requested


def test_stopping_a_queued_job_cancels_it_and_the_next_one_moves_up():
    train = FakeTrain()
    train.gate.clear()
    manager = JobManager(max_workers=1, train_fn=train)
    store = FakeStore()
    first, second, third = (manager.submit(FakeConfig(name=n), store) for n in "abc")
    manager.stop(second)
    assert manager.snapshot(second).state == "stopped"
    assert manager.snapshot(second).record is None
    assert manager.snapshot(third).queue_position == 1
    train.gate.set()
    manager.wait(third, TIMEOUT)
    assert train.calls == [first, third]


@pytest.mark.parametrize(
    "error",
    [RuntimeError("disk exploded"), OSError(28, "No space left on device"), ValueError("bad")],
)
def test_a_failing_train_becomes_a_failed_job_and_the_manager_keeps_working(error):
    train = FakeTrain(fail_with=error)
    manager = JobManager(max_workers=1, train_fn=train)
    store = FakeStore()
    failed = manager.submit(FakeConfig(), store)
    snap = manager.wait(failed, TIMEOUT)
    assert snap.state == "failed"
    assert str(error) in snap.error
    assert snap.error_type == type(error).__name__
    train.fail_with = None
    assert manager.wait(manager.submit(FakeConfig(), store), TIMEOUT).state == "finished"


def test_a_run_that_train_reports_as_failed_is_a_failed_job():
    def train(config, store, *, run_id, on_progress, stop_event):
        return SimpleNamespace(run_id=run_id, status="failed", metrics={"error": "nan loss"})

    manager = JobManager(max_workers=1, train_fn=train)
    snap = manager.wait(manager.submit(FakeConfig(), FakeStore()), TIMEOUT)
    assert (snap.state, snap.error) == ("failed", "nan loss")


def test_two_jobs_at_once_each_get_their_own_history():
    train = FakeTrain(batches=50, barrier=threading.Barrier(2))
    manager = JobManager(max_workers=2, train_fn=train)
    store = FakeStore()
    a = manager.submit(FakeConfig(name="a", epochs=2), store)
    b = manager.submit(FakeConfig(name="b", epochs=4), store)
    snap_a, snap_b = manager.wait(a, TIMEOUT), manager.wait(b, TIMEOUT)
    assert len(snap_a.record.history["loss"]) == 2
    assert len(snap_b.record.history["loss"]) == 4
    assert snap_a.progress.run_id == a and snap_b.progress.run_id == b


def test_snapshots_are_not_changed_by_later_progress():
    train = FakeTrain(batches=3)
    train.gate.clear()
    manager = JobManager(max_workers=1, train_fn=train)
    job_id = manager.submit(FakeConfig(), FakeStore())
    before = manager.snapshot(job_id)
    train.gate.set()
    manager.wait(job_id, TIMEOUT)
    assert before.state == "running" and before.progress is None


def test_unknown_jobs_and_bad_arguments_are_clear_errors():
    manager = JobManager(max_workers=1, train_fn=FakeTrain())
    with pytest.raises(KeyError, match="nope"):
        manager.snapshot("nope")
    with pytest.raises(KeyError, match="nope"):
        manager.stop("nope")
    with pytest.raises(ValueError, match="0"):
        JobManager(max_workers=0)


def test_ended_jobs_are_forgotten_beyond_keep_ended():
    manager = JobManager(max_workers=1, train_fn=FakeTrain(batches=1), keep_ended=2)
    store = FakeStore()
    ids = [manager.submit(FakeConfig(epochs=1), store) for _ in range(4)]
    manager.wait(ids[-1], TIMEOUT)
    wait_for(lambda: manager.active() == [])
    with pytest.raises(KeyError):
        manager.snapshot(ids[0])
    assert manager.snapshot(ids[-1]).state == "finished"


def test_default_max_workers_is_the_cpu_count(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    assert JobManager().max_workers == 3


def test_progress_crosses_a_process_boundary_as_a_plain_dict():
    report = Progress("training", 2, 5, 3, 10, {"loss": 0.5}, {"loss": [0.9]}, 1.5, None)
    assert Progress.from_dict(json.loads(json.dumps(report.to_dict()))) == report
    stopped = Progress("evaluating", 2, 5, 0, 10, stopped=True)  # the stop took effect
    assert Progress.from_dict(json.loads(json.dumps(stopped.to_dict()))) == stopped
    older = {key: value for key, value in stopped.to_dict().items() if key != "stopped"}
    assert Progress.from_dict(older).stopped is False  # a worker of the code before
    with pytest.raises(ValueError, match="'fitting'"):
        Progress.from_dict({**report.to_dict(), "phase": "fitting"})
    with pytest.raises(ValueError, match="not a progress report"):
        Progress.from_dict({"phase": "done"})


def test_the_backend_is_chosen_in_one_place(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    backend = JobManager(max_workers=2).backend
    assert isinstance(backend, ProcessBackend) and backend.threads == 4  # its share of cores
    assert backend.spare_pid() is None  # the tests set CNN_EXPLORER_WARM_UP=0
    assert JobManager(max_workers=16).backend.threads == 1
    monkeypatch.setenv(WARM_UP_ENV, "1")  # as served: a worker waits ahead of the first run
    backend = default_backend(2)
    assert backend.spare_pid() is not None
    backend.close()
    assert isinstance(JobManager(max_workers=1, train_fn=FakeTrain()).backend, ThreadBackend)
    monkeypatch.setenv(BACKEND_ENV, "thread")
    assert isinstance(default_backend(2), ThreadBackend)
    monkeypatch.setenv(BACKEND_ENV, "cluster")
    with pytest.raises(ValueError, match="'cluster'"):
        default_backend(2)
    with pytest.raises(ValueError, match=r"not both: got train_fn=.*FakeTrain.*ThreadBackend"):
        JobManager(train_fn=FakeTrain(), backend=ThreadBackend())


class ListBackend:
    """A backend that records what it is asked and ends jobs when told (or fails to start)."""

    def __init__(self) -> None:
        self.started: dict[str, tuple] = {}
        self.stopped: list[str] = []
        self.refuse: Exception | None = None

    def start(self, task, on_progress, on_end) -> None:
        if self.refuse is not None:
            raise self.refuse
        self.started[task.job_id] = (task, on_progress, on_end)

    def stop(self, task) -> None:
        self.stopped.append(task.job_id)


def test_any_backend_drives_the_same_queue_and_a_start_that_fails_is_a_failed_job():
    backend = ListBackend()
    manager = JobManager(max_workers=1, backend=backend)
    store = FakeStore()
    first, second = manager.submit(FakeConfig(), store), manager.submit(FakeConfig(), store)
    assert list(backend.started) == [first]
    task, on_progress, on_end = backend.started[first]
    on_progress(SimpleNamespace(epoch=1))
    assert manager.snapshot(first).progress.epoch == 1
    manager.stop(first)
    assert backend.stopped == [first] and task.stop_event.is_set()
    assert manager.snapshot(first).stop_requested
    backend.refuse = OSError(24, "Too many open files")
    on_end(Outcome(record=SimpleNamespace(status="stopped", metrics={})))
    assert manager.snapshot(first).state == "stopped"
    snap = manager.snapshot(second)  # started at once, and refused
    assert (snap.state, snap.error_type) == ("failed", "OSError")
    assert "Too many open files" in snap.error
    on_end(Outcome(error="late", error_type="X"))  # a second end changes nothing
    assert manager.snapshot(first).state == "stopped"
    assert manager.active() == []


TENSORFLOW_START = "".join(
    line + "\n"
    for line in (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "I0000 00:00:1796105587.950176   26471 port.cc:153] oneDNN custom operations are on."
        " You may see slightly different numerical results due to floating-point round-off"
        " errors from different computation orders. To turn them off, set the environment"
        " variable `TF_ENABLE_ONEDNN_OPTS=0`.",
        "I0000 00:00:1796105587.950499   26471 cudart_stub.cc:31] Could not find cuda drivers"
        " on your machine, GPU will not be used.",
        "I0000 00:00:1796105587.991009   26471 cpu_feature_guard.cc:227] This TensorFlow binary"
        " is optimized to use available CPU instructions in performance-critical operations.",
        "To enable the following instructions: AVX2 AVX512F AVX512_VNNI AVX512_BF16 AVX_VNNI"
        " FMA, in other operations, rebuild TensorFlow with the appropriate compiler flags.",
        "E0000 00:00:1796105589.538417   26471 cuda_platform.cc:52] failed call to cuInit:"
        " INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)",
        "W0000 00:00:1796105589.6   26471 computation_placer.cc:177] computation placer"
        " already registered.",
        "2026-12-01 06:00:33.123456: I tensorflow/core/util/port.cc:113] oneDNN custom"
        " operations are on.",
    )
)
"""What a worker's log holds before its first batch: TensorFlow 2.21's start-up lines
on a machine without a GPU (seen in this repository's venv), and an older format."""


def test_a_dead_workers_reason_drops_tensorflows_start_up_lines_and_keeps_the_rest():
    import io
    import signal

    from cnn_core.backends import _death_reason

    log = io.BytesIO(TENSORFLOW_START.encode())  # killed as it trained: start-up lines only
    reason = _death_reason(-signal.SIGKILL, log)
    assert reason == "the training process was killed by SIGKILL (out of memory, or killed by hand)"
    memory = (
        "W0000 00:00:1796105590.1   26471 cpu_allocator_impl.cc:84] "
        "Allocation of 376320000 exceeds 10% of free system memory."
    )
    traceback = [
        "Traceback (most recent call last):",
        '  File "cnn_core/train_worker.py", line 190, in main',
        "    record = training.train(config, store)",
        "ValueError: a bad value 7",
    ]
    log = io.BytesIO((TENSORFLOW_START + "\n".join([memory, *traceback]) + "\n").encode())
    prefix = "the training process exited with status 1 without a result: "
    assert _death_reason(1, log) == prefix + " / ".join([memory, *traceback])  # an OOM clue too
    log = io.BytesIO(("x" * 10_000 + "\n" + TENSORFLOW_START + "the last word\n").encode())
    assert _death_reason(1, log) == prefix + "the last word"  # a long log: its end, uncut
