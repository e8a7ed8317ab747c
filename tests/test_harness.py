"""app_harness helpers the benchmarks share: each student's own digit, the percentile."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from app_harness import student_images
from app_harness.burst import percentile


def test_each_student_draws_their_own_digit():
    first, again, second = (student_images.student_digit(i) for i in (0, 0, 1))
    assert first == again and first != second
    gray = cv2.imdecode(np.frombuffer(first, np.uint8), cv2.IMREAD_UNCHANGED)
    assert gray.ndim == 2 and gray.dtype == np.uint8


def test_a_refusal_quotes_what_it_got(monkeypatch):
    with pytest.raises(ValueError, match="got -1"):
        student_images.student_digit(-1)
    monkeypatch.setattr(student_images.cv2, "imencode", lambda ext, image: (False, None))
    with pytest.raises(ValueError, match=r"student 2's digit, uint8 \(\d+, \d+\), as PNG"):
        student_images.student_digit(2)


def test_the_benchmarks_p95_is_the_measured_value_at_the_nearest_index():
    times = [0.1 * i for i in range(1, 21)]  # 0.1 .. 2.0 s, 20 steps
    assert percentile(times, 0.95) == times[18]  # round(0.95 * 19) = 18: no interpolation
    assert percentile(list(reversed(times)), 0.5) == times[10]
    assert percentile([3.0], 0.95) == 3.0
    # not "nearest rank" (rank ceil(q * n)) nor numpy's interpolation:
    four = [1.0, 2.0, 3.0, 4.0]
    assert percentile(four, 0.5) == 3.0  # index round(1.5) = 2; nearest rank: 2nd, 2.0; numpy 2.5
    eight = [float(i) for i in range(1, 9)]
    assert percentile(eight, 0.9) == 7.0  # index round(6.3) = 6; nearest rank: 8th, 8.0
    for values, q in (([], 0.95), ([1.0], 1.5)):
        with pytest.raises(ValueError, match=f"{len(values)} values, q={q}"):
            percentile(values, q)


def test_every_benchmark_takes_its_p95_from_percentile():
    """bench/stroke_latency.py printed numpy's interpolated p95 beside the others'."""
    bench = Path(__file__).resolve().parents[1] / "bench"
    for script in sorted(bench.glob("*.py")):
        source = script.read_text(encoding="utf-8")
        assert "np.percentile" not in source and "numpy.percentile" not in source, script.name
        if "p95" in source:
            assert "from app_harness.burst import" in source, script.name
            assert "percentile(" in source, script.name
