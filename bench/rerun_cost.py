"""Server CPU per rerun, through the pages' real code path, and bytes per feature-maps view.

Starts the app (``app_harness.driver``) and speaks to it as one browser tab
(``app_harness.wire``). For each kind of rerun it reads the SERVER process's CPU
time (user + system of its pid, psutil) before and after, and prints the median
and the mean over ``--reruns`` reruns against the issue's targets:

- explorer activations view, activations cached (the same view rerun): <= 30 ms
- convolution lab rerun (stride 1 <-> 2 on the worked example): <= 40 ms
- a new upload on the predict page, the digit model, a distinct sketch of a 3 each
  time (upload, decode, preprocessing steps, probabilities, Grad-CAM): <= 80 ms

and the bytes the tab received for one explorer activations view (the sizes of
the run's websocket messages; pictures travel inline): <= 300 KB. The wire client
keeps no message cache, so this is what a tab that never saw the view downloads.

Linux counts process CPU in 10 ms ticks: one rerun's figure is a multiple of
10 ms, so the mean over all reruns is printed too (the finer figure) and a
target holds only when both are within it. Before measuring, the server is let
settle until it is idle (its background warm-up done) and three reruns of each
kind are left out. The yardstick epoch (``bench/yardstick.py``) runs first, in
its own process, unless ``--no-yardstick``.

    .venv/bin/python bench/rerun_cost.py [--reruns 20] [--no-yardstick]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import psutil
from yardstick import yardstick_line  # bench/, next to this script

from app_harness.driver import running_server
from app_harness.scenarios import (
    DIGIT_SKETCH_CLASS,
    STUDENT_FILE,
    activations_control,
    digit_model_title,
    upload_label,
)
from app_harness.student_images import student_digit
from app_harness.wire import Run, WireSession
from ui.i18n import t

LANG = "en"
WARM_RERUNS = 3
TARGETS_MS = {"explorer activations (cached)": 30.0, "lab (stride)": 40.0, "predict upload": 80.0}
TARGET_VIEW_KB = 300.0


def cpu_s(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def wait_idle(process: psutil.Process, timeout_s: float = 120.0) -> float:
    """Wait until the server used under 20 ms of CPU in half a second; seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        before = cpu_s(process)
        time.sleep(0.5)
        if cpu_s(process) - before < 0.02:
            break
    return time.monotonic() - start


class Measure:
    """CPU, wall time and bytes of each rerun of one kind."""

    def __init__(self, name: str):
        self.name = name
        self.cpu_ms: list[float] = []
        self.wall_ms: list[float] = []
        self.bytes: list[int] = []

    async def run(self, process: psutil.Process, rerun: Callable[[], Awaitable[Run]]) -> Run:
        before = cpu_s(process)
        run = await rerun()
        self.cpu_ms.append((cpu_s(process) - before) * 1000)
        self.wall_ms.append(run.seconds * 1000)
        self.bytes.append(run.bytes)
        return run

    def drop_warm(self) -> None:
        for values in (self.cpu_ms, self.wall_ms, self.bytes):
            del values[:WARM_RERUNS]

    def line(self) -> str:
        target = TARGETS_MS.get(self.name)
        median, mean = statistics.median(self.cpu_ms), statistics.fmean(self.cpu_ms)
        verdict = ""
        if target is not None:
            ok = median <= target and mean <= target
            verdict = f" (target <= {target:.0f} ms: {'OK' if ok else 'OVER'})"
        line = (
            f"{self.name:<30} n={len(self.cpu_ms):3d} server CPU median {median:5.1f} ms, "
            f"mean {mean:5.1f} ms{verdict}"
        )
        if self.wall_ms:
            line += (
                f"; wall median {statistics.median(self.wall_ms):6.1f} ms; "
                f"received median {statistics.median(self.bytes) / 1024:6.1f} KB"
            )
        return line


def check(run: Run, what: str, text: str | None = None) -> None:
    """Stop the benchmark on an exception box, an unfinished run or a missing text."""
    if run.exceptions() or run.status != "FINISHED_SUCCESSFULLY":
        raise RuntimeError(f"{what}: {run.status} {run.exceptions()}")
    if text is not None and text not in run.texts():
        raise RuntimeError(f"{what}: {text!r} not shown")


async def measure_all(url: str, process: psutil.Process, reruns: int) -> list[Measure]:
    explorer = Measure("explorer activations (cached)")
    lab = Measure("lab (stride)")
    predict = Measure("predict upload")
    transfer = Measure("  of which the file's transfer")
    rerun_only = Measure("  of which the page's rerun")
    first_view_bytes = 0
    async with WireSession(url, locale="en-US") as tab:
        check(await tab.open(), "open")
        wait_idle(process)  # the app's background warm-up (TensorFlow, shipped models)

        run = await tab.rerun("explorer")
        check(run, "explorer")
        view = run.widget("radio", t("explorer.view", LANG))
        run = await tab.choose(view, activations_control(LANG))
        check(run, "explorer activations", t("explorer.maps_scale_each", LANG))
        first_view_bytes = run.bytes
        wait_idle(process)
        for _ in range(reruns + WARM_RERUNS):
            run = await explorer.run(process, tab.rerun)
            check(run, "explorer activations rerun", t("explorer.maps_scale_each", LANG))
        explorer.drop_warm()

        run = await tab.rerun("lab")
        check(run, "lab")
        for i in range(reruns + WARM_RERUNS):
            stride = run.widget("number_input", t("lab.stride", LANG))
            run = await lab.run(process, lambda w=stride, i=i: tab.set_number(w, 2 - i % 2))
            check(run, "lab stride")
        lab.drop_warm()

        run = await tab.rerun("predict")
        picker = run.widget("selectbox", t("common.model", LANG))
        title = digit_model_title(LANG)
        run = await tab.choose(
            picker, next(o for o in picker.selectbox.options if o.startswith(title))
        )
        check(run, "predict model")
        answer = t("predict.answer", LANG, label=DIGIT_SKETCH_CLASS, percent="").split("(")[0]
        for i in range(reruns + WARM_RERUNS):
            uploader = run.widget("file_uploader", upload_label(LANG))
            image = student_digit(10_000 + i)  # a new student's sketch each time
            run = await predict.run(
                process, lambda u=uploader, d=image: tab.upload(u, STUDENT_FILE, d, timing=True)
            )
            check(run, "predict upload", answer)
            # the same again in two halves: the file's transfer, then the page's rerun
            uploader = run.widget("file_uploader", upload_label(LANG))
            image = student_digit(20_000 + i)
            before = cpu_s(process)
            await tab.send_file(uploader, STUDENT_FILE.name, image)
            transfer.cpu_ms.append((cpu_s(process) - before) * 1000)
            run = await rerun_only.run(process, tab.rerun)
            check(run, "predict upload (rerun only)", answer)
        for measure in (predict, transfer, rerun_only):
            measure.drop_warm()
    explorer.first_view_bytes = first_view_bytes  # type: ignore[attr-defined]
    return [explorer, lab, predict, transfer, rerun_only]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reruns", type=int, default=20, help="measured reruns per kind (20)")
    parser.add_argument(
        "--yardstick",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="first run the yardstick epoch in its own process (default: on)",
    )
    args = parser.parse_args()
    yardstick = yardstick_line() if args.yardstick else "yardstick: not run (--no-yardstick)"
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "runs"
        runs.mkdir()
        with running_server(runs, Path(tmp) / "streamlit.log") as server:
            process = psutil.Process(server.process.pid)
            measures = asyncio.run(measure_all(server.url, process, args.reruns))
            alarms = server.log_alarms()
    print(yardstick)
    print(f"server CPU per rerun (one tab, idle server otherwise), {args.reruns} reruns each:")
    for measure in measures:
        print("  " + measure.line())
    explorer = measures[0]
    view_kb = statistics.median(explorer.bytes) / 1024
    first_kb = explorer.first_view_bytes / 1024  # type: ignore[attr-defined]
    verdict = "OK" if max(view_kb, first_kb) <= TARGET_VIEW_KB else "OVER"
    print(
        f"bytes per explorer activations view: {view_kb:.0f} KB (first view {first_kb:.0f} KB) "
        f"(target <= {TARGET_VIEW_KB:.0f} KB: {verdict})"
    )
    print(f"load average {psutil.getloadavg()[0]:.1f} on {psutil.cpu_count()} CPUs")
    for alarm in alarms:
        print(f"server log:\n{alarm}")
    return 1 if alarms else 0


if __name__ == "__main__":
    sys.exit(main())
