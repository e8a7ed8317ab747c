"""Widgets of the convolution lab: grid editors, every section's settings, the
output-cell stepper, and the keys of the kept values that the lab's presets, link and
quiz fill (:data:`SECTION_KEY`, :data:`CONV_KEYS`, ...).

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

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np
import pandas as pd
import streamlit as st
from numpy.typing import NDArray
from streamlit.delta_generator import DeltaGenerator

from cnn_core.arithmetic import PAD_MODES, POOL_MODES, format_number
from cnn_core.figures import MIN_CELL_PX
from cnn_core.matrix_input import (
    VALUE_LIMIT,
    MatrixInputError,
    parse_matrix,
    resize_cells,
    to_cells,
)
from ui.markdown import markdown_text
from ui.state import fill, keep, key_class, labels, labels_now, tr

MATRIX_PREFIX = "lab.matrix."
SECTION_KEY = "lab.section"
"""Kept value: the section on show (its picker is
:func:`app_pages.lab.sections.section_ui`; a preset, a link or a quiz round sets it)."""
PRESET_KEY = "lab.preset"
"""Kept value: the preset chosen in the picker (its note is shown under the formula)."""
CONV_KEYS: dict[str, str] = {
    "padding": "lab.padding",
    "padding_p": "lab.padding_p",
    "stride": "lab.stride",
    "dilation": "lab.dilation",
    "bias": "lab.bias",
    "relu": "lab.relu",
}
"""Setting -> its kept value, of the convolution section's settings
(:func:`conv_settings_ui`)."""
POOL_KEYS: dict[str, str] = {
    "size": "lab.pool.size",
    "stride": "lab.pool.stride",
    "mode": "lab.pool.mode",
    "padding": "lab.pool.padding",
}
"""Setting -> its kept value, of the pooling settings (:func:`pool_settings_ui`)."""
CHANNELS_KEYS: dict[str, str] = {
    "channels": "lab.ch.channels",
    "filters": "lab.ch.filters",
    "padding": "lab.ch.padding",
    "padding_p": "lab.ch.padding_p",
    "stride": "lab.ch.stride",
    "dilation": "lab.ch.dilation",
    "bias": "lab.ch.bias",
    "relu": "lab.ch.relu",
}
"""Count or setting -> its kept value, of the channels section: its counts
(:func:`channel_counts_ui`) and its own convolution settings (:func:`conv_settings_ui`,
the names of :data:`CONV_KEYS`), so that an example of one section leaves the other's."""
TR_KEYS: dict[str, str] = {
    "padding": "lab.tr.padding",
    "padding_p": "lab.tr.padding_p",
    "stride": "lab.tr.stride",
    "output_padding": "lab.tr.output_padding",
}
"""Setting -> its kept value, of the transposed convolution's settings
(:func:`transpose_settings_ui`)."""
PADDING_MODES: tuple[str, ...] = ("valid", "same", "custom")
DEFAULT_PADDING_P = 1
"""The custom padding P of the convolution settings until one is typed (a preset with
``"valid"`` or ``"same"`` padding puts it back)."""
TR_DEFAULT_PADDING_P = 0
"""The same for the transposed convolution."""
OUTPUT_PADDINGS: tuple[str | int, ...] = ("auto", 0, 1, 2)
"""The transposed convolution's output paddings (``"auto"``: Keras's default)."""
MAX_INPUT, MAX_KERNEL = 16, 7
"""The largest input and kernel grids (rows and columns) of the lab's sections but the
transposed convolution's (:data:`TR_MAX_INPUT`)."""
MAX_PADDING, MAX_STRIDE, MAX_DILATION = 8, 8, 4
"""The largest padding, stride and dilation of the convolution settings (and links)."""
TR_MAX_INPUT, TR_MAX_KERNEL, TR_MAX_STRIDE = 6, 5, 3
"""The largest input and kernel grids and stride of the transposed convolution: every
output cell's scattered products stay readable."""
MAX_POOL = 4
"""The largest pooling window and pooling stride (and links)."""
MAX_CHANNELS, MAX_FILTERS = 3, 4
"""The most input channels and filters of the channels section."""
POOL_NUMBER_PX = 100
"""Width of the pooling window's size and stride, side by side under the grid."""
COUNT_PX = 220
"""Width of the channel and filter counts, side by side above the grids (the grids
below get the page's width: three 4×4 editors fit at 1024 px)."""
SHAPE_AXES = ("rows", "cols")
"""A grid's size, each kept apart (``lab.<grid>.rows``, :func:`shape_ui`)."""
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


def _shape_key(name: str, axis: str) -> str:
    """The kept value of grid ``name``'s size along ``axis`` (one of :data:`SHAPE_AXES`)."""
    return f"lab.{name}.{axis}"


def shape_ui(name: str, default: tuple[int, int], maximum: int) -> tuple[int, int]:
    """Rows and columns of grid ``name`` (two number inputs side by side)."""
    rows_col, cols_col = st.columns(2)
    rows, cols = (
        number_ui(
            column.number_input,
            _shape_key(name, axis),
            tr(f"lab.{axis}"),
            default=size,
            min_value=1,
            max_value=maximum,
        )
        for column, axis, size in zip((rows_col, cols_col), SHAPE_AXES, default, strict=True)
    )
    return rows, cols


def shape_values(name: str, shape: tuple[int, ...]) -> dict[str, int]:
    """The kept values that give grid ``name`` the size ``shape[:2]`` (for :func:`fill`)."""
    return {_shape_key(name, axis): size for axis, size in zip(SHAPE_AXES, shape[:2], strict=True)}


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


_Settings = TypeVar("_Settings")


def settings_ui(
    toolbar: DeltaGenerator, draw: Callable[[], _Settings], summary: Callable[[_Settings], str]
) -> _Settings:
    """A section's settings: ``draw()`` in a popover in ``toolbar`` (the page's row
    beside the preset picker) with the one-line ``summary`` of what it returned beside
    it (compact for a projector); returns what ``draw()`` returned."""
    with toolbar:
        with st.popover(tr("lab.settings"), icon=":material/tune:"):
            settings = draw()
        st.caption(summary(settings))
    return settings


def padding_label(mode: str, *, transposed: bool = False) -> str:
    """The name of padding ``mode`` (one of :data:`PADDING_MODES`) as its radio shows it;
    ``transposed``: of the transposed convolution, whose "same" grows the input."""
    if transposed and mode == "same":
        return tr("lab.tr.padding.same")
    return tr(f"lab.padding.{mode}")


def padding_text(padding: int | str, *, transposed: bool = False) -> str:
    """A padding as a settings summary writes it: ``"P = 2"``, or the mode's name."""
    if isinstance(padding, int):
        return f"P = {padding}"
    return padding_label(padding, transposed=transposed)


def _clamp(key: str, maximum: int) -> None:
    """Callback of :func:`number_ui`: a number above ``maximum`` becomes ``maximum``.

    Reads the kept value (:func:`ui.state.keep` has kept the change): the widget of the
    current language may not exist yet, in the run that switches the language."""
    if st.session_state[key] > maximum:
        fill({key: maximum})


def number_ui(
    draw: Callable[..., Any],
    key: str,
    label: str,
    *,
    default: int,
    min_value: int,
    max_value: int,
    **kwargs: Any,
) -> int:
    """A kept whole number (:func:`ui.state.keep`) of at most ``max_value``: a larger
    one typed is replaced by ``max_value``, in the field too.

    The field is not given the maximum: its browser check left the number typed in
    the field, unused, with an English note, while the settings said another.
    """
    return int(
        keep(
            draw,
            key,
            label,
            default=default,
            min_value=min_value,
            on_change=_clamp,
            args=(key, max_value),
            **kwargs,
        )
    )


def settings_summary(settings: ConvSettings) -> str:
    """One line saying what the convolution settings are (beside their popover)."""
    parts = [padding_text(settings.padding), f"S = {settings.stride}"]
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


def conv_settings_ui(toolbar: DeltaGenerator, keys: Mapping[str, str]) -> ConvSettings:
    """Padding (valid / same / custom P), stride, dilation, bias and the ReLU switch,
    kept under ``keys`` (:data:`CONV_KEYS` or :data:`CHANNELS_KEYS`: each section its
    own), in a popover in ``toolbar`` with their summary (:func:`settings_ui`)."""
    return settings_ui(toolbar, lambda: _conv_settings(keys), settings_summary)


def _conv_settings(keys: Mapping[str, str]) -> ConvSettings:
    """The settings' widgets (see :func:`conv_settings_ui`)."""
    mode = keep(
        st.radio,
        keys["padding"],
        tr("lab.padding"),
        PADDING_MODES,
        format_func=labels("lab.padding", PADDING_MODES),
        horizontal=True,
    )
    padding_col, stride_col = st.columns(2)
    dilation_col, bias_col = st.columns(2)
    custom = number_ui(
        padding_col.number_input,
        keys["padding_p"],
        tr("lab.padding_p"),
        default=DEFAULT_PADDING_P,
        min_value=0,
        max_value=MAX_PADDING,
        disabled=mode != "custom",
    )
    stride = number_ui(
        stride_col.number_input,
        keys["stride"],
        tr("lab.stride"),
        default=1,
        min_value=0,
        max_value=MAX_STRIDE,
        help=tr("lab.stride_help"),
    )
    dilation = number_ui(
        dilation_col.number_input,
        keys["dilation"],
        tr("lab.dilation"),
        default=1,
        min_value=0,
        max_value=MAX_DILATION,
        help=tr("lab.dilation_help"),
    )
    bias = keep(
        bias_col.number_input,
        keys["bias"],
        tr("lab.bias"),
        default=0.0,
        min_value=-VALUE_LIMIT,  # as a grid cell, and what a link carries
        max_value=VALUE_LIMIT,
        step=1.0,
        format="%g",
    )
    relu = keep(st.toggle, keys["relu"], tr("lab.relu"), default=False, help=tr("lab.relu_help"))
    return ConvSettings(
        padding=custom if mode == "custom" else mode,
        stride=stride,
        dilation=dilation,
        bias=float(bias),
        relu=relu,
    )


def pool_settings_ui() -> tuple[int, int, str, str]:
    """The pooling window's size, its stride, the kind of pooling and the padding."""
    with st.container(horizontal=True, gap="small"):
        size, stride = (
            number_ui(
                st.number_input,
                key,
                label,
                default=2,
                min_value=minimum,
                max_value=MAX_POOL,
                width=POOL_NUMBER_PX,
            )
            for key, label, minimum in (
                (POOL_KEYS["size"], tr("lab.pool.size"), 1),
                (POOL_KEYS["stride"], tr("lab.stride"), 0),
            )
        )
    mode = keep(
        st.radio,
        POOL_KEYS["mode"],
        tr("lab.pool.mode"),
        POOL_MODES,
        format_func=labels("lab.pool", POOL_MODES),
        horizontal=True,
    )
    padding = keep(  # one option a line: the column stays as narrow as the grid
        st.radio,
        POOL_KEYS["padding"],
        tr("lab.padding"),
        PAD_MODES,
        format_func=labels("lab.padding", PAD_MODES),
    )
    return size, stride, mode, padding


def channel_counts_ui() -> tuple[int, int]:
    """The channels section's counts of input channels and of filters, side by side."""
    with st.container(horizontal=True, gap="medium"):  # above the grids: they get the width
        channels = number_ui(
            st.number_input,
            CHANNELS_KEYS["channels"],
            tr("lab.ch.channels"),
            default=3,
            min_value=1,
            max_value=MAX_CHANNELS,
            width=COUNT_PX,
        )
        filters = number_ui(
            st.number_input,
            CHANNELS_KEYS["filters"],
            tr("lab.ch.filters"),
            default=2,
            min_value=1,
            max_value=MAX_FILTERS,
            width=COUNT_PX,
        )
    return channels, filters


def transpose_settings_ui(toolbar: DeltaGenerator) -> tuple[int, int | str, int | None]:
    """Stride, padding (``"valid"``, ``"same"`` or P) and output padding (``None``:
    Keras's) of the transposed convolution, in a popover in ``toolbar`` with their
    summary (:func:`settings_ui`)."""
    return settings_ui(toolbar, _transpose_settings, _transpose_summary)


def _transpose_summary(settings: tuple[int, int | str, int | None]) -> str:
    """One line saying what the transposed convolution's settings are."""
    stride, padding, extra = settings
    shown_extra = tr("lab.tr.output_padding.auto") if extra is None else str(extra)
    return f"{padding_text(padding, transposed=True)} · S = {stride} · OP = {shown_extra}"


def _transpose_settings() -> tuple[int, int | str, int | None]:
    """The transposed convolution's settings' widgets (see :func:`transpose_settings_ui`)."""
    mode = keep(
        st.radio,
        TR_KEYS["padding"],
        tr("lab.padding"),
        PADDING_MODES,
        format_func=labels_now(PADDING_MODES, lambda m: padding_label(m, transposed=True)),
        horizontal=True,
    )
    stride_col, padding_col, extra_col = st.columns(3)
    stride = number_ui(
        stride_col.number_input,
        TR_KEYS["stride"],
        tr("lab.stride"),
        default=2,
        min_value=1,
        max_value=TR_MAX_STRIDE,
        help=tr("lab.tr.stride_help"),
    )
    custom = number_ui(
        padding_col.number_input,
        TR_KEYS["padding_p"],
        tr("lab.padding_p"),
        default=TR_DEFAULT_PADDING_P,
        min_value=0,
        max_value=TR_MAX_KERNEL - 1,
        disabled=mode != "custom",
    )
    extra = keep(
        extra_col.selectbox,
        TR_KEYS["output_padding"],
        tr("lab.tr.output_padding"),
        OUTPUT_PADDINGS,
        format_func=labels_now(
            OUTPUT_PADDINGS, lambda v: tr("lab.tr.output_padding.auto") if v == "auto" else str(v)
        ),
        help=tr("lab.tr.output_padding_help"),
    )
    padding = custom if mode == "custom" else mode
    return stride, padding, None if extra == "auto" else int(extra)


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
