"""What the browser tests and the load benchmark click: page order, samples, labels."""

from __future__ import annotations

from cnn_core import catalog
from cnn_core.i18n import t
from cnn_core.paths import SAMPLES_DIR, SHIPPED_MODELS_DIR

PAGE_ORDER: tuple[str, ...] = ("lab", "explorer", "training", "predict", "home")
"""The pages in the order a load-test user visits them (home is where they start)."""

DIGIT_SKETCH = SAMPLES_DIR / "sketches" / "digit_3.jpg"
"""A shipped paper sketch of a 3, and the class the shipped digit model gives it."""
DIGIT_SKETCH_CLASS = "3"


def digit_model_title(lang: str) -> str:
    """The shipped digit model's title in ``lang`` (what the model pickers show)."""
    return catalog.read_card(SHIPPED_MODELS_DIR / "mnist_digits.json")["title"][lang]


def activations_control(lang: str) -> str:
    """The label of the explorer's control that shows the activation maps."""
    return t("explorer.view.activations", lang)
