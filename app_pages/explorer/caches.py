"""The explorer's server-wide caches: every layer's activations, the feature-map
pictures, a run's epoch models, and "what a filter wants to see" (its pictures, the
test images it is scored on and their scores).

Keyed like the shared caches of :mod:`ui.models`: a model key
(:func:`ui.models.model_cache_key`, ``upload:<sha256>``, or ``<run key>#epoch<N>``)
and an input digest (:func:`ui.models.input_digest`); the model and the input travel
unhashed as ``_model`` and ``_x``. Shared by every session of the server: a class
opening the same sample image computes it once. Callers must not mutate what they
return.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from cnn_core import activation_max, checkpoints, datasets, inspection, tiles
from cnn_core.runs import MODEL_FILE
from ui.models import cached_model


@st.cache_data(max_entries=32, show_spinner=False)
def cached_activations(
    model_key: str, digest: str, _model: Any, _x: NDArray
) -> tuple[list[inspection.LayerActivation], NDArray[np.float32]]:
    """Every layer's activation and the ``(classes,)`` probabilities of one input."""
    return inspection.activations(_model, _x), inspection.predict_proba(_model, _x)[0]


@st.cache_resource(max_entries=48, show_spinner=False)
def cached_epoch_model(run_path: str, mtime: float, epoch: int):
    """A run's model with the weights of one epoch (:mod:`cnn_core.checkpoints`), once per server.

    The run's ``model.keras`` gives the architecture (``mtime`` is its time); the
    shared model itself is never changed. Callers must not mutate the result.

    Raises:
        ValueError: no such checkpoint, or it does not fit the model.
    """
    model = cached_model(str(Path(run_path) / MODEL_FILE), mtime)
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
    return activation_max.unit_scores(_model, layer, datasets.scale_images(pool[0]))


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
