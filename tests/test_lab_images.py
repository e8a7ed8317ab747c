"""cnn_core.lab_images: the drawn test picture and grayscale conversion."""

from __future__ import annotations

import numpy as np
import pytest

from cnn_core.arithmetic import conv2d
from cnn_core.kernels import get_kernel
from cnn_core.lab_images import synthetic_image, to_gray


def test_synthetic_image_has_shapes_with_edges_in_both_directions():
    image = synthetic_image(96)
    assert image.shape == (96, 96) and image.dtype == np.uint8
    assert image.max() == 255 and (image == 0).mean() > 0.5
    gray = to_gray(image)
    for name in ("sobel_x", "sobel_y"):
        assert np.abs(conv2d(gray, get_kernel(name), padding="same")).max() > 1


def test_synthetic_image_rejects_tiny_sizes():
    with pytest.raises(ValueError, match="got 8"):
        synthetic_image(8)


def test_to_gray_scales_to_unit_range_and_converts_rgb():
    rgb = np.zeros((2, 3, 3), dtype=np.uint8)
    rgb[0, 0] = (255, 255, 255)
    rgb[1, 2] = (255, 0, 0)
    gray = to_gray(rgb)
    assert gray.shape == (2, 3) and gray[0, 0] == 1.0 and 0.2 < gray[1, 2] < 0.4
    np.testing.assert_array_equal(to_gray(np.full((2, 2), 51, np.uint8)), np.full((2, 2), 0.2))
    with pytest.raises(ValueError, match=r"\(2, 2, 4\)"):
        to_gray(np.zeros((2, 2, 4), np.uint8))
