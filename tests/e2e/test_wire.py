"""Two users at once, spoken at the wire (no browser): what the load benchmark's clients do.

Checks :mod:`e2e.wire` against the real server, so ``bench/load_sessions.py
--clients wire`` measures runs that really rendered, and checks that two
concurrent sessions keep their own language, page and answer.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import re

import pytest
from e2e.scenarios import (
    DIGIT_SKETCH,
    DIGIT_SKETCH_CLASS,
    PAGE_ORDER,
    activations_control,
    digit_model_title,
)
from e2e.wire import WireError, WireSession

from cnn_core.i18n import t

LOCALES = {"ko": "ko-KR", "en": "en-US"}
PAGE_TITLES = {
    "lab": "lab.title",
    "explorer": "explorer.title",
    "training": "train.title",
    "predict": "predict.title",
}


async def tour(url: str, lang: str) -> list[str]:
    """One user's tour of every page, the digit model's answer and the feature maps.

    Returns what went wrong (empty when all held).
    """
    problems: list[str] = []
    async with WireSession(url, locale=LOCALES[lang]) as tab:
        run = await tab.open()
        if set(tab.pages) != {"", *PAGE_TITLES}:
            problems.append(f"{lang}: pages {sorted(tab.pages)}")
        for name in PAGE_ORDER:
            run = await tab.rerun("" if name == "home" else name)
            problems += [f"{lang} {name}: {e}" for e in run.exceptions()]
            if run.status != "FINISHED_SUCCESSFULLY":
                problems.append(f"{lang} {name}: {run.status}")
            if name in PAGE_TITLES and t(PAGE_TITLES[name], lang) not in run.texts():
                problems.append(f"{lang} {name}: title {t(PAGE_TITLES[name], lang)!r} missing")
            if name == "predict":
                picker = run.widget("selectbox", t("common.model", lang))
                title = digit_model_title(lang)
                option = next(o for o in picker.selectbox.options if o.startswith(title))
                run = await tab.choose(picker, option)
                uploader = next(e for e in run.elements if e.WhichOneof("type") == "file_uploader")
                run = await tab.upload(uploader, DIGIT_SKETCH)
                answer = t("predict.answer", lang, label=DIGIT_SKETCH_CLASS, percent="PERCENT")
                pattern = re.escape(answer).replace("PERCENT", r"[\d.]+%")
                if not re.search(pattern, run.texts()):
                    problems.append(f"{lang} predict: no answer {answer!r} in {run.texts()!r}")
            if name == "explorer":
                view = run.widget("radio", t("explorer.view", lang))
                run = await tab.choose(view, activations_control(lang))
                problems += [f"{lang} feature maps: {e}" for e in run.exceptions()]
                if t("explorer.maps_header", lang) not in run.texts():
                    problems.append(f"{lang} explorer: no feature maps after choosing them")
    return problems


def run_apart(coroutine):
    """``asyncio.run`` in a thread of its own: the browser tests' sync Playwright keeps
    an event loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_two_wire_sessions_at_once_each_get_their_language_pages_and_answer(app_server):
    async def both() -> list[list[str]]:
        return await asyncio.gather(tour(app_server.url, "ko"), tour(app_server.url, "en"))

    korean, english = run_apart(both())
    assert korean == []
    assert english == []


def test_a_missing_widget_is_an_error_naming_the_widgets_of_that_kind(app_server):
    async def first_run():
        async with WireSession(app_server.url) as tab:
            return await tab.open()

    run = run_apart(first_run())
    with pytest.raises(WireError, match=r"no radio labelled 'no such radio'.*Language"):
        run.widget("radio", "no such radio")  # the language switch is a radio of every run
