"""The local cluster at the protocol level: a Ray head, two web replicas, nginx in front.

``scripts/cluster.sh`` starts everything on loopback (stopped at the end, whatever
happens; no process of its sessions may be left). Then, with the websocket client
(``app_harness.wire``), as browsers would:

1. a teacher's tab on replica A starts three runs: a short one (2,000 images), then
   two long ones (every image, 100 epochs, no early stop), the last once the short
   one has ended (a session has at most two runs live);
2. a tab on replica B watches the second run's per-batch progress move (a long run:
   the short one may be over before B's first look), and later sees the short run
   among the finished results (one run store, one queue);
3. replica A's Stop button stops the second run, which keeps its results;
4. the Ray worker of the third is killed: the run ends "failed" with Ray's reason,
   shown on A's page, while the others are unharmed;
5. a student's tour of every page through the proxy, uploading their own sketch
   (a 39 KB PNG: over nginx's 16 KB in-memory body buffer, so it would go through
   a temp file if nginx buffered uploads), shows no problem and gets an answer,
   and no replica logged a traceback.

Needs Ray (requirements-cluster.lock), Debian's nginx and Fashion-MNIST; CI installs
them (scripts/install_test_tools.sh). A few minutes on two cores.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import signal
import time
from zoneinfo import ZoneInfo

import pytest
from tiny_runs import require_fashion_mnist

from app_harness import wire
from app_harness.cluster import local_cluster, missing_tools
from app_harness.scenarios import LOCALES, live_jobs, wire_tour
from app_harness.student_images import student_digit
from app_harness.wire import WireSession
from cnn_core.runs import RunStore, run_started
from ui.i18n import t
from ui.markdown import markdown_text

LANG = "en"
LONG_EPOCHS = 100
MAX_PATIENCE = 50
"""The training page's largest patience: with it, a long run does not stop early."""
WATCH_TIMEOUT_S = 240.0

pytestmark = pytest.mark.dataset


def run_apart(coroutine):
    """``asyncio.run`` in a thread of its own (other e2e tests keep a loop in this one)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    missing = missing_tools()
    if missing:
        pytest.skip(f"missing {missing} (scripts/install_test_tools.sh installs them)")
    require_fashion_mnist()
    base = tmp_path_factory.mktemp("cluster")
    (base / "runs").mkdir()
    with local_cluster(base / "state", base / "runs", replicas=2) as started:
        yield started


def stop_button(run, job_id: str):
    """The Stop button of ``job_id`` in a run (its key ends with the job id)."""
    for element in run.elements:
        if element.WhichOneof("type") == "button" and element.button.id.endswith(
            f"training.stop.{job_id}"
        ):
            return element
    raise AssertionError(f"no Stop button for {job_id}; shown: {run.texts()[:500]}")


def progress_of(run, job_id: str) -> str | None:
    """The progress bar text drawn after ``job_id``'s summary line, if any."""
    seen = False
    for element in run.elements:
        kind = element.WhichOneof("type")
        if kind == "markdown" and element.markdown.help.endswith(f" {job_id}"):
            seen = True
        elif seen and kind == "progress":
            return element.progress.text
        elif seen and kind == "markdown":
            return None
    return None


async def scenario(cluster) -> dict:
    store = RunStore(cluster.runs_dir)
    template = t("train.job.progress", LANG)
    progress_line = re.compile(  # "Epoch 3/100 · batch 17/…": epoch and batch
        re.escape(template.split("{epoch}")[0])
        + r"(\d+)/\d+"
        + re.escape(template.split("{epochs}")[1].split("{batch}")[0])
        + r"(\d+)/"
    )
    seen: dict = {}
    async with (
        WireSession(cluster.replicas[0], locale=LOCALES[LANG]) as a,
        WireSession(cluster.replicas[1], locale=LOCALES[LANG]) as b,
    ):
        await a.open()
        run = await a.rerun("training")
        run = await a.click(run.button(t("train.preset.quick", LANG)))
        run = await a.choose(run.widget("radio", t("train.subset", LANG)), "2,000")
        run = await a.click(run.button(t("train.start", LANG)))  # the short run (the preset's)
        [short] = live_jobs(run, LANG)
        run = await a.set_number(run.widget("number_input", t("train.epochs", LANG)), LONG_EPOCHS)
        patience = run.widget("number_input", t("train.patience", LANG))
        run = await a.set_number(patience, MAX_PATIENCE)  # no early stop: long runs stay long
        subset = run.widget("radio", t("train.subset", LANG))  # every image: epochs of seconds
        run = await a.choose(subset, t("train.subset.all", LANG))
        run = await a.click(run.button(t("train.start", LANG)))
        # a session has at most two runs live (controls.MAX_LIVE_RUNS): the third Start
        # waits for the short run to end
        await wait_until(lambda: store.get(short).status == "finished")
        run = await a.rerun()
        run = await a.click(run.button(t("train.start", LANG)))
        stopped, killed = live_jobs(run, LANG)
        seen["ids"] = (short, stopped, killed)

        # 2. replica B watches the second run train (its page lists the server's runs)
        # until two different points of its progress have been shown.
        await b.open()
        deadline = time.monotonic() + WATCH_TIMEOUT_S
        watched: dict[tuple[int, int], str] = {}
        while time.monotonic() < deadline and len(watched) < 2:
            view = await b.rerun("training")
            assert view.exceptions() == []
            text = progress_of(view, stopped)
            if text and (match := progress_line.search(text)):
                watched.setdefault((int(match.group(1)), int(match.group(2))), text)
            await asyncio.sleep(1.0)
        seen["watched"] = list(watched.values())

        # 3. replica A stops the second run once it trains.
        await wait_until(lambda: (store.read_progress(stopped) or {}).get("progress") is not None)
        run = await a.rerun()
        run = await a.click(stop_button(run, stopped))
        seen["stopping"] = t("train.job.stopping", LANG) in run.texts()

        # 4. the third run's Ray worker is killed once it trains.
        await wait_until(lambda: _epochs(store, killed) >= 1)
        os.kill(store.read_progress(killed)["pid"], signal.SIGKILL)
        await wait_until(lambda: store.get(killed).status == "failed")
        await wait_until(lambda: store.get(short).status == "finished")
        await wait_until(lambda: store.get(stopped).status == "stopped")
        run = await a.rerun()
        seen["a_failure"] = [
            e.alert.body
            for e in run.elements
            if e.WhichOneof("type") == "alert"
            and markdown_text(run_started(killed, ZoneInfo(wire.TIMEZONE))) in e.alert.body
        ]
        view = await b.rerun("training")
        picker = view.widget("selectbox", t("train.results.pick", LANG))
        seen["b_results"] = list(picker.selectbox.options)
        seen["b_exceptions"] = view.exceptions()

    # 5. every page through the proxy, with a student's own upload.
    image = student_digit(1)
    assert len(image) > 16 * 1024
    seen["tour_steps"], seen["tour_problems"] = await wire_tour(cluster.url, LANG, image=image)
    return seen


def _epochs(store: RunStore, run_id: str) -> int:
    progress = (store.read_progress(run_id) or {}).get("progress") or {}
    return len(progress.get("history", {}).get("loss", []))


async def wait_until(predicate, timeout: float = WATCH_TIMEOUT_S) -> None:
    """Poll ``predicate`` without blocking the websockets' event loop."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.2)


def test_two_replicas_one_queue_one_store_through_nginx(cluster):
    seen = run_apart(scenario(cluster))
    short, stopped, killed = seen["ids"]
    store = RunStore(cluster.runs_dir)
    assert store.get(stopped).config.patience == MAX_PATIENCE  # the page took the setting

    assert len(seen["watched"]) == 2, f"replica B showed the run's progress as {seen['watched']}"
    assert store.get(short).status == "finished"
    started = run_started(short, ZoneInfo(wire.TIMEZONE))  # in the viewer's zone
    assert any(started in option for option in seen["b_results"]), seen["b_results"]

    assert seen["stopping"]
    record = store.get(stopped)
    assert record.status == "stopped" and 1 <= record.metrics["epochs_run"] < LONG_EPOCHS

    record = store.get(killed)
    assert record.status == "failed"
    assert "WorkerCrashedError" in record.metrics["error"], record.metrics
    died = t("train.failed.died", LANG, run="@").split("@")[1]  # after the run's label
    assert seen["a_failure"] and died in seen["a_failure"][0], seen["a_failure"]

    assert seen["b_exceptions"] == []
    assert seen["tour_problems"] == []
    assert "predict upload" in dict(seen["tour_steps"]), seen["tour_steps"]
    for name, log in cluster.logs().items():
        assert "Traceback (most recent call" not in log, f"{name}:\n{log[-3000:]}"
