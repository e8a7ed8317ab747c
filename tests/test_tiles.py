"""cnn_core.tiles: many maps as one PNG with plotly's colours."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from plotly.colors import sample_colorscale

from cnn_core import tiles


def decode(png: bytes) -> np.ndarray:
    """The picture as ``(H, W, 3)`` RGB uint8."""
    bgr = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def rgb(scale: str, at: float) -> np.ndarray:
    (colour,) = sample_colorscale(scale, [at])
    return np.array([int(v) for v in colour.strip("rgb()").split(",")])


def test_a_grid_is_a_png_with_every_tile_in_plotly_colours():
    maps = np.zeros((3, 4, 4))
    maps[1] = 1.0  # one layer-wide range: tile 0 lowest, tile 1 highest
    grid = tiles.tile_grid_png(maps, columns=2)
    picture = decode(grid.png)
    assert picture.shape[:2] == grid.shape
    assert (grid.low, grid.high, grid.normalized) == (0.0, 1.0, False)
    zoom = tiles.MAX_TILE_PX // 4
    label = 12
    first = picture[label + 1, 1]
    second = picture[label + 1, 4 * zoom + 2 + 1]
    np.testing.assert_allclose(first, rgb("Viridis", 0.0), atol=2)
    np.testing.assert_allclose(second, rgb("Viridis", 1.0), atol=2)
    assert picture.shape[0] == 2 * (4 * zoom + label + 2)  # 3 tiles in 2 columns: 2 rows


def test_signed_tiles_are_centred_on_zero_red_positive():
    maps = np.array([[[-2.0, 0.0], [1.0, 2.0]]])
    grid = tiles.tile_grid_png(maps, symmetric=True)
    assert (grid.low, grid.high) == (-2.0, 2.0)
    picture = decode(grid.png)
    zoom = tiles.MAX_TILE_PX // 2
    top = 12
    np.testing.assert_allclose(picture[top, 0], rgb("RdBu_r", 0.0), atol=2)  # -2: darkest blue
    np.testing.assert_allclose(picture[top + zoom, zoom], rgb("RdBu_r", 1.0), atol=2)  # +2: red
    assert picture[top + zoom, zoom][0] > picture[top + zoom, zoom][2]  # red, not blue


def test_each_tile_stretched_on_its_own():
    maps = np.stack([np.linspace(0, 1, 16).reshape(4, 4), np.linspace(0, 100, 16).reshape(4, 4)])
    grid = tiles.tile_grid_png(maps, normalize_each=True)
    assert grid.normalized and (grid.low, grid.high) == (0.0, 1.0)
    picture = decode(grid.png)
    zoom = tiles.MAX_TILE_PX // 4
    top, second = 12, 4 * zoom + 2
    last = top + 4 * zoom - 1
    np.testing.assert_array_equal(picture[last, 4 * zoom - 1], picture[last, second + 4 * zoom - 1])


def test_the_picture_is_small():
    rng = np.random.default_rng(0)
    grid = tiles.tile_grid_png(rng.random((64, 14, 14)), normalize_each=True)
    assert len(grid.png) < 150_000
    assert grid.shape[1] <= tiles.GRID_WIDTH_PX + 4 * tiles.BAR_WIDTH_PX


@pytest.mark.parametrize(
    ("maps", "columns", "message"),
    [
        (np.zeros((4, 4)), 16, "got shape (4, 4)"),
        (np.zeros((0, 4, 4)), 16, "got shape (0, 4, 4)"),
        (np.full((1, 2, 2), np.nan), 16, "got 4 NaN and 0 infinite of 4"),
        (np.array([[[1.0, np.inf], [-np.inf, np.nan]]]), 16, "got 1 NaN and 2 infinite of 4"),
        (np.zeros((1, 2, 2)), 0, "got 0"),
    ],
)
def test_bad_tiles_are_refused_with_what_was_given(maps, columns, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        tiles.tile_grid_png(maps, columns=columns)


def _ink(text: str, width: int) -> np.ndarray:
    """Where cv2 writes ``text`` in a tile's label strip, as :func:`tiles.tile_grid_png` does."""
    strip = np.full((12, width), tiles._PAPER, np.uint8)
    cv2.putText(strip, text, (0, 10), cv2.FONT_HERSHEY_PLAIN, 0.7, tiles._INK, 1)
    return strip == tiles._INK


def test_tiles_are_numbered_from_1_as_the_lab_counts():
    assert [tiles.tile_number(i) for i in (0, 1, 9)] == ["1", "2", "10"]
    grid = tiles.tile_grid_png(np.zeros((2, 4, 4)), columns=2)
    picture = decode(grid.png)
    width = 4 * (tiles.MAX_TILE_PX // 4)  # the first tile's label strip, above it
    ink = (picture[:12, :width] == (60, 60, 60)).all(axis=-1)
    np.testing.assert_array_equal(ink, _ink("1", width))
    assert not np.array_equal(ink, _ink("0", width))  # the first tile is "1", not "0"
    second = (picture[:12, width + 2 : 2 * width + 2] == (60, 60, 60)).all(axis=-1)
    np.testing.assert_array_equal(second, _ink("2", width))
