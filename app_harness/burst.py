"""A class at once, spoken at the wire: a teacher's training runs, then students in one burst.

What ``bench/load_sessions.py`` measures and ``tests/e2e/test_burst.py`` checks:

1. The teacher (:class:`Teacher`, one :class:`~app_harness.wire.WireSession`)
   opens the training page, clicks the "quick" preset, picks the number of
   training images and clicks Start once per run, as on the projector. The runs
   train in the server's job manager; the teacher's tab keeps asking for the live
   view's fragment reruns every second, as the browser does while runs are live.
2. ``students`` users (:func:`~app_harness.scenarios.wire_tour`) start within
   ``spread_s`` seconds of each other, each uploading their own sketch of a 3
   (:func:`~app_harness.student_images.student_digit`: distinct bytes, no shared
   cache entry) and checking the answer.
3. The teacher's tab waits for the runs to end; the page must report no failure.

Nothing here needs a browser, so it runs on a CI machine at the protocol level.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from app_harness.scenarios import LOCALES, live_jobs, wire_tour
from app_harness.student_images import student_digit
from app_harness.wire import Run, WireSession
from app_pages.training.live import OWN_POLL_S
from ui.i18n import t

POLL_S = 1.0
"""How often the teacher's tab reruns the live view (the page's ``run_every``)."""
ALL_IMAGES = 0
"""``train_subset`` for the training page's "all images" choice."""


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` by the nearest index: the sorted value at index
    ``round(q * (n - 1))`` (Python's ``round``: a half goes to the even index), one of
    the values measured, never interpolated. It is not the "nearest rank" method (the
    value at rank ``ceil(q * n)``), and not ``numpy.percentile``'s default (linear
    interpolation between the two nearest values). Every benchmark's p95 is
    ``percentile(times, 0.95)``.

    Raises:
        ValueError: ``values`` is empty or ``q`` is outside ``[0, 1]``; echoes them.
    """
    if not values or not 0.0 <= q <= 1.0:
        raise ValueError(f"need values and q in [0, 1], got {len(values)} values, q={q!r}")
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def _template_pattern(template: str) -> re.Pattern[str]:
    """A regex matching a translation template with any value in each placeholder."""
    parts = re.split(r"\{[a-z_]+\}", template)
    return re.compile(".+?".join(re.escape(part) for part in parts))


@dataclass
class BurstResult:
    """What one burst saw.

    Attributes:
        times: ``(step, seconds)`` of every student run (``"open"`` included).
        problems: everything that went wrong, students' and teacher's (empty: all held).
        job_ids: the teacher's runs, as the training page named them.
        start_spread_s: seconds between the first and the last student's start.
        wall_s: from the first student's start to the last student's end.
        teacher_times: ``(step, seconds)`` of the teacher's runs (setup and polls).
        answers: student index -> what their predict page showed per upload: the
            answer line and the probability bars' values.
    """

    times: list[tuple[str, float]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    job_ids: list[str] = field(default_factory=list)
    start_spread_s: float = 0.0
    wall_s: float = 0.0
    teacher_times: list[tuple[str, float]] = field(default_factory=list)
    answers: dict[int, list[tuple[str, tuple[float, ...]]]] = field(default_factory=dict)


class Teacher:
    """The teacher's tab on the training page: starts runs, then watches them live."""

    def __init__(self, url: str, lang: str = "en"):
        self.lang = lang
        self.tab = WireSession(url, locale=LOCALES[lang])
        self.job_ids: list[str] = []
        self.problems: list[str] = []
        self.times: list[tuple[str, float]] = []
        self._epoch = _template_pattern(t("train.job.progress", lang))
        self._failed = [
            _template_pattern(t(f"train.failed.{kind}", lang))
            for kind in ("dataset", "store", "died", "other")
        ]

    def _check(self, step: str, run: Run) -> Run:
        self.times.append((step, run.seconds))
        self.problems.extend(f"teacher {step}: {error}" for error in run.exceptions())
        if run.status not in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY"):
            self.problems.append(f"teacher {step}: {run.status}")
        texts = run.texts()
        for failed in self._failed:
            self.problems.extend(
                f"teacher {step}: {m.group(0)[:300]}" for m in failed.finditer(texts)
            )
        return run

    async def __aenter__(self) -> Teacher:
        await self.tab.__aenter__()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.tab.__aexit__(*exc)

    async def start_runs(self, count: int, train_subset: int = ALL_IMAGES) -> list[str]:
        """Training page, "quick" preset, ``train_subset`` images, Start ``count`` times.

        Args:
            count: how many runs to start (each its own click on Start).
            train_subset: one of the page's choices (2000, 10000) or
                :data:`ALL_IMAGES` (the preset's own).

        Returns:
            the job ids shown in the live view.
        """
        lang = self.lang
        self._check("open", await self.tab.open())
        run = self._check("training page", await self.tab.rerun("training"))
        preset = run.button(t("train.preset.quick", lang))
        run = self._check("quick preset", await self.tab.click(preset))
        label = t("train.subset.all", lang) if train_subset == ALL_IMAGES else f"{train_subset:,}"
        subset = run.widget("radio", t("train.subset", lang))
        if label not in subset.radio.options:
            raise ValueError(
                f"the training page offers no {label!r} images; "
                f"it offers {list(subset.radio.options)}"
            )
        run = self._check("subset", await self.tab.choose(subset, label))
        for _ in range(count):
            run = self._check("start", await self.tab.click(run.button(t("train.start", lang))))
        self.job_ids = live_jobs(run, lang)
        if len(self.job_ids) != count:
            self.problems.append(
                f"teacher: {count} runs started, the live view shows {self.job_ids}"
            )
        return self.job_ids

    @property
    def live(self) -> bool:
        """The live view still reruns itself every second (some run of the teacher's is
        queued or training; with none, it polls the server's at a slower pace)."""
        return OWN_POLL_S in self.tab.auto_reruns.values()

    async def poll(self) -> Run | None:
        """One rerun of the live view, as the browser's timer asks; ``None`` once it stopped."""
        if not self.tab.auto_reruns:
            return None
        fragment_id = next(iter(self.tab.auto_reruns))
        return self._check("live view", await self.tab.rerun_fragment(fragment_id))

    async def wait_training(self, timeout_s: float) -> bool:
        """Poll until every run shows an epoch's progress (all of them train now).

        Returns:
            True when they all did within ``timeout_s``; False when the time ran out
            or the runs ended first.
        """
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            run = await self.poll()
            if run is None:
                return False
            training = [
                e
                for e in run.elements
                if e.WhichOneof("type") == "progress" and self._epoch.search(e.progress.text)
            ]
            if len(training) >= len(self.job_ids):
                return True
            await asyncio.sleep(POLL_S)
        return False

    async def watch(self, stop: asyncio.Event) -> None:
        """Poll the live view every :data:`POLL_S` until ``stop`` is set or the runs end."""
        while not stop.is_set() and self.live:
            await self.poll()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_S)

    async def wait_done(self, timeout_s: float) -> bool:
        """Poll until no run is live any more; then the page's whole rerun is checked."""
        deadline = time.monotonic() + timeout_s
        while self.live and time.monotonic() < deadline:
            await self.poll()
            await asyncio.sleep(POLL_S)
        if self.live:
            self.problems.append(f"teacher: runs {self.job_ids} still live after {timeout_s:g} s")
            return False
        self._check("results", await self.tab.rerun())
        return True


Student = Callable[[int, str, list[float], list[float]], Awaitable[tuple[list, list, list]]]
"""``student(index, url, started, ended) -> (times, problems, answers)``: one student's
tour; appends ``time.monotonic()`` to ``started`` when it starts and to ``ended``."""


async def student(index: int, url: str, started: list[float], ended: list[float]):
    """Student ``index`` (Korean or English by turns): the tour with their own sketch.

    Returns:
        ``(times, problems, answers)`` of :func:`~app_harness.scenarios.wire_tour`.
    """
    image = student_digit(index)
    started.append(time.monotonic())
    lang = "ko" if index % 2 else "en"
    answers: list[tuple[str, tuple[float, ...]]] = []
    times, problems = await wire_tour(url, lang, image=image, answers=answers)
    ended.append(time.monotonic())
    return times, [f"student {index} {problem}" for problem in problems], answers


async def run_burst(
    url: str,
    students: int,
    *,
    trainings: int = 0,
    train_subset: int = ALL_IMAGES,
    spread_s: float = 1.0,
    wait_training_s: float = 300.0,
    done_timeout_s: float = 900.0,
    student_fn: Student = student,
) -> BurstResult:
    """The teacher starts ``trainings`` runs; ``students`` users start within ``spread_s``.

    Args:
        url: the app's root URL.
        students: how many students.
        trainings: runs the teacher starts first (0: none, no teacher).
        train_subset: training images per run (a choice of the training page).
        spread_s: the students start evenly over this many seconds.
        wait_training_s: with ``trainings``, how long to wait for every run to show
            an epoch before the burst starts (0: start the burst at once, while the
            runs load their data).
        done_timeout_s: how long the runs may take to end after the burst.
        student_fn: one student's tour (default :func:`student`, at the wire; the
            load benchmark passes a browser tab's).

    Returns:
        every student's and the teacher's times and problems.
    """
    # asyncio.to_thread (XSRF cookie, file PUT) would queue the students on the default
    # pool of min(32, CPUs + 4) threads: the wait would be the client's, not the server's.
    loop = asyncio.get_running_loop()
    loop.set_default_executor(concurrent.futures.ThreadPoolExecutor(max_workers=students + 8))
    result = BurstResult()
    teacher = Teacher(url) if trainings else None
    stop = asyncio.Event()
    try:
        if teacher is not None:
            await teacher.__aenter__()
            result.job_ids = await teacher.start_runs(trainings, train_subset)
            if wait_training_s > 0 and not await teacher.wait_training(wait_training_s):
                teacher.problems.append(
                    f"teacher: not every run of {result.job_ids} trained within "
                    f"{wait_training_s:g} s (ended or stuck before the burst)"
                )
        watcher = asyncio.create_task(teacher.watch(stop)) if teacher else None
        started: list[float] = []
        ended: list[float] = []

        async def later(index: int):
            await asyncio.sleep(index * spread_s / max(students, 1))
            return await student_fn(index, url, started, ended)

        outcomes = await asyncio.gather(*(later(i) for i in range(students)))
        stop.set()
        if watcher is not None:
            await watcher
        for index, (times, problems, answers) in enumerate(outcomes):
            result.times.extend(times)
            result.problems.extend(problems)
            result.answers[index] = answers
        if started:
            result.start_spread_s = max(started) - min(started)
            result.wall_s = max(ended) - min(started)
        if teacher is not None:
            await teacher.wait_done(done_timeout_s)
    except Exception as err:  # the teacher's missing widget is one problem, not a crash
        result.problems.append(f"burst: {type(err).__name__}: {err}")
    finally:
        stop.set()
        if teacher is not None:
            result.problems.extend(teacher.problems)
            result.teacher_times = teacher.times
            await teacher.__aexit__(None, None, None)
    return result
