"""How presets are chosen: validation accuracy per epoch, never the test set.

Trains candidate configurations exactly as ``cnn_core.training.train()`` fits them
(``build_compiled_model`` with its schedule, the seeded ``fit_batches``, the
same validation split) in a process whose TensorFlow threads are set like a
training worker's (``configure_tensorflow``, ``default_backend``'s share of the
cores), and prints after every epoch the validation accuracy with the CPU and wall
seconds so far. The test set is not loaded into the model here: presets are picked
on these figures, and ``bench/time_to_accuracy.py`` then reports their test accuracy.
A preset that holds no images out (quick, which trains on all of them once its
settings were chosen) is measured here with :data:`CHOICE_SPLIT` held out, the split
its settings were chosen on.

    .venv/bin/python bench/preset_validation.py quick best
    .venv/bin/python bench/preset_validation.py quick --set epochs=3 --set custom.filters=12
    .venv/bin/python bench/preset_validation.py best --seeds 0 1 2
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from time_to_accuracy import worker_threads  # bench/, next to this script

from cnn_core.train_config import PRESETS, TrainConfig
from cnn_core.train_worker import configure_tensorflow

CHOICE_SPLIT = 0.1
"""The validation split the presets' settings were chosen on (the last 6,000 images of
the seed's shuffle for Fashion-MNIST)."""


def with_changes(config: TrainConfig, changes: list[str]) -> TrainConfig:
    """``config`` with ``field=value`` / ``custom.field=value`` changes (JSON values)."""
    data = config.to_dict()
    for change in changes:
        key, _, text = change.partition("=")
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = text
        if key.startswith("custom."):
            data["custom"] = {**(data["custom"] or {}), key.removeprefix("custom."): value}
        else:
            data[key] = value
    return TrainConfig.from_dict(data)


def validation_curve(config: TrainConfig) -> list[tuple[int, float, float, float]]:
    """Fit ``config`` as train() does; per epoch ``(epoch, val accuracy, cpu s, wall s)``."""
    import keras

    from cnn_core.datasets import load_dataset
    from cnn_core.training import build_compiled_model, fit_batches

    data = load_dataset(
        config.dataset,
        train_subset=config.train_subset,
        validation_split=config.validation_split,
        seed=config.seed,
    )
    batches = -(-len(data.x_train) // config.batch_size)
    rows: list[tuple[int, float, float, float]] = []
    start = (time.process_time(), time.perf_counter())

    class Curve(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            rows.append(
                (
                    epoch + 1,
                    float((logs or {}).get("val_accuracy", float("nan"))),
                    time.process_time() - start[0],
                    time.perf_counter() - start[1],
                )
            )

    model = build_compiled_model(config, batches)
    model.fit(
        **fit_batches(data.x_train, data.y_train, config.batch_size, config.seed),
        validation_data=(data.x_val, data.y_val),
        epochs=config.epochs,
        callbacks=[Curve()],
        verbose=0,
    )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="+", choices=sorted(PRESETS))
    parser.add_argument("--set", action="append", default=[], help="field=value (JSON value)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    args = parser.parse_args()
    threads = worker_threads()
    configure_tensorflow(threads)
    print(f"{os.cpu_count()} CPUs, {threads} TensorFlow thread(s) as in a training worker")
    for name in args.presets:
        for seed in args.seeds:
            config = dataclasses.replace(with_changes(PRESETS[name], args.set), seed=seed)
            if not config.validation_split:
                config = dataclasses.replace(config, validation_split=CHOICE_SPLIT)
            rows = validation_curve(config)
            curve = "  ".join(
                f"{acc:.2%} ({cpu:.0f} s cpu, {wall:.0f} s)" for _, acc, cpu, wall in rows
            )
            print(
                f"{name} {args.set} seed {seed}: {curve}; load {os.getloadavg()[0]:.1f}", flush=True
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
