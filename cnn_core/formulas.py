"""The size formulas as LaTeX, filled in with the user's numbers (lab and quiz alike).

Pure strings from :mod:`cnn_core.arithmetic`'s explanations, so the lab and the
quiz's worked solutions show one and the same formula view::

    >>> from cnn_core.arithmetic import explain_output_size
    >>> size_latex("OH", explain_output_size(4, 3, padding=1))
    'OH = \\\\frac{4 + 2 \\\\cdot 1 - 3}{1} + 1 = 4'
"""

from __future__ import annotations

from cnn_core.arithmetic import SizeExplanation, TransposeSize, format_number

GENERAL = r"OH = \left\lfloor \frac{H + 2P - FH}{S} \right\rfloor + 1"
"""The output size of a convolution or a pooling."""
SAME = r"OH = \left\lceil \frac{H}{S} \right\rceil"
"""The output size with Keras' ``"same"`` padding."""
TRANSPOSE_GENERAL = r"OH = (H - 1) \cdot S - 2P + FH + OP"
"""The output size of a transposed convolution (OP: output padding)."""
TRANSPOSE_SAME = r"OH = H \cdot S"
"""The output size of a transposed convolution with Keras' ``"same"`` padding."""
TRANSPOSE_SAME_OP = r"OH = (H - 1) \cdot S + (FH \bmod 2) + OP"
"""The same, with an output padding given (Keras then crops ``FH // 2`` on each side)."""


def size_latex(axis: str, ex: SizeExplanation) -> str:
    """``axis = …`` with the numbers of ``ex`` (``axis``: ``"OH"``, ``"OW"``, ``"OH = OW"``)."""
    if ex.formula.startswith("⌈"):  # "same"
        return rf"{axis} = \left\lceil \frac{{{ex.size}}}{{{ex.stride}}} \right\rceil = {ex.value}"
    before = ex.pad_before
    padded = (
        rf"2 \cdot {before}"
        if 2 * before == ex.pad_total
        else f"{before} + {ex.pad_total - before}"
    )
    frac = rf"\frac{{{ex.size} + {padded} - {ex.effective_kernel}}}{{{ex.stride}}}"
    if ex.whole:
        return rf"{axis} = {frac} + 1 = {ex.value}"
    quotient = format_number(ex.numerator / ex.stride)
    return (
        rf"{axis} = \left\lfloor {frac} \right\rfloor + 1"
        rf" = \lfloor {quotient} \rfloor + 1 = {ex.value}"
    )


def transpose_general(ex: TransposeSize) -> str:
    """The general formula that :func:`transpose_latex` fills in for ``ex``."""
    if ex.padding != "same":
        return TRANSPOSE_GENERAL
    return TRANSPOSE_SAME_OP if _output_padding_given(ex) else TRANSPOSE_SAME


def _output_padding_given(ex: TransposeSize) -> bool:
    return ex.formula.startswith("(")


def transpose_latex(axis: str, ex: TransposeSize) -> str:
    """``axis = …`` for one axis of a transposed convolution (see ``TransposeSize``), the
    numbers of :func:`transpose_general`'s formula in its order."""
    if ex.padding == "same":
        if _output_padding_given(ex):
            return (
                rf"{axis} = ({ex.size} - 1) \cdot {ex.stride} + {ex.kernel} \bmod 2"
                rf" + {ex.output_padding} = {ex.value}"
            )
        return rf"{axis} = {ex.size} \cdot {ex.stride} = {ex.value}"
    return (
        rf"{axis} = ({ex.size} - 1) \cdot {ex.stride} - 2 \cdot {ex.crop} + {ex.kernel}"
        rf" + {ex.output_padding} = {ex.value}"
    )
