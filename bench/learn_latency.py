"""Issue 16's two latency targets on the shipped 28x28 models, server time only.

1. Switching a run's epoch (target <= 200 ms): a run folder with checkpoints of the
   shipped model's architecture (epochs 0..6: its weights, scaled) is made in a
   temporary folder; one switch is what the explorer computes the first time any
   student opens an epoch: the epoch's model (clone + weights,
   ``cnn_core.checkpoints.model_at_epoch``), every layer's activations, the
   probabilities and Grad-CAM for one input. Later switches to an epoch already seen
   are cache hits (microseconds) and are not measured.
2. Activation maximisation (target <= 3 s): ``cnn_core.activation_max.maximize`` for
   the first filter of each convolution layer and the first class; the first call
   of a layer includes building its gradient function.

Run: .venv/bin/python bench/learn_latency.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from cnn_core import activation_max, catalog, checkpoints, inspection
from cnn_core.paths import SHIPPED_MODELS_DIR

EPOCHS = 7


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def switch(model, run: Path, epoch: int, x: np.ndarray) -> None:
    at_epoch = checkpoints.model_at_epoch(model, run, epoch)
    inspection.activations(at_epoch, x)
    inspection.predict_proba(at_epoch, x)
    inspection.grad_cam(at_epoch, x, 0)


def main() -> None:
    x = np.random.default_rng(0).random((1, 28, 28, 1), dtype=np.float32)
    for name in ("fashion_cnn", "mnist_digits"):
        model = catalog.load_model(SHIPPED_MODELS_DIR / f"{name}.keras")
        run = Path(tempfile.mkdtemp())
        weights = checkpoints.model_weights(model)
        for epoch in range(EPOCHS):
            scaled = {k: v * (epoch + 1) / EPOCHS for k, v in weights.items()}
            checkpoints.save_checkpoint(run, epoch, scaled)
        switch(model, run, 0, x)  # the first ever: imports and graph building
        walls, cpus = [], []
        for epoch in range(1, EPOCHS):
            _, wall, cpu = timed(lambda m=model, r=run, e=epoch: switch(m, r, e, x))
            walls.append(wall)
            cpus.append(cpu)
        median, peak = statistics.median(walls) * 1000, max(walls) * 1000
        print(
            f"{name}: epoch switch (first time for that epoch) median {median:.0f} ms wall,"
            f" max {peak:.0f} ms, median CPU {statistics.median(cpus) * 1000:.0f} ms"
            " (target <= 200 ms)"
        )
        for layer in activation_max.targets(model):
            _, wall, cpu = timed(lambda m=model, n=layer: activation_max.maximize(m, n, 0))
            _, again, _ = timed(lambda m=model, n=layer: activation_max.maximize(m, n, 1))
            print(
                f"{name}: activation maximisation {layer}: first {wall:.2f} s wall"
                f" ({cpu:.2f} s CPU), next unit {again:.2f} s (target <= 3 s)"
            )


if __name__ == "__main__":
    main()
