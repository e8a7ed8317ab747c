"""The explorer's shareable link: the model and its epoch, the view, the input and the layer.

A link carries a catalog model (not an uploaded file) and, for a training run, the
epoch the slider shows (``epoch=0`` … or ``epoch=final``; a link without one opens the
run's saved model, as links did before it was carried), the view, the input (a test
image by class and number, or a shipped sample; an upload, a photo or a drawing
stays in the browser that made it), the layer and map of the receptive-field
section with the clicked cell, the filters view's layer, how filters with several
input channels are shown and which filter, and the two "stretch each" checkboxes.
What a view's link does not carry (:data:`NOT_CARRIED`: the class Grad-CAM explains,
occlusion's patch and step, the filter or class of "what a filter wants to see", the
second model) is named over the link, which then does not promise the same view.

``map`` and ``cell`` (``row,col``) are 0-based indices, as the page keeps them (a link
shared before the page counted from 1 still opens the same view); the page shows them
counted from 1 (``map=0&cell=2,5`` opens "map 1", cell (3, 6)), and so do the messages
about a link (:meth:`ui.links.Field.shown_as`). ``img`` (the test image) and ``filter``
count from 1, as their pickers show them.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.explorer.epochs import EPOCH_KEY, FINAL, shown_epoch
from app_pages.explorer.inspect import CELL_KEY, CHANNEL_KEY, LAYER_KEY, cell_label, map_label
from app_pages.explorer.sections import (
    CONV_LAYER_KEY,
    FILTER_INDEX_KEY,
    FILTER_MODE_KEY,
    FILTER_MODES,
    FILTER_NORMALIZE_KEY,
    MAPS_NORMALIZE_KEY,
    VIEWS,
    input_channels,
)
from app_pages.explorer.widgets import (
    IMAGE_KEY,
    INPUT_SOURCES,
    TEST_CLASS_KEY,
    ExplorerModel,
    class_image_key,
    filter_label,
)
from cnn_core import inspection
from cnn_core.checkpoints import MAX_CHECKPOINTS
from ui import links
from ui.image_input import sample_codes, sample_key, source_key
from ui.state import (
    EXPLORER_INPUT_SOURCE_KEY,
    EXPLORER_MODEL_SOURCE_KEY,
    EXPLORER_VIEW_KEY,
    MODEL_KEY,
    fill,
    tr,
)

PAGE = "explorer"
MAX_SIDE = 4096
NOT_CARRIED: dict[str, tuple[str, ...]] = {
    "activations": ("explorer.cam_class", "common.occlusion_patch", "common.occlusion_stride"),
    "dream": ("explorer.dream_layer", "explorer.dream_unit"),
    "compare": ("explorer.compare_with",),
}
"""View -> the labels (UI string keys) of its choices that its link does not carry:
whoever opens the link sees their defaults, and the text over the link says so."""
WITH_INPUT = ("activations", "compare")
"""The views that show an input, whose link carries it."""


def link_spec() -> links.Spec:
    """What the explorer's link holds (options read from the catalog and samples now),
    each field labelled as its widget (the clicked cell, which has none, as the chosen
    cell) and its value quoted in messages as the page shows it."""
    return {
        "model": links.catalog_model(),
        "epoch": links.choice([*range(MAX_CHECKPOINTS), FINAL]).labelled("explorer.epoch"),
        "view": links.choice(VIEWS).labelled("explorer.view"),
        "input": links.choice(INPUT_SOURCES).labelled("explorer.input_source"),
        "cls": links.integer(0, 999).labelled("explorer.test_class"),
        "img": links.integer(1, 100_000).labelled("explorer.test_index"),
        "sample": links.choice(sample_codes()).labelled("predict.sample_label"),
        "layer": links.token().labelled("explorer.detail_layer"),
        "map": links.integer(0, MAX_SIDE - 1)
        .labelled("explorer.detail_channel")
        .shown_as(map_label),
        "cell": links.cell(MAX_SIDE).labelled("common.link_cell").shown_as(cell_label),
        "mnorm": links.flag().labelled("explorer.normalize_each"),
        "conv": links.token().labelled("explorer.conv_layer"),
        "fmode": links.choice(FILTER_MODES)
        .labelled("explorer.filter_mode")
        .shown_as(lambda mode: tr(f"explorer.filter_mode.{mode}")),
        "filter": links.integer(1, MAX_SIDE)
        .labelled("explorer.filter_pick")
        .shown_as(lambda number: filter_label(number - 1)),
        "fnorm": links.flag().labelled("explorer.normalize_filters"),
    }


def apply_link(spec: links.Spec) -> None:
    """Fill the page's kept values from its link, the first time the session opens it.

    A value that is not among a widget's options (another model's layer, a class the
    model lacks, an epoch the run has no checkpoint of) is replaced by that widget's
    default when it draws (:func:`ui.state.keep`).
    """
    decoded = links.read_once(PAGE, spec)
    if decoded is None:
        return
    values: dict[str, Any] = decoded.values
    filled: dict[str, Any] = {}
    if "model" in values:
        filled |= {MODEL_KEY: values["model"], EXPLORER_MODEL_SOURCE_KEY: "catalog"}
    simple = {"epoch": EPOCH_KEY, "view": EXPLORER_VIEW_KEY, "input": EXPLORER_INPUT_SOURCE_KEY}
    simple |= {"layer": LAYER_KEY, "map": CHANNEL_KEY, "mnorm": MAPS_NORMALIZE_KEY}
    simple |= {"conv": CONV_LAYER_KEY, "fmode": FILTER_MODE_KEY, "fnorm": FILTER_NORMALIZE_KEY}
    simple |= {"cls": TEST_CLASS_KEY}
    filled |= {key: values[name] for name, key in simple.items() if name in values}
    if "filter" in values:
        filled[FILTER_INDEX_KEY] = values["filter"] - 1
    if "cls" in values and "img" in values:
        filled[class_image_key(values["cls"])] = values["img"]
    if "sample" in values:
        filled |= {source_key(IMAGE_KEY): "samples", sample_key(IMAGE_KEY): values["sample"]}
        filled.setdefault(EXPLORER_INPUT_SOURCE_KEY, "image")
    fill(filled)
    if "layer" in values and "cell" in values:
        st.session_state[CELL_KEY] = (values["layer"], *values["cell"])


def _filters_values(chosen: ExplorerModel | None) -> dict[str, Any]:
    """The filters view's part of the link: the layer, and for filters with several
    input channels how they are shown (and which filter, one at a time)."""
    state = st.session_state
    layer = state.get(CONV_LAYER_KEY)
    if chosen is None or layer not in inspection.conv_layers(chosen.model):
        return {}  # a model without convolution layers: no filters drawn
    values: dict[str, Any] = {"conv": layer, "fnorm": state.get(FILTER_NORMALIZE_KEY)}
    if input_channels(chosen, layer) == 1:
        return values
    mode = state.get(FILTER_MODE_KEY)
    values["fmode"] = mode
    if mode == "channel" and state.get(FILTER_INDEX_KEY) is not None:
        values["filter"] = state[FILTER_INDEX_KEY] + 1
    return values


def _input_values() -> tuple[dict[str, Any], str]:
    """The input's part of the link, and the note when the input cannot travel."""
    state = st.session_state
    source = state.get(EXPLORER_INPUT_SOURCE_KEY)
    values: dict[str, Any] = {"input": source if source in INPUT_SOURCES else None}
    if source == "test":
        cls = state.get(TEST_CLASS_KEY)
        return values | {"cls": cls, "img": state.get(class_image_key(cls))}, ""
    if source == "image" and state.get(source_key(IMAGE_KEY)) == "samples":
        return values | {"sample": state.get(sample_key(IMAGE_KEY))}, ""
    return values, tr("explorer.link_own_image")


def share_ui(spec: links.Spec, chosen: ExplorerModel | None) -> None:
    """The explorer's link now, with a copy control; over it, what the view's link
    does not carry (:data:`NOT_CARRIED`).

    Args:
        spec: :func:`link_spec`.
        chosen: the model the page shows (with its epoch), ``None`` when there is none.
    """
    state = st.session_state
    if state.get(EXPLORER_MODEL_SOURCE_KEY) == "upload":
        links.share_ui(PAGE, spec, {}, note=tr("explorer.link_upload"))
        return
    view = state.get(EXPLORER_VIEW_KEY)
    values: dict[str, Any] = {"model": state.get(MODEL_KEY), "view": view}
    if chosen is not None:
        values["epoch"] = shown_epoch(chosen)
    note = ""
    if view == "filters":
        values |= _filters_values(chosen)
    if view in WITH_INPUT:
        shown, note = _input_values()
        values |= shown
    if view == "activations":
        layer = state.get(LAYER_KEY)
        values |= {"layer": layer, "map": state.get(CHANNEL_KEY)}
        values["mnorm"] = state.get(MAPS_NORMALIZE_KEY)
        cell = state.get(CELL_KEY)
        if isinstance(cell, tuple) and len(cell) == 3 and cell[0] == layer:
            values["cell"] = (cell[1], cell[2])
    left_out = ", ".join(tr(label) for label in NOT_CARRIED.get(view, ()))
    help_text = tr("explorer.share_help_part", fields=left_out) if left_out else ""
    links.share_ui(PAGE, spec, values, note=note, help=help_text)
