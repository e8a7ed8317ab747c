"""Memory stays flat: many predictions and short training runs in one process.

Does in one Python process what a long-lived app server does for a class: 200
predictions (every shipped sample image through ``cnn_core.preprocess.prepare``,
``inspection.predict_proba`` and ``inspection.activations`` with both shipped
models, as the predict and explorer pages do) and 10 short real training runs
(``cnn_core.training.train`` on 300 Fashion-MNIST images, 1 epoch, into a
temporary run store), then prints the RSS growth after a warm-up of one
prediction per model and one run. Target: growth < 150 MB.

    .venv/bin/python bench/memory_growth.py [--predictions 200] [--runs 10]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import tempfile
import time
from pathlib import Path

import psutil

from app_harness.tiny_runs import tiny_config
from cnn_core import catalog, inspection, preprocess
from cnn_core.paths import SAMPLES_DIR
from cnn_core.runs import RunStore
from cnn_core.training import train

TARGET_MB = 150


def rss_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


def predict_once(entry: catalog.ModelEntry, model, data: bytes) -> None:
    prepared = preprocess.prepare(data, entry.prep_settings)
    inspection.predict_proba(model, prepared.model_input)
    inspection.activations(model, prepared.model_input)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--predictions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    entries = [entry for entry in catalog.list_models() if entry.source == "shipped"]
    models = [(entry, catalog.load_model(entry.model_path)) for entry in entries]
    images = [
        path.read_bytes()
        for path in sorted(SAMPLES_DIR.glob("*/*"))
        if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp")
    ]
    if not models or not images:
        print("no shipped models or sample images")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        store = RunStore(Path(tmp) / "runs")
        for entry, model in models:  # warm-up: graphs traced, caches filled
            predict_once(entry, model, images[0])
        train(tiny_config(seed=0), store)
        start = rss_mb()
        print(f"after warm-up: {start:.0f} MB")

        began = time.perf_counter()
        pairs = itertools.cycle(itertools.product(models, images))
        for _ in range(args.predictions):
            (entry, model), data = next(pairs)
            predict_once(entry, model, data)
        after_predictions = rss_mb()
        print(
            f"{args.predictions} predictions: {after_predictions:.0f} MB "
            f"(+{after_predictions - start:.0f} MB, {time.perf_counter() - began:.1f} s)"
        )

        began = time.perf_counter()
        for seed in range(1, args.runs + 1):
            train(tiny_config(seed=seed), store)
        end = rss_mb()
        print(
            f"{args.runs} training runs: {end:.0f} MB "
            f"(+{end - after_predictions:.0f} MB, {time.perf_counter() - began:.1f} s)"
        )
    growth = end - start
    print(f"growth={growth:.0f} MB (target < {TARGET_MB} MB)")
    return 0 if growth < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
