"""Plotly figure builders shared by the pages.

Each builder takes plain numpy arrays / lists and already-translated labels and
returns a ``plotly.graph_objects.Figure`` (:func:`pipeline_dot` returns Graphviz
text); none of them imports streamlit or keras.

Kept as one module although it is long: it is one kind of code (array in, figure
out, a section per page), and the conventions the figures must share across pages
(:data:`SIGNED_COLORSCALE`, number formatting, square cells) stay visible in one place.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import plotly.colors
import plotly.graph_objects as go
from numpy.typing import NDArray
from plotly.subplots import make_subplots

from cnn_core.arithmetic import format_number
from cnn_core.cells import cell_picker_trace
from cnn_core.preprocess import as_rgb_uint8

SIGNED_COLORSCALE = "RdBu_r"
"""The app's one colour convention for signed values (weights, kernels, feature maps
before ReLU): red = positive, blue = negative, white = 0. The figures below use it
by default wherever they centre the scale on 0."""


# ---------------------------------------------------------------- training page
# (training curves, runs overlay, confusion matrix, image gallery)

_PALETTE: list[str] = list(plotly.colors.qualitative.Plotly)
_TRAIN_DASH = "solid"
_VAL_DASH = "dash"
_VALUE_AXES: dict[str, dict[str, Any]] = {
    "loss": {"rangemode": "tozero"},
    "accuracy": {"autorangeoptions": {"clipmin": 0, "clipmax": 1}},
}
"""The value axis of each curve: loss from 0, accuracy within [0, 1] (plotly's autorange
put a single epoch's point in a range from -0.5 to 1.5)."""


def _epoch_axis(
    title: str, histories: Iterable[Mapping[str, Sequence[float]]], epochs: int | None = None
) -> dict[str, Any]:
    """The x axis of curves over epochs 1..``epochs``, or those of the longest of
    ``histories`` (at least one): whole epochs, about ten ticks at most, half an epoch of
    margin (a single epoch sits in the middle, not between 0 and 2)."""
    epochs = epochs or max(
        [1, *(len(values) for history in histories for values in history.values())]
    )
    return {
        "title": {"text": title},
        "range": [0.5, epochs + 0.5],
        "tick0": 1,
        "dtick": max(1, -(-epochs // 10)),
    }


CURVES_LEGEND: dict[str, object] = {
    "orientation": "h",
    "yref": "container",
    "y": 0,
    "yanchor": "bottom",
    "x": 0.5,
    "xanchor": "center",
}
"""The legend of :func:`training_curves_figure`: one row at the bottom, under the epoch
axis. At the right it took most of a phone's width, squeezing the two panels."""


def training_curves_figure(
    history: Mapping[str, Sequence[float]],
    *,
    loss_title: str,
    accuracy_title: str,
    epoch_title: str,
    train_name: str,
    val_name: str,
    best_epoch: int | None = None,
    best_name: str = "",
    max_epoch: int | None = None,
    running: tuple[float, Mapping[str, float]] | None = None,
    running_name: str = "",
) -> go.Figure:
    """Loss and accuracy per epoch, train and validation, side by side; the legend in
    one row below them (:data:`CURVES_LEGEND`).

    Args:
        history: Keras-style history, lists with one value per finished epoch
            under ``loss``, ``accuracy``, ``val_loss``, ``val_accuracy`` (any may
            be empty; a missing one, as in a run without a validation split, draws
            no curve and no legend entry).
        loss_title, accuracy_title, epoch_title: translated axis/panel titles.
        train_name, val_name: translated legend names.
        best_epoch: 1-based epoch to mark (the one early stopping kept), or ``None``.
        best_name: translated label of that mark, in the legend (none when empty).
        max_epoch: show epochs 1..``max_epoch`` on the x axis (the planned epochs of
            a run still training), or ``None`` for the epochs of the history.
        running: the epoch in progress, ``(x, logs)``: ``x`` = finished epochs plus the
            share of this one's batches done (``1.4``: 40 % into epoch 2), ``logs`` its
            training ``loss`` / ``accuracy`` so far (Keras's running means, which reach
            the epoch's value at its end). Drawn as a dotted line from the last
            finished epoch's training value to a hollow marker at ``x``, named
            ``running_name`` in the legend; the x axis then starts at 0.
        running_name: translated legend name of ``running``.

    Loss is drawn from 0 and accuracy within [0, 1], every epoch with a marker (so a
    run of a single epoch shows its point).

    Raises:
        ValueError: ``best_epoch`` or ``max_epoch`` is below 1, or ``running``'s ``x``
            is not after the finished epochs.
    """
    if max_epoch is not None and max_epoch < 1:
        raise ValueError(f"max_epoch must be at least 1, got {max_epoch!r}")
    if best_epoch is not None and best_epoch < 1:
        raise ValueError(f"best_epoch is 1-based, got {best_epoch!r}")
    fig = make_subplots(rows=1, cols=2, subplot_titles=(loss_title, accuracy_title))
    for col, metric in enumerate(("loss", "accuracy"), start=1):
        for key, name, dash in (
            (metric, train_name, _TRAIN_DASH),
            (f"val_{metric}", val_name, _VAL_DASH),
        ):
            if key not in history:  # no validation split: no empty legend entry
                continue
            values = list(history[key])
            fig.add_trace(
                go.Scatter(
                    x=list(range(1, len(values) + 1)),
                    y=values,
                    mode="lines+markers",
                    name=name,
                    legendgroup=name,
                    showlegend=col == 1,
                    line={"dash": dash, "color": _PALETTE[0 if dash == _TRAIN_DASH else 1]},
                ),
                row=1,
                col=col,
            )
    axis = _epoch_axis(epoch_title, [history], max_epoch)
    if running is not None:
        _add_running(fig, history, running, running_name)
        axis["range"] = [0, max(axis["range"][1], running[0] + 0.5)]
    fig.update_xaxes(**axis)
    for col, metric in enumerate(("loss", "accuracy"), start=1):
        fig.update_yaxes(**_VALUE_AXES[metric], row=1, col=col)
    if best_epoch is not None:
        mark = {"dash": "dot", "color": "#2ca02c"}
        fig.add_vline(x=best_epoch, line=mark, row="all", col="all")
        if best_name:  # named in the legend: over the plot it met the panels' titles
            fig.add_trace(
                go.Scatter(x=[None], y=[None], mode="lines", name=best_name, line=mark),
                row=1,
                col=1,
            )
    fig.update_layout(height=380, margin={"l": 10, "r": 10, "t": 50, "b": 80}, legend=CURVES_LEGEND)
    return fig


def _add_running(
    fig: go.Figure,
    history: Mapping[str, Sequence[float]],
    running: tuple[float, Mapping[str, float]],
    name: str,
) -> None:
    """The epoch in progress on both panels (see :func:`training_curves_figure`)."""
    x, logs = running
    finished = len(history.get("loss", []))
    if not finished < x <= finished + 1:
        raise ValueError(f"running x must be in ({finished}, {finished + 1}], got {x!r}")
    for col, metric in enumerate(("loss", "accuracy"), start=1):
        if metric not in logs:
            continue
        done = list(history.get(metric, []))
        for trace in _part_epoch_traces(
            (finished, done[-1]) if done else None,
            (x, logs[metric]),
            name=name,
            color=_PALETTE[0],
            showlegend=col == 1,
        ):
            fig.add_trace(trace, row=1, col=col)


def _part_epoch_traces(
    start: tuple[float, float] | None,
    end: tuple[float, float],
    *,
    name: str,
    color: str,
    showlegend: bool,
    legendgroup: str | None = None,
) -> list[go.Scatter]:
    """A part of an epoch (the one in progress, or the last one Stop cut short): a
    dotted line from ``start``, the last whole epoch's point (none before the first),
    to a hollow marker at ``end``, both named ``name``, in ``legendgroup`` (else a
    group of their own). The marker is in the legend when ``showlegend`` and has the
    hover; the line has neither, so the whole epoch's point keeps its own hover."""
    group = legendgroup or name
    dotted = {"dash": "dot", "color": color}
    traces = []
    if start is not None:
        traces.append(
            go.Scatter(
                x=[start[0], end[0]],
                y=[start[1], end[1]],
                mode="lines",
                name=name,
                line=dotted,
                legendgroup=group,
                showlegend=False,
                hoverinfo="skip",
            )
        )
    traces.append(
        go.Scatter(
            x=[end[0]],
            y=[end[1]],
            mode="lines+markers",  # the legend shows the dotted line with the marker
            name=name,
            legendgroup=group,
            showlegend=showlegend,
            line=dotted,
            marker={"symbol": "circle-open", "size": 10},
            cliponaxis=False,  # whole near an edge: early in the first of 100 epochs
        )
    )
    return traces


def runs_overlay_figure(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    *,
    metric: str,
    title: str,
    epoch_title: str,
    val_suffix: str,
    partial: Mapping[str, str] | None = None,
) -> go.Figure:
    """One metric of several runs on one chart: train solid, validation dashed.

    Args:
        histories: run label -> Keras-style history (see
            :func:`training_curves_figure`; no dashed curve without ``val_*``).
        metric: ``"loss"`` or ``"accuracy"``.
        title: translated chart title.
        epoch_title: translated x-axis title.
        val_suffix: appended to a run's label for its validation curve.
        partial: run label -> translated words for its last epoch, for the runs whose
            last epoch Stop cut short (``"Epoch 1 (stopped at batch 784/938)"``). That
            epoch's points are drawn as :func:`training_curves_figure` draws the epoch
            in progress: a dotted line from the last whole epoch to a hollow marker,
            named ``"<curve's name> · <words>"`` (the training curve's in the legend,
            both in the hover).

    The axes are those of :func:`training_curves_figure` (loss from 0, accuracy
    within [0, 1], the epochs of the longest run).

    Raises:
        ValueError: ``metric`` is not ``"loss"`` or ``"accuracy"``.
    """
    if metric not in ("loss", "accuracy"):
        raise ValueError(f"metric must be 'loss' or 'accuracy', got {metric!r}")
    partial = partial or {}
    fig = go.Figure()
    for i, (label, history) in enumerate(histories.items()):
        color = _PALETTE[i % len(_PALETTE)]
        for key, name, dash in (
            (metric, label, _TRAIN_DASH),
            (f"val_{metric}", f"{label} {val_suffix}", _VAL_DASH),
        ):
            if key not in history:  # a run without a validation split
                continue
            values = list(history[key])
            whole = values[:-1] if label in partial else values
            fig.add_trace(
                go.Scatter(
                    x=list(range(1, len(whole) + 1)),
                    y=whole,
                    mode="lines+markers",
                    name=name,
                    legendgroup=label,
                    line={"dash": dash, "color": color},
                )
            )
            if label in partial and values:
                fig.add_traces(
                    _part_epoch_traces(
                        (len(whole), whole[-1]) if whole else None,
                        (len(values), values[-1]),
                        name=f"{name} · {partial[label]}",
                        color=color,
                        showlegend=dash == _TRAIN_DASH,
                        legendgroup=label,
                    )
                )
    # The run's name inside the hover box: plotly draws it beside the box otherwise,
    # and cut it at the chart's left edge for a point of epoch 1.
    fig.update_traces(
        hovertemplate=f"%{{fullData.name}}<br>{epoch_title} %{{x}}: %{{y:.4g}}<extra></extra>"
    )
    fig.update_layout(
        title=title,
        xaxis=_epoch_axis(epoch_title, histories.values()),
        yaxis=_VALUE_AXES[metric],
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"font": {"size": 10}},
    )
    return fig


def confusion_matrix_figure(
    matrix: NDArray[np.integer],
    class_names: Sequence[str],
    *,
    true_title: str,
    pred_title: str,
) -> go.Figure:
    """Heatmap of a confusion matrix with the counts written in each cell.

    Both axes are categorical, in class order: digit names ``"0".."9"`` would make
    plotly's axes numeric (every other digit labelled, an empty row and column at 10).

    Args:
        matrix: ``(K, K)`` counts; row = true class, column = predicted class.
        class_names: ``K`` translated class names.
        true_title, pred_title: translated axis titles.

    Raises:
        ValueError: ``matrix`` is not square or does not match ``class_names``.
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise ValueError(f"confusion matrix must be square (K, K), got shape {matrix.shape}")
    if matrix.shape[0] != len(class_names):
        raise ValueError(
            f"confusion matrix is {matrix.shape} but got {len(class_names)} class names"
        )
    names = list(class_names)
    fig = go.Figure(
        go.Heatmap(
            z=matrix,
            x=names,
            y=names,
            text=matrix,
            texttemplate="%{text}",
            colorscale="Blues",
            hovertemplate=f"{true_title}: %{{y}}<br>{pred_title}: %{{x}}<br>%{{z}}<extra></extra>",
        )
    )
    classes = {"type": "category", "categoryorder": "array", "categoryarray": names}
    fig.update_layout(
        xaxis={**classes, "title": {"text": pred_title}},
        yaxis={**classes, "title": {"text": true_title}, "autorange": "reversed"},
        height=520,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
    )
    return fig


def image_gallery_figure(
    images: NDArray[np.floating], captions: Sequence[str], *, columns: int = 8
) -> go.Figure:
    """A grid of small images with a caption above each.

    Args:
        images: ``(N, H, W, C)`` values in [0, 1], ``C`` = 1 (grey) or 3 (RGB).
        captions: ``N`` captions (``<br>`` breaks lines).
        columns: images per row.

    Raises:
        ValueError: wrong shape, caption count or ``columns``.
    """
    images = np.asarray(images)
    if images.ndim != 4 or images.shape[-1] not in (1, 3) or len(images) == 0:
        raise ValueError(f"images must be (N, H, W, 1 or 3) with N >= 1, got shape {images.shape}")
    if len(captions) != len(images):
        raise ValueError(f"got {len(captions)} captions for {len(images)} images")
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns!r}")
    columns = min(columns, len(images))
    rows = -(-len(images) // columns)
    rgb = np.clip(np.rint(images * 255), 0, 255).astype(np.uint8)
    if rgb.shape[-1] == 1:
        rgb = np.repeat(rgb, 3, axis=-1)
    row_px, caption_px = 190, 46  # room for a two-line caption above every image
    fig = make_subplots(
        rows=rows,
        cols=columns,
        subplot_titles=list(captions),
        horizontal_spacing=0.01,
        vertical_spacing=caption_px / (rows * row_px) if rows > 1 else 0.0,
    )
    for i, image in enumerate(rgb):
        fig.add_trace(
            go.Image(z=image, hoverinfo="skip"), row=i // columns + 1, col=i % columns + 1
        )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.update_annotations(font_size=11)
    fig.update_layout(
        height=rows * row_px + caption_px, margin={"l": 0, "r": 0, "t": caption_px, "b": 0}
    )
    return fig


# ---------------------------------------------------------------- lab and home pages
# (annotated matrices with padding and a window marked, the pipeline diagram)

_WINDOW_COLOR = "#d62728"
_PADDING_COLOR = "#e5e7eb"
_PADDING_TEXT = "#6b7280"
MIN_CELL_PX = 24
"""The smallest side of an annotated matrix cell (a large matrix's: 420 px over its
longest side, at least this and at most 44)."""
CELL_FONT_PX = 12
"""The size of a cell's number when it fits (Streamlit's chart font; plotly.js shrinks
the numbers of a matrix with several rows and columns to fit its cells)."""
CELL_CHARS = 6
"""The most characters a cell writes (``-0.111``, ``999999``, ``4.0e12``): they fit the
lab's 44-pixel cells at 11 px; a longer number is written compactly (:func:`cell_text`)."""
NARROW_PLOT_PX = 160
"""Plot width of the narrowest column a matrix is drawn in (the convolution's output
on a 1024-px screen with the sidebar open: 172 px): a wide matrix's cells may be
narrower than their height."""
_CHAR_EM = 0.55
"""A number's character width in ems, with a margin (the chart font's digits: 0.5)."""
_LINE_EM = 1.3
"""A line's height in ems (plotly.js)."""


def _scientific(value: float, digits: int) -> str:
    """``value`` as ``4.00e12`` / ``-1.2e-5``: ``digits`` decimals, a bare exponent."""
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def cell_text(value: float, max_chars: int = CELL_CHARS) -> str:
    """A number as a matrix cell writes it: at most ``max_chars`` characters if it can.

    Classroom numbers are written as :func:`cnn_core.arithmetic.format_number`
    writes them (``7``, ``-2``, ``3.25``, ``0.111``, ``6600``). A longer text is
    written compactly: with fewer decimals when its whole part fits (``-12.345`` ->
    ``-12.35`` for 6), else in scientific notation with as many digits as fit
    (``3999993000003`` -> ``4.0e12`` for 6, ``4.00e12`` for 7; ``0.0000123`` ->
    ``1.2e-5``). When even one digit does not fit, the shortest scientific text.

    Args:
        value: the number.
        max_chars: the characters the cell holds.

    Returns:
        The cell's text.

    Raises:
        ValueError: ``max_chars`` is below 1.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars!r}")
    plain = format_number(value)
    value = float(value)
    if len(plain) <= max_chars or not np.isfinite(value):
        return plain
    if "e" not in plain and abs(value) >= 0.1:  # fewer decimals, the whole part kept
        for decimals in (2, 1, 0):
            text = f"{value:.{decimals}f}"
            if len(text) <= max_chars and (decimals or abs(value) >= 1):
                return text
    for digits in range(max_chars, -1, -1):
        text = _scientific(value, digits)
        if len(text) <= max_chars:
            return text
    return _scientific(value, 0)


def full_text(value: float) -> str:
    """A number in full, for a cell's hover: ``3,999,993,000,003``, ``-12.345``, ``7``.

    Args:
        value: the number.

    Returns:
        :func:`cnn_core.arithmetic.format_number`'s text with thousands grouped from
        10,000 (at most 3 decimals; scientific from 1e15, as there).
    """
    value = float(value)
    text = format_number(value)
    if not np.isfinite(value) or "e" in text or abs(value) < 10_000:
        return text
    whole, point, decimals = text.partition(".")
    return f"{int(whole):,}{point}{decimals}"


def matrix_figure(
    values: NDArray[np.float64],
    *,
    title: str = "",
    window: tuple[Sequence[int], Sequence[int]] | None = None,
    padding_mask: NDArray[np.bool_] | None = None,
    colorscale: str | None = None,
    unsigned_colorscale: str = "Purples",
    zmid: float | None = None,
    annotate: bool = True,
    pick_px: int | None = None,
    height: int | None = None,
) -> go.Figure:
    """A matrix as a heatmap with square cells, row 1 at the top.

    Args:
        values: ``(R, C)`` numbers.
        title: translated title.
        window: ``(rows, cols)``, 0-based indices of the cells to outline (every
            combination is outlined, so a dilated window shows its gaps).
        padding_mask: ``(R, C)`` bools, True for padding cells: drawn grey whatever
            their value.
        colorscale: a plotly colour-scale name, whatever the values; ``None``:
            :data:`SIGNED_COLORSCALE` for signed values (a ``zmid`` is given, or a
            cell outside the padding is below 0: then centred on 0, so white is 0,
            never the smallest value), else ``unsigned_colorscale``.
        unsigned_colorscale: the scale of values that are all 0 or more, when
            ``colorscale`` is ``None`` (light is small, dark is large). Neither red
            nor blue, which mean + and − (:data:`SIGNED_COLORSCALE`), nor grey,
            which marks padding: a dark blue 5 beside a red kernel read as negative.
        zmid: the value at the middle of the colour scale (0 for signed values).
        annotate: write every value in its cell (off for photos), as
            :func:`cell_text` writes it (compactly when long: ``4.0e12``); the
            hover gives the number with every digit of its whole part
            (:func:`full_text`).
        pick_px: make every cell clickable (tappable) with an invisible marker of
            this many pixels (:func:`cnn_core.cells.cell_picker_trace`); the heatmap
            then shows no hover of its own.
        height: the figure's height in pixels; ``None`` fits the cells.

    Raises:
        ValueError: ``values`` is not a non-empty 2-D array, or the mask's shape differs.
    """
    z = np.asarray(values, dtype=np.float64)
    if z.ndim != 2 or z.size == 0:
        raise ValueError(f"values must be a non-empty (R, C) array, got shape {z.shape}")
    mask = np.zeros(z.shape, dtype=bool) if padding_mask is None else np.asarray(padding_mask)
    if mask.shape != z.shape:
        raise ValueError(f"padding_mask shape {mask.shape} differs from values shape {z.shape}")
    if colorscale is None:
        if zmid is None and (z[~mask] < 0).any():
            zmid = 0.0
        colorscale = SIGNED_COLORSCALE if zmid is not None else unsigned_colorscale
    n_rows, n_cols = z.shape
    x, y = list(range(1, n_cols + 1)), list(range(1, n_rows + 1))
    gap = 1 if annotate else 0
    cells = {"x": x, "y": y, "xgap": gap, "ygap": gap, "showscale": False}
    side = max(n_rows, n_cols)
    cell_px = max(MIN_CELL_PX, min(44, 420 // side)) if annotate else max(1, 220 // side)
    shown = [[cell_text(v) for v in row] for row in z] if annotate else []
    font: dict[str, object] = {}
    if annotate and 1 in z.shape:
        # plotly.js fits a matrix's numbers to its cells only when it has two rows and
        # two columns; a single row or column is written at the chart's font size
        # unless told otherwise: a size that fits its cells on the narrowest screen.
        narrow_px = min(cell_px, NARROW_PLOT_PX // n_cols)
        longest = max(len(text) for row in shown for text in row)
        font["size"] = max(  # plotly.js takes no size below 1 (it would fall back)
            1,
            min(
                CELL_FONT_PX,
                int((narrow_px - gap) // (_CHAR_EM * longest)),
                int((narrow_px - gap) // _LINE_EM),
            ),
        )

    def layer_text(keep: NDArray[np.bool_]) -> dict[str, object]:
        """Each trace writes its own cells only (a heatmap writes text over its gaps too)."""
        if not annotate:
            return {}
        text = [
            [t if k else "" for t, k in zip(row, keep_row, strict=True)]
            for row, keep_row in zip(shown, keep, strict=True)
        ]
        return {"text": text, "texttemplate": "%{text}", **({"textfont": font} if font else {})}

    # The hover writes the whole number (a cell may write it compactly).
    full = [[full_text(v) for v in row] for row in z] if annotate else None
    hover = "%{z}" if full is None else "%{customdata}"

    traces: list[dict[str, object]] = [
        _without_none(
            {
                "type": "heatmap",
                "z": np.where(mask, np.nan, z),
                "colorscale": colorscale_steps(colorscale),
                "zmid": zmid,
                "hoverongaps": False,
                "customdata": full,
                "hovertemplate": f"(%{{y}}, %{{x}}): {hover}<extra></extra>",
                **cells,
                **layer_text(~mask),
            }
        )
    ]
    if mask.any():
        traces.append(
            {
                "type": "heatmap",
                "z": np.where(mask, 0.0, np.nan),
                "colorscale": [[0.0, _PADDING_COLOR], [1.0, _PADDING_COLOR]],
                "hoverinfo": "skip",
                "hoverongaps": False,
                **cells,
                **layer_text(mask),
                "textfont": {**font, "color": _PADDING_TEXT},
            }
        )
    if window is not None:
        # One outline trace for all cells (None breaks the line): far cheaper than shapes.
        xs: list[float | None] = []
        ys: list[float | None] = []
        for r in window[0]:
            for c in window[1]:
                xs += [c + 0.5, c + 1.5, c + 1.5, c + 0.5, c + 0.5, None]
                ys += [r + 0.5, r + 0.5, r + 1.5, r + 1.5, r + 0.5, None]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "line": {"color": _WINDOW_COLOR, "width": 3},
                "hoverinfo": "skip",
                "showlegend": False,
            }
        )
    if pick_px is not None:
        traces[0]["hoverinfo"] = "skip"
        picker = cell_picker_trace(z, marker_px=pick_px)
        if full is not None:  # its hover, the whole number too
            picker["text"] = np.array([t for row in full for t in row], dtype=object)
        traces.append(picker)
    axis = {"dtick": 1, "showgrid": False, "zeroline": False, "constrain": "domain"}
    layout = {
        "xaxis": {**axis, "side": "top", "range": [0.5, n_cols + 0.5], "visible": annotate},
        "yaxis": {
            **axis,
            "range": [n_rows + 0.5, 0.5],
            "scaleanchor": "x",
            "constraintoward": "top",  # a chart narrower than tall: the room left goes below
            "visible": annotate,
        },
        "title": {"text": title, "font": {"size": 14}, "y": 0.98, "yanchor": "top"},
        "height": height or cell_px * n_rows + 90,
        "margin": {"l": 10, "r": 10, "t": 80 if annotate else 40 if title else 10, "b": 10},
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    if pick_px is not None:
        layout |= {"hovermode": "closest", "dragmode": False}
    return unchecked_figure(traces, layout)


@functools.cache
def colorscale_steps(name: str) -> list[list[float | str]]:
    """A named plotly colour scale (``"RdBu_r"`` too) as its ``[[position, colour], ...]``.

    Plotly.js knows fewer names than plotly.py (no ``_r`` reversals), and a figure
    made by :func:`unchecked_figure` is sent as it is, so names are resolved here,
    once, the way plotly's own check resolves them.
    """
    return [list(step) for step in go.Heatmap(colorscale=name).colorscale]


def _without_none(trace: dict[str, object]) -> dict[str, object]:
    """``trace`` less its ``None`` properties (plotly's check drops them too)."""
    return {key: value for key, value in trace.items() if value is not None}


def unchecked_figure(traces: list[dict[str, object]], layout: dict[str, object]) -> go.Figure:
    """A figure from plain trace and layout dicts, without plotly's property checks.

    Checking every property is most of the cost of a small figure (8 ms for an
    18×18 annotated matrix, 0.6 ms without), and the lab draws two per click.
    ``tests/test_figures.py`` checks that the JSON is the same as a checked figure's.
    """
    return go.Figure({"data": traces, "layout": layout}, _validate=False)


PIPELINE_COLORS: dict[str, str] = {
    "input": "#e0f2fe",
    "conv": "#dbeafe",
    "pool": "#dcfce7",
    "flatten": "#fef9c3",
    "dense": "#fde68a",
    "dropout": "#f3f4f6",
    "output": "#fecaca",
    "other": "#e5e7eb",
}
"""Fill colour of each kind of stage in :func:`pipeline_dot` (``"other"``, a neutral grey,
for a layer of none of the named kinds: a ``BatchNormalization``, ...)."""


def pipeline_dot(stages: Sequence[tuple[str, Sequence[str]]], *, per_row: int = 0) -> str:
    """A chain of layers as Graphviz DOT text (for ``st.graphviz_chart``).

    Args:
        stages: ``(kind, lines)`` per layer, e.g.
            ``("conv", ["Conv2D 32 3×3", "28×28×32"])``: ``kind`` is a key of
            :data:`PIPELINE_COLORS`, ``lines`` the node's text, first line in bold.
        per_row: stages per row, rows read left to right then top to bottom (bigger
            text on a narrow screen); 0 puts them all in one row.

    Raises:
        ValueError: no stages, an unknown kind, a stage without text, or a negative
            ``per_row``.
    """
    if not stages or per_row < 0:
        raise ValueError(f"pipeline_dot needs stages and per_row >= 0, got {stages!r}, {per_row}")
    lines = [
        "digraph pipeline {",
        f'  rankdir={"TB" if per_row else "LR"}; bgcolor="transparent"; nodesep=0.3; ranksep=0.35;',
        '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontsize=13,'
        ' color="#94a3b8"];',
        '  edge [color="#64748b", arrowsize=0.7];',
    ]
    for i, (kind, text) in enumerate(stages):
        if kind not in PIPELINE_COLORS or not text:
            raise ValueError(
                f"stage {i} needs a known kind {sorted(PIPELINE_COLORS)} and at least one "
                f"line, got kind={kind!r}, lines={text!r}"
            )
        rows = [html.escape(line) for line in text]
        label = "<br/>".join([f"<b>{rows[0]}</b>", *rows[1:]])
        lines.append(f'  s{i} [label=<{label}>, fillcolor="{PIPELINE_COLORS[kind]}"];')
    for start in range(0, len(stages), per_row or len(stages)):
        row = range(start, min(start + (per_row or len(stages)), len(stages)))
        lines.append("  { rank=same; " + " ".join(f"s{i};" for i in row) + " }")
        if start:  # each row starts under the previous one
            lines.append(f"  s{start - per_row} -> s{start} [style=invis];")
    lines.append("  " + " -> ".join(f"s{i}" for i in range(len(stages))) + ";")
    lines.append("}")
    return "\n".join(lines)


# ---------------------------------------------------------------- predict and explorer pages
# (class probabilities as horizontal bars)


def probability_bars_figure(
    labels: Sequence[str], probs: Sequence[float], *, axis_title: str
) -> go.Figure:
    """Class probabilities as horizontal bars, the most probable on top.

    Args:
        labels: class names, already translated.
        probs: one probability in [0, 1] per label, in the same order.
        axis_title: the title of the probability axis.

    Raises:
        ValueError: ``labels`` and ``probs`` differ in length or are empty.
    """
    if len(labels) != len(probs) or not labels:
        raise ValueError(f"need one probability per label, got {len(labels)} and {len(probs)}")
    order = np.argsort(np.asarray(probs, dtype=np.float64), kind="stable")  # ascending: top last
    values = [float(probs[i]) for i in order]
    colours = [_PALETTE[0] if i == order[-1] else "#9ca3af" for i in order]
    bars = {
        "type": "bar",
        "x": values,
        "y": [labels[i] for i in order],
        "orientation": "h",
        "marker": {"color": colours},
        "text": [f"{v:.1%}" for v in values],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x:.1%}<extra></extra>",
    }
    layout = {
        "xaxis": {"title": {"text": axis_title}, "range": [0, 1.15], "tickformat": ".0%"},
        "yaxis": {"type": "category"},  # digit names "0".."9" are labels, not numbers
        "height": 28 * len(labels) + 90,
        "margin": {"l": 0, "r": 10, "t": 10, "b": 40},
    }
    return unchecked_figure([bars], layout)


# ---------------------------------------------------------------- explorer page
# (filter and feature-map grids, activation bars, an image with a box)

_BOX_COLOR = "#ef4444"


TILE_NUMBER_PX = 11
"""The size of the number written above each tile of :func:`tile_grid_figure`; the
rows of tiles are at least this far apart (plus a margin)."""


def tile_number(index: int) -> str:
    """The number written over the tile at 0-based ``index`` (:func:`tile_grid_figure`,
    :func:`cnn_core.tiles.tile_grid_png`): counted from 1 for the students, as the lab
    counts rows and columns (``0`` -> ``"1"``)."""
    return str(index + 1)


def normalize_each_tile(tiles: NDArray[np.float64], *, symmetric: bool) -> NDArray[np.float64]:
    """Every tile stretched on its own (what :func:`tile_grid_figure` and
    :func:`cnn_core.tiles.tile_grid_png` colour with ``normalize_each``).

    Args:
        tiles: ``(N, h, w)`` values.
        symmetric: divide each tile by its largest magnitude, to [-1, 1] (0 stays 0);
            else map each tile's [min, max] to [0, 1].

    Returns:
        ``(N, h, w)`` values; a tile of zeros (``symmetric``) or a flat tile (else)
        is all 0.
    """
    if symmetric:
        peak = np.abs(tiles).max(axis=(1, 2), keepdims=True)
        return tiles / np.where(peak > 0, peak, 1.0)
    low = tiles.min(axis=(1, 2), keepdims=True)
    span = tiles.max(axis=(1, 2), keepdims=True) - low
    return np.where(span > 0, (tiles - low) / np.where(span > 0, span, 1.0), 0.0)


def tile_grid_figure(
    tiles: NDArray[np.floating],
    *,
    tile_label: str,
    columns: int = 8,
    colorscale: str | None = None,
    symmetric: bool = False,
    normalize_each: bool = False,
) -> go.Figure:
    """Many small 2-D arrays (kernels, feature maps) tiled into one heatmap.

    One trace for the whole grid keeps 64 maps fast; each tile's number
    (:func:`tile_number`, from 1) is written above its top left corner, as the
    explorer's pictures of maps number theirs (:func:`cnn_core.tiles.tile_grid_png`),
    by one text trace. Hovering a cell shows the tile's label and number, the cell's
    row and column in its tile, all counted from 1 as the lab counts them
    (``filter 1 (1, 1)``: the first tile's top left cell), and the raw value.

    Args:
        tiles: ``(N, h, w)`` values.
        tile_label: translated word for one tile, e.g. ``"filter"``.
        columns: tiles per row.
        colorscale: a plotly colour-scale name; ``None``: :data:`SIGNED_COLORSCALE`
            when ``symmetric``, else ``"Viridis"``.
        symmetric: centre the colour scale on 0 (signed weights).
        normalize_each: stretch every tile on its own for the colours, to [min, max]
            (or to [-max|w|, max|w|] when ``symmetric``; :func:`normalize_each_tile`);
            the hover shows raw values.

    Raises:
        ValueError: wrong shape or ``columns``.
    """
    tiles = np.asarray(tiles, dtype=np.float64)
    if tiles.ndim != 3 or len(tiles) == 0:
        raise ValueError(f"tiles must be (N, h, w) with N >= 1, got shape {tiles.shape}")
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns!r}")
    if colorscale is None:
        colorscale = SIGNED_COLORSCALE if symmetric else "Viridis"
    count, height, width = tiles.shape
    columns = min(columns, count)
    rows = -(-count // columns)
    gap = max(1, max(height, width) // 6)
    grid_width = columns * (width + gap) - gap
    cell_px = max(3, min(36, 880 // grid_width))
    row_gap = max(gap, -(-(TILE_NUMBER_PX + 3) // cell_px))  # room for the numbers
    shown = normalize_each_tile(tiles, symmetric=symmetric) if normalize_each else tiles
    z = np.full((rows * (height + row_gap) - row_gap, grid_width), np.nan)
    custom = np.full((*z.shape, 4), np.nan)  # tile, row, column (each from 1), raw value
    grid_r, grid_c = np.mgrid[1 : height + 1, 1 : width + 1]
    corners = []
    for i in range(count):
        top, left = (i // columns) * (height + row_gap), (i % columns) * (width + gap)
        z[top : top + height, left : left + width] = shown[i]
        custom[top : top + height, left : left + width] = np.stack(
            [np.full((height, width), i + 1), grid_r, grid_c, tiles[i]], axis=-1
        )
        corners.append((left - 0.5, top - 0.5))
    limit = float(np.abs(shown).max()) or 1.0
    heatmap = {
        "type": "heatmap",  # float32 (plotly sends typed arrays): half the bytes, exact here
        "z": z.astype(np.float32),
        "customdata": custom.astype(np.float32),
        "colorscale": colorscale_steps(colorscale),
        "zmid": 0.0 if symmetric else None,
        "zmin": -limit if symmetric else None,
        "zmax": limit if symmetric else None,
        "hoverongaps": False,
        "hovertemplate": (
            f"{tile_label} %{{customdata[0]}} (%{{customdata[1]}}, %{{customdata[2]}}): "
            "%{customdata[3]:.4g}<extra></extra>"
        ),
        "showscale": not normalize_each,
    }
    numbers = {  # each just above its tile's top left corner (the first row's in the margin)
        "type": "scatter",
        "mode": "text",
        "x": [x for x, _ in corners],
        "y": [y for _, y in corners],
        "text": [tile_number(i) for i in range(count)],
        "textposition": "top right",
        "textfont": {"size": TILE_NUMBER_PX},
        "cliponaxis": False,
        "hoverinfo": "skip",
        "showlegend": False,
    }
    top_px = TILE_NUMBER_PX + 8
    layout = {  # fixed ranges: the numbers do not widen them
        "xaxis": {"visible": False, "constrain": "domain", "range": [-0.5, z.shape[1] - 0.5]},
        "yaxis": {
            "visible": False,
            "range": [z.shape[0] - 0.5, -0.5],  # top to bottom
            "scaleanchor": "x",
            "constrain": "domain",
        },
        "height": cell_px * z.shape[0] + top_px + 20,
        "margin": {"l": 0, "r": 0, "t": top_px, "b": 10},
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    return unchecked_figure([_without_none(heatmap), numbers], layout)


def bars_figure(
    values: Sequence[float],
    *,
    value_title: str,
    index_title: str = "",
    labels: Sequence[str] | None = None,
    highlight: int | None = None,
) -> go.Figure:
    """Numbers as vertical bars (a dense layer's units, a layer's biases).

    Built from arrays and one colour (a list only with a ``highlight``): a
    flattened layer has thousands of bars, and plotly checks list items one by one.

    Args:
        values: one number per bar.
        value_title: translated title of the value axis.
        index_title: translated title of the bars' axis (what a bar is: "Filter");
            empty: none.
        labels: one label per bar; ``None`` numbers them from 1 (the first unit or
            filter is "1", as the lab and the explorer count).
        highlight: index of a bar drawn in the accent colour.

    Raises:
        ValueError: no values, or labels of another length.
    """
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if values.size == 0:
        raise ValueError("bars_figure needs at least one value, got none")
    if labels is None:  # "1", "2", ...: counted from 1
        x = np.arange(1, values.size + 1).astype(str)
    else:
        x = np.asarray([str(v) for v in labels])
    if len(x) != values.size:
        raise ValueError(f"got {len(x)} labels for {values.size} values")
    colours: str | list[str] = _PALETTE[0]
    if highlight is not None:
        colours = [_PALETTE[1] if i == highlight else _PALETTE[0] for i in range(values.size)]
    bars = {
        "type": "bar",
        "x": x,
        "y": values,
        "marker": {"color": colours},
        "hovertemplate": "%{x}: %{y:.4g}<extra></extra>",
    }
    layout = {
        "yaxis": {"title": {"text": value_title}},
        "xaxis": {"type": "category", "showticklabels": bool(values.size <= 40)},
        "bargap": 0.1 if values.size > 40 else 0.25,
        "height": 260,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 30},
    }
    if index_title:
        layout["xaxis"]["title"] = {"text": index_title}
        layout |= {"height": 290, "margin": {"l": 10, "r": 10, "t": 10, "b": 50}}
    return unchecked_figure([bars], layout)


def image_box_figure(
    image: NDArray, *, box: tuple[int, int, int, int] | None = None, title: str = ""
) -> go.Figure:
    """An image (pixels kept square and sharp) with an optional outlined box.

    The pixels sit at 1..W across and 1..H down, so hovering one shows its row and
    column counted from 1, as the lab counts them (``(1, 1)``: the top left pixel).

    Args:
        image: ``(H, W)``, ``(H, W, 1)`` or ``(H, W, 3)``; uint8, or float in [0, 1].
        box: ``(top, left, bottom, right)`` 0-based pixel indices, inclusive (drawn
            around rows ``top + 1`` to ``bottom + 1`` as the hover counts them).
        title: translated title.

    Raises:
        ValueError: wrong shape.
    """
    image = as_rgb_uint8(image)
    shapes = []
    if box is not None:
        top, left, bottom, right = box
        shapes.append(
            {
                "type": "rect",
                "x0": left + 0.5,
                "x1": right + 1.5,
                "y0": top + 0.5,
                "y1": bottom + 1.5,
                "line": {"color": _BOX_COLOR, "width": 3},
            }
        )
    picture = {  # pixel (r, c) at (c + 1, r + 1): the hover counts from 1
        "type": "image",
        "z": image,
        "x0": 1,
        "y0": 1,
        "hovertemplate": "(%{y}, %{x})<extra></extra>",
    }
    layout = {
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "shapes": shapes,
        "title": {"text": title, "font": {"size": 14}},
        "height": 300,
        "margin": {"l": 0, "r": 0, "t": 40 if title else 0, "b": 0},
    }
    return unchecked_figure([picture], layout)
