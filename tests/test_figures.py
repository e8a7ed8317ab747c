"""cnn_core.figures: one colour convention for signed values (red = +, blue = -)."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

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


def test_an_unchecked_matrix_figure_is_what_plotly_would_have_checked():
    values = np.arange(12.0).reshape(3, 4) - 5
    mask = np.zeros((3, 4), bool)
    mask[0] = True
    fig = figures.matrix_figure(values, title="t", window=([1], [1, 2]), padding_mask=mask, zmid=0)
    checked = go.Figure(fig.to_dict())  # every property checked (and fixed, if need be)
    assert json.loads(pio.to_json(fig, validate=False)) == json.loads(pio.to_json(checked))
    assert fig.data[0].colorscale[0][1] == "rgb(5,48,97)"  # "RdBu_r": plotly.js has no such name
