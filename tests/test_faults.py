"""Faults: a process killed mid-training, an unwritable or full run store, a garbage model.

Each test drives the real ``cnn_core`` code on a temporary run store. The server
kill is a real ``SIGKILL`` of a separate Python process that is training (the
same code the app's worker processes run); the browser version of that fault is
``tests/e2e/test_e2e_faults.py``.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from cnn_core import catalog, training
from cnn_core.jobs import JobManager
from cnn_core.runs import RunStore, RunStoreError
from cnn_core.training import train

REPO_ROOT = Path(__file__).resolve().parent.parent
KILL_AFTER_TIMEOUT_S = 180

TRAIN_UNTIL_KILLED = """
import json, pathlib, sys
from cnn_core.runs import RunStore
from cnn_core.train_config import TrainConfig
from cnn_core.training import train

root, marker, config = sys.argv[1], pathlib.Path(sys.argv[2]), json.loads(sys.argv[3])

def on_progress(report):
    if report.phase == "training" and len(report.history.get("loss", [])) >= 1:
        marker.write_text(str(report.epoch))  # one epoch is on disk: time to be killed

train(TrainConfig.from_dict(config), RunStore(pathlib.Path(root)), on_progress=on_progress)
"""


@pytest.fixture(scope="module")
def finished_runs(tmp_path_factory) -> Path:
    """A run store template holding two finished tiny runs (copy it before changing it)."""
    require_fashion_mnist()
    root = tmp_path_factory.mktemp("faults") / "runs"
    store = RunStore(root)
    for seed in (1, 2):
        assert train(tiny_config(seed=seed), store).status == "finished"
    return root


def copy_store(template: Path, tmp_path: Path) -> RunStore:
    root = tmp_path / "runs"
    shutil.copytree(template, root)
    return RunStore(root)


@pytest.mark.dataset
def test_process_killed_mid_training_leaves_an_interrupted_run_and_the_others_intact(
    finished_runs, tmp_path
):
    store = copy_store(finished_runs, tmp_path)
    before = {record.run_id: record for record in store.list()}
    marker = tmp_path / "one_epoch_done"
    config = tiny_config(epochs=200, seed=3)  # far longer than the test waits
    config_json = json.dumps(config.to_dict())
    proc = subprocess.Popen(
        [sys.executable, "-c", TRAIN_UNTIL_KILLED, str(store.root), str(marker), config_json],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + KILL_AFTER_TIMEOUT_S
        while not marker.exists():
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            assert time.monotonic() < deadline, "training never finished an epoch"
            time.sleep(0.1)
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)  # reaped: its pid is gone, as after a server restart
    assert proc.returncode == -signal.SIGKILL

    # "Restart": a fresh RunStore over the same folder, as a new server would open it.
    after = {record.run_id: record for record in RunStore(store.root).list()}
    new = set(after) - set(before)
    assert len(new) == 1, after
    killed = after[new.pop()]
    assert killed.status == "interrupted"
    assert killed.config == config
    assert len(killed.history["loss"]) >= 1  # the epochs that ended before the kill
    for run_id, record in before.items():
        assert after[run_id].status == "finished"
        assert after[run_id].history == record.history
        assert after[run_id].metrics == record.metrics
    listed = {entry.key for entry in catalog.list_models(tmp_path / "no_shipped", store.root)}
    assert listed == {f"run:{run_id}" for run_id in before}, "a half-written run was listed"
    store.delete(killed.run_id)  # an interrupted run can be cleaned up
    assert {record.run_id for record in store.list()} == set(before)


def file_in_the_way(tmp_path: Path, monkeypatch) -> Path:
    """The runs folder's path is a regular file: no folder can be made there, not even by root."""
    path = tmp_path / "runs"
    path.write_text("not a folder")
    return path


def parent_is_a_file(tmp_path: Path, monkeypatch) -> Path:
    """A path whose parent is a regular file (ENOTDIR for everyone, root included)."""
    parent = tmp_path / "blocker"
    parent.write_text("not a folder")
    return parent / "runs"


def _failing_probe(code: int):
    def probe(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return probe


def disk_full(tmp_path: Path, monkeypatch) -> Path:
    """Every new file in the store fails with ENOSPC (a full disk)."""
    monkeypatch.setattr("cnn_core.runs.tempfile.TemporaryFile", _failing_probe(errno.ENOSPC))
    return tmp_path / "runs"


def read_only_filesystem(tmp_path: Path, monkeypatch) -> Path:
    """Every new file in the store fails with EROFS (a read-only mount).

    chmod cannot make a folder read-only for root (CI runs as root), so the OS
    error is injected where the store probes the folder; ``test_chmod_read_only``
    covers chmod itself when the tests run as a normal user.
    """
    monkeypatch.setattr("cnn_core.runs.tempfile.TemporaryFile", _failing_probe(errno.EROFS))
    return tmp_path / "runs"


@pytest.mark.parametrize(
    "make_root", [file_in_the_way, parent_is_a_file, disk_full, read_only_filesystem]
)
def test_unwritable_run_store_refuses_to_start_training(make_root, tmp_path, monkeypatch):
    root = make_root(tmp_path, monkeypatch)
    store = RunStore(root)
    with pytest.raises(RunStoreError, match="not writable") as caught:
        store.check_writable()
    assert str(root) in str(caught.value)

    reports, loads = [], []
    monkeypatch.setattr(training, "load_dataset", lambda *a, **k: loads.append(a))
    with pytest.raises(RunStoreError):
        train(tiny_config(), store, on_progress=reports.append)
    assert reports == [], "train() went on after the store check"
    assert loads == [], "train() loaded data before checking the store"
    assert store.list() == []

    manager = JobManager(max_workers=1)
    snap = manager.wait(manager.submit(tiny_config(), store), timeout=60)
    assert (snap.state, snap.error_type) == ("failed", "RunStoreError")


def test_chmod_read_only(tmp_path):
    """As a normal user, a chmod 555 folder is refused; as root chmod does not bind."""
    root = tmp_path / "runs"
    root.mkdir()
    root.chmod(0o555)
    try:
        if os.geteuid() == 0:
            RunStore(root).check_writable()  # root writes anyway: see read_only_filesystem
        else:
            with pytest.raises(RunStoreError, match="not writable"):
                RunStore(root).check_writable()
    finally:
        root.chmod(0o755)


@pytest.mark.dataset
def test_garbage_model_file_is_listed_broken_and_the_other_runs_still_open(finished_runs, tmp_path):
    store = copy_store(finished_runs, tmp_path)
    good, bad = sorted(record.run_id for record in store.list())
    listed = {entry.key for entry in catalog.list_models(tmp_path / "none", store.root)}
    assert listed == {f"run:{good}", f"run:{bad}"}  # and now remembered by the catalog
    store.model_path(bad).write_bytes(os.urandom(4096))

    records = {record.run_id: record for record in store.list()}
    assert records[bad].status == "broken"
    assert "model.keras" in records[bad].metrics["error"]
    assert records[good].status == "finished"
    assert store.get(bad).status == "broken"

    entries = {entry.key: entry for entry in catalog.list_models(tmp_path / "none", store.root)}
    assert f"run:{good}" in entries
    assert f"run:{bad}" not in entries  # a broken run is never offered as a model
    model = catalog.load_model(entries[f"run:{good}"].model_path)
    probabilities = np.asarray(model(np.zeros((1, 28, 28, 1), np.float32)))
    assert probabilities.shape == (1, 10)
    with pytest.raises(ValueError, match=r"model\.keras"):
        catalog.load_model(store.model_path(bad))
    store.delete(bad)
    assert [record.run_id for record in store.list()] == [good]


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("config.json", b"{not json"),
        ("status.json", b"[1, 2]"),
        ("history.csv", b"epoch,loss\n1,abc\n"),
        ("card.json", None),  # deleted: written last, so its absence means unfinished
    ],
)
@pytest.mark.dataset
def test_other_damaged_files_make_a_broken_run_not_an_error(finished_runs, tmp_path, name, damage):
    store = copy_store(finished_runs, tmp_path)
    good, bad = sorted(record.run_id for record in store.list())
    target = store.root / bad / name
    if damage is None:
        target.unlink()
    else:
        target.write_bytes(damage)
    statuses = {record.run_id: record.status for record in store.list()}
    assert statuses == {good: "finished", bad: "broken"}
