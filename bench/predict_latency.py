"""Predict-page latency: uploaded bytes -> decode -> steps -> model(x), and memory growth.

    .venv/bin/python bench/predict_latency.py [--repeats 15] [--leak-runs 200]

Targets (issue 5): a 12-megapixel JPEG from its bytes to the class <= 400 ms median
(warm), a 28×28 sketch <= 30 ms, RSS growth over 200 predictions < 50 MB. The model is the
shipped Fashion-MNIST CNN (else the shipped digit model, else the seed's CNN
built untrained); single images go through ``model(x)``, not ``predict``. This is
the model's side of the Predict page only: the page also draws every step, the
probabilities and Grad-CAM, measured through the page by ``bench/rerun_cost.py``
(the server's CPU per upload) and ``bench/load_sessions.py`` (a class's wait).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from functools import partial

import cv2
import numpy as np
import psutil

from cnn_core import catalog, inspection, preprocess
from cnn_core.paths import SHIPPED_MODELS_DIR


def load_models() -> list[tuple[object, dict, str]]:
    """The shipped models to time, with their card settings and names.

    Without any shipped model, the seed's Fashion-MNIST CNN built untrained.
    """
    models = []
    for name in ("fashion_cnn", "mnist_digits"):
        path = SHIPPED_MODELS_DIR / f"{name}.keras"
        if path.is_file():
            card = catalog.read_card(path.with_suffix(".json"))
            settings = preprocess.PrepSettings.from_card(card)
            models.append((catalog.load_model(path), settings, name))
    if models:
        return models
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(32, 3, activation="relu", padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Conv2D(64, 3, activation="relu", padding="same"),
            keras.layers.MaxPooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(100, activation="relu"),
            keras.layers.Dropout(0.4),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    return [(model, preprocess.PrepSettings((28, 28, 1)), "seed CNN (untrained)")]


def phone_photo(width: int = 4000, height: int = 3000) -> bytes:
    """A 12-megapixel JPEG of a dark sketch on lit paper with sensor grain."""
    rng = np.random.default_rng(0)
    light = np.linspace(205, 240, width, dtype=np.float32)[None, :].repeat(height, axis=0)
    photo = light + rng.normal(0, 5, (height, width)).astype(np.float32)
    photo = np.clip(photo, 0, 255).astype(np.uint8)
    cv2.putText(photo, "7", (1300, 2500), cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, 70, 40, 160)
    ok, data = cv2.imencode(".jpg", cv2.cvtColor(photo, cv2.COLOR_GRAY2BGR))
    assert ok
    return data.tobytes()


def small_sketch() -> bytes:
    """A 28×28 PNG digit, dark on white."""
    image = np.full((28, 28), 250, np.uint8)
    cv2.putText(image, "3", (6, 23), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 20, 2)
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def predict(model, settings: preprocess.PrepSettings, data: bytes) -> int:
    """One prediction: bytes -> steps -> model(x) -> class index (nothing drawn)."""
    prepared = preprocess.prepare(data, settings)
    return int(np.argmax(inspection.predict_proba(model, prepared.model_input)[0]))


def median_ms(work, repeats: int) -> float:
    """Median wall time of ``work()`` in ms, after one warm-up call."""
    work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--leak-runs", type=int, default=200)
    args = parser.parse_args()

    photo, sketch = phone_photo(), small_sketch()
    print(
        f"12 MP JPEG: {len(photo) / 2**20:.1f} MB; CPU cores: {psutil.cpu_count()}, "
        f"load average {psutil.getloadavg()[0]:.1f}"
    )
    models = load_models()
    for model, settings, name in models:
        decoded = preprocess.decode_image(photo)
        prepared = preprocess.prepare_array(decoded, settings)
        decode_ms = median_ms(partial(preprocess.decode_image, photo), args.repeats)
        steps = partial(preprocess.prepare_array, decoded, settings)
        steps_ms = median_ms(steps, args.repeats)
        model_ms = median_ms(partial(inspection.predict_proba, model, prepared.model_input), 50)
        photo_ms = median_ms(partial(predict, model, settings, photo), args.repeats)
        sketch_ms = median_ms(partial(predict, model, settings, sketch), args.repeats * 10)
        print(
            f"[{name}] 12 MP JPEG, bytes to class: median {photo_ms:.1f} ms (target <= 400)"
            f" = decode {decode_ms:.1f} + steps {steps_ms:.1f} + model(x) {model_ms:.1f}"
        )
        print(f"[{name}] 28×28 sketch, bytes to class: median {sketch_ms:.2f} ms (target <= 30)")

    model, settings, name = models[0]
    process = psutil.Process()
    gc.collect()
    before = process.memory_info().rss
    for i in range(args.leak_runs):
        predict(model, settings, photo if i % 2 else sketch)
    gc.collect()
    growth = (process.memory_info().rss - before) / 2**20
    print(
        f"[{name}] RSS growth over {args.leak_runs} predictions (12 MP and 28×28 alternating): "
        f"{growth:.1f} MB (target < 50)"
    )


if __name__ == "__main__":
    main()
