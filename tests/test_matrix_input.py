"""cnn_core.matrix_input: editor cells -> matrices, settings checks, grid resizing."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnn_core.matrix_input import (
    VALUE_LIMIT,
    MatrixInputError,
    check_window,
    half_width,
    parse_cell,
    parse_matrix,
    resize_cells,
    to_cells,
)


def test_parse_matrix_accepts_numbers_and_numeric_text():
    cells = [["1", " 2.5 ", 3], [-4.0, "−1", "1e3"]]
    np.testing.assert_array_equal(parse_matrix(cells), [[1, 2.5, 3], [-4, -1, 1000]])
    assert parse_matrix(cells).dtype == np.float64


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", "not_number"),
        ("1_5", "not_number"),  # Python's float() would read 15
        ("오", "not_number"),  # a word typed on purpose: not the keyboard's mode
        ("3²", "not_number"),
        ("", "blank"),
        ("   ", "blank"),
        (None, "blank"),
        ("nan", "not_finite"),
        (math.nan, "not_finite"),
        ("inf", "not_finite"),
        ("1e308", "too_big"),
        ("1e309", "too_big"),  # a number float() rounds to infinity: too big, not "infinity"
        ("-" + "9" * 400, "too_big"),
        ("-Infinity", "not_finite"),
        (math.inf, "not_finite"),
        (True, "not_number"),
        ([1], "not_number"),
    ],
)
def test_a_bad_cell_is_named_by_its_position_and_value(value, code):
    cells = [["1", "2", "3"], ["4", "5", value]]
    with pytest.raises(MatrixInputError) as info:
        parse_matrix(cells)
    error = info.value
    assert error.code == code
    assert (error.fields["row"], error.fields["col"]) == (2, 3)
    assert "row 2, col 3" in str(error)
    if code != "blank":
        assert error.fields["value"] == str(value)
        assert repr(value) in str(error)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("１２", 12.0),
        ("－3", -3.0),  # the full-width minus U+FF0D
        ("１．５", 1.5),
        ("＋４", 4.0),
        ("\u3000７\u3000", 7.0),  # full-width spaces around it
        ("－１．５ｅ２", -150.0),
        ("−2", -2.0),  # U+2212, as the app writes negative numbers
    ],
)
def test_full_width_forms_of_a_korean_keyboard_are_read_as_half_width(value, expected):
    assert parse_cell(value, 0, 0) == expected


def test_half_width_changes_only_full_width_forms_and_the_minus_sign():
    assert half_width("１２，３．５－＋ｘ\u3000−") == "12,3.5-+x -"
    assert half_width("3²①ㄱ가") == "3²①ㄱ가"  # NFKC would make "3²" "32" and "①" "1"


@pytest.mark.parametrize("value", ["3，5", "１，０００"])
def test_a_full_width_comma_gets_the_comma_message(value):
    with pytest.raises(MatrixInputError) as info:
        parse_cell(value, 0, 0)
    assert info.value.code == "comma" and info.value.fields["value"] == value


@pytest.mark.parametrize("value", ["ㄱ", "１ㅇ", "1ㄷ3", "ㅡ2"])
def test_a_letter_typed_in_korean_mode_says_so(value):
    with pytest.raises(MatrixInputError) as info:
        parse_cell(value, 1, 2)
    error = info.value
    assert error.code == "korean_mode" and error.fields == {"value": value, "row": 2, "col": 3}
    assert repr(value) in str(error)


@pytest.mark.parametrize("value", ["2,5", " -1,5 ", "−0,25", "1,000", "1,2,3"])
def test_a_number_with_a_comma_gets_its_own_code(value):
    """The quiz's hint for a decimal comma, in the lab's grids too (not just "not a number")."""
    with pytest.raises(MatrixInputError) as info:
        parse_cell(value, 0, 1)
    assert info.value.code == "comma"
    assert (info.value.fields["value"], info.value.fields["row"], info.value.fields["col"]) == (
        value,
        1,
        2,
    )
    assert repr(value) in str(info.value)


@pytest.mark.parametrize("value", ["a,b", ",", "1_0,5", "2,5x"])
def test_a_comma_in_text_that_is_no_number_is_not_a_number(value):
    with pytest.raises(MatrixInputError) as info:
        parse_cell(value, 0, 0)
    assert info.value.code == "not_number"


def test_the_first_bad_cell_in_reading_order_is_reported():
    with pytest.raises(MatrixInputError) as info:
        parse_matrix([["1", "x"], ["", "2"]])
    assert (info.value.code, info.value.fields["row"], info.value.fields["col"]) == (
        "not_number",
        1,
        2,
    )


def test_limit_is_inclusive():
    assert parse_cell(VALUE_LIMIT, 0, 0) == VALUE_LIMIT
    assert parse_cell(f"-{VALUE_LIMIT}", 0, 0) == -VALUE_LIMIT


@pytest.mark.parametrize(
    ("cells", "code"), [([], "empty"), ([[]], "empty"), ([[1], [1, 2]], "ragged")]
)
def test_empty_and_ragged_grids(cells, code):
    with pytest.raises(MatrixInputError) as info:
        parse_matrix(cells)
    assert info.value.code == code


@given(
    st.lists(
        st.lists(st.integers(-1000, 1000) | st.floats(-1e5, 1e5), min_size=3, max_size=3),
        min_size=1,
        max_size=5,
    )
)
def test_cells_round_trip_to_three_decimals(rows):
    matrix = np.array(rows, dtype=float)
    np.testing.assert_allclose(parse_matrix(to_cells(matrix)), matrix, atol=5e-4, rtol=1e-3)


def test_to_cells_writes_whole_numbers_without_decimals():
    assert to_cells(np.array([[3.0, -0.5], [0.0, 1 / 3]])) == [["3", "-0.5"], ["0", "0.333"]]


def test_resize_keeps_top_left_values_and_fills_zeros():
    cells = [["1", "x"], ["3", None]]
    assert resize_cells(cells, 3, 3) == [["1", "x", "0"], ["3", "", "0"], ["0", "0", "0"]]
    assert resize_cells(cells, 1, 1) == [["1"]]
    assert resize_cells([], 1, 2) == [["0", "0"]]
    with pytest.raises(ValueError, match="0x2"):
        resize_cells(cells, 0, 2)


@pytest.mark.parametrize(
    ("in_hw", "k_hw", "settings"),
    [
        ((4, 4), (3, 3), {"stride": 1, "padding": 0}),
        ((4, 4), (3, 3), {"stride": 3, "padding": "valid"}),
        ((2, 2), (7, 7), {"stride": 1, "padding": "same"}),
        ((2, 2), (3, 3), {"stride": 1, "padding": 1}),
        ((5, 5), (3, 3), {"stride": 1, "padding": 0, "dilation": 2}),
    ],
)
def test_check_window_accepts_what_fits(in_hw, k_hw, settings):
    check_window(in_hw, k_hw, **settings)


@pytest.mark.parametrize(
    ("in_hw", "k_hw", "settings", "code", "value"),
    [
        ((4, 4), (3, 3), {"stride": 0, "padding": 0}, "stride", 0),
        ((4, 4), (3, 3), {"stride": -2, "padding": 0}, "stride", -2),
        ((4, 4), (3, 3), {"stride": 1, "padding": 0, "dilation": 0}, "dilation", 0),
        ((4, 4), (3, 3), {"stride": 1, "padding": -1}, "padding", -1),
    ],
)
def test_check_window_rejects_bad_settings(in_hw, k_hw, settings, code, value):
    with pytest.raises(MatrixInputError, match=str(value)) as info:
        check_window(in_hw, k_hw, **settings)
    assert info.value.code == code
    assert info.value.fields["value"] == value


def test_check_window_reports_a_kernel_larger_than_the_padded_input():
    with pytest.raises(MatrixInputError, match=r"kernel 3x3 .* padded input 2x2") as info:
        check_window((2, 2), (3, 3), stride=1, padding="valid")
    assert info.value.code == "kernel_too_large"
    assert info.value.fields == {"kh": 3, "kw": 3, "eh": 3, "ew": 3, "ph": 2, "pw": 2}
    with pytest.raises(MatrixInputError) as info:
        check_window((5, 5), (3, 3), stride=1, padding=0, dilation=3)
    assert (info.value.fields["eh"], info.value.fields["ph"]) == (7, 5)


def test_a_number_beyond_the_limit_names_the_limit_with_thousands_grouped():
    with pytest.raises(MatrixInputError) as info:
        parse_cell("2000000", 1, 2)
    assert info.value.fields["limit"] == "1,000,000"
    assert "beyond ±1,000,000" in str(info.value)
