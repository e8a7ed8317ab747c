"""Each student's own digit: the shipped sketch of a 3, drawn a little differently.

A class does not upload one file twenty times: every student draws their own 3.
:func:`student_digit` makes student ``i``'s picture from the shipped sketch
(:data:`app_harness.scenarios.DIGIT_SKETCH`) with its own shift, turn, size,
stroke thickness and paper noise, so the bytes (and the model input) differ from
every other student's and no cache entry of one student serves another, while the
shipped digit model still reads a ``"3"`` (``tests/e2e/test_burst.py`` checks it
through the page for the students of its burst).
"""

from __future__ import annotations

import cv2
import numpy as np

from cnn_core.paths import SAMPLES_DIR

SKETCH = SAMPLES_DIR / "sketches" / "digit_3.jpg"
"""The shipped paper sketch the students' digits are drawn from."""


def student_digit(index: int) -> bytes:
    """Student ``index``'s sketch of a 3 as PNG bytes (the same bytes for the same index).

    Args:
        index: the student's number (0, 1, 2, ...); each gives other bytes.

    Returns:
        A grayscale PNG the size of the shipped sketch.

    Raises:
        ValueError: ``index`` is negative, or OpenCV cannot encode the picture (the
            message gives its dtype and shape).
    """
    if index < 0:
        raise ValueError(f"index must be 0 or more, got {index!r}")
    gray = cv2.imread(str(SKETCH), cv2.IMREAD_GRAYSCALE)
    if gray is None:
        raise FileNotFoundError(SKETCH)
    rng = np.random.default_rng(1000 + index)
    height, width = gray.shape
    turn = rng.uniform(-6.0, 6.0)
    size = rng.uniform(0.85, 1.05)
    shift = rng.uniform(-0.06, 0.06, size=2) * (width, height)
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), turn, size)
    matrix[:, 2] += shift
    drawn = cv2.warpAffine(
        gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=int(np.median(gray))
    )
    thickness = int(rng.integers(0, 3))  # dark strokes on light paper: erode = thicker
    if thickness:
        drawn = cv2.erode(drawn, np.ones((thickness + 1, thickness + 1), np.uint8))
    noise = rng.normal(0.0, 4.0, size=drawn.shape)
    paper = np.clip(drawn.astype(np.float64) + noise + rng.uniform(-8, 8), 0, 255)
    picture = paper.astype(np.uint8)
    ok, encoded = cv2.imencode(".png", picture)
    if not ok:
        raise ValueError(
            f"cannot encode student {index}'s digit, {picture.dtype} {picture.shape}, as PNG"
        )
    return encoded.tobytes()
