"""AppTest of the training page: tiny runs on Fashion-MNIST, stop, compare, delete, faults;
how runs are named (presets, students' names on the board) and the empty live view.

AppTest runs the script synchronously while the job manager trains in a worker
process, so the tests rerun the page with short sleeps until the run has ended
(bounded in time). Training is kept tiny: a one-block custom CNN with 4 filters
on 2,000 images. The naming tests need no training: they write finished runs'
files themselves (:func:`_written_run`).
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import threading
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from app_harness.apptest import open_page, set_lang, texts
from app_pages.training import board as board_page
from app_pages.training import controls, results, shared
from cnn_core import board, catalog, datasets, figures
from cnn_core.backends import INTERRUPTED, WORKER_DIED, Outcome
from cnn_core.datasets import DatasetUnavailable
from cnn_core.jobs import JobManager, JobSnapshot
from cnn_core.models import model_size
from cnn_core.progress import Progress
from cnn_core.runs import RunStore, run_started
from cnn_core.train_config import PRESETS, CustomSpec, TrainConfig
from ui import markdown
from ui.i18n import t
from ui.models import PERCENT_FORMAT

RUN_TIMEOUT = 240.0
TINY = TrainConfig(
    dataset="fashion_mnist",
    model="custom",
    custom=CustomSpec(conv_blocks=1, filters=4, dense_units=0, dropout=0.0),
    epochs=1,
    batch_size=128,
    train_subset=2_000,
)


def _fashion_mnist_or_skip() -> None:
    try:
        datasets.sample_images("fashion_mnist", per_class=1)
    except DatasetUnavailable as err:
        pytest.skip(f"Fashion-MNIST is not in the Keras cache: {err}")


@pytest.fixture
def submitted(monkeypatch) -> list[TrainConfig]:
    """The configs the page's Start submits, in order, to a manager that records them
    and ends each run at once."""
    configs: list[TrainConfig] = []

    def record(config, store, *, run_id, on_progress, stop_event):
        configs.append(config)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=record)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    return configs


@pytest.fixture
def late_folder(monkeypatch) -> tuple[threading.Event, JobManager]:
    """A manager whose runs get their folder (and finish) only once the returned gate
    is set: a name typed at Start waits on disk until then."""
    gate = threading.Event()

    def late_folder_train(config, store, *, run_id, on_progress, stop_event):
        gate.wait(30)
        store.create(config, run_id)
        _finish(store, run_id)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=late_folder_train)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    return gate, manager


@pytest.fixture(scope="module")
def trained_runs(tmp_path_factory) -> Path:
    """A run store holding two tiny finished runs (trained once per module)."""
    _fashion_mnist_or_skip()
    from cnn_core.training import train

    root = tmp_path_factory.mktemp("trained") / "runs"
    store = RunStore(root)
    train(TINY, store)
    train(dataclasses.replace(TINY, epochs=2, seed=1), store)
    return root


@pytest.fixture
def two_runs(trained_runs, runs_dir) -> list[str]:
    """The two tiny runs copied into this test's empty run store; their ids, newest first.

    Both are given the first one's start second, as when two students press Start
    together, so the page's lists show them under one label but for its numbering.
    """
    paths = sorted(trained_runs.iterdir())
    stamp = paths[0].name[: len("20261130-105558")]
    for path in paths:
        shutil.copytree(path, runs_dir / (stamp + path.name[len(stamp) :]))
    return [record.run_id for record in RunStore(runs_dir).list()]


def _use_tiny_config(at, epochs: int = 1):
    at.selectbox(key="training.model.en").set_value("custom").run()
    at.slider(key="training.custom.conv_blocks.en").set_value(1)
    at.select_slider(key="training.custom.filters.en").set_value(4)
    at.select_slider(key="training.custom.dense_units.en").set_value(0)
    at.slider(key="training.custom.dropout.en").set_value(0.0)
    at.radio(key="training.train_subset.en").set_value(2_000)
    at.number_input(key="training.epochs.en").set_value(epochs)
    at.selectbox(key="training.batch_size.en").set_value(128)
    return at.run()


def _job_id(at) -> str:
    return at.session_state["training.jobs"][-1]


def _rerun_until(at, done, timeout: float = RUN_TIMEOUT):
    deadline = time.monotonic() + timeout
    while not done(at):
        assert time.monotonic() < deadline, "the training run did not end in time"
        assert not at.exception, at.exception
        time.sleep(0.5)
        at.run()
    return at


def _ended(at) -> bool:
    return not shared.job_manager().snapshot(_job_id(at)).active


def test_page_trains_a_tiny_run_shows_progress_curves_and_results(runs_dir):
    _fashion_mnist_or_skip()
    at = _use_tiny_config(open_page("training", "en"))
    assert not at.exception, at.exception
    at.button(key="training.start").click().run()
    assert not at.exception, at.exception
    job_id = _job_id(at)
    started = t("train.job.started", "en", time=run_started(job_id))  # no browser: UTC
    assert started in texts(at)  # the live view shows the job at once
    folder = t("train.job.folder", "en", run=job_id)  # the folder's name in a tooltip
    assert folder in [m.proto.help for m in at.markdown]
    assert _live_none("en") not in texts(at)  # "nothing is training" only when nothing is
    at.switch_page("app_pages/home/page.py").run()  # leave and come back: the run goes on, once
    at.switch_page("app_pages/training/page.py").run()
    assert at.session_state["training.jobs"] == [job_id]
    assert [snap.job_id for snap in shared.job_manager().active()] in ([job_id], [])
    seen_progress = []
    phases = {t(f"train.job.{phase}", "en") for phase in ("loading", "evaluating", "done")}

    def ended(at) -> bool:  # a bar while it trains, else its phase's line
        seen_progress.append(
            bool(at.get("progress")) or any(m.value in phases for m in at.markdown)
        )
        return _ended(at)

    _rerun_until(at, ended)
    at.run()
    assert any(seen_progress)  # the live view drew its progress while it ran
    assert not at.exception, at.exception
    assert shared.job_manager().snapshot(job_id).state == "finished"
    assert at.selectbox(key="training.result_run.en").value == job_id
    accuracy = at.metric[0]
    assert accuracy.label == "Test accuracy" and accuracy.value.endswith("%")
    assert float(accuracy.value.rstrip("%")) > 30
    assert len(at.get("plotly_chart")) >= 3  # curves, confusion matrix, mistakes
    assert len(at.get("download_button")) == 4  # model, history, run code, setup code
    assert f"run:{job_id}" in {entry.key for entry in catalog.list_models(runs=runs_dir)}
    set_lang(at, "ko")  # results redraw in Korean, class names included
    assert not at.exception, at.exception
    assert at.metric[0].label == t("train.metric.test_accuracy", "ko")


def test_stop_ends_a_run_early_and_keeps_its_results(runs_dir):
    _fashion_mnist_or_skip()
    at = _use_tiny_config(open_page("training", "en"), epochs=50)
    at.button(key="training.start").click().run()
    job_id = _job_id(at)
    manager = shared.job_manager()

    def training(_):
        progress = manager.snapshot(job_id).progress
        return progress is not None and progress.phase == "training" and progress.epoch >= 2

    _rerun_until(at, training)
    at.button(key=f"training.stop.{job_id}").click().run()
    assert not at.exception, at.exception
    _rerun_until(at, _ended)
    at.run()
    snap = manager.snapshot(job_id)
    assert snap.state == "stopped"
    assert 2 <= snap.record.metrics["epochs_run"] < 50
    where = snap.record.metrics["stopped_at"]
    partial = t("train.results.stopped_partial", "en", **where)
    said = t("train.results.stopped", "en")
    assert (f"{said} {partial}" if where["batch"] < where["batches"] else said) in texts(at)
    assert at.selectbox(key="training.result_run.en").value == job_id


def test_the_quick_preset_holds_out_nothing_and_its_results_say_which_loss_was_watched(runs_dir):
    _fashion_mnist_or_skip()
    at = open_page("training", "en")
    at.button(key="training.preset.quick").click().run()
    assert at.slider(key="training.validation_split.en").value == 0.0
    none_held_out = t("train.validation_split.none", "en")
    assert none_held_out in texts(at)
    at.slider(key="training.validation_split.en").set_value(0.1).run()
    assert none_held_out not in texts(at)  # the note only while nothing is held out
    at.slider(key="training.validation_split.en").set_value(0.0)
    at = _use_tiny_config(at)
    at.button(key="training.start").click().run()
    _rerun_until(at, _ended)
    at.run()
    assert not at.exception, at.exception
    record = shared.job_manager().snapshot(_job_id(at)).record
    assert set(record.history) == {"loss", "accuracy"}
    watched = t("train.results.train_loss", "en")
    assert t("train.results.best_help", "en", loss=watched) in texts(at)
    assert t("train.results.val_loss", "en") not in texts(at)


def test_compare_overlays_runs_and_delete_needs_confirmation(two_runs, runs_dir, monkeypatch):
    _teachers_laptop(monkeypatch)  # deletes any run
    at = open_page("training", "en")
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert set(table["Started"]) == {run_started(run) for run in two_runs}
    assert set(table["Status"]) == {"finished"}
    charts = len(at.get("plotly_chart"))
    at.multiselect(key="training.compare.en").set_value(two_runs).run()
    assert len(at.get("plotly_chart")) == charts + 2  # loss and accuracy overlays
    overlays = [c.proto.id.rsplit(".", 1)[-1] for c in at.get("plotly_chart")[-2:]]
    assert overlays == ["loss", "accuracy"]  # in the order of the results' curves
    shown = at.multiselect(key="training.compare.en").options
    assert len(set(shown)) == 2 and shown[1] == f"{shown[0]} (2)"  # one start second
    for overlay in at.get("plotly_chart")[-2:]:
        legend = {trace["name"] for trace in json.loads(overlay.proto.spec)["data"]}
        val = t("train.compare.val_suffix", "en")
        assert legend == {"A", "B", f"A {val}", f"B {val}"}, legend  # short: full in the hover
    victim = two_runs[1]
    victim_label = at.selectbox(key="training.delete_run.en").format_func(victim)
    at.selectbox(key="training.delete_run.en").set_value(victim).run()
    assert at.button(key="training.delete").disabled
    at.checkbox(key="training.delete_sure.en").check().run()
    at.button(key="training.delete").click().run()
    assert not at.exception, at.exception
    assert not (runs_dir / victim).exists()
    assert t("train.delete.done", "en", run=markdown.markdown_text(victim_label)) in texts(at)
    assert victim not in texts(at)  # the run's label, never its internal id
    assert list(at.dataframe[0].value["Started"]) == [run_started(two_runs[0])]
    assert at.multiselect(key="training.compare.en").value == [two_runs[0]]


def test_broken_and_interrupted_runs_are_listed_as_such(two_runs, runs_dir):
    broken = runs_dir / "20000101-000000-fashion_mnist-seed_cnn-dead"
    broken.mkdir()
    (broken / "config.json").write_text("{ not json")
    interrupted = runs_dir / "20000101-000001-fashion_mnist-seed_cnn-beef"
    shutil.copytree(runs_dir / two_runs[0], interrupted)
    (interrupted / "card.json").unlink()
    (interrupted / "status.json").write_text(
        json.dumps({"status": "running", "pid": 2**22 + 12345, "started": 1.0})
    )
    at = open_page("training", "ko")
    assert not at.exception, at.exception
    frame = at.dataframe[0].value
    columns = t("train.col.run", "ko"), t("train.col.status", "ko")
    assert list(frame.columns[:2]) == list(columns)  # when first: seen without scrolling
    statuses = dict(zip(frame[columns[0]], frame[columns[1]], strict=True))
    assert statuses[run_started(broken.name)] == t("train.status.broken", "ko")
    assert statuses[run_started(interrupted.name)] == t("train.status.interrupted", "ko")
    assert t("train.runs.broken_help", "ko") in texts(at)


def test_an_unwritable_runs_folder_gives_a_message_and_starts_nothing(tmp_path, monkeypatch):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("a file where the runs folder should be")
    monkeypatch.setenv("CNN_EXPLORER_RUNS_DIR", str(not_a_folder / "runs"))
    at = open_page("training", "ko")
    at.button(key="training.start").click().run()
    assert not at.exception, at.exception
    assert any("`" + str(not_a_folder / "runs") + "`" in error.value for error in at.error)
    assert "training.jobs" not in at.session_state


def test_picking_a_dataset_not_on_the_server_downloads_nothing_and_says_a_run_will(
    runs_dir, monkeypatch
):
    """Picking CIFAR-10 made Keras download it ("Downloading data from …cifar-10-python
    .tar.gz"); a pick only looks for the files now, and the run downloads them."""
    real_load = datasets._load_raw

    def load(name):
        assert name != "cifar10", "picking CIFAR-10 loaded it (a download where it is missing)"
        return real_load(name)

    monkeypatch.setattr(datasets, "_load_raw", load)
    monkeypatch.setattr(controls, "files_present", lambda name: name != "cifar10")
    monkeypatch.setattr(controls, "keras_cache_dir", lambda: "/nowhere/datasets")
    at = open_page("training", "ko")
    at.selectbox(key="training.dataset.ko").set_value("cifar10").run()
    assert not at.exception, at.exception
    assert not at.error
    title = datasets.DATASETS["cifar10"].title["ko"]
    said = t("train.dataset.download", "ko", dataset=title)
    [message] = [info.value for info in at.info if info.value.startswith(said)]
    assert "`cifar-10-batches-py-target_archive`" in message  # what Keras 3 looks for
    assert "cifar-10-python.tar.gz" in message and "`/nowhere/datasets`" in message
    assert not at.button(key="training.start").disabled  # the run downloads it
    set_lang(at, "en")
    assert "not on this server yet" in " ".join(info.value for info in at.info)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_bundled_digits_missing_on_the_server_cannot_start(runs_dir, monkeypatch, lang):
    monkeypatch.setattr(controls, "files_present", lambda name: name != "mnist_subset")
    at = open_page("training", lang)
    at.selectbox(key=f"training.dataset.{lang}").set_value("mnist_subset").run()
    assert not at.exception, at.exception
    [message] = [error.value for error in at.error]
    title = datasets.DATASETS["mnist_subset"].title[lang]
    assert message.startswith(t("train.dataset.bundled_missing", lang, dataset=title))
    assert "git checkout assets/datasets" in message
    assert at.button(key="training.start").disabled


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_picker_marks_the_datasets_this_server_lacks(runs_dir, monkeypatch, lang):
    monkeypatch.setattr(controls, "files_present", lambda name: name != "cifar10")
    at = open_page("training", lang)
    picker = at.selectbox(key=f"training.dataset.{lang}")
    cifar = datasets.DATASETS["cifar10"].title[lang]
    assert picker.format_func("cifar10") == t("train.dataset.not_here", lang, dataset=cifar)
    assert picker.format_func("mnist_subset") == datasets.DATASETS["mnist_subset"].title[lang]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_preset_button_tells_its_own_numbers(runs_dir, lang):
    at = open_page("training", lang)
    quick = at.button(key="training.preset.quick").proto.help
    best = at.button(key="training.preset.best").proto.help
    recipe = at.button(key="training.preset.seed_recipe").proto.help
    for help_text, config in ((quick, PRESETS["quick"]), (best, PRESETS["best"])):
        assert (
            f"{config.custom.filters}" in help_text and f"{config.custom.dense_units}" in help_text
        )
        assert f"{config.epochs}" in help_text and f"{config.batch_size}" in help_text
    recipe_name = t("train.preset.seed_recipe", lang)  # named in the page's language
    facts = {**controls.preset_facts(PRESETS["quick"]), "recipe": recipe_name}
    assert quick == t("train.preset.quick.help", lang, **facts)
    assert "60,000" in quick and "54,000" in best  # quick holds nothing out, best 6,000
    assert str(PRESETS["seed_recipe"].epochs) in recipe and "{" not in recipe
    assert "48,000" in recipe  # the seeds' train_test_split(test_size=0.2) of 60,000


def test_the_controls_offer_the_ranges_the_library_checks(runs_dir):
    """One list of limits (cnn_core.train_config): the seed widget went to 2**31 - 1,
    and the epochs widget stops at the page's classroom cap. The typed numbers are
    checked by the page (controls.NUMBER_RANGES), not by the widgets' own bounds."""
    from cnn_core import train_config as limits

    assert {
        "epochs": (limits.EPOCHS_RANGE[0], limits.PAGE_MAX_EPOCHS),
        "learning_rate": (limits.PAGE_MIN_LEARNING_RATE, limits.MAX_LEARNING_RATE),
        "patience": (0, limits.PAGE_MAX_PATIENCE),
        "seed": limits.SEED_RANGE,
    } == controls.NUMBER_RANGES
    assert limits.SEED_RANGE == (0, 2**32 - 1)
    assert limits.EPOCHS_RANGE[1] >= limits.PAGE_MAX_EPOCHS > limits.PAGE_MAX_PATIENCE
    assert 0 < limits.PAGE_MIN_LEARNING_RATE < limits.MAX_LEARNING_RATE
    at = open_page("training", "en")
    for field in controls.NUMBER_RANGES:  # no bounds of their own (test_a_number_out_of...)
        number = at.number_input(key=f"training.{field}.en")
        assert (number.min, number.max) == (None, None), field
    split = at.slider(key="training.validation_split.en")
    assert (split.min, split.max) == limits.VALIDATION_SPLIT_RANGE
    at.selectbox(key="training.model.en").set_value("custom").run()
    blocks = at.slider(key="training.custom.conv_blocks.en")
    assert (blocks.min, blocks.max) == limits.CONV_BLOCKS_RANGE
    dropout = at.slider(key="training.custom.dropout.en")
    assert (dropout.min, dropout.max) == limits.DROPOUT_RANGE
    kernels = at.select_slider(key="training.custom.kernel_size.en")
    assert tuple(int(size) for size in kernels.options) == limits.KERNEL_SIZES
    # The page's choices of the rest lie within the library's ranges.
    for key, (low, high) in (
        ("training.custom.filters.en", limits.FILTERS_RANGE),
        ("training.custom.dense_units.en", limits.DENSE_UNITS_RANGE),
    ):
        assert all(low <= int(option) <= high for option in at.select_slider(key=key).options)
    low, high = limits.BATCH_SIZE_RANGE
    batch_sizes = at.selectbox(key="training.batch_size.en").options
    assert all(low <= int(option) <= high for option in batch_sizes)


def test_presets_fill_the_controls_which_survive_leaving_the_page_and_a_language_switch(runs_dir):
    at = open_page("training", "en")
    at.button(key="training.preset.seed_recipe").click().run()
    assert at.number_input(key="training.epochs.en").value == 20
    assert at.selectbox(key="training.batch_size.en").value == 32
    at.selectbox(key="training.optimizer.en").set_value("rmsprop")
    at.selectbox(key="training.model.en").set_value("custom").run()
    at.slider(key="training.custom.conv_blocks.en").set_value(3).run()
    at.selectbox(key="training.model.en").set_value("lenet5").run()  # the custom builder hides
    at.switch_page("app_pages/home/page.py").run()  # leaving the page drops its widgets' state
    at.switch_page("app_pages/training/page.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="training.model.en").value == "lenet5"
    assert at.selectbox(key="training.optimizer.en").value == "rmsprop"
    assert at.number_input(key="training.epochs.en").value == 20
    at.selectbox(key="training.model.en").set_value("custom").run()
    assert at.slider(key="training.custom.conv_blocks.en").value == 3
    set_lang(at, "ko")  # fresh widgets with Korean labels, same values
    assert not at.exception, at.exception
    assert at.selectbox(key="training.optimizer.ko").value == "rmsprop"
    assert at.selectbox(key="training.model.ko").value == "custom"
    assert at.selectbox(key="training.model.ko").options[-1] == t("train.arch.custom", "ko")
    assert at.slider(key="training.custom.conv_blocks.ko").value == 3
    assert at.number_input(key="training.epochs.ko").value == 20
    assert at.button(key="training.start").label == t("train.start", "ko")


def test_a_run_that_fails_in_its_worker_shows_a_translated_message(runs_dir, monkeypatch):
    from cnn_core import training

    def broken_cache(name, **_):
        raise DatasetUnavailable(name, "EOFError: truncated file", "/cache/datasets")

    monkeypatch.setattr(training, "load_dataset", broken_cache)
    manager = JobManager(max_workers=1, train_fn=training.train)  # in-process: sees the patch
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    at = open_page("training", "ko")
    at.button(key="training.start").click().run()
    _rerun_until(at, _ended, timeout=60)
    at.run()
    assert not at.exception, at.exception
    snap = shared.job_manager().snapshot(_job_id(at))
    assert (snap.state, snap.error_type) == ("failed", "DatasetUnavailable")
    message = " ".join(error.value for error in at.error)
    assert "데이터셋을 불러올 수 없습니다" in message and "truncated file" in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert list(runs_dir.iterdir()) == []  # nothing half-made on disk


def test_a_second_run_waits_in_the_visible_queue_then_runs(runs_dir, monkeypatch):
    gate = threading.Event()

    def gated_train(config, store, *, run_id, on_progress, stop_event):
        gate.wait(30)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=gated_train)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    at = open_page("training", "en")
    at.button(key="training.start").click().run()
    at.button(key="training.start").click().run()
    first, second = at.session_state["training.jobs"]
    assert t("train.job.queued", "en", position=1) in texts(at)
    assert t("train.server_load", "en", running=1, queued=1, workers=1) in texts(at)
    cancel = at.button(key=f"training.stop.{second}")
    assert cancel.label == t("train.cancel", "en")
    cancel.click().run()  # a queued run is simply taken out of the queue
    assert manager.snapshot(second).state == "stopped"
    gate.set()
    manager.wait(first, 30)
    at.run()
    assert not at.exception, at.exception
    assert manager.snapshot(first).state == "finished"
    assert t("train.job.queued", "en", position=1) not in texts(at)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_a_preset_then_start_trains_exactly_that_preset(runs_dir, submitted, preset):
    at = open_page("training", "en")
    at.button(key=f"training.preset.{preset}").click().run()
    at.button(key="training.start").click().run()
    shared.job_manager().wait(at.session_state["training.jobs"][-1], 30)
    assert submitted == [PRESETS[preset]]  # every field, the schedule and BatchNorm included


def test_figure_builders_reject_bad_input_with_the_value_in_the_message():
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]}
    labels = dict(loss_title="L", accuracy_title="A", epoch_title="E", train_name="t", val_name="v")
    fig = figures.training_curves_figure(history, best_epoch=2, max_epoch=5, **labels)
    assert [(trace.name, len(trace.y)) for trace in fig.data] == [("t", 2), ("v", 2), ("t", 2)]
    assert tuple(fig.layout.xaxis.range) == (0.5, 5.5)
    named = figures.training_curves_figure(history, best_epoch=2, best_name="kept", **labels)
    assert named.data[-1].name == "kept" and not named.layout.annotations[2:]  # titles only
    overlay = figures.runs_overlay_figure(
        {"a": history, "b": {"loss": [0.9]}},
        metric="loss",
        title="",
        epoch_title="",
        val_suffix="v",
    )
    assert [trace.name for trace in overlay.data] == ["a", "a v", "b"]  # b held nothing out
    with pytest.raises(ValueError, match="0"):
        figures.training_curves_figure(history, best_epoch=0, **labels)
    with pytest.raises(ValueError, match="'f1'"):
        figures.runs_overlay_figure(
            {"a": history}, metric="f1", title="", epoch_title="", val_suffix=""
        )
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        figures.confusion_matrix_figure(np.zeros((2, 3)), ["a", "b"], true_title="", pred_title="")
    gallery = figures.image_gallery_figure(np.ones((5, 8, 8, 1)), list("abcde"), columns=4)
    assert len(gallery.data) == 5 and gallery.data[0].z.shape == (8, 8, 3)
    with pytest.raises(ValueError, match="4 captions for 5 images"):
        figures.image_gallery_figure(np.ones((5, 8, 8, 1)), list("abcd"))


# -- how runs are named: presets, students' names, the empty live view ------------------
HOSTILE = "**굵게** <b>x</b> :red[빨강] [l](http://e.x)"
"""A name that would be bold, red and a link if the board's Markdown read it."""
ORDINARY = ("민지", "2반 3조", "Team 7 🚀", "김 민 지 👩‍🔬")


def _shown(cell: str) -> str:
    """What the browser shows of an ``st.table`` cell: its Markdown escapes undone and the
    invisible word joiners left out (checked in Chromium for 57 hostile names)."""
    return re.sub(r"\\(.)", r"\1", cell).replace(markdown.WORD_JOINER, "")


def _live_none(lang: str) -> str:
    return t("train.live.none", lang, start=t("train.start", lang))


def _written_run(store: RunStore, config: TrainConfig, accuracy: float, name: str | None) -> str:
    """A finished run's files, written directly (no training); its id. Its history
    has validation curves when its config holds images out, as a trained run's has."""
    run_id = store.create(config).run_id
    history = {"loss": [1.0, 0.6], "accuracy": [0.6, 0.8]}
    if config.validation_split:
        history |= {"val_loss": [1.1, 0.7], "val_accuracy": [0.55, accuracy]}
    store.write_history(run_id, history)
    store.write_json(
        run_id,
        "metrics.json",
        {"test_accuracy": accuracy, "params": 1234, "epochs_run": 2, "train_seconds": 9.5},
    )
    with zipfile.ZipFile(store.model_path(run_id), "w") as archive:
        archive.writestr("config.json", "{}")  # what the store checks of a model file
    store.write_json(run_id, "card.json", {"name": run_id})
    store.set_status(run_id, "finished")
    if name is not None:
        board.set_name(store.root / run_id, name)
    return run_id


@pytest.fixture
def named_runs(runs_dir) -> dict[str, str]:
    """Finished runs of every preset (other seeds) and of two other set-ups, by what
    they are; the hostile name on the quick preset's run, ordinary names on others."""
    store = RunStore(runs_dir)
    custom = dataclasses.replace(PRESETS["quick"], epochs=3)  # the quick preset, changed
    configs = {
        "quick": (dataclasses.replace(PRESETS["quick"], seed=7), HOSTILE),
        "best": (dataclasses.replace(PRESETS["best"], seed=1), ORDINARY[0]),
        "seed_recipe": (PRESETS["seed_recipe"], ORDINARY[1]),
        "custom": (custom, ORDINARY[2]),
        "lenet5": (TrainConfig(model="lenet5", epochs=2), ORDINARY[3]),
    }
    return {
        kind: _written_run(store, config, 0.9 - i / 100, name)
        for i, (kind, (config, name)) in enumerate(configs.items())
    }


def _board_table(at):
    assert len(at.table) == 1, [list(d.value.columns) for d in at.table]
    return at.table[0].value


def _runs_table(at, lang: str):
    status = t("train.col.status", lang)
    return next(d.value for d in at.dataframe if status in d.value.columns)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_board_names_are_text_as_typed_and_runs_are_named_by_their_preset(named_runs, lang):
    assert board.clean_name(HOSTILE) == HOSTILE  # stored whole: the board gets all of it
    at = open_page("training", lang)
    assert not at.exception, at.exception
    table = _board_table(at)
    names = list(table[t("train.board.col.name", lang)])
    # The hostile name, every Markdown character escaped: shown as typed, nothing styled.
    hostile = names[0]
    assert hostile == markdown.markdown_text(HOSTILE) and _shown(hostile) == HOSTILE
    assert hostile.startswith("\\*\\*굵게\\*\\* \\<b\\>x\\<\\/b\\> \\:red\\[빨강\\]")
    assert "http\\:\u2060\\/\\/" in hostile  # no bare link either
    assert names[1:] == list(ORDINARY)  # Hangul, spaces, digits and emoji need nothing
    # Every column alike: text cells (no number or Markdown heading among them).
    assert all(isinstance(cell, str) for column in table for cell in table[column])
    assert not any(_shown(cell).lstrip().startswith("#") for c in table for cell in table[c])
    models = [_shown(cell) for cell in table[t("train.col.model", lang)]]
    assert models == [
        t("train.preset.quick", lang),
        t("train.preset.best", lang),
        t("train.preset.seed_recipe", lang),
        t("train.arch.custom", lang),  # the quick preset with one more epoch: no preset's
        t("train.arch.lenet5", lang),
    ]
    accuracies = [
        float(_shown(cell).rstrip("%")) for cell in table[t("train.col.test_accuracy", lang)]
    ]
    assert accuracies == [90.0, 89.0, 88.0, 87.0, 86.0]
    css = [el.proto.body for el in at.get("html")]
    assert board_page.BOARD_CSS in css  # one font for Hangul and digits on the board
    # The same model names in the runs table and the run pickers; names there as typed.
    runs = _runs_table(at, lang)
    assert set(runs[t("train.col.model", lang)]) == set(models)
    best_val = list(runs[t("train.col.best_val_accuracy", lang)])
    missing = [value for value in best_val if value is None or value != value]  # None, NaN
    assert len(missing) == 2 and len(best_val) == 5  # quick and custom (quick's split):
    table_proto = next(d.proto for d in at.dataframe if d.proto.placeholder)
    assert table_proto.placeholder == "—"  # shown as a dash, not "None"
    picker = at.selectbox(key=f"training.result_run.{lang}")
    quick = picker.format_func(named_runs["quick"])
    assert quick.startswith(f"{HOSTILE} · ") and t("train.preset.quick", lang) in quick
    assert t("train.arch.custom", lang) in picker.format_func(named_runs["custom"])


def _own(at, run_id: str) -> None:
    """Make ``run_id`` this session's own run, as if this browser had started it."""
    at.session_state[shared.JOBS_KEY] = [run_id]
    at.run()


def test_a_renamed_run_is_announced_as_typed(named_runs, runs_dir):
    at = open_page("training", "en")
    run_id = named_runs["lenet5"]
    _own(at, run_id)
    at.selectbox(key="training.result_run.en").set_value(run_id).run()
    at.text_input(key=f"training.rename.{run_id}.en").set_value(HOSTILE).run()
    at.button(key=f"training.rename.{run_id}.save").click().run()
    assert not at.exception, at.exception
    assert board.read_entry(runs_dir / run_id).name == HOSTILE
    message = at.success[0].value  # st.success renders Markdown too
    assert message == t("train.board.renamed", "en", name=markdown.markdown_text(HOSTILE))
    assert _shown(message) == t("train.board.renamed", "en", name=HOSTILE)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_classmates_run_shows_its_name_but_cannot_be_renamed(named_runs, runs_dir, lang):
    run_id = named_runs["quick"]  # on the board as HOSTILE, started in another browser
    at = open_page("training", lang)
    at.selectbox(key=f"training.result_run.{lang}").set_value(run_id).run()
    field = at.text_input(key=f"training.rename.{run_id}.{lang}")
    assert field.value == HOSTILE and field.disabled
    assert at.button(key=f"training.rename.{run_id}.save").disabled
    assert t("train.board.rename_own", lang) in texts(at)
    _own(at, run_id)  # the browser that started it
    assert not at.text_input(key=f"training.rename.{run_id}.{lang}").disabled
    assert t("train.board.rename_own", lang) not in texts(at)


def test_the_compare_legend_is_short_below_the_plot_and_shows_names_as_text(named_runs):
    at = open_page("training", "en")
    picked = [named_runs["quick"], named_runs["best"], named_runs["lenet5"]]
    at.multiselect(key="training.compare.en").set_value(picked).run()
    assert not at.exception, at.exception
    label = at.multiselect(key="training.compare.en").format_func(named_runs["quick"])
    assert label.startswith(HOSTILE)
    escaped = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    best = at.multiselect(key="training.compare.en").format_func(named_runs["best"])
    assert "<" not in best and "&" not in best
    val = t("train.compare.val_suffix", "en")
    for overlay in at.get("plotly_chart")[-2:]:
        spec = json.loads(overlay.proto.spec)
        legend = spec["layout"]["legend"]
        assert legend["orientation"] == "h" and legend["y"] < 0  # one row under the plot
        names = [trace["name"] for trace in spec["data"]]
        # A letter and the board name, cut short; Plotly reads <b> in a name: escaped.
        short = HOSTILE[: results.LEGEND_NAME_CHARS - 1] + "…"
        first = "A · " + short.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        third = f"C · {ORDINARY[3]}"
        expected = [first, "B · 민지", third]
        # The quick preset holds no images out: no validation curve for A.
        assert names == [first, expected[1], f"{expected[1]} {val}", third, f"{third} {val}"]
        assert "<b>" not in names[0]
        # The full label, escaped, in the hover of each of a run's curves.
        hovers = [trace["hovertemplate"] for trace in spec["data"]]
        assert hovers[0].startswith(f"{escaped}<br>")
        assert hovers[1].startswith(f"{best}<br>") and hovers[2].startswith(f"{best}<br>")
    caption = " ".join(c.value for c in at.caption)
    assert "**A**" in caption and markdown.markdown_text(label) in caption  # who is A


def test_the_results_charts_have_no_mode_bar(named_runs, runs_dir):
    """As the README says of every read chart (ui.layout.CHART_CONFIG): the curves (drag
    to zoom still works without it), the confusion matrix, the mistakes, the overlays."""
    store = RunStore(runs_dir)
    shown = named_runs["lenet5"]
    store.write_array(shown, "confusion.npy", np.eye(10, dtype=np.int64) * 5)
    store.write_arrays(
        shown,
        "misclassified.npz",
        indices=np.arange(2),
        true=np.array([1, 2]),
        pred=np.array([2, 1]),
        confidence=np.array([0.9, 0.8], np.float32),
        images=np.zeros((2, 28, 28, 1), np.uint8),
    )
    at = open_page("training", "en")
    at.selectbox(key="training.result_run.en").set_value(shown).run()
    at.multiselect(key="training.compare.en").set_value([shown, named_runs["best"]]).run()
    assert not at.exception, at.exception
    charts = {chart.proto.id: json.loads(chart.proto.config) for chart in at.get("plotly_chart")}
    kinds = ("curves", "confusion", "mistakes", "overlay.loss", "overlay.accuracy")
    for kind in kinds:
        assert any(f"training.fig.{kind}" in chart for chart in charts), (kind, list(charts))
    for chart, config in charts.items():
        assert config.get("displayModeBar") is False, chart


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_compare_charts_mark_the_partial_epoch_of_a_run_stopped_in_it(runs_dir, lang):
    """An audit stopped a run at batch 784 of 938 of its first epoch: the compare charts
    drew its point as a whole "Epoch 1" beside another run's. It is now drawn as the
    live curves draw the epoch in progress (dotted, hollow), worded as the class board
    words it, in the legend, the hover and a line under the charts."""
    store = RunStore(runs_dir)
    where = {"epoch": 1, "batch": 784, "batches": 938}
    stopped = _written_run(store, TINY, 0.857, None)
    store.write_history(
        stopped, {"loss": [0.4], "accuracy": [0.857], "val_loss": [0.42], "val_accuracy": [0.85]}
    )
    store.write_json(stopped, "metrics.json", {"epochs_run": 1, "stopped_at": where})
    store.set_status(stopped, "stopped")
    whole = _written_run(store, TINY, 0.88, None)
    at = open_page("training", lang)
    at.multiselect(key=f"training.compare.{lang}").set_value([stopped, whole]).run()
    assert not at.exception, at.exception
    words = f"{t('train.curve.epoch', lang)} {t('train.board.stopped_partial', lang, **where)}"
    val = t("train.compare.val_suffix", lang)
    for overlay in at.get("plotly_chart")[-2:]:
        traces = json.loads(overlay.proto.spec)["data"]
        marked = [trace for trace in traces if trace.get("marker", {}).get("symbol")]
        assert [trace["name"] for trace in marked] == [f"A · {words}", f"A {val} · {words}"]
        assert [trace["x"] for trace in marked] == [[1], [1]]  # epoch 1: no whole epoch before
        assert all(trace["marker"]["symbol"] == "circle-open" for trace in marked)
        assert all(trace["line"]["dash"] == "dot" for trace in marked)
        assert [trace.get("showlegend", True) for trace in marked] == [True, False]
        # The hover shows the run's full label, then the trace's name: the words.
        assert all(trace["hovertemplate"].endswith(results.HOVER_VALUE) for trace in marked)
        solid = [trace for trace in traces if trace["name"] in ("A", f"A {val}")]
        assert [trace["x"] for trace in solid] == [[], []]  # no whole epoch drawn for A
        others = [trace for trace in traces if trace["legendgroup"] == "B"]
        assert [trace["x"] for trace in others] == [[1, 2], [1, 2]]  # B's epochs are whole
    caption = t("train.compare.partial", lang, runs=f"**A**: {words}")
    assert caption in [c.value for c in at.caption]
    at.multiselect(key=f"training.compare.{lang}").set_value([whole]).run()
    assert caption not in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_live_view_says_when_nothing_is_training(runs_dir, lang):
    at = open_page("training", lang)
    assert not at.exception, at.exception
    assert _live_none(lang) in [info.value for info in at.info]
    headers = [header.value for header in at.header]
    assert t("train.live", lang) in headers


def _live_places(at, lang: str) -> list[str]:
    """The texts of the live view's places (the fragment's elements, in order), each
    the joined text of what the last run drew there."""
    main = list(at.main.children.values())
    heading = next(
        i for i, n in enumerate(main) if getattr(n, "value", None) == t("train.live", lang)
    )

    def text(node) -> str:
        if node.type in ("info", "caption", "markdown"):
            return node.value
        return " ".join(text(child) for child in getattr(node, "children", {}).values())

    return [text(place) for place in main[heading + 1].children.values()]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_when_a_run_ends_no_line_of_the_live_view_lingers_to_contradict_the_next(
    runs_dir, monkeypatch, lang
):
    """An audit saw "No run is training right now" over "Whole server: 1 training" for
    a second or two after a run ended: the page's rerun drew the first line where the
    run's box had been, and the browser kept the last run's server line below it until
    the page's run ended. Each place is now drawn on every run."""
    gate = threading.Event()

    def held(config, store, *, run_id, on_progress, stop_event):
        on_progress(Progress("training", 1, 2, 4, 10, logs={"loss": 0.8}, eta_s=20.0))
        gate.wait(30)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    at, manager, job_id = _started_with(monkeypatch, held, lang)
    load = t("train.server_load", lang, running=1, queued=0, workers=1)
    training = _live_places(at, lang)
    assert load in training and _live_none(lang) not in training
    gate.set()
    manager.wait(job_id, 30)
    at.run()
    assert not at.exception, at.exception
    ended = _live_places(at, lang)
    shown = ended + training[len(ended) :]  # what the browser shows until the run ends
    assert _live_none(lang) in shown and load not in shown
    assert shown == ended  # nothing of the run before lingers


class _Racy:
    """A job manager read as a run ends: ``snapshot`` says the job ended (``finished``)
    while ``active`` still lists it ``running``, or the other way round; two reads a
    moment apart (a cluster's list of live runs is a cached scan)."""

    max_workers = 2

    def __init__(self, snap, listed: bool) -> None:
        self.snap, self.listed = snap, listed

    def snapshot(self, job_id: str):
        state = "finished" if self.listed else "running"
        return dataclasses.replace(self.snap, job_id=job_id, state=state)

    def active(self):
        return [self.snap] if self.listed else []

    def is_active_run(self, run_id: str) -> bool:
        return self.listed and run_id == self.snap.job_id


@pytest.mark.parametrize("listed", [True, False])
def test_the_live_view_shows_the_runs_its_server_line_counts(runs_dir, monkeypatch, listed):
    """Whatever the two reads of the job state say, the live view draws its lines from
    one: the runs it shows are those the server line counts, and "no run is training"
    comes with no run and no server line."""
    job_id = "20260101-000000-fashion_mnist-custom-abcd"
    progress = Progress("training", 1, 2, 4, 10, logs={"loss": 0.8}, eta_s=20.0)
    snap = JobSnapshot(job_id, "running", TINY, progress=progress)
    monkeypatch.setattr(shared, "job_manager", lambda: _Racy(snap, listed))
    at = open_page("training", "en")
    at.session_state[shared.JOBS_KEY] = [job_id]  # this session's run
    at.run()
    assert not at.exception, at.exception
    load = t("train.server_load", "en", running=1, queued=0, workers=2)
    places = _live_places(at, "en")
    assert len(at.get("progress")) == (1 if listed else 0)  # the run's box, with its bar
    assert (load in places) == listed
    assert (_live_none("en") in places) == (not listed)


# -- deleting and stopping behind the teacher PIN, names typed at Start, limits, messages --
def _delete_options(at) -> list[str]:
    boxes = [box for box in at.selectbox if box.key == "training.delete_run.en"]
    return list(boxes[0].options) if boxes else []


def _teachers_laptop(monkeypatch, here: bool = True) -> None:
    """No teacher PIN; this session's browser runs on the server's computer (``here``)
    or on another one (AppTest has no browser connection: the check is patched)."""
    monkeypatch.delenv(board_page.PIN_ENV, raising=False)
    monkeypatch.setattr(board_page, "on_server_machine", lambda: here)


def _pin_fields(at) -> list[str]:
    return [box.key for box in at.text_input if box.proto.type == box.proto.PASSWORD]


def _type_pin(at, pin: str):
    """Type the teacher PIN in its one field (the sidebar) and press Enter."""
    return at.text_input(key=board_page.PIN_KEY).set_value(pin).run()


@pytest.mark.parametrize("here", [True, False])
def test_without_a_pin_only_the_servers_computer_deletes_a_classmates_run(
    named_runs, monkeypatch, here
):
    """Without a PIN any student deleted any run; now the teacher's laptop that runs the
    server does, and another browser its own runs only, told that it is the teacher's
    (the PIN's setting is for whoever starts the server: only the teacher reads it)."""
    _teachers_laptop(monkeypatch, here)
    at = open_page("training", "en")
    assert not at.exception, at.exception
    assert _pin_fields(at) == []  # no PIN on this server: no field
    assert len(_delete_options(at)) == (len(named_runs) if here else 0)
    assert (t("train.teacher.only", "en") in texts(at)) == (not here)
    assert ("CNN_EXPLORER_TEACHER_PIN" in texts(at)) == here
    assert ("training.board_hide" in [b.key for b in at.button]) == here  # the board's too


@pytest.mark.parametrize(
    ("ip_address", "connected", "local"),
    [
        (None, True, True),  # Streamlit 1.67 gives None for 127.0.0.1 and ::1
        (None, False, False),  # no browser connection at all (AppTest)
        ("127.0.0.2", True, True),
        ("::ffff:127.0.0.1", True, True),
        ("192.168.0.17", True, False),
        ("10.0.0.5", True, False),
        ("2001:db8::1", True, False),
        ("not an address", True, False),
    ],
)
def test_the_servers_own_computer_is_a_loopback_connection(ip_address, connected, local):
    assert board_page.is_loopback(ip_address, connected) is local


def test_with_a_pin_a_student_deletes_only_their_own_runs(named_runs, runs_dir, monkeypatch):
    monkeypatch.setenv(board_page.PIN_ENV, "4321")
    monkeypatch.setattr(board_page, "on_server_machine", lambda: True)  # the PIN decides
    at = open_page("training", "en")
    assert not at.exception, at.exception
    assert _pin_fields(at) == [board_page.PIN_KEY]  # one field for the page, not three
    assert _delete_options(at) == []  # no run of this browser: nothing to delete
    assert t("train.delete.none_own", "en") in texts(at)
    assert t("train.teacher.pin_needed", "en") in texts(at)
    own = named_runs["lenet5"]
    at.session_state[shared.JOBS_KEY] = [own]  # as if this browser had started it
    at.run()
    options = _delete_options(at)
    assert len(options) == 1 and ORDINARY[3] in options[0]
    _type_pin(at, "0000")  # a wrong PIN opens nothing, and says so
    assert [e.value for e in at.error] == [t("train.teacher.wrong_pin", "en")]
    assert len(_delete_options(at)) == 1
    assert at.text_input(key=board_page.PIN_KEY).value == ""  # never kept
    at.run()
    assert not at.error  # said once
    _type_pin(at, "4321")
    assert len(_delete_options(at)) == len(named_runs)
    assert _pin_fields(at) == [] and t("train.teacher.unlocked", "en") in texts(at)
    assert at.session_state[board_page.TEACHER_KEY] is True  # the session, not the PIN
    assert "training.board_hide" in [b.key for b in at.button]  # the same PIN opens the board
    victim = named_runs["best"]
    at.selectbox(key="training.delete_run.en").set_value(victim).run()
    at.checkbox(key="training.delete_sure.en").check().run()
    at.button(key="training.delete").click().run()
    assert not at.exception, at.exception
    assert not (runs_dir / victim).exists()


def _a_classmates_job(runs_dir, monkeypatch) -> tuple[JobManager, str]:
    """A job another session started (its tab since closed): it trains until stopped."""

    def until_stopped(config, store, *, run_id, on_progress, stop_event):
        stop_event.wait(30)
        return SimpleNamespace(run_id=run_id, status="stopped", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=until_stopped)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    return manager, manager.submit(TINY, RunStore(runs_dir))


def _stop_buttons(at) -> list[str]:
    return [button.key for button in at.button if button.key.startswith("training.stop.")]


def test_without_a_pin_only_the_servers_computer_stops_a_classmates_run(runs_dir, monkeypatch):
    """Without a PIN any student could stop a classmate's run; now only a browser on the
    server's computer (the teacher's laptop), after ticking that it means it."""
    _teachers_laptop(monkeypatch, here=False)
    manager, job_id = _a_classmates_job(runs_dir, monkeypatch)
    at = open_page("training", "ko")
    assert not at.exception, at.exception
    assert _pin_fields(at) == [] and _stop_buttons(at) == []
    assert "training.stop_sure.ko" not in [box.key for box in at.checkbox]
    assert t("train.teacher.only", "ko") in [c.value for c in at.caption]
    _teachers_laptop(monkeypatch)
    at.run()
    assert _stop_buttons(at) == []  # no classmate's run ends from one stray click
    at.checkbox(key="training.stop_sure.ko").check().run()
    assert _stop_buttons(at) == [f"training.stop.{job_id}"]
    at.button(key=f"training.stop.{job_id}").click().run()
    assert manager.wait(job_id, 30).state == "stopped"


def test_stopping_a_job_that_is_gone_meanwhile_is_no_error(runs_dir, monkeypatch):
    _teachers_laptop(monkeypatch)
    manager, job_id = _a_classmates_job(runs_dir, monkeypatch)
    at = open_page("training", "en")
    at.checkbox(key="training.stop_sure.en").check().run()

    def gone(job: str) -> None:  # forgotten meanwhile, or cancelled from another replica
        raise KeyError(f"no training job {job!r}")

    with monkeypatch.context() as patch:
        patch.setattr(manager, "stop", gone)
        at.button(key=f"training.stop.{job_id}").click().run()
    assert not at.exception, at.exception
    manager.stop(job_id)
    assert manager.wait(job_id, 30).state == "stopped"


def test_with_a_pin_only_the_teacher_stops_a_classmates_live_run(runs_dir, monkeypatch):
    monkeypatch.setenv(board_page.PIN_ENV, "4321")
    monkeypatch.setattr(board_page, "on_server_machine", lambda: False)
    manager, job_id = _a_classmates_job(runs_dir, monkeypatch)
    at = open_page("training", "ko")
    assert not at.exception, at.exception
    assert _stop_buttons(at) == []  # a student sees the run's progress, no Stop
    assert t("train.live.stop_others_help", "ko") in texts(at)
    assert t("train.teacher.pin_needed", "ko") in texts(at)
    _type_pin(at, "0000")  # a wrong PIN opens nothing, and says so
    assert t("train.teacher.wrong_pin", "ko") in [e.value for e in at.error]
    assert _stop_buttons(at) == []
    _type_pin(at, "4321")
    at.checkbox(key="training.stop_sure.ko").check().run()
    stop = at.button(key=f"training.stop.{job_id}")
    assert stop.label == t("train.stop", "ko")
    stop.click().run()
    assert not at.exception, at.exception
    assert manager.wait(job_id, 30).state == "stopped"


def _finish(store: RunStore, run_id: str, accuracy: float = 0.8) -> None:
    store.write_history(run_id, {"loss": [1.0], "accuracy": [0.6], "val_loss": [1.1]})
    store.write_json(run_id, "metrics.json", {"test_accuracy": accuracy, "params": 99})
    with zipfile.ZipFile(store.model_path(run_id), "w") as archive:
        archive.writestr("config.json", "{}")
    store.write_json(run_id, "card.json", {"name": run_id})
    store.set_status(run_id, "finished")


def test_a_name_typed_at_start_shows_in_the_results_at_once_and_survives_save(
    runs_dir, late_folder
):
    gate, manager = late_folder  # the folder appears when the test opens the gate
    at = open_page("training", "en")
    at.text_input(key=f"{board_page.NAME_KEY}.en").set_value("Gamma").run()
    at.button(key="training.start").click().run()
    job_id = _job_id(at)
    assert board.pending_name(runs_dir, job_id) == "Gamma"  # on disk at Start
    gate.set()
    manager.wait(job_id, 30)
    at.run()  # the run has ended: the page's one rerun
    assert not at.exception, at.exception
    picker = at.selectbox(key="training.result_run.en")
    assert picker.value == job_id and picker.format_func(job_id).startswith("Gamma · ")
    field = at.text_input(key=f"training.rename.{job_id}.en")
    assert field.value == "Gamma"
    at.button(key=f"training.rename.{job_id}.save").click().run()  # saved unchanged
    assert board.read_entry(runs_dir / job_id).name == "Gamma"
    assert t("train.board.renamed", "en", name="Gamma") in texts(at)
    assert list(_board_table(at)[t("train.board.col.name", "en")]) == ["Gamma"]


def test_a_field_filled_before_the_name_arrived_never_erases_it(named_runs, runs_dir):
    run_id = named_runs["lenet5"]
    at = open_page("training", "en")
    _own(at, run_id)
    at.selectbox(key="training.result_run.en").set_value(run_id).run()
    board.set_name(runs_dir / run_id, "Delta")  # written meanwhile (another session)
    at.button(key=f"training.rename.{run_id}.save").click().run()
    assert board.read_entry(runs_dir / run_id).name == "Delta"
    assert at.text_input(key=f"training.rename.{run_id}.en").value == "Delta"
    at.text_input(key=f"training.rename.{run_id}.en").set_value("").run()  # on purpose
    at.button(key=f"training.rename.{run_id}.save").click().run()
    assert board.read_entry(runs_dir / run_id).name is None
    assert t("train.board.name_removed", "en") in texts(at)


HUGE = CustomSpec(conv_blocks=4, filters=128, kernel_size=7, pooling="none", dense_units=512)
SLOW = CustomSpec(conv_blocks=4, filters=16, kernel_size=7, pooling="none", dense_units=0)
"""Few parameters but 100 times the course CNN's multiply-adds (a reviewer's example)."""


def _set_custom(at, lang: str, spec: CustomSpec):
    """Set the custom builder's controls to ``spec`` (BatchNorm off) and rerun."""
    at.selectbox(key=f"training.model.{lang}").set_value("custom").run()
    at.slider(key=f"training.custom.conv_blocks.{lang}").set_value(spec.conv_blocks)
    at.select_slider(key=f"training.custom.filters.{lang}").set_value(spec.filters)
    at.select_slider(key=f"training.custom.kernel_size.{lang}").set_value(spec.kernel_size)
    at.selectbox(key=f"training.custom.pooling.{lang}").set_value(spec.pooling)
    at.select_slider(key=f"training.custom.dense_units.{lang}").set_value(spec.dense_units)
    at.checkbox(key=f"training.custom.batch_norm.{lang}").uncheck()
    return at.run()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_network_over_the_size_limit_cannot_start(runs_dir, lang):
    size = model_size(TrainConfig(model="custom", custom=HUGE))
    assert size.params > controls.MAX_PARAMS
    at = open_page("training", lang)
    at.selectbox(key=f"training.model.{lang}").set_value("custom").run()
    assert not at.button(key="training.start").disabled
    quick = model_size(PRESETS["quick"])
    caption = t(
        "train.custom.params",
        lang,
        count=f"{quick.params:,}",
        limit="5,000,000",
        macs=f"{quick.macs:,}",
        macs_limit="50,000,000",
    )
    assert caption in texts(at)
    at = _set_custom(at, lang, HUGE)
    assert not at.exception, at.exception
    assert at.button(key="training.start").disabled
    message = t("train.too_big", lang, count=f"{size.params:,}", limit=f"{controls.MAX_PARAMS:,}")
    assert message in [error.value for error in at.error]
    assert f"{size.params:,}" in message and "5,000,000" in message


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_network_over_the_compute_limit_cannot_start_whatever_its_parameters(runs_dir, lang):
    size = model_size(TrainConfig(model="custom", custom=SLOW))  # tests/test_models.py
    assert size.params <= controls.MAX_PARAMS < size.macs
    at = _set_custom(open_page("training", lang), lang, SLOW)
    assert not at.exception, at.exception
    assert at.button(key="training.start").disabled
    message = t("train.too_slow", lang, macs="414,667,008", limit="50,000,000")
    assert [error.value for error in at.error] == [message]  # its parameters are allowed
    assert "414,667,008" in message and "50,000,000" in message
    at.selectbox(key=f"training.custom.pooling.{lang}").set_value("max").run()
    assert not at.button(key="training.start").disabled  # pooling, as the message says
    assert not at.error


def test_every_built_in_set_up_fits_under_the_size_limit_and_the_compute_limit():
    from cnn_core.train_config import ARCHITECTURES

    largest = 0
    for dataset in datasets.DATASETS:
        configs = [TrainConfig(dataset=dataset, model=model) for model in ARCHITECTURES]
        configs += [dataclasses.replace(preset, dataset=dataset) for preset in PRESETS.values()]
        for config in configs:
            size = model_size(config)
            assert size.params <= controls.MAX_PARAMS, config
            assert size.macs <= controls.MAX_MACS, config
            largest = max(largest, size.macs)
    # The numbers MAX_MACS's docstring gives (counted by hand in tests/test_models.py):
    # the course CNN and the largest, the Keras-book CNN on CIFAR-10, with room above.
    assert model_size(TrainConfig(model="seed_cnn")).macs == 4_153_064 and largest == 16_835_200
    keras_book = model_size(TrainConfig(dataset="cifar10", model="keras_book"))
    assert keras_book.macs == largest and 2 * largest < controls.MAX_MACS


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    ("name", "file"),
    [
        ("cifar10", "cifar-10-batches-py-target_archive"),
        ("mnist", "mnist.npz"),
        ("fashion_mnist", "fashion-mnist"),
    ],
)
def test_the_offline_howto_names_the_file_keras_looks_for(name, file, lang):
    from cnn_core.datasets import DATASETS

    assert any(file in cache for cache in DATASETS[name].cache_files)
    text = t(f"train.dataset.howto.{name}", lang, cache_dir="/srv/keras/datasets")
    assert f"`~/.keras/datasets/{file}`" in text and "`/srv/keras/datasets`" in text
    if name == "cifar10":  # the download, and the name Keras 3 expects it under
        assert "cifar-10-python.tar.gz" in text and f"`{file}`" in text


def test_the_runs_table_shows_accuracies_with_one_decimal(named_runs):
    at = open_page("training", "en")
    table = _runs_table(at, "en")
    assert sorted(table["Test accuracy"]) == pytest.approx([86.0, 87.0, 88.0, 89.0, 90.0])
    assert PERCENT_FORMAT % 91.923 == "91.9%"


def test_the_bundled_digits_come_with_their_code(runs_dir):
    """The script of a run on the bundled digits reads them from beside itself elsewhere."""
    at = open_page("training", "en")
    at.selectbox(key="training.dataset.en").set_value("mnist_subset").run()
    assert not at.exception, at.exception
    labels = [button.proto.label for button in at.get("download_button")]
    bundled = str(datasets.DATASETS["mnist_subset"].bundled)
    assert t("train.download.data", "en", file=bundled) in labels
    at.selectbox(key="training.dataset.en").set_value("fashion_mnist").run()
    labels = [button.proto.label for button in at.get("download_button")]
    assert t("train.download.data", "en", file=bundled) not in labels


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_results_say_which_test_set_the_accuracy_was_measured_on(runs_dir, lang):
    """As the explorer does, from the run's card: the bundled digits' held-out part and
    its size; a card without that text (an older run's) names its dataset's test set."""
    from cnn_core.training import _model_card

    store = RunStore(runs_dir)
    digits = TrainConfig(dataset="mnist_subset", model="lenet5", epochs=2)
    digits_run = _written_run(store, digits, 0.95, None)
    metrics = {"test_accuracy": 0.95, "params": 1234, "train_seconds": 9.5}
    card = _model_card(digits, digits_run, metrics, 2_000)
    store.write_json(digits_run, "card.json", card)
    older_run = _written_run(store, TINY, 0.8, None)  # its card names no test set
    measured_on = {
        digits_run: catalog.card_text(card, "accuracy_measured_on", lang),
        older_run: datasets.DATASETS["fashion_mnist"].test_set[lang],
    }
    assert datasets.DATASETS["mnist_subset"].test_set[lang] in measured_on[digits_run]
    assert "2,000" in measured_on[digits_run]
    at = open_page("training", lang)
    for run_id, test_set in measured_on.items():
        at.selectbox(key=f"training.result_run.{lang}").set_value(run_id).run()
        assert not at.exception, at.exception
        caption = t("train.results.measured_on", lang, test_set=test_set)
        assert caption in [element.value for element in at.caption]


def test_train_subsets_are_smaller_than_the_training_set_and_a_kept_one_falls_back(runs_dir):
    """The bundled digits keep 8,000 to train on: 10,000 would be recorded, 8,000 used."""
    assert controls.subset_choices("fashion_mnist", controls.ALL_IMAGES) == [2_000, 10_000, 0]
    assert controls.subset_choices("fashion_mnist", 5_000) == [2_000, 5_000, 10_000, 0]
    assert controls.subset_choices("mnist_subset", 10_000) == [2_000, 0]
    at = open_page("training", "en")
    at.radio(key="training.train_subset.en").set_value(10_000).run()
    at.selectbox(key="training.dataset.en").set_value("mnist_subset").run()
    assert not at.exception, at.exception
    subset = at.radio(key="training.train_subset.en")
    assert subset.options == ["2,000", t("train.subset.all", "en")]
    assert subset.value == controls.ALL_IMAGES
    assert at.session_state["training.train_subset"] == controls.ALL_IMAGES
    code = next(element.value for element in at.code)  # the run Start would submit
    assert "TRAIN_SUBSET = None" in code


@pytest.mark.parametrize(
    ("matrix", "mistakes"),
    [
        (np.zeros((10, 9), np.int64), {"indices": np.arange(2), "pred": np.array([1, 0])}),
        (
            np.eye(3, dtype=np.int64),  # another dataset's
            {
                "indices": np.arange(2),
                "true": np.array([10, 0]),  # beyond the 10 classes
                "pred": np.array([1, 11]),
                "confidence": np.array([0.9, 0.8], np.float32),
                "images": np.zeros((2, 28, 28, 1), np.uint8),
            },
        ),
    ],
)
def test_a_run_with_result_files_that_do_not_fit_shows_its_results_without_them(
    runs_dir, matrix, mistakes
):
    """A non-square or another dataset's matrix, a mistakes file without its arrays or
    with labels beyond the 10 classes: the results say there are none, never a traceback."""
    store = RunStore(runs_dir)
    run_id = _written_run(store, TINY, 0.8, None)
    store.write_array(run_id, "confusion.npy", matrix)
    store.write_arrays(run_id, "misclassified.npz", **mistakes)
    at = open_page("training", "en")
    at.selectbox(key="training.result_run.en").set_value(run_id).run()
    assert not at.exception, at.exception
    infos = [element.value for element in at.info]
    assert t("train.results.no_confusion", "en") in infos
    assert t("train.results.no_mistakes", "en") in infos


# -- failures: a dead worker's message, how long it shows; the delete picker's statuses --
DEATH = "the training process was killed by SIGKILL (out of memory, or killed by hand)"


class DyingBackend:
    """Every worker dies after making its run's folder, as a ``ProcessBackend`` reports a
    worker killed for memory: the run ``failed`` with the reason, the job ``WorkerDied``."""

    REASON, ERROR_TYPE = DEATH, WORKER_DIED

    def start(self, task, on_progress, on_end) -> None:
        task.store.create(task.config, task.job_id)
        task.store.set_status(task.job_id, "failed", error=self.REASON)
        outcome = Outcome(error=self.REASON, error_type=self.ERROR_TYPE)
        threading.Thread(target=on_end, args=(outcome,), daemon=True).start()

    def stop(self, task) -> None:
        pass


class SilentBackend(DyingBackend):
    """Every run's trainer goes silent, as a cluster replica reads it (``Interrupted``)."""

    REASON, ERROR_TYPE = "interrupted: its trainer sent no heartbeat for 30 s", INTERRUPTED


def _dying_manager(monkeypatch, backend=DyingBackend) -> JobManager:
    manager = JobManager(max_workers=1, backend=backend())
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    return manager


def _start_and_wait(at):
    at.button(key="training.start").click().run()
    return _rerun_until(at, _ended, timeout=30).run()


def _dismiss_buttons(at) -> list[str]:
    return [button.key for button in at.button if button.key.startswith("training.dismiss.")]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_killed_worker_gives_a_translated_message_naming_the_run_as_the_page_does(
    runs_dir, monkeypatch, lang
):
    _dying_manager(monkeypatch)
    at = open_page("training", lang)
    at.button(key="training.preset.quick").click().run()
    at.text_input(key=f"{board_page.NAME_KEY}.{lang}").set_value("민지").run()
    at = _start_and_wait(at)
    assert not at.exception, at.exception
    job_id = _job_id(at)
    assert "-custom-" in job_id  # the folder says "custom"; the page names the preset
    title = datasets.DATASETS["fashion_mnist"].title[lang]
    label = f"민지 · {title} · {t('train.preset.quick', lang)} · {run_started(job_id)}"
    message = t("train.failed.died", lang, run=markdown.markdown_text(label))
    assert [error.value for error in at.error] == [message]
    assert job_id not in message and "SIGKILL" not in message
    detail = t("train.failed.detail", lang, error=markdown.markdown_text(DEATH))
    assert detail in [caption.value for caption in at.caption]  # the reason, as a detail
    shutil.rmtree(runs_dir / job_id)  # gone (deleted elsewhere): named by the job's config
    at.run()
    unnamed = markdown.markdown_text(label.removeprefix("민지 · "))
    assert [error.value for error in at.error] == [t("train.failed.died", lang, run=unnamed)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_silent_cluster_trainer_gives_a_translated_message_with_its_reason_as_a_detail(
    runs_dir, monkeypatch, lang
):
    _dying_manager(monkeypatch, SilentBackend)
    at = _start_and_wait(open_page("training", lang))
    before, after = t("train.failed.silent", lang, run="@").split("@")
    [message] = [error.value for error in at.error]
    assert message.startswith(before) and message.endswith(after), message
    assert markdown.markdown_text(run_started(_job_id(at))) in message  # names the run
    detail = t("train.failed.detail", lang, error=markdown.markdown_text(SilentBackend.REASON))
    assert detail in [caption.value for caption in at.caption]


def test_a_failure_shows_until_dismissed_its_run_deleted_or_another_run_started(
    runs_dir, monkeypatch
):
    monkeypatch.delenv(board_page.PIN_ENV, raising=False)
    _dying_manager(monkeypatch)
    at = _start_and_wait(open_page("training", "en"))
    first = _job_id(at)
    assert len(at.error) == 1 and _dismiss_buttons(at) == [f"training.dismiss.{first}"]
    at.run()
    at.switch_page("app_pages/home/page.py").run()  # leave and come back: still shown
    at.switch_page("app_pages/training/page.py").run()
    assert _dismiss_buttons(at) == [f"training.dismiss.{first}"]
    at = _start_and_wait(at)  # another run: the first one's failure goes
    second = _job_id(at)
    assert _dismiss_buttons(at) == [f"training.dismiss.{second}"] and len(at.error) == 1
    at.button(key=f"training.dismiss.{second}").click().run()
    assert _dismiss_buttons(at) == [] and not at.error
    at = _start_and_wait(at)
    third = _job_id(at)
    assert _dismiss_buttons(at) == [f"training.dismiss.{third}"]
    at.selectbox(key="training.delete_run.en").set_value(third).run()
    at.checkbox(key="training.delete_sure.en").check().run()
    at.button(key="training.delete").click().run()
    assert not at.exception, at.exception
    assert not (runs_dir / third).exists()
    assert _dismiss_buttons(at) == [] and not at.error
    assert at.session_state[shared.JOBS_KEY] == [first, second, third]  # still this browser's


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_delete_picker_tells_each_runs_status(named_runs, runs_dir, lang, monkeypatch):
    _teachers_laptop(monkeypatch)  # every run in the picker
    store = RunStore(runs_dir)
    failed = store.create(TINY).run_id
    store.set_status(failed, "failed", error=DEATH)
    at = open_page("training", lang)
    picker = at.selectbox(key=f"training.delete_run.{lang}")
    assert picker.format_func(failed).endswith(f" · {t('train.status.failed', lang)}")
    finished = f" · {t('train.status.finished', lang)}"
    assert all(picker.format_func(run_id).endswith(finished) for run_id in named_runs.values())


ENDINGS = {
    "all epochs": ("finished", {"best_epoch": 2, "early_stopped": False}),
    "early stopping": ("finished", {"best_epoch": 1, "early_stopped": True}),
    "Stop after an epoch": (
        "stopped",
        {"best_epoch": 1, "stopped_at": {"epoch": 2, "batch": 5, "batches": 16}},
    ),
    "Stop in the first epoch": (
        "stopped",
        {"best_epoch": 1, "stopped_at": {"epoch": 1, "batch": 5, "batches": 16}},
    ),
    "Stop keeping the part of an epoch": (
        "stopped",
        {"best_epoch": 3, "stopped_at": {"epoch": 3, "batch": 120, "batches": 469}},
    ),
}
"""How a run ended: its status and the metrics ``train()`` records for that ending."""


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("ending", list(ENDINGS))
def test_the_results_say_what_the_kept_epoch_is_as_the_run_ended(runs_dir, ending, lang):
    status, metrics = ENDINGS[ending]
    store = RunStore(runs_dir)
    run_id = _written_run(store, TINY, 0.8, None)
    store.write_json(run_id, "metrics.json", {"test_accuracy": 0.8, "epochs_run": 2, **metrics})
    store.set_status(run_id, status)
    at = open_page("training", lang)
    assert not at.exception, at.exception
    loss = t("train.results.val_loss", lang)
    helps = {
        "all epochs": t("train.results.best_help", lang, loss=loss),
        "early stopping": t("train.results.best_help_early", lang, loss=loss, patience=2),
        "Stop after an epoch": t("train.results.best_help_stopped", lang, loss=loss),
    }
    helps["Stop keeping the part of an epoch"] = helps["Stop after an epoch"]
    captions = [caption.value for caption in at.caption]
    expected = [helps[ending]] if ending in helps else []  # in the first epoch: no line
    assert [text for text in dict.fromkeys(helps.values()) if text in captions] == expected
    curves = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    kept_line = t("train.curve.best", lang) in [trace.get("name") for trace in curves]
    assert kept_line == (ending in helps)
    warnings = [warning.value for warning in at.warning]
    where = metrics.get("stopped_at")
    if ending == "Stop in the first epoch":  # no epoch ended: nothing was kept, nothing chosen
        assert warnings == [t("train.results.stopped_first", lang, **where)]
        assert at.metric[2].label == t("train.metric.best_epoch", lang)
        assert at.metric[2].value == "—"
    elif where:  # Stop in a later epoch: the kept one is whole, or that part of an epoch
        stopped = t("train.results.stopped", lang)
        assert warnings == [f"{stopped} {t('train.results.stopped_partial', lang, **where)}"]
        kept = "1" if ending == "Stop after an epoch" else t("train.epoch_partial", lang, **where)
        assert at.metric[2].value == kept
    else:
        assert warnings == []
        assert at.metric[2].value == str(metrics["best_epoch"])


# -- from a browser audit: reasons in the runs table, partial epochs, the queue limit, ---
# -- a run that vanished, wording ------------------------------------------------------
def _details(at, lang: str) -> list[str] | None:
    """The texts in the runs table's "technical details" expander; ``None`` without one."""
    found = [e for e in at.expander if e.label == t("train.runs.details", lang)]
    assert len(found) <= 1, found
    return [text.value for text in found[0].text] if found else None


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_runs_table_gives_a_translated_reason_and_the_technical_text_below(
    two_runs, runs_dir, lang
):
    """As the live view's failure messages do (one mapping: ``shared.FAILURE_KINDS``).
    The table keeps the short reason (the technical text cut the column off on a
    1366 px projector); each technical text is below it in full, as plain text."""
    at = open_page("training", lang)
    assert not at.exception, at.exception
    assert _details(at, lang) is None  # finished runs only: nothing to tell
    store = RunStore(runs_dir)
    errors = {
        "died": DEATH,  # a backend's reason for a dead worker: no exception's name
        "dataset": "DatasetUnavailable: fashion_mnist: EOFError",
        "store": "RunStoreError: cannot write /runs/x/history.csv: [Errno 28]",
        "other": "ValueError: the **architecture** <b>does</b> not fit __init__ *x*",
    }
    started = {}
    for kind, error in errors.items():
        run_id = store.create(TINY).run_id
        store.set_status(run_id, "failed", error=error)
        started[kind] = run_started(run_id, None)  # a test's script run has no time zone
    broken = store.root / "20000101-000000-fashion_mnist-seed_cnn-dead"
    broken.mkdir()
    (broken / "config.json").write_text("{ not json")
    at.run()
    assert not at.exception, at.exception
    table = _runs_table(at, lang)
    (frame,) = [d for d in at.dataframe if d.value is not None and d.value.equals(table)]
    column = json.loads(frame.proto.columns)[t("train.col.run", lang)]
    assert column["pinned"]  # the row's run stays in sight as the table scrolls sideways
    problems = list(table[t("train.col.error", lang)])  # runs of one second: by content
    reasons = {kind: t(f"train.reason.{kind}", lang) for kind in [*errors, "broken"]}
    assert sorted(problems) == sorted(["", "", *reasons.values()])  # two finished runs
    details = _details(at, lang)
    assert details is not None and len(details) == len(errors) + 1
    for kind, error in errors.items():  # in full, as typed: no Markdown read
        assert f"{started[kind]} · {reasons[kind]}\n{error}" in details
    [broken_text] = [text for text in details if "JSONDecodeError" in text]
    assert broken_text.startswith(f"{run_started(broken.name, None)} · {reasons['broken']}\n")


def test_a_runs_problem_is_read_from_its_status_and_its_errors_type():
    def record(status: str, error: str = "") -> SimpleNamespace:
        return SimpleNamespace(status=status, metrics={"error": error} if error else {})

    assert shared.run_problem(record("finished")) is None
    assert shared.run_problem(record("broken", "KeyError: 'x'")) == "broken"
    assert shared.run_problem(record("interrupted")) == "interrupted"
    assert shared.run_problem(record("failed", DEATH)) == "died"
    assert shared.run_problem(record("failed", "the Ray worker training it died (X): y")) == "died"
    assert shared.run_problem(record("failed", "RunStoreError: full")) == "store"
    assert shared.run_problem(record("failed", "OSError: gone")) == "other"
    assert shared.failure_kind(INTERRUPTED) == "silent" and shared.failure_kind(None) == "other"


PARTIAL_FIRST = {"epoch": 1, "batch": 366, "batches": 938}
PARTIAL_THIRD = {"epoch": 3, "batch": 100, "batches": 938}
BETWEEN = {"epoch": 2, "batch": 938, "batches": 938}  # Stop came as epoch 2 ended


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_seconds_per_epoch_count_whole_epochs_only_and_the_board_marks_stopped_runs(runs_dir, lang):
    store = RunStore(runs_dir)
    runs = {}
    for name, status, metrics in (
        ("first", "stopped", {"epoch_seconds": [3.5], "stopped_at": PARTIAL_FIRST}),
        ("third", "stopped", {"epoch_seconds": [10.0, 12.0, 1.0], "stopped_at": PARTIAL_THIRD}),
        ("all", "finished", {"epoch_seconds": [9.0, 11.0], "stopped_at": None}),
        ("between", "stopped", {"epoch_seconds": [9.0, 11.0], "stopped_at": BETWEEN}),
    ):
        run_id = _written_run(store, TINY, 0.8 if name == "all" else 0.86, name)
        store.write_json(
            run_id,
            "metrics.json",
            {
                "test_accuracy": 0.8 if name == "all" else 0.86,
                "epochs_run": len(metrics["epoch_seconds"]),
                **metrics,
            },
        )
        store.set_status(run_id, status)
        runs[name] = run_id
    at = open_page("training", lang)
    assert not at.exception, at.exception
    table = _runs_table(at, lang)
    assert t("train.col.error", lang) not in table.columns  # no run has a problem
    # the student's name near the start time, the accuracies before the set-up
    first = ("train.col.run", "train.col.status", "train.board.col.name", "train.col.test_accuracy")
    assert list(table.columns[:4]) == [t(key, lang) for key in first]
    assert sorted(table[t("train.board.col.name", lang)]) == ["all", "between", "first", "third"]
    seconds = list(table[t("train.col.seconds_per_epoch", lang)])  # one start second
    # 11: the partial third epoch left out; 10: all whole; the first-epoch stop: none (—)
    assert sorted(value for value in seconds if value == value) == [10.0, 10.0, 11.0]
    assert len(seconds) == 4
    # the epochs column says which one Stop cut short, and how far it got
    partial = [t("train.epoch_partial", lang, **where) for where in (PARTIAL_FIRST, PARTIAL_THIRD)]
    assert sorted(table[t("train.col.epochs", lang)]) == sorted([*partial, "2", "2"])
    label = t("train.metric.seconds_per_epoch", lang)
    at.selectbox(key=f"training.result_run.{lang}").set_value(runs["first"]).run()
    assert [m.value for m in at.metric if m.label == label] == ["—"]
    at.selectbox(key=f"training.result_run.{lang}").set_value(runs["third"]).run()
    assert [m.value for m in at.metric if m.label == label] == ["11.0"]
    board_table = _board_table(at)
    names, epochs = t("train.board.col.name", lang), t("train.col.epochs", lang)
    epochs = dict(zip(board_table[names], board_table[epochs], strict=True))
    stopped = {
        name: markdown.markdown_text(t("train.board.stopped_partial", lang, **where))
        for name, where in (("first", PARTIAL_FIRST), ("third", PARTIAL_THIRD))
    }
    between = markdown.markdown_text(t("train.board.stopped", lang, epochs="2"))
    assert epochs == {**stopped, "all": "2", "between": between}
    assert "(stopped at batch 100/938)" in t("train.board.stopped_partial", "en", **PARTIAL_THIRD)


def _gated_manager(monkeypatch, workers: int = 1) -> tuple[JobManager, threading.Event]:
    gate = threading.Event()

    def gated_train(config, store, *, run_id, on_progress, stop_event):
        gate.wait(30)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    manager = JobManager(max_workers=workers, train_fn=gated_train)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    return manager, gate


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_one_session_has_at_most_its_limit_of_live_runs_and_a_queued_one_says_queued(
    runs_dir, monkeypatch, lang
):
    manager, gate = _gated_manager(monkeypatch)
    at = open_page("training", lang)
    limit = controls.MAX_LIVE_RUNS
    message = t("train.start.limit", lang, count=limit, limit=limit)
    for _ in range(limit):
        assert not at.button(key="training.start").disabled and message not in texts(at)
        at.button(key="training.start").click().run()
    assert at.button(key="training.start").disabled
    assert message in [info.value for info in at.info]
    running, queued = at.session_state[shared.JOBS_KEY]
    assert manager.snapshot(queued).state == "queued"
    heads = {  # each box's first line, found by its tooltip (the run's folder)
        job: [m.value for m in at.markdown if m.proto.help == t("train.job.folder", lang, run=job)]
        for job in (running, queued)
    }
    assert heads[queued][0].endswith(t("train.job.queued_at", lang, time=run_started(queued)))
    assert heads[running][0].endswith(t("train.job.started", lang, time=run_started(running)))
    at.button(key=f"training.stop.{queued}").click().run()  # one fewer: Start again
    assert not at.button(key="training.start").disabled and message not in texts(at)
    gate.set()
    manager.wait(running, 30)


def test_a_classmates_run_shows_its_loading_line_as_text(runs_dir, monkeypatch):
    """The loading phase is a line of Markdown, as the box's first line is: in a progress
    bar's text it waited for the bar's own script, which a tab opened during a run
    fetched from a busy server for seconds (the browser showed the first line only)."""

    def loading(config, store, *, run_id, on_progress, stop_event):
        on_progress(Progress("loading", 0, config.epochs, 0, 0))
        stop_event.wait(30)
        return SimpleNamespace(run_id=run_id, status="stopped", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=loading)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    job_id = manager.submit(TINY, RunStore(runs_dir))
    at = open_page("training", "ko")
    assert not at.get("progress")
    first = [m.proto.help for m in at.markdown].index(t("train.job.folder", "ko", run=job_id))
    assert at.markdown[first + 1].value == t("train.job.loading", "ko")  # right under it
    manager.stop(job_id)


def _started_with(monkeypatch, train_fn, lang: str):
    """The training page in ``lang`` after Start, ``train_fn`` training, once it reported."""
    manager = JobManager(max_workers=1, train_fn=train_fn)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    at = open_page("training", lang)
    at.button(key="training.start").click().run()
    job_id = at.session_state[shared.JOBS_KEY][-1]
    for _ in range(100):  # the worker's first report
        if manager.snapshot(job_id).progress is not None:
            break
        time.sleep(0.05)
    at.run()
    return at, manager, job_id


def test_between_epochs_the_bar_says_so_and_after_stop_that_training_stopped(runs_dir, monkeypatch):
    """At an epoch's last batch the bar waits (validation, the checkpoint, the next
    epoch's first batch: an audit saw 25 s) and said "about 57 s left" all along; once
    Stop took effect, "stopping after the current batch" stood beside "evaluating"."""
    evaluating, gate = threading.Event(), threading.Event()

    def held(config, store, *, run_id, on_progress, stop_event):
        on_progress(Progress("training", 1, 2, 10, 10, eta_s=57.0))  # epoch 1 just ended
        stop_event.wait(30)
        on_progress(Progress("evaluating", 2, 2, 0, 10, stopped=True))  # it took effect
        evaluating.set()
        gate.wait(30)  # the run stays live while the page looks at it
        return SimpleNamespace(run_id=run_id, status="stopped", metrics={}, history={})

    at, manager, job_id = _started_with(monkeypatch, held, "ko")
    (bar,) = at.get("progress")
    assert t("train.job.next_epoch", "ko") in bar.proto.text
    left = t("train.job.left", "ko", time=t("train.duration.seconds", "ko", seconds=57))
    assert left not in bar.proto.text
    at.button(key=f"training.stop.{job_id}").click().run()
    assert evaluating.wait(10)
    at.run()
    captions = [caption.value for caption in at.caption]
    assert t("train.job.stopped", "ko") in captions
    assert t("train.job.stopping", "ko") not in captions
    assert t("train.job.evaluating", "ko") in texts(at)
    assert _stop_buttons(at) == []  # nothing left to stop
    gate.set()
    manager.wait(job_id, 30)


def test_the_live_curves_draw_the_first_epoch_while_it_runs(runs_dir, monkeypatch):
    """No epoch had ended, so no chart was drawn: for the quick preset, half of its run."""
    gate = threading.Event()

    def midway(config, store, *, run_id, on_progress, stop_event):
        logs = {"loss": 0.8, "accuracy": 0.7}
        on_progress(Progress("training", 1, 2, 4, 10, logs=logs, eta_s=20.0))
        gate.wait(30)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    at, manager, job_id = _started_with(monkeypatch, midway, "en")
    (chart,) = [c for c in at.get("plotly_chart") if c.key == f"training.fig.live.{job_id}"]
    traces = json.loads(chart.proto.spec)["data"]
    running = [trace for trace in traces if trace["name"] == t("train.curve.running", "en")]
    assert [(trace["x"], trace["y"]) for trace in running] == [([0.4], [0.8]), ([0.4], [0.7])]
    gate.set()
    manager.wait(job_id, 30)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_results_say_when_the_run_shown_is_gone(two_runs, runs_dir, lang, monkeypatch):
    _teachers_laptop(monkeypatch)  # deletes either run
    at = open_page("training", lang)
    picker = f"training.result_run.{lang}"
    victim, other = two_runs[1], two_runs[0]
    at.selectbox(key=picker).set_value(victim).run()
    label = at.selectbox(key=picker).format_func(victim)
    shutil.rmtree(runs_dir / victim)  # deleted outside the page
    at.run()
    assert not at.exception, at.exception
    gone = t("train.results.gone", lang, run=markdown.markdown_text(label.removesuffix(" (2)")))
    assert [warning.value for warning in at.warning] == [gone]
    assert at.selectbox(key=picker).value == other
    at.run()
    assert not at.warning  # said once
    at.selectbox(key=f"training.delete_run.{lang}").set_value(other).run()  # through the page
    at.checkbox(key=f"training.delete_sure.{lang}").check().run()
    at.button(key="training.delete").click().run()
    assert not at.warning and t("train.results.none", lang) in texts(at)


def test_wording_epochs_as_a_count_a_fixed_schedule_and_no_pooling_named_without_pooling(
    runs_dir, monkeypatch
):
    _gated_manager(monkeypatch)[1].set()
    assert t("train.job.summary", "ko", dataset="D", model="M", epochs=2).endswith("에포크 2회")
    assert t("train.schedule.constant", "ko") == "고정"
    for lang, pooling in (("ko", "풀링"), ("en", "pool")):
        at = _set_custom(open_page("training", lang), lang, SLOW)  # SLOW has no pooling
        norm = at.checkbox(key=f"training.custom.batch_norm.{lang}")
        assert norm.label == t("train.custom.batch_norm_no_pool", lang)
        assert pooling not in norm.label.lower() and pooling not in norm.help.lower()
        about = t("train.arch.custom.help_no_pool", lang)
        assert about in [caption.value for caption in at.caption]
        assert t("train.arch.custom.help", lang) not in texts(at)
        at.selectbox(key=f"training.custom.pooling.{lang}").set_value("max").run()
        assert at.checkbox(key=f"training.custom.batch_norm.{lang}").label == t(
            "train.custom.batch_norm", lang
        )
        assert t("train.arch.custom.help", lang) in [caption.value for caption in at.caption]


# -- typed numbers, values typed just before Start, long runs, the stop that came too late --
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    ("field", "value", "shown", "low", "high"),
    [
        ("epochs", 200, "200", "1", "100"),
        ("epochs", 0, "0", "1", "100"),
        ("learning_rate", 0.0, "0", "1e-05", "10"),
        ("learning_rate", 100.0, "100", "1e-05", "10"),
        ("learning_rate", 1e-9, "1e-09", "1e-05", "10"),
        ("seed", -1, "-1", "0", "4,294,967,295"),
        ("patience", 100, "100", "0", "50"),
    ],
)
def test_a_typed_number_out_of_range_stays_says_so_and_start_waits(
    runs_dir, monkeypatch, lang, field, value, shown, low, high
):
    """200 epochs stayed in the field beside Streamlit's English "Number is outside the
    allowed range", Start stayed on, and the run trained the last value inside it."""
    _gated_manager(monkeypatch)[1].set()  # Start would train at once
    at = open_page("training", lang)
    key = f"training.{field}.{lang}"
    at.number_input(key=key).set_value(value)
    at.button(key="training.start").click().run()  # typed, and Start clicked at once
    assert not at.exception, at.exception
    label = t(f"train.{field}", lang)
    message = t("train.out_of_range", lang, field=label, value=shown, low=low, high=high)
    assert [error.value for error in at.error] == [message]
    assert f"{label}: {shown}" in message and low in message and high in message
    assert at.number_input(key=key).value == value  # nothing lost
    assert at.button(key="training.start").disabled
    assert shared.JOBS_KEY not in at.session_state  # nothing trained
    at.number_input(key=key).set_value(controls.NUMBER_RANGES[field][0]).run()
    assert not at.error and not at.button(key="training.start").disabled


def test_a_name_and_a_number_typed_just_before_start_are_the_runs(runs_dir, submitted):
    """Typed and not entered, a name and a number reach the page with Start's click (the
    browser sends them together): the run got no name and the old number."""
    at = open_page("training", "en")
    at.text_input(key=f"{board_page.NAME_KEY}.en").set_value("Gamma")
    at.number_input(key="training.epochs.en").set_value(7)
    at.button(key="training.start").click().run()  # one page run: no Enter before it
    assert not at.exception, at.exception
    job_id = _job_id(at)
    shared.job_manager().wait(job_id, 30)
    assert [config.epochs for config in submitted] == [7]
    assert board.pending_name(runs_dir, job_id) == "Gamma"  # on disk, for its folder


def test_a_name_typed_at_start_survives_a_reload_before_the_run_has_a_folder(runs_dir, late_folder):
    """The name waited in the tab's session, written when that page redrew at the run's
    end: after a reload the run had no name (no board.json)."""
    gate, manager = late_folder  # the folder appears when the test opens the gate
    at = open_page("training", "en")
    at.text_input(key=f"{board_page.NAME_KEY}.en").set_value("Gamma").run()  # Enter
    at.button(key="training.start").click().run()
    job_id = _job_id(at)
    reloaded = open_page("training", "en")  # a new session; the first never runs again
    gate.set()
    manager.wait(job_id, 30)
    reloaded.run()
    assert not reloaded.exception, reloaded.exception
    assert board.read_entry(runs_dir / job_id).name == "Gamma"
    assert board.pending_name(runs_dir, job_id) is None
    assert list(_board_table(reloaded)[t("train.board.col.name", "en")]) == ["Gamma"]


BIG = CustomSpec(conv_blocks=2, filters=64, kernel_size=5, dropout=0.0, dense_units=512)
"""An audit's set-up: about 5 hours at batch 16 for 100 epochs."""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_long_run_is_said_to_be_long_before_start(runs_dir, lang):
    from cnn_core.train_config import rough_train_seconds

    at = open_page("training", lang)
    assert not at.warning  # the quick preset: a minute
    at = _set_custom(at, lang, BIG)
    at.selectbox(key=f"training.batch_size.{lang}").set_value(16)
    at.number_input(key=f"training.epochs.{lang}").set_value(100).run()
    assert not at.exception, at.exception
    config = dataclasses.replace(PRESETS["quick"], custom=BIG, epochs=100, batch_size=16)
    seconds = rough_train_seconds(config, model_size(config).macs)
    assert 2 * 3600 < seconds < 10 * 3600  # the audit's run: 17,870 s left after a minute
    hours, minutes = divmod(round(seconds / 60), 60)
    time_text = t("train.duration.hours", lang, hours=hours, minutes=minutes)
    workers = shared.job_manager().max_workers
    message = t("train.long_run", lang, time=time_text, epochs=100, workers=workers)
    assert [warning.value for warning in at.warning] == [message]
    assert not at.button(key="training.start").disabled  # said, not refused
    at.number_input(key=f"training.epochs.{lang}").set_value(1).run()
    assert not at.warning  # about three minutes


@pytest.mark.parametrize(
    ("seconds", "ko", "en"),
    [
        (0.4, "0초", "0 s"),
        (45.2, "45초", "45 s"),
        (59.6, "1분 0초", "1 min 0 s"),
        (725, "12분 5초", "12 min 5 s"),
        (3599.4, "59분 59초", "59 min 59 s"),
        (17_870, "4시간 58분", "4 h 58 min"),
        (7_199, "2시간 0분", "2 h 0 min"),
    ],
)
def test_a_duration_is_written_in_hours_minutes_and_seconds(monkeypatch, seconds, ko, en):
    for lang, expected in (("ko", ko), ("en", en)):
        monkeypatch.setattr(shared, "tr", lambda key, _lang=lang, **fields: t(key, _lang, **fields))
        assert shared.duration_text(seconds) == expected
    with pytest.raises(ValueError, match="-1"):
        shared.duration_text(-1)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_time_left_is_in_hours_and_minutes(runs_dir, monkeypatch, lang):
    """ "남은 시간 약 17870초": five hours, in raw seconds."""
    gate = threading.Event()

    def long_run(config, store, *, run_id, on_progress, stop_event):
        on_progress(Progress("training", 1, 100, 426, 3750, eta_s=17_870.0))
        gate.wait(30)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    at, manager, job_id = _started_with(monkeypatch, long_run, lang)
    (bar,) = at.get("progress")
    time_text = t("train.duration.hours", lang, hours=4, minutes=58)
    assert t("train.job.left", lang, time=time_text) in bar.proto.text
    assert "17870" not in bar.proto.text
    gate.set()
    manager.wait(job_id, 30)


def test_a_stop_after_the_last_batch_is_not_offered_nor_said_to_have_stopped(runs_dir, monkeypatch):
    """Stop was offered while "Evaluating on the test set and saving…", then the page said
    "Training stopped." of a run saved as finished: once the last batch has ended no
    stop can act."""
    evaluating, gate = threading.Event(), threading.Event()

    def evaluates(config, store, *, run_id, on_progress, stop_event):
        on_progress(Progress("evaluating", 2, 2, 0, 10))  # training ended by itself
        evaluating.set()
        gate.wait(30)
        return SimpleNamespace(run_id=run_id, status="finished", metrics={}, history={})

    at, manager, job_id = _started_with(monkeypatch, evaluates, "en")
    assert evaluating.wait(10)
    at.run()
    assert t("train.job.evaluating", "en") in texts(at)
    assert _stop_buttons(at) == []
    manager.stop(job_id)  # a click from a page drawn a moment before
    at.run()
    captions = [caption.value for caption in at.caption]
    assert t("train.job.stop_too_late", "en") in captions
    assert t("train.job.stopped", "en") not in captions
    gate.set()
    assert manager.wait(job_id, 30).state == "finished"


def test_the_owners_page_says_the_teacher_stopped_its_run(runs_dir, monkeypatch):
    """A classmate's Stop left the owner's page saying "Stopping…" as if its student had
    pressed it."""
    _teachers_laptop(monkeypatch)
    started, gate = threading.Event(), threading.Event()

    def stops_when_asked(config, store, *, run_id, on_progress, stop_event):
        on_progress(Progress("training", 1, 3, 5, 10))
        started.set()
        stop_event.wait(30)
        gate.wait(30)
        store.create(config, run_id)
        _finish(store, run_id)
        store.set_status(run_id, "stopped")
        return SimpleNamespace(run_id=run_id, status="stopped", metrics={}, history={})

    manager = JobManager(max_workers=1, train_fn=stops_when_asked)
    monkeypatch.setattr(shared, "job_manager", lambda: manager)
    owner = open_page("training", "ko")
    owner.button(key="training.start").click().run()
    job_id = _job_id(owner)
    queued = owner.button(key="training.start").click().run().session_state[shared.JOBS_KEY][-1]
    assert started.wait(10)
    teacher = open_page("training", "ko")
    teacher.checkbox(key="training.stop_sure.ko").check().run()
    teacher.button(key=f"training.stop.{queued}").click().run()  # out of the queue
    teacher.button(key=f"training.stop.{job_id}").click().run()
    owner.run()
    captions = [caption.value for caption in owner.caption]
    assert t("train.job.stopping_elsewhere", "ko") in captions
    assert t("train.job.stopping", "ko") not in captions
    gate.set()
    manager.wait(job_id, 30)
    owner.run()
    assert not owner.exception, owner.exception
    warnings = [warning.value for warning in owner.warning]
    for kind, job in (("run", job_id), ("queued", queued)):
        said = t(f"train.stopped_elsewhere.{kind}", "ko", run="@").split("@")[1]
        started = markdown.markdown_text(run_started(job))
        assert [w for w in warnings if w.endswith(said) and started in w], warnings
    assert any(t("train.results.stopped_elsewhere", "ko") in warning for warning in warnings)
    owner.button(key=f"training.dismiss.{queued}").click().run()
    assert _dismiss_buttons(owner) == [f"training.dismiss.{job_id}"]


def test_the_board_opens_on_the_dataset_of_the_run_looked_at(named_runs, runs_dir):
    """It opened on Fashion-MNIST while the run looked at trained on the bundled digits."""
    store = RunStore(runs_dir)
    config = TrainConfig(dataset="mnist_subset", model="lenet_mnist")
    digits = _written_run(store, config, 0.9, None)
    at = open_page("training", "en")
    assert at.selectbox(key="training.result_run.en").value == digits  # the newest
    assert at.selectbox(key="training.board_dataset.en").value == "mnist_subset"
    at.selectbox(key="training.result_run.en").set_value(named_runs["best"]).run()
    assert at.selectbox(key="training.board_dataset.en").value == "fashion_mnist"
    at.selectbox(key="training.board_dataset.en").set_value("mnist_subset").run()
    at.run()
    assert at.selectbox(key="training.board_dataset.en").value == "mnist_subset"  # kept
