"""cnn_core.arithmetic: checked against TensorFlow/Keras, plus traces, formula and errors.

TensorFlow is imported only here (lazily, by the ``tf`` fixture and the shared ``keras``
fixture of conftest.py), never by cnn_core.arithmetic itself.
"""

from __future__ import annotations

import doctest

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnn_core import arithmetic, formulas, traces
from cnn_core.arithmetic import (
    UnreadLines,
    as_float_array,
    conv2d,
    conv2d_transpose,
    effective_kernel,
    effective_kernel_text,
    explain_output_size,
    explain_transpose_size,
    format_number,
    output_size,
    pad,
    param_count,
    pool2d,
    relu,
    resolve_padding,
    setup_transpose,
    unread_lines,
)
from cnn_core.traces import trace_cell, trace_pool_cell, trace_transpose_cell

SEED_X = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
SEED_K = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]
TF_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)
NUMPY_SETTINGS = settings(max_examples=80, deadline=None, derandomize=True)


@pytest.fixture(scope="module")
def tf():
    import tensorflow

    return tensorflow


@st.composite
def conv_cases(draw, *, explicit_padding: bool = True, dilation_with_stride: bool = True):
    """A random (x, kernel, stride, padding, dilation) that conv2d accepts."""
    channels = draw(st.integers(1, 3))
    filters = draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    if dilation_with_stride or stride == (1, 1):
        dilation = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    else:
        dilation = (1, 1)
    kinds = ["valid", "same", "explicit"] if explicit_padding else ["valid", "same"]
    kind = draw(st.sampled_from(kinds))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(4)) if kind == "explicit" else kind
    pads = padding if kind == "explicit" else (0, 0, 0, 0)
    min_h = max(1, effective_kernel(kh, dilation[0]) - pads[0] - pads[1])
    min_w = max(1, effective_kernel(kw, dilation[1]) - pads[2] - pads[3])
    if kind == "same":
        min_h = min_w = 1
    h, w = draw(st.integers(min_h, min_h + 8)), draw(st.integers(min_w, min_w + 8))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(h, w, channels))
    kernel = rng.normal(size=(kh, kw, channels, filters))
    return x, kernel, stride, padding, dilation


def _tf_padding(padding):
    if isinstance(padding, str):
        return padding.upper()
    top, bottom, left, right = padding
    return [[0, 0], [top, bottom], [left, right], [0, 0]]


# --------------------------------------------------------------------------- vs TensorFlow


@TF_SETTINGS
@given(case=conv_cases())
def test_conv2d_matches_tf_nn_conv2d(tf, case):
    x, kernel, stride, padding, dilation = case
    expected = tf.nn.conv2d(
        x[None].astype(np.float32),
        kernel.astype(np.float32),
        strides=[1, *stride, 1],
        padding=_tf_padding(padding),
        dilations=[1, *dilation, 1],
    ).numpy()[0]
    got = conv2d(x, kernel, stride=stride, padding=padding, dilation=dilation)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


@TF_SETTINGS
@given(case=conv_cases(explicit_padding=False, dilation_with_stride=False))
def test_conv2d_matches_keras_conv2d_layer(keras, case):
    x, kernel, stride, padding, dilation = case
    bias = np.linspace(-1.0, 1.0, kernel.shape[-1])
    layer = keras.layers.Conv2D(
        kernel.shape[-1],
        kernel.shape[:2],
        strides=stride,
        padding=padding,
        dilation_rate=dilation,
    )
    layer.build((1, *x.shape))
    layer.set_weights([kernel.astype(np.float32), bias.astype(np.float32)])
    expected = np.asarray(layer(x[None].astype(np.float32)))[0]
    got = conv2d(x, kernel, stride=stride, padding=padding, dilation=dilation, bias=bias)
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


@TF_SETTINGS
@given(
    channels=st.integers(1, 3),
    size=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    stride=st.none() | st.tuples(st.integers(1, 3), st.integers(1, 3)),
    padding=st.sampled_from(["valid", "same"]),
    mode=st.sampled_from(["max", "avg", "min"]),
    extra=st.tuples(st.integers(0, 7), st.integers(0, 7)),
    seed=st.integers(0, 2**31 - 1),
)
def test_pool2d_matches_keras_pooling(keras, channels, size, stride, padding, mode, extra, seed):
    # "valid" needs the window inside the input; "same" also takes inputs smaller than it.
    low = size if padding == "valid" else (1, 1)
    x = np.random.default_rng(seed).normal(size=(low[0] + extra[0], low[1] + extra[1], channels))
    layer_class = keras.layers.AveragePooling2D if mode == "avg" else keras.layers.MaxPooling2D
    layer = layer_class(pool_size=size, strides=stride, padding=padding)
    sign = -1.0 if mode == "min" else 1.0  # min pooling is -max(-x)
    expected = sign * np.asarray(layer((sign * x)[None].astype(np.float32)))[0]
    got = pool2d(x, size, stride=stride, mode=mode, padding=padding)
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("stride", [1, 2, 3])
@pytest.mark.parametrize("size", [4, 5, 6, 7])
def test_same_padding_matches_tf_including_uneven_split(tf, stride, size):
    rng = np.random.default_rng(size * 10 + stride)
    x, kernel = rng.normal(size=(size, size, 1)), rng.normal(size=(4, 3, 1, 1))
    expected = tf.nn.conv2d(
        x[None].astype(np.float32), kernel.astype(np.float32), strides=stride, padding="SAME"
    ).numpy()[0]
    got = conv2d(x, kernel, stride=stride, padding="same")
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    assert got.shape[:2] == (-(-size // stride),) * 2


# --------------------------------------------------------------------------- numpy only


@pytest.mark.parametrize("module", [arithmetic, traces], ids=["arithmetic", "traces"])
def test_the_notebook_examples_in_the_docstrings_hold(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


def test_seed_worked_example():
    np.testing.assert_array_equal(
        conv2d(SEED_X, SEED_K, padding=1),
        [[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]],
    )
    np.testing.assert_array_equal(conv2d(SEED_X, SEED_K), [[15, 16], [6, 15]])
    assert conv2d(SEED_X, SEED_K).dtype == np.float64


def test_same_padding_puts_the_extra_zero_at_the_bottom_right():
    assert resolve_padding((4, 4), (3, 3), stride=2, padding="same") == (0, 1, 0, 1)
    assert resolve_padding((5, 6), (4, 4), padding="same") == (1, 2, 1, 2)
    assert resolve_padding((5, 5), (3, 3), stride=2, padding="same") == (1, 1, 1, 1)
    assert resolve_padding((5, 5), (3, 3), padding="same", dilation=2) == (2, 2, 2, 2)
    assert resolve_padding((4, 4), (3, 3), padding="valid") == (0, 0, 0, 0)
    assert resolve_padding((4, 4), (3, 3), padding=(0, 1, 2, 3)) == (0, 1, 2, 3)


def _dilate(kernel: np.ndarray, dilation: tuple[int, int]) -> np.ndarray:
    """The kernel with zeros inserted between its taps."""
    kh, kw = kernel.shape[:2]
    out = np.zeros(
        (effective_kernel(kh, dilation[0]), effective_kernel(kw, dilation[1]), *kernel.shape[2:])
    )
    out[:: dilation[0], :: dilation[1]] = kernel
    return out


@NUMPY_SETTINGS
@given(case=conv_cases())
def test_conv2d_self_consistency_stride_and_dilation(case):
    """Stride s == every s-th cell of stride 1; dilation == a kernel with zeros inserted."""
    x, kernel, stride, padding, dilation = case
    pads = resolve_padding(
        x.shape[:2], kernel.shape[:2], stride=stride, padding=padding, dilation=dilation
    )
    got = conv2d(x, kernel, stride=stride, padding=padding, dilation=dilation)
    dense = conv2d(pad(x, pads), _dilate(kernel, dilation))
    np.testing.assert_allclose(got, dense[:: stride[0], :: stride[1]], atol=1e-9)


@NUMPY_SETTINGS
@given(case=conv_cases())
def test_output_size_agrees_with_conv2d_shapes(case):
    x, kernel, stride, padding, dilation = case
    got = conv2d(x, kernel, stride=stride, padding=padding, dilation=dilation)
    for axis in (0, 1):
        axis_padding = padding if isinstance(padding, str) else padding[2 * axis : 2 * axis + 2]
        expected = output_size(
            x.shape[axis],
            kernel.shape[axis],
            stride=stride[axis],
            padding=axis_padding,
            dilation=dilation[axis],
        )
        assert got.shape[axis] == expected


def test_output_size_examples():
    assert output_size(4, 3, padding=1) == 4
    assert output_size(4, 3) == 2
    assert output_size(6, 3, stride=2) == 2
    assert output_size(7, 3, stride=3, padding="same") == 3
    assert output_size(7, 3, padding="valid", dilation=2) == 3
    assert output_size(28, 3, padding="same") == 28
    assert output_size(32, 5) == 28  # LeNet-5 C1
    assert output_size(4, 3, stride=2, padding=(0, 1)) == 2  # Keras' uneven "same" split


def test_kernel_shapes_and_output_shapes():
    x3 = np.arange(48.0).reshape(4, 4, 3)
    assert conv2d(SEED_X, SEED_K).shape == (2, 2)
    assert conv2d(np.array(SEED_X)[:, :, None], SEED_K).shape == (2, 2)
    assert conv2d(x3, np.ones((3, 3, 3))).shape == (2, 2)
    assert conv2d(x3, np.ones((3, 3, 3, 5))).shape == (2, 2, 5)
    assert conv2d(SEED_X, np.ones((3, 3, 1, 2))).shape == (2, 2, 2)
    np.testing.assert_array_equal(conv2d(SEED_X, SEED_K, bias=0.5), conv2d(SEED_X, SEED_K) + 0.5)
    out = conv2d(x3, np.ones((1, 1, 3, 2)), bias=[1.0, -1.0])
    np.testing.assert_array_equal(out[:, :, 0] - out[:, :, 1], 2.0)


def test_user_data_is_accepted_as_lists_strings_and_objects():
    as_strings = [[str(v) for v in row] for row in SEED_X]
    np.testing.assert_array_equal(conv2d(as_strings, SEED_K), [[15, 16], [6, 15]])
    as_objects = np.array(SEED_X, dtype=object)
    np.testing.assert_array_equal(conv2d(as_objects, SEED_K), [[15, 16], [6, 15]])
    np.testing.assert_array_equal(
        as_float_array(np.array([[" 2.5 ", True, 3]], dtype=object)), [[2.5, 1.0, 3.0]]
    )


def test_pool2d_examples():
    x = [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]
    np.testing.assert_array_equal(pool2d(x, 2), [[6, 8], [3, 4]])
    np.testing.assert_array_equal(pool2d(x, 2, mode="min"), [[1, 2], [1, 0]])
    np.testing.assert_array_equal(pool2d(x, 2, mode="avg"), [[3.25, 5.25], [2, 2]])
    np.testing.assert_array_equal(pool2d(x, 3, stride=1), [[7, 8], [7, 8]])
    # "same" on 5x5 with 2x2: the bottom/right windows hold real cells only.
    y = np.arange(25.0).reshape(5, 5)
    np.testing.assert_array_equal(pool2d(y, 2, mode="avg", padding="same")[2], [20.5, 22.5, 24])
    assert pool2d(np.zeros((4, 4, 3)), 2).shape == (2, 2, 3)


def test_relu_and_param_count():
    np.testing.assert_array_equal(relu([[-1, 0, 2.5]]), [[0, 0, 2.5]])
    assert param_count(3, 3, 1, 32) == 320  # the seeds' Fashion-MNIST CNN
    assert param_count(3, 3, 32, 64) == 18_496
    assert param_count(3, 3, 3, 2) == 56
    assert param_count(3, 3, 3, 10, bias=False) == 270


def test_pad_marks_zeros_around():
    padded = pad(SEED_X, (1, 2, 0, 1))
    assert padded.shape == (7, 5)
    np.testing.assert_array_equal(padded[1:5, 0:4], SEED_X)
    assert padded[0].sum() == padded[5:].sum() == padded[:, 4].sum() == 0
    assert pad(np.ones((2, 2, 3)), (1, 1, 1, 1)).shape == (4, 4, 3)


# --------------------------------------------------------------------------- traces


def test_trace_seed_first_cell_text():
    trace = trace_cell(SEED_X, SEED_K, 0, 0)
    assert trace.text == "1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15"
    assert trace.total == 15.0
    assert trace.rows == (0, 1, 2) and trace.cols == (0, 1, 2)
    np.testing.assert_array_equal(trace.products, np.multiply(np.array(SEED_X)[:3, :3], SEED_K))


def test_trace_with_padding_uses_padded_coordinates():
    trace = trace_cell(SEED_X, SEED_K, 0, 0, padding=1)
    assert trace.rows == (0, 1, 2) and trace.cols == (0, 1, 2)
    np.testing.assert_array_equal(trace.window, [[0, 0, 0], [0, 1, 2], [0, 0, 1]])
    assert trace.text == "0*2 + 0*0 + 0*1 + 0*0 + 1*1 + 2*2 + 0*1 + 0*0 + 1*2 = 7"
    last = trace_cell(SEED_X, SEED_K, 3, 3, padding=1)
    assert last.rows == (3, 4, 5) and last.total == 3.0


def test_trace_with_dilation_and_stride():
    x = np.arange(49.0).reshape(7, 7)
    trace = trace_cell(x, SEED_K, 1, 0, stride=2, padding=1, dilation=2)
    assert trace.rows == (2, 4, 6) and trace.cols == (0, 2, 4)
    padded = pad(x, (1, 1, 1, 1))
    np.testing.assert_array_equal(trace.window, padded[np.ix_((2, 4, 6), (0, 2, 4))])
    out = conv2d(x, SEED_K, stride=2, padding=1, dilation=2)
    assert trace.total == out[1, 0]


def test_trace_bias_negative_and_float_formatting():
    assert trace_cell([[1, 2]], [[1, 1]], 0, 0, bias=0.5).text == "1*1 + 2*1 + 0.5 = 3.5"
    assert trace_cell([[1, 2]], [[1, 1]], 0, 0, bias=-2).text == "1*1 + 2*1 + (-2) = 1"
    # 3*0.333 is 0.999, not 1: the line says "about" (≈), in either language
    assert trace_cell([[2, 3]], [[-1, 1 / 3]], 0, 0).text == "2*(-1) + 3*0.333 ≈ -1"
    assert format_number(3.0) == "3" and format_number(-0.25) == "-0.25"
    assert format_number(1e20) == "1e+20" and format_number(-0.0) == "0"


def test_a_trace_says_about_where_the_numbers_written_do_not_make_the_total():
    # the audit's: the total is exact (1.068), the terms written add up to 1.067
    assert trace_cell([[1 / 3, 0.123]], [[3, 0.555]], 0, 0).text == "0.333*3 + 0.123*0.555 ≈ 1.068"
    assert trace_cell([[0.5]], [[0.125]], 0, 0).text == "0.5*0.125 ≈ 0.062"  # the total rounded
    assert trace_cell([[0.1]], [[0.2]], 0, 0).text == "0.1*0.2 = 0.02"  # only float's last bit
    assert trace_cell([[0.12345]], [[0]], 0, 0, bias=0.5).text == "0.123*0 + 0.5 = 0.5"
    assert trace_pool_cell([[1, 2, 2]], (1, 3), 0, 0, mode="avg").text == "avg(1, 2, 2) ≈ 1.667"
    # the largest written is the total written: the line holds as written
    assert trace_pool_cell([[1.2345, 0]], (1, 2), 0, 0).text == "max(1.234, 0) = 1.234"


def test_trace_multi_channel_filter_index():
    x = np.arange(27.0).reshape(3, 3, 3)
    kernel = np.zeros((3, 3, 3, 2))
    kernel[1, 1, :, 1] = [1, 10, 100]
    trace = trace_cell(x, kernel, 0, 0, filter_index=1, bias=[0, 1])
    assert trace.window.shape == trace.weights.shape == (3, 3, 3)
    assert trace.total == 12 + 13 * 10 + 14 * 100 + 1
    assert trace.text.count("*") == 27 and trace.text.endswith(" + 1 = 1543")


@NUMPY_SETTINGS
@given(case=conv_cases())
def test_trace_total_equals_conv2d_everywhere(case):
    x, kernel, stride, padding, dilation = case
    out = conv2d(x, kernel, stride=stride, padding=padding, dilation=dilation, bias=0.25)
    f = kernel.shape[-1] - 1
    row, col = out.shape[0] - 1, out.shape[1] // 2
    trace = trace_cell(
        x,
        kernel,
        row,
        col,
        stride=stride,
        padding=padding,
        dilation=dilation,
        bias=0.25,
        filter_index=f,
    )
    np.testing.assert_allclose(trace.total, out[row, col, f], atol=1e-9)
    np.testing.assert_allclose(trace.products.sum() + trace.bias, trace.total)


def test_trace_pool_cell():
    x = [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]
    trace = trace_pool_cell(x, 2, 0, 1)
    assert trace.text == "max(2, 4, 7, 8) = 8"
    assert trace.rows == (0, 1) and trace.cols == (2, 3)
    assert trace_pool_cell(x, 2, 1, 0, mode="avg").text == "avg(3, 2, 1, 2) = 2"
    assert trace_pool_cell(x, 2, 1, 1, mode="min").text == "min(1, 0, 3, 4) = 0"
    edge = trace_pool_cell(np.arange(25.0).reshape(5, 5), 2, 2, 2, mode="avg", padding="same")
    assert edge.rows == (4,) and edge.cols == (4,) and edge.text == "avg(24) = 24"
    rgb = trace_pool_cell(np.arange(48.0).reshape(4, 4, 3), 2, 0, 0, channel=2)
    assert rgb.text == "max(2, 5, 14, 17) = 17"


# --------------------------------------------------------------------------- formula


def test_explain_output_size_whole():
    e = explain_output_size(4, 3, padding=1)
    assert (e.value, e.whole, e.numerator, e.pad_total) == (4, True, 3, 2)
    assert e.formula == "(4 + 2·1 − 3) / 1 + 1 = 4"


def test_explain_output_size_floored():
    e = explain_output_size(4, 3, stride=2, padding=1)
    assert (e.value, e.whole) == (2, False)
    assert e.formula == "⌊(4 + 2·1 − 3) / 2⌋ + 1 = ⌊1.5⌋ + 1 = 2"
    assert (
        explain_output_size(6, 2, stride=3).formula == "⌊(6 + 2·0 − 2) / 3⌋ + 1 = ⌊1.333⌋ + 1 = 2"
    )


def test_explain_output_size_same_valid_dilation():
    same = explain_output_size(5, 3, stride=2, padding="same")
    assert (same.value, same.pad_total, same.formula) == (3, 2, "⌈5 / 2⌉ = 3")
    uneven = explain_output_size(4, 3, stride=2, padding="same")
    assert (uneven.value, uneven.pad_total, uneven.whole) == (2, 1, True)
    valid = explain_output_size(5, 3, padding="valid")
    assert (valid.value, valid.formula) == (3, "(5 + 2·0 − 3) / 1 + 1 = 3")
    uneven_tuple = explain_output_size(4, 3, stride=2, padding=(0, 1))
    assert (uneven_tuple.formula, uneven_tuple.pad_total) == ("(4 + 0 + 1 − 3) / 2 + 1 = 2", 1)
    dilated = explain_output_size(7, 3, dilation=2)
    assert (dilated.effective_kernel, dilated.value) == (5, 3)
    assert dilated.formula == "(7 + 2·0 − 5) / 1 + 1 = 3"


def test_an_uneven_padding_is_written_with_its_larger_side_where_it_is():
    ex = explain_output_size(4, 3, stride=2, padding=(2, 1))
    assert (ex.pad_before, ex.formula) == (2, "(4 + 2 + 1 − 3) / 2 + 1 = 3")
    assert r"\frac{4 + 2 + 1 - 3}{2}" in formulas.size_latex("OH", ex)
    assert explain_output_size(4, 3, stride=2, padding="same").pad_before == 0  # Keras: 0 + 1


def test_the_dilated_span_filled_in():
    assert effective_kernel_text(3, 2) == "(3 − 1)·2 + 1 = 5"
    assert effective_kernel_text(1, 4) == "(1 − 1)·4 + 1 = 1"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # worked by hand: the padded lines each window reads, then those it never reads
        # 4 + 2·1 = 6 lines, windows 0-2 and 2-4: only the bottom padding line is left
        ((4, 3, {"stride": 2, "padding": 1}), UnreadLines((), 1)),
        # windows 0-2: input lines 3 and 4 (0-based) are never read: the floor's remainder
        ((5, 3, {"stride": 3}), UnreadLines((3, 4), 0)),
        # dilation 2 reads lines 0, 2, 4 from 0, 2 and 4: padded 1, 3, 5, 7, 9 never,
        # which are input lines 0, 2, 4, 6 and the bottom padding line
        ((8, 3, {"stride": 2, "padding": 1, "dilation": 2}), UnreadLines((0, 2, 4, 6), 1)),
        # a pooling window of 2, stride 3: windows 0-1, 3-4, 6-7 skip 2 and 5 (floor whole: 6 / 3)
        ((8, 2, {"stride": 3}), UnreadLines((2, 5), 0)),
        # same padding, 1×1 kernel, stride 2: no zeros; windows 0, 2, 4 of 0..5
        ((6, 1, {"stride": 2, "padding": "same"}), UnreadLines((1, 3, 5), 0)),
        # same padding puts its odd zero after the input: 5 lines, windows 0-2, 2-4, 4-6
        ((6, 3, {"stride": 2, "padding": "same"}), UnreadLines((), 0)),
        # stride 1 reads everything
        ((4, 3, {"padding": 1}), UnreadLines((), 0)),
    ],
)
def test_unread_lines_by_hand(args, expected):
    size, kernel, kwargs = args
    assert unread_lines(size, kernel, **kwargs) == expected


# --------------------------------------------------------------------------- transposed


@st.composite
def transpose_cases(draw, *, explicit_padding: bool = False):
    """A random (x, kernel (KH, KW, F, C), stride, padding, output_padding) Keras accepts."""
    channels, filters = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    kinds = ["valid", "same", "explicit"] if explicit_padding else ["valid", "same"]
    kind = draw(st.sampled_from(kinds))
    padding = draw(st.integers(0, min(kh, kw) - 1)) if kind == "explicit" else kind
    extra = None
    if draw(st.booleans()) or kind == "explicit":
        extra = (draw(st.integers(0, stride[0] - 1)), draw(st.integers(0, stride[1] - 1)))
        if kind == "same":  # Keras and TF reject an even kernel with output padding 0
            sizes = ((kh, kw), stride)
            if all(k % 2 or s > 1 for k, s in zip(*sizes, strict=True)):
                extra = tuple(
                    e if k % 2 else max(e, 1) for e, k in zip(extra, (kh, kw), strict=True)
                )
            else:
                extra = None
    low = 1 + (padding if kind == "explicit" else 0)  # p cells cropped on each side
    h, w = draw(st.integers(low, low + 5)), draw(st.integers(low, low + 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**31 - 1)))
    x = rng.normal(size=(h, w, channels))
    kernel = rng.normal(size=(kh, kw, filters, channels))
    return x, kernel, stride, padding, extra


@TF_SETTINGS
@given(case=transpose_cases())
def test_conv2d_transpose_matches_keras_conv2d_transpose(keras, case):
    x, kernel, stride, padding, extra = case
    bias = np.linspace(-1.0, 1.0, kernel.shape[2])
    layer = keras.layers.Conv2DTranspose(
        kernel.shape[2], kernel.shape[:2], strides=stride, padding=padding, output_padding=extra
    )
    layer.build((1, *x.shape))
    layer.set_weights([kernel.astype(np.float32), bias.astype(np.float32)])
    expected = np.asarray(layer(x[None].astype(np.float32)))[0]
    got = conv2d_transpose(
        x, kernel, stride=stride, padding=padding, output_padding=extra, bias=bias
    )
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)
    for axis in (0, 1):
        size = explain_transpose_size(
            x.shape[axis],
            kernel.shape[axis],
            stride=stride[axis],
            padding=padding,
            output_padding=None if extra is None else extra[axis],
        ).value
        assert size == expected.shape[axis]


@TF_SETTINGS
@given(case=transpose_cases(explicit_padding=True))
def test_conv2d_transpose_matches_tf_nn_conv2d_transpose(tf, case):
    x, kernel, stride, padding, extra = case
    got = conv2d_transpose(x, kernel, stride=stride, padding=padding, output_padding=extra)
    tf_padding = (
        padding.upper()
        if isinstance(padding, str)
        else [[0, 0], [padding, padding], [padding, padding], [0, 0]]
    )
    expected = tf.nn.conv2d_transpose(
        x[None].astype(np.float32),
        kernel.astype(np.float32),
        output_shape=[1, *got.shape],
        strides=[1, *stride, 1],
        padding=tf_padding,
    ).numpy()[0]
    np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-4)


@NUMPY_SETTINGS
@given(case=transpose_cases(explicit_padding=True))
def test_transpose_is_a_convolution_of_the_spread_input_and_its_traces_add_up(case):
    x, kernel, stride, padding, extra = case
    setup = setup_transpose(x, kernel, stride=stride, padding=padding, output_padding=extra)
    out = conv2d_transpose(x, kernel, stride=stride, padding=padding, output_padding=extra)
    # stride - 1 zeros between the input cells, the input itself where nothing was inserted
    np.testing.assert_array_equal(setup.spread[~setup.inserted], x.reshape(-1, x.shape[2]))
    assert (setup.spread[setup.inserted] == 0).all()
    np.testing.assert_allclose(conv2d(setup.spread, setup.kernel), out, atol=1e-12)
    f = kernel.shape[2] - 1
    row, col = out.shape[0] - 1, out.shape[1] // 2
    trace = trace_transpose_cell(
        x, kernel, row, col, stride=stride, padding=padding, output_padding=extra, filter_index=f
    )
    np.testing.assert_allclose(trace.total, out[row, col, f], atol=1e-9)


def test_a_stride_2_transpose_undoes_the_shape_of_a_stride_2_convolution():
    x = np.arange(36.0).reshape(6, 6)
    down = conv2d(x, SEED_K, stride=2, padding="same")
    assert down.shape == (3, 3)
    up = conv2d_transpose(down, SEED_K, stride=2, padding="same")
    assert up.shape == (6, 6)
    assert explain_transpose_size(3, 3, stride=2, padding=1, output_padding=1).value == 6


def test_transpose_small_examples_and_traces():
    np.testing.assert_array_equal(
        conv2d_transpose([[1, 2], [3, 4]], [[1, 1], [1, 1]], stride=2),
        [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]],
    )
    # stride 1, no padding: every input cell stamps the whole kernel (a "full" convolution)
    np.testing.assert_array_equal(conv2d_transpose([[1, 2]], [[1, 10]]), [[1, 12, 20]])
    setup = setup_transpose([[1, 2], [3, 4]], SEED_K, stride=2, padding=1)
    assert setup.spread.shape == (5, 5, 1)
    assert [axis.formula for axis in setup.axes] == ["(2 − 1)·2 − 2·1 + 3 + 0 = 3"] * 2
    np.testing.assert_array_equal(
        setup.spread[:, :, 0][1:4, 1:4], [[1, 0, 2], [0, 0, 0], [3, 0, 4]]
    )
    np.testing.assert_array_equal(setup.kernel[:, :, 0, 0], np.array(SEED_K)[::-1, ::-1])
    trace = trace_transpose_cell([[1, 2], [3, 4]], SEED_K, 0, 0, stride=2, padding=1)
    assert trace.text == "0*2 + 0*0 + 0*1 + 0*2 + 1*1 + 0*0 + 0*1 + 0*0 + 0*2 = 1"
    assert trace.rows == (0, 1, 2)


@pytest.mark.parametrize(
    ("args", "expected", "formula"),
    [
        ((4, 3), {"stride": 1}, None),
        ((3, 3), {"stride": 2, "padding": "same"}, "3·2 = 6"),
        ((3, 3), {"stride": 2, "padding": "same", "output_padding": 1}, "(3 − 1)·2 + 1 + 1 = 6"),
        ((3, 2), {"stride": 3}, "(3 − 1)·3 − 2·0 + 2 + 1 = 9"),
        ((4, 3), {"stride": 2, "padding": 1, "output_padding": 1}, "(4 − 1)·2 − 2·1 + 3 + 1 = 8"),
    ],
)
def test_transpose_size_formula(args, expected, formula):
    explained = explain_transpose_size(*args, **expected)
    if formula:
        assert explained.formula == formula
    else:
        assert explained.formula == "(4 − 1)·1 − 2·0 + 3 + 0 = 6"


# --------------------------------------------------------------------------- errors

BAD_CALLS = [
    (
        lambda: conv2d(SEED_X, np.ones((5, 5))),
        r"kernel 5x5 \(dilated 5x5\) is larger than the padded input 4x4 \(padding 0\)",
    ),
    (
        lambda: conv2d([[1, 2, 3]] * 3, np.ones((3, 3)), dilation=2),
        r"kernel 3x3 \(dilated 5x5\) is larger than the padded input 3x3",
    ),
    (
        lambda: conv2d(SEED_X, np.ones((7, 7)), padding=1),
        r"larger than the padded input 6x6 \(padding 1\)",
    ),
    (lambda: conv2d(SEED_X, SEED_K, stride=0), r"stride must be >= 1, got 0"),
    (lambda: conv2d(SEED_X, SEED_K, stride=(1, -2)), r"stride must be >= 1, got -2"),
    (lambda: conv2d(SEED_X, SEED_K, stride=1.5), r"stride must be an integer >= 1, got 1.5"),
    (lambda: conv2d(SEED_X, SEED_K, dilation=0), r"dilation must be >= 1, got 0"),
    (lambda: conv2d(SEED_X, SEED_K, padding=-1), r"padding must be >= 0, got -1"),
    (lambda: conv2d(SEED_X, SEED_K, padding=(0, 0, -1, 0)), r"padding must be >= 0, got -1"),
    (lambda: conv2d(SEED_X, SEED_K, padding="full"), r"got 'full'"),
    (lambda: conv2d(SEED_X, SEED_K, padding=(1, 1)), r"\(top, bottom, left, right\), got \(1, 1\)"),
    (lambda: conv2d([], SEED_K), r"input is empty \(shape \(0,\)\)"),
    (lambda: conv2d(np.zeros((0, 3)), SEED_K), r"input is empty \(shape \(0, 3\)\)"),
    (lambda: conv2d(SEED_X, [[]]), r"kernel is empty"),
    (lambda: conv2d([[1, "abc"], [2, 3]], [[1]]), r"non-numeric value 'abc' at row 0, column 1"),
    (
        lambda: conv2d(np.array([[1, None]], dtype=object), [[1]]),
        r"non-numeric value None at row 0, column 1",
    ),
    (lambda: conv2d([[1, ""]], [[1]]), r"non-numeric value '' at row 0, column 1"),
    (
        lambda: conv2d([[1, 2], [3, float("nan")]], [[1]]),
        r"non-finite value nan at row 1, column 1",
    ),
    (lambda: conv2d([[1, float("inf")]], [[1]]), r"input has a non-finite value inf"),
    (
        lambda: conv2d(SEED_X, [[1, float("-inf")]]),
        r"kernel has a non-finite value -inf at row 0, column 1",
    ),
    (lambda: conv2d([[1e308, 1e308]], [[2, 2]]), r"conv2d overflows float64.*1e\+308"),
    (lambda: conv2d([[1, 2], [3]], [[1]]), r"rectangular"),
    (lambda: conv2d([[1j, 2]], [[1]]), r"real numbers, got dtype complex128"),
    (
        lambda: conv2d(np.ones((4, 4, 3)), SEED_K),
        r"kernel of shape \(3, 3\) expects 1 input channel\(s\) but the input has 3",
    ),
    (
        lambda: conv2d(np.ones((4, 4, 3)), np.ones((3, 3, 2, 4))),
        r"kernel of shape \(3, 3, 2, 4\) expects 2 .* has 3",
    ),
    (lambda: conv2d([1, 2, 3], [[1]]), r"input must be \(H, W\) or \(H, W, C\), got shape \(3,\)"),
    (lambda: conv2d(SEED_X, np.ones((1, 1, 1, 1, 1))), r"got shape \(1, 1, 1, 1, 1\)"),
    (
        lambda: conv2d(SEED_X, SEED_K, bias=[1, 2]),
        r"bias must be a number or have 1 value\(s\), got shape \(2,\)",
    ),
    (lambda: conv2d(SEED_X, SEED_K, bias=float("nan")), r"bias has a non-finite value nan"),
    (lambda: pool2d(SEED_X, 2, mode="median"), r"pool mode must be one of .*got 'median'"),
    (lambda: pool2d(SEED_X, 2, padding=1), r"pool padding must be 'valid' or 'same', got 1"),
    (lambda: pool2d(SEED_X, 5), r"pool window 5x5 is larger than the input 4x4"),
    (lambda: pool2d(SEED_X, 0), r"pool size must be >= 1, got 0"),
    (lambda: pool2d(SEED_X, 2, stride=0), r"stride must be >= 1, got 0"),
    (lambda: pool2d([[1e308, 1e308]], (1, 2), mode="avg"), r"pool2d overflows float64"),
    (lambda: pool2d([[1, "x"]], 1), r"non-numeric value 'x'"),
    (
        lambda: output_size(4, 5),
        r"kernel 5 \(dilated 5\) is larger than the padded input 4 \(padding 0\)",
    ),
    (lambda: output_size(0, 3), r"input size must be >= 1, got 0"),
    (lambda: output_size(4, 3, stride=0), r"stride must be >= 1, got 0"),
    (lambda: output_size(4, 3, padding=-2), r"padding must be >= 0, got -2"),
    (lambda: output_size(4, 3, padding="SAME"), r"got 'SAME'"),
    (lambda: output_size(4, 3, dilation=0), r"dilation must be >= 1, got 0"),
    (lambda: output_size(4, 3, padding=(1, 1, 1)), r"\(before, after\), got \(1, 1, 1\)"),
    (lambda: output_size(4, 3, padding=(0, -1)), r"padding must be >= 0, got -1"),
    (lambda: resolve_padding((4, 4), (3, 3), padding=(0, 0, 0, 0, 0)), r"got \(0, 0, 0, 0, 0\)"),
    (lambda: pad(SEED_X, (1, 1)), r"pads must be \(top, bottom, left, right\), got \(1, 1\)"),
    (lambda: trace_cell(SEED_X, SEED_K, 2, 0), r"row must be in 0..1, got 2"),
    (lambda: trace_cell(SEED_X, SEED_K, 0, -1), r"col must be in 0..1, got -1"),
    (
        lambda: trace_cell(SEED_X, SEED_K, 0, 0, filter_index=1),
        r"filter_index must be in 0..0, got 1",
    ),
    (lambda: trace_pool_cell(SEED_X, 2, 0, 2), r"col must be in 0..1, got 2"),
    (lambda: trace_pool_cell(SEED_X, 2, 0, 0, channel=1), r"channel must be in 0..0, got 1"),
    (lambda: param_count(3, 3, 0, 2), r"channels must be >= 1, got 0"),
    (lambda: relu([[float("nan")]]), r"non-finite value nan"),
    (lambda: explain_output_size(3, 3, padding="half"), r"got 'half'"),
    (
        lambda: conv2d_transpose(SEED_X, SEED_K, stride=2, output_padding=2),
        r"output_padding must be smaller than the stride 2, got 2",
    ),
    (
        lambda: explain_transpose_size(4, 3, output_padding=1),
        r"output_padding must be smaller than the stride 1, got 1",
    ),
    (
        lambda: explain_transpose_size(4, 3, output_padding=-1),
        r"output_padding must be >= 0, got -1",
    ),
    (lambda: explain_transpose_size(4, 3, padding=3), r"at most kernel size − 1 = 2, got 3"),
    (lambda: explain_transpose_size(4, 3, padding="full"), r"got 'full'"),
    (
        lambda: explain_transpose_size(1, 3, padding=2),
        r"output size \(1 − 1\)·1 − 2·2 \+ 3 \+ 0 = -1 is < 1",
    ),
    (lambda: explain_transpose_size(4, 3, padding=-1), r"padding must be >= 0, got -1"),
    (lambda: explain_transpose_size(0, 3), r"input size must be >= 1, got 0"),
    (lambda: explain_transpose_size(4, 3, stride=0), r"stride must be >= 1, got 0"),
    (
        lambda: explain_transpose_size(4, 2, stride=2, padding="same", output_padding=0),
        r"even kernel \(2\) needs output_padding >= 1 or None, got 0",
    ),
    (
        lambda: conv2d_transpose(np.ones((3, 3, 2)), np.ones((2, 2, 1, 3))),
        r"expects 3 input channel\(s\) but the input has 2",
    ),
    (lambda: conv2d_transpose(SEED_X, np.ones((2, 2, 1, 1, 1))), r"got shape \(2, 2, 1, 1, 1\)"),
    (lambda: conv2d_transpose(SEED_X, SEED_K, output_padding=(0, 0, 0)), r"got \(0, 0, 0\)"),
    (lambda: conv2d_transpose([[1, "x"]], SEED_K), r"non-numeric value 'x'"),
    (lambda: conv2d_transpose([[1e308]], [[1e308]]), r"conv2d.* overflows float64"),
    (
        lambda: trace_transpose_cell(SEED_X, SEED_K, 6, 0),
        r"row must be in 0..5, got 6",
    ),
]


@pytest.mark.parametrize(("call", "message"), BAD_CALLS, ids=[m for _, m in BAD_CALLS])
def test_bad_arguments_raise_value_error_quoting_them(call, message):
    with pytest.raises(ValueError, match=message):
        call()
