"""Training in worker processes (cnn_core.backends.ProcessBackend, the default backend).

Real tiny runs on Fashion-MNIST: the web process stays free of TensorFlow, a stop
reaches the worker, a killed worker leaves a failed run with the reason while the
other runs go on, and an error in the worker comes back with its class name.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from typing import BinaryIO

import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from cnn_core.backends import WORKER_DIED, WORKER_NICENESS, ProcessBackend, TrainingTask
from cnn_core.jobs import JobManager
from cnn_core.paths import REPO_ROOT
from cnn_core.runs import RunStore

pytestmark = pytest.mark.dataset

TIMEOUT_S = 180


def wait_for(predicate, timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_run_trains_in_a_worker_and_the_web_process_never_imports_tensorflow(tmp_path):
    require_fashion_mnist()
    script = textwrap.dedent(
        """
        import sys, pathlib
        from app_harness.tiny_runs import tiny_config
        from cnn_core.jobs import JobManager
        from cnn_core.runs import RunStore

        manager = JobManager(max_workers=1)
        job_id = manager.submit(tiny_config(epochs=2), RunStore(pathlib.Path(sys.argv[1])))
        snap = manager.wait(job_id, timeout=120)
        assert snap.state == "finished", (snap.state, snap.error)
        assert snap.progress.phase == "done" and len(snap.record.history["loss"]) == 2
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))
        print("HEAVY", heavy)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "runs")],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "HEAVY []" in result.stdout, result.stdout[-3000:]
    [record] = RunStore(tmp_path / "runs").list()
    assert record.status == "finished"  # the worker wrote the run folder


def test_the_worker_loads_neither_streamlit_nor_more_than_its_share_of_threads():
    from cnn_core import train_worker

    script = textwrap.dedent(
        """
        import sys
        from app_harness.tiny_runs import tiny_config
        from cnn_core import train_worker, training
        train_worker.configure_tensorflow(1)
        import tensorflow as tf
        training.build_compiled_model(tiny_config())  # keras, models, optimizers
        print("THREADS", tf.config.threading.get_intra_op_parallelism_threads(),
              tf.config.threading.get_inter_op_parallelism_threads())
        print("STREAMLIT", sorted(m for m in sys.modules if m.startswith("streamlit")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"THREADS 1 {train_worker.INTER_OP_THREADS}" in result.stdout, result.stdout[-3000:]
    assert "STREAMLIT []" in result.stdout, result.stdout[-3000:]


def test_a_killed_worker_leaves_a_failed_run_with_the_reason_and_the_others_go_on(tmp_path):
    require_fashion_mnist()
    store = RunStore(tmp_path / "runs")
    manager = JobManager(max_workers=2)
    victim = manager.submit(tiny_config(epochs=200, seed=1), store)  # far longer than we wait
    other = manager.submit(tiny_config(epochs=2, seed=2), store)

    def one_epoch_done() -> bool:
        progress = manager.snapshot(victim).progress
        return progress is not None and len(progress.history.get("loss", [])) >= 1

    wait_for(one_epoch_done)
    assert isinstance(manager.backend, ProcessBackend)  # the default
    pid = manager.backend.pid(victim)
    assert pid is not None and pid != os.getpid()
    expected_nice = min(19, os.getpriority(os.PRIO_PROCESS, 0) + WORKER_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, pid) == expected_nice  # clicks win over training
    assert store.get(victim).status == "running"
    os.kill(pid, signal.SIGKILL)

    snap = manager.wait(victim, TIMEOUT_S)
    assert (snap.state, snap.error_type) == ("failed", WORKER_DIED)
    assert "SIGKILL" in snap.error
    record = store.get(victim)
    assert record.status == "failed"
    assert "SIGKILL" in record.metrics["error"]
    assert len(record.history["loss"]) >= 1  # the epochs that ended before the kill
    assert manager.backend.pid(victim) is None

    assert manager.wait(other, TIMEOUT_S).state == "finished"
    assert store.get(other).status == "finished"
    # The manager goes on: a new run starts in a free worker and can be stopped.
    third = manager.submit(tiny_config(epochs=200, seed=3), store)
    wait_for(lambda: (p := manager.snapshot(third).progress) is not None and p.epoch >= 2)
    manager.stop(third)
    snap = manager.wait(third, TIMEOUT_S)
    assert (snap.state, snap.record.status) == ("stopped", "stopped")
    assert 1 <= snap.record.metrics["epochs_run"] < 200
    assert manager.active() == []


def test_an_error_in_the_worker_comes_back_with_its_class_name(tmp_path):
    require_fashion_mnist()
    store = RunStore(tmp_path / "runs")
    store.check_writable()
    (store.root / "taken").write_text("a file where the run folder should go")
    ended = threading.Event()
    outcomes = []

    def on_end(outcome) -> None:
        outcomes.append(outcome)
        ended.set()

    task = TrainingTask("taken", tiny_config(), store, threading.Event())
    ProcessBackend().start(task, lambda progress: None, on_end)
    assert ended.wait(TIMEOUT_S)
    [outcome] = outcomes
    assert outcome.record is None
    assert outcome.error_type == "ValueError"
    assert "already exists" in outcome.error


def _worker_by_hand(stdin: int) -> tuple[subprocess.Popen, BinaryIO]:
    """``python -m cnn_core.train_worker`` started as its backend would, and its events."""
    read_end, write_end = os.pipe()
    worker = subprocess.Popen(
        [sys.executable, "-m", "cnn_core.train_worker", "--fd", str(write_end)],
        stdin=stdin,
        pass_fds=(write_end,),
        cwd=REPO_ROOT,
    )
    os.close(write_end)
    return worker, os.fdopen(read_end, "rb")


def test_a_worker_exits_as_soon_as_it_has_said_its_last_word(tmp_path):
    """The page shows the results when the worker has exited; Python's teardown with
    TensorFlow loaded took 0.9 s of that wait, now skipped. Nothing written is lost."""
    require_fashion_mnist()
    store = RunStore(tmp_path / "runs")
    run_id = store.new_run_id(tiny_config())
    job = {"run_id": run_id, "root": str(store.root), "config": tiny_config().to_dict()}
    worker, events = _worker_by_hand(subprocess.PIPE)
    try:
        worker.stdin.write((json.dumps(job) + "\n").encode())
        worker.stdin.flush()
        last_word = None
        for line in events:
            if json.loads(line)["event"] != "progress":
                last_word, said = json.loads(line), time.monotonic()
        assert worker.wait(timeout=TIMEOUT_S) == 0
        exited = time.monotonic()
    finally:
        worker.kill()
        events.close()
    assert last_word == {"event": "ended", "status": "finished"}
    assert exited - said < 0.5
    record = store.get(run_id)
    assert record.status == "finished" and record.metrics["epochs_run"] == 1
    assert list((record.path / "logs" / "validation").glob("events.out.tfevents.*"))


def test_a_worker_whose_server_went_away_ends_its_run_as_interrupted(tmp_path):
    """Its stdin ends without a ``stop`` (the web process died): the run ends within a
    batch and says ``interrupted``, with its finished epochs; never "running" forever."""
    require_fashion_mnist()
    store = RunStore(tmp_path / "runs")
    run_id = store.new_run_id(tiny_config(epochs=50))
    job = {"run_id": run_id, "root": str(store.root), "config": tiny_config(epochs=50).to_dict()}
    worker, events = _worker_by_hand(subprocess.PIPE)
    try:
        worker.stdin.write((json.dumps(job) + "\n").encode())
        worker.stdin.flush()
        for line in events:  # until the first epoch has ended
            progress = json.loads(line).get("progress") or {}
            if progress.get("history", {}).get("loss"):
                break
        worker.stdin.close()  # the server is gone
        assert worker.wait(timeout=TIMEOUT_S) == 0
    finally:
        worker.kill()
        events.close()
    [record] = store.list()
    assert record.status == "interrupted"
    assert 1 <= len(record.history["loss"]) < 50


def _tensorflow_loaded(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/maps", encoding="utf-8") as maps:
            return "libtensorflow" in maps.read()
    except OSError:
        return False


def _run_on(backend: ProcessBackend, store: RunStore, config) -> tuple[int | None, object]:
    """Start ``config`` on ``backend``; ``(its worker's pid, its outcome)``."""
    ended, outcomes = threading.Event(), []
    task = TrainingTask(store.new_run_id(config), config, store, threading.Event())
    backend.start(
        task, lambda progress: None, lambda outcome: (outcomes.append(outcome), ended.set())
    )
    pid = backend.pid(task.job_id)
    assert ended.wait(TIMEOUT_S)
    return pid, outcomes[0]


@pytest.fixture
def spare_backend():
    """A ProcessBackend that keeps a spare worker, closed afterwards."""
    require_fashion_mnist()
    backend = ProcessBackend(spare=True)
    yield backend
    backend.close()


def test_a_spare_worker_waits_with_tensorflow_loaded_and_takes_the_next_run(
    tmp_path, spare_backend
):
    spare = spare_backend.spare_pid()
    assert spare is not None
    wait_for(lambda: _tensorflow_loaded(spare))  # loaded before any job came
    pid, outcome = _run_on(spare_backend, RunStore(tmp_path / "runs"), tiny_config())
    assert pid == spare  # the run went to the worker that was waiting
    assert outcome.record is not None and outcome.record.status == "finished"
    # The run has ended: a new spare waits for the next one.
    assert spare_backend.spare_pid() not in (None, spare)


def test_a_spare_that_died_while_waiting_is_replaced_and_close_ends_the_spare(
    tmp_path, spare_backend
):
    dead = spare_backend.spare_pid()
    os.kill(dead, signal.SIGKILL)
    wait_for(lambda: not os.path.exists(f"/proc/{dead}") or "Z" in _state(dead))
    pid, outcome = _run_on(spare_backend, RunStore(tmp_path / "runs"), tiny_config())
    assert pid not in (None, dead)  # a worker of its own
    assert outcome.record is not None and outcome.record.status == "finished"
    last = spare_backend.spare_pid()
    assert last is not None
    spare_backend.close()
    assert spare_backend.spare_pid() is None
    assert not os.path.exists(f"/proc/{last}")  # ended and reaped, not left behind


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def test_a_worker_whose_stdin_ends_before_a_job_exits_quietly():
    """A spare whose server went away: status 0, no event, no run."""
    worker, events = _worker_by_hand(subprocess.DEVNULL)
    with events:
        assert events.read() == b""
    assert worker.wait(timeout=TIMEOUT_S) == 0


@pytest.mark.parametrize("warm_up_fails", [False, True])
def test_a_worker_warms_up_while_no_job_waits(monkeypatch, capsys, warm_up_fails):
    """A spare pays the first run's set-ups while it waits (a failure only costs that)."""
    import cnn_core.training as training
    from cnn_core import train_worker

    calls: list[str] = []

    def warm_up() -> None:
        calls.append("warm_up")
        if warm_up_fails:
            raise OSError("disk full")

    monkeypatch.setattr(train_worker, "configure_tensorflow", lambda threads: None)
    monkeypatch.setattr(training, "warm_up", warm_up)
    stdin_read, stdin_write = os.pipe()
    events_read, events_write = os.pipe()
    monkeypatch.setattr(sys, "stdin", os.fdopen(stdin_read, "r"))
    status: list[int] = []
    worker = threading.Thread(
        target=lambda: status.append(train_worker.main([f"--fd={events_write}"]))
    )
    worker.start()
    wait_for(lambda: calls)
    os.close(stdin_write)  # no job came: the server went away
    worker.join(TIMEOUT_S)
    with os.fdopen(events_read, "rb") as events:
        assert events.read() == b""
    assert status == [0] and calls == ["warm_up"]
    assert ("warm-up failed, going on: OSError: disk full" in capsys.readouterr().err) is (
        warm_up_fails
    )


def test_a_worker_whose_job_already_waits_starts_it_without_warming_up(monkeypatch):
    """A worker started for a queued job: the job is there when TensorFlow is loaded."""
    import cnn_core.training as training
    from cnn_core import train_worker

    calls: list[str] = []
    monkeypatch.setattr(train_worker, "configure_tensorflow", lambda threads: None)
    monkeypatch.setattr(training, "warm_up", lambda: calls.append("warm_up"))
    stdin_read, stdin_write = os.pipe()
    events_read, events_write = os.pipe()
    os.write(stdin_write, b"{}\n")  # a job without a config: it fails at once
    os.close(stdin_write)
    monkeypatch.setattr(sys, "stdin", os.fdopen(stdin_read, "r"))

    assert train_worker.main([f"--fd={events_write}"]) == 1

    with os.fdopen(events_read, "rb") as events:
        assert json.loads(events.read()) == {
            "event": "error",
            "type": "KeyError",
            "message": "'config'",
        }
    assert calls == []


def test_a_stop_clicked_while_the_job_is_handed_to_its_worker_stops_it(tmp_path, monkeypatch):
    """The manager marks a job running before the backend has sent it: a Stop landing
    then must reach the worker after its job line (a ``stop`` read as the job failed it)."""
    require_fashion_mnist()
    manager = JobManager(max_workers=1, backend=ProcessBackend())
    send = ProcessBackend._send

    def click_stop_as_the_job_goes_out(proc: subprocess.Popen, line: str) -> None:
        if line != "stop":  # the job line: the student's Stop lands right now
            manager.stop(json.loads(line)["run_id"])
        send(proc, line)

    monkeypatch.setattr(ProcessBackend, "_send", staticmethod(click_stop_as_the_job_goes_out))
    job_id = manager.submit(tiny_config(epochs=50), RunStore(tmp_path / "runs"))
    snap = manager.wait(job_id, TIMEOUT_S)
    assert (snap.state, snap.error) == ("stopped", None)
    assert snap.record.status == "stopped" and snap.record.metrics["epochs_run"] == 1
