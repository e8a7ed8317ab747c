"""What the explorer and predict pages share about models: the picker, loading, the
input recipe (:func:`cached_prepare`) and the cached computations.

The ``cached_*`` functions wrap :mod:`cnn_core.inspection` in Streamlit caches
keyed by a model key (:func:`model_cache_key`, or ``upload:<sha256>``) and an input
digest (:func:`input_digest`); the model and the input travel unhashed as
``_model`` and ``_x``. Shared by every session of the server: a class opening the
same sample image computes it once.
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import hashlib
import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from cnn_core import (
    activation_max,
    board,
    catalog,
    checkpoints,
    datasets,
    inspection,
    occlusion,
    preprocess,
    tiles,
)
from cnn_core.paths import runs_dir
from cnn_core.runs import run_started
from cnn_core.train_config import PRESETS, TrainConfig, preset_of
from ui.caching import cache_refusals
from ui.i18n import STRINGS
from ui.state import MODEL_KEY, keep, labels_now, lang, tr, viewer_zone


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_model(path: str, mtime: float):
    """Load a ``.keras`` file once per server process (``mtime`` invalidates a replaced file).

    Callers must not mutate the returned model.
    """
    return catalog.load_model(Path(path))


def model_cache_key(entry: catalog.ModelEntry) -> str:
    """The key of ``entry``'s model in the caches: its catalog key and its file's time."""
    return f"{entry.key}@{entry.model_path.stat().st_mtime}"


def input_digest(x: NDArray) -> str:
    """The SHA-256 of a model input's float32 bytes (what the caches are keyed by)."""
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


@st.cache_data(max_entries=64, show_spinner=False)
def cached_probabilities(model_key: str, digest: str, _model: Any, _x: NDArray) -> NDArray:
    """The ``(classes,)`` probabilities of one ``(1, H, W, C)`` input."""
    return inspection.predict_proba(_model, _x)[0]


@st.cache_data(max_entries=32, show_spinner=False)
def cached_activations(
    model_key: str, digest: str, _model: Any, _x: NDArray
) -> tuple[list[inspection.LayerActivation], NDArray[np.float32]]:
    """Every layer's activation and the ``(classes,)`` probabilities of one input."""
    return inspection.activations(_model, _x), inspection.predict_proba(_model, _x)[0]


@st.cache_data(max_entries=32, show_spinner=False)
def cached_grad_cam(
    model_key: str, digest: str, class_index: int, _model: Any, _x: NDArray
) -> NDArray[np.float32]:
    """The ``(H, W)`` Grad-CAM of one input for one class."""
    return inspection.grad_cam(_model, _x, class_index)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_occlusion(
    model_key: str, digest: str, class_index: int, patch: int, stride: int, _model: Any, _x: NDArray
) -> occlusion.Occlusion:
    """:func:`cnn_core.occlusion.occlusion_map` of one input for one class, patch and stride."""
    return occlusion.occlusion_map(_model, _x, class_index, patch=patch, stride=stride)


TEST_BATCH = 1000
"""Test images predicted at once by :func:`cached_test_probabilities` (12 MB of CIFAR-10)."""


@st.cache_data(max_entries=64, show_spinner=False)
def _test_probabilities(
    model_key: str, dataset: str, _model: Any, _images: NDArray[np.uint8]
) -> NDArray[np.float32]:
    """The ``(N, classes)`` probabilities of a model on ``dataset``'s ``(N, H, W, C)`` test images.

    One entry is 0.4 MB for 10,000 images of ten classes: room for every student's run
    of a class, so that a click on a confusion cell never predicts the test set again.
    """
    return np.concatenate(
        [
            inspection.predict_proba(_model, _images[start : start + TEST_BATCH] / np.float32(255))
            for start in range(0, len(_images), TEST_BATCH)
        ]
    )


def cached_test_probabilities(
    model_key: str, dataset: str, _model: Any
) -> tuple[NDArray[np.uint8], NDArray[np.int64], NDArray[np.float32]] | None:
    """A run's model on its dataset's whole test set: ``(images, y, probabilities)``.

    ``images`` is ``(N, H, W, C)`` uint8 and ``y`` ``(N,)``, the read-only arrays
    :func:`cnn_core.datasets.raw_test_set` keeps once per server process for every
    model; probabilities ``(N, classes)`` are computed once per server and model
    (seconds for 10,000 images). ``None`` when the dataset is not on this server.
    """
    from cnn_core import datasets

    try:
        images, labels = datasets.raw_test_set(dataset)
    except datasets.DatasetUnavailable:
        return None
    return images, labels, _test_probabilities(model_key, dataset, _model, images)


@st.cache_resource(max_entries=48, show_spinner=False)
def cached_epoch_model(run_path: str, mtime: float, epoch: int):
    """A run's model with the weights of one epoch (:mod:`cnn_core.checkpoints`), once per server.

    The run's ``model.keras`` gives the architecture (``mtime`` is its time); the
    shared model itself is never changed. Callers must not mutate the result.

    Raises:
        ValueError: no such checkpoint, or it does not fit the model.
    """
    model = cached_model(str(Path(run_path) / "model.keras"), mtime)
    return checkpoints.model_at_epoch(model, Path(run_path), epoch)


DREAMS_KEPT = 256
"""At most this many activation-maximisation pictures are kept by the server."""


@dataclasses.dataclass
class _Dreams:
    """The server's pictures, newest last, and the keys being made now (each with the
    event set when its picture is ready or its making failed)."""

    kept: collections.OrderedDict = dataclasses.field(default_factory=collections.OrderedDict)
    making: dict[tuple[str, str, int], threading.Event] = dataclasses.field(default_factory=dict)
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _dreams() -> _Dreams:
    return _Dreams()


def cached_dream(
    model_key: str,
    layer: str,
    unit: int,
    _model: Any,
    _on_step: Callable[[int, int], None] | None = None,
) -> activation_max.Dream:
    """:func:`cnn_core.activation_max.maximize`, once per server and (model, layer, unit).

    Not an ``st.cache_data`` function so that the first student's progress bar
    (``_on_step``) moves while it runs; students who ask for the same picture
    meanwhile wait for it rather than make it again (a class clicks the same filter
    in the same second). The newest :data:`DREAMS_KEPT` are kept.
    """
    dreams = _dreams()
    key = (model_key, layer, int(unit))
    while True:
        with dreams.lock:
            if key in dreams.kept:
                dreams.kept.move_to_end(key)
                return dreams.kept[key]
            making = dreams.making.get(key)
            if making is None:
                making = dreams.making[key] = threading.Event()
                break
        making.wait()  # then read it, or make it here if that making failed
    try:
        dream = activation_max.maximize(_model, layer, int(unit), on_step=_on_step)
        with dreams.lock:
            dreams.kept[key] = dream
            while len(dreams.kept) > DREAMS_KEPT:
                dreams.kept.popitem(last=False)
        return dream
    finally:
        with dreams.lock:
            del dreams.making[key]
        making.set()


TOP_POOL = 2000
"""The top activating images of a unit are looked for among this many test images."""


@st.cache_resource(max_entries=4, show_spinner=False)
def cached_test_pool(dataset: str) -> tuple[NDArray[np.uint8], NDArray[np.int64]] | None:
    """The first :data:`TOP_POOL` test images of ``dataset`` (uint8 ``(N, H, W, C)``, labels),
    or the shipped sample test images when the dataset is not on this server; ``None``
    when neither is. Kept once per server: callers must not mutate them."""
    from cnn_core import datasets

    try:
        x, y = datasets.raw_test_set(dataset)  # read-only, shared: no copy
        return x[:TOP_POOL], y[:TOP_POOL]
    except (datasets.DatasetUnavailable, ValueError):
        shipped = inspection.load_test_images(dataset)
        if shipped is None:
            return None
        x, y = shipped
        return np.round(x * 255).astype(np.uint8), np.asarray(y, np.int64)


@st.cache_data(max_entries=32, show_spinner=False)
def cached_unit_scores(model_key: str, dataset: str, layer: str, _model: Any) -> NDArray | None:
    """:func:`cnn_core.activation_max.unit_scores` of ``layer`` on :func:`cached_test_pool`."""
    pool = cached_test_pool(dataset)
    if pool is None or pool[0].shape[1:] != tuple(_model.inputs[0].shape[1:]):
        return None
    return activation_max.unit_scores(_model, layer, pool[0].astype(np.float32) / 255.0)


MAX_MAPS = 64
"""At most this many maps of one layer are drawn."""


@st.cache_data(max_entries=256, show_spinner=False)
def cached_maps_grid(
    model_key: str, digest: str, layer: str, normalize: bool, _maps: NDArray
) -> tiles.TileGrid:
    """The picture of one layer's ``(H, W, C)`` maps (at most ``MAX_MAPS`` of them)."""
    return tiles.tile_grid_png(
        _maps.transpose(2, 0, 1)[:MAX_MAPS], columns=16, normalize_each=normalize
    )


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


def load_entry_model(entry: catalog.ModelEntry):
    """The Keras model of ``entry``, or ``None`` after showing a translated error."""
    try:
        return cached_model(str(entry.model_path), entry.model_path.stat().st_mtime)
    except (OSError, ValueError) as err:
        st.error(tr("common.model_load_error", error=err))
        return None


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
    """:func:`~cnn_core.train_config.preset_of` a run's ``config.json`` (written once,
    when the run starts; ``None`` when unreadable)."""
    try:
        config = TrainConfig.from_dict(json.loads((run_dir / "config.json").read_bytes()))
    except (OSError, ValueError):
        return None
    return preset_of(config)


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
    return with_board_name(run_path, parts)


def with_board_name(run_path: Path, parts: list[str]) -> str:
    """``parts`` joined by " · ", the run's board name first when it has one
    (:func:`cnn_core.board.read_entry`; read afresh: a classmate may rename it)."""
    name = board.read_entry(run_path).name
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
