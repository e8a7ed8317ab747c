"""The yardstick: one epoch of the course recipe, so figures compare across machines.

Machines of the same kind differ 2-3x in speed, and a shared machine's load
changes by the minute. Every benchmark that prints a time prints this beside it:
one epoch of the course notes' recipe (seed 000) with plain ``model.fit`` -- the
333,526-parameter Fashion-MNIST CNN (``cnn_core.models`` ``"seed_cnn"``), adam,
batch 32, 48,000 training and 12,000 validation images (seeded split of the
60,000), validation included. Run it in a process of its own (the benchmarks do,
before they start their server), so the server's memory and threads are not in it.

The images are float32, as the app trains. The seed's own arrays are float64
(``train_input.reshape(-1,28,28,1) / 255.0``), which Keras converts batch by batch:
that process took 1.11x the wall time of this one (5 alternating pairs, whole
processes, 0.96-1.30; 1.14x the CPU) on 2026-11-30. So this yardstick is the faster,
stricter one, and ratios to it are, if anything, high.

    .venv/bin/python bench/yardstick.py          # prints one line
    .venv/bin/python bench/yardstick.py --json   # one JSON object (for other benchmarks)
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

PARAMS = 333_526
TRAIN, VALIDATION = 48_000, 12_000


def measure() -> dict[str, float]:
    """Train one epoch of the recipe here; return its wall and CPU seconds and accuracy."""
    from cnn_core.datasets import load_dataset
    from cnn_core.train_config import PRESETS
    from cnn_core.training import build_compiled_model

    config = PRESETS["seed_recipe"]
    data = load_dataset(config.dataset, validation_split=config.validation_split, seed=0)
    if (len(data.x_train), len(data.x_val)) != (TRAIN, VALIDATION):
        raise RuntimeError(f"split {len(data.x_train)}/{len(data.x_val)}, not 48,000/12,000")
    model = build_compiled_model(config)
    if model.count_params() != PARAMS:
        raise RuntimeError(f"{model.count_params():,} parameters, not {PARAMS:,}")
    if (config.optimizer, config.batch_size) != ("adam", 32):
        raise RuntimeError(f"the recipe is {config.optimizer}, batch {config.batch_size}")
    return {
        **timed_epoch(model, data, batch_size=32),
        "load_average": os.getloadavg()[0],
        "cpus": float(os.cpu_count() or 1),
    }


def timed_epoch(model, data, batch_size: int) -> dict[str, float]:
    """One epoch of plain ``model.fit`` on ``data`` (a ``DatasetSplits``) with its validation.

    Returns:
        ``wall_s`` and ``cpu_s`` of the fit, and the epoch's ``val_accuracy`` (NaN
        when ``data`` holds no validation images).
    """
    wall, cpu = time.perf_counter(), time.process_time()
    history = model.fit(
        data.x_train,
        data.y_train,
        batch_size=batch_size,
        epochs=1,
        validation_data=(data.x_val, data.y_val) if len(data.x_val) else None,
        verbose=0,
    )
    return {
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "val_accuracy": float(history.history.get("val_accuracy", [math.nan])[-1]),
    }


def describe(result: dict[str, float]) -> str:
    """One line: the epoch's wall and CPU time, the load it ran under."""
    return (
        f"yardstick: one epoch of the course recipe (seed_cnn {PARAMS:,} parameters, adam, "
        f"batch 32, {TRAIN:,} + {VALIDATION:,} validation images, model.fit) "
        f"{result['wall_s']:.1f} s wall, {result['cpu_s']:.1f} s CPU, "
        f"val accuracy {result['val_accuracy']:.3f}; load average "
        f"{result['load_average']:.1f} on {result['cpus']:.0f} CPUs"
    )


def run_apart(timeout_s: float = 900.0) -> dict[str, float] | str:
    """:func:`measure` in a fresh Python process; its result, or why there is none."""
    try:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--json"],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"yardstick did not finish within {timeout_s:g} s"
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return f"yardstick failed ({done.returncode}): {done.stderr.strip()[-500:]}"
    return json.loads(lines[-1])


def yardstick_line(timeout_s: float = 900.0) -> str:
    """The yardstick measured in a fresh process, as one printable line."""
    result = run_apart(timeout_s)
    return result if isinstance(result, str) else describe(result)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure()
    print(json.dumps(result) if args.json else describe(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
