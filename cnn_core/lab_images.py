"""Pictures for the lab's real-image tab: a drawn test picture and grayscale conversion.

No streamlit, no TensorFlow: OpenCV and numpy only.
"""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray


def synthetic_image(size: int = 96) -> NDArray[np.uint8]:
    """A drawn grayscale picture with edges in every direction and a curve.

    A filled circle, a square outline and a diagonal line on black, so that blur,
    Sobel and Laplacian kernels each show something different.

    Args:
        size: side in pixels, >= 16.

    Returns:
        ``(size, size)`` ``uint8``.

    Raises:
        ValueError: ``size`` below 16.
    """
    if size < 16:
        raise ValueError(f"size must be at least 16 pixels, got {size!r}")
    image = np.zeros((size, size), dtype=np.uint8)
    s = size / 96
    cv2.circle(image, (int(30 * s), int(32 * s)), int(18 * s), 255, thickness=-1)
    cv2.rectangle(image, (int(52 * s), int(50 * s)), (int(84 * s), int(82 * s)), 200, 3)
    cv2.line(image, (int(8 * s), int(88 * s)), (int(44 * s), int(56 * s)), 160, 2)
    return image


def to_gray(image: NDArray[np.uint8]) -> NDArray[np.float64]:
    """An ``(H, W)`` grayscale or ``(H, W, 3)`` RGB ``uint8`` image as ``(H, W)`` floats in [0, 1].

    Raises:
        ValueError: any other shape.
    """
    array = np.asarray(image)
    if array.ndim == 3 and array.shape[2] == 3:
        array = cv2.cvtColor(array, cv2.COLOR_RGB2GRAY)
    elif array.ndim != 2:
        raise ValueError(f"image must be (H, W) or (H, W, 3), got shape {array.shape}")
    return array.astype(np.float64) / 255.0
