"""What a student types into the lab's grids, checked before any arithmetic runs.

The lab page's editors hold text cells, so anything can be typed into them. This
module turns such a grid into a float matrix, or says exactly which cell is wrong,
and checks the convolution settings the same way. Errors are
:class:`MatrixInputError` values carrying a ``code`` and the ``fields`` a page
needs to write the message in the user's language; their English message quotes
the received value. No streamlit here.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from cnn_core.arithmetic import effective_kernel, format_number

VALUE_LIMIT = 1_000_000.0
"""Largest magnitude a cell may hold: keeps every sum of products far from overflow."""

ErrorCode = Literal[
    "empty",
    "ragged",
    "blank",
    "not_number",
    "korean_mode",
    "comma",
    "not_finite",
    "too_big",
    "stride",
    "dilation",
    "padding",
    "kernel_too_large",
]


class MatrixInputError(ValueError):
    """Bad user input, with a code and the fields of its translated message.

    Attributes:
        code: what is wrong (see :data:`ErrorCode`).
        fields: values for the message (``row``/``col`` are 1-based, as shown on screen).
    """

    def __init__(self, code: ErrorCode, message: str, **fields: object) -> None:
        super().__init__(message)
        self.code = code
        self.fields = fields


def half_width(text: str) -> str:
    """Typed text with a Korean keyboard's full-width forms read as the half-width ones.

    Each full-width character (``"１２"``, ``"－3"``, ``"１．５"``, ``"3，5"``, ``"＋"``,
    ``"ｘ"``, the full-width space) becomes what NFKC makes of it, and the minus sign
    U+2212 (``"−3"``, as the app writes negative numbers) becomes ``-``. Only
    characters whose compatibility mapping is ``<wide>`` change: NFKC's other folds
    would read the superscript of ``"3²"`` as ``"32"`` and the circled ``"①"`` as ``"1"``.

    Args:
        text: what was typed.

    Returns:
        The same text, as long, with those characters replaced.
    """
    return "".join(
        "-"
        if ch == "\u2212"
        else unicodedata.normalize("NFKC", ch)
        if unicodedata.decomposition(ch).startswith("<wide>")
        else ch
        for ch in text
    )


def typed_in_korean_mode(text: str) -> bool:
    """Whether ``text`` holds a lone Hangul letter (a jamo, U+3131..U+318E): what a
    letter key types while the keyboard is in Korean mode (the ``e`` of ``"1e3"``
    becomes ``"ㄷ"``, an ``x`` ``"ㅌ"``), so the message says to switch to English
    (half-width) input. A word typed on purpose, ``"만"``, ``"열넷"``, is not one."""
    return any("\u3131" <= ch <= "\u318e" for ch in text)


def parse_cell(value: object, row: int, col: int) -> float:
    """One grid cell as a finite float.

    Args:
        value: what the editor holds: a number, a string such as ``" 2.5 "``, ``None``.
        row, col: the cell's 0-based position (reported 1-based).

    Returns:
        The number.

    Raises:
        MatrixInputError: blank, text (``"comma"``: a number but for its commas, as
            the decimal comma of ``"2,5"`` or the grouping of ``"1,000"``, which a
            cell does not read either way; ``"korean_mode"``: text with a lone
            Hangul letter, see :func:`typed_in_korean_mode`), NaN/infinite, or larger
            than :data:`VALUE_LIMIT`. Full-width forms are read first (:func:`half_width`):
            ``"－１．５"`` is -1.5.
    """
    where = {"row": row + 1, "col": col + 1}
    text = half_width(value).strip() if isinstance(value, str) else None
    if value is None or text == "":
        raise MatrixInputError("blank", f"cell (row {row + 1}, col {col + 1}) is blank", **where)
    number: float | None = None
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    ):
        number = float(value)
    elif text is not None and "_" not in text:  # float("1_5") would be 15
        try:
            number = float(text)
        except ValueError:
            number = None
    if number is None and text is not None and _is_comma_number(text):
        raise MatrixInputError(
            "comma",
            f"cell (row {row + 1}, col {col + 1}) holds {value!r}: "
            "decimals are written with a point, and a cell takes no commas",
            value=value,
            **where,
        )
    if number is None and text is not None and typed_in_korean_mode(text):
        raise MatrixInputError(
            "korean_mode",
            f"cell (row {row + 1}, col {col + 1}) holds {value!r}, not a number: "
            "it has a Hangul letter (a keyboard in Korean mode)",
            value=value,
            **where,
        )
    if number is None:
        raise MatrixInputError(
            "not_number",
            f"cell (row {row + 1}, col {col + 1}) holds {value!r}, not a number",
            value=str(value),
            **where,
        )
    overflowed = math.isinf(number) and text is not None and "inf" not in text.lower()
    if not math.isfinite(number) and not overflowed:  # "1e309" is a number, too big for us
        raise MatrixInputError(
            "not_finite",
            f"cell (row {row + 1}, col {col + 1}) holds {value!r}, not a finite number",
            value=str(value),
            **where,
        )
    if abs(number) > VALUE_LIMIT:
        raise MatrixInputError(
            "too_big",
            f"cell (row {row + 1}, col {col + 1}) holds {value!r}, beyond ±{VALUE_LIMIT:,.0f}",
            value=str(value),
            limit=f"{VALUE_LIMIT:,.0f}",  # 1,000,000: thousands grouped, as the app writes them
            **where,
        )
    return number


def _is_comma_number(text: str) -> bool:
    """Whether ``text`` (read by :func:`half_width`) has a comma and reads as a number
    once its commas are gone."""
    if "," not in text or "_" in text:  # "1_0,5": not a number either way
        return False
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def parse_matrix(cells: Sequence[Sequence[object]]) -> NDArray[np.float64]:
    """A grid of cells (rows of values, e.g. an editor's table) as an ``(R, C)`` matrix.

    Args:
        cells: ``R`` rows of ``C`` cells each.

    Returns:
        ``(R, C)`` float64.

    Raises:
        MatrixInputError: no cells, rows of different lengths, or a bad cell (the
            first one in reading order, see :func:`parse_cell`).
    """
    rows = [list(row) for row in cells]
    if not rows or not rows[0]:
        raise MatrixInputError("empty", f"the matrix has no cells, got {cells!r}")
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        raise MatrixInputError(
            "ragged", f"rows have different lengths {sorted(widths)}", widths=sorted(widths)
        )
    return np.array(
        [[parse_cell(v, r, c) for c, v in enumerate(row)] for r, row in enumerate(rows)]
    )


def check_window(
    in_hw: tuple[int, int],
    kernel_hw: tuple[int, int],
    *,
    stride: int,
    padding: int | Literal["valid", "same"],
    dilation: int = 1,
) -> None:
    """Check that a kernel (or pooling window) can slide over the input at least once.

    Args:
        in_hw: input ``(H, W)``.
        kernel_hw: kernel or window ``(KH, KW)``.
        stride: S, must be >= 1.
        padding: P >= 0 zeros on each side, ``"valid"`` or ``"same"`` (always fits).
        dilation: must be >= 1.

    Raises:
        MatrixInputError: stride or dilation < 1, negative padding, or a (dilated)
            kernel larger than the padded input.
    """
    if stride < 1:
        raise MatrixInputError("stride", f"stride must be >= 1, got {stride!r}", value=stride)
    if dilation < 1:
        raise MatrixInputError(
            "dilation", f"dilation must be >= 1, got {dilation!r}", value=dilation
        )
    if padding == "same":
        return
    p = 0 if padding == "valid" else int(padding)
    if p < 0:
        raise MatrixInputError("padding", f"padding must be >= 0, got {padding!r}", value=p)
    eh, ew = (effective_kernel(k, dilation) for k in kernel_hw)
    ph, pw = in_hw[0] + 2 * p, in_hw[1] + 2 * p
    if eh > ph or ew > pw:
        raise MatrixInputError(
            "kernel_too_large",
            f"kernel {kernel_hw[0]}x{kernel_hw[1]} (span {eh}x{ew}) is larger than the "
            f"padded input {ph}x{pw} (padding {padding!r})",
            kh=kernel_hw[0],
            kw=kernel_hw[1],
            eh=eh,
            ew=ew,
            ph=ph,
            pw=pw,
        )


def resize_cells(cells: Sequence[Sequence[str]], rows: int, cols: int) -> list[list[str]]:
    """Resize a text grid to ``rows x cols``: top-left cells kept as typed, new cells ``"0"``.

    Args:
        cells: the current grid (any size, may be empty).
        rows, cols: the new size, each >= 1.

    Returns:
        A new ``rows x cols`` list of lists of strings.

    Raises:
        ValueError: ``rows`` or ``cols`` < 1.
    """
    if rows < 1 or cols < 1:
        raise ValueError(f"a grid needs at least 1x1 cells, got {rows}x{cols}")
    old = [list(row) for row in cells]

    def cell(r: int, c: int) -> str:
        if r < len(old) and c < len(old[r]):
            return "" if old[r][c] is None else str(old[r][c])
        return "0"

    return [[cell(r, c) for c in range(cols)] for r in range(rows)]


def to_cells(matrix: NDArray[np.float64], decimals: int = 3) -> list[list[str]]:
    """An ``(R, C)`` matrix as the editor's text grid (``3`` not ``3.0``), at most
    ``decimals`` decimals (a shared link's grid keeps the 6 it may carry)."""
    return [[format_number(v, decimals) for v in row] for row in np.asarray(matrix, dtype=float)]
