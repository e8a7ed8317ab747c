"""The explorer's shareable link: the model, the view, the input and the layer.

A link carries a catalog model (not an uploaded file), the view, the input (a test
image by class and number, or a shipped sample; an upload, a photo or a drawing
stays in the browser that made it), the layer and map of the receptive-field
section with the clicked cell, and the filters view's layer.

``map`` and ``cell`` (``row,col``) are 0-based indices, as the page keeps them (a link
shared before the page counted from 1 still opens the same view); the page shows them
counted from 1 (``map=0&cell=2,5`` opens "map 1", cell (3, 6)). ``img`` is the test
image's number as its picker shows it, from 1.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.explorer.inspect import CELL_KEY, CHANNEL_KEY, LAYER_KEY
from app_pages.explorer.sections import CONV_LAYER_KEY, VIEWS
from app_pages.explorer.widgets import IMAGE_KEY, INPUT_SOURCES, TEST_CLASS_KEY, class_image_key
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


def link_spec() -> links.Spec:
    """What the explorer's link holds (options read from the catalog and samples now),
    each field labelled as its widget (the clicked cell, which has none, as the chosen cell)."""
    return {
        "model": links.catalog_model(),
        "view": links.choice(VIEWS).labelled("explorer.view"),
        "input": links.choice(INPUT_SOURCES).labelled("explorer.input_source"),
        "cls": links.integer(0, 999).labelled("explorer.test_class"),
        "img": links.integer(1, 100_000).labelled("explorer.test_index"),
        "sample": links.choice(sample_codes()).labelled("predict.sample_label"),
        "layer": links.token().labelled("explorer.detail_layer"),
        "map": links.integer(0, MAX_SIDE - 1).labelled("explorer.detail_channel"),
        "cell": links.cell(MAX_SIDE).labelled("common.link_cell"),
        "conv": links.token().labelled("explorer.conv_layer"),
    }


def apply_link(spec: links.Spec) -> None:
    """Fill the page's kept values from its link, the first time the session opens it.

    A value that is not among a widget's options (another model's layer, a class the
    model lacks) is replaced by that widget's default when it draws (:func:`ui.state.keep`).
    """
    decoded = links.read_once(PAGE, spec)
    if decoded is None:
        return
    values: dict[str, Any] = decoded.values
    filled: dict[str, Any] = {}
    if "model" in values:
        filled |= {MODEL_KEY: values["model"], EXPLORER_MODEL_SOURCE_KEY: "catalog"}
    simple = {"view": EXPLORER_VIEW_KEY, "input": EXPLORER_INPUT_SOURCE_KEY}
    simple |= {"layer": LAYER_KEY, "map": CHANNEL_KEY}
    simple |= {"conv": CONV_LAYER_KEY, "cls": TEST_CLASS_KEY}
    filled |= {key: values[name] for name, key in simple.items() if name in values}
    if "cls" in values and "img" in values:
        filled[class_image_key(values["cls"])] = values["img"]
    if "sample" in values:
        filled |= {source_key(IMAGE_KEY): "samples", sample_key(IMAGE_KEY): values["sample"]}
        filled.setdefault(EXPLORER_INPUT_SOURCE_KEY, "image")
    fill(filled)
    if "layer" in values and "cell" in values:
        st.session_state[CELL_KEY] = (values["layer"], *values["cell"])


def share_ui(spec: links.Spec) -> None:
    """The explorer's link now, with a copy control."""
    state = st.session_state
    if state.get(EXPLORER_MODEL_SOURCE_KEY) == "upload":
        links.share_ui(PAGE, spec, {}, note=tr("explorer.link_upload"))
        return
    view = state.get(EXPLORER_VIEW_KEY)
    values: dict[str, Any] = {"model": state.get(MODEL_KEY), "view": view}
    note = ""
    if view == "filters":
        values["conv"] = state.get(CONV_LAYER_KEY)
    if view == "activations":
        source = state.get(EXPLORER_INPUT_SOURCE_KEY)
        values["input"] = source if source in INPUT_SOURCES else None
        if source == "test":
            cls = state.get(TEST_CLASS_KEY)
            values |= {"cls": cls, "img": state.get(class_image_key(cls))}
        elif source == "image" and state.get(source_key(IMAGE_KEY)) == "samples":
            values["sample"] = state.get(sample_key(IMAGE_KEY))
        else:
            note = tr("explorer.link_own_image")
        layer = state.get(LAYER_KEY)
        values |= {"layer": layer, "map": state.get(CHANNEL_KEY)}
        cell = state.get(CELL_KEY)
        if isinstance(cell, tuple) and len(cell) == 3 and cell[0] == layer:
            values["cell"] = (cell[1], cell[2])
    links.share_ui(PAGE, spec, values, note=note)
