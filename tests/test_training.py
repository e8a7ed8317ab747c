"""cnn_core.training: TrainConfig, train() into a run store, stop, early stopping.

Most runs use a tiny custom model on synthetic 28x28 images (the class is a bright
band at a class-specific height), put in place of load_dataset, so they take a couple
of seconds. One test trains the seeds' CNN on 2,000 real Fashion-MNIST images.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import os
import re
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from cnn_core import board, catalog, training
from cnn_core.datasets import DATASETS, DatasetSplits, DatasetUnavailable, keras_cache_dir
from cnn_core.progress import Progress
from cnn_core.runs import RunStore, RunStoreError
from cnn_core.train_config import OPTIMIZERS, PRESETS, CustomSpec, TrainConfig
from cnn_core.training import fit_batches, train

TINY = CustomSpec(
    conv_blocks=1, filters=4, kernel_size=3, pooling="max", dropout=0.0, dense_units=16
)
RUN_FILES = {
    "config.json",
    "status.json",
    "history.csv",
    "metrics.json",
    "model.keras",
    "confusion.npy",
    "misclassified.npz",
    "card.json",
}


def _bands(n: int, seed: int, shift: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 10, n)
    x = rng.uniform(0, 0.3, (n, 28, 28, 1)).astype(np.float32)
    for i, label in enumerate(y):
        x[i, 2 * label + 3 : 2 * label + 6, :, 0] = 1.0
    return x, ((y + shift) % 10).astype(np.int64)


def _tiny_splits(
    n_train: int = 300, n_val: int = 60, n_test: int = 200, val_shift: int = 0
) -> DatasetSplits:
    x_train, y_train = _bands(n_train, 1)
    x_val, y_val = _bands(n_val, 2, shift=val_shift)
    x_test, y_test = _bands(n_test, 3)
    return DatasetSplits(x_train, y_train, x_val, y_val, x_test, y_test, DATASETS["fashion_mnist"])


@pytest.fixture
def tiny_data(monkeypatch):
    """Make train() use synthetic splits; returns the list of load_dataset calls."""
    calls = []

    def fake_load(name, **kwargs):
        calls.append((name, kwargs))
        return _tiny_splits()

    monkeypatch.setattr(training, "load_dataset", fake_load)
    return calls


def _tiny_config(**changes) -> TrainConfig:
    base = {
        "model": "custom",
        "custom": TINY,
        "epochs": 1,
        "batch_size": 32,
        "learning_rate": 5e-3,
        "train_subset": 360,
    }
    return TrainConfig(**{**base, **changes})


def test_config_round_trip_and_checks():
    config = TrainConfig(model="custom", custom=TINY, train_subset=2000, optimizer="sgd")
    data = config.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["custom"]["filters"] == 4
    assert TrainConfig.from_dict(data) == config
    assert TrainConfig.from_dict({**data, "added_later": 1}) == config
    assert TrainConfig(model="custom").custom == CustomSpec()
    assert TrainConfig(model="seed_cnn", custom=TINY).custom is None
    for field, value in [
        ("dataset", "svhn"),
        ("model", "vgg"),
        ("epochs", 0),
        ("optimizer", "lbfgs"),
        ("learning_rate", 0.0),
        ("train_subset", 3),
        ("validation_split", 0.7),
        ("patience", -1),
        ("batch_size", 0),
        ("schedule", "step"),
        ("seed", -1),
        ("seed", 2**32),
    ]:
        with pytest.raises(ValueError, match=repr(value)):
            TrainConfig(**{field: value})
    with pytest.raises(ValueError):
        TrainConfig.from_dict({"epochs": 2, "custom": {"filters": 0}})
    with pytest.raises(ValueError, match="bogus"):
        TrainConfig.from_dict({"model": "custom", "custom": {"bogus": 1}})
    for field, value in [("epochs", "3"), ("epochs", 2.5), ("learning_rate", "0.1")]:
        with pytest.raises(ValueError, match=re.escape(repr(value))):
            TrainConfig(**{field: value})
    # Numbers from widgets may be numpy scalars: stored as plain int / float (JSON-ready).
    numpy_config = TrainConfig(
        epochs=np.int64(3),
        learning_rate=np.float32(0.5),
        model="custom",
        custom=CustomSpec(filters=np.int64(8)),
    )
    assert type(numpy_config.epochs) is int
    assert type(numpy_config.learning_rate) is float
    assert type(numpy_config.custom.filters) is int
    json.dumps(numpy_config.to_dict())


def test_every_seed_in_its_range_trains_and_one_outside_is_refused_up_front(tmp_path, tiny_data):
    """A negative seed passed the config's checks and failed later, in the worker
    (``np.random.default_rng(-1)``); the ends of SEED_RANGE train."""
    from cnn_core.train_config import SEED_RANGE

    assert SEED_RANGE == (0, 2**32 - 1)
    for bad in (-1, 2**32):
        with pytest.raises(ValueError, match=re.escape(f"seed must be 0..4294967295, got {bad}")):
            _tiny_config(seed=bad)
    record = train(_tiny_config(seed=SEED_RANGE[1]), RunStore(tmp_path))
    assert record.status == "finished" and record.config.seed == 2**32 - 1


def test_presets():
    # Seeds 000/002 exactly: adam at Keras's default rate, batch 32, patience 2, and
    # train_test_split(test_size=0.2): 48,000 images trained on, 12,000 held out.
    assert PRESETS["seed_recipe"] == TrainConfig(
        dataset="fashion_mnist",
        model="seed_cnn",
        epochs=20,
        batch_size=32,
        optimizer="adam",
        learning_rate=1e-3,
        schedule="constant",
        validation_split=0.2,
        patience=2,
    )
    for name in ("quick", "best"):
        preset = PRESETS[name]
        assert (preset.dataset, preset.train_subset, preset.seed) == ("fashion_mnist", None, 0)
        assert preset.schedule == "cosine" and preset.custom.batch_norm
        assert TrainConfig.from_dict(preset.to_dict()) == preset
    assert PRESETS["quick"].epochs < PRESETS["best"].epochs


def test_an_old_config_without_the_new_fields_reads_as_before():
    old = {"model": "custom", "custom": {"filters": 8}, "epochs": 3}
    config = TrainConfig.from_dict(old)
    assert config.schedule == "constant" and config.custom.batch_norm is False
    with pytest.raises(ValueError, match="'yes'"):
        CustomSpec(batch_norm="yes")


def test_cosine_schedule_warms_up_then_decays_to_zero():
    assert training.make_schedule("constant", 0.01, 100) == 0.01
    schedule = training.make_schedule("cosine", 0.01, 100)
    rates = [float(schedule(step)) for step in range(101)]
    warmup = int(100 * training.WARMUP_FRACTION)
    assert rates[0] == pytest.approx(0.001)
    assert rates[warmup] == pytest.approx(0.01)
    assert all(a < b for a, b in itertools.pairwise(rates[: warmup + 1]))
    assert all(a >= b for a, b in itertools.pairwise(rates[warmup:]))
    assert rates[100] == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(ValueError, match="'step'"):
        training.make_schedule("step", 0.01, 100)
    with pytest.raises(ValueError, match="0"):
        training.make_schedule("cosine", 0.01, 0)


def test_one_test_pass_gives_loss_accuracy_and_probabilities():
    probabilities = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.0, 1.0, 0.0]], np.float32)

    class Fixed:
        def predict(self, x, batch_size, verbose):
            return probabilities[: len(x)]

    labels = np.array([0, 1, 1])
    loss, accuracy, returned = training.score_test_set(Fixed(), np.zeros((3, 2)), labels)
    # Keras clips to [1e-7, 1 - 1e-7] before the log, as here.
    expected = -(np.log(0.7) + np.log(0.1) + np.log(1 - 1e-7)) / 3
    assert loss == pytest.approx(expected, rel=1e-6)
    assert accuracy == pytest.approx(2 / 3)
    np.testing.assert_array_equal(returned, probabilities)


def test_batch_norm_and_a_cosine_schedule_train(tmp_path, tiny_data):
    spec = CustomSpec(
        conv_blocks=1, filters=4, kernel_size=3, dropout=0.0, dense_units=16, batch_norm=True
    )
    record = train(_tiny_config(custom=spec, epochs=2, schedule="cosine"), RunStore(tmp_path))
    assert record.status == "finished"
    # + norm1: 4 channels x (scale, offset, moving mean, moving variance) = 16.
    assert record.metrics["params"] == 40 + 16 + 12_560 + 170
    assert record.metrics["epochs_run"] == 2


def test_tensorboard_writes_epoch_scalars_and_builds_none_per_batch(
    tmp_path, tiny_data, monkeypatch
):
    """Keras 3.15's TensorBoard built discarded summaries after every batch (5 % of a run)."""
    import tensorflow.summary as summary  # the module Keras's callback writes with

    tags: list[str] = []
    scalar = summary.scalar

    def counting_scalar(name, *args, **kwargs):
        tags.append(name)
        return scalar(name, *args, **kwargs)

    monkeypatch.setattr(summary, "scalar", counting_scalar)
    record = train(_tiny_config(epochs=2), RunStore(tmp_path / "runs"))

    assert record.status == "finished"
    assert tags.count("epoch_loss") == 4  # two epochs, train and validation writers
    assert not [tag for tag in tags if tag.startswith("batch_")]
    assert list((record.path / "logs" / "train").glob("events.out.tfevents.*"))


def test_the_training_step_is_traced_once(tmp_path, tiny_data, monkeypatch):
    """Keras built the loss, metrics and optimizer inside the first trace, and a
    tf.function that creates variables is traced twice (0.4-0.6 s of a quick run)."""
    traces: list[int] = []
    build = training.build_compiled_model

    def counting_build(*args, **kwargs):
        model = build(*args, **kwargs)
        step = model.train_step

        def train_step(data):  # Python runs it only while TensorFlow traces it
            traces.append(1)
            return step(data)

        model.train_step = train_step
        return model

    monkeypatch.setattr(training, "build_compiled_model", counting_build)
    record = train(_tiny_config(epochs=2), RunStore(tmp_path / "runs"))

    assert record.status == "finished" and record.metrics["epochs_run"] == 2
    assert len(traces) == 1


def test_warm_up_leaves_no_files_and_changes_no_result(tmp_path, tiny_data, monkeypatch):
    """What a waiting worker runs before its job (cnn_core.train_worker); it trains on
    blank images, then reads the quick preset's dataset ahead (tests/test_datasets.py)."""
    read: list[str] = []
    monkeypatch.setattr(training, "read_ahead", read.append)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    config = _tiny_config(custom=dataclasses.replace(TINY, batch_norm=True), epochs=2)
    before = train(config, RunStore(tmp_path / "cold"))
    loads = list(tiny_data)

    training.warm_up()

    assert tiny_data == loads  # blank images of its own
    assert read == ["fashion_mnist"]
    assert not list((tmp_path / "tmp").glob("cnn-explorer-warm-up-*"))  # its store is gone
    after = train(config, RunStore(tmp_path / "warm"))
    assert after.history == before.history
    assert after.metrics["test_accuracy"] == before.metrics["test_accuracy"]


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_every_optimizer_builds(name):
    optimizer = training.make_optimizer(name, 0.01)
    assert float(optimizer.learning_rate) == pytest.approx(0.01)


def test_one_epoch_run_writes_every_file(tmp_path, tiny_data):
    store = RunStore(tmp_path / "runs")
    reports: list[Progress] = []
    run_id = store.new_run_id(_tiny_config())
    board.remember_name(store.root, run_id, "Minji")  # typed at Start, before the folder
    record = train(_tiny_config(), store, run_id=run_id, on_progress=reports.append)
    assert board.read_entry(record.path).name == "Minji"  # in the folder from its start
    assert not (store.root / board.PENDING_DIR / f"{run_id}.json").exists()

    assert tiny_data == [
        (
            "fashion_mnist",
            {"train_subset": 360, "validation_split": 0.1, "seed": 0, "unscaled_train": True},
        )
    ]
    assert record.status == "finished"
    files = {path.name for path in record.path.iterdir()}
    assert files >= RUN_FILES
    assert "logs" in files  # TensorBoard's: requirements.txt installs it
    assert not [name for name in files if name.endswith(".tmp") or ".tmp." in name]

    metrics = record.metrics
    assert metrics["epochs_run"] == 1
    assert metrics["best_epoch"] == 1
    # conv1 (9*1+1)*4 = 40; 14*14*4 = 784 -> dense1 (784+1)*16 = 12,560; output 17*10 = 170.
    assert metrics["params"] == 40 + 12_560 + 170
    assert 0.0 <= metrics["test_accuracy"] <= 1.0
    assert metrics["seconds_per_epoch"] > 0
    assert metrics["stopped"] is False
    assert set(record.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert all(len(values) == 1 for values in record.history.values())

    confusion = store.confusion(record.run_id)
    assert confusion.shape == (10, 10)
    assert confusion.sum() == 200
    assert np.trace(confusion) == round(metrics["test_accuracy"] * 200)
    wrong = store.misclassified(record.run_id)
    assert len(wrong["indices"]) == 200 - np.trace(confusion)
    assert len(wrong["images"]) == min(32, len(wrong["indices"]))
    assert wrong["images"].dtype == np.uint8
    assert np.all(wrong["true"] != wrong["pred"])
    assert np.all(np.diff(wrong["confidence"]) <= 0)  # most confident mistakes first

    card = catalog.read_card(record.path / "card.json")
    assert card["architecture"] == "custom"
    assert card["class_names"]["ko"][0] == "티셔츠"
    assert card["test_accuracy"] == metrics["test_accuracy"]
    # Text shown to users is a {ko, en} pair, never an internal name.
    assert card["accuracy_measured_on"] == {
        "ko": "패션 MNIST 테스트 세트 200장",
        "en": "the Fashion-MNIST test set, 200 images",
    }
    assert card["polarity"] == "light_on_dark"
    entries = [e for e in catalog.list_models(runs=store.root) if e.source == "run"]
    assert [e.key for e in entries] == [f"run:{record.run_id}"]
    model = catalog.load_model(entries[0].model_path)
    assert model.count_params() == metrics["params"]

    phases = [report.phase for report in reports]
    assert phases[0] == "loading"
    assert phases[-2:] == ["evaluating", "done"]
    assert not any(report.stopped for report in reports)
    training_reports = [report for report in reports if report.phase == "training"]
    assert training_reports
    assert all(r.epoch == 1 and 1 <= r.batch <= r.batches == 10 for r in training_reports)
    assert training_reports[-1].history["loss"] == record.history["loss"]
    assert reports[-1].history == record.history


def test_stop_ends_within_one_batch_and_keeps_the_results(tmp_path, tiny_data, monkeypatch):
    monkeypatch.setattr(training, "PROGRESS_INTERVAL_S", 0.0)  # report every batch
    store = RunStore(tmp_path)
    stop = threading.Event()
    batches_seen = []

    reports: list[Progress] = []

    def on_progress(progress: Progress) -> None:
        reports.append(progress)
        if progress.phase == "training":
            batches_seen.append((progress.epoch, progress.batch))
            if progress.batch == 3:
                stop.set()

    record = train(
        _tiny_config(epochs=5, batch_size=10), store, on_progress=on_progress, stop_event=stop
    )
    assert record.status == "stopped"
    assert max(batches_seen) in {(1, 3), (1, 4)}
    assert reports[-2:] and all(report.stopped for report in reports[-2:])  # evaluating, done
    assert record.metrics["stopped"] is True
    assert record.metrics["epochs_run"] == 1
    assert len(record.history["loss"]) == 1  # the partial epoch
    stopped_at = record.metrics["stopped_at"]
    assert stopped_at["epoch"] == 1 and stopped_at["batch"] in {3, 4}
    assert stopped_at["batches"] > stopped_at["batch"]  # the page says it was partial
    assert store.model_path(record.run_id).is_file()
    assert (record.path / "card.json").is_file()


def test_time_left_comes_from_the_pace_after_the_first_batch(monkeypatch):
    """The audit's run: 2 epochs of 938 batches, a first batch of 2 s (tracing), then
    3 ms a batch. A pace from the start said "about 3750 s left" after the first batch."""
    now = [0.0]
    monkeypatch.setattr(training, "time", SimpleNamespace(perf_counter=lambda: now[0]))
    monkeypatch.setattr(training, "PROGRESS_INTERVAL_S", 0.0)  # report every batch
    reports: list[Progress] = []
    quiet_store = SimpleNamespace(write_history=lambda run_id, history: None)
    callback = training._progress_callback_class()(quiet_store, "run", 2, 938, reports.append, None)
    callback.on_train_begin()
    callback.on_epoch_begin(0)
    for batch in range(938):
        now[0] += 2.0 if batch == 0 else 0.003
        callback.on_train_batch_end(batch, {"loss": 1.0})
    now[0] += 0.5  # validation
    callback.on_epoch_end(0, {"loss": 1.0})
    left = [report.eta_s for report in reports]
    assert left[:3] == [None, None, None]  # the first batch, then no pace yet
    assert left[3] == pytest.approx(0.009 / 3 * (1876 - 4))  # 5.6 s
    assert reports[3].elapsed_s == pytest.approx(2.009)
    assert all(0 < seconds < 6 for seconds in left[3:-1])
    assert left[-1] == pytest.approx(0.003 * 938 + 0.5)  # one epoch left, and its end

    callback.on_epoch_begin(1)
    for batch in range(938):
        now[0] += 0.003
        callback.on_train_batch_end(batch, {"loss": 1.0})
    now[0] += 0.5
    callback.on_epoch_end(1, {"loss": 1.0})
    second = [report.eta_s for report in reports[len(left) :]]
    # The audit saw the estimate jump up at each epoch's end; now it only falls, by
    # the batches' pace, and reaches 0 with the last epoch's end.
    assert all(b < a for a, b in zip([left[-1], *second], second, strict=False))
    assert second[0] == pytest.approx(0.003 * 937 + 0.5)
    assert second[-2] == pytest.approx(0.5)  # the last batch: only its epoch's end
    assert second[-1] == 0.0


def test_a_runs_rough_time_follows_the_measured_steps():
    """The page's warning before Start (controls._cost_ui) rests on it: the step times of
    train_config.SECONDS_PER_MAC's docstring, each within 35 %."""
    from cnn_core.models import model_size
    from cnn_core.train_config import rough_train_seconds

    big = TrainConfig(
        model="custom",
        custom=CustomSpec(
            conv_blocks=2, filters=64, kernel_size=5, dropout=0.0, dense_units=512, batch_norm=True
        ),
        batch_size=16,
        validation_split=0.0,
    )
    measured = {  # ms a step on one worker's thread
        PRESETS["quick"]: 7.0,
        TrainConfig(model="seed_cnn", batch_size=32): 16.1,
        TrainConfig(model="seed_cnn", batch_size=256): 64.3,
        big: 56.0,
        dataclasses.replace(big, batch_size=128): 513.0,
    }
    for config, step_ms in measured.items():
        macs = model_size(config).macs
        one, two = (dataclasses.replace(config, epochs=n, validation_split=0.0) for n in (1, 2))
        epoch_s = rough_train_seconds(two, macs) - rough_train_seconds(one, macs)
        step_s = epoch_s / -(-60_000 // config.batch_size)
        assert 0.65 < step_s * 1000 / step_ms < 1.35, (config, step_s)
    audit = dataclasses.replace(big, epochs=100)
    hours = rough_train_seconds(audit, model_size(audit).macs) / 3600
    assert 4 < hours < 7  # the audit's run said 17,870 s (5 h) left
    with pytest.raises(ValueError, match="got 0"):
        rough_train_seconds(audit, 0)


def test_time_left_waits_for_a_few_batches_or_a_second_of_them():
    from cnn_core.progress import ETA_MIN_BATCHES, ETA_MIN_SECONDS, seconds_left

    assert (ETA_MIN_BATCHES, ETA_MIN_SECONDS) == (3, 1.0)
    assert seconds_left(1, 100, 0.0) is None  # the first batch: no pace at all
    assert seconds_left(1, 100, 5.0) is None
    assert seconds_left(3, 100, 0.02) is None  # two quick batches
    assert seconds_left(4, 100, 0.03) == pytest.approx(0.01 * 96)
    assert seconds_left(2, 100, 0.9) is None  # one slow batch, under a second
    assert seconds_left(2, 100, 1.5) == pytest.approx(1.5 * 98)  # one batch of 1.5 s
    assert seconds_left(100, 100, 9.0) == 0.0
    assert seconds_left(51, 100, 5.0, end_s=0.4, ends_left=1) == pytest.approx(0.1 * 49 + 0.4)
    for bad in ((0, 100, 1.0), (101, 100, 1.0), (5, 100, -0.1), (5, 100, 1.0, -0.1, 1)):
        with pytest.raises(ValueError, match=re.escape(f"done={bad[0]}, total=100")):
            seconds_left(*bad)


def test_early_stopping_restores_the_best_weights(tmp_path, monkeypatch):
    # Validation labels are shifted by one class: the better the model learns the
    # training set, the worse its validation loss, so epoch 1 is the best one.
    monkeypatch.setattr(training, "load_dataset", lambda name, **kw: _tiny_splits(val_shift=1))
    store = RunStore(tmp_path)
    record = train(_tiny_config(epochs=6, patience=1, learning_rate=1e-2), store)
    metrics, history = record.metrics, record.history
    assert metrics["best_epoch"] == int(np.argmin(history["val_loss"])) + 1
    assert metrics["best_epoch"] < metrics["epochs_run"] < 6
    assert metrics["early_stopped"] is True

    model = catalog.load_model(store.model_path(record.run_id))
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    splits = _tiny_splits(val_shift=1)
    val_loss, _ = model.evaluate(splits.x_val, splits.y_val, verbose=0)
    assert val_loss == pytest.approx(history["val_loss"][metrics["best_epoch"] - 1], rel=1e-4)
    assert val_loss < history["val_loss"][-1]
    test_loss, _ = model.evaluate(splits.x_test, splits.y_test, verbose=0)
    assert test_loss == pytest.approx(metrics["test_loss"], rel=1e-4)


def test_without_validation_split_early_stopping_watches_the_training_loss(tmp_path, monkeypatch):
    def no_validation(name, **kwargs):
        splits = _tiny_splits()
        splits.x_val, splits.y_val = splits.x_val[:0], splits.y_val[:0]
        return splits

    monkeypatch.setattr(training, "load_dataset", no_validation)
    record = train(_tiny_config(epochs=2, validation_split=0.0), RunStore(tmp_path))
    assert record.status == "finished"
    assert set(record.history) == {"loss", "accuracy"}
    assert record.metrics["best_epoch"] == int(np.argmin(record.history["loss"])) + 1


def test_unwritable_store_fails_before_loading_data(tmp_path, monkeypatch):
    monkeypatch.setattr(training, "load_dataset", pytest.fail)
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(RunStoreError, match="not writable"):
        train(_tiny_config(), RunStore(blocker / "runs"))


def test_missing_dataset_raises_and_marks_a_queued_run_failed(tmp_path, monkeypatch):
    def unavailable(name, **kwargs):
        raise DatasetUnavailable(name, "OSError: offline", "/nowhere", ("mnist.npz",))

    monkeypatch.setattr(training, "load_dataset", unavailable)
    store = RunStore(tmp_path)
    with pytest.raises(DatasetUnavailable):
        train(_tiny_config(dataset="mnist"), store)
    assert store.list() == []  # no run folder for a run that never started

    queued = store.create(_tiny_config(dataset="mnist"), status="queued").run_id
    with pytest.raises(DatasetUnavailable):
        train(_tiny_config(dataset="mnist"), store, run_id=queued)
    record = store.get(queued)
    assert record.status == "failed"
    assert "offline" in record.metrics["error"]


def test_an_error_while_training_marks_the_run_failed(tmp_path, tiny_data):
    store = RunStore(tmp_path)

    def explode(progress: Progress) -> None:
        if progress.phase == "training":
            raise RuntimeError("page went away")

    with pytest.raises(RuntimeError, match="page went away"):
        train(_tiny_config(), store, on_progress=explode)
    (record,) = store.list()
    assert record.status == "failed"
    assert "page went away" in record.metrics["error"]


def test_parallel_runs_in_threads(tmp_path, tiny_data):
    store = RunStore(tmp_path)
    results: dict[int, object] = {}

    def worker(seed: int) -> None:
        results[seed] = train(_tiny_config(seed=seed), store)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(results) == [1, 2]
    assert {record.status for record in results.values()} == {"finished"}
    assert len({record.run_id for record in results.values()}) == 2
    assert {record.status for record in store.list()} == {"finished"}


def _fashion_mnist_cached() -> bool:
    return all(
        os.path.isfile(os.path.join(keras_cache_dir(), name))
        for name in DATASETS["fashion_mnist"].cache_files
    )


@pytest.mark.dataset
def test_seed_cnn_on_2000_real_fashion_mnist_images(tmp_path):
    if not _fashion_mnist_cached():
        pytest.skip(f"Fashion-MNIST is not in the Keras cache {keras_cache_dir()}")
    config = TrainConfig(
        dataset="fashion_mnist", model="seed_cnn", epochs=1, batch_size=32, train_subset=2000
    )
    record = train(config, RunStore(tmp_path))
    assert record.status == "finished"
    assert record.metrics["params"] == 333_526
    assert record.metrics["test_images"] == 10_000
    assert record.metrics["test_accuracy"] > 0.70, record.metrics


@pytest.mark.parametrize(
    ("model", "optimizer", "batch_size"),
    [("lenet_mnist", "adam", 32), ("keras_book", "rmsprop", 128)],  # seeds 001 and 003
)
def test_course_mnist_recipes_train_offline_on_the_bundled_digits(
    tmp_path, model, optimizer, batch_size
):
    config = TrainConfig(
        dataset="mnist_subset",
        model=model,
        optimizer=optimizer,
        learning_rate=1e-3,
        batch_size=batch_size,
        epochs=1,
        train_subset=1_000,
    )
    record = train(config, RunStore(tmp_path))
    assert record.status == "finished", record.metrics
    assert record.metrics["test_images"] == 2_000  # the held-out part, never trained on
    assert record.metrics["test_accuracy"] > 0.3, record.metrics  # well above 10 % chance
    card = catalog.read_card(record.path / "card.json")
    assert card["accuracy_measured_on"]["en"] == (
        "the held-out part of the MNIST digits that ship with the app, 2,000 images"
    )
    assert card["dataset"] == "mnist_subset" and card["class_names"]["en"][3] == "3"


def test_runs_dir_default_store_is_used_by_catalog(runs_dir, tiny_data):
    record = train(_tiny_config(), RunStore())
    assert Path(record.path).parent == runs_dir
    assert [e.key for e in catalog.list_models() if e.source == "run"] == [f"run:{record.run_id}"]


def test_uint8_images_give_the_float_batches_exactly():
    """Training keeps its images as uint8 and scales each batch: the same numbers."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (50, 4, 4, 1), dtype=np.uint8)
    labels = rng.integers(0, 10, 50)
    scaled = images.astype(np.float32) / 255.0  # as cnn_core.datasets scales
    steps = fit_batches(images, labels, 16, seed=3)["steps_per_epoch"]
    for (a, la), (b, lb) in zip(
        fit_batches(images, labels, 16, seed=3)["x"].take(2 * steps),
        fit_batches(scaled, labels, 16, seed=3)["x"].take(2 * steps),
        strict=True,
    ):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
        np.testing.assert_array_equal(la.numpy(), lb.numpy())


def test_fit_batches_give_every_image_once_an_epoch_in_a_new_order_each_time():
    """One endless dataset for the whole fit (no new iterator, and no wait, between
    epochs): ``steps_per_epoch`` batches make exactly one pass over the images."""
    images = np.zeros((50, 2, 2, 1), dtype=np.uint8)
    fed = fit_batches(images, np.arange(50), 16, seed=5)
    assert fed["steps_per_epoch"] == 4 and fed["shuffle"] is False
    batches = [labels.numpy() for _, labels in fed["x"].take(3 * 4)]
    assert [len(b) for b in batches] == [16, 16, 16, 2] * 3  # the rest ends each epoch
    epochs = [np.concatenate(batches[i : i + 4]) for i in (0, 4, 8)]
    assert all(sorted(epoch) == list(range(50)) for epoch in epochs)
    assert not np.array_equal(epochs[0], epochs[1]) and not np.array_equal(epochs[1], epochs[2])
    again = [
        labels.numpy() for _, labels in fit_batches(images, np.arange(50), 16, 5)["x"].take(12)
    ]
    assert all(np.array_equal(a, b) for a, b in zip(batches, again, strict=True))  # seeded
