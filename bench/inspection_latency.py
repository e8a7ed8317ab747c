"""Median warm latency of the explorer's per-input work: all activations + probabilities.

For each shipped model, one 28×28 test image goes through
:func:`cnn_core.inspection.activations` (one cached sub-model with every layer's
output) and :func:`cnn_core.inspection.predict_proba`; the first call (building the
sub-model, tracing) is reported separately, then the median of ``--repeats`` warm
calls. Target: ≤ 100 ms warm. Also reports a warm Grad-CAM.

Usage::

    .venv/bin/python bench/inspection_latency.py [--repeats 50]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from cnn_core import catalog, inspection

TARGET_MS = 100.0


def _ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    for entry in catalog.list_models(runs=Path("/nonexistent")):
        model = catalog.load_model(entry.model_path)
        x, _ = inspection.load_test_images(entry.card["dataset"])
        one = x[:1]

        def step(model=model, one=one) -> None:
            inspection.activations(model, one)
            inspection.predict_proba(model, one)

        start = time.perf_counter()
        step()
        first = (time.perf_counter() - start) * 1000
        warm = _ms(step, args.repeats)
        inspection.grad_cam(model, one, 0)
        cam = _ms(lambda model=model, one=one: inspection.grad_cam(model, one, 0), args.repeats)
        verdict = "OK" if warm <= TARGET_MS else "OVER TARGET"
        print(
            f"{entry.card['name']}: activations + probabilities first call {first:.0f} ms, "
            f"warm median {warm:.1f} ms over {args.repeats} (target <= {TARGET_MS:.0f} ms: "
            f"{verdict}); Grad-CAM warm median {cam:.1f} ms"
        )


if __name__ == "__main__":
    main()
