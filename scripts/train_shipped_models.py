"""Train the models the app ships in ``assets/models/`` (seeded, reproducible).

Writes, for each model, ``<name>.keras`` and its model card ``<name>.json`` (the
card format is in :mod:`cnn_core.catalog`), plus a few real test images per class
in ``assets/samples/test_images_<dataset>.npz`` so the explorer works offline.

* ``fashion_cnn``: the seeds' Fashion-MNIST CNN (333,526 parameters), trained on
  54,000 of the 60,000 training images (6,000 held out for early stopping) and
  measured on the full 10,000-image test set.
* ``mnist_digits``: a LeNet-style digit CNN (5x5 kernels, the ``custom`` preset
  with :data:`DIGITS_SPEC`) trained on the 10,000 MNIST digits that ship with the
  app (``assets/datasets/``, dataset ``mnist_subset``); its 2,000-digit test part
  (:func:`cnn_core.datasets.subset_split`) is kept out for the accuracy and 800 more
  for early stopping. Small shifts, rotations and zooms make it cope with student
  sketches. Its card's ``dataset`` is ``"mnist"`` (the classes, look and test images
  the pages use; the card format in :mod:`cnn_core.catalog` says why) and its test
  images, ``test_images_mnist.npz``, come from that 2,000-digit part.

Usage (from the repo root)::

    .venv/bin/python scripts/train_shipped_models.py [--only fashion_cnn]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from cnn_core.datasets import DATASETS, subset_split
from cnn_core.models import build_model
from cnn_core.paths import BUNDLED_DATA_DIR, SAMPLES_DIR, SHIPPED_MODELS_DIR
from cnn_core.train_config import CustomSpec

SEED = 0
DIGITS = DATASETS["mnist_subset"]
DIGITS_SPEC = CustomSpec(
    conv_blocks=2, filters=16, kernel_size=5, pooling="max", dropout=0.3, dense_units=84
)
"""LeNet-style: two 5x5 conv + max-pool blocks (16, 32 filters), Dense(84), 145,894 parameters."""
DIGITS_VAL = 800  # for early stopping; the 2,000-digit test part is never seen in training
TEST_IMAGES_PER_CLASS = 5
MEASURED_ON_DIGITS = {
    "ko": "MNIST 숫자 10,000장 중 학습에 쓰지 않고 따로 둔 2,000장, MNIST의 공식 테스트 세트 아님",
    "en": "2,000 of 10,000 MNIST digits, kept out of training; not the official MNIST test set",
}


def _fit(keras: Any, model: Any, x, y, x_val, y_val, *, epochs: int, patience: int) -> float:
    """Compile and fit; returns seconds.

    Adam, sparse categorical cross-entropy, batch 128 (as in the seeds); the learning
    rate drops to a third when the validation loss stalls for 2 epochs, and early
    stopping on validation accuracy keeps the best epoch's weights.
    """
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    stop = keras.callbacks.EarlyStopping(
        monitor="val_accuracy", patience=patience, restore_best_weights=True
    )
    slower = keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=1 / 3, patience=2)
    start = time.perf_counter()
    model.fit(
        x,
        y,
        validation_data=(x_val, y_val),
        epochs=epochs,
        batch_size=128,
        callbacks=[slower, stop],
        verbose=2,
    )
    return time.perf_counter() - start


def _accuracy(model: Any, x: np.ndarray, y: np.ndarray) -> float:
    probs = np.concatenate(
        [np.asarray(model(x[i : i + 1000], training=False)) for i in range(0, len(x), 1000)]
    )
    return float(np.mean(np.argmax(probs, axis=1) == y))


def _augment(keras: Any, x: np.ndarray, copies: int, seed: int) -> np.ndarray:
    """``copies`` randomly shifted / rotated / zoomed versions of ``x`` (N, 28, 28, 1)."""
    layers = keras.layers
    augment = keras.Sequential(
        [
            layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed),
            layers.RandomRotation(0.04, fill_mode="constant", seed=seed + 1),
            layers.RandomZoom((-0.15, 0.15), fill_mode="constant", seed=seed + 2),
        ]
    )
    out = [
        np.asarray(augment(x[i : i + 1000], training=True))
        for _ in range(copies)
        for i in range(0, len(x), 1000)
    ]
    return np.clip(np.concatenate(out), 0.0, 1.0).astype(np.float32)


def _save(keras: Any, model: Any, card: dict[str, Any], out_dir: Path) -> None:
    """Write ``<name>.keras`` then ``<name>.json`` atomically (temp file + rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    name = card["name"]
    # The same layers in an uncompiled model: the file holds no optimizer state.
    # One input tensor and one output tensor (not lists of one), so model(x) takes an array.
    shipped = keras.Model(model.inputs[0], model.outputs[0], name=model.name)
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        tmp_model = Path(tmp) / f"{name}.keras"
        shipped.save(tmp_model)
        os.replace(tmp_model, out_dir / f"{name}.keras")
        tmp_card = Path(tmp) / f"{name}.json"
        tmp_card.write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", "utf-8")
        os.replace(tmp_card, out_dir / f"{name}.json")
    size = (out_dir / f"{name}.keras").stat().st_size
    print(f"wrote {name}.keras ({size / 1e6:.2f} MB), accuracy {card['test_accuracy']:.4f}")


def _test_images(x: np.ndarray, y: np.ndarray, dataset: str, seed: int) -> None:
    """Save ``TEST_IMAGES_PER_CLASS`` real test images per class as uint8 (N, 28, 28)."""
    rng = np.random.default_rng(seed)
    picks = np.concatenate(
        [
            rng.choice(np.flatnonzero(y == label), TEST_IMAGES_PER_CLASS, replace=False)
            for label in range(10)
        ]
    )
    SAMPLES_DIR.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        SAMPLES_DIR / f"test_images_{dataset}.npz",
        x=x[picks].astype(np.uint8),
        y=y[picks].astype(np.uint8),
    )


def _card(keras: Any, **fields: Any) -> dict[str, Any]:
    return {
        **fields,
        "input_shape": [28, 28, 1],
        "input_range": [0.0, 1.0],
        "polarity": "light_on_dark",
        "seed": SEED,
        "keras_version": keras.__version__,
        "backend": keras.backend.backend(),
        "device": _device(keras),
        "command": _command(keras),
    }


def _device(keras: Any) -> str:
    """What the model was trained on, e.g. ``"gpu: NVIDIA H100 80GB HBM3"`` or ``"cpu"``."""
    if keras.backend.backend() == "jax":
        import jax

        device = jax.devices()[0]
        return f"{device.platform}: {device.device_kind}"
    if keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        return "gpu" if tf.config.list_physical_devices("GPU") else "cpu"
    return "unknown"


def _command(keras: Any) -> str:
    """The command line that made the model, with the Keras backend when not the default."""
    backend = keras.backend.backend()
    prefix = "" if backend == "tensorflow" else f"KERAS_BACKEND={backend} "
    return prefix + "python " + shlex.join(["scripts/train_shipped_models.py", *sys.argv[1:]])


def train_fashion(keras: Any, out_dir: Path, epochs: int) -> None:
    """Train and save ``fashion_cnn`` on Fashion-MNIST."""
    (x_all, y_all), (x_test_u8, y_test) = keras.datasets.fashion_mnist.load_data()
    _test_images(x_test_u8, y_test, "fashion_mnist", SEED)
    x_all = (x_all[..., None] / 255.0).astype(np.float32)
    x_test = (x_test_u8[..., None] / 255.0).astype(np.float32)
    order = np.random.default_rng(SEED).permutation(len(x_all))
    val, train = order[:6000], order[6000:]
    keras.utils.set_random_seed(SEED)
    model = build_model("seed_cnn", (28, 28, 1), 10, seed=SEED)
    seconds = _fit(
        keras, model, x_all[train], y_all[train], x_all[val], y_all[val], epochs=epochs, patience=5
    )
    card = _card(
        keras,
        name="fashion_cnn",
        title={"ko": "패션 CNN (패션 MNIST)", "en": "Fashion CNN (Fashion-MNIST)"},
        dataset="fashion_mnist",
        architecture="seed_cnn",
        class_names=DATASETS["fashion_mnist"].class_names,
        test_accuracy=round(_accuracy(model, x_test, y_test), 4),
        accuracy_measured_on={
            "ko": "패션 MNIST 테스트 세트 10,000장 전체",
            "en": "the full Fashion-MNIST test set, 10,000 images",
        },
        train_images=len(train),
        params=int(model.count_params()),
        train_seconds=round(seconds, 1),
    )
    _save(keras, model, card, out_dir)


def train_digits(keras: Any, out_dir: Path, epochs: int) -> None:
    """Train and save ``mnist_digits`` on the 10,000 MNIST digits that ship with the app."""
    with np.load(BUNDLED_DATA_DIR / str(DIGITS.bundled)) as data:
        x_u8, y = data["x"], data["y"].astype(np.int64)
    rest, hold = subset_split(len(x_u8), DIGITS.test_size, SEED)
    rest = np.random.default_rng(SEED).permutation(rest)
    val, train = rest[:DIGITS_VAL], rest[DIGITS_VAL:]
    _test_images(x_u8[hold], y[hold], "mnist", SEED)  # the card's dataset: see below
    x = (x_u8[..., None] / 255.0).astype(np.float32)
    keras.utils.set_random_seed(SEED)
    x_aug = _augment(keras, x[train], copies=3, seed=SEED)
    x_train = np.concatenate([x[train], x_aug])
    y_train = np.concatenate([y[train]] * 4)
    model = build_model("custom", (28, 28, 1), 10, custom=DIGITS_SPEC, seed=SEED)
    seconds = _fit(keras, model, x_train, y_train, x[val], y[val], epochs=epochs, patience=4)
    card = _card(
        keras,
        name="mnist_digits",
        title={"ko": "손글씨 숫자 CNN (MNIST 일부)", "en": "Handwritten digits CNN (MNIST subset)"},
        # "mnist", not "mnist_subset": the MNIST classes, look and test images (the file
        # written above, from the part kept out); the card format (cnn_core.catalog)
        # says why, and training_data / accuracy_measured_on say what it trained on.
        dataset="mnist",
        architecture="custom",
        custom=DIGITS_SPEC.to_dict(),
        class_names=DIGITS.class_names,
        test_accuracy=round(_accuracy(model, x[hold], y[hold]), 4),
        accuracy_measured_on=MEASURED_ON_DIGITS,
        training_data=(
            f"{len(train)} real MNIST digits (a subset, not the full 60,000) "
            "plus 3 shifted/rotated/zoomed copies of each"
        ),
        holdout_seed=SEED,
        holdout_size=DIGITS.test_size,
        train_images=len(train),
        params=int(model.count_params()),
        train_seconds=round(seconds, 1),
    )
    _save(keras, model, card, out_dir)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=SHIPPED_MODELS_DIR)
    parser.add_argument("--only", choices=["fashion_cnn", "mnist_digits"], default=None)
    parser.add_argument("--fashion-epochs", type=int, default=30)
    parser.add_argument("--digits-epochs", type=int, default=30)
    args = parser.parse_args(argv)

    import keras

    if args.only in (None, "mnist_digits"):
        train_digits(keras, args.out, args.digits_epochs)
    if args.only in (None, "fashion_cnn"):
        train_fashion(keras, args.out, args.fashion_epochs)


if __name__ == "__main__":
    main()
