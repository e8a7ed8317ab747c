"""Train a model from a :class:`TrainConfig` into the run store, with Keras callbacks.

:func:`train` is what a training job runs (:class:`cnn_core.jobs.JobManager`; by
default in a worker process, :mod:`cnn_core.train_worker`). It never touches
Streamlit: it reports through an ``on_progress`` callable with a
:class:`~cnn_core.progress.Progress` (defined apart, so the web process can show
progress without importing this module) and stops when a ``stop_event`` is set. The shipped
models are not trained here: ``scripts/train_shipped_models.py`` builds them with
:func:`cnn_core.models.build_model` and fits them itself (data augmentation,
``ReduceLROnPlateau``, the process-global seed), outside the run store.

Seeding: ``keras.utils.set_random_seed`` is process-global, so with several runs in
parallel threads (:class:`cnn_core.backends.ThreadBackend`) it would make them
interfere. Instead the seed goes to every initializer and dropout layer of the model
(:func:`cnn_core.models.build_model`), to the train subset / validation split
(:func:`cnn_core.datasets.load_dataset`) and to the shuffle of the training set (a
seeded ``tf.data`` index shuffle). Runs with the same config start from the same
weights and see the same batches; on CPU the result is then nearly (not bit-for-bit)
reproducible.

What a run *is* (:class:`~cnn_core.train_config.TrainConfig`, the presets) lives in
:mod:`cnn_core.train_config` and how it is stored lives in :mod:`cnn_core.runs`;
this module is the one Keras-bound step between them: fit, evaluate, save.
"""

from __future__ import annotations

import math
import os
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from cnn_core.board import apply_pending_names
from cnn_core.checkpoints import checkpoint_callback
from cnn_core.datasets import DATASETS, LANGUAGES, DatasetSplits, load_dataset, read_ahead
from cnn_core.models import build_model
from cnn_core.preprocess import DEFAULT_POLARITY
from cnn_core.progress import Progress, seconds_left
from cnn_core.runs import (
    CARD_FILE,
    CONFUSION_FILE,
    HISTORY_KEYS,
    LOGS_DIR,
    MAX_SAVED_IMAGES,
    METRICS_FILE,
    MISTAKES_FILE,
    RunRecord,
    RunStore,
    RunStoreError,
    error_text,
    live_run,
)
from cnn_core.train_config import OPTIMIZERS, PRESETS, SCHEDULES, CustomSpec, TrainConfig

if TYPE_CHECKING:  # annotations only: Keras (TensorFlow) is imported where a model is needed
    import keras

PROGRESS_INTERVAL_S = 0.2
"""Least time between two per-batch progress reports (epoch ends always report)."""
WARMUP_FRACTION = 0.1
"""Share of a ``"cosine"`` schedule's steps spent warming up, from a tenth of the peak."""
PREDICT_BATCH_SIZE = 512
"""Batch of the passes that only predict: validation after each epoch and the test set.

Larger than a training batch: the same figures in fewer, cheaper steps."""


def make_schedule(
    name: str, learning_rate: float, total_steps: int
) -> float | keras.optimizers.schedules.LearningRateSchedule:
    """The learning rate of a :class:`TrainConfig`'s ``schedule``, by name.

    Args:
        name: one of :data:`~cnn_core.train_config.SCHEDULES`.
        learning_rate: the constant rate, or the peak of the schedule.
        total_steps: the planned optimizer steps (epochs x batches per epoch).

    Returns:
        ``learning_rate`` itself for ``"constant"``; for ``"cosine"`` a
        ``keras.optimizers.schedules.CosineDecay`` that rises linearly from
        ``learning_rate / 10`` to ``learning_rate`` over the first
        :data:`WARMUP_FRACTION` of ``total_steps``, then falls along a half cosine
        to 0 at ``total_steps``.

    Raises:
        ValueError: unknown name or ``total_steps`` below 1.
    """
    if name not in SCHEDULES:
        raise ValueError(f"unknown schedule {name!r}; expected one of {SCHEDULES}")
    if total_steps < 1:
        raise ValueError(f"total_steps must be at least 1, got {total_steps!r}")
    if name == "constant":
        return learning_rate
    import keras

    warmup = int(total_steps * WARMUP_FRACTION)
    return keras.optimizers.schedules.CosineDecay(
        initial_learning_rate=learning_rate / 10 if warmup else learning_rate,
        decay_steps=max(1, total_steps - warmup),
        alpha=0.0,
        warmup_target=learning_rate if warmup else None,
        warmup_steps=warmup,
    )


def make_optimizer(
    name: str, learning_rate: float | keras.optimizers.schedules.LearningRateSchedule
) -> keras.optimizers.Optimizer:
    """A fresh Keras optimizer by name.

    Args:
        name: one of :data:`~cnn_core.train_config.OPTIMIZERS`.
        learning_rate: a float or a ``keras.optimizers.schedules.LearningRateSchedule``.

    Raises:
        ValueError: unknown name.
    """
    import keras

    classes = {
        "adam": keras.optimizers.Adam,
        "sgd": keras.optimizers.SGD,
        "rmsprop": keras.optimizers.RMSprop,
        "adagrad": keras.optimizers.Adagrad,
        "adadelta": keras.optimizers.Adadelta,
    }
    if name not in classes:
        raise ValueError(f"unknown optimizer {name!r}; expected one of {OPTIMIZERS}")
    return classes[name](learning_rate=learning_rate)


def build_compiled_model(config: TrainConfig, steps_per_epoch: int = 1) -> keras.Model:
    """Build and compile the config's model (sparse categorical cross-entropy, accuracy).

    Args:
        config: what to build, with which optimizer and learning-rate schedule.
        steps_per_epoch: batches per epoch; a schedule spans ``config.epochs`` of
            them (a constant rate does not use it).
    """
    info = DATASETS[config.dataset]
    model = build_model(
        config.model,
        info.input_shape,
        info.num_classes,
        custom=config.custom,
        seed=config.seed,
    )
    model.compile(
        optimizer=make_optimizer(
            config.optimizer,
            make_schedule(config.schedule, config.learning_rate, config.epochs * steps_per_epoch),
        ),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def _create_training_state(model: keras.Model, input_shape: tuple[int, int, int]) -> None:
    """Create a compiled model's loss, metric and optimizer variables now, before ``fit``.

    Keras creates them while it traces the first training step, and a ``tf.function``
    that creates variables on its first trace is traced a second time. Measured on
    the quick preset: a first ``fit`` of 10 batches took 0.76 s, 0.40 s after this;
    in ``train()`` the first epoch's excess over the second fell from 0.94 s to 0.37 s
    (medians of 8 alternating runs). One call on two blank images of ``input_shape``
    ``(H, W, C)`` in inference mode builds the loss and metrics, which are then
    reset; the weights, BatchNorm statistics and random generators stay as they were
    (the runs' histories are identical).
    """
    x = np.zeros((2, *input_shape), np.float32)
    y = np.zeros(2, np.int64)
    predicted = model(x, training=False)
    model.compute_loss(x=x, y=y, y_pred=predicted)
    model.compute_metrics(x, y, predicted, sample_weight=None)
    model.optimizer.build(model.trainable_variables)
    model.reset_metrics()


def fit_batches(x: NDArray, y: NDArray, batch_size: int, seed: int) -> dict[str, Any]:
    """What ``model.fit`` takes to train on ``(x, y)`` in a new seeded order every
    epoch: ``model.fit(**fit_batches(...), epochs=...)``.

    Only the indices are shuffled (``Dataset.range(...).shuffle(seed=...)``) and
    gathered per batch, so the shuffle is cheap and per-run reproducible without a
    global seed. uint8 images stay uint8 and each batch is divided by 255 (exactly
    as :mod:`cnn_core.datasets` scales: float32 division), a quarter of the memory
    of float32 images.

    The dataset repeats, epoch after epoch (each reshuffled), and ``steps_per_epoch``
    says where an epoch ends, so one iterator serves the whole fit. Handed a finite
    dataset, Keras 3.15 makes a new iterator every epoch; on this 2-core machine the
    next epoch's first batch then waited 0.5-3.3 s (2026-12-02, a quick-preset
    ``train()`` in a script, with a browser at work beside it), and 14-25 s in the
    app with a class's pages and a browser sharing the cores.

    Args:
        x: ``(N, H, W, C)`` images: uint8 0-255, or float32 in [0, 1].
        y: ``(N,)`` int labels.
        batch_size: images per batch; an epoch's last batch has the rest.
        seed: the shuffle's seed.

    Returns:
        ``{"x": dataset, "steps_per_epoch": ceil(N / batch_size), "shuffle": False}``:
        the dataset yields ``((B, H, W, C) float32, (B,) labels)`` batches, endlessly.
    """
    import tensorflow as tf

    x_t, y_t = tf.constant(x), tf.constant(y)

    def batch(indices):
        images = tf.gather(x_t, indices)
        if x_t.dtype == tf.uint8:
            images = tf.cast(images, tf.float32) / 255.0
        return images, tf.gather(y_t, indices)

    dataset = (
        tf.data.Dataset.range(len(x))
        .shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
        .batch(batch_size)
        .map(batch)
        .repeat()
        .prefetch(2)
    )
    return {"x": dataset, "steps_per_epoch": math.ceil(len(x) / batch_size), "shuffle": False}


def _progress_callback_class():
    import keras

    class RunCallback(keras.callbacks.Callback):
        """Progress per batch (throttled) and epoch, stop requests, history.csv."""

        def __init__(self, store, run_id, epochs, batches, on_progress, stop_event):
            super().__init__()
            self.store, self.run_id = store, run_id
            self.epochs, self.batches = epochs, batches
            self.on_progress, self.stop_event = on_progress, stop_event
            self.history: dict[str, list[float]] = {}
            self.epoch_seconds: list[float] = []
            self.end_seconds: list[float] = []  # each epoch's end: validation, checkpoint
            self.stopped = False
            self.stopped_at: dict[str, int] | None = None  # where Stop took effect
            self.epoch = self.batch = self.done = 0
            self.start = self.epoch_start = self.last_report = 0.0
            self.first_end = self.last_end = 0.0  # the first and the latest batch's end

        def on_train_begin(self, logs=None):
            self.start = time.perf_counter()

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch + 1
            self.epoch_start = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            self.batch = batch + 1
            if self.stop_event is not None and self.stop_event.is_set() and not self.stopped:
                self.model.stop_training = True
                self.stopped = True
                self.stopped_at = {"epoch": self.epoch, "batch": self.batch}
            now = self.last_end = time.perf_counter()
            self.done = (self.epoch - 1) * self.batches + self.batch
            if self.done == 1:  # the pace is taken from here (seconds_left)
                self.first_end = now
            if self.on_progress is None or now - self.last_report < PROGRESS_INTERVAL_S:
                return
            self.last_report = now
            self._report("training", self.batch, logs, now - self.start, self._left(now))

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            self.epoch_seconds.append(time.perf_counter() - self.epoch_start)
            for key in HISTORY_KEYS:
                if key in logs:
                    self.history.setdefault(key, []).append(float(logs[key]))
            self.store.write_history(self.run_id, self.history)
            now = time.perf_counter()
            self.end_seconds.append(now - self.last_end)
            if self.on_progress is not None:
                self._report("training", self.batch, logs, now - self.start, self._left(now))

        def _left(self, now):
            """Seconds left of the planned epochs (:func:`seconds_left`), or ``None``."""
            ends = self.end_seconds
            return seconds_left(
                self.done,
                self.epochs * self.batches,
                max(now - self.first_end - sum(ends), 0.0),
                float(np.mean(ends)) if ends else 0.0,
                self.epochs - len(ends),
            )

        def _report(self, phase, batch, logs, elapsed, eta):
            self.on_progress(
                Progress(
                    phase=phase,
                    epoch=self.epoch,
                    epochs=self.epochs,
                    batch=batch,
                    batches=self.batches,
                    logs={k: float(v) for k, v in (logs or {}).items() if k in HISTORY_KEYS},
                    history={k: list(v) for k, v in self.history.items()},
                    elapsed_s=elapsed,
                    eta_s=eta,
                    stopped=self.stopped,
                )
            )

    return RunCallback


def _standard_callbacks(model_path: Path, logs_path: Path, monitor: str, patience: int) -> list:
    """ModelCheckpoint (best, to ``model_path``), EarlyStopping (restore best),
    TensorBoard (per epoch, into ``logs_path``; ``requirements.txt`` installs its
    package, which TensorFlow 2.21 does not pull in)."""
    import keras

    class EpochTensorBoard(keras.callbacks.TensorBoard):
        """Per-epoch scalars only (no graph, histograms or profiler).

        Keras 3.15's ``on_train_batch_end`` builds a summary of every metric
        after every batch even with ``update_freq="epoch"``, which no writer
        records: about 0.3 ms a batch, 5 % of a quick-preset run. With these
        settings it has nothing else to do, so it is left out.
        """

        def on_train_batch_end(self, batch, logs=None):
            pass

    return [
        keras.callbacks.ModelCheckpoint(
            model_path, monitor=monitor, save_best_only=True, verbose=0
        ),
        keras.callbacks.EarlyStopping(
            monitor=monitor, patience=patience, restore_best_weights=True, verbose=0
        ),
        EpochTensorBoard(
            log_dir=str(logs_path),
            update_freq="epoch",
            histogram_freq=0,
            write_graph=False,
            profile_batch=0,
        ),
    ]


def score_test_set(
    model: keras.Model, x: NDArray, y: NDArray
) -> tuple[float, float, NDArray[np.float32]]:
    """One prediction pass over a test set: what the run reports about it.

    Args:
        model: a compiled classifier with a softmax output.
        x: images ``(N, H, W, C)``.
        y: integer labels ``(N,)``.

    Returns:
        ``(loss, accuracy, probabilities)``: the mean sparse categorical
        cross-entropy (probabilities clipped to ``[1e-7, 1 - 1e-7]`` as Keras does),
        the share of argmax predictions equal to ``y``, and the ``(N, K)``
        probabilities (for the confusion matrix and the mistakes).
    """
    probabilities = model.predict(x, batch_size=PREDICT_BATCH_SIZE, verbose=0)
    labels = np.asarray(y, np.int64)
    picked = np.clip(probabilities[np.arange(len(labels)), labels], 1e-7, 1 - 1e-7)
    loss = float(-np.mean(np.log(picked.astype(np.float64)))) if len(labels) else 0.0
    accuracy = float(np.mean(probabilities.argmax(axis=1) == labels)) if len(labels) else 0.0
    return loss, accuracy, probabilities


def confusion_matrix(y_true: NDArray, y_pred: NDArray, num_classes: int) -> NDArray[np.int64]:
    """``(K, K)`` counts, rows = true class, columns = predicted class."""
    flat = np.asarray(y_true, np.int64) * num_classes + np.asarray(y_pred, np.int64)
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(num_classes, -1)


def _model_card(config: TrainConfig, run_id: str, metrics: dict[str, Any], n_test: int) -> dict:
    info = DATASETS[config.dataset]
    accuracy = metrics["test_accuracy"]
    return {
        "name": run_id,
        "title": {  # the architecture's name is the UI's to say (ui.models)
            lang: f"{info.title[lang]} ({accuracy:.1%})"  # the UI adds the viewer's start time
            for lang in LANGUAGES
        },
        "dataset": config.dataset,
        "architecture": config.model,
        "input_shape": list(info.input_shape),
        "input_range": [0.0, 1.0],
        # Grayscale datasets are light on dark; cnn_core.preprocess knows only the two
        # grayscale polarities and never inverts colour input, so CIFAR-10 keeps this too.
        "polarity": DEFAULT_POLARITY,
        "class_names": info.class_names,
        "test_accuracy": accuracy,
        "accuracy_measured_on": {
            "ko": f"{info.test_set['ko']} {n_test:,}장",
            "en": f"{info.test_set['en']}, {n_test:,} images",
        },
        "params": metrics["params"],
        "train_seconds": metrics["train_seconds"],
        "command": f"cnn_core.training.train({config!r})",
        "run_id": run_id,
        "config": config.to_dict(),
    }


def train(
    config: TrainConfig,
    store: RunStore,
    *,
    run_id: str | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    stop_event: threading.Event | None = None,
) -> RunRecord:
    """Train ``config`` and save everything in a run of ``store``.

    Steps: check the store is writable, load the data, create the run (or take over
    ``run_id`` if a job manager created it queued) and give it the name typed at Start
    (:func:`cnn_core.board.apply_pending_names`), build and compile the model,
    ``model.fit`` with progress/stop, ModelCheckpoint, EarlyStopping and TensorBoard
    callbacks, then one prediction pass over the test set (:func:`score_test_set`: loss,
    accuracy, confusion matrix and misclassified images from the same
    probabilities) and write metrics, confusion matrix, misclassified images and,
    last, ``card.json``.

    A set ``stop_event`` ends training after the current batch; the partial epoch is
    still validated, the best checkpoint and the history are kept, and the run is
    evaluated and saved with status ``"stopped"``.

    Args:
        config: what to train.
        store: where the run goes.
        run_id: an id to use; an existing (queued) run folder with it is reused.
        on_progress: called from this thread with a :class:`Progress`, at most every
            :data:`PROGRESS_INTERVAL_S` during an epoch and at each epoch's end.
        stop_event: set it (from any thread) to stop.

    Returns:
        The run's final :class:`RunRecord` (``finished`` or ``stopped``).

    Raises:
        RunStoreError: the store is not writable (before any data is loaded).
        DatasetUnavailable: the dataset cannot be loaded.
        Exception: anything else that fails; the run is then marked ``failed`` with
            the error (when its folder exists) before the error propagates.
    """
    store.check_writable()
    queued = run_id is not None and (store.root / run_id).is_dir()
    run_id = run_id or store.new_run_id(config)
    with live_run(run_id):
        if queued:
            store.set_status(run_id, "running")
        if on_progress is not None:
            on_progress(Progress("loading", 0, config.epochs, 0, 0))
        try:
            data = load_dataset(
                config.dataset,
                train_subset=config.train_subset,
                validation_split=config.validation_split,
                seed=config.seed,
                unscaled_train=True,  # uint8 until each batch: a quarter of the memory
            )
            if not queued:
                store.create(config, run_id)
        except BaseException as err:
            if queued:
                _mark_failed(store, run_id, err)
            raise
        apply_pending_names(store.root)  # a name typed at Start joins the run's folder
        try:
            _fit_and_save(config, store, run_id, data, on_progress, stop_event)
        except BaseException as err:
            _mark_failed(store, run_id, err)
            raise
    return store.get(run_id)


def warm_up() -> None:
    """Pay this process's one-time TensorFlow and Keras costs before a run comes.

    A process's first run sets up what later runs reuse (``tf.function`` and
    ``tf.data`` machinery, the summary writer, the ``.keras`` writer): about 1 s more
    than the same quick-preset run after another (``docs/reliability.md``). This
    trains a tiny model (2 filters, BatchNorm, dropout) for one step on 8 blank
    images of :data:`~cnn_core.datasets.DATASETS`' ``"fashion_mnist"`` shape
    ``(8, 28, 28, 1)``, through the same fit, callbacks, test pass and files as
    :func:`train`, into a temporary store that is then deleted. Then it reads the
    quick preset's dataset (Fashion-MNIST) into memory when its files are on disk
    (:func:`~cnn_core.datasets.read_ahead`: never a download; 0.25 s of a run). A
    waiting worker calls it (:mod:`cnn_core.train_worker`). Every initializer,
    dropout and shuffle of a run has its own seed, so the next run's results stay
    the same.
    """
    config = TrainConfig(
        model="custom",
        custom=CustomSpec(conv_blocks=2, filters=2, dense_units=4, dropout=0.1, batch_norm=True),
        epochs=1,
        batch_size=8,
        schedule="cosine",
    )
    info = DATASETS[config.dataset]
    blank = np.zeros((config.batch_size, *info.input_shape), np.float32)
    labels = np.zeros(config.batch_size, np.int64)
    data = DatasetSplits(blank.astype(np.uint8), labels, blank, labels, blank, labels, info)
    with tempfile.TemporaryDirectory(prefix="cnn-explorer-warm-up-") as root:
        store = RunStore(Path(root))
        run_id = store.new_run_id(config)
        store.create(config, run_id)
        _fit_and_save(config, store, run_id, data, None, None)
    read_ahead(PRESETS["quick"].dataset)  # where the page starts; not CIFAR-10's 180 MB


def _mark_failed(store: RunStore, run_id: str, err: BaseException) -> None:
    store.set_status(run_id, "failed", ended=time.time(), error=error_text(err))


def _fit_and_save(
    config: TrainConfig,
    store: RunStore,
    run_id: str,
    data: DatasetSplits,
    on_progress: Callable[[Progress], None] | None,
    stop_event: threading.Event | None,
) -> None:
    import keras

    info = data.info
    batches = math.ceil(len(data.x_train) / config.batch_size)
    model = build_compiled_model(config, batches)
    _create_training_state(model, info.input_shape)
    run_path = store.root / run_id
    has_val = len(data.x_val) > 0
    monitor = "val_loss" if has_val else "loss"
    progress = _progress_callback_class()(
        store, run_id, config.epochs, batches, on_progress, stop_event
    )
    standard = _standard_callbacks(
        store.model_path(run_id), run_path / LOGS_DIR, monitor, config.patience
    )
    started = time.perf_counter()
    model.fit(
        **fit_batches(data.x_train, data.y_train, config.batch_size, config.seed),
        validation_data=(data.x_val, data.y_val) if has_val else None,
        validation_batch_size=PREDICT_BATCH_SIZE,
        epochs=config.epochs,
        # ModelCheckpoint and EarlyStopping before the progress callback, so an
        # epoch's report comes after its checkpoint is on disk.
        callbacks=[*standard, checkpoint_callback(run_path), progress],
        verbose=0,
    )
    train_seconds = time.perf_counter() - started
    early_stopping = standard[1]

    if on_progress is not None:
        on_progress(
            Progress(
                "evaluating",
                progress.epoch,
                config.epochs,
                0,
                batches,
                history={k: list(v) for k, v in progress.history.items()},
                elapsed_s=train_seconds,
                stopped=progress.stopped,
            )
        )
    test_loss, test_accuracy, probabilities = score_test_set(model, data.x_test, data.y_test)
    predicted = probabilities.argmax(axis=1)
    num_classes = info.num_classes
    store.write_array(run_id, CONFUSION_FILE, confusion_matrix(data.y_test, predicted, num_classes))
    wrong = np.flatnonzero(predicted != data.y_test)
    confidence = probabilities[wrong, predicted[wrong]].astype(np.float32)
    order = np.argsort(-confidence, kind="stable")
    wrong, confidence = wrong[order], confidence[order]
    shown = wrong[:MAX_SAVED_IMAGES]
    store.write_arrays(
        run_id,
        MISTAKES_FILE,
        indices=wrong.astype(np.int64),
        true=data.y_test[wrong].astype(np.int64),
        pred=predicted[wrong].astype(np.int64),
        confidence=confidence,
        images=np.round(data.x_test[shown] * 255).astype(np.uint8),
    )
    epochs_run = len(progress.epoch_seconds)
    best_epoch = (
        int(early_stopping.best_epoch) + 1
        if early_stopping.best_weights is not None
        else epochs_run
    )
    metrics = {
        "test_loss": float(test_loss),
        "test_accuracy": float(test_accuracy),
        "seconds_per_epoch": float(np.mean(progress.epoch_seconds)) if epochs_run else 0.0,
        "epoch_seconds": [float(s) for s in progress.epoch_seconds],
        "train_seconds": float(train_seconds),
        "params": int(model.count_params()),
        "best_epoch": best_epoch,
        "epochs_run": epochs_run,
        "stopped": progress.stopped,
        "stopped_at": progress.stopped_at and {**progress.stopped_at, "batches": batches},
        "early_stopped": bool(early_stopping.stopped_epoch > 0),
        "train_images": len(data.x_train),
        "val_images": len(data.x_val),
        "test_images": len(data.x_test),
        "keras_version": keras.__version__,
    }
    # The restored best weights are those the checkpoint holds; saving again makes
    # model.keras atomic and covers a run without an improving epoch.
    _save_model_atomically(model, store.model_path(run_id))
    store.write_history(run_id, progress.history)
    store.write_json(run_id, METRICS_FILE, metrics)
    status = "stopped" if progress.stopped else "finished"
    store.set_status(run_id, status, ended=time.time())
    store.write_json(run_id, CARD_FILE, _model_card(config, run_id, metrics, len(data.x_test)))
    if on_progress is not None:
        on_progress(
            Progress(
                "done",
                progress.epoch,
                config.epochs,
                0,
                batches,
                history={k: list(v) for k, v in progress.history.items()},
                elapsed_s=train_seconds,
                eta_s=0.0,
                stopped=progress.stopped,
            )
        )


def _save_model_atomically(model: keras.Model, path: Path) -> None:
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp.keras")
    try:
        model.save(tmp)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise RunStoreError(f"cannot write {path}: {err}") from err
