"""Two users at once, spoken at the wire (no browser): what the load benchmark's clients do.

Checks :mod:`app_harness.wire` against the real server, so ``bench/load_sessions.py
--clients wire`` measures runs that really rendered, and checks that two
concurrent sessions keep their own language, page and answer.
"""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest

from app_harness.scenarios import PAGE_ORDER, wire_tour
from app_harness.wire import WireError, WireSession


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
