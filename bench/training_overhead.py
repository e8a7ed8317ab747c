"""Overhead of train() over a bare model.fit: same model, data, batch size, epochs.

Alternates, in one process, (a) a bare ``model.fit`` of a freshly built model and
(b) ``cnn_core.training.train()`` with everything the Training page attaches: a
progress callback (``on_progress``), a stop event (never set), ModelCheckpoint,
EarlyStopping, and TensorBoard when its package is installed. Both use the same
seeded input pipeline (``shuffled_batches``) and validation data.

The figure is the time of the ``model.fit`` call inside train() over the bare
``model.fit``'s (both timed by the same wrapper around ``keras.Model.fit``): target
<= 1.05. The whole train() call (data split, model build, test evaluation,
confusion matrix, files) is printed too. The machine is shared, so besides wall
time the process CPU time of each fit is measured: its ratio is much less
sensitive to other processes stealing the cores than the wall-time ratio.

Measured on 2026-11-22 (TensorBoard installed; load average 10-18 from the other
engineers' work on the 2 cores, so wall times swing by +-30 %):

- seed_cnn, all 54,000 training images, batch 128, 2 epochs, 3 repetitions:
  CPU ratio 1.004 (medians 41.35 / 41.19 s), best-of-3 1.012; wall ratio of
  medians 1.12 and best-of-3 0.85, i.e. noise. Whole train() call / bare fit 1.27
  (test evaluation + predictions on 10,000 images, files).
- the same on 10,000 images, 5 repetitions: CPU ratio 1.060 (7.81 / 7.37 s): the
  per-run fixed costs (TensorBoard writers, two checkpoints) weigh more on short fits.

    .venv/bin/python bench/training_overhead.py [--model seed_cnn] [--reps 3]
    .venv/bin/python bench/training_overhead.py --train-subset 10000  # fixed costs weigh more
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from cnn_core.datasets import load_dataset
from cnn_core.runs import RunStore
from cnn_core.train_config import TrainConfig
from cnn_core.training import (
    build_compiled_model,
    shuffled_batches,
    tensorboard_available,
    train,
)

FIT_TIMES: list[tuple[float, float]] = []
"""``(wall, cpu)`` seconds of every ``keras.Model.fit`` call, in order."""


def time_every_fit() -> None:
    """Wrap ``keras.Model.fit`` so each call appends its wall and CPU time to FIT_TIMES."""
    import keras

    original = keras.Model.fit

    def timed_fit(self, *args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return original(self, *args, **kwargs)
        finally:
            FIT_TIMES.append((time.perf_counter() - wall, time.process_time() - cpu))

    keras.Model.fit = timed_fit


def bare_fit(config: TrainConfig) -> tuple[float, float]:
    """``(wall, cpu)`` seconds of a plain ``model.fit`` (no callbacks, verbose=0)."""
    data = load_dataset(
        config.dataset,
        train_subset=config.train_subset,
        validation_split=config.validation_split,
        seed=config.seed,
    )
    model = build_compiled_model(config)
    model.fit(
        shuffled_batches(data.x_train, data.y_train, config.batch_size, config.seed),
        validation_data=(data.x_val, data.y_val),
        epochs=config.epochs,
        shuffle=False,
        verbose=0,
    )
    return FIT_TIMES[-1]


def full_train(config: TrainConfig, store: RunStore) -> tuple[float, float, float]:
    """``(fit wall, fit cpu, whole call wall)`` seconds of train() with the page's callbacks."""
    reports = []
    start = time.perf_counter()
    record = train(config, store, on_progress=reports.append, stop_event=threading.Event())
    whole = time.perf_counter() - start
    assert record.status == "finished" and reports, record
    return (*FIT_TIMES[-1], whole)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="seed_cnn")
    parser.add_argument(
        "--train-subset", type=int, default=0, help="training images; 0 = all 60,000"
    )
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    config = TrainConfig(
        dataset="fashion_mnist",
        model=args.model,
        epochs=args.epochs,
        batch_size=args.batch_size,
        train_subset=args.train_subset or None,
        patience=args.epochs,  # no early stop: both sides run every epoch
    )
    print(f"{config}\nTensorBoard logs: {tensorboard_available()}; load {os.getloadavg()}")
    time_every_fit()
    bare_fit(config)  # warm-up: imports, data cache, first graph tracing
    bare: list[tuple[float, float]] = []
    full: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as root:
        store = RunStore(Path(root))
        for rep in range(args.reps):
            bare.append(bare_fit(config))
            full.append(full_train(config, store))
            print(
                f"  rep {rep + 1}: bare fit wall {bare[-1][0]:6.2f} s cpu {bare[-1][1]:6.2f} s"
                f" | train() fit wall {full[-1][0]:6.2f} s cpu {full[-1][1]:6.2f} s,"
                f" whole call wall {full[-1][2]:6.2f} s",
                flush=True,
            )
    for label, index in (("wall", 0), ("cpu", 1)):
        bare_s = [row[index] for row in bare]
        fit_s = [row[index] for row in full]
        print(
            f"{label:4s}: bare median {statistics.median(bare_s):6.2f} s,"
            f" train() fit median {statistics.median(fit_s):6.2f} s;"
            f" ratio of medians {statistics.median(fit_s) / statistics.median(bare_s):.3f},"
            f" best-of-{args.reps} ratio {min(fit_s) / min(bare_s):.3f}"
        )
    whole_s = statistics.median(row[2] for row in full)
    bare_wall = statistics.median(row[0] for row in bare)
    print(f"whole train() call / bare fit (wall medians): {whole_s / bare_wall:.3f}")
    print(f"load average at the end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
