"""The shipped models load safely, match their cards, and reach the cards' accuracy."""

from __future__ import annotations

import numpy as np
import pytest

from cnn_core import catalog, datasets, inspection
from cnn_core.datasets import DATASETS, load_dataset
from cnn_core.paths import SAMPLES_DIR, SHIPPED_MODELS_DIR

NAMES = ["fashion_cnn", "mnist_digits"]
CARD_FIELDS = {
    "name",
    "title",
    "dataset",
    "architecture",
    "input_shape",
    "input_range",
    "polarity",
    "class_names",
    "test_accuracy",
    "accuracy_measured_on",
    "params",
    "train_seconds",
    "command",
    "seed",
    "keras_version",
}


@pytest.fixture(scope="module", params=NAMES)
def shipped(request):
    name = request.param
    card = catalog.read_card(SHIPPED_MODELS_DIR / f"{name}.json")
    model = catalog.load_model(SHIPPED_MODELS_DIR / f"{name}.keras")  # safe_mode=True
    return name, card, model


def _accuracy(model, x: np.ndarray, y: np.ndarray) -> float:
    probs = np.concatenate(
        [inspection.predict_proba(model, x[i : i + 2000]) for i in range(0, len(x), 2000)]
    )
    return float(np.mean(probs.argmax(axis=1) == y))


def test_card_matches_model(shipped):
    name, card, model = shipped
    assert set(card) >= CARD_FIELDS
    assert card["name"] == name
    assert tuple(model.inputs[0].shape[1:]) == tuple(card["input_shape"])
    classes = int(model.outputs[0].shape[-1])
    assert len(card["class_names"]["ko"]) == len(card["class_names"]["en"]) == classes
    assert card["params"] == model.count_params()
    assert sum(row.formula_params for row in inspection.layer_table(model)) == card["params"]
    assert card["input_range"] == [0.0, 1.0]
    assert card["polarity"] == "light_on_dark"


def test_file_size_limit():
    for name in NAMES:
        assert (SHIPPED_MODELS_DIR / f"{name}.keras").stat().st_size <= 5 * 1024 * 1024


def test_fashion_cnn_is_the_seed_cnn():
    card = catalog.read_card(SHIPPED_MODELS_DIR / "fashion_cnn.json")
    assert card["architecture"] == "seed_cnn"
    assert card["params"] == 333_526
    assert card["test_accuracy"] >= 0.915
    for lang in ("ko", "en"):  # a {ko, en} pair (or, in an older card, one string)
        assert "10,000" in catalog.card_text(card, "accuracy_measured_on", lang)


def test_catalog_lists_both():
    keys = {entry.key for entry in catalog.list_models(runs=SHIPPED_MODELS_DIR / "no-runs")}
    assert {f"shipped:{name}" for name in NAMES} <= keys


@pytest.mark.parametrize("dataset", ["fashion_mnist", "mnist"])
def test_offline_test_images(dataset):
    with np.load(SAMPLES_DIR / f"test_images_{dataset}.npz") as data:
        x, y = data["x"], data["y"]
    assert x.dtype == np.uint8 and x.shape[1:] == (28, 28) and len(x) == len(y)
    assert set(y.tolist()) == set(range(10))
    loaded = inspection.load_test_images(dataset)
    assert loaded is not None and loaded[0].shape == (len(x), 28, 28, 1)


@pytest.mark.dataset
def test_fashion_cnn_accuracy_on_the_real_test_set():
    try:
        _, _, x_test, y_test = datasets._load_raw("fashion_mnist")
    except datasets.DatasetUnavailable as err:
        pytest.skip(f"Fashion-MNIST not in the Keras cache: {err}")
    assert len(x_test) == 10_000
    card = catalog.read_card(SHIPPED_MODELS_DIR / "fashion_cnn.json")
    model = catalog.load_model(SHIPPED_MODELS_DIR / "fashion_cnn.keras")
    accuracy = _accuracy(model, x_test.astype(np.float32) / 255.0, np.asarray(y_test))
    assert accuracy == pytest.approx(card["test_accuracy"], abs=0.003)
    assert accuracy >= 0.915


def test_mnist_digits_accuracy_on_the_bundled_test_part():
    """Re-measured on the test part of the bundled 10,000 digits (``mnist_subset``),
    exactly the digits the shipped-model script kept out of training."""
    card = catalog.read_card(SHIPPED_MODELS_DIR / "mnist_digits.json")
    splits = load_dataset("mnist_subset", validation_split=0.0)
    assert len(splits.x_test) == card["holdout_size"] == DATASETS["mnist_subset"].test_size
    model = catalog.load_model(SHIPPED_MODELS_DIR / "mnist_digits.keras")
    accuracy = _accuracy(model, splits.x_test, splits.y_test)
    assert accuracy == pytest.approx(card["test_accuracy"], abs=0.003)
    assert accuracy >= 0.97
