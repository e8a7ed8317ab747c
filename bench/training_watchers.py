"""A class sitting on the training page while the teacher's runs train and end.

Each student's tab (``app_harness.wire``) opens the training page and then reruns its
live view every :data:`~app_pages.training.live.OTHERS_POLL_S` seconds, as the
browser's timer asks. The view shows a classmate's new run by itself, and when a run
it showed ends it reruns the whole page (results, class board): those whole-page
reruns arrive together, one per student, and are timed apart. The students open the
page within the same second, so their timers are in step: the worst case.

    .venv/bin/python bench/training_watchers.py              # 20 students, 2 quick runs
    .venv/bin/python bench/training_watchers.py --students 30 --trainings 1
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from yardstick import yardstick_line  # bench/, next to this script

from app_harness.burst import Teacher, percentile
from app_harness.driver import running_server
from app_harness.wire import WireSession
from app_pages.training.live import OTHERS_POLL_S

RUNS_TIMEOUT_S = 600.0


async def student(url: str, polls: list[float], wholes: list[float], errors: list[str], stop):
    """One tab on the training page, rerunning its live view until ``stop`` is set."""
    async with WireSession(url) as tab:
        await tab.open()
        await tab.rerun("training")
        while not stop.is_set():
            await asyncio.sleep(OTHERS_POLL_S)
            if not tab.auto_reruns:
                errors.append("the live view stopped polling")
                return
            run = await tab.rerun_fragment(next(iter(tab.auto_reruns)))
            polls.append(run.seconds)
            errors.extend(run.exceptions())
            if any(e.WhichOneof("type") == "heading" for e in run.elements):
                wholes.append(run.seconds)  # a run ended: the whole page ran


def spread(name: str, seconds: list[float]) -> str:
    if not seconds:
        return f"{name}: none"
    p95 = percentile(seconds, 0.95)
    return (
        f"{name}: {len(seconds)}, p50 {statistics.median(seconds):.2f} s, "
        f"p95 {p95:.2f} s, max {max(seconds):.2f} s"
    )


async def lesson(url: str, students: int, trainings: int) -> list[str]:
    polls: list[float] = []
    wholes: list[float] = []
    errors: list[str] = []
    stop = asyncio.Event()
    tabs = [asyncio.create_task(student(url, polls, wholes, errors, stop)) for _ in range(students)]
    await asyncio.sleep(2 * OTHERS_POLL_S)  # every tab open and polling
    async with Teacher(url) as teacher:
        await teacher.start_runs(trainings)
        start = time.monotonic()
        done = await teacher.wait_done(RUNS_TIMEOUT_S)
        trained = f"runs ended in {time.monotonic() - start:.0f} s" if done else "runs not ended"
        errors.extend(teacher.problems)
    await asyncio.sleep(2 * OTHERS_POLL_S)  # every tab has seen the last end
    stop.set()
    await asyncio.gather(*tabs)
    return [
        f"students={students} trainings={trainings}: {trained}",
        spread("live-view polls", polls),
        spread("whole-page reruns after a run ended", wholes),
        f"errors={len(errors)} {errors[:3]}",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--trainings", type=int, default=2, help="quick runs the teacher starts")
    args = parser.parse_args()
    print(yardstick_line(), flush=True)
    base = Path(tempfile.mkdtemp(prefix="watchers-"))
    (base / "runs").mkdir()
    with running_server(base / "runs", base / "streamlit.log") as server:
        lines = asyncio.run(lesson(server.url, args.students, args.trainings))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
