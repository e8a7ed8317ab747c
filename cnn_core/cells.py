"""Clickable cells on a heatmap figure: one invisible marker per cell, and back from a click.

Plotly's selection events do not report heatmap cells (a click on a ``heatmap``
trace selects nothing), but they do report scatter points. :func:`cell_picker_trace`
lays one transparent square marker over the centre of every cell, so a click (a
tap on a tablet) selects that marker, and :func:`picked_cell` turns the reported
point back into ``(row, col)``. Pure data: no plotly or Streamlit import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

MAX_CELLS = 4096
"""At most this many cells get a marker (a 64×64 map)."""


def cell_picker_trace(
    values: NDArray,
    *,
    x: Sequence[Any] | None = None,
    y: Sequence[Any] | None = None,
    hovertemplate: str = "(%{y}, %{x}): %{text}<extra></extra>",
    marker_px: int = 12,
) -> dict[str, Any]:
    """A scatter trace with one invisible, clickable marker per cell of ``values``.

    Args:
        values: ``(R, C)`` numbers (shown on hover).
        x: the ``C`` column coordinates of the figure's heatmap; default ``1..C``
            (as :func:`cnn_core.figures.matrix_figure` draws them).
        y: the ``R`` row coordinates; default ``1..R``.
        hovertemplate: plotly hover text; the default names the cell by ``y`` and ``x``
            (row and column from 1, as the heatmap's axes count them) and its value
            (``customdata`` is ``[row, col]``, 0-based).
        marker_px: the marker's side in pixels (transparent: only for hit-testing).

    Returns:
        A plotly trace dict; marker ``i`` is cell ``divmod(i, C)``.

    Raises:
        ValueError: ``values`` is not ``(R, C)``, has more than :data:`MAX_CELLS`
            cells, or ``x`` / ``y`` do not match its shape.
    """
    z = np.asarray(values, dtype=np.float64)
    if z.ndim != 2 or z.size == 0:
        raise ValueError(f"values must be a non-empty (R, C) array, got shape {z.shape}")
    if z.size > MAX_CELLS:
        raise ValueError(f"{z.shape} has {z.size} cells; at most {MAX_CELLS} can be clickable")
    rows, cols = z.shape
    x = np.arange(1, cols + 1) if x is None else np.asarray(x)
    y = np.arange(1, rows + 1) if y is None else np.asarray(y)
    if len(x) != cols or len(y) != rows:
        raise ValueError(f"x has {len(x)} and y {len(y)} labels for a {rows}×{cols} matrix")
    grid_r, grid_c = np.divmod(np.arange(rows * cols), cols)
    invisible = {"marker": {"opacity": 0}}
    return {  # arrays, not lists: a 28×28 map's 784 markers are copied and sent as blocks
        "type": "scatter",
        "mode": "markers",
        "x": x[grid_c],
        "y": y[grid_r],
        "customdata": np.stack([grid_r, grid_c], axis=1),
        "text": np.array([f"{value:.3g}" for value in z.ravel()], dtype=object),
        "hovertemplate": hovertemplate,
        "marker": {"symbol": "square", "size": marker_px, "color": "rgba(0,0,0,0)"},
        "selected": invisible,
        "unselected": invisible,
        "showlegend": False,
    }


def picked_cell(selection: Any, shape: tuple[int, int]) -> tuple[int, int] | None:
    """The ``(row, col)`` of the last clicked marker of :func:`cell_picker_trace`.

    Args:
        selection: a plotly selection as Streamlit reports it
            (``{"points": [{"point_index": i, "customdata": [r, c], ...}], ...}``).
        shape: ``(R, C)`` of the matrix the trace was made for.

    Returns:
        The cell, or ``None`` when nothing usable was clicked (no point, a point of
        another trace, an index outside the matrix).
    """
    points = selection.get("points") if isinstance(selection, Mapping) else None
    if not points:
        return None
    rows, cols = shape
    for point in reversed(list(points)):
        if not isinstance(point, Mapping):
            continue
        data = point.get("customdata")
        if (
            isinstance(data, Sequence)
            and len(data) == 2
            and all(isinstance(v, (int, float)) and float(v).is_integer() for v in data)
        ):
            row, col = int(data[0]), int(data[1])
        elif isinstance(point.get("point_index"), int):
            row, col = divmod(point["point_index"], cols)
        else:
            continue
        if 0 <= row < rows and 0 <= col < cols:
            return row, col
    return None
