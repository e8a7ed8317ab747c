"""One registry of the models the explorer and predict pages can open.

Two sources, one format: the shipped models in ``assets/models/<name>.keras``
(each with its model card ``<name>.json``) and the finished training runs in the
run store (each run's :data:`~cnn_core.runs.MODEL_FILE` with its
:data:`~cnn_core.runs.CARD_FILE`). A run is listed only once its card exists, and
the run store writes that file last, atomically, so a half-written run never shows
up here.

The model card (JSON) holds at least::

    name            str, e.g. "fashion_cnn"
    title           {"ko": str, "en": str}  (text shown to users is such a pair)
    dataset         a key of cnn_core.datasets.DATASETS: the data the model takes, whose
                    class names, look (digits are centred by mass) and test images the
                    pages use (the shipped assets/samples/test_images_<dataset>.npz,
                    else drawn from its test set). A run's card: the dataset it trained
                    on. The shipped digit model's: "mnist", although it was trained on
                    the bundled "mnist_subset" (same classes and look); its shipped test
                    images are digits of that subset's test part, and what it trained
                    and was measured on is in training_data and accuracy_measured_on
    architecture    preset name from cnn_core.models
    input_shape     [H, W, C]
    input_range     [0.0, 1.0]
    polarity        "light_on_dark" (the datasets' look) or "dark_on_light";
                    optional, default cnn_core.preprocess.DEFAULT_POLARITY
    class_names     {"ko": [str, ...], "en": [str, ...]}
    test_accuracy   float in [0, 1]
    accuracy_measured_on  {"ko": str, "en": str}, which data the accuracy was
                    measured on (older run cards hold a plain str)
    params          int
    train_seconds   float
    command         str, the command that made the model

:meth:`ModelEntry.text` reads any such text field in a language;
:attr:`ModelEntry.prep_settings` is the model's input recipe for
:func:`cnn_core.preprocess.prepare`. Listing reads JSON only, so it never imports
TensorFlow (nor OpenCV); :func:`load_model` does, lazily.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cnn_core.paths import SHIPPED_MODELS_DIR, runs_dir
from cnn_core.runs import CARD_FILE, MODEL_FILE, check_model_archive

if TYPE_CHECKING:  # preprocess imports OpenCV, keras TensorFlow; listing models should not
    import keras

    from cnn_core.preprocess import PrepSettings

REQUIRED_CARD_FIELDS: tuple[str, ...] = ("name", "dataset", "input_shape", "class_names")


@dataclass(frozen=True)
class ModelEntry:
    """A model the user can choose.

    Attributes:
        key: stable id, ``"shipped:<name>"`` or ``"run:<run_id>"``.
        source: ``"shipped"`` or ``"run"``.
        model_path: the ``.keras`` file.
        card: the model card (see the module docstring).
        card_mtime_ns: when the card file was last written (for a run: when it finished).
    """

    key: str
    source: Literal["shipped", "run"]
    model_path: Path
    card: dict[str, Any] = field(compare=False, hash=False)
    card_mtime_ns: int

    def text(self, field: str, lang: str) -> str | None:
        """A text field of the card in ``lang``: :func:`card_text` of this card."""
        return card_text(self.card, field, lang)

    def title(self, lang: str) -> str:
        """The card's title in ``lang``, else its name."""
        return self.text("title", lang) or str(self.card.get("name", self.key))

    def class_names(self, lang: str) -> list[str]:
        """Class names in ``lang`` (English when the card lacks that language)."""
        names = self.card["class_names"]
        return list(names.get(lang) or names["en"])

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """``(H, W, C)`` the model expects."""
        height, width, channels = self.card["input_shape"]
        return int(height), int(width), int(channels)

    @property
    def prep_settings(self) -> PrepSettings:
        """What :func:`cnn_core.preprocess.prepare` needs for this model (from its card).

        Raises:
            ValueError: the card's ``input_shape`` or ``polarity`` is invalid.
        """
        from cnn_core.preprocess import PrepSettings

        return PrepSettings.from_card(self.card)


def card_text(card: Mapping[str, Any], field: str, lang: str) -> str | None:
    """A text field of a model card in a language.

    Args:
        card: a model card (see the module docstring).
        field: e.g. ``"title"`` or ``"accuracy_measured_on"``.
        lang: ``"ko"`` or ``"en"``.

    Returns:
        The ``{"ko": ..., "en": ...}`` pair's text in ``lang`` (English when the pair
        lacks it), a plain string as it is (older run cards), ``None`` when the card
        has no such text.
    """
    value = card.get(field)
    if isinstance(value, Mapping):
        value = value.get(lang) or value.get("en")
    return value if isinstance(value, str) and value else None


def read_card(path: Path) -> dict[str, Any]:
    """Read and check a model card.

    Raises:
        ValueError: the file is not JSON, not an object, or lacks a required field.
    """
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise ValueError(f"unreadable model card {path}: {err}") from err
    if not isinstance(card, dict):
        raise ValueError(f"model card {path} holds a {type(card).__name__}, expected an object")
    missing = [name for name in REQUIRED_CARD_FIELDS if name not in card]
    if missing:
        raise ValueError(f"model card {path} lacks {missing}")
    return card


def run_key(run_id: str) -> str:
    """The key of run ``run_id``'s model in the catalog (and in the model pickers)."""
    return f"run:{run_id}"


def list_models(
    shipped_dir: Path = SHIPPED_MODELS_DIR, runs: Path | None = None
) -> list[ModelEntry]:
    """List the shipped models, then the finished runs, the most recently finished first.

    A run's finishing time is its card's (written once, last); ids, which
    name the start to the second, only break ties.

    Entries whose card is unreadable or whose ``.keras`` file is missing, not a
    ``.keras`` archive or a damaged one are left out (the training page lists broken
    runs itself).

    Args:
        shipped_dir: folder of ``<name>.keras`` + ``<name>.json``.
        runs: the run store; ``None`` means :func:`cnn_core.paths.runs_dir`.
    """
    entries: list[ModelEntry] = []
    for card_path in sorted(shipped_dir.glob("*.json")):
        model_path = card_path.with_suffix(".keras")
        entry = _entry(f"shipped:{card_path.stem}", "shipped", model_path, card_path)
        if entry:
            entries.append(entry)
    runs = runs_dir() if runs is None else runs
    if runs.is_dir():
        finished: list[tuple[int, str, ModelEntry]] = []
        for card_path in runs.glob(f"*/{CARD_FILE}"):
            run_dir = card_path.parent
            entry = _entry(run_key(run_dir.name), "run", run_dir / MODEL_FILE, card_path)
            if entry:
                finished.append((entry.card_mtime_ns, entry.key, entry))
        entries += [entry for *_, entry in sorted(finished, reverse=True)]
    return entries


def _entry(key: str, source: str, model_path: Path, card_path: Path) -> ModelEntry | None:
    try:
        stats = [path.stat() for path in (model_path, card_path)]
    except OSError:
        return None
    stamps = tuple((stat.st_mtime_ns, stat.st_size) for stat in stats)
    return _checked_entry(key, source, model_path, card_path, stamps)


@functools.lru_cache(maxsize=1024)
def _checked_entry(
    key: str, source: str, model_path: Path, card_path: Path, stamps: tuple
) -> ModelEntry | None:
    """The entry, once per version of its two files (``stamps``: their mtimes and sizes).

    Every rerun of the explorer and predict pages lists the models; opening each
    run's zip and card again each time would grow with the runs of a whole class.
    """
    try:
        check_model_archive(model_path)
        card = read_card(card_path)
    except ValueError:
        return None
    card_mtime_ns = stamps[1][0]
    return ModelEntry(key, source, model_path, card, card_mtime_ns)  # type: ignore[arg-type]


def load_model(path: Path) -> keras.Model:
    """Load a ``.keras`` file with Keras's ``safe_mode=True`` (no Lambda code runs).

    Raises:
        ValueError: the file cannot be loaded; the message names the file.
    """
    import keras

    try:
        return keras.models.load_model(path, compile=False, safe_mode=True)
    except Exception as err:  # keras raises many types for bad files
        raise ValueError(f"cannot load model {path.name}: {err}") from err
