"""Many users on one server: concurrent training jobs keep their own results.

Speed and memory figures live in ``bench/`` (``load_sessions.py``,
``memory_growth.py``); these tests assert behaviour only.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict

import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from cnn_core.jobs import JobManager
from cnn_core.runs import RunStore
from cnn_core.training import train

pytestmark = pytest.mark.dataset

TIMEOUT_S = 300


def test_two_jobs_train_at_once_with_their_own_history_and_a_third_waits(tmp_path):
    require_fashion_mnist()
    store = RunStore(tmp_path / "runs")
    intervals: dict[str, list[float]] = {}
    reports: dict[str, list] = defaultdict(list)
    lock = threading.Lock()

    def recording_train(config, store, *, run_id, on_progress, stop_event):
        """The real train(), with its start/end times and its own progress reports kept."""

        def progress(report):
            with lock:
                reports[run_id].append(report)
            on_progress(report)

        started = time.monotonic()
        try:
            return train(config, store, run_id=run_id, on_progress=progress, stop_event=stop_event)
        finally:
            intervals[run_id] = [started, time.monotonic()]

    manager = JobManager(max_workers=2, train_fn=recording_train)
    configs = [tiny_config(epochs=3, seed=1), tiny_config(epochs=2, seed=2), tiny_config(seed=3)]
    ids = [manager.submit(config, store) for config in configs]

    states = [manager.snapshot(job_id) for job_id in ids]
    assert [snap.state for snap in states] == ["running", "running", "queued"]
    assert states[2].queue_position == 1
    assert [snap.job_id for snap in manager.active()] == ids

    ends = [manager.wait(job_id, timeout=TIMEOUT_S) for job_id in ids]
    assert [snap.state for snap in ends] == ["finished"] * 3, [snap.error for snap in ends]
    assert manager.active() == []

    first, second, third = (intervals[job_id] for job_id in ids)
    assert first[0] < second[1] and second[0] < first[1], "the first two did not overlap"
    assert third[0] >= min(first[1], second[1]) - 0.01, "the third started before a worker freed"

    records = {record.run_id: record for record in store.list()}
    assert set(records) == set(ids)
    for job_id, config, snap in zip(ids, configs, ends, strict=True):
        record = records[job_id]
        assert record.status == "finished"
        assert record.config == config
        assert snap.record.history == record.history
        for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
            assert len(record.history[key]) == config.epochs, (job_id, key)
        assert record.metrics["epochs_run"] == config.epochs
        own = reports[job_id]
        assert own and all(report.epochs == config.epochs for report in own)
        assert own[-1].phase == "done"
        assert own[-1].history == record.history
    histories = [records[job_id].history["loss"] for job_id in ids]
    assert histories[0][:1] != histories[1][:1], "two different runs logged the same loss"
