"""Widgets of the convolution lab: grid editors, settings, the output-cell stepper.

State design of a grid editor (``st.data_editor`` keeps *edits* relative to the
data it is given, not the values): the canonical grid lives in
``st.session_state["lab.matrix.<name>"]`` as ``{"base", "current", "version"}``:
``base`` is what the editor is given, ``current`` what it showed last (base plus
the user's edits), and ``version`` is part of the editor's key. Replacing the grid
(a preset, random fill, a resize) stores the new grid as ``base`` and bumps the
version, so the editor starts afresh from it; a language switch changes nothing, so
the edits stay. When the editor's own state is gone (the user visited another
page), ``current`` becomes the new ``base``, so no typed value is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
import streamlit as st
from numpy.typing import NDArray
from streamlit.delta_generator import DeltaGenerator

from cnn_core.arithmetic import format_number
from cnn_core.figures import MIN_CELL_PX
from cnn_core.matrix_input import (
    VALUE_LIMIT,
    MatrixInputError,
    parse_matrix,
    resize_cells,
    to_cells,
)
from ui.markdown import markdown_text
from ui.state import fill, keep, key_class, labels, tr

MATRIX_PREFIX = "lab.matrix."
PRESET_KEY = "lab.preset"
"""Kept value: the preset chosen in the picker (its note is shown under the formula)."""
PADDING_MODES: tuple[str, ...] = ("valid", "same", "custom")
MAX_INPUT, MAX_KERNEL = 16, 7
"""The largest input and kernel grids (rows and columns) of the lab's sections but the
transposed convolution's (``transpose.TR_MAX_INPUT``)."""
MAX_PADDING, MAX_STRIDE, MAX_DILATION = 8, 8, 4
"""The largest padding, stride and dilation of the convolution settings (and links)."""
MAX_POOL = 4
"""The largest pooling window and pooling stride (and links)."""
POOL_GRID = "pool.x"
"""The pooling section's input grid: its own, so that a pooling example or link leaves
the convolution's input and kernel as they were."""
CELL_KEYS: dict[str, str] = {
    "conv": "lab.cell",
    "pool": "lab.pool.cell",
    "channels": "lab.ch.cell",
    "transpose": "lab.tr.cell",
}
"""Section -> the kept 1-based output cell of its stepper (:func:`cell_stepper`)."""
CELL_PX, WIDE_CELL_PX, INDEX_PX = 38, 48, 24
"""Width of a grid editor's columns (the narrowest that still shows a one-digit
column number beside the editing icon; from column 10 on, two digits need the wider)
and of its row numbers (one digit, or two centred). A grid is as wide as its cells: two
7×7 grids (296 px each) and their 1×1 output fit side by side at 1024 px with the
sidebar open; a 4×4 input and a 3×3 kernel at 390 px."""
LAST_EXTRA_PX = 4
"""What the last column adds: its number, beside the editing icon, runs a few pixels
past the column (over the next column's border elsewhere), and the grid's right edge
cut it ("✎ 3" of a 3×3 kernel at 390 px, "✎ 4" of a 4×4 input)."""
OUTPUT_KEY, OUTPUT_MIN_PX, OUTPUT_FRAME_PX = "lab.grids_output", 80, 40
"""The output beside the input and kernel grids (:func:`grids_row`), the least width
it takes (a 1×1 output: its cell and a number) and what its chart adds to its cells
(margins, row numbers)."""
PICK_PX = 20
"""Side of the invisible marker that makes an output cell clickable."""
CHART_CONFIG = {"displayModeBar": False}
"""Plotly config of the lab's charts: read, not zoomed or saved, so no mode bar (its
eight hidden buttons were eight tab stops per chart before the stepper)."""
PLAY_SECONDS = 1.0
"""Seconds between two steps while "play" runs through the output cells."""


@dataclass(frozen=True)
class ConvSettings:
    """What the settings widgets say.

    Attributes:
        padding: ``"valid"``, ``"same"`` or an int P (may be negative: rejected later).
        stride: S (may be < 1: rejected later with a message).
        dilation: D (likewise).
        bias: added to every output cell.
        relu: show the activation map (ReLU applied) instead of the feature map.
    """

    padding: int | Literal["valid", "same"]
    stride: int
    dilation: int
    bias: float
    relu: bool

    @property
    def geometry(self) -> dict[str, Any]:
        """Stride, padding and dilation, as :func:`cnn_core.arithmetic.conv2d` takes them."""
        return {"stride": self.stride, "padding": self.padding, "dilation": self.dilation}


def set_matrix(name: str, matrix: NDArray[np.float64], decimals: int = 3) -> None:
    """Replace grid ``name`` with ``matrix`` (``(R, C)``, shown with at most ``decimals``
    decimals); its editor restarts from it."""
    old = st.session_state.get(MATRIX_PREFIX + name)
    cells = to_cells(matrix, decimals)
    st.session_state[MATRIX_PREFIX + name] = {
        "base": cells,
        "current": cells,
        "version": 0 if old is None else old["version"] + 1,
    }


def fill_random(name: str, shape: tuple[int, int], low: int, high: int) -> None:
    """Callback: fill grid ``name`` with random integers in ``[low, high]``."""
    set_matrix(name, np.random.default_rng().integers(low, high + 1, size=shape).astype(float))


def matrix_editor_ui(
    name: str, label: str | None, shape: tuple[int, int], default: NDArray[np.float64]
) -> NDArray[np.float64] | MatrixInputError:
    """Draw the text-cell editor of grid ``name``, sized ``shape``.

    Args:
        name: the grid's name (part of its state key, unique on the page).
        label: translated caption above the grid (``None``: none).
        shape: ``(rows, cols)`` wanted now; a different stored size is resized
            (top-left values kept, new cells 0).
        default: ``(R, C)`` grid used the first time.

    Returns:
        The ``(rows, cols)`` matrix, or the :class:`MatrixInputError` of the first
        bad cell (the caller shows it in place of the result).
    """
    key = MATRIX_PREFIX + name
    if key not in st.session_state:
        set_matrix(name, default)
    state = st.session_state[key]
    if f"{key}.v{state['version']}" not in st.session_state:
        state["base"] = state["current"]
    base = state["base"]  # [] when a crafted edit deleted every row of a fixed grid
    if (len(base), len(base[0]) if base else 0) != shape:
        state["base"] = state["current"] = resize_cells(state["current"], *shape)
        state["version"] += 1
    columns = [str(c + 1) for c in range(shape[1])]
    frame = pd.DataFrame(
        state["base"], columns=columns, index=[str(r + 1) for r in range(shape[0])], dtype=str
    )
    if label:
        st.caption(label)
    cell_px = WIDE_CELL_PX if len(columns) > 9 else CELL_PX
    edited = st.data_editor(
        frame,
        key=f"{key}.v{state['version']}",
        num_rows="fixed",
        column_config={
            "_index": st.column_config.TextColumn(width=INDEX_PX, disabled=True),
            **{
                c: st.column_config.TextColumn(
                    c, width=cell_px + (LAST_EXTRA_PX if c == columns[-1] else 0)
                )
                for c in columns
            },
        },
        width="content",
        placeholder="",  # an emptied cell looks empty (Streamlit's own: "None")
    )
    # Emptied cells come back as missing values (NaN / None): keep them as None, "blank".
    state["current"] = edited.astype(object).where(edited.notna(), None).to_numpy().tolist()
    try:
        return parse_matrix(state["current"])
    except MatrixInputError as error:
        return error


def shape_ui(name: str, default: tuple[int, int], maximum: int) -> tuple[int, int]:
    """Rows and columns of grid ``name`` (two number inputs side by side)."""
    rows_col, cols_col = st.columns(2)
    sizes = [
        keep(
            column.number_input,
            f"lab.{name}.{axis}",
            tr(f"lab.{axis}"),
            default=size,
            min_value=1,
            max_value=maximum,
        )
        for column, axis, size in zip((rows_col, cols_col), ("rows", "cols"), default, strict=True)
    ]
    return int(sizes[0]), int(sizes[1])


def shape_values(name: str, shape: tuple[int, ...]) -> dict[str, int]:
    """The kept values that give grid ``name`` the size ``shape[:2]`` (for :func:`fill`)."""
    return {f"lab.{name}.rows": shape[0], f"lab.{name}.cols": shape[1]}


def grids_row() -> tuple[DeltaGenerator, DeltaGenerator, DeltaGenerator]:
    """Input, kernel and output side by side: each grid as wide as its cells (every
    column shows), the output in the room left (:func:`output_room`).

    Returns:
        Containers for the input grid, the kernel grid and the output.
    """
    row = st.container(horizontal=True, gap="xsmall")
    grids = row.container(width="content"), row.container(width="content")
    return *grids, row.container(key=OUTPUT_KEY)


def output_room(out_col: DeltaGenerator, cols: int) -> None:
    """Keep the output of :func:`grids_row` (``cols`` columns wide) beside the grids
    while the room left shows its cells at :data:`cnn_core.figures.MIN_CELL_PX`, else
    move it below them. (Streamlit moves a container down when less than 8rem is left:
    too late for a 10×10 output, whose numbers ran together in 126 px, and too soon
    for a 1×1 one beside two 7×7 grids.)"""
    need = max(OUTPUT_MIN_PX, MIN_CELL_PX * cols + OUTPUT_FRAME_PX)
    wrapper = f'[data-testid="stLayoutWrapper"]:has(> {key_class(OUTPUT_KEY)})'
    out_col.html(f"<style>{wrapper} {{ flex: 1 1 {need}px; }}</style>")


def grid_ui(
    name: str,
    label: str,
    default: NDArray[np.float64],
    maximum: int,
    random_range: tuple[int, int],
) -> NDArray[np.float64] | MatrixInputError:
    """A grid: its name, a popover with its size, a random fill and the editing hint; its editor.

    Compact for a projector: one header line above the editor.
    """
    with st.container(horizontal=True, vertical_alignment="center", gap="small"):
        st.markdown(f"**{label}**", width="content")
        with st.popover("", icon=":material/aspect_ratio:", help=tr("lab.size")):
            shape = shape_ui(name, default.shape[:2], maximum)
            st.button(
                tr("lab.random"),
                key=f"lab.{name}.random",
                icon=":material/casino:",
                on_click=fill_random,
                args=(name, shape, *random_range),
            )
            st.caption(tr("lab.editor_hint"))
    return matrix_editor_ui(name, None, shape, default)


def settings_summary(settings: ConvSettings) -> str:
    """One line saying what the settings are (beside their popover)."""
    padding = (
        tr(f"lab.padding.{settings.padding}")
        if isinstance(settings.padding, str)
        else f"P = {settings.padding}"
    )
    parts = [padding, f"S = {settings.stride}"]
    if settings.dilation != 1:
        parts.append(f"{tr('lab.dilation')} {settings.dilation}")
    if settings.bias:
        bias = format_number(settings.bias)
        if bias.startswith("-"):  # the minus sign, "−3", as the app's text writes it
            bias = "−" + bias[1:]
        parts.append(f"{tr('lab.bias')} {bias}")
    if settings.relu:
        parts.append("ReLU")
    return " · ".join(parts)


def conv_settings_ui(toolbar: DeltaGenerator) -> ConvSettings:
    """Padding (valid / same / custom P), stride, dilation, bias and the ReLU switch.

    In a popover in ``toolbar`` (the page's row beside the preset picker), with a
    one-line summary beside it: compact for a projector.
    """
    with toolbar:
        with st.popover(tr("lab.settings"), icon=":material/tune:"):
            settings = _conv_settings()
        st.caption(settings_summary(settings))
    return settings


def _conv_settings() -> ConvSettings:
    """The settings' widgets (see :func:`conv_settings_ui`)."""
    mode = keep(
        st.radio,
        "lab.padding",
        tr("lab.padding"),
        PADDING_MODES,
        format_func=labels("lab.padding", PADDING_MODES),
        horizontal=True,
    )
    padding_col, stride_col = st.columns(2)
    dilation_col, bias_col = st.columns(2)
    custom = keep(
        padding_col.number_input,
        "lab.padding_p",
        tr("lab.padding_p"),
        default=1,
        min_value=0,
        max_value=MAX_PADDING,
        disabled=mode != "custom",
    )
    stride = keep(
        stride_col.number_input,
        "lab.stride",
        tr("lab.stride"),
        default=1,
        min_value=0,
        max_value=MAX_STRIDE,
        help=tr("lab.stride_help"),
    )
    dilation = keep(
        dilation_col.number_input,
        "lab.dilation",
        tr("lab.dilation"),
        default=1,
        min_value=0,
        max_value=MAX_DILATION,
        help=tr("lab.dilation_help"),
    )
    bias = keep(
        bias_col.number_input,
        "lab.bias",
        tr("lab.bias"),
        default=0.0,
        min_value=-VALUE_LIMIT,  # as a grid cell, and what a link carries
        max_value=VALUE_LIMIT,
        step=1.0,
        format="%g",
    )
    relu = keep(st.toggle, "lab.relu", tr("lab.relu"), default=False, help=tr("lab.relu_help"))
    return ConvSettings(
        padding=int(custom) if mode == "custom" else mode,
        stride=int(stride),
        dilation=int(dilation),
        bias=float(bias),
        relu=relu,
    )


def _step(key: str, delta: int, count: int) -> None:
    """Callback: move the cell slider ``key`` by ``delta``, wrapping around ``count`` cells."""
    fill({key: (st.session_state.get(key, 1) - 1 + delta) % count + 1})


def cell_stepper(key: str, out_hw: tuple[int, int], draw: Callable[[int, int], None]) -> None:
    """Choose an output cell (slider, previous / next, play) and ``draw(row, col)`` it.

    The slider, the buttons and ``draw`` run inside a fragment; while "play" is on,
    the fragment reruns itself every :data:`PLAY_SECONDS` and moves one cell on.

    Args:
        key: state key of the 1-based cell number.
        out_hw: the output's ``(OH, OW)``.
        draw: draws the chosen cell's explanation (0-based row, col).
    """
    count = out_hw[0] * out_hw[1]
    cell = min(max(int(st.session_state.get(key, 1)), 1), count)
    if st.session_state.get(key) != cell:  # none chosen yet, or the output shrank under it
        fill({key: cell})
    playing = count > 1 and keep(
        st.toggle,
        f"{key}.play",
        tr("lab.play"),
        default=False,
        help=tr("lab.play_help", seconds=PLAY_SECONDS),
    )

    @st.fragment(run_every=PLAY_SECONDS if playing else None)
    def stepper() -> None:
        if count > 1:
            if playing:
                _step(key, 1, count)
            # Worded buttons: a screen reader read out "chevron_left" for an icon alone.
            with st.container(horizontal=True, vertical_alignment="bottom", gap="small"):
                st.button(
                    tr("lab.prev"),
                    icon=":material/chevron_left:",
                    key=f"{key}.prev",
                    on_click=_step,
                    args=(key, -1, count),
                )
                keep(st.slider, key, tr("lab.cell"), default=1, min_value=1, max_value=count)
                st.button(
                    tr("lab.next"),
                    icon=":material/chevron_right:",
                    icon_position="right",
                    key=f"{key}.next",
                    on_click=_step,
                    args=(key, 1, count),
                )
        row, col = divmod(st.session_state[key] - 1, out_hw[1])
        st.markdown(tr("lab.cell_position", row=row + 1, col=col + 1))
        draw(row, col)

    stepper()


def show_input_error(where: str, error: MatrixInputError, *, code: str | None = None) -> None:
    """Show ``error`` translated, naming the grid or setting it is about.

    ``code`` replaces ``error.code`` in the message's key (``lab.error.<code>``), for a
    section that names things its own way (a pooling window, not a kernel).
    """
    key = f"lab.error.{code or error.code}"
    fields = dict(error.fields)
    if isinstance(fields.get("value"), str):  # what was typed, shown as typed ("*2*")
        fields["value"] = markdown_text(fields["value"])
    st.error(f"**{where}** — {tr(key, **fields)}", icon="⚠️")
