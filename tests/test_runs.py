"""The run store: atomic writes, listing of broken and interrupted runs, deletion.

These tests write run folders by hand (no TensorFlow); tests/test_training.py checks
the folders train() writes.
"""

from __future__ import annotations

import collections
import fcntl
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from cnn_core import board
from cnn_core import runs as runs_module
from cnn_core.runs import RunStore, RunStoreError, atomic_write, live_run
from cnn_core.train_config import TrainConfig

CONFIG = TrainConfig(epochs=2, train_subset=100)


def _fake_model(path: Path) -> None:
    """A file shaped like a .keras archive (a zip with config.json)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", "{}")


def _finished_run(store: RunStore, run_id: str | None = None, *, pid: int | None = None) -> str:
    run_id = store.create(CONFIG, run_id).run_id
    store.write_history(
        run_id,
        {
            "loss": [1.0, 0.5],
            "accuracy": [0.5, 0.75],
            "val_loss": [1.1, 0.6],
            "val_accuracy": [0.4, 0.7],
        },
    )
    store.write_json(run_id, "metrics.json", {"test_accuracy": 0.7, "best_epoch": 2})
    store.write_array(run_id, "confusion.npy", np.eye(10, dtype=np.int64))
    _fake_model(store.model_path(run_id))
    store.set_status(run_id, "finished", ended=1.0)
    store.write_json(run_id, "card.json", {"name": run_id})
    if pid is not None:
        _patch_json(store.root / run_id / "status.json", pid=pid)
    return run_id


def _write_mistakes(store: RunStore, run_id: str, **changes: np.ndarray | None) -> None:
    """Write a ``misclassified.npz`` of 3 mistakes on 28×28 grey images (10 classes), with
    ``changes`` to its arrays (``None`` leaves that array out)."""
    arrays = {
        "indices": np.arange(3),
        "true": np.array([0, 1, 9]),
        "pred": np.array([1, 0, 8]),
        "confidence": np.array([0.9, 0.8, 0.7], np.float32),
        "images": np.zeros((3, 28, 28, 1), np.uint8),
    } | changes
    kept = {name: array for name, array in arrays.items() if array is not None}
    store.write_arrays(run_id, "misclassified.npz", **kept)


def _patch_json(path: Path, **fields) -> None:
    data = json.loads(path.read_text())
    data.update(fields)
    path.write_text(json.dumps(data))


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_create_get_and_round_trip(tmp_path):
    store = RunStore(tmp_path / "runs")
    record = store.create(CONFIG)
    assert re.fullmatch(r"\d{8}-\d{6}-fashion_mnist-seed_cnn-[0-9a-f]{4}", record.run_id)
    assert sorted(p.name for p in record.path.iterdir()) == ["config.json", "status.json"]
    status = json.loads((record.path / "status.json").read_text())
    assert status["status"] == "running"
    assert status["pid"] == os.getpid()
    with live_run(record.run_id):
        fetched = store.get(record.run_id)
    assert fetched.status == "running"
    assert fetched.config == CONFIG

    run_id = _finished_run(store)
    done = store.get(run_id)
    assert done.status == "finished"
    assert done.history["val_accuracy"] == [0.4, 0.7]
    assert done.metrics["best_epoch"] == 2
    np.testing.assert_array_equal(store.confusion(run_id), np.eye(10))
    assert store.misclassified(run_id) is None  # not written
    assert [r.run_id for r in store.list()] == [run_id, record.run_id]  # newest first


def test_new_run_ids_are_unique_and_sortable(tmp_path):
    store = RunStore(tmp_path)
    ids = {store.create(CONFIG).run_id for _ in range(5)}
    assert len(ids) == 5
    with pytest.raises(ValueError, match="already exists"):
        store.create(CONFIG, next(iter(ids)))


def test_a_new_id_taken_meanwhile_by_another_process_is_drawn_again(tmp_path, monkeypatch):
    # new_run_id checks the folder is free; another replica may create it before mkdir.
    store = RunStore(tmp_path)
    taken = store.create(CONFIG).run_id
    drawn = iter([taken, "20261130-131800-fashion_mnist-seed_cnn-beef"])
    monkeypatch.setattr(store, "new_run_id", lambda config: next(drawn))
    assert store.create(CONFIG).run_id == "20261130-131800-fashion_mnist-seed_cnn-beef"


def test_misclassified_arrays_round_trip(tmp_path):
    store = RunStore(tmp_path)
    run_id = store.create(CONFIG).run_id
    _write_mistakes(store, run_id)  # every array: a file without one reads as absent
    loaded = store.misclassified(run_id)
    assert loaded is not None
    np.testing.assert_array_equal(loaded["indices"], [0, 1, 2])
    assert loaded["images"].shape == (3, 28, 28, 1)


def test_unwritable_store_raises_with_the_folder(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    store = RunStore(blocker / "runs")
    with pytest.raises(RunStoreError, match=re.escape(str(blocker / "runs"))):
        store.check_writable()
    with pytest.raises(RunStoreError):
        store.create(CONFIG)


def test_atomic_write_keeps_the_old_file_when_a_write_crashes(tmp_path, monkeypatch):
    target = tmp_path / "metrics.json"
    atomic_write(target, b'{"old": true}')

    def crash(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runs_module.os, "fsync", crash)
    with pytest.raises(RunStoreError, match="No space left"):
        atomic_write(target, b'{"new": tru')
    assert target.read_bytes() == b'{"old": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["metrics.json"]  # temp removed

    def killed(*args):
        raise KeyboardInterrupt  # the process dies between write and rename

    monkeypatch.undo()
    monkeypatch.setattr(runs_module.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b'{"new": true}')
    assert target.read_bytes() == b'{"old": true}'


def test_broken_runs_are_listed_and_deletable(tmp_path):
    store = RunStore(tmp_path)
    good = _finished_run(store, "20260101-000000-good")
    damaged = {
        "20260101-000001-garbage-config": lambda p: (p / "config.json").write_text("{nope"),
        "20260101-000002-no-status": lambda p: (p / "status.json").unlink(),
        "20260101-000003-garbage-model": lambda p: (p / "model.keras").write_bytes(b"\0" * 64),
        "20260101-000004-no-model": lambda p: (p / "model.keras").unlink(),
        "20260101-000005-no-card": lambda p: (p / "card.json").unlink(),
        "20260101-000006-bad-metrics": lambda p: (p / "metrics.json").write_text("[1, 2]"),
        "20260101-000007-bad-history": lambda p: (p / "history.csv").write_text(
            "epoch,loss\n1,x\n"
        ),
        "20260101-000008-bad-status": lambda p: _patch_json(p / "status.json", status="weird"),
        "20260101-000009-bad-field": lambda p: _patch_json(p / "config.json", epochs=-3),
        "20260101-000010-empty": lambda p: [f.unlink() for f in p.iterdir()],
    }
    for run_id, damage in damaged.items():
        _finished_run(store, run_id)
        damage(store.root / run_id)
    (store.root / "stray-file.txt").write_text("not a run")

    listed = {record.run_id: record for record in store.list()}
    assert set(listed) == {good, *damaged}
    assert listed[good].status == "finished"
    for run_id in damaged:
        assert listed[run_id].status == "broken", run_id
        assert listed[run_id].metrics["error"]
        assert store.get(run_id).status == "broken"
    for run_id in damaged:
        store.delete(run_id)
    assert [record.run_id for record in store.list()] == [good]


def test_running_runs_of_dead_or_orphaned_jobs_are_interrupted(tmp_path):
    store = RunStore(tmp_path)
    orphan = store.create(CONFIG).run_id  # this pid, but no live job
    assert store.get(orphan).status == "interrupted"
    with live_run(orphan):
        assert store.get(orphan).status == "running"

    dead = store.create(CONFIG).run_id
    _patch_json(store.root / dead / "status.json", pid=_dead_pid())
    assert store.get(dead).status == "interrupted"

    queued = store.create(CONFIG, status="queued").run_id
    _patch_json(store.root / queued / "status.json", pid=os.getppid())  # another live process
    assert store.get(queued).status == "queued"

    # A finished run whose card is still being written counts as running while live.
    finishing = _finished_run(store)
    (store.root / finishing / "card.json").unlink()
    with live_run(finishing):
        assert store.get(finishing).status == "running"
        with pytest.raises(ValueError, match="still training"):
            store.delete(finishing)
    assert store.get(finishing).status == "broken"


def test_failed_runs_keep_their_error(tmp_path):
    store = RunStore(tmp_path)
    run_id = store.create(CONFIG).run_id
    store.set_status(run_id, "failed", error="ValueError: boom")
    record = store.get(run_id)
    assert record.status == "failed"
    assert record.metrics == {"error": "ValueError: boom"}
    assert json.loads((record.path / "status.json").read_text())["started"] == record.created


def test_an_error_is_recorded_as_its_class_and_message_and_read_back():
    text = runs_module.error_text(ValueError("bad input: 3"))
    assert text == "ValueError: bad input: 3"
    assert runs_module.error_type(text) == "ValueError"
    assert runs_module.error_type("the worker training it died (exit code -9)") is None
    assert runs_module.error_type("not a class: message") is None
    assert runs_module.error_type("") is None


def test_the_run_files_are_named_once_and_read_without_raising(tmp_path):
    store = RunStore(tmp_path)
    run_id = _finished_run(store)
    path = store.root / run_id
    names = {
        runs_module.CONFIG_FILE,
        runs_module.STATUS_FILE,
        runs_module.HISTORY_FILE,
        runs_module.METRICS_FILE,
        runs_module.MODEL_FILE,
        runs_module.CONFUSION_FILE,
        runs_module.CARD_FILE,
    }
    assert {file.name for file in path.iterdir()} == names
    assert store.model_path(run_id) == path / runs_module.MODEL_FILE
    assert runs_module.read_metrics(path) == {"test_accuracy": 0.7, "best_epoch": 2}
    assert runs_module.read_config(path) == CONFIG
    for damage in ("{ not json", "[1, 2]", '{"epochs": 0}', "\xff"):
        (path / runs_module.METRICS_FILE).write_text(damage, encoding="latin-1")
        (path / runs_module.CONFIG_FILE).write_text(damage, encoding="latin-1")
        assert runs_module.read_metrics(path) in ({}, {"epochs": 0})
        assert runs_module.read_config(path) is None
    assert runs_module.read_metrics(tmp_path / "missing") == {}
    assert runs_module.read_config(tmp_path / "missing") is None


def test_a_run_stored_with_more_epochs_than_the_page_offers_still_reads(tmp_path):
    """The page offers up to PAGE_MAX_EPOCHS; a config.json with more (a notebook's run)
    reads back, and one beyond the library's range is a broken run that says why."""
    from cnn_core.train_config import EPOCHS_RANGE, PAGE_MAX_EPOCHS

    store = RunStore(tmp_path)
    long_run = store.create(TrainConfig(epochs=150)).run_id
    store.set_status(long_run, "failed", error="ValueError: boom")
    assert PAGE_MAX_EPOCHS < 150 <= EPOCHS_RANGE[1]
    assert store.get(long_run).config.epochs == 150
    too_long = store.create(CONFIG).run_id
    store.set_status(too_long, "failed", error="ValueError: boom")
    _patch_json(store.root / too_long / runs_module.CONFIG_FILE, epochs=EPOCHS_RANGE[1] + 1)
    broken = store.get(too_long)
    assert broken.status == "broken"
    assert broken.metrics["error"] == "ValueError: epochs must be 1..200, got 201"


def test_bad_run_ids_are_rejected(tmp_path):
    store = RunStore(tmp_path)
    for bad in ("../escape", "", "a/b", ".hidden"):
        with pytest.raises(ValueError, match=re.escape(repr(bad))):
            store.get(bad)
    with pytest.raises(ValueError, match="no run"):
        store.get("20260101-000000-missing")
    with pytest.raises(ValueError, match="no run"):
        store.delete("20260101-000000-missing")


def test_default_root_is_the_configured_runs_dir(runs_dir):
    assert RunStore().root == runs_dir
    assert RunStore().list() == []


def test_a_name_and_a_hide_at_the_same_moment_both_land(tmp_path, monkeypatch):
    """A name typed at Start reaching the folder while the teacher hides the run, on
    ten runs at once (twenty threads): every run keeps both changes."""
    real_read = board.read_entry

    def slow_read(run_path):  # widens the read-to-write window where an update is lost
        entry = real_read(run_path)
        time.sleep(0.02)
        return entry

    monkeypatch.setattr(board, "read_entry", slow_read)
    folders = [tmp_path / f"run{index}" for index in range(10)]
    for folder in folders:
        folder.mkdir()
    changes = [(board.set_name, f"민지 {index}") for index in range(len(folders))]
    changes += [(board.set_hidden, True)] * len(folders)
    start = threading.Barrier(len(changes))
    errors = []

    def change(index: int) -> None:
        apply, value = changes[index]
        start.wait()
        try:
            apply(folders[index % len(folders)], value)
        except Exception as err:  # reported by the assert below
            errors.append(err)

    threads = [threading.Thread(target=change, args=(i,)) for i in range(len(changes))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    entries = [real_read(folder) for folder in folders]
    assert entries == [board.BoardEntry(f"민지 {i}", True) for i in range(len(folders))]


def test_a_board_change_waits_while_another_process_holds_the_entry(tmp_path):
    """The lock holds across server processes sharing the run store, not only threads."""
    child = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cnn_core import board\n"
        "print('ready', flush=True)\n"
        "board.set_hidden(Path(sys.argv[1]), True)\n"
    )
    with open(tmp_path / board.LOCK_FILE, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another process in the middle of a change
        process = subprocess.Popen(
            [sys.executable, "-c", child, str(tmp_path)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert process.stdout.readline() == "ready\n"
            with pytest.raises(subprocess.TimeoutExpired):
                process.wait(timeout=1.5)
            assert board.read_entry(tmp_path) == board.BoardEntry()  # nothing written yet
        finally:
            fcntl.flock(held, fcntl.LOCK_UN)
        assert process.wait(timeout=30) == 0
    assert board.read_entry(tmp_path) == board.BoardEntry(None, True)


def test_damaged_result_arrays_read_as_absent_never_raise(tmp_path):
    # A half-synced or damaged file must not break the results view for the class.
    store = RunStore(tmp_path)
    run_id = store.create(CONFIG).run_id
    store.write_array(run_id, "confusion.npy", np.eye(10, dtype=np.int64))
    images = np.zeros((3, 28, 28, 1), np.uint8)
    store.write_arrays(run_id, "misclassified.npz", indices=np.arange(3), images=images)
    folder = tmp_path / run_id
    whole = {name: (folder / name).read_bytes() for name in ("confusion.npy", "misclassified.npz")}
    rng = np.random.default_rng(0)
    kinds = collections.Counter()
    for _ in range(600):
        for name, data in whole.items():
            damaged = bytearray(data)
            if rng.random() < 0.3:
                damaged = damaged[: int(rng.integers(len(data)))]
            else:
                for at in rng.integers(len(data), size=int(rng.integers(1, 8))):
                    damaged[at] = int(rng.integers(256))
            (folder / name).write_bytes(bytes(damaged))
        for read in (store.confusion, store.misclassified):
            try:
                kinds[type(read(run_id)).__name__] += 1
            except Exception as err:
                raise AssertionError(f"{read.__name__} raised {err!r}") from err
    assert kinds["NoneType"] > 100  # damage was seen (some copies still read)


@pytest.mark.parametrize(
    ("changes", "classes"),
    [
        ({"images": None}, None),
        ({"true": None}, None),
        ({"confidence": None}, None),
        ({"true": np.array([0, 1])}, None),  # one label short
        ({"pred": np.zeros((3, 1), np.int64)}, None),  # not 1-D
        ({"images": np.zeros((4, 28, 28, 1), np.uint8)}, None),  # more images than mistakes
        ({"images": np.zeros((3, 28, 28), np.uint8)}, None),  # no channel axis
        ({"images": np.zeros((3, 28, 28, 2), np.uint8)}, None),  # neither grey nor RGB
        ({"images": np.zeros((3, 28, 28, 1), np.float32)}, None),
        ({"true": np.array([0, -1, 9])}, None),
        ({"pred": np.array([1.0, 0.0, 8.0])}, None),  # labels that are no integers
        ({"true": np.array([0, 1, 10])}, 10),  # outside the dataset's 10 classes
        ({"pred": np.array([1, 0, 8])}, 9),  # another dataset's labels
    ],
)
def test_misclassified_arrays_that_do_not_fit_together_read_as_absent(tmp_path, changes, classes):
    store = RunStore(tmp_path)
    run_id = store.create(CONFIG).run_id
    _write_mistakes(store, run_id, **changes)
    assert store.misclassified(run_id, classes) is None


def test_misclassified_labels_are_checked_against_the_class_count_when_it_is_known(tmp_path):
    store = RunStore(tmp_path)
    run_id = store.create(CONFIG).run_id
    _write_mistakes(store, run_id, true=np.array([0, 1, 12]))
    assert store.misclassified(run_id) is not None  # any label >= 0 may be a class
    assert store.misclassified(run_id, 13) is not None
    assert store.misclassified(run_id, 10) is None
    _write_mistakes(store, run_id, images=np.zeros((0, 28, 28, 1), np.uint8))
    loaded = store.misclassified(run_id, 10)
    assert loaded is not None and len(loaded["images"]) == 0  # none kept: the page says so


@pytest.mark.parametrize(
    ("matrix", "classes"),
    [
        (np.zeros((10, 9), np.int64), None),  # not square
        (np.zeros(10, np.int64), None),  # not 2-D
        (np.zeros((10, 10, 1), np.int64), None),
        (np.array(5), None),
        (np.eye(10), None),  # float: no counts
        (np.eye(3, dtype=np.int64), 10),  # another dataset's 3 classes
    ],
)
def test_a_confusion_matrix_of_the_wrong_shape_reads_as_absent(tmp_path, matrix, classes):
    store = RunStore(tmp_path)
    run_id = store.create(CONFIG).run_id
    store.write_array(run_id, "confusion.npy", matrix)
    assert store.confusion(run_id, classes) is None


def test_a_square_confusion_matrix_reads_with_or_without_the_class_count(tmp_path):
    store = RunStore(tmp_path)
    run_id = _finished_run(store)  # a 10×10 matrix
    np.testing.assert_array_equal(store.confusion(run_id, 10), np.eye(10))
    assert store.confusion(run_id, 3) is None
    store.write_array(run_id, "confusion.npy", np.eye(3, dtype=np.int64))
    np.testing.assert_array_equal(store.confusion(run_id), np.eye(3))


def test_an_archive_under_the_confusion_matrix_name_reads_as_absent(tmp_path):
    store = RunStore(tmp_path)
    run_id = store.create(CONFIG).run_id
    archive = io.BytesIO()
    np.savez(archive, counts=np.eye(10, dtype=np.int64))  # np.load gives an NpzFile
    (tmp_path / run_id / "confusion.npy").write_bytes(archive.getvalue())
    assert store.confusion(run_id, 10) is None


def test_a_run_start_reads_in_the_viewers_time_zone():
    """The id holds UTC; a Korean classroom reads its own clock (the audit saw 03:37 UTC
    on runs started at 12:37 in Seoul)."""
    from datetime import timedelta, timezone

    from cnn_core.runs import run_started

    run_id = "20261201-033746-fashion_mnist-custom-ab12"
    assert run_started(run_id) == "2026-12-01 03:37:46 UTC"
    seoul = timezone(timedelta(hours=9))
    assert run_started(run_id, seoul) == "2026-12-01 12:37:46"
    assert run_started("20261231-203000-x", seoul) == "2027-01-01 05:30:00"  # a new day
    for odd in ("my-run", "20261399-033746-x", "20261201-256060-x"):  # by hand, no such time
        assert run_started(odd, seoul) == odd


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a Python file that is not a docstring, with its line."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def test_a_run_s_file_names_are_written_once_as_constants():
    """The run folder's file names are spelled only by the constants the runs docstring
    lists (runs, checkpoints, board); every other module uses those constants."""
    from cnn_core import checkpoints

    # "config.json" also names the member of a .keras archive; "stop" and "logs" are words.
    names = {
        value
        for name, value in vars(runs_module).items()
        if name.endswith("_FILE") and value not in ("config.json", "stop")
    } | {checkpoints.CHECKPOINT_DIR, board.BOARD_FILE, board.LOCK_FILE, board.PENDING_DIR}
    repo = Path(__file__).resolve().parent.parent
    defining = {Path(module.__file__).resolve() for module in (runs_module, checkpoints, board)}
    spelled = [
        f"{path.relative_to(repo)}:{line} {text!r}"
        for folder in ("cnn_core", "ui", "app_pages", "app_harness", "bench", "scripts")
        for path in sorted((repo / folder).rglob("*.py"))
        if path.resolve() not in defining
        for line, text in _code_strings(path)
        if any(text == name or text.endswith("/" + name) for name in names)
    ]
    assert spelled == []
