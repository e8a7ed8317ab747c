"""What two or more pages share about models (the explorer, predict and training
pages): the model picker and how models, runs and epochs are named, loading a model
with the translated error, the input recipe (:func:`cached_prepare`), and the
server-wide caches those pages share.

:func:`cached_model` loads a model file once per server process (keyed by its path and
time). :func:`cached_grad_cam` and :func:`cached_occlusion` (drawn by
:mod:`ui.sensitivity`) are keyed by a model key (:func:`model_cache_key`,
:func:`model_file_key`, or ``upload:<sha256>``) and an input digest
(:func:`input_digest`); the model and the input travel unhashed as ``_model`` and
``_x``. Shared by every session of the server: a class opening the same sample image
computes it once. The caches only one page uses live in its folder
(``app_pages/explorer/caches.py``, ``app_pages/training/caches.py``,
``app_pages/predict/widgets.py``).
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from cnn_core import board, catalog, datasets, inspection, occlusion, preprocess
from cnn_core.paths import runs_dir
from cnn_core.runs import read_config, run_started
from cnn_core.train_config import PRESETS, preset_of
from ui.caching import cache_refusals
from ui.i18n import STRINGS
from ui.state import MODEL_KEY, keep, labels_now, lang, tr, viewer_zone

if TYPE_CHECKING:  # annotations only: the home and lab pages never import TensorFlow
    import keras


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_model(path: str, mtime: float) -> keras.Model:
    """Load a ``.keras`` file once per server process (``mtime`` invalidates a replaced file).

    Callers must not mutate the returned model.
    """
    return catalog.load_model(Path(path))


def model_file_key(catalog_key: str, model_path: Path) -> str:
    """The key of a model file's model in the caches: the catalog key it is listed
    under (``run:<run_id>``) and the file's time.

    Raises:
        OSError: the file is gone.
    """
    return f"{catalog_key}@{model_path.stat().st_mtime}"


def model_cache_key(entry: catalog.ModelEntry) -> str:
    """The key of ``entry``'s model in the caches: :func:`model_file_key` of its file."""
    return model_file_key(entry.key, entry.model_path)


def input_digest(x: NDArray) -> str:
    """The SHA-256 of a model input's float32 bytes (what the caches are keyed by).

    ``x`` is any array; the pages pass the model input, a ``(1, H, W, C)`` batch of one.
    """
    return hashlib.sha256(np.ascontiguousarray(x, dtype=np.float32).tobytes()).hexdigest()


@cache_refusals(preprocess.ImageRejected, max_entries=48, show_spinner=False)
def _prepare(
    digest: str, settings: preprocess.PrepSettings, invert: bool | None, _data: bytes
) -> preprocess.Prepared:
    """:func:`cnn_core.preprocess.prepare` of ``_data`` (keyed by its ``digest``)."""
    return preprocess.prepare(_data, settings, invert=invert)


def cached_prepare(
    data: bytes, settings: preprocess.PrepSettings, invert: bool | None = None
) -> preprocess.Prepared:
    """:func:`cnn_core.preprocess.prepare`, cached per (bytes, settings, invert),
    refusals included (a refused 40-megapixel PNG took seconds to decode).

    Raises:
        preprocess.ImageRejected: the file is not an image the app takes
            (:func:`ui.image_input.rejection_text` says why).
    """
    return _prepare(hashlib.sha256(data).hexdigest(), settings, invert, data)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_grad_cam(
    model_key: str, digest: str, class_index: int, _model: Any, _x: NDArray
) -> NDArray[np.float32]:
    """The ``(H, W)`` Grad-CAM of one input ``_x``, ``(1, H, W, C)``, for one class."""
    return inspection.grad_cam(_model, _x, class_index)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_occlusion(
    model_key: str, digest: str, class_index: int, patch: int, stride: int, _model: Any, _x: NDArray
) -> occlusion.Occlusion:
    """:func:`cnn_core.occlusion.occlusion_map` of one input ``_x``, ``(1, H, W, C)``
    float32, for one class, patch and stride."""
    return occlusion.occlusion_map(_model, _x, class_index, patch=patch, stride=stride)


def model_entries() -> list[catalog.ModelEntry]:
    """The models a page can open: :func:`cnn_core.catalog.list_models` of the run store.

    Listed afresh on every call (0.5 ms with 30 runs: the catalog remembers each
    entry by its files' times and sizes), so a run that has just finished is there.
    """
    return catalog.list_models(runs=runs_dir())


def warm_up() -> list[str]:
    """Load every shipped model and run each computation once, so no student waits for it.

    Imports TensorFlow, loads the models into :func:`cached_model` (the same cache
    the pages use) and runs the probabilities, every layer's activations and
    Grad-CAM once on a blank input: the first student then pays only for their own
    image. Then reads the training page's first dataset (the quick preset's), which
    that page loads to check it, when its files are here (nothing is downloaded).
    Called by :func:`ui.server.start_warm_up` in a background thread.

    Returns:
        The catalog keys of the models warmed.
    """
    warmed = []
    for entry in model_entries():
        if entry.source != "shipped":
            continue
        model = cached_model(str(entry.model_path), entry.model_path.stat().st_mtime)
        x = np.zeros((1, *entry.input_shape), np.float32)
        inspection.predict_proba(model, x)
        inspection.activations(model, x)
        if inspection.conv_layers(model):
            inspection.grad_cam(model, x, 0)
        warmed.append(entry.key)
    first_dataset = PRESETS["quick"].dataset
    if datasets.files_present(first_dataset):
        datasets.raw_test_set(first_dataset)
    return warmed


def load_model_file(model_path: Path) -> keras.Model | None:
    """The Keras model in ``model_path`` (:func:`cached_model`), or ``None`` after
    showing a translated error (a missing or damaged file)."""
    try:
        return cached_model(str(model_path), model_path.stat().st_mtime)
    except (OSError, ValueError) as err:
        st.error(tr("common.model_load_error", error=err))
        return None


def load_entry_model(entry: catalog.ModelEntry) -> keras.Model | None:
    """The Keras model of ``entry``, or ``None`` after showing a translated error."""
    return load_model_file(entry.model_path)


def model_label(architecture: str, preset: str | None = None) -> str:
    """A run's model as students know it, in the current language: the name of the
    preset it used ("Quick (for a CPU)", :func:`cnn_core.train_config.preset_of` of
    its config), else its architecture's ("Build your own"). Every list of runs
    names a run's model with this.

    Args:
        architecture: the run's ``TrainConfig.model``.
        preset: the key of the preset the run used; ``None`` for none.
    """
    return tr(f"train.preset.{preset}") if preset else tr(f"train.arch.{architecture}")


PERCENT_FORMAT = "%.1f%%"
"""A table column of percentages (``91.9%``, one decimal), as the pages write accuracies
and probabilities elsewhere (Streamlit's ``"percent"`` gives two decimals, or none)."""


def epoch_text(epoch: int, partial: dict[str, int] | None) -> str:
    """An epoch as the pages name it: its number (``"3"``); for the part of an epoch Stop
    left (``partial``: :func:`cnn_core.runs.partial_epoch`), how many of its batches ran
    (``"3 (120/469 batches)"``)."""
    if partial is None or epoch != partial["epoch"]:
        return str(epoch)
    return tr("train.epoch_partial", **partial)


@functools.lru_cache(maxsize=1024)
def _run_preset(run_dir: Path) -> str | None:
    """:func:`~cnn_core.train_config.preset_of` a run's config
    (:func:`cnn_core.runs.read_config`: written once, when the run starts; ``None``
    when unreadable)."""
    config = read_config(run_dir)
    return None if config is None else preset_of(config)


def entry_title(entry: catalog.ModelEntry) -> str:
    """A model's title in the current language; a run's ends with its start time in
    the viewer's time zone (its card's title has none: the worker knows no viewer)."""
    title = entry.title(lang())
    if entry.source == "run":
        title += " · " + run_started(entry.model_path.parent.name, viewer_zone())
    return title


def entry_label(entry: catalog.ModelEntry) -> str:
    """A model as the pickers name it: a run's board name (:func:`cnn_core.board.read_entry`,
    when the student gave it one: twenty quick runs of a class differ by it) and set-up
    (a preset or an architecture), its :func:`entry_title`, and where it comes from
    (shipped, a training run).

    Plain text, for a selectbox's options (Streamlit shows them as they are, never as
    Markdown): the name reads as the student typed it.
    """
    parts = [entry_title(entry), tr(f"common.source.{entry.source}")]
    if entry.source != "run":
        return " · ".join(parts)
    run_path = entry.model_path.parent
    architecture = entry.card.get("architecture")
    if f"train.arch.{architecture}" in STRINGS:  # not in the title
        parts.insert(0, model_label(architecture, _run_preset(run_path)))
    return with_name(board.read_entry(run_path).name, parts)  # afresh: it may be renamed


def with_name(name: str | None, parts: list[str]) -> str:
    """``parts`` joined by " · ", a run's board name first when it has one (``name``)."""
    return " · ".join([name, *parts] if name else parts)


def model_picker_ui() -> catalog.ModelEntry | None:
    """Draw the model selectbox; the choice (``MODEL_KEY``) is the same on every page.

    Returns:
        The chosen entry, or ``None`` (with a message) when there is no model.
    """
    entries = {entry.key: entry for entry in model_entries()}
    if not entries:
        st.info(tr("common.no_models"))
        return None

    picked = keep(
        st.selectbox,
        MODEL_KEY,
        tr("common.model"),
        entries,
        format_func=labels_now(entries, lambda key: entry_label(entries[key])),
    )
    return entries[picked]
