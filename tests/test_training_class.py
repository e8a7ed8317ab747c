"""The training page with a whole class at once (an audit with several browsers): a
run's name on its live card in every browser, equal accuracies sharing a rank, the name
field emptied by Start, and students told plainly that a control is the teacher's."""

from __future__ import annotations

import unicodedata
import zipfile
from types import SimpleNamespace

import pytest

from app_harness.apptest import open_page, texts
from app_pages.training import board as board_page
from app_pages.training import owners, shared
from cnn_core import board
from cnn_core.datasets import DATASETS
from cnn_core.jobs import JobManager
from cnn_core.runs import RunStore
from cnn_core.train_config import PRESETS
from ui.i18n import t
from ui.markdown import markdown_text

NAME_FIELD = "training.run_name.en"


def _browser(monkeypatch, key: str) -> None:
    """The sessions opened from now on come from browser ``key`` (AppTest sends no cookie)."""
    monkeypatch.setattr(owners, "current_browser_key", lambda: key)


def _folder_then_wait(config, store, *, run_id, on_progress, stop_event):
    """What ``train()`` does first (the run's folder, the names typed at Start moved into
    it), then a run that trains until stopped."""
    store.create(config, run_id)
    board.apply_pending_names(store.root)
    stop_event.wait(30)
    return SimpleNamespace(run_id=run_id, status="stopped", metrics={}, history={})


@pytest.fixture
def one_worker(runs_dir, monkeypatch) -> JobManager:
    """One run trains at a time (the next one waits in the queue); no teacher PIN."""
    monkeypatch.delenv(board_page.PIN_ENV, raising=False)
    jobs = owners.BrowserJobs()
    monkeypatch.setattr(owners, "browser_jobs", lambda: jobs)
    manager = JobManager(max_workers=1, train_fn=_folder_then_wait)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    return manager


def _start(at, name: str):
    at.text_input(key=NAME_FIELD).set_value(name)
    return at.button(key="training.start").click().run()


def _cards(at) -> list[str]:
    """The first line of every live card of the quick preset: its settings, when it started."""
    dataset, model = DATASETS["fashion_mnist"].title["en"], t("train.preset.quick", "en")
    summary = t("train.job.summary", "en", dataset=dataset, model=model, epochs=2)
    return [md.value for md in at.markdown if summary in md.value]


def test_a_name_typed_at_start_heads_its_card_in_every_browser_queued_or_training(
    one_worker, runs_dir, monkeypatch
):
    """The class saw identical cards ("Fashion-MNIST · Quick · 2 epochs · started
    18:10:00"): the name reached the card only once the run had ended."""
    _browser(monkeypatch, "minji")
    minji = _start(open_page("training", "en"), "Minji")
    _browser(monkeypatch, "jisoo")
    jisoo = _start(open_page("training", "en"), "**Jisoo**")  # shown as typed
    [training] = minji.session_state[shared.JOBS_KEY]
    [queued] = jisoo.session_state[shared.JOBS_KEY]
    assert one_worker.snapshot(queued).state == "queued"
    assert not (runs_dir / queued).exists()  # its name waits for its folder
    assert board.read_entry(runs_dir / training).name == "Minji"
    _browser(monkeypatch, "teacher")
    for at in (open_page("training", "en"), minji.run(), jisoo.run()):
        assert not at.exception, at.exception
        cards = _cards(at)
        assert len(cards) == 2, cards
        assert any(card.lstrip("*").startswith("Minji · ") for card in cards), cards
        named = f"{markdown_text('**Jisoo**')} · "
        assert any(card.lstrip("*").startswith(named) for card in cards), cards
    for job_id in (training, queued):
        one_worker.stop(job_id)


def test_a_queued_run_stopped_by_the_teacher_is_named_on_its_students_page(one_worker, monkeypatch):
    _browser(monkeypatch, "minji")
    first = _start(open_page("training", "en"), "")
    second = _start(first, "Second try")
    training, queued = second.session_state[shared.JOBS_KEY]
    shared.stopped_elsewhere().add(queued)  # the teacher's Stop on the queued card
    one_worker.stop(queued)
    one_worker.wait(queued, 30)
    second.run()
    [warning] = [w.value for w in second.warning]
    assert warning.startswith("**Second try · "), warning
    one_worker.stop(training)


def test_start_empties_the_name_field_and_the_run_keeps_the_name(one_worker, runs_dir, monkeypatch):
    """The name stayed in the field, and the next Start gave it to the next run too."""
    _browser(monkeypatch, "minji")
    at = _start(open_page("training", "en"), "Minji")
    assert not at.exception, at.exception
    assert at.text_input(key=NAME_FIELD).value == ""
    first = at.session_state[shared.JOBS_KEY][-1]
    assert shared.job_name(first) == "Minji"
    at.button(key="training.start").click().run()  # the next Start, nothing typed
    second = at.session_state[shared.JOBS_KEY][-1]
    assert second != first and shared.job_name(second) is None
    assert shared.job_name(first) == "Minji"
    for job_id in (first, second):
        one_worker.stop(job_id)


def test_a_pasted_name_longer_than_the_board_keeps_is_cut_not_lost(
    one_worker, runs_dir, monkeypatch
):
    """With ``max_chars``, Streamlit dropped a longer paste whole: the field stayed empty
    and the run started with no name, without a word."""
    long = "Minji " + "가" * 60
    kept = board.clean_name(long)
    assert kept is not None and len(kept) == board.MAX_NAME_CHARS
    _browser(monkeypatch, "minji")
    at = open_page("training", "en")
    assert not at.text_input(key=NAME_FIELD).proto.max_chars  # the browser takes it all
    at.text_input(key=NAME_FIELD).set_value(long).run()
    note = t("train.board.name_cut", "en", limit=board.MAX_NAME_CHARS, name=markdown_text(kept))
    assert note in [caption.value for caption in at.caption]
    at.button(key="training.start").click().run()
    assert not at.exception, at.exception
    job = at.session_state[shared.JOBS_KEY][-1]
    assert shared.job_name(job) == kept
    one_worker.stop(job)


@pytest.mark.parametrize(
    "typed",
    [
        "x" * board.MAX_NAME_CHARS + "\u200b",
        unicodedata.normalize("NFD", "민" * board.MAX_NAME_CHARS),
    ],
    ids=["zero-width space", "NFD Hangul"],
)
def test_a_name_that_fits_once_cleaned_gets_no_cut_note(runs_dir, typed):
    at = open_page("training", "en")
    at.text_input(key=NAME_FIELD).set_value(typed).run()
    assert not at.exception, at.exception
    kept = board.clean_name(typed)
    note = t("train.board.name_cut", "en", limit=board.MAX_NAME_CHARS, name=markdown_text(kept))
    assert note not in [caption.value for caption in at.caption]


def _finished(store: RunStore, accuracy: float, name: str) -> str:
    """A finished run of the quick preset with test accuracy ``accuracy``, named ``name``."""
    run_id = store.create(PRESETS["quick"]).run_id
    store.write_history(run_id, {"loss": [0.5], "accuracy": [0.8]})
    metrics = {"test_accuracy": accuracy, "params": 1000, "epochs_run": 1}
    store.write_json(run_id, "metrics.json", metrics)
    with zipfile.ZipFile(store.model_path(run_id), "w") as archive:
        archive.writestr("config.json", "{}")
    store.write_json(run_id, "card.json", {"name": run_id})
    store.set_status(run_id, "finished")
    board.set_name(store.root / run_id, name)
    return run_id


def test_equal_accuracies_as_shown_share_a_rank_on_the_board(runs_dir):
    """Five runs of one preset scored 91.2% to the last digit and were ranked 1 to 5."""
    store = RunStore(runs_dir)
    for accuracy, name in [
        (0.9123, "Minji"),
        (0.95, "Top"),
        (0.9123, "Teacher"),
        (0.91249, "Jisoo"),  # 91.2% as shown
        (0.9, "Last"),
    ]:
        _finished(store, accuracy, name)
    at = open_page("training", "en")
    assert not at.exception, at.exception
    [table] = [table.value for table in at.table]
    assert list(table["Rank"]) == ["1", "2", "2", "2", "5"]
    names = list(table["Name"])
    assert names[0] == "Top" and names[-1] == "Last"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_student_reads_that_a_control_is_the_teachers_and_no_server_setting(
    runs_dir, monkeypatch, lang
):
    """A student's page showed `CNN_EXPLORER_TEACHER_PIN` in three places; the setting
    is for whoever starts the server: the teacher reads it in the board's teacher box."""
    monkeypatch.delenv(board_page.PIN_ENV, raising=False)
    _finished(RunStore(runs_dir), 0.9, "Minji")  # a board, and a run to delete
    monkeypatch.setattr(board_page, "on_server_machine", lambda: False)  # a student
    at = open_page("training", lang)
    assert not at.exception, at.exception
    assert board_page.PIN_ENV not in texts(at)
    assert t("train.teacher.only", lang) in texts(at)
    monkeypatch.setattr(board_page, "on_server_machine", lambda: True)  # the teacher
    at.run()
    assert "training.board_hide" in [b.key for b in at.button]
    assert texts(at).count(board_page.PIN_ENV) == 1  # said once, where the teacher reads it
    assert t("train.teacher.only", lang) not in texts(at)
    monkeypatch.setenv(board_page.PIN_ENV, "4321")  # a PIN: any browser may be the teacher's
    at.run()
    assert board_page.PIN_ENV not in texts(at)
    assert t("train.teacher.pin_needed", lang) in texts(at)
