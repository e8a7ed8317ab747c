"""Occlusion sensitivity: hide one patch of the image at a time and watch the answer.

A grey square (``fill``, 0.5 by default: middle grey for inputs in [0, 1]) is slid
over the input with a chosen ``patch`` size and ``stride``; every position gives one
occluded copy, and the copies go through the model in batches made one at a time
(one ``model(x)`` call for the 784-pixel inputs of the course; beyond, at most
:data:`MAX_BATCH` copies and :data:`MAX_BATCH_FLOATS` input numbers a call, so a
large input never holds all its copies, nor their activations, at once).
The drop of the chosen class's probability at each position says how much the
model relied on what the patch hid.

Grad-CAM (:func:`cnn_core.inspection.grad_cam`) reads the gradients of one forward
pass; occlusion changes the input and measures the effect, so it needs no access to
the model's insides but one prediction per position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

MAX_BATCH = 1024
"""At most this many occluded copies go through the model in one call."""
MAX_BATCH_FLOATS = 1 << 20
"""At most this many input numbers (4 MB) in one call: 1,024 copies of a 28×28 image,
6 of a 224×224×3 one (whose activations, per copy, may be a hundred MB)."""
MAX_POSITIONS = 16_384
"""More positions than this (a tiny stride over a large photo) is refused."""
DEFAULT_FILL = 0.5
"""The patch's value: middle grey for an input in [0, 1]."""


@dataclass(frozen=True)
class Occlusion:
    """The result of :func:`occlusion_map`.

    Attributes:
        drops: ``(rows, cols)`` float32: the class probability without occlusion
            minus with the patch at each position (positive: the patch hurt).
        heat: ``(H, W)`` float32: for every input pixel, the mean drop of the
            positions whose patch covered it (what is drawn over the image).
        base: the class probability of the untouched input.
        class_index: the class measured.
        patch: the patch's side in pixels.
        stride: the step between positions in pixels.
    """

    drops: NDArray[np.float32]
    heat: NDArray[np.float32]
    base: float
    class_index: int
    patch: int
    stride: int

    @property
    def share_lost(self) -> NDArray[np.float32]:
        """``(H, W)`` in ``[0, 1]``: :attr:`heat` as a share of :attr:`base` (1 where
        hiding the pixel takes the whole probability away; a rise counts as 0)."""
        if self.base <= 0.0:
            return np.zeros_like(self.heat)
        return np.clip(self.heat / np.float32(self.base), 0.0, 1.0)

    @property
    def peak(self) -> tuple[int, int, float]:
        """``(top, left, drop)`` of the patch position with the largest drop.

        ``top`` and ``left`` are that position's real starts (:func:`positions`): in
        the last row or column, flush with the edge rather than a multiple of ``stride``.
        """
        row, col = np.unravel_index(int(np.argmax(self.drops)), self.drops.shape)
        height, width = self.heat.shape
        top = positions(height, self.patch, self.stride)[row]
        left = positions(width, self.patch, self.stride)[col]
        return top, left, float(self.drops[row, col])


def positions(size: int, patch: int, stride: int) -> list[int]:
    """The start of every patch along one side, the last one flush with the edge.

    >>> positions(28, 4, 2)[:3], positions(28, 4, 2)[-1], len(positions(28, 4, 2))
    ([0, 2, 4], 24, 13)
    >>> positions(10, 4, 4)  # 0, 4 and then 6 so the last two pixels are covered too
    [0, 4, 6]
    """
    starts = list(range(0, size - patch + 1, stride))
    if starts[-1] != size - patch:
        starts.append(size - patch)
    return starts


def occluded_batch(
    x: NDArray,
    patch: int,
    stride: int,
    fill: float = DEFAULT_FILL,
    *,
    start: int = 0,
    stop: int | None = None,
) -> tuple[NDArray[np.float32], list[int], list[int]]:
    """The occluded copies of one image, for positions ``start:stop`` (all by default).

    Args:
        x: ``(1, H, W, C)`` float32.
        patch, stride, fill: see :func:`occlusion_map`.
        start, stop: a slice of the positions, numbered row by row.

    Returns:
        ``(batch, tops, lefts)``: ``(N, H, W, C)`` copies for the ``N`` positions of
        the slice, row by row, and the patch starts along each axis (all of them).

    Raises:
        ValueError: bad ``x``, ``patch`` or ``stride`` (the message echoes them).
    """
    x = np.asarray(x, dtype=np.float32)
    if x.ndim != 4 or x.shape[0] != 1:
        raise ValueError(f"x must be one image (1, H, W, C), got shape {x.shape}")
    height, width = x.shape[1:3]
    for name, value in (("patch", patch), ("stride", stride)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive int, got {value!r}")
    if patch > min(height, width):
        raise ValueError(f"patch {patch} is larger than the {height}×{width} image")
    tops, lefts = positions(height, patch, stride), positions(width, patch, stride)
    count = len(tops) * len(lefts)
    if count > MAX_POSITIONS:
        raise ValueError(
            f"patch {patch} with stride {stride} gives {count} positions on a "
            f"{height}×{width} image; at most {MAX_POSITIONS} are allowed"
        )
    chosen = range(count)[start:stop]
    batch = np.repeat(x, len(chosen), axis=0)
    for copy, position in zip(batch, chosen, strict=True):
        top, left = tops[position // len(lefts)], lefts[position % len(lefts)]
        copy[top : top + patch, left : left + patch, :] = fill
    return batch, tops, lefts


def occlusion_map(
    model: Any,
    x: NDArray,
    class_index: int,
    *,
    patch: int = 4,
    stride: int = 2,
    fill: float = DEFAULT_FILL,
) -> Occlusion:
    """How much the probability of ``class_index`` drops as a grey patch hides each place.

    Args:
        model: a Keras classifier (see :func:`cnn_core.inspection.predict_proba`).
        x: ``(1, H, W, C)`` float32, the model's input.
        class_index: the class to measure.
        patch: the patch's side in pixels, ``1 <= patch <= min(H, W)``.
        stride: pixels between two positions, ``>= 1`` (the last position of each
            row and column is flush with the edge, so every pixel is covered).
        fill: the patch's value.

    Returns:
        An :class:`Occlusion`.

    Raises:
        ValueError: bad ``x``, ``class_index``, ``patch`` or ``stride``.
    """
    from cnn_core.inspection import predict_proba

    _, tops, lefts = occluded_batch(x, patch, stride, fill, stop=0)  # checks the arguments
    base_probs = predict_proba(model, np.asarray(x, dtype=np.float32))[0]
    if isinstance(class_index, bool) or not 0 <= int(class_index) < len(base_probs):
        raise ValueError(f"class_index {class_index!r} is outside 0..{len(base_probs) - 1}")
    class_index = int(class_index)
    count = len(tops) * len(lefts)
    step = max(1, min(MAX_BATCH, MAX_BATCH_FLOATS // int(np.prod(np.shape(x)[1:]))))
    probs = np.concatenate(
        [
            predict_proba(
                model, occluded_batch(x, patch, stride, fill, start=start, stop=start + step)[0]
            )[:, class_index]
            for start in range(0, count, step)
        ]
    )
    base = float(base_probs[class_index])
    drops = (base - probs).reshape(len(tops), len(lefts)).astype(np.float32)
    return Occlusion(
        drops=drops,
        heat=spread(drops, tops, lefts, patch, x.shape[1:3]),
        base=base,
        class_index=class_index,
        patch=patch,
        stride=stride,
    )


def spread(
    drops: NDArray, tops: list[int], lefts: list[int], patch: int, size: tuple[int, int]
) -> NDArray[np.float32]:
    """Per-pixel mean of the drops of the patch positions covering each pixel.

    Args:
        drops: ``(len(tops), len(lefts))``.
        tops, lefts: the patch starts (:func:`positions`).
        patch: the patch's side.
        size: ``(H, W)`` of the input.

    Returns:
        ``(H, W)`` float32 (every pixel is covered at least once).
    """
    total = np.zeros(size, np.float64)
    count = np.zeros(size, np.float64)
    for i, top in enumerate(tops):
        for j, left in enumerate(lefts):
            total[top : top + patch, left : left + patch] += drops[i, j]
            count[top : top + patch, left : left + patch] += 1
    return (total / np.maximum(count, 1)).astype(np.float32)
