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


TRAIN_TIMEOUT_MS = 180_000
LIVE_CURVE = '[class*="st-key-train_live_"] [data-testid="stPlotlyChart"] svg'


def start_small_training(tab, lang: str, epochs: int = 30) -> None:
    """On the training page: custom model, 2,000 images, ``epochs``; Start; wait for a curve.

    ``tab`` is a ``tests/e2e/conftest.py`` AppTab. Returns once the live curve of the
    first epoch is drawn (the run is then far from done).
    """
    page = tab.page
    tab.select(t("train.model", lang), t("train.arch.custom", lang))
    subset = page.locator('[data-testid="stRadio"]').filter(has_text=t("train.subset", lang))
    subset.get_by_text("2,000", exact=True).click()
    tab.wait_rendered()
    field = page.get_by_label(t("train.epochs", lang), exact=True)
    field.fill(str(epochs))
    field.press("Enter")
    tab.wait_rendered()
    tab.click_button(t("train.start", lang))
    page.locator(LIVE_CURVE).first.wait_for(timeout=TRAIN_TIMEOUT_MS)
