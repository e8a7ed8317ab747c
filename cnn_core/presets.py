"""The convolution lab's teacher presets: the seeds' worked examples as plain data.

Each :class:`LabPreset` holds an input, a kernel and the layer settings; the lab
page loads one into its editors and computes everything with
:mod:`cnn_core.arithmetic`. The expected numbers are asserted in
``tests/test_kernels_presets.py``. Arrays are read-only: copy them before editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from cnn_core.kernels import CURVE_DETECTOR, frozen_array

#: The classic textbook input behind the seed 004 worked example (see design.md).
SEED_INPUT: NDArray[np.float64] = frozen_array(
    [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
)
#: The seed 004 3x3 kernel.
SEED_KERNEL: NDArray[np.float64] = frozen_array([[2, 0, 1], [0, 1, 2], [1, 0, 2]])

#: The seed's receptive field on the curved part of the mouse (the curve detector
#: answers 6600 there).
CURVED_PATCH: NDArray[np.float64] = frozen_array(
    [
        [0, 0, 0, 0, 0, 0, 30],
        [0, 0, 0, 0, 50, 50, 50],
        [0, 0, 0, 20, 50, 0, 0],
        [0, 0, 0, 50, 50, 0, 0],
        [0, 0, 0, 50, 50, 0, 0],
        [0, 0, 0, 50, 50, 0, 0],
        [0, 0, 0, 50, 50, 0, 0],
    ]
)
#: A patch without that curve (the mouse's head). The seed shows it only as a
#: picture; these numbers redraw it so that the detector's strokes all fall on
#: zeros and the response is 0.
FLAT_PATCH: NDArray[np.float64] = frozen_array(
    [
        [0, 0, 0, 0, 0, 0, 0],
        [0, 40, 0, 0, 0, 0, 0],
        [40, 0, 40, 0, 0, 0, 0],
        [40, 20, 0, 0, 0, 0, 0],
        [0, 50, 0, 0, 0, 0, 0],
        [0, 0, 50, 0, 0, 0, 0],
        [25, 25, 0, 50, 0, 0, 0],
    ]
)

#: A 4x4 feature map for the 2x2 max-pool example.
POOL_INPUT: NDArray[np.float64] = frozen_array(
    [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]
)

_CENTRE = [[0, 0, 0], [0, 1, 0], [0, 0, 0]]
_ZERO = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
#: A 4x4 RGB input: red is the seed input, green a checkerboard, blue a bright middle.
RGB_INPUT: NDArray[np.float64] = frozen_array(
    np.stack(
        [
            SEED_INPUT,
            [[0, 1, 0, 1], [1, 0, 1, 0], [0, 1, 0, 1], [1, 0, 1, 0]],
            [[1, 1, 1, 1], [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1]],
        ],
        axis=-1,
    )
)
#: Two 3x3x3 filters, Keras layout (3, 3, 3, 2): filter 0 is the seed kernel on red
#: only (its worked numbers come back), filter 1 adds the three channels of the
#: centre pixel.
RGB_KERNEL: NDArray[np.float64] = frozen_array(
    np.stack(
        [
            np.stack([SEED_KERNEL, _ZERO, _ZERO], axis=-1),
            np.stack([_CENTRE, _CENTRE, _CENTRE], axis=-1),
        ],
        axis=-1,
    )
)


@dataclass(frozen=True, eq=False)
class LabPreset:
    """One example a teacher can load into the lab (compared by identity: it holds arrays).

    Attributes:
        key: stable code (the page translates it).
        x: input, ``(H, W)`` or ``(H, W, C)``.
        kernel: ``(KH, KW)``, or ``(KH, KW, C, F)`` for multi-filter examples;
            ``None`` for pooling (a pooling window has no weights): that is how a
            pooling example is told from a convolution one.
        padding, stride, dilation, bias: convolution settings.
        pool_size, pool_mode: pooling settings (stride = pool size, as in Keras).
    """

    key: str
    x: NDArray[np.float64]
    kernel: NDArray[np.float64] | None
    padding: int | Literal["valid", "same"] = 0
    stride: int = 1
    dilation: int = 1
    bias: float = 0.0
    pool_size: int = 2
    pool_mode: Literal["max", "avg", "min"] = "max"


PRESETS: dict[str, LabPreset] = {
    preset.key: preset
    for preset in (
        # Seed 004: padding 1 keeps the 4x4 size.
        LabPreset("seed_worked", SEED_INPUT, SEED_KERNEL, padding=1),
        # Without padding: 2x2, first cell 1*2 + 2*0 + ... = 15.
        LabPreset("seed_no_padding", SEED_INPUT, SEED_KERNEL, padding=0),
        # Stride 2 keeps every other cell of the worked example; (4 + 2 - 3) / 2 is
        # not whole, so the formula shows the floor.
        LabPreset("stride2", SEED_INPUT, SEED_KERNEL, padding=1, stride=2),
        LabPreset("curve_curved", CURVED_PATCH, CURVE_DETECTOR),
        LabPreset("curve_flat", FLAT_PATCH, CURVE_DETECTOR),
        LabPreset("maxpool", POOL_INPUT, None),
        LabPreset("rgb", RGB_INPUT, RGB_KERNEL),
    )
}


@dataclass(frozen=True, eq=False)
class TransposePreset:
    """A transposed-convolution example for the lab (compared by identity: it holds arrays).

    Attributes:
        x: ``(H, W)`` input.
        kernel: ``(KH, KW)`` kernel.
        stride: S of the transposed convolution.
        padding: ``"valid"``, ``"same"`` or P.
        output_padding: ``None`` for Keras's default.
    """

    x: NDArray[np.float64]
    kernel: NDArray[np.float64]
    stride: int
    padding: int | Literal["valid", "same"]
    output_padding: int | None = None


TRANSPOSE_PRESETS: dict[str, TransposePreset] = {
    # A 4x4 input through a 3x3 convolution, stride 2, "same" becomes 2x2; this
    # transposed convolution (stride 2, "same") gives 4x4 back: the shape, not the values.
    "transpose_undo": TransposePreset(
        frozen_array([[1, 2], [3, 1]]),
        frozen_array([[1, 0, 1], [0, 2, 0], [1, 0, 1]]),
        stride=2,
        padding="same",
    ),
}
