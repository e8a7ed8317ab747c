"""cnn_core.cells: a click on a heatmap's invisible marker comes back as its cell."""

from __future__ import annotations

import numpy as np
import pytest

from cnn_core.cells import cell_picker_trace, picked_cell


def test_one_marker_per_cell_at_the_heatmap_coordinates():
    trace = cell_picker_trace(np.arange(6.0).reshape(2, 3))
    assert list(trace["x"]) == [1, 2, 3, 1, 2, 3] and list(trace["y"]) == [1, 1, 1, 2, 2, 2]
    assert list(trace["customdata"][4]) == [1, 1] and trace["text"][5] == "5"
    assert trace["hovertemplate"].startswith("(%{y}, %{x})")  # row 1 at the top, as drawn
    named = cell_picker_trace(np.zeros((2, 2)), x=["a", "b"], y=["c", "d"])
    assert list(named["x"]) == ["a", "b", "a", "b"] and list(named["y"]) == ["c", "c", "d", "d"]


@pytest.mark.parametrize(
    ("values", "kwargs", "match"),
    [
        (np.zeros(3), {}, r"\(3,\)"),
        (np.zeros((65, 65)), {}, "4225 cells"),
        (np.zeros((2, 2)), {"x": ["a"]}, "x has 1"),
    ],
)
def test_bad_matrices_are_refused(values, kwargs, match):
    with pytest.raises(ValueError, match=match):
        cell_picker_trace(values, **kwargs)


def test_picked_cell_reads_the_last_usable_point():
    point = {"curve_number": 1, "point_index": 7, "customdata": [2, 1]}
    assert picked_cell({"points": [point]}, (3, 3)) == (2, 1)
    assert picked_cell({"points": [{"point_index": 7}]}, (3, 3)) == (2, 1)
    assert picked_cell({"points": [point, {"point_index": 1}]}, (3, 3)) == (0, 1)


@pytest.mark.parametrize(
    "selection",
    [
        None,
        {},
        {"points": []},
        {"points": [{"customdata": [9, 9]}]},
        {"points": [{"customdata": ["<b>", 1]}]},
        {"points": [{"point_index": 99}]},
        {"points": ["nonsense"]},
        "points",
    ],
)
def test_nothing_usable_gives_none(selection):
    assert picked_cell(selection, (3, 3)) is None
