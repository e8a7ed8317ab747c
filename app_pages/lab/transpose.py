"""The lab's transposed-convolution section, shown as people understand it.

Zeros go between the input cells (stride − 1) and around them, then an ordinary
convolution with the flipped kernel slides over that: the same window, stepping,
play and multiply-accumulate line as the convolution section. Numbers come from
:func:`cnn_core.arithmetic.setup_transpose` and :func:`~cnn_core.arithmetic.conv2d_transpose`.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app_pages.lab.explain import formula_row, grids_ok, pick_chart, window_and_cell
from app_pages.lab.presets import preset_note_ui
from app_pages.lab.widgets import (
    CELL_KEYS,
    PICK_PX,
    TR_MAX_INPUT,
    TR_MAX_KERNEL,
    cell_stepper,
    grid_ui,
    grids_row,
    output_room,
    transpose_settings_ui,
)
from cnn_core import formulas
from cnn_core.arithmetic import (
    TransposeArgumentError,
    TransposeSize,
    conv2d_transpose,
    setup_transpose,
)
from cnn_core.figures import matrix_figure
from cnn_core.presets import TRANSPOSE_PRESETS
from cnn_core.traces import trace_transpose_cell
from ui.layout import CHART_CONFIG
from ui.state import tr

USES_DOT = """digraph {{
  rankdir=LR; node [shape=box, style="rounded,filled", fillcolor="#dbeafe", fontsize=11];
  edge [fontsize=11];
  a [label="64×64"]; b [label="32×32"]; c [label="16×16"];
  d [label="32×32", fillcolor="#fde68a"]; e [label="64×64", fillcolor="#fde68a"];
  a -> b [label="{conv}"]; b -> c [label="{conv}"];
  c -> d [label="{transposed}"]; d -> e [label="{transposed}"];
}}"""
"""Where transposed convolutions are used: the encoder shrinks, the decoder grows back
(:func:`uses_dot` fills in the edge labels)."""


USES_KEY = "lab.tr.uses_chart"
"""The diagram's container: on a phone it keeps its size and scrolls (the page's CSS)."""


def dot_quoted(text: str) -> str:
    """``text`` escaped for a DOT double-quoted string (a newline: a centred line break)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def uses_dot() -> str:
    """:data:`USES_DOT` with its edge labels in the current language (stride 2)."""
    return USES_DOT.format(
        conv=dot_quoted(tr("lab.tr.uses.conv", stride=2)),
        transposed=dot_quoted(tr("lab.tr.uses.transposed", stride=2)),
    )


def transpose_section(toolbar: DeltaGenerator) -> None:
    """Settings (in ``toolbar``); input, kernel, output; the formula; the stepper; uses."""
    stride, padding, extra = transpose_settings_ui(toolbar)
    x_col, k_col, out_col = grids_row()
    with x_col:
        x = grid_ui(
            "tr.x", tr("lab.input"), TRANSPOSE_PRESETS["transpose_undo"].x, TR_MAX_INPUT, (0, 4)
        )
    with k_col:
        kernel = grid_ui(
            "tr.k",
            tr("lab.kernel"),
            TRANSPOSE_PRESETS["transpose_undo"].kernel,
            TR_MAX_KERNEL,
            (-1, 2),
        )
    if not grids_ok({tr("lab.input"): x, tr("lab.kernel"): kernel}):
        return
    geometry = {"stride": stride, "padding": padding, "output_padding": extra}
    try:
        setup = setup_transpose(x, kernel, **geometry)
    except TransposeArgumentError as error:
        st.error(
            f"**{tr('lab.settings')}** — {tr(f'lab.tr.error.{error.code}', **error.fields)}",
            icon="⚠️",
        )
        return
    out = conv2d_transpose(x, kernel, **geometry)
    output_room(out_col, out.shape[1])
    pick_chart(  # a click here chooses the cell too, as on the map beside the window
        out_col,
        matrix_figure(out, title=tr("lab.tr.output"), zmid=0, pick_px=PICK_PX),
        "lab.fig.tr_output",
        CELL_KEYS["transpose"],
        out.shape,
    )
    formula_ui(setup.axes)
    preset_note_ui("transpose")
    spread = setup.spread[:, :, 0]

    def draw(row: int, col: int) -> None:
        trace = trace_transpose_cell(x, kernel, row, col, **geometry)
        window_and_cell(
            matrix_figure(
                spread,
                title=tr("lab.tr.spread"),
                window=(trace.rows, trace.cols),
                padding_mask=setup.inserted,
            ),
            matrix_figure(
                out, title=tr("lab.tr.output"), window=([row], [col]), zmid=0, pick_px=PICK_PX
            ),
            (spread.shape[1], out.shape[1]),
            ("lab.fig.tr_spread", "lab.fig.tr_cell"),
            grey=tr("lab.tr.legend"),  # the zeros put in, not padding
            pick=(CELL_KEYS["transpose"], out),
        )
        st.markdown(f"**{tr('lab.mac')}**")
        # The kernel as the multiply-accumulate uses it: flipped, unlike its grid above.
        kernel_col, mac_col = st.columns([kernel.shape[1] + 1, 3 * (kernel.shape[1] + 1)])
        kernel_col.plotly_chart(
            matrix_figure(trace.weights, title=tr("lab.tr.flipped"), zmid=0),
            key="lab.fig.tr_flipped",
            config=CHART_CONFIG,
        )
        mac_col.code(trace.text, language=None, wrap_lines=True)

    cell_stepper(CELL_KEYS["transpose"], out.shape, draw)
    st.markdown(f"**{tr('lab.tr.uses')}** {tr('lab.tr.uses_text')}")
    with st.container(key=USES_KEY):  # scrolls sideways on a phone (PAGE_CSS)
        st.graphviz_chart(uses_dot(), width="content")


def formula_ui(axes: tuple[TransposeSize, TransposeSize]) -> None:
    """The transposed output size, filled in (rows and columns on one line when equal)."""
    st.markdown(f"**{tr('lab.formula')}**")
    rows, cols = axes
    lines = [("OH = OW", rows)] if rows == cols else [("OH", rows), ("OW", cols)]
    formula_row(
        formulas.transpose_general(rows), [formulas.transpose_latex(axis, ex) for axis, ex in lines]
    )
    st.caption(tr("lab.tr.zeros", between=rows.stride - 1, before=rows.before, after=rows.after))
