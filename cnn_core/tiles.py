"""Many small maps (feature maps, filters) as one PNG picture, with its colour scale.

A plotly heatmap of 64 feature maps is about a megabyte of JSON per student and
tens of milliseconds of server time; nobody hovers over one of 50,000 cells. A PNG
of the same grid is a few tens of kilobytes, made in a few milliseconds, and can be
cached and sent to a whole class. Interactive figures stay where a value is read
(:mod:`cnn_core.figures`). The colours are plotly's, so a PNG grid and a plotly
figure of the same values look alike.
"""

from __future__ import annotations

import functools
import struct
import zlib
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from plotly.colors import sample_colorscale

from cnn_core.figures import SIGNED_COLORSCALE, normalize_each_tile, tile_number

GRID_WIDTH_PX = 880
"""About the width of the picture; tiles are enlarged by a whole factor to fill it."""
MAX_TILE_PX = 96
"""No tile is drawn larger than this (a 7x7 map is not blown up to a poster)."""
BAR_WIDTH_PX = 14
"""Width of the colour bar drawn right of the tiles."""
LEVELS = 254
"""Colour levels of a map; the palette's last two entries are the paper and the text."""
_PAPER, _INK = LEVELS, LEVELS + 1


@dataclass(frozen=True)
class TileGrid:
    """A PNG of tiles and what its colours mean.

    Attributes:
        png: the encoded picture (tiles numbered from 1, left to right, top to
            bottom, as :func:`cnn_core.figures.tile_number` writes them; a colour
            bar on the right).
        low: the value of the bar's bottom colour (``-high`` when centred on 0).
        high: the value of the bar's top colour.
        normalized: every tile was stretched on its own (``low``/``high`` are
            then -1 and 1, or 0 and 1: fractions of each tile's own range).
        shape: ``(height, width)`` of the picture in pixels.
    """

    png: bytes
    low: float
    high: float
    normalized: bool
    shape: tuple[int, int]


@functools.cache
def _palette(colorscale: str) -> bytes:
    """256 RGB colours: :data:`LEVELS` of a plotly colour scale (low to high), paper, ink."""
    samples = sample_colorscale(colorscale, list(np.linspace(0.0, 1.0, LEVELS)), colortype="tuple")
    rgb = np.array(samples, dtype=np.float64)
    if rgb.max() <= 1.0:  # "tuple" samples are fractions of 255
        rgb = rgb * 255.0
    colours = np.clip(np.rint(rgb), 0, 255).astype(np.uint8)
    return colours.tobytes() + bytes((255, 255, 255, 60, 60, 60))


def _png(indices: NDArray[np.uint8], palette: bytes) -> bytes:
    """An 8-bit palette PNG of ``(H, W)`` colour indices.

    Each row is stored as its difference from the row above (PNG filter "Up"), so
    the rows that enlarging a tile repeats cost almost nothing once compressed.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        checksum = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + checksum

    height, width = indices.shape
    up = np.diff(indices, axis=0, prepend=np.zeros((1, width), np.uint8))  # mod 256, as PNG wants
    rows = np.concatenate([np.full((height, 1), 2, np.uint8), up], axis=1)
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"PLTE", palette),
            chunk(b"IDAT", zlib.compress(rows.tobytes(), 9)),
            chunk(b"IEND", b""),
        )
    )


def _scaled(
    tiles: NDArray[np.float64], *, symmetric: bool, normalize_each: bool
) -> tuple[NDArray[np.float64], float, float]:
    """Tiles mapped to [0, 1] for the colours, and the values of 0 and 1."""
    if normalize_each:
        stretched = normalize_each_tile(tiles, symmetric=symmetric)
        if symmetric:
            return 0.5 + 0.5 * stretched, -1.0, 1.0
        return stretched, 0.0, 1.0
    if symmetric:
        peak = float(np.abs(tiles).max()) or 1.0
        return 0.5 + 0.5 * tiles / peak, -peak, peak
    low, high = float(tiles.min()), float(tiles.max())
    span = high - low
    return ((tiles - low) / span if span > 0 else np.zeros_like(tiles)), low, high


def tile_grid_png(
    tiles: NDArray[np.floating],
    *,
    columns: int = 16,
    colorscale: str | None = None,
    symmetric: bool = False,
    normalize_each: bool = False,
) -> TileGrid:
    """Tile ``(N, h, w)`` maps into one PNG with a colour bar, each tile numbered from 1
    (:func:`cnn_core.figures.tile_number`) above its top left corner.

    Args:
        tiles: ``(N, h, w)`` values, N >= 1.
        columns: tiles per row (fewer when there are fewer tiles).
        colorscale: a plotly colour-scale name; ``None``: :data:`SIGNED_COLORSCALE`
            when ``symmetric``, else ``"Viridis"`` (as :func:`figures.tile_grid_figure`).
        symmetric: centre the colours on 0 (signed weights: red positive, blue negative).
        normalize_each: stretch every tile on its own for the colours.

    Returns:
        The picture and its colour scale's end values.

    Raises:
        ValueError: wrong shape, no tiles, non-finite values or ``columns`` < 1.
    """
    tiles = np.asarray(tiles, dtype=np.float64)
    if tiles.ndim != 3 or len(tiles) == 0:
        raise ValueError(f"tiles must be (N, h, w) with N >= 1, got shape {tiles.shape}")
    if not np.isfinite(tiles).all():
        nan, inf = int(np.isnan(tiles).sum()), int(np.isinf(tiles).sum())
        raise ValueError(f"tiles must be finite, got {nan} NaN and {inf} infinite of {tiles.size}")
    if columns < 1:
        raise ValueError(f"columns must be at least 1, got {columns!r}")
    scale = colorscale or (SIGNED_COLORSCALE if symmetric else "Viridis")
    unit, low, high = _scaled(tiles, symmetric=symmetric, normalize_each=normalize_each)
    levels = np.clip(np.rint(unit * (LEVELS - 1)), 0, LEVELS - 1).astype(np.uint8)
    count, height, width = tiles.shape
    columns = min(columns, count)
    rows = -(-count // columns)
    gap = 2
    label_px = 12
    zoom = max(1, min(MAX_TILE_PX // max(height, width), GRID_WIDTH_PX // (columns * width)))
    tile_h, tile_w = height * zoom, width * zoom
    cell_h, cell_w = tile_h + label_px + gap, tile_w + gap
    canvas = np.full((rows * cell_h, columns * cell_w + 3 * BAR_WIDTH_PX), _PAPER, np.uint8)
    for i in range(count):
        top, left = (i // columns) * cell_h + label_px, (i % columns) * cell_w
        canvas[top : top + tile_h, left : left + tile_w] = np.repeat(
            np.repeat(levels[i], zoom, axis=0), zoom, axis=1
        )
        cv2.putText(canvas, tile_number(i), (left, top - 2), cv2.FONT_HERSHEY_PLAIN, 0.7, _INK, 1)
    bar_left = columns * cell_w + BAR_WIDTH_PX
    bar = np.linspace(LEVELS - 1, 0, canvas.shape[0] - label_px).round().astype(np.uint8)
    canvas[label_px:, bar_left : bar_left + BAR_WIDTH_PX] = bar[:, None]  # high at the top
    return TileGrid(_png(canvas, _palette(scale)), low, high, normalize_each, canvas.shape)
