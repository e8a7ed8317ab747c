"""Click to inspect: one activation map, large; a click on a cell outlines its receptive
field on the input, with its size and the layer arithmetic that gives it.

The layer and the map are chosen with selectboxes; the cell is chosen by clicking
(tapping) the map, which plotly reports as a selection of the invisible marker over
that cell (:mod:`cnn_core.cells`). The cell is kept under :data:`CELL_KEY` as
``(layer, row, col)``: a map of another layer starts at its strongest cell. Maps, rows,
columns and pixels are kept as 0-based indices and shown counted from 1, as the lab
counts them (map index 0 is "map 1", cell ``(0, 0)`` is "cell (1, 1)"). A layer
whose field cannot be traced back (an uploaded model's ``UpSampling2D`` or
``Conv2DTranspose``) shows its map alone, with a note naming the layer in the way.
"""

from __future__ import annotations

import functools

import numpy as np
import streamlit as st

from app_pages.explorer.widgets import ExplorerInput, ExplorerModel
from cnn_core import figures, inspection
from cnn_core.cells import MAX_CELLS, picked_cell
from cnn_core.receptive_field import (
    FieldStep,
    Untraceable,
    receptive_field,
    receptive_field_steps,
)
from ui.layout import CHART_CONFIG
from ui.markdown import markdown_text
from ui.state import keep, labels_now, tr

LAYER_KEY = "explorer.detail_layer"
"""Kept value: the layer whose map is shown large (its name)."""
CHANNEL_KEY = "explorer.detail_channel"
"""Kept value: that layer's map shown (0-based)."""
CELL_KEY = "explorer.detail_cell"
"""Session key: ``(layer, row, col)`` of the cell clicked last (or set by a link)."""
CHART_KEY = "explorer.fig.detail_map"
"""The key of the clickable map chart (its selection is read in :func:`_picked`)."""
MAP_HEIGHT = 440
"""The clickable map is drawn this tall: cells big enough to tap."""


def map_label(channel: int) -> str:
    """The map at 0-based ``channel`` as the page names it, counted from 1 (``0`` -> "map 1")."""
    return f"{tr('explorer.map')} {channel + 1}"


def cell_label(cell: tuple[int, int]) -> str:
    """A 0-based ``(row, col)`` as the page writes a cell, counted from 1
    (``(0, 2)`` -> ``"(1, 3)"``, as :func:`receptive_text` does)."""
    return f"({cell[0] + 1}, {cell[1] + 1})"


def _picked(layer: str, shape: tuple[int, int]) -> None:
    """Chart callback: keep the clicked cell of ``layer``'s map."""
    event = st.session_state.get(CHART_KEY) or {}
    cell = picked_cell(event.get("selection") or {}, shape)
    if cell is not None:
        st.session_state[CELL_KEY] = (layer, *cell)


def _peak() -> None:
    """Button callback: forget the clicked cell, so the strongest one is shown."""
    st.session_state.pop(CELL_KEY, None)


def chosen_cell(layer: str, fmap: np.ndarray) -> tuple[int, int]:
    """The kept cell when it belongs to ``layer`` and lies in ``fmap`` (H, W), else its peak.

    A kept cell of ``layer`` outside ``fmap`` (a link's ``cell=999,999``) is replaced
    by the peak, so the page shares the cell it shows and the link check names the
    one it could not show.
    """
    kept = st.session_state.get(CELL_KEY)
    height, width = fmap.shape
    ours = isinstance(kept, tuple) and len(kept) == 3 and kept[0] == layer
    if ours and 0 <= kept[1] < height and 0 <= kept[2] < width:
        return int(kept[1]), int(kept[2])
    row, col = np.unravel_index(int(np.argmax(fmap)), fmap.shape)
    if ours:
        st.session_state[CELL_KEY] = (layer, int(row), int(col))
    return int(row), int(col)


def box_size(box: tuple[int, int, int, int]) -> str:
    """The size of a ``(top, left, bottom, right)`` box (0-based, inclusive) as the page
    writes it: ``"7×10"`` (rows × columns)."""
    top, left, bottom, right = box
    return f"{bottom - top + 1}×{right - left + 1}"


def receptive_text(
    row: int, col: int, value: float, box: tuple[int, int, int, int], size: str
) -> str:
    """The translated sentence on the cell at 0-based ``(row, col)`` and its receptive
    field ``box`` (``(top, left, bottom, right)``, 0-based and inclusive) of ``size``
    (:func:`box_size`), every row and column counted from 1 (cell ``(0, 0)`` reads
    "cell (1, 1)")."""
    top, left, bottom, right = box
    return tr(
        "explorer.receptive",
        row=row + 1,
        col=col + 1,
        value=f"{value:.3g}",
        top=top + 1,
        bottom=bottom + 1,
        left=left + 1,
        right=right + 1,
        size=size,
    )


def arithmetic_lines(steps: list[FieldStep]) -> list[str]:
    """One translated line per layer: how the receptive field grows there."""
    lines = []
    size = 1
    for step in steps:
        apart = "explorer.rf_apart.one" if step.jump == 1 else "explorer.rf_apart.many"
        lines.append(
            tr(
                "explorer.rf_step",
                name=markdown_text(step.name),
                kernel=step.kernel,
                stride=step.stride,
                size_in=size,
                extent=step.extent,
                jump=step.jump_in,
                size=step.size,
                apart=tr(apart, jump=step.jump),
            )
        )
        size = step.size
    return lines


def show_receptive_field(
    chosen: ExplorerModel, image: ExplorerInput, acts: list[inspection.LayerActivation]
) -> None:
    spatial = {act.name: act for act in acts if act.output.ndim == 3}
    if not spatial:
        return
    st.subheader(tr("explorer.detail_header"))
    names = list(spatial)
    column_layer, column_map = st.columns(2)
    layer = keep(column_layer.selectbox, LAYER_KEY, tr("explorer.detail_layer"), names)
    output = spatial[layer].output
    channels = list(range(output.shape[2]))
    channel = keep(
        column_map.selectbox,
        CHANNEL_KEY,
        tr("explorer.detail_channel"),
        channels,
        format_func=labels_now(channels, map_label),
    )
    fmap = output[:, :, channel]
    if not np.isfinite(fmap).all():  # broken weights: no value to quote, no map to draw
        st.warning(tr("explorer.not_finite_layer"))
        return
    row, col = chosen_cell(layer, fmap)
    clickable = fmap.size <= MAX_CELLS
    box: tuple[int, int, int, int] | None
    try:
        box = receptive_field(chosen.model, layer, row, col)
        steps = receptive_field_steps(chosen.model, layer)
    except Untraceable as err:  # an uploaded model's UpSampling2D, ...: the map still shows
        box = None
        st.info(
            tr(
                "explorer.rf_unavailable",
                layer=markdown_text(layer),
                blocker=markdown_text(err.layer),
                kind=err.kind,
            )
        )
    else:
        if clickable:
            st.caption(tr("explorer.detail_click"))
        else:  # a large upload's map (222×222): its peak, without a marker per cell
            shape = "×".join(map(str, fmap.shape))
            st.caption(tr("explorer.detail_too_many", shape=shape, limit=f"{MAX_CELLS:,}"))
    column_big, column_input = st.columns(2)
    with column_big:
        figure = figures.matrix_figure(
            fmap,
            title=f"{layer} · {map_label(channel)}",
            window=([row], [col]),
            colorscale="Viridis",
            annotate=False,
            pick_px=max(6, (MAP_HEIGHT - 90) // max(fmap.shape)) if clickable else None,
            height=MAP_HEIGHT,
        )
        picking = {
            "on_select": functools.partial(_picked, layer, fmap.shape),
            "selection_mode": "points",
        }
        st.plotly_chart(
            figure,
            key=CHART_KEY,
            config=CHART_CONFIG,
            **(picking if clickable else {}),
        )
        st.button(tr("explorer.detail_peak"), key="explorer.detail_peak", on_click=_peak)
    if box is None:
        return
    with column_input:
        st.plotly_chart(
            figures.image_box_figure(image.x[0], box=box, title=tr("explorer.detail_input")),
            key="explorer.fig.detail_input",
            config=CHART_CONFIG,
        )
    size = box_size(box)
    st.markdown(receptive_text(row, col, float(fmap[row, col]), box, size))
    if steps:
        full = steps[-1].size
        shown = markdown_text(layer)
        st.markdown(tr("explorer.rf_arithmetic", layer=shown, size=f"{full}×{full}"))
        st.markdown("\n".join(f"- {line}" for line in arithmetic_lines(steps)))
        if f"{full}×{full}" != size:
            st.caption(tr("explorer.rf_clipped", size=size, full=f"{full}×{full}"))
