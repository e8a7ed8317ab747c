"""Widgets of the Model Explorer page: the model and the input to inspect.

The ``*_ui()`` helpers draw widgets and return plain values; the cached
computations they feed are in :mod:`app_pages.explorer.caches` and :mod:`ui.models`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from cnn_core import inspection, model_files, preprocess
from cnn_core.catalog import ModelEntry
from cnn_core.datasets import scale_images
from ui.image_input import image_source_ui, rejection_text
from ui.markdown import markdown_text
from ui.models import (
    cached_prepare,
    input_digest,
    load_entry_model,
    model_cache_key,
    model_picker_ui,
)
from ui.state import (
    EXPLORER_INPUT_SOURCE_KEY,
    EXPLORER_MODEL_SOURCE_KEY,
    HANDOFF_KEY,
    keep,
    kept_upload_ui,
    labels,
    labels_now,
    lang,
    tr,
)

MODEL_SOURCES = ("catalog", "upload")
INPUT_SOURCES = ("test", "image")
MB = 1024 * 1024
IMAGE_KEY = "explorer.image"
"""Key prefix of the page's image input (:func:`ui.image_input.image_source_ui`; its
sub-keys come from :func:`ui.image_input.source_key` and its kin)."""
TEST_CLASS_KEY = "explorer.test_class"
"""Kept value: the class whose test images the test image picker offers."""


def class_image_key(label: int) -> str:
    """The kept value of class ``label``'s test image picker: the image's number, from 1."""
    return f"explorer.test_image.{label}"


def filter_label(index: int) -> str:
    """The filter at 0-based ``index`` as the page names it, counted from 1 as the lab
    counts (``0`` -> "filter 1")."""
    return f"{tr('explorer.filter')} {index + 1}"


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape as ``"28×28×32"``."""
    return "×".join(str(d) for d in shape)


@dataclass(frozen=True)
class ExplorerModel:
    """The model the page inspects, from the catalog or an upload.

    Attributes:
        key: stable cache key (catalog key + file time, or ``upload:<sha256>``).
        model: the Keras model (never mutated).
        class_names: names in the current language.
        prep: how an image becomes this model's input (the card's recipe; the
            datasets' defaults for an upload).
        dataset: the card's dataset, ``None`` for uploads.
        card: the model card, empty for uploads.
        run_path: a training run's folder (its checkpoints), ``None`` otherwise.
        epoch: the run's epoch whose weights ``model`` holds (the epoch slider's
            choice), ``None`` for the saved model itself.
    """

    key: str
    model: Any = field(repr=False)
    class_names: list[str]
    prep: preprocess.PrepSettings
    dataset: str | None = None
    card: dict[str, Any] = field(default_factory=dict, repr=False)
    run_path: Path | None = None
    epoch: int | None = None


def model_choice_ui() -> ExplorerModel | None:
    """A shipped model / finished run, or an uploaded ``.keras`` file.

    Returns:
        The chosen model, or ``None`` after showing why there is none.
    """
    source = keep(
        st.radio,
        EXPLORER_MODEL_SOURCE_KEY,
        tr("explorer.model_source"),
        MODEL_SOURCES,
        format_func=labels("explorer.model_source", MODEL_SOURCES),
        horizontal=True,
    )
    if source == "upload":
        return _uploaded_model_ui()
    entry = model_picker_ui()
    if entry is None:
        return None
    model = load_entry_model(entry)
    if model is None:
        return None
    return from_entry(entry, model)


def from_entry(entry: ModelEntry, model: Any) -> ExplorerModel:
    """The :class:`ExplorerModel` of a catalog entry and its loaded model."""
    return ExplorerModel(
        key=model_cache_key(entry),
        model=model,
        class_names=entry.class_names(lang()),
        prep=entry.prep_settings,
        dataset=entry.card.get("dataset"),
        card=entry.card,
        run_path=entry.model_path.parent if entry.source == "run" else None,
    )


@st.cache_resource(max_entries=2, show_spinner=False)
def _load_upload(digest: str, _data: bytes):
    """Load an uploaded model once per server process (``digest`` is the cache key)."""
    return model_files.load_model_bytes(_data)


def size_text(size: int) -> str:
    """A file size for a message: ``"1.25 MB"``, ``"4 KB"`` under a tenth of a MB,
    ``"18 bytes"`` under half a KB (what "1 KB" would round up)."""
    if size >= MB / 10:
        return f"{size / MB:.2f} MB"
    return f"{round(size / 1024)} KB" if size >= 512 else tr("explorer.bytes", count=size)


def _refusal_text(err: model_files.ModelFileRejected, name: str, size: int) -> str:
    """Why an uploaded model file was refused, translated (``name`` already Markdown-safe).

    The activations' size is rounded up to a tenth of a MB: a model just over the
    128 MB limit reads "128.1 MB", not "128 MB … at most 128 MB".
    """
    details = err.details
    return tr(
        f"explorer.reject.{err.reason}",
        name=name,
        size=size_text(size),
        limit=f"{model_files.MAX_BYTES / MB:.0f}",
        missing=", ".join(details.get("missing", ())),
        shape="×".join(map(str, details.get("shape", ()))),
        max_side=model_files.MAX_INPUT_SIDE,
        activations=f"{math.ceil(10 * details.get('activation_bytes', 0) / MB) / 10:.1f}",
        max_activations=f"{model_files.MAX_ACTIVATION_BYTES / MB:g}",
        classes=details.get("classes"),
        error=markdown_text(details.get("error", "")),
        names=markdown_text(", ".join(details.get("names", ()))),
        custom=markdown_text(", ".join(details.get("custom", ()))),
        inputs=markdown_text(details.get("inputs", "")),
        outputs=markdown_text(details.get("outputs", "")),
    )


def _uploaded_model_ui() -> ExplorerModel | None:
    files = kept_upload_ui(  # the uploader says the model limit and refuses a larger file
        "explorer.model_upload",
        tr("explorer.upload_label", mb=model_files.MAX_BYTES // MB),
        help=tr("explorer.upload_help", limit=f"{model_files.MAX_BYTES / MB:.0f}"),
        max_mb=model_files.MAX_BYTES // MB,
    )
    if not files:
        st.info(tr("explorer.upload_prompt"))
        return None
    name, data = files[0]
    shown = markdown_text(name)
    digest = hashlib.sha256(data).hexdigest()
    try:
        model = _load_upload(digest, data)
    except model_files.ModelFileRejected as err:
        st.error(_refusal_text(err, shown, len(data)))
        return None
    classes = int(model.outputs[0].shape[-1])
    height, width, channels = (int(d) for d in model.inputs[0].shape[1:])
    st.success(tr("explorer.upload_ok", name=shown, params=f"{model.count_params():,}"))
    st.caption(tr("explorer.upload_classes_note"))
    return ExplorerModel(
        key=f"upload:{digest}",
        model=model,
        class_names=[str(i) for i in range(classes)],
        prep=preprocess.PrepSettings.for_input_shape((height, width, channels)),
    )


@st.cache_data(max_entries=4, show_spinner=False)
def _test_images(dataset: str) -> tuple[NDArray[np.float32], NDArray[np.int64]] | None:
    return inspection.load_test_images(dataset)


@dataclass(frozen=True)
class ExplorerInput:
    """The image fed to the model.

    Attributes:
        digest: hash of the model input, the cache key.
        x: ``(1, H, W, C)`` float32 in [0, 1].
        steps: the preprocessing steps of an uploaded image (empty for test images).
        label: the true class of a test image, else ``None``.
    """

    digest: str
    x: NDArray[np.float32] = field(repr=False)
    steps: tuple[preprocess.Step, ...] = ()
    label: int | None = None


def input_choice_ui(chosen: ExplorerModel) -> ExplorerInput | None:
    """A real test image picked by class, or an image through the predict preprocessing.

    Returns:
        The input, or ``None`` after showing why there is none.
    """
    tests = _test_images(chosen.dataset) if chosen.dataset else None
    if tests is not None and tests[0].shape[1:] != chosen.prep.input_shape:
        tests = None
    sources = list(INPUT_SOURCES if tests is not None else INPUT_SOURCES[1:])
    handoff = st.session_state.get(HANDOFF_KEY)
    if handoff is not None and handoff["image"].shape == chosen.prep.input_shape:
        sources.append("training")
    source = (
        sources[0]  # an uploaded model has no test set: no choice to offer
        if len(sources) == 1
        else keep(
            st.radio,
            EXPLORER_INPUT_SOURCE_KEY,
            tr("explorer.input_source"),
            sources,
            format_func=labels("explorer.input_source", sources),
            horizontal=True,
        )
    )
    if source == "test" and tests is not None:
        return _test_image_ui(chosen, *tests)
    if source == "training":
        st.caption(handoff["caption"])
        return _input(scale_images(handoff["image"][None]), label=handoff["label"])
    images = image_source_ui(key=IMAGE_KEY, dataset=chosen.dataset)
    if not images:
        st.info(tr("explorer.image_prompt"))
        return None
    name, data = images[0]
    try:
        prepared = cached_prepare(data, chosen.prep)
    except preprocess.ImageRejected as err:
        st.error(tr("predict.file_error", name=markdown_text(name), message=rejection_text(err)))
        return None
    return _input(prepared.model_input, steps=prepared.steps)


@st.cache_data(max_entries=8, show_spinner=False)
def _test_predictions(model_key: str, dataset: str, _model: Any) -> NDArray[np.int64]:
    """The ``(N,)`` classes the model gives the shipped test images of ``dataset``."""
    x, _ = _test_images(dataset)
    return np.argmax(inspection.predict_proba(_model, x), axis=1)


def _test_image_ui(chosen: ExplorerModel, x: NDArray, y: NDArray) -> ExplorerInput:
    """A class, then one of its test images, each marked right or wrong for this model.

    Each class starts at the first image the model gets right, so a class sees a
    typical case first; the ones it gets wrong are there to pick on purpose.
    """
    classes = sorted({int(label) for label in y})
    column_class, column_index = st.columns(2)
    with column_class:
        label = keep(
            st.selectbox,
            TEST_CLASS_KEY,
            tr("explorer.test_class"),
            classes,
            format_func=labels_now(classes, chosen.class_names.__getitem__),
        )
    picks = np.flatnonzero(y == label)
    said = _test_predictions(chosen.key, str(chosen.dataset), chosen.model)[picks]
    right = [int(guess) == label for guess in said]

    def mark(n: int) -> str:
        if right[n - 1]:
            return tr("explorer.test_right", n=n)
        return tr("explorer.test_wrong", n=n, name=chosen.class_names[int(said[n - 1])])

    numbers = list(range(1, len(picks) + 1))
    with column_index:
        number = keep(  # another model or epoch marks the images anew
            st.selectbox,
            class_image_key(label),
            tr("explorer.test_index"),
            numbers,
            default=right.index(True) + 1 if any(right) else 1,
            format_func=labels_now(numbers, mark),
        )
    return _input(x[picks[number - 1]][None], label=label)


def _input(x: NDArray, **extra: Any) -> ExplorerInput:
    x = np.ascontiguousarray(x, dtype=np.float32)
    return ExplorerInput(input_digest(x), x, **extra)
