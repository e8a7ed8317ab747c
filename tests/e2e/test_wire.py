"""Two users at once, spoken at the wire (no browser): what the load benchmark's clients do.

Checks :mod:`app_harness.wire` against the real server, so ``bench/load_sessions.py
--clients wire`` measures runs that really rendered, and checks that two
concurrent sessions keep their own language, page and answer.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from zoneinfo import ZoneInfo

import pytest
from tiny_runs import require_fashion_mnist

from app_harness import wire
from app_harness.scenarios import PAGE_ORDER, live_jobs, wire_tour
from app_harness.wire import WireError, WireSession
from app_pages.training.live import OTHERS_POLL_S
from cnn_core.runs import run_started
from ui.i18n import t


def run_apart(coroutine):
    """``asyncio.run`` in a thread of its own: the browser tests' sync Playwright keeps
    an event loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_two_wire_sessions_at_once_each_get_their_language_pages_and_answer(app_server):
    async def both() -> list[tuple[list, list[str]]]:
        url = app_server.url
        return await asyncio.gather(wire_tour(url, "ko"), wire_tour(url, "en"))

    (korean_times, korean), (english_times, english) = run_apart(both())
    assert korean == []
    assert english == []
    steps = ["open", *PAGE_ORDER, "predict upload", "explorer activations"]
    assert sorted(step for step, _ in korean_times) == sorted(steps)
    assert all(seconds > 0 for _, seconds in korean_times + english_times)


def test_a_missing_widget_is_an_error_naming_the_widgets_of_that_kind(app_server):
    async def first_run():
        async with WireSession(app_server.url) as tab:
            return await tab.open()

    run = run_apart(first_run())
    with pytest.raises(WireError, match=r"no radio labelled 'no such radio'.*Language"):
        run.widget("radio", "no such radio")  # the language switch is a radio of every run


def test_an_unknown_page_is_an_error_naming_the_pages(app_server):
    async def go_nowhere():
        async with WireSession(app_server.url) as tab:
            await tab.open()
            await tab.rerun("nowhere")

    with pytest.raises(WireError, match=r"no page 'nowhere'.*'explorer', 'lab'"):
        run_apart(go_nowhere())


def test_a_classmates_run_appears_by_itself_and_its_end_redraws_the_whole_page(app_server):
    """A teacher's projected training page with nothing live still polls, so a student's
    new run shows up without a click; when it ends, the page reruns whole and the run
    is among the results."""
    require_fashion_mnist()

    async def scenario() -> tuple[list[float], bool, list[str], str]:
        async with (
            WireSession(app_server.url) as teacher,
            WireSession(app_server.url) as student,
        ):
            await teacher.open()
            await teacher.rerun("training")
            intervals = list(teacher.auto_reruns.values())
            fragment = next(iter(teacher.auto_reruns))
            await student.open()
            run = await student.rerun("training")
            run = await student.click(run.button(t("train.preset.quick", "en")))
            run = await student.choose(run.widget("radio", t("train.subset", "en")), "2,000")
            (job,) = live_jobs(await student.click(run.button(t("train.start", "en"))), "en")
            view = await teacher.rerun_fragment(fragment)  # what the timer asks for
            shown = job in live_jobs(view, "en")
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                await asyncio.sleep(OTHERS_POLL_S)
                view = await teacher.rerun_fragment(fragment)
                if any(e.WhichOneof("type") == "heading" for e in view.elements):
                    break  # the whole page ran: the job ended
            pick = view.widget("selectbox", t("train.results.pick", "en"))
            return intervals, shown, list(pick.selectbox.options), job

    intervals, shown, results, job = run_apart(scenario())
    assert intervals == [OTHERS_POLL_S]  # nothing live, yet the view polls
    assert shown  # the classmate's run, without a click
    started = run_started(job, ZoneInfo(wire.TIMEZONE))
    assert any(started in option for option in results)  # the ended run, among the results
