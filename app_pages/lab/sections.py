"""The sections of the convolution lab and the picker between them.

One function per section: ``conv_section``, ``pool_section``, ``channels_section``
and ``image_section`` here, ``transpose_section`` in :mod:`app_pages.lab.transpose`;
the explanations they share come from :mod:`app_pages.lab.explain`, grid editors and settings from
:mod:`app_pages.lab.widgets`, numbers from :mod:`cnn_core.arithmetic`. Nothing here
imports TensorFlow.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st
from numpy.typing import NDArray
from streamlit.delta_generator import DeltaGenerator

from app_pages.lab.explain import (
    grids_ok,
    padded_input_figure,
    padded_view,
    padding_legend,
    pick_chart,
    size_formula_ui,
    window_and_cell,
    window_ok,
)
from app_pages.lab.link import conv_link_ui, no_link_ui, pool_link_ui
from app_pages.lab.presets import preset_note_ui
from app_pages.lab.quiz import quiz_section
from app_pages.lab.transpose import transpose_section
from app_pages.lab.widgets import (
    CELL_KEYS,
    CHANNELS_KEYS,
    CONV_KEYS,
    MAX_INPUT,
    MAX_KERNEL,
    PICK_PX,
    POOL_GRID,
    SECTION_KEY,
    ConvSettings,
    cell_stepper,
    channel_counts_ui,
    conv_settings_ui,
    grid_ui,
    grids_row,
    matrix_editor_ui,
    output_room,
    pool_settings_ui,
    shape_ui,
)
from cnn_core.arithmetic import (
    conv2d,
    format_number,
    param_count,
    pool2d,
    relu,
    resolve_padding,
)
from cnn_core.figures import matrix_figure
from cnn_core.image_files import ImageRejected, decode_image
from cnn_core.kernels import KERNELS, get_kernel
from cnn_core.lab_images import synthetic_image, to_gray
from cnn_core.matrix_input import MatrixInputError
from cnn_core.presets import PRESETS
from cnn_core.traces import trace_cell, trace_pool_cell
from ui.caching import cache_refusals
from ui.image_input import image_source_ui, rejection_text
from ui.layout import CHART_CONFIG
from ui.markdown import markdown_text
from ui.state import keep, labels, labels_now, tr

IMAGE_KERNELS = (*KERNELS, "custom")
IMAGE_SIDE = 128  # photos are shrunk to at most this many pixels per side
RGB = PRESETS["rgb"]


def conv_section(toolbar: DeltaGenerator) -> None:
    """Settings; input, kernel and output in one row; the formula; the cell stepper.

    Laid out for a projector (1024×768): the grids, the output and the formula come
    first; the window and the multiply-accumulate of the chosen cell follow.
    """
    settings = conv_settings_ui(toolbar, CONV_KEYS)
    x_col, k_col, out_col = grids_row()
    with x_col:
        x = grid_ui("x", tr("lab.input"), PRESETS["seed_worked"].x, MAX_INPUT, (0, 9))
    with k_col:
        kernel = grid_ui("k", tr("lab.kernel"), PRESETS["seed_worked"].kernel, MAX_KERNEL, (-2, 2))
    if grids_ok({tr("lab.input"): x, tr("lab.kernel"): kernel}) and window_ok(
        x.shape, kernel.shape, settings.stride, settings.padding, settings.dilation
    ):
        conv_results(x, kernel, settings, out_col)
    else:
        no_link_ui()


def conv_results(
    x: NDArray[np.float64],
    kernel: NDArray[np.float64],
    settings: ConvSettings,
    out_col: DeltaGenerator,
) -> None:
    """Output map (in ``out_col``), formula, and the chosen cell's multiply-accumulate."""
    geometry = settings.geometry
    out = conv2d(x, kernel, bias=settings.bias, **geometry)
    shown = relu(out) if settings.relu else out
    title = tr("lab.activation_map") if settings.relu else tr("lab.feature_map")
    output_room(out_col, shown.shape[1])
    pick_chart(  # a click here chooses the cell too, as on the map beside the window
        out_col,
        matrix_figure(shown, title=title, zmid=0, pick_px=PICK_PX),
        "lab.fig.output",
        CELL_KEYS["conv"],
        shown.shape,
    )
    out_col.caption(tr("common.signed_legend"))  # under the signed map only
    size_formula_ui(x.shape, kernel.shape, **geometry)
    preset_note_ui("conv")
    pads = resolve_padding(x.shape, kernel.shape, **geometry)

    def draw(row: int, col: int) -> None:
        trace = trace_cell(x, kernel, row, col, bias=settings.bias, **geometry)
        padded, grey = padded_input_figure(x, pads, (trace.rows, trace.cols))
        window_and_cell(
            padded,
            matrix_figure(shown, title=title, window=([row], [col]), zmid=0, pick_px=PICK_PX),
            (x.shape[1] + pads[2] + pads[3], shown.shape[1]),
            ("lab.fig.padded", "lab.fig.cell"),
            grey=grey,
            pick=(CELL_KEYS["conv"], shown),
        )
        st.markdown(f"**{tr('lab.mac')}**")
        st.code(trace.text, language=None, wrap_lines=True)
        if settings.relu:
            st.code(
                f"ReLU({format_number(trace.total)}) = {format_number(max(trace.total, 0))}",
                language=None,
            )
        st.caption(tr("lab.no_flip"))
        conv_link_ui(x, kernel, settings, row * out.shape[1] + col + 1)

    cell_stepper(CELL_KEYS["conv"], out.shape, draw)


def pool_section(toolbar: DeltaGenerator) -> None:
    """Pooling (max / average / min) of the input grid, with the same highlighting.

    The input and its settings as wide as the grid (every column shows), the results
    in the room left, or below them when too little is left.
    """
    row = st.container(horizontal=True, gap="medium")
    with row.container(width="content"):
        x = grid_ui(POOL_GRID, tr("lab.input"), PRESETS["seed_worked"].x, MAX_INPUT, (0, 9))
        size, stride, mode, padding = pool_settings_ui()
    with row.container():
        if grids_ok({tr("lab.input"): x}) and window_ok(
            x.shape, (size, size), stride, padding, 1, pooling=True
        ):
            pool_results(x, size, stride, mode, padding)
        else:
            no_link_ui()


def pool_results(x: NDArray[np.float64], size: int, stride: int, mode: str, padding: str) -> None:
    """The formula, and the chosen output cell beside its pooling window (``x``: ``(H, W)``)."""
    geometry = {"stride": stride, "mode": mode, "padding": padding}
    out = pool2d(x, size, **geometry)
    size_formula_ui(x.shape, (size, size), stride=stride, padding=padding)
    if padding != "same":  # the general formula's FH is the filter's size
        st.caption(tr("lab.pool.fh", size=size))
    preset_note_ui("pool")
    of = tr(f"lab.pool.of.{mode}")
    legend = [tr("lab.pool.legend", of=of)]
    if padding == "same":
        legend.append(tr("lab.pool.same", of=of))
        if mode == "avg":
            legend.append(tr("lab.pool.same.avg"))
    legend.append(tr("lab.pool.click_cell"))

    def draw(row: int, col: int) -> None:
        trace = trace_pool_cell(x, size, row, col, name=tr(f"lab.pool.fn.{mode}"), **geometry)
        window_and_cell(
            matrix_figure(x, title=tr("lab.input"), window=(trace.rows, trace.cols)),
            matrix_figure(
                out,
                title=tr("lab.pool.output"),
                window=([row], [col]),
                unsigned_colorscale="Greens",
                pick_px=PICK_PX,
            ),
            (x.shape[1], out.shape[1]),
            ("lab.fig.pool_input", "lab.fig.pool_output"),
            legend=" ".join(legend),
            pick=(CELL_KEYS["pool"], out),
        )
        st.code(trace.text, language=None, wrap_lines=True)
        pool_link_ui(x, size, stride, mode, padding, row * out.shape[1] + col + 1)

    cell_stepper(CELL_KEYS["pool"], out.shape, draw)


FILTER_KEY = "lab.ch.filter"
"""Session key: the channels section's traced filter (0-based), chosen by its radio or
by a click on that filter's map."""


def channels_section(toolbar: DeltaGenerator) -> None:
    """C input channels, F filters of C channels each -> F feature maps, parameter count."""
    x_grids: dict[str, NDArray[np.float64] | MatrixInputError] = {}
    channels, filters = channel_counts_ui()
    settings = conv_settings_ui(toolbar, CHANNELS_KEYS)
    with st.container(border=True):
        st.markdown(f"**{tr('lab.input')}**")
        x_shape = shape_ui("ch.x", RGB.x.shape[:2], MAX_INPUT)
        for c, column in enumerate(st.columns(channels)):
            with column:
                name = channel_name(c, channels)
                x_grids[name] = matrix_editor_ui(f"ch.x{c}", name, x_shape, RGB.x[:, :, c])
    k_grids: list[dict[str, NDArray[np.float64] | MatrixInputError]] = [{} for _ in range(filters)]
    with st.container(border=True):
        st.markdown(f"**{tr('lab.ch.kernels')}**")
        k_shape = shape_ui("ch.k", RGB.kernel.shape[:2], MAX_KERNEL)
        for f, tab in enumerate(st.tabs([tr("lab.filter", n=f + 1) for f in range(filters)])):
            for c, column in enumerate(tab.columns(channels)):
                with column:
                    label = channel_name(c, channels)
                    default = RGB.kernel[:, :, c, f] if f < 2 else get_kernel("identity")
                    k_grids[f][f"{tr('lab.filter', n=f + 1)} · {label}"] = matrix_editor_ui(
                        f"ch.k{f}.{c}", label, k_shape, default
                    )
    every_grid = {name: grid for grids in (x_grids, *k_grids) for name, grid in grids.items()}
    if not grids_ok(every_grid) or not window_ok(
        x_shape, k_shape, settings.stride, settings.padding, settings.dilation
    ):
        return
    x = np.stack(list(x_grids.values()), axis=-1)
    kernel = np.stack([np.stack(list(k.values()), axis=-1) for k in k_grids], axis=-1)
    channel_results(x, kernel, settings)


def channel_name(c: int, channels: int) -> str:
    """Channel ``c`` (0-based) of ``channels``: "채널 1 (R)" … "채널 3 (B)" when there
    are three (a colour image, as the notes' colour input; Keras' channel order), else
    "채널 n"."""
    if channels == 3:
        return tr("lab.channel.rgb", n=c + 1, letter="RGB"[c])
    return tr("lab.channel", n=c + 1)


def channel_results(
    x: NDArray[np.float64], kernel: NDArray[np.float64], settings: ConvSettings
) -> None:
    """F feature maps, the parameter count, and one filter's multiply-accumulate."""
    kh, kw, channels, filters = kernel.shape
    geometry = settings.geometry
    out = conv2d(x, kernel, bias=settings.bias, **geometry)
    shown = relu(out) if settings.relu else out
    total = param_count(kh, kw, channels, filters)
    st.markdown(tr("lab.ch.params", kh=kh, kw=kw, c=channels, f=filters, total=f"{total:,}"))
    st.caption(tr("lab.ch.explain", weights=kh * kw * channels, c=channels, f=filters))
    preset_note_ui("channels")
    title = tr("lab.activation_map") if settings.relu else tr("lab.feature_map")
    pads = resolve_padding(x.shape[:2], (kh, kw), **geometry)

    def draw(row: int, col: int) -> None:
        """The filter to trace, the F maps (the cell outlined on its map; a click on a
        map chooses its cell and its filter), and the traced filter's windows."""
        chosen = keep(
            st.radio,
            FILTER_KEY,
            tr("lab.ch.trace_filter"),
            range(filters),
            format_func=labels_now(range(filters), lambda f: tr("lab.filter", n=f + 1)),
            horizontal=True,
        )
        for f, column in enumerate(st.columns(filters)):
            pick_chart(
                column,
                matrix_figure(
                    shown[:, :, f],
                    title=f"{title} {f + 1}",
                    window=([row], [col]) if f == chosen else None,
                    zmid=0,
                    pick_px=PICK_PX,
                ),
                f"lab.fig.ch_out{f}",
                CELL_KEYS["channels"],
                out.shape[:2],
                also={FILTER_KEY: f},
            )
        st.caption(tr("common.signed_legend"))  # under the signed maps only
        trace = trace_cell(x, kernel, row, col, bias=settings.bias, filter_index=chosen, **geometry)
        for c, column in enumerate(st.columns(channels)):
            xp, mask = padded_view(x[:, :, c], pads)
            column.plotly_chart(
                matrix_figure(
                    xp,
                    title=channel_name(c, channels),
                    window=(trace.rows, trace.cols),
                    padding_mask=mask,
                ),
                key=f"lab.fig.ch_in{c}",
                config=CHART_CONFIG,
            )
        legend = (tr("lab.window_legend"), padding_legend(pads), tr("lab.click_cell"))
        st.caption(" ".join(part for part in legend if part))
        st.markdown(f"**{tr('lab.mac')}**")
        st.code(trace.text, language=None, wrap_lines=True)
        if channels > 1:
            st.caption(tr("lab.ch.mac_lines.rgb" if channels == 3 else "lab.ch.mac_lines"))

    cell_stepper(CELL_KEYS["channels"], out.shape[:2], draw)


@cache_refusals(ImageRejected, max_entries=8, show_spinner=False)
def gray_image(data: bytes | None) -> NDArray[np.float64]:
    """The uploaded/sample image (or the drawn one for ``None``) as grayscale in [0, 1],
    ``(H, W)``, cached with its refusal.

    Raises:
        ImageRejected: the file is not an image the app takes.
    """
    if data is None:
        return to_gray(synthetic_image())
    return to_gray(decode_image(data, max_side=IMAGE_SIDE))


def image_section(toolbar: DeltaGenerator) -> None:
    """A named or typed kernel on a photo: the feature map before and after ReLU.

    The kernel beside the image's source, the three maps below them, a third of the
    page each: beside the inputs, in thirds of two thirds of a 1024-px page, they were
    cut (Streamlit draws a plotly chart at least 150 px wide, whatever its column).
    The maps and a refusal name the file they are about, so that a file the uploader
    itself refused (too large: no run comes of it) is never taken for the one shown.
    """
    kernel_col, source_col = st.columns([1, 2], gap="medium")
    with kernel_col:
        name = keep(
            st.selectbox,
            "lab.img.kernel",
            tr("lab.img.kernel"),
            IMAGE_KERNELS,
            default="sobel_x",
            format_func=labels("lab.kernel", IMAGE_KERNELS),
        )
        if name == "custom":
            kernel = grid_ui(
                "img.k", tr("lab.kernel"), get_kernel("laplacian"), MAX_KERNEL, (-2, 2)
            )
        else:
            kernel = get_kernel(name)
            st.plotly_chart(
                matrix_figure(kernel, title=tr(f"lab.kernel.{name}"), zmid=0),
                key="lab.fig.img_kernel",
                config=CHART_CONFIG,
            )
    with source_col:
        chosen = image_source_ui(key="lab.image")
    if not grids_ok({tr("lab.kernel"): kernel}):
        return
    file_name = markdown_text(chosen[0][0]) if chosen else ""
    try:
        image = gray_image(chosen[0][1] if chosen else None)
    except ImageRejected as error:
        st.error(f"**{file_name}** — {rejection_text(error)}", icon="⚠️")
        return
    if not window_ok(image.shape, kernel.shape, 1, "same", 1):
        return
    fmap = conv2d(image, kernel, padding="same")
    explained = tr("lab.img.explain", h=image.shape[0], w=image.shape[1])
    if chosen:
        st.caption(f"**{file_name}** — {explained}")
    else:
        st.caption(f"{tr('lab.img.synthetic')} {explained}")
    # The titles as text in a row of their own, where they wrap (a plotly title is
    # cut in a third of 1024 px) and the charts below stay level.
    for i, (heading, column, values, title, scale, zmid) in enumerate(
        zip(
            st.columns(3),
            st.columns(3),
            (image, fmap, relu(fmap)),
            (tr("lab.img.original"), tr("lab.feature_map"), tr("lab.activation_map")),
            ("gray", None, "gray"),  # None: the app's signed colours
            (None, 0.0, None),
            strict=True,
        )
    ):
        heading.markdown(f"**{title}**")
        column.plotly_chart(
            matrix_figure(values, colorscale=scale, zmid=zmid, annotate=False),
            key=f"lab.fig.img{i}",
            config=CHART_CONFIG,
        )


SECTION_VIEWS: dict[str, Callable[[DeltaGenerator], None]] = {
    "conv": conv_section,
    "transpose": transpose_section,
    "pool": pool_section,
    "channels": channels_section,
    "image": image_section,
    "quiz": quiz_section,
}
"""Section -> the function that draws it, in the picker's order; each gets the page's
toolbar row (for settings)."""


def section_ui() -> str:
    """The section picker; returns the chosen section's code (a key of ``SECTION_VIEWS``)."""
    return keep(
        st.radio,
        SECTION_KEY,
        tr("lab.section"),
        tuple(SECTION_VIEWS),
        format_func=labels("lab.section", SECTION_VIEWS),
        horizontal=True,
        label_visibility="collapsed",
    )
