"""cnn_core.figures: one colour convention for signed values (red = +, blue = -)."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from cnn_core import figures


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
