"""Inline pictures for st.image (ui/images.py)."""

from __future__ import annotations

import base64

import cv2
import numpy as np
import pytest

from cnn_core.paths import SAMPLES_DIR
from ui.images import DISPLAY_SIDE, MAX_SIDE, display_image, image_url


def _decode(url: str) -> np.ndarray:
    header, _, payload = url.partition(",")
    assert header in ("data:image/png;base64", "data:image/jpeg;base64"), header
    image = cv2.imdecode(np.frombuffer(base64.b64decode(payload), np.uint8), cv2.IMREAD_UNCHANGED)
    assert image is not None
    return image


def test_a_small_float_image_is_enlarged_sharp_and_scaled_to_uint8():
    x = np.zeros((28, 28), np.float32)
    x[10:18, 10:18] = 1.0
    shown = _decode(image_url(x))
    factor = DISPLAY_SIDE // 28
    assert shown.shape == (28 * factor, 28 * factor) and shown.dtype == np.uint8
    assert set(np.unique(shown)) == {0, 255}  # nearest neighbour: no blur


def test_a_large_colour_image_is_shrunk_and_keeps_its_colours():
    red = np.zeros((750, 1000, 3), np.uint8)
    red[..., 0] = 255  # RGB red
    shown = display_image(red)
    assert max(shown.shape[:2]) == MAX_SIDE
    decoded = _decode(image_url(red))  # PNG decodes as BGR
    assert decoded.shape == (*shown.shape[:2], 3)
    assert decoded[0, 0].tolist() == [0, 0, 255]


def test_a_sample_file_is_inlined_as_it_is():
    path = sorted((SAMPLES_DIR / "sketches").glob("*.jpg"))[0]
    url = image_url(path)
    assert url.startswith("data:image/jpeg;base64,")
    assert base64.b64decode(url.partition(",")[2]) == path.read_bytes()


@pytest.mark.parametrize("shape", [(1, 1), (5, 400), (400, 5, 3)])
def test_odd_shapes_still_give_a_picture(shape):
    assert _decode(image_url(np.full(shape, 128, np.uint8))).size > 0


@pytest.mark.parametrize("channels", [(), (3,)])
def test_a_tall_picture_made_square_keeps_its_pixels_between_clear_margins(channels):
    tall = np.full((170, 47, *channels), 200, np.uint8)  # the crop of a drawn "1"
    shown = display_image(tall)
    square = _decode(image_url(tall, square=True))
    side = shown.shape[0]
    assert square.shape == (side, side, 4)  # BGRA
    opaque = np.flatnonzero(square[0, :, 3])
    assert len(opaque) == shown.shape[1] and opaque[0] == (side - shown.shape[1]) // 2
    assert (square[:, opaque, :3] == 200).all() and not square[:, : opaque[0], 3].any()
    wide = np.zeros((47, 170), np.uint8)
    assert _decode(image_url(wide, square=True)).shape == display_image(wide).shape
