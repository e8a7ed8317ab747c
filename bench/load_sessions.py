"""A class at once: one app server, N students in one burst on loopback, printed.

What the issue asks to measure (on the 2-core machine; figures differ 2-3x between
machines of the same kind, so the yardstick epoch of ``bench/yardstick.py`` is
measured first, in its own process, and printed beside them):

- ``--students N`` (default 20) start within ``--spread-s`` (default 1 s) of each
  other. Each opens the app (that first page load counts), tours every page, picks
  the shipped digit model on the predict page and uploads their own sketch of a 3
  (``app_harness.student_images``: distinct bytes per student, so no student is
  served from another's cache; an answer other than "3" is an error), and opens
  the explorer's activation maps. No warm-up user goes first unless ``--warm-up``;
  with ``--teacher-lead-s S`` the teacher's projector opens the home page S seconds
  before the class (it starts the server's background warm-up, as in a lesson),
  else the class is the first the server sees and meets the warm-up under way.
- ``--trainings N`` (default 0): first the teacher's tab (``app_harness.burst``)
  clicks the training page's "quick" preset, picks ``--train-subset`` images (a
  choice of the page: all, 10000 or 2000; smaller is for CI) and clicks Start N
  times; the burst starts once every run shows an epoch's progress, while the
  teacher's tab keeps rerunning the live view every second; afterwards every run
  must end "finished" (nothing lost, no run disturbed).

Prints the errors (exception boxes, unfinished runs, missing texts, timeouts,
server tracebacks, failed runs; target 0), the p50 / p95 of every step and of all
steps together (targets: 20 students p95 <= 2 s and p50 <= 0.5 s; 30 students
p95 <= 3 s), and the peak memory of the server process and its children (the
training workers), sampled every 0.2 s as the sum of RSS and of PSS (target
<= 2.5 GB).

Two kinds of client:

- ``--clients wire`` (default): each student speaks Streamlit's websocket protocol
  (``app_harness/wire.py``), sending what a browser tab sends; a step is timed from
  the request (for an upload, from the file's drop) to the run's ``script_finished``.
  This is the server's time: in a classroom each tab renders on a student's laptop.
- ``--clients browser``: each student is a Chromium tab (own context) on this
  machine; a step is timed until Streamlit finished rendering. On a small machine
  the tabs' rendering takes most of the CPU, so this measures the machine's browsers.

    .venv/bin/python bench/load_sessions.py [--students 20] [--trainings 0|2]
        [--train-subset all|10000|2000] [--spread-s 1] [--clients wire|browser]
        [--warm-up] [--no-yardstick] [--limit-s 900]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from yardstick import yardstick_line  # bench/, next to this script

from app_harness.burst import ALL_IMAGES, percentile, run_burst
from app_harness.driver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION_SELECTOR,
    RENDERED_JS,
    PageErrors,
    running_server,
)
from app_harness.scenarios import (
    DIGIT_SKETCH_CLASS,
    PAGE_ORDER,
    STUDENT_FILE,
    activations_control,
    digit_model_title,
    wire_tour,
)
from app_harness.student_images import student_digit
from app_harness.wire import WireSession
from cnn_core.runs import RunStore
from ui.i18n import t

SETTLE_S = 0.3
STEP_TIMEOUT_MS = 120_000
TARGETS = {20: (0.5, 2.0), 30: (None, 3.0)}
"""Students -> (p50, p95) targets in seconds over all steps (the issue's)."""
MEMORY_TARGET_MB = 2560


class MemorySampler(threading.Thread):
    """Samples the memory of a process and its children every ``every_s``; keeps the peaks.

    Two sums over the process tree: RSS (each process's resident pages; pages shared
    between processes, such as TensorFlow's libraries in every training worker, are
    counted once per process) and PSS (shared pages divided among their sharers: the
    tree's physical memory). Also counts the CPU seconds of the tree (a worker that
    ended counts up to its last sample) and those the whole machine used meanwhile.
    """

    def __init__(self, pid: int, every_s: float = 0.2):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every_s = every_s
        self.peak = 0
        self.peak_pss = 0
        self.first = 0
        self.most_processes = 1
        self._cpu: dict[int, float] = {}
        self._cpu_start = 0.0
        self._stop_event = threading.Event()

    def sample(self) -> tuple[int, int]:
        """``(rss, pss)`` summed over the tree; records each process's CPU seconds."""
        rss = pss = 0
        processes = [self.root, *self.root.children(recursive=True)]
        self.most_processes = max(self.most_processes, len(processes))
        for proc in processes:
            with contextlib.suppress(psutil.Error):
                memory = proc.memory_full_info()
                rss += memory.rss
                pss += memory.pss
                times = proc.cpu_times()
                self._cpu[proc.pid] = times.user + times.system
        return rss, pss

    @staticmethod
    def machine_busy_s() -> float:
        times = psutil.cpu_times()
        return sum(times) - times.idle - getattr(times, "iowait", 0.0)

    def run(self) -> None:
        self.first, _ = self.sample()
        self._cpu_start = sum(self._cpu.values())
        self.machine_cpu = -self.machine_busy_s()
        while not self._stop_event.is_set():
            rss, pss = self.sample()
            self.peak, self.peak_pss = max(self.peak, rss), max(self.peak_pss, pss)
            self._stop_event.wait(self.every_s)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.sample()
        self.server_cpu = sum(self._cpu.values()) - self._cpu_start
        self.machine_cpu += self.machine_busy_s()


async def wait_rendered(page) -> float:
    """Wait until Streamlit finished the last run and stays finished; seconds from now."""
    start = time.monotonic()
    while True:
        await page.wait_for_function(RENDERED_JS, timeout=STEP_TIMEOUT_MS)
        await asyncio.sleep(SETTLE_S)
        if await page.evaluate(RENDERED_JS):
            return time.monotonic() - start - SETTLE_S


async def nav(page, name: str) -> None:
    path = "" if name == "home" else name
    links = page.locator('[data-testid="stSidebarNavLink"]')
    for i in range(await links.count()):
        href = (await links.nth(i).get_attribute("href") or "").rstrip("/")
        end = href.rsplit("/", 1)[-1]
        if end == path or (not path and ":" in end):
            await links.nth(i).click()
            return
    raise RuntimeError(f"no sidebar link to {name}")


async def browser_predict(page, lang: str, image: bytes) -> float:
    """On the predict page: pick the digit model, upload ``image``, see its answer.

    Returns:
        seconds from the upload to the rendered answer.

    Raises:
        RuntimeError: the answer shown is not the sketch's digit.
    """
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=t("common.model", lang))
    await box.first.locator('[role="combobox"], input').first.click()
    await page.get_by_role("option").filter(has_text=digit_model_title(lang)).first.click()
    await wait_rendered(page)
    start = time.monotonic()
    upload = {"name": STUDENT_FILE.name, "mimeType": "image/png", "buffer": image}
    await page.locator('input[type="file"]').first.set_input_files(upload)
    await page.locator('[data-testid="stFileChip"]').first.wait_for()
    await page.locator('[data-testid="stFileChipIconSpinner"]').wait_for(state="detached")
    await page.get_by_text(t("predict.result_header", lang), exact=True).wait_for()
    await wait_rendered(page)
    seconds = time.monotonic() - start
    answer = t("predict.answer", lang, label=DIGIT_SKETCH_CLASS, percent="%")
    answer = answer.replace("**", "").split("%")[0]  # "3 (probability "
    shown = await page.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
    if not any(text.strip().startswith(answer) for text in shown):
        raise RuntimeError(f"{answer!r} not shown")
    return seconds


async def browser_tour(browser, url: str, index: int, rounds: int) -> tuple[list, list]:
    """Student ``index`` in a Chromium tab: the wire tour's steps, rendered."""
    lang = "ko" if index % 2 else "en"
    image = student_digit(index)
    times: list[tuple[str, float]] = []
    errors: list[str] = []
    locale = {"ko": "ko-KR", "en": "en-US"}[lang]
    context = await browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)  # a loaded 2-core machine is slow
    page = await context.new_page()
    seen = PageErrors()
    seen.attach(page)
    step = "open"
    try:
        start = time.monotonic()
        await page.goto(url, wait_until="commit", timeout=STEP_TIMEOUT_MS)
        await wait_rendered(page)
        times.append(("open", time.monotonic() - start))
        for _ in range(rounds):
            for name in PAGE_ORDER:
                step = name
                start = time.monotonic()
                await nav(page, name)
                await page.wait_for_url(f"**/{'' if name == 'home' else name}")
                await wait_rendered(page)
                times.append((name, time.monotonic() - start))
                if name == "predict":
                    step = "predict upload"
                    times.append((step, await browser_predict(page, lang, image)))
                if name == "explorer":
                    step = "explorer activations"
                    start = time.monotonic()
                    await page.get_by_text(activations_control(lang), exact=True).click()
                    await wait_rendered(page)
                    times.append((step, time.monotonic() - start))
                if await page.locator(EXCEPTION_SELECTOR).count():
                    errors.append(f"{lang} {step}: exception box")
    except Exception as err:  # a timeout or a missing element is one error, not a crash
        errors.append(f"{lang} {step}: {type(err).__name__}: {err}")
    finally:
        errors.extend(f"{lang}: {message}" for message in seen.messages)
        await context.close()
    return times, errors


async def run_load(args, url: str) -> tuple[list, list, list[str], list]:
    """The optional warm-up user, the teacher's runs, the students' burst.

    Returns:
        ``(times, problems, job_ids, notes)``.
    """
    notes: list[str] = []
    problems: list[str] = []
    rounds = args.rounds
    browser = None
    playwright_context = contextlib.AsyncExitStack()
    async with playwright_context:
        if args.clients == "browser":
            from playwright.async_api import async_playwright

            playwright = await playwright_context.enter_async_context(async_playwright())
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )

        async def one(index: int, url: str, started: list[float], ended: list[float]):
            started.append(time.monotonic())
            if browser is not None:
                times, errors = await browser_tour(browser, url, index, rounds)
            else:
                lang = "ko" if index % 2 else "en"
                times, errors = await wire_tour(url, lang, rounds, image=student_digit(index))
            ended.append(time.monotonic())
            return times, [f"student {index} {error}" for error in errors], []

        if args.teacher_lead_s > 0:  # the teacher's projector shows the home page first
            async with WireSession(url, locale="ko-KR") as teacher:
                opened = await teacher.open()
                notes.append(
                    f"teacher opened the home page {args.teacher_lead_s:g} s before the class "
                    f"({opened.seconds:.2f} s; the server's warm-up started then)"
                )
                await asyncio.sleep(args.teacher_lead_s)
        if args.warm_up:  # the teacher's own tour before the class (not counted)
            times, errors, _ = await one(10_000, url, [], [])
            problems.extend(f"warm-up {error}" for error in errors)
            notes.append("warm-up user: " + ", ".join(f"{s} {sec:.1f} s" for s, sec in times))
        result = await run_burst(
            url,
            args.students,
            trainings=args.trainings,
            train_subset=args.train_subset,
            spread_s=args.spread_s,
            wait_training_s=args.wait_training_s,
            done_timeout_s=args.limit_s,
            student_fn=one,
        )
        if browser is not None:
            await browser.close()
    problems.extend(result.problems)
    notes.append(
        f"students started within {result.start_spread_s:.2f} s; burst wall {result.wall_s:.1f} s"
    )
    polls = [sec for step, sec in result.teacher_times if step == "live view"]
    if polls:
        notes.append(
            f"teacher's live view: {len(polls)} reruns, p50 {statistics.median(polls):.2f} s, "
            f"p95 {percentile(polls, 0.95):.2f} s"
        )
    return result.times, problems, result.job_ids, notes


def subset(text: str) -> int:
    """``--train-subset``: ``all`` or a number of images."""
    return ALL_IMAGES if text == "all" else int(text)


def targets_line(students: int, values: list[float]) -> str:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    line = f"all steps: p50 {p50:.2f} s, p95 {p95:.2f} s, max {max(values):.2f} s"
    goal = TARGETS[20] if students <= 20 else TARGETS[30]
    checks = []
    if goal[0] is not None:
        checks.append(f"p50 <= {goal[0]:g} s: {'OK' if p50 <= goal[0] else 'OVER'}")
    checks.append(f"p95 <= {goal[1]:g} s: {'OK' if p95 <= goal[1] else 'OVER'}")
    kind = "20" if students <= 20 else "30"
    return f"{line} (target for {kind} students: {', '.join(checks)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--students", "--sessions", type=int, default=20, help="students in the burst (20)"
    )
    parser.add_argument(
        "--spread-s", type=float, default=1.0, help="students start within this (1 s)"
    )
    parser.add_argument(
        "--trainings", type=int, default=0, help="quick runs the teacher starts first (0)"
    )
    parser.add_argument(
        "--train-subset",
        type=subset,
        default=ALL_IMAGES,
        help="training images per run, a choice of the page: all (default), 10000, 2000",
    )
    parser.add_argument(
        "--wait-training-s",
        type=float,
        default=300,
        help="wait this long for every run to train before the burst (300; 0: burst at once)",
    )
    parser.add_argument("--rounds", type=int, default=1, help="page tours per student (1)")
    parser.add_argument(
        "--teacher-lead-s",
        type=float,
        default=0,
        help="the teacher opens the home page this long before the class (0: the class "
        "is the first the server sees, during its warm-up)",
    )
    parser.add_argument(
        "--warm-up",
        action="store_true",
        help="one user tours the app first, not counted (default: the first load counts)",
    )
    parser.add_argument("--limit-s", type=float, default=900, help="wall-clock limit (900)")
    parser.add_argument(
        "--clients",
        choices=("browser", "wire"),
        default="wire",
        help="the websocket protocol alone (wire, default), or Chromium tabs on this machine",
    )
    parser.add_argument(
        "--yardstick",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="first measure the yardstick epoch in its own process (default: on)",
    )
    args = parser.parse_args()
    if args.clients == "browser" and not CHROMIUM.is_file():
        print(f"{CHROMIUM} missing: install Debian's chromium")
        return 2
    yardstick = yardstick_line() if args.yardstick else "yardstick: not run (--no-yardstick)"
    notes: list[str] = []
    job_ids: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "runs"
        runs.mkdir()
        with running_server(runs, Path(tmp) / "streamlit.log") as server:
            sampler = MemorySampler(server.process.pid)
            sampler.start()
            started = time.monotonic()
            try:
                times, errors, job_ids, notes = asyncio.run(
                    asyncio.wait_for(run_load(args, server.url), timeout=args.limit_s)
                )
            except TimeoutError:
                times, errors = [], [f"load did not finish within {args.limit_s} s"]
            wall = time.monotonic() - started
            sampler.stop()
            alarms = server.log_alarms()
            records = {record.run_id: record for record in RunStore(runs).list()}
    for alarm in alarms:
        errors.append("server log holds a traceback or call stack")
        print(f"server log:\n{alarm}")
    print(yardstick)
    print(
        f"clients={args.clients} students={args.students} spread={args.spread_s:g} s "
        f"trainings={args.trainings} train_subset={args.train_subset or 'all'} "
        f"rounds={args.rounds} warm_up={args.warm_up} teacher_lead={args.teacher_lead_s:g} s "
        f"wall={wall:.1f} s steps={len(times)}"
    )
    for note in notes:
        print(note)
    for job_id in job_ids:
        record = records.get(job_id)
        if record is None:
            errors.append(f"run {job_id} is not in the run store")
            continue
        epochs = len(record.history.get("loss", []))
        accuracy = record.metrics.get("test_accuracy")
        print(
            f"run {job_id}: {record.status}, {epochs} epochs"
            + (f", test accuracy {accuracy:.3f}" if accuracy is not None else "")
        )
        if record.status != "finished":
            errors.append(f"run {job_id} ended {record.status}: {record.metrics.get('error', '')}")
    print(f"errors={len(errors)} (target 0)")
    for error in errors[:20]:
        print(f"  {error}")
    if times:
        print(targets_line(args.students, [seconds for _, seconds in times]))
        steps = ["open", *PAGE_ORDER, "predict upload", "explorer activations"]
        for step in [s for s in steps if any(name == s for name, _ in times)]:
            values = [seconds for name, seconds in times if name == step]
            print(
                f"  {step:<22} n={len(values):3d} p50={statistics.median(values):.2f} s "
                f"p95={percentile(values, 0.95):.2f} s max={max(values):.2f} s"
            )
    peaks = {"RSS": sampler.peak / 2**20, "PSS": sampler.peak_pss / 2**20}
    print(
        f"server memory, the server process and its children (at most "
        f"{sampler.most_processes} processes): start RSS {sampler.first / 2**20:.0f} MB; peak "
        + ", ".join(f"{kind} {mb:.0f} MB" for kind, mb in peaks.items())
        + f" (target <= {MEMORY_TARGET_MB} MB: "
        + ", ".join(
            f"{kind} {'OK' if mb <= MEMORY_TARGET_MB else 'OVER'}" for kind, mb in peaks.items()
        )
        + "; RSS counts shared library pages once per process, PSS shares them out)"
    )
    share = sampler.server_cpu / sampler.machine_cpu if sampler.machine_cpu else 0.0
    print(
        f"CPU: server and its workers {sampler.server_cpu:.0f} s of the machine's "
        f"{sampler.machine_cpu:.0f} busy CPU-seconds ({share:.0%}); the rest is the clients "
        f"and other users of the machine; load average {psutil.getloadavg()[0]:.1f} "
        f"on {psutil.cpu_count()} CPUs"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
