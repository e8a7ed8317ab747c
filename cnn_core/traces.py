"""One output cell worked out: the multiply-accumulate or the pooled window, as text.

The convolution lab shows these beside the result, e.g. the seed's first cell::

    >>> from cnn_core.traces import trace_cell
    >>> x = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
    >>> k = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]
    >>> trace_cell(x, k, 0, 0).text
    '1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15'

Every trace is computed from :mod:`cnn_core.arithmetic` (the same checks, padding
and window geometry as :func:`~cnn_core.arithmetic.conv2d` and
:func:`~cnn_core.arithmetic.pool2d`), so its ``total`` is that cell of the result.
Numbers are written with at most 3 decimals (:func:`~cnn_core.arithmetic.format_number`);
where the numbers written do not make the total written (a rounded term or total),
the text says ``≈`` instead of ``=``::

    >>> trace_cell([[1 / 3, 0.123]], [[3, 0.555]], 0, 0).text
    '0.333*3 + 0.123*0.555 ≈ 1.068'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cnn_core.arithmetic import (
    Padding,
    Pair,
    PoolMode,
    _channels_last,
    _correlate,
    _image,
    _pool_geometry,
    _setup_conv,
    format_number,
    pool2d,
    setup_transpose,
)


def _term(value: float) -> str:
    """A number inside a sum or product: negatives in parentheses, ``(-1)``."""
    text = format_number(value)
    return f"({text})" if text.startswith("-") else text


def _relation(from_shown: float, total: str) -> str:
    """``"="`` when the numbers written make the ``total`` written (``from_shown``: the
    sum, or average, of the numbers as written), else ``"≈"``: a rounded term or total."""
    return "=" if math.isclose(from_shown, float(total), rel_tol=1e-9, abs_tol=1e-12) else "≈"


def _as_shown(value: float) -> float:
    """``value`` as the trace writes it (3 decimals at most), read back."""
    return float(format_number(value))


def _cell_index(value: int, limit: int, name: str) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | np.integer)
        or not (0 <= value < limit)
    ):
        raise ValueError(f"{name} must be in 0..{limit - 1}, got {value!r}")
    return int(value)


@dataclass(frozen=True, eq=False)
class CellTrace:
    """The multiply-accumulate behind one output cell of :func:`conv2d`.

    Compared by identity (it holds arrays), so it is hashable.

    Attributes:
        row, col: the output cell.
        rows, cols: the window's row/column indices in the *padded* input (spaced
            by the dilation).
        window: input values under the kernel, ``(KH, KW)`` for a 2-D input, else
            ``(KH, KW, C)``.
        weights: the kernel weights, same shape as ``window``.
        products: ``window * weights``.
        bias: the bias added.
        total: the output value ``conv2d(...)[row, col]``, i.e.
            ``products.sum() + bias`` (up to float rounding).
        text: the sum written out, e.g. ``"1*2 + 2*0 + ... = 15"``, row by row; of
            several channels, a line each (``"  1*2 + ...\\n+ 0*1 + ...\\n+ ... = 15"``,
            the bias and the total after the last); ``≈`` before the total when a
            number written is rounded and the line would not add up.
    """

    row: int
    col: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    window: NDArray[np.float64]
    weights: NDArray[np.float64]
    products: NDArray[np.float64]
    bias: float
    total: float
    text: str


def trace_cell(
    x: ArrayLike,
    kernel: ArrayLike,
    row: int,
    col: int,
    *,
    stride: Pair = 1,
    padding: Padding = 0,
    dilation: Pair = 1,
    bias: float | ArrayLike = 0.0,
    filter_index: int = 0,
) -> CellTrace:
    """Explain output cell ``(row, col)`` of ``conv2d(x, kernel, ...)``.

    Args:
        x, kernel, stride, padding, dilation, bias: as in :func:`conv2d`.
        row, col: the output cell.
        filter_index: which filter of a 4-D kernel.

    Returns:
        A :class:`CellTrace`.

    Raises:
        ValueError: everything :func:`conv2d` rejects, or a cell / filter index out
            of range.
    """
    setup = _setup_conv(x, kernel, stride, padding, dilation, bias)
    out = _correlate(setup)
    kh, kw, _, filters = setup.kernel.shape
    f = _cell_index(filter_index, filters, "filter_index")
    row = _cell_index(row, out.shape[0], "row")
    col = _cell_index(col, out.shape[1], "col")
    (sh, sw), (dh, dw) = setup.stride, setup.dilation
    rows = tuple(row * sh + i * dh for i in range(kh))
    cols = tuple(col * sw + j * dw for j in range(kw))
    window = setup.padded[np.ix_(rows, cols)]
    weights = setup.kernel[:, :, :, f]
    if setup.input_ndim == 2:
        window, weights = window[:, :, 0], weights[:, :, 0]
    products = window * weights
    b = float(setup.bias[f])
    total = float(out[row, col, f])
    # Channel by channel, a line each, then row-major inside each channel (the seeds'
    # reading order): 27 products on one line could not be followed on a projector.
    lines = [
        " + ".join(f"{_term(v)}*{_term(w)}" for v, w in zip(xs.ravel(), ws.ravel(), strict=True))
        for xs, ws in zip(
            np.moveaxis(np.atleast_3d(window), -1, 0),
            np.moveaxis(np.atleast_3d(weights), -1, 0),
            strict=True,
        )
    ]
    text = ("  " if len(lines) > 1 else "") + "\n+ ".join(lines)
    if b != 0:
        text += f" + {_term(b)}"
    shown_total = format_number(total)
    from_shown = sum(
        _as_shown(v) * _as_shown(w) for v, w in zip(window.ravel(), weights.ravel(), strict=True)
    )
    text += f" {_relation(from_shown + _as_shown(b), shown_total)} {shown_total}"
    return CellTrace(row, col, rows, cols, window, weights, products, b, total, text)


@dataclass(frozen=True, eq=False)
class PoolTrace:
    """One output cell of :func:`pool2d`.

    Attributes:
        row, col: the output cell.
        rows, cols: the window's rows/columns in the *input* (with ``"same"``
            padding only the real cells; padded cells never count in pooling).
        window: the input values pooled, ``(len(rows), len(cols))``.
        value: the pooled value.
        text: e.g. ``"max(1, 3, 2, 4) = 4"``; ``"avg(1, 2, 2) ≈ 1.667"`` when rounded
            (the function's name as given, ``"평균(1, 2, 2) ≈ 1.667"``).
    """

    row: int
    col: int
    rows: tuple[int, ...]
    cols: tuple[int, ...]
    window: NDArray[np.float64]
    value: float
    text: str


def trace_pool_cell(
    x: ArrayLike,
    size: Pair,
    row: int,
    col: int,
    *,
    stride: Pair | None = None,
    mode: PoolMode = "max",
    padding: Literal["valid", "same"] = "valid",
    channel: int = 0,
    name: str | None = None,
) -> PoolTrace:
    """Explain output cell ``(row, col)`` of ``pool2d(x, size, ...)``.

    Args:
        x, size, stride, mode, padding: as in :func:`pool2d`.
        row, col: the output cell.
        channel: which channel of an ``(H, W, C)`` input.
        name: the function's name in the text (a translation, ``"최댓값"``);
            ``mode`` when ``None``.

    Returns:
        A :class:`PoolTrace`.

    Raises:
        ValueError: everything :func:`pool2d` rejects, or an index out of range.
    """
    out = pool2d(x, size, stride=stride, mode=mode, padding=padding)
    x3 = _channels_last(_image(x))
    c = _cell_index(channel, x3.shape[2], "channel")
    row = _cell_index(row, out.shape[0], "row")
    col = _cell_index(col, out.shape[1], "col")
    (ph, pw), (sh, sw), (top, _, left, _) = _pool_geometry(x3.shape[:2], size, stride, padding)
    h, w = x3.shape[:2]
    rows = tuple(r for r in range(row * sh - top, row * sh - top + ph) if 0 <= r < h)
    cols = tuple(q for q in range(col * sw - left, col * sw - left + pw) if 0 <= q < w)
    window = x3[np.ix_(rows, cols, [c])][:, :, 0]
    value = float(out[row, col] if out.ndim == 2 else out[row, col, c])
    listed = ", ".join(format_number(v) for v in window.ravel())
    shown = [_as_shown(v) for v in window.ravel()]
    from_shown = {"max": max, "min": min, "avg": lambda vs: sum(vs) / len(vs)}[mode](shown)
    shown_value = format_number(value)
    text = f"{name or mode}({listed}) {_relation(from_shown, shown_value)} {shown_value}"
    return PoolTrace(row, col, rows, cols, window, value, text)


def trace_transpose_cell(
    x: ArrayLike,
    kernel: ArrayLike,
    row: int,
    col: int,
    *,
    stride: Pair = 1,
    padding: int | Literal["valid", "same"] = "valid",
    output_padding: Pair | None = None,
    bias: float | ArrayLike = 0.0,
    filter_index: int = 0,
) -> CellTrace:
    """Explain output cell ``(row, col)`` of ``conv2d_transpose(x, kernel, ...)``.

    The cell is worked out the way the lab shows a transposed convolution: as an
    ordinary convolution of the zero-inserted input with the flipped kernel
    (:func:`~cnn_core.arithmetic.setup_transpose`), so ``rows``/``cols`` index
    ``setup.spread`` and ``weights`` are the flipped kernel's.

    >>> trace_transpose_cell([[1, 2]], [[1, 3]], 0, 1, stride=(1, 2)).text
    '1*3 + 0*1 = 3'

    Raises:
        ValueError: everything :func:`~cnn_core.arithmetic.conv2d_transpose`
            rejects, or a cell / filter index out of range.
    """
    setup = setup_transpose(
        x, kernel, stride=stride, padding=padding, output_padding=output_padding, bias=bias
    )
    spread, flipped = setup.spread, setup.kernel
    if setup.input_ndim == 2 and setup.kernel_ndim < 4:  # one channel: 2-D window and weights
        spread, flipped = spread[:, :, 0], flipped[:, :, 0, 0]
    return trace_cell(spread, flipped, row, col, bias=setup.bias, filter_index=filter_index)
