"""Training on a Ray cluster (cnn_core.ray_backend) and the shared run store's liveness.

The store tests need no Ray. The cluster tests start a Ray head on loopback with
``scripts/cluster.sh start --no-web`` (two CPUs), train tiny real runs on
Fashion-MNIST, and stop the head whatever happens. Two managers in one process
stand for two web replicas: each has its own owner id and reads only the store.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from app_harness.cluster import LOOPBACK_ENV, local_cluster, missing_tools
from cnn_core.backends import RAY_ADDRESS_ENV, WORKER_DIED
from cnn_core.jobs import JobManager, make_job_manager
from cnn_core.paths import REPO_ROOT
from cnn_core.runs import STALE_S, RunStore

TIMEOUT_S = 180


def wait_for(predicate, timeout: float = TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


# ------------------------------------------------------------- the store, no Ray
def test_a_cluster_run_is_alive_while_its_heartbeat_is_fresh(tmp_path):
    store = RunStore(tmp_path / "runs")
    run_id = store.create(tiny_config()).run_id
    status = store.root / run_id / "status.json"
    info = json.loads(status.read_text())
    status.write_text(json.dumps({**info, "pid": 999_999_999}))  # another machine's pid
    store.write_progress(run_id, None)
    assert store.get(run_id).status == "running"
    beat = json.loads((store.root / run_id / "progress.json").read_text())
    beat["beat"] -= STALE_S + 1
    (store.root / run_id / "progress.json").write_text(json.dumps(beat))
    assert store.get(run_id).status == "interrupted"


def test_a_queued_cluster_run_lives_as_long_as_its_owner(tmp_path):
    store = RunStore(tmp_path / "runs")
    run_id = store.create(tiny_config(), status="queued", owner="replica-a").run_id
    assert store.get(run_id).status == "interrupted"  # the owner never beat
    store.beat_owner("replica-a")
    assert store.owner_alive("replica-a")
    assert store.get(run_id).status == "queued"
    assert [r.run_id for r in store.list()] == [run_id]  # .owners/ is no run


def test_stop_requests_and_the_active_markers_live_in_the_store(tmp_path):
    store = RunStore(tmp_path / "runs")
    run_id = store.create(tiny_config(), status="queued", owner="a").run_id
    assert not store.stop_requested(run_id)
    store.request_stop(run_id)
    assert store.stop_requested(run_id)
    with pytest.raises(ValueError, match="'nope'"):
        store.request_stop("nope")
    store.mark_active(run_id)
    assert store.active_ids() == [run_id]
    store.mark_active(run_id, False)
    assert store.active_ids() == []


def test_the_laptop_needs_no_ray(monkeypatch):
    monkeypatch.delenv(RAY_ADDRESS_ENV, raising=False)
    script = textwrap.dedent(
        """
        import sys
        from cnn_core.jobs import make_job_manager
        manager = make_job_manager(1)
        print(type(manager).__name__, sorted(m for m in sys.modules if m.split(".")[0] == "ray"))
        """
    )
    env = {k: v for k, v in os.environ.items() if k != RAY_ADDRESS_ENV}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, env=env
    )
    assert result.stdout.strip() == "JobManager []", result.stderr[-2000:]


def test_cpus_per_run_rejects_a_bad_setting_with_what_it_read(monkeypatch):
    from cnn_core.ray_backend import CPUS_PER_RUN_ENV, cpus_per_run

    monkeypatch.setenv(CPUS_PER_RUN_ENV, "two")
    with pytest.raises(ValueError, match="'two'"):
        cpus_per_run()
    monkeypatch.setenv(CPUS_PER_RUN_ENV, "3")
    assert cpus_per_run() == 3


# ------------------------------------------------------------- on a Ray head
@pytest.fixture(scope="module")
def ray_head(tmp_path_factory):
    """A two-CPU Ray head on loopback, this process connected to it; stopped at the end."""
    missing = missing_tools(web=False)
    if missing:
        pytest.skip(f"missing {missing} (scripts/install_test_tools.sh installs them)")
    require_fashion_mnist()
    base = tmp_path_factory.mktemp("ray_head")
    saved = {key: os.environ.get(key) for key in LOOPBACK_ENV}
    os.environ.update(LOOPBACK_ENV)
    try:
        with local_cluster(base / "state", base / "runs", cpus=2, web=False) as cluster:
            yield cluster
            import ray

            ray.shutdown()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def replicas(ray_head):
    """Two managers (two web replicas' worth) on one store."""
    from cnn_core.ray_backend import RayJobManager

    store = RunStore(ray_head.runs_dir)
    a = RayJobManager(ray_head.ray_address, store=store)
    b = RayJobManager(ray_head.ray_address, store=store)
    yield a, b, store
    a.close()
    b.close()


def test_the_address_setting_picks_the_ray_manager(ray_head, monkeypatch):
    from cnn_core.ray_backend import RayJobManager

    monkeypatch.setenv(RAY_ADDRESS_ENV, ray_head.ray_address)
    manager = make_job_manager()
    assert isinstance(manager, RayJobManager) and manager.max_workers == 2
    manager.close()
    monkeypatch.setenv(RAY_ADDRESS_ENV, " ")
    assert isinstance(make_job_manager(1), JobManager)


def test_runs_started_on_one_replica_are_watched_and_stopped_from_another(replicas):
    a, b, store = replicas
    long_run = a.submit(tiny_config(epochs=200, seed=1), store)
    short_run = a.submit(tiny_config(epochs=2, seed=2), store)
    queued = a.submit(tiny_config(epochs=200, seed=3), store)  # both CPUs are taken
    # Cancelled at once, from the replica that does not own it: while the other two
    # hold both CPUs it cannot have started (the short run ends within seconds).
    assert {s.job_id: s.state for s in b.active()}[queued] == "queued"
    assert b.snapshot(queued).queue_position in (1, 2, 3)  # B sees its place in the queue
    b.stop(queued)

    def trains(job_id: str) -> bool:
        progress = b.snapshot(job_id).progress
        return progress is not None and progress.phase == "training" and progress.epoch >= 2

    wait_for(lambda: trains(long_run))
    b.stop(long_run)
    snap = b.wait(long_run, TIMEOUT_S)
    assert (snap.state, snap.record.status) == ("stopped", "stopped")
    assert 1 <= snap.record.metrics["epochs_run"] < 200
    wait_for(lambda: not (store.root / queued).exists())  # never trained: nothing kept
    assert b.wait(short_run, TIMEOUT_S).state == "finished"
    assert store.get(short_run).metrics["test_accuracy"] > 0
    assert (store.root / short_run / "logs").is_dir()  # TensorBoard logs in the shared store
    wait_for(lambda: a.active() == [] and b.active() == [])


def test_a_killed_ray_worker_leaves_its_run_failed_with_the_reason_and_others_go_on(replicas):
    a, b, store = replicas
    victim = a.submit(tiny_config(epochs=200, seed=4), store)
    other = a.submit(tiny_config(epochs=2, seed=5), store)
    wait_for(lambda: (p := b.snapshot(victim).progress) is not None and p.epoch >= 2)
    pid = store.read_progress(victim)["pid"]
    assert pid != os.getpid()
    os.kill(pid, signal.SIGKILL)
    snap = b.wait(victim, TIMEOUT_S)
    assert snap.state == "failed"
    assert "WorkerCrashedError" in snap.error, snap.error
    assert a.snapshot(victim).error_type == WORKER_DIED
    record = store.get(victim)
    assert record.status == "failed" and "died" in record.metrics["error"]
    assert len(record.history["loss"]) >= 1
    assert b.wait(other, TIMEOUT_S).state == "finished"
