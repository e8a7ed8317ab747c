"""What every section of the lab explains the same way: the output-size formula with
the user's numbers, the padded input, the window beside the output cell, and the
messages for bad grids and settings."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
import streamlit as st
from numpy.typing import NDArray
from streamlit.delta_generator import DeltaGenerator

from app_pages.lab.widgets import show_input_error
from cnn_core import formulas
from cnn_core.arithmetic import (
    effective_kernel_text,
    explain_output_size,
    format_number,
    pad,
    unread_lines,
)
from cnn_core.cells import picked_cell
from cnn_core.figures import matrix_figure
from cnn_core.matrix_input import MatrixInputError, check_window
from ui.layout import CHART_CONFIG
from ui.state import fill, tr


def grids_ok(grids: dict[str, NDArray[np.float64] | MatrixInputError]) -> bool:
    """Show the error of every bad grid (by its translated name); True when none."""
    errors = {name: grid for name, grid in grids.items() if isinstance(grid, MatrixInputError)}
    for name, error in errors.items():
        show_input_error(name, error)
    return not errors


def size_formula_ui(
    in_hw: tuple[int, int],
    k_hw: tuple[int, int],
    *,
    stride: int,
    padding: int | str,
    dilation: int = 1,
) -> None:
    """The output-size formula, filled in with these numbers (:func:`formula_row`); its
    symbols named in the course notes' words; the floor explained, the input rows and
    columns no window reads named (counted from 1, as the grids count), a dilated
    kernel's span filled in. Rows and columns share one line when their numbers are the
    same (``OH = OW = …``)."""
    st.markdown(f"**{tr('lab.formula')}**")
    explained = [
        explain_output_size(size, kernel, stride=stride, padding=padding, dilation=dilation)
        for size, kernel in zip(in_hw, k_hw, strict=True)
    ]
    axes = [("OH", explained[0], tr("lab.axis.rows")), ("OW", explained[1], tr("lab.axis.cols"))]
    if explained[0] == explained[1]:
        axes = [("OH = OW", explained[0], tr("lab.axis.both"))]
    formula_row(
        formulas.SAME if padding == "same" else formulas.GENERAL,
        [formulas.size_latex(axis, ex) for axis, ex, _ in axes],
    )
    st.caption(tr("lab.formula.symbols.same" if padding == "same" else "lab.formula.symbols"))
    for _, ex, word in axes:
        said = []
        if padding != "same" and not ex.whole:
            said.append(
                tr(
                    "lab.formula.floor",
                    numerator=ex.numerator,
                    stride=stride,
                    quotient=format_number(ex.numerator / stride),
                    axis=word,
                )
            )
        unread = unread_lines(ex.size, ex.kernel, stride=stride, padding=padding, dilation=dilation)
        if unread.input:
            lines = ", ".join(str(line + 1) for line in unread.input)
            said.append(tr("lab.formula.unread", axis=word, lines=lines))
        elif unread.padding:
            said.append(tr("lab.formula.unread.padding", axis=word))
        if said:
            st.caption(" ".join(said))
    if dilation > 1:
        st.caption(dilation_text(k_hw, dilation))


def dilation_text(k_hw: tuple[int, ...], dilation: int) -> str:
    """What a dilation does to the formula, its span filled in (the rows' and the
    columns' apart when the kernel is not square)."""
    rows, cols = (effective_kernel_text(size, dilation) for size in k_hw[:2])
    span = rows if rows == cols else f"{rows} (FW: {cols})"
    return tr("lab.formula.dilation", dilation=dilation, span=span)


def formula_row(general: str, filled: Sequence[str]) -> None:
    """A general formula (LaTeX) with its filled-in lines beside it, or below it when
    the row has no room for both: each as wide as it is, in a row that wraps (two
    fixed halves cut the filled-in formula's end, "+ 1 = 4", on a projector at 853 px).
    """
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.latex(general, width="content")
        with st.container(width="content", gap=None):
            for line in filled:
                st.latex(line, width="content")


def padded_view(
    x: NDArray[np.float64], pads: tuple[int, int, int, int]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """``x`` (``(H, W)``) padded with zeros, and the mask of the padding cells."""
    top, _, left, _ = pads
    mask = np.ones(pad(x, pads).shape, dtype=bool)
    mask[top : top + x.shape[0], left : left + x.shape[1]] = False
    return pad(x, pads), mask


def padding_legend(pads: tuple[int, int, int, int]) -> str | None:
    """What the grey cells of an input padded by ``pads`` (``(top, bottom, left,
    right)``) are; with more zeros on one side than the other (Keras's "same" with an
    odd total), how many on each side. ``None``: no padding."""
    if not any(pads):
        return None
    legend = tr("lab.padding_legend")
    top, bottom, left, right = pads
    if top != bottom or left != right:
        sides = {"top": top, "bottom": bottom, "left": left, "right": right}
        legend += " " + tr("lab.padding_uneven", **sides)
    return legend


def padded_input_figure(
    x: NDArray[np.float64],
    pads: tuple[int, int, int, int],
    window: tuple[Sequence[int], Sequence[int]],
) -> tuple[go.Figure, str | None]:
    """``x`` (``(H, W)``) padded by ``pads``, the ``window`` (rows, columns of the padded
    input) outlined; and what its grey cells are (:func:`padding_legend`), for
    :func:`window_and_cell`.

    Without padding it is titled the input, and has no grey cells (``None``).
    """
    xp, mask = padded_view(x, pads)
    title = tr("lab.padded_input") if mask.any() else tr("lab.input")
    figure = matrix_figure(xp, title=title, window=window, padding_mask=mask)
    return figure, padding_legend(pads)


def window_and_cell(
    window_fig: go.Figure,
    cell_fig: go.Figure,
    widths: tuple[int, int],
    keys: tuple[str, str],
    *,
    legend: str | None = None,
    grey: str | None = None,
    pick: tuple[str, NDArray[np.float64]] | None = None,
) -> None:
    """The input with the window outlined beside the output with the cell outlined.

    Column widths follow the matrices' widths (``widths``), so cells look the same size.

    Args:
        window_fig: the input, its window outlined.
        cell_fig: the output, the chosen cell outlined.
        widths: the two matrices' widths in cells.
        keys: the two charts' keys.
        legend: the caption below them; ``None``: the convolution's (the window
            under the filter, then ``grey``, and with ``pick`` that a click shows
            the multiply-accumulate).
        grey: what the input's grey cells are, in the convolution's caption
            (``None``: it has none).
        pick: ``(cell key, (OH, OW) output)``: clicking (tapping) an output cell
            (``cell_fig`` drawn with ``matrix_figure(..., pick_px=...)``) makes it the
            chosen cell of the stepper kept under that key.
    """
    left, right = st.columns([widths[0] + 1, widths[1] + 1])
    left.plotly_chart(window_fig, key=keys[0], config=CHART_CONFIG)
    if pick is None:
        right.plotly_chart(cell_fig, key=keys[1], config=CHART_CONFIG)
    else:
        pick_chart(right, cell_fig, keys[1], pick[0], pick[1].shape)
    if legend is None:
        parts = [tr("lab.window_legend"), grey, tr("lab.click_cell") if pick else None]
        legend = " ".join(part for part in parts if part)
    st.caption(legend)


def pick_chart(
    where: DeltaGenerator,
    figure: go.Figure,
    chart_key: str,
    cell_key: str,
    shape: tuple[int, ...],
    also: Mapping[str, Any] | None = None,
) -> None:
    """Draw ``figure`` in ``where``: an ``(OH, OW)`` output drawn with
    ``matrix_figure(..., pick_px=...)``, whose cells, clicked (tapped), become the
    chosen cell of the stepper kept under ``cell_key``; a click also fills the kept
    values ``also`` (which map of several was clicked)."""
    where.plotly_chart(
        figure,
        key=chart_key,
        on_select=functools.partial(_pick_cell, chart_key, cell_key, shape[:2], also or {}),
        selection_mode="points",
        config=CHART_CONFIG,
    )


def _pick_cell(
    chart_key: str, cell_key: str, shape: tuple[int, int], also: Mapping[str, Any]
) -> None:
    """Chart callback: the clicked output cell becomes the stepper's cell (1-based
    number), and the kept values ``also`` are filled."""
    event = st.session_state.get(chart_key) or {}
    cell = picked_cell(event.get("selection") or {}, shape)
    if cell is not None:
        fill({cell_key: cell[0] * shape[1] + cell[1] + 1, **also})


def window_ok(
    in_hw: tuple[int, ...],
    k_hw: tuple[int, ...],
    stride: int,
    padding: int | str,
    dilation: int,
    *,
    pooling: bool = False,
) -> bool:
    """Check that the kernel fits (see ``check_window``); show why not. True when it fits.

    ``pooling``: ``k_hw`` is a pooling window, and the message calls it one.
    """
    try:
        check_window(in_hw[:2], k_hw[:2], stride=stride, padding=padding, dilation=dilation)
    except MatrixInputError as error:
        pool_window = pooling and error.code == "kernel_too_large"
        show_input_error(tr("lab.settings"), error, code="pool_too_large" if pool_window else None)
        return False
    return True
