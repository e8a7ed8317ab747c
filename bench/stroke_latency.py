"""Server time from a finished stroke to the answer, and occlusion's time (issue 13).

Stroke: the canvas's 336×336 PNG (a 7 in dark ink, different each time) -> the
upload's preprocessing -> one ``model(x)``: median and p95 over N strokes on the
shipped digit model (target: median <= 150 ms). Occlusion: patch 4, stride 2 on a
28×28 input of the shipped Fashion model, all positions in one batch (target:
<= 300 ms). Both warm (the first call, which builds the graph, is left out).

Run: .venv/bin/python bench/stroke_latency.py [--strokes 50]
"""

from __future__ import annotations

import argparse
import statistics
import time

import cv2
import numpy as np

from app_harness.burst import percentile
from cnn_core import catalog, inspection, occlusion, preprocess


def canvas_png(seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    image = np.full((336, 336, 4), 255, np.uint8)
    dx, dy = (int(v) for v in rng.integers(-40, 40, 2))
    width = int(rng.integers(8, 30))
    cv2.line(image, (60 + dx, 60 + dy), (250 + dx, 60 + dy), (17, 17, 17, 255), width)
    cv2.line(image, (250 + dx, 60 + dy), (130 + dx, 290 + dy), (17, 17, 17, 255), width)
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def shipped(name: str):
    entry = next(e for e in catalog.list_models() if e.key == f"shipped:{name}")
    return entry, catalog.load_model(entry.model_path)


def timed(fn, repeats: int) -> list[float]:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=50)
    parser.add_argument("--occlusions", type=int, default=20)
    args = parser.parse_args()

    entry, digits = shipped("mnist_digits")
    settings = entry.prep_settings
    pngs = [canvas_png(i) for i in range(args.strokes + 1)]

    def stroke(i: int) -> None:
        x = preprocess.prepare(pngs[i], settings).model_input
        inspection.predict_proba(digits, x)

    stroke(args.strokes)  # warm
    cpu = time.process_time()
    times = timed(stroke, args.strokes)
    cpu_ms = (time.process_time() - cpu) * 1000 / args.strokes
    print(
        f"stroke -> answer (digit model, {args.strokes} strokes): median "
        f"{statistics.median(times):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"CPU {cpu_ms:.1f} ms per stroke (target: median <= 150 ms)"
    )

    _, fashion = shipped("fashion_cnn")
    x = np.random.default_rng(0).random((1, 28, 28, 1), dtype=np.float32)
    occlusion.occlusion_map(fashion, x, 0, patch=4, stride=2)  # warm

    def occlude(i: int) -> None:
        occlusion.occlusion_map(fashion, x, i % 10, patch=4, stride=2)

    times = timed(occlude, args.occlusions)
    print(
        f"occlusion (Fashion model, 28x28, patch 4, stride 2, 169 positions in one batch): "
        f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms (target: <= 300 ms)"
    )


if __name__ == "__main__":
    main()
