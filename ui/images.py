"""Pictures for ``st.image`` as inline ``data:`` URLs.

``st.image`` given an array or a file stores it as a media file that a newer
rerun may release before a slow browser tab has fetched it (a 404 and a broken
picture under classroom load; see docs/reliability.md). An inline URL travels
with the page itself, so there is nothing to fetch and nothing to lose. Arrays
(step images, thumbnails) are shrunk to at most ``MAX_SIDE`` pixels a side; PNG bytes
made elsewhere (a grid of maps, some 900 px wide, from :mod:`cnn_core.tiles`) and
shipped sample files go as they are.
"""

from __future__ import annotations

import base64
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from cnn_core.preprocess import to_uint8

DISPLAY_SIDE = 168
"""Small images are enlarged (nearest neighbour, pixels stay sharp) to about this side."""
MAX_SIDE = 336
"""Larger images are shrunk (area averaging) to at most this side."""


def display_image(image: NDArray) -> NDArray[np.uint8]:
    """An image ready to show: uint8, small ones enlarged, large ones shrunk.

    Args:
        image: (H, W) or (H, W, 3) RGB; uint8, or float in [0, 1].

    Returns:
        (H', W') or (H', W', 3) uint8.
    """
    image = to_uint8(image)
    side = max(image.shape[:2])
    factor = DISPLAY_SIDE // side
    if factor > 1:
        size = (image.shape[1] * factor, image.shape[0] * factor)
        return cv2.resize(image, size, interpolation=cv2.INTER_NEAREST)
    if side > MAX_SIDE:
        scale = MAX_SIDE / side
        size = (max(1, round(image.shape[1] * scale)), max(1, round(image.shape[0] * scale)))
        return cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    return image


def image_url(image: NDArray | Path | bytes, *, square: bool = False) -> str:
    """A picture as an inline ``data:`` URL for ``st.image`` (nothing to fetch later).

    Args:
        image: an array as :func:`display_image` takes it (``(H, W)`` or ``(H, W, 3)``
            RGB; uint8, or float in [0, 1]), a JPEG/PNG file, or the bytes of a PNG
            made elsewhere (:mod:`cnn_core.tiles`).
        square: an array taller than wide is centred between transparent margins
            into a square, so that at a fixed width it is no taller than wide (a
            row of pictures stays one row high).
    """
    if isinstance(image, bytes):
        mime, data = "image/png", image
    elif isinstance(image, Path):
        mime = "image/png" if image.suffix.lower() == ".png" else "image/jpeg"
        data = image.read_bytes()
    else:
        shown = display_image(image)
        if shown.ndim == 3:
            shown = cv2.cvtColor(shown, cv2.COLOR_RGB2BGR)
        if square and shown.shape[0] > shown.shape[1]:
            shown = _between_clear_margins(shown)
        ok, encoded = cv2.imencode(".png", shown)
        if not ok:
            raise ValueError(f"cannot encode an image of shape {shown.shape} as PNG")
        mime, data = "image/png", encoded.tobytes()
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _between_clear_margins(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """``(H, W)`` grey or ``(H, W, 3)`` BGR, ``H > W`` -> ``(H, H, 4)`` BGRA, centred."""
    height, width = image.shape[:2]
    left = (height - width) // 2
    square = np.zeros((height, height, 4), np.uint8)
    square[:, left : left + width, :3] = image[..., np.newaxis] if image.ndim == 2 else image
    square[:, left : left + width, 3] = 255
    return square
