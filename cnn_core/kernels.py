"""Named convolution kernels a lesson can try on an image.

Every kernel is float64 in the ``(KH, KW)`` layout of :func:`cnn_core.arithmetic.conv2d`
(3x3 unless noted). The keys are stable codes; the lab page translates them for
display.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray


def frozen_array(rows: ArrayLike, scale: float = 1.0) -> NDArray[np.float64]:
    """A read-only float64 array, for shared constants (callers copy before editing)."""
    array = np.array(rows, dtype=np.float64) * scale
    array.setflags(write=False)
    return array


#: The seed's 7x7 curve detector (seed 004): a stroke of 30s bending up to the right.
CURVE_DETECTOR: NDArray[np.float64] = frozen_array(
    [
        [0, 0, 0, 0, 0, 30, 0],
        [0, 0, 0, 0, 30, 0, 0],
        [0, 0, 0, 30, 0, 0, 0],
        [0, 0, 0, 30, 0, 0, 0],
        [0, 0, 0, 30, 0, 0, 0],
        [0, 0, 0, 30, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0],
    ]
)

KERNELS: dict[str, NDArray[np.float64]] = {
    "identity": frozen_array([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),
    "box_blur": frozen_array([[1, 1, 1], [1, 1, 1], [1, 1, 1]], 1 / 9),
    "gaussian_blur": frozen_array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),
    "sharpen": frozen_array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),
    # Cross-correlation (as Keras computes it): positive where brightness rises to
    # the right (sobel_x) or downwards (sobel_y).
    "sobel_x": frozen_array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),
    "sobel_y": frozen_array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),
    "laplacian": frozen_array([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),
    "edge": frozen_array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]),
    "curve_detector": CURVE_DETECTOR,  # 7x7
}


def get_kernel(name: str) -> NDArray[np.float64]:
    """A writable copy of the named kernel.

    Args:
        name: a key of :data:`KERNELS`, e.g. ``"sobel_x"``.

    Returns:
        float64 ``(KH, KW)`` array (3x3, or 7x7 for ``"curve_detector"``).

    Raises:
        ValueError: unknown name (the message lists the valid ones).
    """
    if name not in KERNELS:
        raise ValueError(f"unknown kernel {name!r}; valid names: {', '.join(KERNELS)}")
    return KERNELS[name].copy()
