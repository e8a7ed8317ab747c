"""Convolution arithmetic in plain numpy: the numbers a CNN lesson works through.

Everything here computes exactly what Keras computes (``Conv2D``, ``MaxPooling2D``,
``AveragePooling2D``; the tests check it against TensorFlow) but stays readable and
importable without TensorFlow, so a teacher can also use it in a notebook::

    >>> from cnn_core.arithmetic import conv2d
    >>> from cnn_core.traces import trace_cell
    >>> x = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
    >>> k = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]
    >>> conv2d(x, k).tolist()
    [[15.0, 16.0], [6.0, 15.0]]
    >>> trace_cell(x, k, 0, 0).text
    '1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15'

The worked-out sums behind single cells (:func:`~cnn_core.traces.trace_cell`,
:func:`~cnn_core.traces.trace_pool_cell`, :func:`~cnn_core.traces.trace_transpose_cell`)
are in :mod:`cnn_core.traces`, the formulas as LaTeX in :mod:`cnn_core.formulas`.
What stays here is kept as one module although it is long, because it is one thing,
the numbers themselves, and its parts lean on each other: input checks, sizes (and
the size formulas written out, which :func:`output_size` is computed from and
:func:`explain_transpose_size` gives with its value) and the operations (convolution,
pooling, transposed convolution) that share those checks and sizes.

Conventions: images are ``(H, W)`` or channels-last ``(H, W, C)``; kernels use the
Keras layout ``(KH, KW)``, ``(KH, KW, C)`` or ``(KH, KW, C, F)``; padding tuples are
``(top, bottom, left, right)``. Every function rejects bad arguments with a
``ValueError`` whose message quotes what it received.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import ArrayLike, NDArray

Padding = int | tuple[int, int, int, int] | Literal["valid", "same"]
Pair = int | tuple[int, int]
PoolMode = Literal["max", "avg", "min"]

PAD_MODES: tuple[str, ...] = ("valid", "same")
POOL_MODES: tuple[str, ...] = ("max", "avg", "min")


# --------------------------------------------------------------------------- validation


def _int_at_least(value: object, name: str, minimum: int) -> int:
    """``value`` as an int >= ``minimum``; bools and non-integral numbers are rejected."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        if isinstance(value, float | np.floating) and float(value).is_integer():
            value = int(value)
        else:
            raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return int(value)


def _pair(value: Pair, name: str) -> tuple[int, int]:
    """An int or a 2-sequence of ints, each >= 1, as ``(vertical, horizontal)``."""
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (rows, cols), got {value!r}")
        return _int_at_least(value[0], name, 1), _int_at_least(value[1], name, 1)
    number = _int_at_least(value, name, 1)
    return number, number


def _to_float(value: object) -> float | None:
    """One cell as a float, or None when it is not a number (text, blank, None)."""
    if isinstance(value, str):
        value = value.strip()
    elif not isinstance(value, bool | np.bool_ | int | float | np.integer | np.floating):
        return None
    try:
        return float(value)
    except ValueError:  # text that is not a number
        return None
    except OverflowError:  # an int beyond float64 (e.g. 10**400): reported as non-finite
        return math.inf if value > 0 else -math.inf


def _describe_position(index: tuple[int, ...]) -> str:
    names = ("row", "column", "channel", "filter")
    return ", ".join(f"{name} {i}" for name, i in zip(names, index, strict=False))


def as_float_array(values: ArrayLike, name: str = "input") -> NDArray[np.float64]:
    """Convert user data (arrays, lists of lists, editor tables) to a finite float64 array.

    Numbers and numeric strings (``"3"``, ``" 2.5 "``) are accepted; text, blanks,
    ``None``, NaN and infinities are not.

    Args:
        values: anything ``np.asarray`` understands.
        name: what to call the array in error messages ("input", "kernel", ...).

    Returns:
        A new float64 array with the same shape.

    Raises:
        ValueError: the array is empty, ragged, or holds a non-numeric or non-finite
            value (the message names the value and its position).
    """
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged lists of lists
        raise ValueError(f"{name} must be a rectangular table of numbers: {error}") from None
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape})")
    if array.dtype.kind in "biuf":
        result = array.astype(np.float64)
    elif array.dtype.kind in "OUS":
        result = np.empty(array.shape, dtype=np.float64)
        for index, item in np.ndenumerate(array):
            cell = item.item() if isinstance(item, np.generic) else item
            number = _to_float(cell.decode() if isinstance(cell, bytes) else cell)
            if number is None:
                raise ValueError(
                    f"{name} has a non-numeric value {cell!r} at {_describe_position(index)}"
                )
            result[index] = number
    else:
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    bad = ~np.isfinite(result)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        where = f" at {_describe_position(index)}" if index else ""
        raise ValueError(f"{name} has a non-finite value {float(result[index])!r}{where}")
    return result


def _image(x: ArrayLike, name: str = "input") -> NDArray[np.float64]:
    """A finite ``(H, W)`` or ``(H, W, C)`` float64 array."""
    array = as_float_array(x, name)
    if array.ndim not in (2, 3):
        raise ValueError(f"{name} must be (H, W) or (H, W, C), got shape {array.shape}")
    return array


def _channels_last(image: NDArray[np.float64]) -> NDArray[np.float64]:
    """``(H, W)`` as ``(H, W, 1)``; ``(H, W, C)`` unchanged."""
    return image if image.ndim == 3 else image[:, :, None]


def _kernel4(kernel: ArrayLike, channels: int) -> NDArray[np.float64]:
    """The kernel as ``(KH, KW, C, F)``, checked against the input's ``channels``."""
    k = as_float_array(kernel, "kernel")
    shape = k.shape
    if k.ndim == 2:
        k = k[:, :, None, None]
    elif k.ndim == 3:
        k = k[:, :, :, None]
    elif k.ndim != 4:
        raise ValueError(
            f"kernel must be (KH, KW), (KH, KW, C) or (KH, KW, C, F), got shape {k.shape}"
        )
    if k.shape[2] != channels:
        raise ValueError(
            f"kernel of shape {shape} expects {k.shape[2]} input channel(s) "
            f"but the input has {channels}"
        )
    return k


def _check_finite_result(
    result: NDArray[np.float64], what: str, *operands: NDArray[np.float64]
) -> None:
    """Reject a result that overflowed float64 (inputs near 1e308), quoting the inputs."""
    if not np.all(np.isfinite(result)):
        largest = ", ".join(format_number(np.abs(a).max()) for a in operands)
        raise ValueError(
            f"{what} overflows float64: the values are too large (largest magnitudes {largest})"
        )


# --------------------------------------------------------------------------- sizes


def effective_kernel(kernel: int, dilation: int = 1) -> int:
    """Span of a dilated kernel: ``(kernel - 1) * dilation + 1``."""
    kernel = _int_at_least(kernel, "kernel size", 1)
    dilation = _int_at_least(dilation, "dilation", 1)
    return (kernel - 1) * dilation + 1


def effective_kernel_text(kernel: int, dilation: int) -> str:
    """:func:`effective_kernel` filled in, language-neutral: ``"(3 − 1)·2 + 1 = 5"``.

    Raises:
        ValueError: a kernel size or dilation below 1.
    """
    return f"({kernel} − 1)·{dilation} + 1 = {effective_kernel(kernel, dilation)}"


def _same_total(size: int, effective: int, stride: int) -> int:
    """Total zero padding Keras/TF add on one axis for ``padding="same"``."""
    return max((math.ceil(size / stride) - 1) * stride + effective - size, 0)


AxisPadding = int | tuple[int, int] | Literal["valid", "same"]


def output_size(
    size: int,
    kernel: int,
    *,
    stride: int = 1,
    padding: AxisPadding = 0,
    dilation: int = 1,
) -> int:
    """Output length along one axis: ``floor((H + 2P - FH_eff) / S) + 1``.

    Args:
        size: input length H.
        kernel: kernel length FH.
        stride: S >= 1.
        padding: P >= 0 on each side, ``(before, after)`` zeros for an uneven
            split, ``"valid"`` (P = 0) or ``"same"`` (Keras: the output is
            ``ceil(H / S)``).
        dilation: >= 1; the kernel then spans ``FH_eff = (FH - 1) * dilation + 1``.

    Returns:
        The output length (>= 1).

    Raises:
        ValueError: a non-positive size, kernel, stride or dilation, a negative or
            unknown padding, or a kernel longer than the padded input.
    """
    return explain_output_size(
        size, kernel, stride=stride, padding=padding, dilation=dilation
    ).value


def resolve_padding(
    in_hw: tuple[int, int],
    kernel_hw: tuple[int, int],
    *,
    stride: Pair = 1,
    padding: Padding = 0,
    dilation: Pair = 1,
) -> tuple[int, int, int, int]:
    """Turn any padding spelling into explicit ``(top, bottom, left, right)`` zeros.

    ``"same"`` follows Keras/TensorFlow exactly: on each axis the total is
    ``max((ceil(H / S) - 1) * S + FH_eff - H, 0)``, split with the extra zero at the
    bottom/right.

    Args:
        in_hw: input ``(H, W)``.
        kernel_hw: kernel ``(KH, KW)``.
        stride: int or ``(SH, SW)``.
        padding: int P, ``(top, bottom, left, right)``, ``"valid"`` or ``"same"``.
        dilation: int or ``(DH, DW)``.

    Returns:
        ``(top, bottom, left, right)``.

    Raises:
        ValueError: bad stride/dilation/padding, or a (dilated) kernel larger than the
            padded input.
    """
    (h, w) = (_int_at_least(v, "input size", 1) for v in in_hw)
    (kh, kw) = (_int_at_least(v, "kernel size", 1) for v in kernel_hw)
    sh, sw = _pair(stride, "stride")
    dh, dw = _pair(dilation, "dilation")
    ekh, ekw = effective_kernel(kh, dh), effective_kernel(kw, dw)
    if isinstance(padding, str):
        if padding == "valid":
            pads = (0, 0, 0, 0)
        elif padding == "same":
            th, tw = _same_total(h, ekh, sh), _same_total(w, ekw, sw)
            pads = (th // 2, th - th // 2, tw // 2, tw - tw // 2)
        else:
            raise ValueError(
                f"padding must be 'valid', 'same', an int or a 4-tuple, got {padding!r}"
            )
    elif isinstance(padding, tuple | list):
        if len(padding) != 4:
            raise ValueError(f"padding tuple must be (top, bottom, left, right), got {padding!r}")
        pads = tuple(_int_at_least(p, "padding", 0) for p in padding)
    else:
        p = _int_at_least(padding, "padding", 0)
        pads = (p, p, p, p)
    top, bottom, left, right = pads
    ph, pw = h + top + bottom, w + left + right
    if ekh > ph or ekw > pw:
        shown = padding if isinstance(padding, str | int) else tuple(pads)
        raise ValueError(
            f"kernel {kh}x{kw} (dilated {ekh}x{ekw}) is larger than the padded input "
            f"{ph}x{pw} (padding {shown})"
        )
    return (top, bottom, left, right)


# --------------------------------------------------------------------------- operations


def pad(x: ArrayLike, pads: tuple[int, int, int, int], value: float = 0.0) -> NDArray[np.float64]:
    """Surround ``x`` with ``value`` (zeros by default).

    Args:
        x: ``(H, W)`` or ``(H, W, C)``.
        pads: ``(top, bottom, left, right)``, each >= 0.
        value: fill value.

    Returns:
        ``(H + top + bottom, W + left + right[, C])`` float64.

    Raises:
        ValueError: bad ``x`` or a negative / malformed ``pads``.
    """
    array = _image(x)
    if not isinstance(pads, tuple | list) or len(pads) != 4:
        raise ValueError(f"pads must be (top, bottom, left, right), got {pads!r}")
    top, bottom, left, right = (_int_at_least(p, "padding", 0) for p in pads)
    widths = [(top, bottom), (left, right)] + [(0, 0)] * (array.ndim - 2)
    return np.pad(array, widths, mode="constant", constant_values=value)


def _bias_vector(bias: float | ArrayLike, filters: int) -> NDArray[np.float64]:
    b = np.atleast_1d(as_float_array(bias, "bias"))
    if b.ndim != 1 or b.shape[0] not in (1, filters):
        raise ValueError(f"bias must be a number or have {filters} value(s), got shape {b.shape}")
    return np.broadcast_to(b, (filters,)).copy()


@dataclass(frozen=True, eq=False)
class _ConvSetup:
    """A validated convolution: everything :func:`conv2d` and :func:`trace_cell` share."""

    padded: NDArray[np.float64]  # (H + top + bottom, W + left + right, C)
    kernel: NDArray[np.float64]  # (KH, KW, C, F)
    bias: NDArray[np.float64]  # (F,)
    stride: tuple[int, int]
    dilation: tuple[int, int]
    out_hw: tuple[int, int]
    input_ndim: int
    kernel_ndim: int


def _setup_conv(
    x: ArrayLike,
    kernel: ArrayLike,
    stride: Pair,
    padding: Padding,
    dilation: Pair,
    bias: float | ArrayLike,
) -> _ConvSetup:
    """Validate the arguments of :func:`conv2d` and pad the input."""
    image = _image(x)
    x3 = _channels_last(image)
    kernel_array = as_float_array(kernel, "kernel")
    k = _kernel4(kernel_array, x3.shape[2])
    kh, kw, _, filters = k.shape
    b = _bias_vector(bias, filters)
    pads = resolve_padding(
        x3.shape[:2], (kh, kw), stride=stride, padding=padding, dilation=dilation
    )
    (sh, sw), (dh, dw) = _pair(stride, "stride"), _pair(dilation, "dilation")
    xp = pad(x3, pads)
    out_hw = (
        (xp.shape[0] - effective_kernel(kh, dh)) // sh + 1,
        (xp.shape[1] - effective_kernel(kw, dw)) // sw + 1,
    )
    return _ConvSetup(xp, k, b, (sh, sw), (dh, dw), out_hw, image.ndim, kernel_array.ndim)


def _correlate(setup: _ConvSetup) -> NDArray[np.float64]:
    """The ``(OH, OW, F)`` output of a validated convolution."""
    xp, k = setup.padded, setup.kernel
    (oh, ow), (sh, sw), (dh, dw) = setup.out_hw, setup.stride, setup.dilation
    kh, kw, channels, filters = k.shape
    out = np.zeros((oh, ow, filters))
    with np.errstate(over="ignore", invalid="ignore"):
        # One kernel tap at a time: the input cells it meets, (OH, OW, C), times its
        # weights (C, F), accumulated (one channel: a plain product, faster than @).
        for i in range(kh):
            for j in range(kw):
                rows = slice(i * dh, i * dh + (oh - 1) * sh + 1, sh)
                cols = slice(j * dw, j * dw + (ow - 1) * sw + 1, sw)
                cells = xp[rows, cols, :]
                out += cells * k[i, j, 0] if channels == 1 else cells @ k[i, j]
        out += setup.bias
    _check_finite_result(out, "conv2d", xp, k, setup.bias)
    return out


def conv2d(
    x: ArrayLike,
    kernel: ArrayLike,
    *,
    stride: Pair = 1,
    padding: Padding = 0,
    dilation: Pair = 1,
    bias: float | ArrayLike = 0.0,
) -> NDArray[np.float64]:
    """2-D cross-correlation, exactly what Keras ``Conv2D`` computes (before activation).

    Args:
        x: input ``(H, W)`` or ``(H, W, C)``; lists of lists are fine.
        kernel: ``(KH, KW)`` (one channel), ``(KH, KW, C)`` (one filter) or
            ``(KH, KW, C, F)`` (F filters, the Keras kernel layout).
        stride: int or ``(SH, SW)``, >= 1.
        padding: int P, ``(top, bottom, left, right)``, ``"valid"`` or ``"same"``.
        dilation: int or ``(DH, DW)``, >= 1.
        bias: one number, or F numbers for a 4-D kernel.

    Returns:
        ``(OH, OW)`` for a 2-D/3-D kernel, ``(OH, OW, F)`` for a 4-D kernel; float64.

    Raises:
        ValueError: see :func:`resolve_padding`, plus bad/empty/non-finite arrays,
            wrong ndim, channel mismatch, or a result that overflows float64.
    """
    setup = _setup_conv(x, kernel, stride, padding, dilation, bias)
    out = _correlate(setup)
    return out if setup.kernel_ndim == 4 else out[:, :, 0]


def _pool_geometry(
    in_hw: tuple[int, int], size: Pair, stride: Pair | None, padding: str
) -> tuple[tuple[int, int], tuple[int, int], tuple[int, int, int, int]]:
    """Window, stride and ``(top, bottom, left, right)`` padding of a pooling layer."""
    window = _pair(size, "pool size")
    steps = window if stride is None else _pair(stride, "stride")
    if padding not in PAD_MODES:
        raise ValueError(f"pool padding must be 'valid' or 'same', got {padding!r}")
    if padding == "valid" and (window[0] > in_hw[0] or window[1] > in_hw[1]):
        raise ValueError(
            f"pool window {window[0]}x{window[1]} is larger than the input "
            f"{in_hw[0]}x{in_hw[1]} (padding 'valid')"
        )
    pads = resolve_padding(in_hw, window, stride=steps, padding=padding)
    return window, steps, pads


def pool2d(
    x: ArrayLike,
    size: Pair,
    *,
    stride: Pair | None = None,
    mode: PoolMode = "max",
    padding: Literal["valid", "same"] = "valid",
) -> NDArray[np.float64]:
    """Max, average or min pooling, as Keras ``MaxPooling2D`` / ``AveragePooling2D``.

    Each channel is pooled on its own. With ``padding="same"`` the padded cells
    never count: max/min ignore them and the average divides by the number of real
    cells under the window, as Keras does.

    Args:
        x: ``(H, W)`` or ``(H, W, C)``.
        size: window, int or ``(PH, PW)``.
        stride: int or pair; ``None`` means the window size (the Keras default).
        mode: ``"max"``, ``"avg"`` or ``"min"``.
        padding: ``"valid"`` or ``"same"``.

    Returns:
        ``(OH, OW)`` or ``(OH, OW, C)`` float64.

    Raises:
        ValueError: bad array, size, stride, mode or padding; a window larger than
            a "valid" input.
    """
    if mode not in POOL_MODES:
        raise ValueError(f"pool mode must be one of {POOL_MODES}, got {mode!r}")
    image = _image(x)
    x3 = _channels_last(image)
    (ph, pw), (sh, sw), pads = _pool_geometry(x3.shape[:2], size, stride, padding)
    fill = {"max": -np.inf, "min": np.inf, "avg": 0.0}[mode]
    windows = sliding_window_view(pad(x3, pads, fill), (ph, pw), axis=(0, 1))[::sh, ::sw]
    if mode == "max":
        out = windows.max(axis=(-2, -1))
    elif mode == "min":
        out = windows.min(axis=(-2, -1))
    else:
        counts = sliding_window_view(pad(np.ones(x3.shape[:2]), pads), (ph, pw))[::sh, ::sw]
        with np.errstate(over="ignore", invalid="ignore"):
            out = windows.sum(axis=(-2, -1)) / counts.sum(axis=(-2, -1))[:, :, None]
        _check_finite_result(out, "pool2d", x3)
    return out if image.ndim == 3 else out[:, :, 0]


def relu(x: ArrayLike) -> NDArray[np.float64]:
    """``max(x, 0)`` element-wise: a feature map becomes an activation map.

    Raises:
        ValueError: empty or non-numeric/non-finite ``x``.
    """
    return np.maximum(as_float_array(x), 0.0)


def param_count(kh: int, kw: int, channels: int, filters: int, *, bias: bool = True) -> int:
    """Trainable parameters of a Conv2D layer: ``(FH·FW·C + 1)·F`` (without ``+ 1`` if no bias).

    Raises:
        ValueError: any size < 1.
    """
    kh, kw = _int_at_least(kh, "kernel height", 1), _int_at_least(kw, "kernel width", 1)
    channels = _int_at_least(channels, "channels", 1)
    filters = _int_at_least(filters, "filters", 1)
    return (kh * kw * channels + int(bool(bias))) * filters


# --------------------------------------------------------------------------- numbers as text


def format_number(value: float, decimals: int = 3) -> str:
    """Compact number text: ``3`` not ``3.0``; at most ``decimals`` decimals (``0.333``);
    three significant digits from ``1e+15`` and below the smallest of those decimals
    (``1e+20``; ``0.0004``, ``1e-05``: Python's ``g`` format)."""
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 1e15 or abs(value) < 10.0**-decimals:
        return f"{value:.3g}"
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


# --------------------------------------------------------------------------- formula


@dataclass(frozen=True)
class SizeExplanation:
    """The output-size formula filled in with the user's numbers.

    Attributes:
        size: input length H.
        kernel: kernel length FH.
        effective_kernel: ``(FH - 1) * dilation + 1``.
        stride: S.
        pad_total: zeros added on both sides together (``2P`` for an int P; for
            "same" Keras' total, which may be odd).
        dilation: the dilation.
        numerator: ``H + pad_total - FH_eff``.
        value: the output length.
        whole: whether ``numerator / S`` is whole (else the floor drops a remainder:
            the last lines of the padded input are never covered; which input
            lines no window reads at all: :func:`unread_lines`).
        formula: e.g. ``"(4 + 2·1 − 3) / 1 + 1 = 4"``, ``"(4 + 0 + 1 − 3) / 2 + 1 = 2"``
            for an uneven ``(before, after)`` padding, or
            ``"⌊(6 + 2·0 − 3) / 2⌋ + 1 = ⌊1.5⌋ + 1 = 2"``, or for ``"same"``
            ``"⌈5 / 2⌉ = 3"``.
        pad_before: of ``pad_total``, the zeros before the input (top or left; Keras
            puts an odd "same" total's extra zero after it).
    """

    size: int
    kernel: int
    effective_kernel: int
    stride: int
    pad_total: int
    dilation: int
    numerator: int
    value: int
    whole: bool
    formula: str
    pad_before: int


def explain_output_size(
    size: int,
    kernel: int,
    *,
    stride: int = 1,
    padding: AxisPadding = 0,
    dilation: int = 1,
) -> SizeExplanation:
    """Fill in ``(H + 2P − FH) / S + 1`` (or Keras' ``⌈H / S⌉`` for "same").

    Args:
        size, kernel, stride, padding, dilation: as in :func:`output_size`.

    Returns:
        A :class:`SizeExplanation`; ``formula`` is language-neutral (digits and
        symbols only).

    Raises:
        ValueError: as in :func:`output_size`.
    """
    size = _int_at_least(size, "input size", 1)
    kernel = _int_at_least(kernel, "kernel size", 1)
    stride = _int_at_least(stride, "stride", 1)
    effective = effective_kernel(kernel, dilation)
    dilation = int(dilation)
    if isinstance(padding, str):
        if padding not in PAD_MODES:
            raise ValueError(
                f"padding must be 'valid', 'same', an int >= 0 or (before, after), got {padding!r}"
            )
        total = _same_total(size, effective, stride) if padding == "same" else 0
        before, after = total // 2, total - total // 2
    elif isinstance(padding, tuple | list):
        if len(padding) != 2:
            raise ValueError(f"padding of one axis must be (before, after), got {padding!r}")
        before, after = (_int_at_least(p, "padding", 0) for p in padding)
    else:
        before = after = _int_at_least(padding, "padding", 0)
    pad_total = before + after
    numerator = size + pad_total - effective
    if numerator < 0:
        raise ValueError(
            f"kernel {kernel} (dilated {effective}) is larger than the padded input "
            f"{size + pad_total} (padding {padding!r})"
        )
    value = numerator // stride + 1
    whole = numerator % stride == 0
    if padding == "same":
        formula = f"⌈{size} / {stride}⌉ = {value}"
    else:
        padded = f"2·{before}" if before == after else f"{before} + {after}"
        inner = f"({size} + {padded} − {effective}) / {stride}"
        if whole:
            formula = f"{inner} + 1 = {value}"
        else:
            formula = f"⌊{inner}⌋ + 1 = ⌊{format_number(numerator / stride)}⌋ + 1 = {value}"
    return SizeExplanation(
        size,
        kernel,
        effective,
        stride,
        pad_total,
        dilation,
        numerator,
        value,
        whole,
        formula,
        before,
    )


@dataclass(frozen=True)
class UnreadLines:
    """The lines along one axis that no window of a convolution or pooling reads.

    Attributes:
        input: 0-based indices of the input's own lines (rows or columns, padding
            not counted) that no window reads: their numbers never reach the output.
        padding: how many lines of zero padding no window reads.
    """

    input: tuple[int, ...]
    padding: int


def unread_lines(
    size: int,
    kernel: int,
    *,
    stride: int = 1,
    padding: AxisPadding = 0,
    dilation: int = 1,
) -> UnreadLines:
    """Which lines along one axis no window reads.

    The windows start every ``stride`` lines of the padded input, one per output
    line, and each reads every ``dilation``-th line of its span. What the floor of
    the size formula drops is at the end; a stride larger than the span, or a
    dilation, also skips lines in between:

    >>> unread_lines(8, 3, stride=2, padding=1, dilation=2)  # padded lines 1, 3, 5, 7, 9
    UnreadLines(input=(0, 2, 4, 6), padding=1)
    >>> unread_lines(8, 2, stride=3)  # windows 0-1, 3-4, 6-7
    UnreadLines(input=(2, 5), padding=0)

    Args:
        size, kernel, stride, padding, dilation: as in :func:`output_size` (a
            pooling window is a kernel with dilation 1).

    Returns:
        An :class:`UnreadLines`.

    Raises:
        ValueError: as :func:`output_size`.
    """
    ex = explain_output_size(size, kernel, stride=stride, padding=padding, dilation=dilation)
    read = {
        start * ex.stride + tap * ex.dilation
        for start in range(ex.value)
        for tap in range(ex.kernel)
    }
    unread = [line for line in range(ex.size + ex.pad_total) if line not in read]
    own = tuple(line - ex.pad_before for line in unread if 0 <= line - ex.pad_before < ex.size)
    return UnreadLines(own, len(unread) - len(own))


# --------------------------------------------------------------------------- transposed


class TransposeArgumentError(ValueError):
    """A transposed convolution's settings that do not fit together.

    Attributes:
        code: ``"output_padding"`` (not below the stride), ``"padding"`` (more
            than ``k − 1``), ``"same_even"`` (``"same"``, even kernel, output
            padding 0) or ``"too_small"`` (the output would be empty).
        fields: the numbers involved, for a translated message.
    """

    def __init__(self, message: str, code: str, **fields: int | str):
        super().__init__(message)
        self.code = code
        self.fields = fields


@dataclass(frozen=True)
class TransposeSize:
    """One axis of a transposed convolution, as Keras ``Conv2DTranspose`` sizes it.

    The output is ``o = (i − 1)·s − 2p + k + output_padding`` for an integer ``p``.
    Keras' ``"valid"`` is ``p = 0`` with ``output_padding`` defaulting to
    ``max(k, s) − k``; its ``"same"`` gives ``o = i·s`` (``output_padding=None``) or
    ``(i − 1)·s + k mod 2 + output_padding``, the zeros cropped as TensorFlow crops them.

    Seen as an ordinary convolution: ``stride − 1`` zeros go between the input cells,
    ``before`` zeros before them and ``after`` after them, and the flipped kernel
    slides over that with stride 1.

    Attributes:
        size: input length i.
        kernel: kernel length k.
        stride: s.
        padding: what was asked: an int p, ``"valid"`` or ``"same"``.
        output_padding: the output padding used (Keras' default filled in).
        crop: cells cropped from the start of the full ``(i − 1)·s + k`` result
            (``p`` for an int padding).
        before, after: zeros around the zero-inserted input.
        value: the output length o.
        formula: language-neutral, e.g. ``"(3 − 1)·2 − 2·0 + 3 + 1 = 8"`` or
            ``"3·2 = 6"`` (``"same"``).
    """

    size: int
    kernel: int
    stride: int
    padding: int | str
    output_padding: int
    crop: int
    before: int
    after: int
    value: int
    formula: str


def explain_transpose_size(
    size: int,
    kernel: int,
    *,
    stride: int = 1,
    padding: int | Literal["valid", "same"] = "valid",
    output_padding: int | None = None,
) -> TransposeSize:
    """Size one axis of :func:`conv2d_transpose` and say where its zeros go.

    Args:
        size: input length i >= 1.
        kernel: kernel length k >= 1.
        stride: s >= 1.
        padding: ``"valid"``, ``"same"`` (as Keras) or an int ``0 <= p <= k − 1``.
        output_padding: ``0 <= output_padding < stride``, or ``None`` (Keras' default).

    Returns:
        A :class:`TransposeSize`.

    Raises:
        ValueError: a bad size, kernel or stride; an unknown padding or ``p > k − 1``;
            ``output_padding`` negative or not below the stride; ``"same"`` with an
            even kernel and ``output_padding=0`` (TensorFlow rejects it too).
    """
    size = _int_at_least(size, "input size", 1)
    kernel = _int_at_least(kernel, "kernel size", 1)
    stride = _int_at_least(stride, "stride", 1)
    if output_padding is not None:
        output_padding = _int_at_least(output_padding, "output_padding", 0)
        if output_padding >= stride:
            raise TransposeArgumentError(
                f"output_padding must be smaller than the stride {stride}, got {output_padding}",
                "output_padding",
                stride=stride,
                value=output_padding,
            )
    spread = (size - 1) * stride + 1  # the input with stride - 1 zeros between its cells
    if padding == "same":
        if output_padding is None:
            value, formula = size * stride, f"{size}·{stride} = {size * stride}"
        else:
            if kernel % 2 == 0 and output_padding == 0:
                raise TransposeArgumentError(
                    f"padding 'same' with an even kernel ({kernel}) needs output_padding >= 1 "
                    f"or None, got {output_padding}",
                    "same_even",
                    kernel=kernel,
                )
            value = (size - 1) * stride + kernel % 2 + output_padding
            formula = f"({size} − 1)·{stride} + {kernel % 2} + {output_padding} = {value}"
        crop = max(spread - 1 + kernel - value, 0) // 2
        op = output_padding if output_padding is not None else 0
    elif padding == "valid" or (
        isinstance(padding, int | np.integer) and not isinstance(padding, bool)
    ):
        p = 0 if padding == "valid" else _int_at_least(padding, "padding", 0)
        if p > kernel - 1:
            raise TransposeArgumentError(
                f"padding must be at most kernel size − 1 = {kernel - 1}, got {p}",
                "padding",
                limit=kernel - 1,
                value=p,
            )
        default = max(kernel, stride) - kernel if padding == "valid" else 0
        op = default if output_padding is None else output_padding
        value = (size - 1) * stride - 2 * p + kernel + op
        formula = f"({size} − 1)·{stride} − 2·{p} + {kernel} + {op} = {value}"
        if value < 1:
            raise TransposeArgumentError(
                f"output size {formula} is < 1: padding {p} crops it all", "too_small", value=p
            )
        crop = p
    else:
        raise ValueError(f"padding must be 'valid', 'same' or an int >= 0, got {padding!r}")
    before = kernel - 1 - crop
    after = value + kernel - 1 - before - spread
    return TransposeSize(size, kernel, stride, padding, op, crop, before, after, value, formula)


@dataclass(frozen=True, eq=False)
class TransposeSetup:
    """A transposed convolution written as an ordinary one (what the lab draws).

    Attributes:
        spread: ``(H', W', C)``: the input with ``stride − 1`` zeros between its
            cells and the zeros around them.
        inserted: ``(H', W')`` bools, True for every zero that was added.
        kernel: the flipped kernel in :func:`conv2d`'s layout ``(KH, KW, C, F)``.
        bias: ``(F,)``.
        axes: the :class:`TransposeSize` of rows and of columns.
        input_ndim, kernel_ndim: what was given (to shape the result).
    """

    spread: NDArray[np.float64]
    inserted: NDArray[np.bool_]
    kernel: NDArray[np.float64]
    bias: NDArray[np.float64]
    axes: tuple[TransposeSize, TransposeSize]
    input_ndim: int
    kernel_ndim: int


def _pair_or_none(value: Pair | None, name: str) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, tuple | list):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (rows, cols), got {value!r}")
        return value[0], value[1]
    return value, value


def setup_transpose(
    x: ArrayLike,
    kernel: ArrayLike,
    *,
    stride: Pair = 1,
    padding: int | Literal["valid", "same"] = "valid",
    output_padding: Pair | None = None,
    bias: float | ArrayLike = 0.0,
) -> TransposeSetup:
    """Insert the zeros and flip the kernel: :func:`conv2d_transpose` as a convolution.

    Args: as :func:`conv2d_transpose`.

    Returns:
        A :class:`TransposeSetup`; ``conv2d(setup.spread, setup.kernel)`` plus the
        bias is the transposed convolution.

    Raises:
        ValueError: as :func:`conv2d_transpose`.
    """
    image = _image(x)
    x3 = _channels_last(image)
    k = as_float_array(kernel, "kernel")
    kernel_ndim = k.ndim
    if k.ndim == 2:
        k = k[:, :, None, None]
    elif k.ndim == 3:  # one output map from C input channels
        k = k[:, :, None, :]
    elif k.ndim != 4:
        raise ValueError(
            f"kernel must be (KH, KW), (KH, KW, C) or (KH, KW, F, C), got shape {k.shape}"
        )
    if k.shape[3] != x3.shape[2]:
        raise ValueError(
            f"kernel of shape {k.shape if kernel_ndim == 4 else k.shape[:2] + k.shape[3:]} "
            f"expects {k.shape[3]} input channel(s) but the input has {x3.shape[2]}"
        )
    if isinstance(padding, tuple | list):
        raise ValueError(f"padding must be 'valid', 'same' or an int >= 0, got {padding!r}")
    strides = _pair(stride, "stride")
    extras = _pair_or_none(output_padding, "output_padding")
    axes = tuple(
        explain_transpose_size(
            x3.shape[a], k.shape[a], stride=strides[a], padding=padding, output_padding=extras[a]
        )
        for a in (0, 1)
    )
    rows, cols = axes
    spread = np.zeros((rows.value + k.shape[0] - 1, cols.value + k.shape[1] - 1, x3.shape[2]))
    inserted = np.ones(spread.shape[:2], dtype=bool)
    place = (
        slice(rows.before, rows.before + (rows.size - 1) * rows.stride + 1, rows.stride),
        slice(cols.before, cols.before + (cols.size - 1) * cols.stride + 1, cols.stride),
    )
    spread[place] = x3
    inserted[place] = False
    flipped = np.ascontiguousarray(np.swapaxes(k[::-1, ::-1], 2, 3))  # (KH, KW, C, F)
    b = _bias_vector(bias, flipped.shape[3])
    return TransposeSetup(spread, inserted, flipped, b, axes, image.ndim, kernel_ndim)  # type: ignore[arg-type]


def conv2d_transpose(
    x: ArrayLike,
    kernel: ArrayLike,
    *,
    stride: Pair = 1,
    padding: int | Literal["valid", "same"] = "valid",
    output_padding: Pair | None = None,
    bias: float | ArrayLike = 0.0,
) -> NDArray[np.float64]:
    """Transposed convolution, exactly what Keras ``Conv2DTranspose`` computes.

    Each input cell stamps the kernel, scaled by its value, onto the output, ``stride``
    cells apart; equivalently (:func:`setup_transpose`) ``stride − 1`` zeros go
    between the input cells and around them and the flipped kernel slides over that.

    >>> conv2d_transpose([[1, 2]], [[1, 3]], stride=(1, 2)).tolist()
    [[1.0, 3.0, 2.0, 6.0]]

    Args:
        x: ``(H, W)`` or ``(H, W, C)``.
        kernel: ``(KH, KW)``, ``(KH, KW, C)`` (one output map) or Keras'
            ``Conv2DTranspose`` layout ``(KH, KW, F, C)``.
        stride: int or ``(SH, SW)``, >= 1.
        padding: ``"valid"``, ``"same"`` (Keras) or an int p (``0 <= p <= k − 1``).
        output_padding: int, pair or ``None``; each ``0 <= op < stride``.
        bias: one number, or F numbers for a 4-D kernel.

    Returns:
        ``(OH, OW)`` for a 2-D/3-D kernel, ``(OH, OW, F)`` for a 4-D kernel, with
        ``OH = (H − 1)·SH − 2p + KH + output_padding`` (see :func:`explain_transpose_size`).

    Raises:
        ValueError: bad arrays or channels, and everything
            :func:`explain_transpose_size` rejects.
    """
    setup = setup_transpose(
        x, kernel, stride=stride, padding=padding, output_padding=output_padding, bias=bias
    )
    out = conv2d(setup.spread, setup.kernel, bias=setup.bias)
    _check_finite_result(out, "conv2d_transpose", setup.spread, setup.kernel)
    return out if setup.kernel_ndim == 4 else out[:, :, 0]
