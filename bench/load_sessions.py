"""Many users at once: one app server, N concurrent sessions on loopback.

Each session is its own Streamlit session: it opens the app, switches through
every page, picks the shipped digit model on the predict page and uploads a
shipped sketch of a 3 (a prediction; an answer other than "3" is an error), and
opens the activation maps on the explorer page. Two kinds of client:

- ``--clients wire`` (default): each session speaks Streamlit's websocket
  protocol itself (``app_harness/wire.py``), sending what a browser tab sends;
  a step is timed from the request to the run's ``script_finished``. This is
  the server's time: in a classroom each tab renders on a student's laptop.
- ``--clients browser``: each session is a Chromium tab (its own browser
  context) on this machine; a step is timed from the click until Streamlit
  finished rendering (``app_harness/driver.py``). On a small machine the tabs'
  rendering takes most of the CPU, so this measures the machine's browsers.

A single warm-up user goes first (imports TensorFlow, loads the models; its
times are printed apart). Prints the errors (exception boxes, console errors,
timeouts; target 0), the p50 / p95 time for a page to finish rendering (target
p95 <= 3 s), the server's peak memory, the RSS of its process tree sampled every
0.2 s (target <= 2.5 GB), and the server's share of the machine's CPU. Bounded:
N sessions, R rounds each, and a wall-clock limit.

    .venv/bin/python bench/load_sessions.py [--clients wire|browser] [--sessions 20]
        [--rounds 1] [--ramp-s 10] [--limit-s 600]
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

from app_harness.driver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION_SELECTOR,
    RENDERED_JS,
    PageErrors,
    running_server,
)
from app_harness.scenarios import (
    DIGIT_SKETCH,
    DIGIT_SKETCH_CLASS,
    PAGE_ORDER,
    activations_control,
    digit_model_title,
    wire_tour,
)
from ui.i18n import t

SETTLE_S = 0.3
STEP_TIMEOUT_MS = 120_000


class MemorySampler(threading.Thread):
    """Samples the RSS of a process and its children; keeps the peak.

    Also counts the CPU seconds the server used and those the whole machine used
    meanwhile, to tell how much of the load is the server and how much the browsers.
    """

    def __init__(self, pid: int, every_s: float = 0.2):
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.every_s = every_s
        self.peak = 0
        self.first = 0
        self._stop_event = threading.Event()

    def rss(self) -> int:
        total = 0
        for proc in [self.root, *self.root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                total += proc.memory_info().rss
        return total

    def cpu_s(self) -> float:
        total = 0.0
        for proc in [self.root, *self.root.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                total += times.user + times.system
        return total

    @staticmethod
    def machine_busy_s() -> float:
        times = psutil.cpu_times()
        return sum(times) - times.idle - getattr(times, "iowait", 0.0)

    def run(self) -> None:
        self.first = self.rss()
        self.server_cpu = -self.cpu_s()
        self.machine_cpu = -self.machine_busy_s()
        while not self._stop_event.is_set():
            self.peak = max(self.peak, self.rss())
            self._stop_event.wait(self.every_s)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
        self.server_cpu += self.cpu_s()
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


async def browser_predict(page, lang: str) -> float:
    """On the predict page: pick the digit model, upload the sketch, see its answer.

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
    await page.locator('input[type="file"]').first.set_input_files(str(DIGIT_SKETCH))
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


async def session(
    index: int, browser, url: str, rounds: int, times: list, errors: list, delay: float = 0.0
):
    """One user: open, visit every page, predict, open activations, ``rounds`` times."""
    await asyncio.sleep(delay)
    lang = "ko" if index % 2 else "en"
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
                    times.append((step, await browser_predict(page, lang)))
                if name == "explorer":
                    step = "explorer activations"
                    start = time.monotonic()
                    await page.get_by_text(activations_control(lang), exact=True).click()
                    await wait_rendered(page)
                    times.append(("explorer activations", time.monotonic() - start))
                if await page.locator(EXCEPTION_SELECTOR).count():
                    errors.append(f"session {index} {step}: exception box")
    except Exception as err:  # a timeout or a missing element is one error, not a crash
        errors.append(f"session {index} {step}: {type(err).__name__}: {err}")
    finally:
        errors.extend(f"session {index}: {message}" for message in seen.messages)
        await context.close()


async def wire_session(
    index: int, url: str, rounds: int, times: list, errors: list, delay: float = 0.0
):
    """One user at the wire (``scenarios.wire_tour``): the same steps as :func:`session`."""
    await asyncio.sleep(delay)
    steps, problems = await wire_tour(url, "ko" if index % 2 else "en", rounds)
    times.extend(steps)
    errors.extend(f"session {index} {problem}" for problem in problems)


async def run_load(
    url: str, sessions: int, rounds: int, ramp_s: float, clients: str
) -> tuple[list, list]:
    """The warm-up user, then ``sessions`` users started over ``ramp_s`` seconds."""
    times: list[tuple[str, float]] = []
    errors: list[str] = []
    warm: list[tuple[str, float]] = []
    if clients == "wire":
        # One user first (the teacher, before the class): imports TensorFlow, loads the models.
        await wire_session(0, url, 1, warm, errors)
        print("warm-up user: " + ", ".join(f"{step} {sec:.1f} s" for step, sec in warm))
        await asyncio.gather(
            *(
                wire_session(i, url, rounds, times, errors, delay=i * ramp_s / sessions)
                for i in range(sessions)
            )
        )
        return times, errors

    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        await session(0, browser, url, 1, warm, errors)
        print("warm-up user: " + ", ".join(f"{step} {sec:.1f} s" for step, sec in warm))
        await asyncio.gather(
            *(
                session(i, browser, url, rounds, times, errors, delay=i * ramp_s / sessions)
                for i in range(sessions)
            )
        )
        await browser.close()
    return times, errors


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (20)")
    parser.add_argument("--rounds", type=int, default=1, help="page tours per session (1)")
    parser.add_argument(
        "--ramp-s", type=float, default=10, help="spread the session starts over (10 s)"
    )
    parser.add_argument("--limit-s", type=float, default=600, help="wall-clock limit (600)")
    parser.add_argument(
        "--clients",
        choices=("browser", "wire"),
        default="wire",
        help="the websocket protocol alone (wire, default), or Chromium tabs on this machine",
    )
    args = parser.parse_args()
    if args.clients == "browser" and not CHROMIUM.is_file():
        print(f"{CHROMIUM} missing: install Debian's chromium")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "runs"
        runs.mkdir()
        with running_server(runs, Path(tmp) / "streamlit.log") as server:
            sampler = MemorySampler(server.process.pid)
            sampler.start()
            started = time.monotonic()
            try:
                times, errors = asyncio.run(
                    asyncio.wait_for(
                        run_load(server.url, args.sessions, args.rounds, args.ramp_s, args.clients),
                        timeout=args.limit_s,
                    )
                )
            except TimeoutError:
                times, errors = [], [f"load did not finish within {args.limit_s} s"]
            wall = time.monotonic() - started
            sampler.stop()
            alarms = server.log_alarms()
    for alarm in alarms:
        errors.append("server log holds a traceback or call stack")
        print(f"server log:\n{alarm}")
    render = [seconds for step, seconds in times if step != "open"]
    print(
        f"clients={args.clients} sessions={args.sessions} rounds={args.rounds} "
        f"ramp={args.ramp_s:g} s wall={wall:.1f} s steps={len(times)}"
    )
    print(f"errors={len(errors)}")
    for error in errors[:20]:
        print(f"  {error}")
    if render:
        print(
            f"render p50={statistics.median(render):.2f} s p95={percentile(render, 0.95):.2f} s "
            f"max={max(render):.2f} s (target p95 <= 3 s)"
        )
        for step in sorted({step for step, _ in times}):
            values = [seconds for name, seconds in times if name == step]
            print(
                f"  {step:<22} n={len(values):3d} p50={statistics.median(values):.2f} s "
                f"p95={percentile(values, 0.95):.2f} s"
            )
    print(
        f"server memory: start={sampler.first / 2**20:.0f} MB peak={sampler.peak / 2**20:.0f} MB "
        "(target <= 2560 MB)"
    )
    share = sampler.server_cpu / sampler.machine_cpu if sampler.machine_cpu else 0.0
    print(
        f"CPU: server {sampler.server_cpu:.0f} s of the machine's {sampler.machine_cpu:.0f} busy "
        f"CPU-seconds ({share:.0%}); the rest is the clients (browser tabs render on the "
        "students' laptops in a classroom)"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
