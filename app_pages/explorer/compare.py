"""Two models side by side: their layer tables aligned, their probabilities for the
same input, and the feature maps of corresponding layers next to each other.

The first model is the page's (with a run's epoch, if chosen); the second is picked
here. One click sets up a classic pair: the two shipped models (the course notes'
Fashion-MNIST CNN and the digit CNN), or this server's two most recently finished runs.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from app_pages.explorer.caches import cached_activations, cached_maps_grid
from app_pages.explorer.widgets import (
    ExplorerInput,
    ExplorerModel,
    from_entry,
    input_choice_ui,
    shape_text,
)
from cnn_core import catalog, figures
from cnn_core.compare import AlignedRow, align_layers
from cnn_core.inspection import LayerRow, layer_table
from ui.images import image_url
from ui.layout import CHART_CONFIG
from ui.markdown import markdown_text
from ui.models import entry_label, load_entry_model, model_entries
from ui.state import EXPLORER_MODEL_SOURCE_KEY, MODEL_KEY, fill, keep, labels_now, tr

OTHER_KEY = "explorer.compare_with"
"""Kept value: the catalog key of the second model."""
SHIPPED_PAIR = ("shipped:fashion_cnn", "shipped:mnist_digits")
"""The one-click shipped pair: the course notes' CNN and the digit CNN."""


def _pick_pair(first: str, second: str) -> None:
    """Button callback: open ``first`` on the page and compare it with ``second``."""
    fill({MODEL_KEY: first, EXPLORER_MODEL_SOURCE_KEY: "catalog", OTHER_KEY: second})


def pairs_ui(entries: dict[str, catalog.ModelEntry]) -> None:
    """The one-click pairs."""
    runs = [key for key, entry in entries.items() if entry.source == "run"]
    row = st.container(horizontal=True)  # wraps where the labels do not fit side by side
    row.button(
        tr("explorer.compare_shipped"),
        key="explorer.compare_shipped",
        on_click=_pick_pair,
        args=SHIPPED_PAIR,
        disabled=not all(key in entries for key in SHIPPED_PAIR),
    )
    row.button(
        tr("explorer.compare_runs"),
        key="explorer.compare_runs",
        on_click=_pick_pair,
        args=tuple(runs[:2]) if len(runs) >= 2 else ("", ""),
        disabled=len(runs) < 2,
    )


def other_model_ui() -> ExplorerModel | None:
    """The second model's picker; ``None`` (with a message) when it cannot be opened."""
    entries = {entry.key: entry for entry in model_entries()}
    pairs_ui(entries)
    if not entries:
        return None
    keys = list(entries)
    mine = st.session_state.get(MODEL_KEY)
    default = next((key for key in keys if key != mine), keys[0])
    picked = keep(
        st.selectbox,
        OTHER_KEY,
        tr("explorer.compare_with"),
        keys,
        default=default,
        format_func=labels_now(keys, lambda key: entry_label(entries[key])),
    )
    model = load_entry_model(entries[picked])
    return None if model is None else from_entry(entries[picked], model)


def _cells(row: LayerRow | None) -> list[str]:
    if row is None:
        return ["", "", "", ""]
    return [row.name, row.type, shape_text(row.output_shape), f"{row.params:,}"]


def show_table(rows: list[AlignedRow], first: ExplorerModel, second: ExplorerModel) -> None:
    """The aligned layer tables, one row per pair."""
    columns = [tr("explorer.col.name"), tr("explorer.col.type"), tr("explorer.col.shape")]
    columns.append(tr("explorer.col.params"))
    headers = [f"A · {c}" for c in columns] + [f"B · {c}" for c in columns]
    table = {header: [] for header in headers}
    for row in rows:
        for header, cell in zip(headers, _cells(row.left) + _cells(row.right), strict=True):
            table[header].append(cell)
    st.dataframe(table, hide_index=True, key="explorer.fig.compare_table")
    st.markdown(
        tr(
            "explorer.compare_totals",
            a=f"{first.model.count_params():,}",
            b=f"{second.model.count_params():,}",
        )
    )


def _probabilities(model: ExplorerModel, probs: np.ndarray, key: str) -> None:
    bars = figures.probability_bars_figure(
        model.class_names, probs.tolist(), axis_title=tr("explorer.prob_axis")
    )
    st.plotly_chart(bars, key=key, config=CHART_CONFIG)


def _maps(model: ExplorerModel, image: ExplorerInput, layer: str, output: np.ndarray) -> None:
    caption = f"{markdown_text(layer)} · {shape_text(output.shape)}"
    if not np.isfinite(output).all():  # broken weights: nothing to draw
        st.caption(caption)
        st.warning(tr("explorer.not_finite_layer"))
        return
    grid = cached_maps_grid(model.key, image.digest, layer, True, output)
    st.image(image_url(grid.png), caption=caption)


def show_compare(chosen: ExplorerModel) -> None:
    """The "two models side by side" view."""
    st.markdown(tr("explorer.compare_intro"))
    other = other_model_ui()
    if other is None:
        return
    rows = align_layers(layer_table(chosen.model), layer_table(other.model))
    st.subheader(tr("explorer.compare_layers"))
    show_table(rows, chosen, other)
    st.subheader(tr("explorer.compare_same_input"))
    image = input_choice_ui(chosen)
    if image is None:
        return
    if other.prep.input_shape != chosen.prep.input_shape:
        st.info(
            tr(
                "explorer.compare_other_input",
                a=shape_text(chosen.prep.input_shape),
                b=shape_text(other.prep.input_shape),
            )
        )
        return
    acts_a, probs_a = cached_activations(chosen.key, image.digest, chosen.model, image.x)
    acts_b, probs_b = cached_activations(other.key, image.digest, other.model, image.x)
    column_image, column_a, column_b = st.columns([1, 2, 2])
    column_image.image(image_url(image.x[0]), caption=tr("explorer.model_sees"))
    for column, model, probs, name in (
        (column_a, chosen, probs_a, "a"),
        (column_b, other, probs_b, "b"),
    ):
        with column:
            if not np.isfinite(probs).all():
                st.markdown(f"**{name.upper()}**")
                st.error(tr("explorer.not_finite_output"))
                continue
            st.markdown(f"**{name.upper()}** · {model.class_names[int(np.argmax(probs))]}")
            _probabilities(model, probs, f"explorer.fig.compare_probs.{name}")
    st.subheader(tr("explorer.compare_maps"))
    st.caption(tr("explorer.compare_maps_help"))
    outputs_a = {act.name: act.output for act in acts_a}
    outputs_b = {act.name: act.output for act in acts_b}
    for row in rows:
        if not row.both_maps:
            continue
        column_a, column_b = st.columns(2)
        with column_a:
            _maps(chosen, image, row.left.name, outputs_a[row.left.name])
        with column_b:
            _maps(other, image, row.right.name, outputs_b[row.right.name])
