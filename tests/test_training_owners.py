"""A student's runs stay theirs across a reload or a second tab of the same browser:
the browser key read from Streamlit's XSRF cookie (:mod:`app_pages.training.owners`),
the process-wide map of each browser's jobs, and two AppTest sessions of one browser
(the cookie reader patched: AppTest sends no cookie) sharing a run."""

from __future__ import annotations

import threading
import zipfile
from types import SimpleNamespace

import pytest
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from app_harness.apptest import open_page, texts
from app_pages.training import board as board_page
from app_pages.training import owners, shared
from cnn_core.backends import WORKER_DIED, Outcome
from cnn_core.jobs import JobManager
from cnn_core.progress import Progress
from cnn_core.runs import RunStore, run_started
from cnn_core.train_config import PRESETS, TrainConfig
from ui.i18n import t

TOKEN = bytes(range(16))


def test_every_mask_of_one_token_gives_one_key_and_the_token_is_not_in_it():
    cookies = {generate_xsrf_token_string(TOKEN, 1_700_000_000) for _ in range(20)}
    assert len(cookies) > 1  # Streamlit masks the token anew on each answer
    keys = {owners.browser_key(cookie) for cookie in cookies}
    keys.add(owners.browser_key(f'"{cookies.pop()}"'))  # quoted, as some browsers send it
    keys.add(owners.browser_key(TOKEN.hex()))  # version 1: the token itself, in hex
    assert len(keys) == 1
    [key] = keys
    assert key is not None and len(key) == owners.KEY_CHARS
    assert TOKEN.hex() not in key and int(key, 16) >= 0
    other = owners.browser_key(generate_xsrf_token_string(bytes(16), 1_700_000_000))
    assert other is not None and other != key


@pytest.mark.parametrize(
    "cookie",
    [
        None,
        "",
        '""',
        "hello",
        "abc",  # odd-length hex
        "2|",
        "2|00112233|zz|1",  # not hex
        "2|0011|aabb|1",  # a mask of 2 bytes
        "2|00112233|aabb|soon",  # no timestamp
        "2|00112233|aabb",  # three fields
        "2|00112233||1",  # no token
        "3|00112233|aabb|1",  # an unknown version (read as hex: not)
    ],
)
def test_anything_but_an_xsrf_token_gives_no_key(cookie):
    assert owners.browser_key(cookie) is None


def test_the_browser_map_is_bounded_and_keeps_each_browsers_dismissals():
    jobs = owners.BrowserJobs(max_browsers=2, max_jobs=3)
    jobs.add("a", "a1")
    jobs.add("b", "b1")
    jobs.add("a", "a2")
    jobs.dismiss("a", "a1")
    jobs.dismiss("a", "b1")  # not a's job: nothing
    assert jobs.jobs("a") == (["a1", "a2"], {"a1"})
    jobs.add("c", "c1")  # a third browser: the one whose latest job is oldest goes (b)
    assert jobs.jobs("b") == ([], set())
    for job in ("a3", "a4"):
        jobs.add("a", job)
    assert jobs.jobs("a") == (["a2", "a3", "a4"], set())  # the newest 3; a1's mark with it
    with pytest.raises(ValueError, match="max_browsers=0"):
        owners.BrowserJobs(max_browsers=0)


def test_the_browser_map_takes_adds_from_many_threads_at_once():
    jobs = owners.BrowserJobs(max_browsers=100, max_jobs=1000)

    def add(browser: str) -> None:
        for index in range(200):
            jobs.add(browser, f"{browser}-{index}")

    threads = [threading.Thread(target=add, args=(f"b{n}",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(len(jobs.jobs(f"b{n}")[0]) == 200 for n in range(8))


# -- two sessions of one browser ---------------------------------------------------------
def _one_browser(monkeypatch, key: str | None = "browser-a") -> owners.BrowserJobs:
    """Every session of this test comes from one browser (``key``; ``None``: no cookie),
    with a map of its own."""
    jobs = owners.BrowserJobs()
    monkeypatch.setattr(owners, "browser_jobs", lambda: jobs)
    monkeypatch.setattr(owners, "current_browser_key", lambda: key)
    return jobs


HISTORY = {"loss": [0.9], "accuracy": [0.7]}


def _training_until_stopped(config, store, *, run_id, on_progress, stop_event):
    """A run one epoch into its training, until Stop."""
    on_progress(Progress("training", 2, 3, 5, 10, history=HISTORY))
    stop_event.wait(30)
    return SimpleNamespace(run_id=run_id, status="stopped", metrics={}, history={})


def _stop_buttons(at) -> list[str]:
    return [button.key for button in at.button if button.key.startswith("training.stop.")]


def _live_curves(at) -> list[str]:
    return [chart.key for chart in at.get("plotly_chart") if "fig.live" in (chart.key or "")]


@pytest.fixture
def training_manager(runs_dir, monkeypatch) -> JobManager:
    monkeypatch.delenv(board_page.PIN_ENV, raising=False)
    manager = JobManager(max_workers=2, train_fn=_training_until_stopped)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    return manager


def test_a_reload_keeps_a_running_run_its_browsers_own(training_manager, monkeypatch):
    browser = _one_browser(monkeypatch)
    first = open_page("training", "en")
    first.button(key="training.start").click().run()
    job_id = first.session_state[shared.JOBS_KEY][-1]
    assert browser.jobs("browser-a") == ([job_id], set())
    reloaded = open_page("training", "en")  # a new session: F5, or a second tab
    assert not reloaded.exception, reloaded.exception
    assert reloaded.session_state[shared.JOBS_KEY] == [job_id]
    assert _stop_buttons(reloaded) == [f"training.stop.{job_id}"]  # no teacher box ticked
    assert _live_curves(reloaded) == [f"training.fig.live.{job_id}"]
    reloaded.button(key=f"training.stop.{job_id}").click().run()
    assert training_manager.wait(job_id, 30).state == "stopped"


@pytest.mark.parametrize("key", ["browser-b", None])
def test_another_browser_or_none_sees_a_classmates_run(training_manager, monkeypatch, key):
    _one_browser(monkeypatch)
    first = open_page("training", "en")
    first.button(key="training.start").click().run()
    job_id = first.session_state[shared.JOBS_KEY][-1]
    monkeypatch.setattr(owners, "current_browser_key", lambda: key)
    other = open_page("training", "en")
    assert not other.exception, other.exception
    assert shared.JOBS_KEY not in other.session_state
    assert _stop_buttons(other) == [] and _live_curves(other) == []
    assert t("train.job.started", "en", time=run_started(job_id)) in texts(other)
    training_manager.stop(job_id)


def test_runs_started_later_in_another_tab_are_this_tabs_too(training_manager, monkeypatch):
    """A second tab took its browser's runs only while it had none: a run started later
    in the first tab was a classmate's there (no Stop, no curves)."""
    _one_browser(monkeypatch)
    first = open_page("training", "en")
    second = open_page("training", "en")  # a second tab, opened before any run
    second.button(key="training.start").click().run()
    [own] = second.session_state[shared.JOBS_KEY]
    first.run()
    first.button(key="training.start").click().run()
    later = first.session_state[shared.JOBS_KEY][-1]
    assert first.session_state[shared.JOBS_KEY] == [own, later]
    second.run()
    assert not second.exception, second.exception
    assert second.session_state[shared.JOBS_KEY] == [own, later]
    assert sorted(_stop_buttons(second)) == sorted(f"training.stop.{j}" for j in (own, later))
    assert sorted(_live_curves(second)) == sorted(f"training.fig.live.{j}" for j in (own, later))
    assert second.button(key="training.start").disabled  # two runs of this browser live
    second.button(key=f"training.stop.{later}").click().run()
    assert training_manager.wait(later, 30).state == "stopped"
    training_manager.stop(own)


def test_a_run_ended_in_another_tab_is_renamed_and_deleted_here(runs_dir, monkeypatch):
    """Rename and delete follow the browser: tab B said "only the browser that started
    the run" of a run of tab A, started after tab B's own."""

    def finished(config, store, *, run_id, on_progress, stop_event):
        _finished_run(store, config, run_id)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=finished)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    _one_browser(monkeypatch)
    first, second = open_page("training", "en"), open_page("training", "en")
    second.button(key="training.start").click().run()
    manager.wait(second.session_state[shared.JOBS_KEY][-1], 30)
    first.button(key="training.start").click().run()
    later = first.session_state[shared.JOBS_KEY][-1]
    manager.wait(later, 30)
    second.run()
    second.selectbox(key="training.result_run.en").set_value(later).run()
    assert not second.exception, second.exception
    assert not second.text_input(key=f"training.rename.{later}.en").disabled
    assert len(second.selectbox(key="training.delete_run.en").options) == 2  # both runs


class _DyingBackend:
    """Every worker dies at once, as a worker killed for memory."""

    def start(self, task, on_progress, on_end) -> None:
        outcome = Outcome(error="killed by SIGKILL", error_type=WORKER_DIED)
        threading.Thread(target=on_end, args=(outcome,), daemon=True).start()

    def stop(self, task) -> None:
        pass


def _failures(at) -> list[str]:
    return [button.key for button in at.button if button.key.startswith("training.dismiss.")]


def test_a_failure_shows_after_a_reload_until_dismissed_in_any_tab(runs_dir, monkeypatch):
    manager = JobManager(max_workers=1, backend=_DyingBackend())
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    _one_browser(monkeypatch)
    first = open_page("training", "ko")
    first.button(key="training.start").click().run()
    job_id = first.session_state[shared.JOBS_KEY][-1]
    manager.wait(job_id, 30)
    reloaded = open_page("training", "ko")  # the run died before the student saw it
    assert _failures(reloaded) == [f"training.dismiss.{job_id}"]
    message = t("train.failed.died", "ko", run="@").split("@")[1]
    assert any(error.value.endswith(message) for error in reloaded.error)
    reloaded.button(key=f"training.dismiss.{job_id}").click().run()
    assert _failures(reloaded) == []
    assert _failures(open_page("training", "ko")) == []  # dismissed: not again


def _finished_run(store: RunStore, config: TrainConfig, run_id: str | None = None) -> str:
    """A finished run's files, written directly (no training); its id."""
    run_id = store.create(config, run_id).run_id
    store.write_history(run_id, HISTORY)
    store.write_json(run_id, "metrics.json", {"test_accuracy": 0.8, "params": 99})
    with zipfile.ZipFile(store.model_path(run_id), "w") as archive:
        archive.writestr("config.json", "{}")  # what the store checks of a model file
    store.write_json(run_id, "card.json", {"name": run_id})
    store.set_status(run_id, "finished")
    return run_id


def test_after_a_reload_the_results_switch_to_the_browsers_run_when_it_ends(runs_dir, monkeypatch):
    """Without a reload the results switched to the student's own run when it ended;
    after one they stayed on the run the reloaded page had picked."""
    gate = threading.Event()

    def held(config, store, *, run_id, on_progress, stop_event):
        gate.wait(30)
        _finished_run(store, config, run_id)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=held)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    _one_browser(monkeypatch)
    earlier = _finished_run(RunStore(runs_dir), PRESETS["best"])
    first = open_page("training", "en")
    first.button(key="training.start").click().run()
    job_id = first.session_state[shared.JOBS_KEY][-1]
    reloaded = open_page("training", "en")
    assert reloaded.selectbox(key="training.result_run.en").value == earlier
    gate.set()
    manager.wait(job_id, 30)
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert reloaded.selectbox(key="training.result_run.en").value == job_id
    reloaded.selectbox(key="training.result_run.en").set_value(earlier).run()
    assert reloaded.selectbox(key="training.result_run.en").value == earlier  # once only
