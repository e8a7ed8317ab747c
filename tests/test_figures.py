"""cnn_core.figures: one colour convention for signed values (red = +, blue = -)."""

from __future__ import annotations

import numpy as np

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
