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

from app_pages.explorer.inspect import CELL_KEY
from app_pages.explorer.sections import VIEWS
from app_pages.explorer.widgets import IMAGE_KEY, INPUT_SOURCES
from cnn_core.paths import SAMPLES_DIR
from ui import links
from ui.image_input import sample_key, sample_paths, source_key
from ui.models import model_entries
from ui.state import MODEL_KEY, fill, tr

PAGE = "explorer"
MAX_SIDE = 4096


def link_spec() -> links.Spec:
    """What the explorer's link holds (options read from the catalog and samples now),
    each field labelled as its widget (the clicked cell, which has none, as the chosen cell)."""
    samples = (p.relative_to(SAMPLES_DIR).as_posix() for p in sample_paths())
    return {
        "model": links.choice(entry.key for entry in model_entries()).labelled("common.model"),
        "view": links.choice(VIEWS).labelled("explorer.view"),
        "input": links.choice(INPUT_SOURCES).labelled("explorer.input_source"),
        "cls": links.integer(0, 999).labelled("explorer.test_class"),
        "img": links.integer(1, 100_000).labelled("explorer.test_index"),
        "sample": links.choice(samples).labelled("predict.sample_label"),
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
        filled |= {MODEL_KEY: values["model"], "explorer.model_source": "catalog"}
    simple = {"view": "explorer.view", "input": "explorer.input_source"}
    simple |= {"layer": "explorer.detail_layer", "map": "explorer.detail_channel"}
    simple |= {"conv": "explorer.conv_layer", "cls": "explorer.test_class"}
    filled |= {key: values[name] for name, key in simple.items() if name in values}
    if "cls" in values and "img" in values:
        filled[f"explorer.test_image.{values['cls']}"] = values["img"]
    if "sample" in values:
        filled |= {source_key(IMAGE_KEY): "samples", sample_key(IMAGE_KEY): values["sample"]}
        filled.setdefault("explorer.input_source", "image")
    fill(filled)
    if "layer" in values and "cell" in values:
        st.session_state[CELL_KEY] = (values["layer"], *values["cell"])


def share_ui(spec: links.Spec) -> None:
    """The explorer's link now, with a copy control."""
    state = st.session_state
    if state.get("explorer.model_source") == "upload":
        links.share_ui(PAGE, spec, {}, note=tr("explorer.link_upload"))
        return
    view = state.get("explorer.view")
    values: dict[str, Any] = {"model": state.get(MODEL_KEY), "view": view}
    note = ""
    if view == "filters":
        values["conv"] = state.get("explorer.conv_layer")
    if view == "activations":
        source = state.get("explorer.input_source")
        values["input"] = source if source in INPUT_SOURCES else None
        if source == "test":
            cls = state.get("explorer.test_class")
            values |= {"cls": cls, "img": state.get(f"explorer.test_image.{cls}")}
        elif source == "image" and state.get(source_key(IMAGE_KEY)) == "samples":
            values["sample"] = state.get(sample_key(IMAGE_KEY))
        else:
            note = tr("explorer.link_own_image")
        layer = state.get("explorer.detail_layer")
        values |= {"layer": layer, "map": state.get("explorer.detail_channel")}
        cell = state.get(CELL_KEY)
        if isinstance(cell, tuple) and len(cell) == 3 and cell[0] == layer:
            values["cell"] = (cell[1], cell[2])
    links.share_ui(PAGE, spec, values, note=note)
