"""cnn_core.figures: one colour convention for signed values (red = +, blue = -)."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from cnn_core import figures
from cnn_core.arithmetic import format_number


def _scale(fig) -> list:
    return [tuple(step) for step in fig.data[0].colorscale]


def test_signed_values_are_red_positive_blue_negative_by_default():
    signed = _scale(figures.matrix_figure(np.array([[-1.0, 1.0]]), zmid=0.0))
    assert signed == _scale(figures.matrix_figure(np.eye(2), colorscale=figures.SIGNED_COLORSCALE))
    low, high = signed[0][1], signed[-1][1]  # the colours of -max and +max
    assert low.startswith("rgb(5,") and high.startswith("rgb(103,")  # blue ... red (RdBu_r)
    tiles = figures.tile_grid_figure(np.ones((2, 3, 3)), tile_label="filter", symmetric=True)
    assert _scale(tiles) == signed
    assert tiles.data[0].zmid == 0.0


def test_unsigned_values_keep_their_scales():
    assert _scale(figures.matrix_figure(np.eye(2))) != _scale(
        figures.matrix_figure(np.eye(2), zmid=0.0)
    )
    plain = figures.tile_grid_figure(np.ones((2, 3, 3)), tile_label="map")
    assert plain.data[0].zmid is None
    assert _scale(plain) == _scale(
        figures.tile_grid_figure(np.ones((2, 3, 3)), tile_label="map", colorscale="Viridis")
    )


_VALUES = np.arange(12.0).reshape(3, 4) - 5
_MASK = np.arange(12).reshape(3, 4) < 4
UNCHECKED = {
    "matrix": lambda: figures.matrix_figure(
        _VALUES, title="t", window=([1], [1, 2]), padding_mask=_MASK, zmid=0
    ),
    "matrix plain": lambda: figures.matrix_figure(_VALUES, annotate=False),
    "matrix clickable": lambda: figures.matrix_figure(_VALUES, pick_px=12, height=300),
    "probabilities": lambda: figures.probability_bars_figure(
        ["a", "b", "c"], [0.2, 0.7, 0.1], axis_title="p"
    ),
    "tiles": lambda: figures.tile_grid_figure(
        np.stack([_VALUES, -_VALUES]), tile_label="map", symmetric=True
    ),
    "tiles stretched": lambda: figures.tile_grid_figure(
        np.stack([_VALUES, _VALUES**2]), tile_label="map", normalize_each=True
    ),
    "bars": lambda: figures.bars_figure(np.arange(50.0), value_title="v"),
    "bars titled": lambda: figures.bars_figure([1.0, -2.0], value_title="v", index_title="i"),
    "bars labelled": lambda: figures.bars_figure(
        [0.1, 0.9], value_title="v", labels=["x", "y"], highlight=1
    ),
    "image": lambda: figures.image_box_figure(np.eye(5), box=(1, 1, 3, 3), title="t"),
}


@pytest.mark.parametrize("name", UNCHECKED)
def test_an_unchecked_figure_is_what_plotly_would_have_checked(name):
    fig = UNCHECKED[name]()
    checked = go.Figure(fig.to_dict())  # every property checked (and fixed, if need be)
    assert json.loads(pio.to_json(fig, validate=False)) == json.loads(pio.to_json(checked))


def test_colour_scale_names_are_resolved_for_plotly_js():
    fig = figures.matrix_figure(_VALUES, zmid=0)
    assert fig.data[0].colorscale[0][1] == "rgb(5,48,97)"  # "RdBu_r": plotly.js has no such name


def test_digit_probabilities_are_ordered_by_probability_not_by_digit():
    """Names "0".."9" would make Plotly's axis numeric, bars in digit order."""
    probs = [0.05, 0.02, 0.6, 0.03, 0.1, 0.04, 0.06, 0.02, 0.05, 0.03]
    fig = figures.probability_bars_figure([str(d) for d in range(10)], probs, axis_title="p")
    assert fig.layout.yaxis.type == "category"
    assert list(fig.data[0].y)[-1] == "2"  # the top bar
    assert list(fig.data[0].y)[-2] == "4"


@pytest.mark.parametrize(
    ("value", "text"),
    [  # classroom numbers: exactly as format_number writes them
        (0.0, "0"),
        (-0.0, "0"),
        (7.0, "7"),
        (-2.0, "-2"),
        (15.5, "15.5"),
        (3.25, "3.25"),
        (-0.25, "-0.25"),
        (1 / 9, "0.111"),
        (-1 / 9, "-0.111"),
        (6600.0, "6600"),
        (-12345.0, "-12345"),
        (999999.0, "999999"),
        (0.0004, "0.0004"),
    ],
)
def test_classroom_numbers_are_written_as_they_are(value, text):
    assert figures.cell_text(value) == text == format_number(value)


@pytest.mark.parametrize(
    ("value", "chars", "text"),
    [  # longer than the cell holds: compact, never cut
        (3999993000003.0, 6, "4.0e12"),
        (3999993000003.0, 7, "4.00e12"),
        (-3999993000003.0, 6, "-4e12"),
        (-3999993000003.0, 7, "-4.0e12"),
        (1_000_000.0, 6, "1.00e6"),
        (-1_000_000.0, 6, "-1.0e6"),
        (123456.7, 6, "123457"),  # the whole part fits: fewer decimals
        (-12.345, 5, "-12.3"),
        (-1 / 9, 5, "-0.11"),
        (2 / 3, 4, "0.67"),
        (0.0000123, 6, "1.2e-5"),
        (-0.0004, 6, "-4e-4"),
    ],
)
def test_long_numbers_are_written_compactly(value, chars, text):
    assert len(format_number(value)) > chars
    assert figures.cell_text(value, chars) == text
    assert len(text) <= chars
    assert float(text) == pytest.approx(value, rel=0.06)  # the same number, rounded


def test_every_cell_text_fits_its_cell_and_the_hover_is_whole():
    values = np.array([[3999993000003.0, -7.0], [0.5, -1e6]])
    for shape in ((2, 2), (1, 4), (4, 1)):
        fig = figures.matrix_figure(values.reshape(shape), zmid=0)
        written = [t for row in fig.data[0].text for t in row]
        assert len(max(written, key=len)) <= figures.CELL_CHARS
        assert "4.0e12" in written and "-7" in written and "0.5" in written
        assert [t for row in fig.data[0].customdata for t in row] == [
            "3,999,993,000,003",
            "-7",
            "0.5",
            "-1,000,000",
        ]
    # a single row or column gets no fitting from plotly.js: its font is chosen here
    assert 1 <= figures.matrix_figure(values.reshape(1, 4)).data[0].textfont.size <= 12
    wide = figures.matrix_figure(np.arange(200.0)[None, :]).data[0].textfont.size
    assert wide == 1  # never 0 or negative, which plotly.js would replace by its default
    clickable = figures.matrix_figure(values, pick_px=20)
    assert list(clickable.data[-1].text) == ["3,999,993,000,003", "-7", "0.5", "-1,000,000"]
    assert figures.full_text(1234.5) == "1234.5" and figures.full_text(-0.111) == "-0.111"


def test_the_seed_worked_example_keeps_its_texts():
    from cnn_core.arithmetic import conv2d
    from cnn_core.presets import SEED_INPUT, SEED_KERNEL

    out = conv2d(SEED_INPUT, SEED_KERNEL, padding=1)
    fig = figures.matrix_figure(out, zmid=0)
    assert [list(row) for row in fig.data[0].text] == [
        ["7", "12", "10", "2"],
        ["4", "15", "16", "10"],
        ["10", "6", "15", "6"],
        ["8", "10", "4", "3"],
    ]
    assert "textfont" not in fig.to_dict()["data"][0]  # plotly.js fits them as before


def test_a_cell_without_room_for_a_digit_gets_the_shortest_text():
    assert figures.cell_text(-3999993000003.0, 3) == "-4e12"
    with pytest.raises(ValueError, match="got 0"):
        figures.cell_text(1.0, 0)


def test_a_digit_confusion_matrix_labels_every_class_on_categorical_axes():
    """Names "0".."9" made both axes numeric: ticks 0, 2, 4, 6, 8 and an empty 10."""
    names = [str(d) for d in range(10)]
    fig = figures.confusion_matrix_figure(
        np.eye(10, dtype=np.int64), names, true_title="t", pred_title="p"
    )
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.type == "category"
        assert list(axis.categoryarray) == names  # ten ticks, in class order
    assert fig.layout.yaxis.autorange == "reversed"  # the first class on top
    assert fig.layout.xaxis.title.text == "p" and fig.layout.yaxis.title.text == "t"


ONE_EPOCH = {"loss": [0.4], "accuracy": [0.9], "val_loss": [0.5], "val_accuracy": [0.85]}
"""A run stopped after its first epoch: one point per curve."""
TITLES = dict(loss_title="L", accuracy_title="A", epoch_title="E", train_name="t", val_name="v")
"""The curve figure's labels, as the tests name them."""


def test_one_epoch_curves_show_their_point_on_sensible_axes():
    """Plotly's autorange around one point drew loss from -0.5 and accuracy up to 1.5."""
    fig = figures.training_curves_figure(ONE_EPOCH, **TITLES)
    assert all("markers" in trace.mode for trace in fig.data)
    assert tuple(fig.layout.xaxis.range) == tuple(fig.layout.xaxis2.range) == (0.5, 1.5)
    assert fig.layout.xaxis.dtick == 1
    assert fig.layout.yaxis.rangemode == "tozero"  # the loss panel
    accuracy = fig.layout.yaxis2.autorangeoptions
    assert (accuracy.clipmin, accuracy.clipmax) == (0, 1)
    for metric in ("loss", "accuracy"):
        overlay = figures.runs_overlay_figure(
            {"a": ONE_EPOCH, "b": {metric: [0.7]}},
            metric=metric,
            title="",
            epoch_title="E",
            val_suffix="v",
        )
        assert all("markers" in trace.mode for trace in overlay.data)
        assert tuple(overlay.layout.xaxis.range) == (0.5, 1.5)
        if metric == "loss":
            assert overlay.layout.yaxis.rangemode == "tozero"
        else:
            clip = overlay.layout.yaxis.autorangeoptions
            assert (clip.clipmin, clip.clipmax) == (0, 1)


def test_the_epoch_axis_spans_the_longest_history_or_the_planned_epochs():
    history = {"loss": [1.0] * 25, "val_loss": [1.0] * 25}
    labels = dict(loss_title="L", accuracy_title="A", epoch_title="E", train_name="t", val_name="v")
    fitted = figures.training_curves_figure(history, **labels)
    assert tuple(fitted.layout.xaxis.range) == (0.5, 25.5) and fitted.layout.xaxis.dtick == 3
    planned = figures.training_curves_figure(history, max_epoch=100, **labels)
    assert tuple(planned.layout.xaxis.range) == (0.5, 100.5) and planned.layout.xaxis.dtick == 10
    overlay = figures.runs_overlay_figure(
        {"a": ONE_EPOCH, "b": history}, metric="loss", title="", epoch_title="E", val_suffix="v"
    )
    assert tuple(overlay.layout.xaxis.range) == (0.5, 25.5)


def test_the_epoch_in_progress_continues_the_training_curve_to_where_it_is():
    """The live curves were empty for the whole first epoch (half of the quick preset)."""
    first = figures.training_curves_figure(
        {}, max_epoch=2, running=(0.4, {"loss": 0.8, "accuracy": 0.7}), running_name="now", **TITLES
    )
    now = [trace for trace in first.data if trace.name == "now"]
    assert [(tuple(t.x), tuple(t.y)) for t in now] == [((0.4,), (0.8,)), ((0.4,), (0.7,))]
    assert tuple(first.layout.xaxis.range) == (0, 2.5)
    second = figures.training_curves_figure(
        ONE_EPOCH, max_epoch=2, running=(1.5, {"loss": 0.3, "accuracy": 0.92}), **TITLES
    )
    loss = next(trace for trace in second.data if trace.line.dash == "dot")
    assert tuple(loss.x) == (1, 1.5) and tuple(loss.y) == (0.4, 0.3)  # from epoch 1's point
    with pytest.raises(ValueError, match="running x must be in"):
        figures.training_curves_figure(ONE_EPOCH, running=(2.5, {"loss": 0.3}), **TITLES)


def test_the_overlay_draws_a_runs_last_partial_epoch_dotted_to_a_hollow_point():
    """As the live curves draw the epoch in progress; the words name it (legend, hover)."""
    history = {"loss": [1.0, 0.6, 0.5], "val_loss": [1.1, 0.7, 0.65]}
    fig = figures.runs_overlay_figure(
        {"a": history, "b": ONE_EPOCH, "c": history},
        metric="loss",
        title="",
        epoch_title="E",
        val_suffix="v",
        partial={"a": "part", "b": "first part"},
    )
    shown = [(t.name, tuple(t.x), t.mode, t.line.dash, t.showlegend) for t in fig.data]
    assert shown == [
        ("a", (1, 2), "lines+markers", "solid", None),
        ("a · part", (2, 3), "lines", "dot", False),  # from the last whole epoch
        ("a · part", (3,), "lines+markers", "dot", True),
        ("a v", (1, 2), "lines+markers", "dash", None),
        ("a v · part", (2, 3), "lines", "dot", False),
        ("a v · part", (3,), "lines+markers", "dot", False),  # one legend entry a run
        ("b", (), "lines+markers", "solid", None),  # stopped in its first epoch
        ("b · first part", (1,), "lines+markers", "dot", True),
        ("b v", (), "lines+markers", "dash", None),
        ("b v · first part", (1,), "lines+markers", "dot", False),
        ("c", (1, 2, 3), "lines+markers", "solid", None),  # whole epochs: as before
        ("c v", (1, 2, 3), "lines+markers", "dash", None),
    ]
    lines = [trace for trace in fig.data if trace.mode == "lines"]
    assert all(trace.hoverinfo == "skip" for trace in lines)  # epoch 2 keeps its own hover
    points = [trace for trace in fig.data if "·" in trace.name and trace.mode != "lines"]
    assert all(trace.marker.symbol == "circle-open" for trace in points)
    assert all(trace.cliponaxis is False for trace in points)  # whole at the axis's edge
    # the name inside the hover box, not beside it (cut at the left edge at epoch 1)
    assert all(
        trace.hovertemplate.startswith("%{fullData.name}<br>")
        and trace.hovertemplate.endswith("<extra></extra>")
        for trace in fig.data
    )
    assert {trace.legendgroup for trace in fig.data if trace.name.startswith("a")} == {"a"}
    assert tuple(fig.layout.xaxis.range) == (0.5, 3.5)  # the partial epoch still counts


def test_a_matrix_with_negative_values_is_drawn_signed_so_white_is_zero():
    signed = _scale(figures.matrix_figure(np.eye(2), zmid=0.0))
    negative = figures.matrix_figure(-np.arange(1.0, 10.0).reshape(3, 3))
    assert _scale(negative) == signed and negative.data[0].zmid == 0.0
    greens = figures.matrix_figure(-np.eye(2), unsigned_colorscale="Greens")
    assert _scale(greens) == signed and greens.data[0].zmid == 0.0


def test_values_of_one_sign_are_drawn_in_neither_signed_colour_nor_padding_grey():
    """Red is + and blue is − wherever a matrix is signed; an input of counts is purple."""
    unsigned = _scale(figures.matrix_figure(np.arange(4.0).reshape(2, 2)))
    assert unsigned == [tuple(step) for step in figures.colorscale_steps("Purples")]
    assert unsigned != _scale(figures.matrix_figure(np.eye(2), zmid=0.0))


def test_only_cells_outside_the_padding_and_no_chosen_scale_decide_the_colours():
    padded = np.array([[-5.0, -5.0], [1.0, 2.0]])
    mask = np.array([[True, True], [False, False]])
    shown = figures.matrix_figure(padded, padding_mask=mask)  # the padding is grey anyway
    assert shown.data[0].zmid is None and _scale(shown) == _scale(figures.matrix_figure(np.eye(2)))
    greens = figures.matrix_figure(np.eye(2), unsigned_colorscale="Greens")
    assert _scale(greens) == [tuple(step) for step in figures.colorscale_steps("Greens")]
    chosen = figures.matrix_figure(
        -np.eye(2), colorscale="Viridis"
    )  # as asked, whatever the values
    assert chosen.data[0].zmid is None
    assert _scale(chosen) == [tuple(step) for step in figures.colorscale_steps("Viridis")]


def test_the_curves_legend_is_one_row_below_the_panels_so_a_phone_gives_them_its_width():
    """At the right, the legend took most of a 390 px screen and squeezed the two panels."""
    fig = figures.training_curves_figure(ONE_EPOCH, **TITLES, best_epoch=1, best_name="kept")
    legend = fig.layout.legend
    assert legend.orientation == "h"
    assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom")
    assert fig.layout.margin.b >= 60  # room for the epoch axis's title above the legend
    assert fig.layout.xaxis.domain[1] < fig.layout.xaxis2.domain[0]  # still side by side


def test_a_tile_grid_hover_counts_tiles_rows_and_columns_from_1():
    values = np.arange(2 * 3 * 4, dtype=np.float64).reshape(2, 3, 4)
    fig = figures.tile_grid_figure(values, tile_label="filter", columns=2)
    custom = np.asarray(fig.data[0].customdata, dtype=np.float64)
    np.testing.assert_array_equal(custom[0, 0], [1, 1, 1, values[0, 0, 0]])  # filter 1 (1, 1)
    np.testing.assert_array_equal(custom[2, 3], [1, 3, 4, values[0, 2, 3]])  # its last cell
    left = 4 + 1  # the second tile, after a one-column gap
    np.testing.assert_array_equal(custom[0, left], [2, 1, 1, values[1, 0, 0]])
    np.testing.assert_array_equal(custom[2, left + 3], [2, 3, 4, values[1, 2, 3]])
    assert fig.data[0].hovertemplate.startswith(
        "filter %{customdata[0]} (%{customdata[1]}, %{customdata[2]}): "
    )


def test_tiles_are_numbered_from_1_above_their_top_left_corners():
    """As the explorer's pictures of maps (cnn_core.tiles): the numbers are written,
    not only hovered."""
    values = np.arange(3 * 3 * 4, dtype=np.float64).reshape(3, 3, 4)
    fig = figures.tile_grid_figure(values, tile_label="filter", columns=2)
    heat, numbers = fig.data
    assert numbers.mode == "text" and list(numbers.text) == ["1", "2", "3"]
    assert numbers.textposition == "top right" and numbers.hoverinfo == "skip"
    assert numbers.cliponaxis is False  # the first row's numbers sit in the top margin
    assert fig.layout.margin.t >= figures.TILE_NUMBER_PX
    custom = np.asarray(heat.customdata, dtype=np.float64)
    for x, y, text in zip(numbers.x, numbers.y, numbers.text, strict=True):
        row, col = int(y + 0.5), int(x + 0.5)  # the cell just below and right of the number
        np.testing.assert_array_equal(custom[row, col, :3], [int(text), 1, 1])
        if row > 0:  # a second row of tiles: the number stands in the gap above it
            assert np.isnan(custom[row - 1, col, 0])
    assert [figures.tile_number(i) for i in (0, 1, 9)] == ["1", "2", "10"]
    assert tuple(fig.layout.yaxis.range) == (heat.z.shape[0] - 0.5, -0.5)  # top to bottom


def test_bars_name_what_a_bar_is_on_their_axis():
    titled = figures.bars_figure([0.5, -0.1], value_title="Bias", index_title="Filter number")
    assert titled.layout.xaxis.title.text == "Filter number"
    assert titled.layout.yaxis.title.text == "Bias"
    assert figures.bars_figure([0.5], value_title="Bias").layout.xaxis.title.text is None


def test_the_image_hover_counts_rows_and_columns_from_1_and_the_box_stays_on_its_pixels():
    fig = figures.image_box_figure(np.zeros((28, 28)), box=(2, 3, 6, 9))
    picture = fig.data[0]
    assert (picture.x0, picture.y0) == (1, 1)  # pixel (0, 0) is hovered as (1, 1)
    assert picture.hovertemplate == "(%{y}, %{x})<extra></extra>"
    shape = fig.layout.shapes[0]  # rows 2..6, columns 3..9 (0-based): 3..7 and 4..10 shown
    assert (shape.x0, shape.y0, shape.x1, shape.y1) == (3.5, 2.5, 10.5, 7.5)
