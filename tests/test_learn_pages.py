"""AppTest of issue 16's views: a run's epochs in the explorer, what a filter wants to
see, two models side by side, the code of a run and the class board."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from learn_runs import train_runs

from app_harness.apptest import open_page, texts
from app_pages.explorer.epochs import EPOCH_KEY, FINAL
from app_pages.training import board as board_page
from app_pages.training import shared
from cnn_core import board, checkpoints
from cnn_core.runs import RunStore, partial_epoch, read_metrics, run_started
from ui import markdown
from ui.i18n import t


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """Two tiny runs with checkpoints (2 and 3 epochs), trained once per module."""
    root = tmp_path_factory.mktemp("learn") / "runs"
    return root, train_runs(root)


@pytest.fixture
def runs(trained, runs_dir) -> list[str]:
    """The tiny runs copied into this test's run store; their ids, oldest first."""
    root, ids = trained
    for run_id in ids:
        shutil.copytree(root / run_id, runs_dir / run_id)
    return ids


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _board(at):
    """The class board's table (the one with a rank and no "hidden" column)."""
    assert len(at.table) == 1, [list(d.value.columns) for d in at.table]
    return at.table[0].value


def _set(at, key: str, value) -> None:
    at.session_state[f"{key}.{at.session_state['lang']}"] = value
    at.run()
    _ok(at)


def test_the_epoch_slider_swaps_in_each_epochs_weights(runs, runs_dir):
    at = open_page("explorer", "en")
    _set(at, "common.model", f"run:{runs[0]}")
    slider = at.select_slider(key=f"{EPOCH_KEY}.en")
    assert slider.options == ["0 (initial weights)", "1", "2", "final model (best epoch 2)"]
    assert slider.value == FINAL
    _set(at, "explorer.view", "filters")
    for epoch in (0, 1, 2):
        _set(at, EPOCH_KEY, epoch)
        assert t("explorer.epoch_caption", "en", epoch=epoch, last=2) in texts(at)
    _set(at, "explorer.view", "activations")
    assert t("explorer.gradcam_header", "en") in texts(at)
    from app_pages.explorer.caches import cached_epoch_model

    path = runs_dir / runs[0]
    model = cached_epoch_model(str(path), (path / "model.keras").stat().st_mtime, 1)
    for key, value in checkpoints.model_weights(model).items():
        np.testing.assert_array_equal(value, checkpoints.read_checkpoint(path, 1)[key])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_epoch_slider_says_when_stop_left_part_of_the_last_epoch(runs, runs_dir, lang):
    """Stop after batch 2 of 5 in epoch 3: that checkpoint, the kept one, is a part."""
    store, run_id = RunStore(runs_dir), runs[1]  # three epochs
    metrics = store.get(run_id).metrics
    where = {"epoch": 3, "batch": 2, "batches": 5}
    store.write_json(run_id, "metrics.json", {**metrics, "best_epoch": 3, "stopped_at": where})
    at = open_page("explorer", lang)
    _set(at, "common.model", f"run:{run_id}")
    slider = at.select_slider(key=f"{EPOCH_KEY}.{lang}")
    assert slider.options[1:] == [
        "1",
        "2",
        t("train.epoch_partial", lang, **where),
        t("explorer.epoch_final_partial", lang, **where),
    ]
    if lang == "en":
        assert slider.options[3:] == ["3 (2/5 batches)", "final model (best epoch 3, 2/5 batches)"]
    _set(at, EPOCH_KEY, 3)
    assert t("explorer.epoch_caption_partial", lang, **where) in texts(at)
    _set(at, EPOCH_KEY, 2)  # a whole epoch: as before
    assert t("explorer.epoch_caption", lang, epoch=2, last=3) in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_model_line_gives_the_test_accuracy_of_the_final_model_only(runs, runs_dir, lang):
    """The card's accuracy was measured on the saved model: another epoch shows none."""
    at = open_page("explorer", lang)
    _set(at, "common.model", f"run:{runs[0]}")
    card = json.loads((runs_dir / runs[0] / "card.json").read_text(encoding="utf-8"))
    accuracy = t("explorer.card_accuracy", lang, accuracy="{}", measured_on="{}").split("{}")[0]
    params = t("explorer.card_params", lang, params=f"{card['params']:,}")
    assert f"{card['test_accuracy']:.1%}" in texts(at) and accuracy in texts(at)
    for epoch in (0, 1):
        _set(at, EPOCH_KEY, epoch)
        assert accuracy not in texts(at) and f"{card['test_accuracy']:.1%}" not in texts(at)
        assert params in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_run_stopped_inside_its_first_epoch_names_no_best_epoch(runs, runs_dir, lang):
    """Stop at batch 2 of 5 in epoch 1: no epoch finished, so none was the best."""
    store, run_id = RunStore(runs_dir), runs[0]
    where = {"epoch": 1, "batch": 2, "batches": 5}
    metrics = {**store.get(run_id).metrics, "best_epoch": 1, "stopped_at": where}
    store.write_json(run_id, "metrics.json", metrics)
    checkpoints.checkpoint_path(runs_dir / run_id, 2).unlink()
    at = open_page("explorer", lang)
    _set(at, "common.model", f"run:{run_id}")
    slider = at.select_slider(key=f"{EPOCH_KEY}.{lang}")
    final = t("explorer.epoch_final_stopped", lang, **where)
    assert slider.options[1:] == [t("train.epoch_partial", lang, **where), final]
    best = t("explorer.epoch_final", lang, best="{}").split("(")[1].split("{}")[0].strip()
    assert best not in final  # "best epoch" / "최고 에포크"
    if lang == "en":
        assert final == "final model (stopped at batch 2/5 of epoch 1)"


@pytest.mark.parametrize(
    ("text", "best"),
    [
        (None, None),  # no file
        ("{ not json", None),
        ("[1, 2]", None),
        ('{"best_epoch": 3, "stopped_at": "epoch 3"}', 3),
        ('{"best_epoch": 3, "stopped_at": {"epoch": 3, "batch": null, "batches": 5}}', 3),
    ],
)
def test_a_missing_or_damaged_metrics_file_tells_no_partial_epoch(tmp_path, text, best):
    if text is not None:
        (tmp_path / "metrics.json").write_text(text, encoding="utf-8")
    metrics = read_metrics(tmp_path)  # what the epoch slider reads
    assert metrics.get("best_epoch") == best
    assert partial_epoch(metrics) is None


def test_a_damaged_stop_in_metrics_labels_the_epochs_plainly(runs, runs_dir):
    store, run_id = RunStore(runs_dir), runs[0]  # two epochs
    damaged = {"best_epoch": "2", "stopped_at": ["epoch", 2]}
    store.write_json(run_id, "metrics.json", {**store.get(run_id).metrics, **damaged})
    at = open_page("explorer", "en")
    _set(at, "common.model", f"run:{run_id}")
    slider = at.select_slider(key=f"{EPOCH_KEY}.en")
    assert slider.options[1:] == ["1", "2", "final model (best epoch ?)"]


def _box_reads(box, before: str) -> str:
    """What the browser's closed selectbox reads after this run: the label sent with a
    value set this run, else the label it read ``before`` (Streamlit 1.67's frontend
    keeps it when only the options' labels change)."""
    return box.proto.raw_value if box.proto.set_value else before


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_test_image_box_reads_the_mark_of_the_epoch_shown(runs, lang):
    at = open_page("explorer", lang)
    _set(at, "common.model", f"run:{runs[0]}")
    _set(at, "explorer.view", "activations")
    for label in range(10):  # a class whose kept image the untrained model gets wrong
        _set(at, EPOCH_KEY, FINAL)
        _set(at, "explorer.test_class", label)
        box = at.selectbox(key=f"explorer.test_image.{label}.{lang}")
        number, before = box.value, box.options[box.index]
        _set(at, EPOCH_KEY, 0)
        box = at.selectbox(key=f"explorer.test_image.{label}.{lang}")
        if box.options[box.index] != before:
            break
    else:
        pytest.fail("epoch 0 marks every class's kept image as the final model does")
    assert box.value == number  # the chosen image stays
    assert "✓" in before and "✗" in box.options[box.index]
    assert _box_reads(box, before) == box.options[box.index]
    shown = _box_reads(box, before)
    _set(at, EPOCH_KEY, FINAL)  # and back
    box = at.selectbox(key=f"explorer.test_image.{label}.{lang}")
    assert box.value == number and _box_reads(box, shown) == before


def test_a_shipped_model_has_no_epoch_slider():
    at = open_page("explorer", "ko")
    _set(at, "common.model", "shipped:mnist_digits")
    assert f"{EPOCH_KEY}.ko" not in [s.key for s in at.select_slider]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_what_a_filter_wants_to_see(lang):
    at = open_page("explorer", lang)
    _set(at, "common.model", "shipped:fashion_cnn")
    _set(at, "explorer.view", "dream")
    assert at.selectbox(key=f"explorer.dream_layer.{lang}").value == "conv1"
    assert t("explorer.dream_top_header", lang) in texts(at)
    assert len(at.get("image")) >= 2  # the picture and the top test images
    _set(at, "explorer.dream_layer", "output")
    _set(at, "explorer.dream_unit.output", 9)
    assert t("explorer.dream_class_note", lang) in texts(at)
    assert not at.get("progress")  # the bar is gone once the picture is there


def test_two_shipped_models_side_by_side_in_one_click():
    at = open_page("explorer", "en")
    _set(at, "explorer.view", "compare")
    at.button(key="explorer.compare_shipped").click().run()
    _ok(at)
    assert at.session_state["common.model"] == "shipped:fashion_cnn"
    assert at.selectbox(key="explorer.compare_with.en").value == "shipped:mnist_digits"
    shown = texts(at)
    assert "A **333,526**, B **145,894**" in shown
    assert "explorer_compare_probs_a" in [c.key for c in at.get("plotly_chart")] or shown
    table = at.dataframe[0].value
    assert list(table["A · Layer"][:2]) == ["conv1", "pool1"]
    assert list(table["B · Layer"])[-1] == "output" and list(table["A · Layer"])[-1] == "output"
    assert t("explorer.compare_maps", "en") in shown


def test_two_runs_side_by_side_in_one_click(runs):
    at = open_page("explorer", "en")
    _set(at, "explorer.view", "compare")
    at.button(key="explorer.compare_runs").click().run()
    _ok(at)
    assert at.session_state["common.model"] == f"run:{runs[1]}"  # the newest first
    assert at.selectbox(key="explorer.compare_with.en").value == f"run:{runs[0]}"
    options = at.selectbox(key="explorer.compare_with.en").options
    assert options == at.selectbox(key="common.model.en").options  # named as the picker does
    assert all(any(run_started(run) in option for option in options) for run in runs)


def test_the_training_page_shows_and_offers_the_code(runs_dir):
    at = open_page("training", "en")
    _ok(at)
    code = at.code[0].value
    assert code.startswith('"""Keras code that trains the run configured in CNN Explorer.')
    assert "EPOCHS = 2" in code  # the quick preset, as the controls start
    compile(code, "train.py", "exec")
    at.session_state["lang"] = "ko"
    at.run()
    assert "# 2. 모델" in at.code[0].value


def test_a_name_typed_at_start_reaches_the_run_and_the_board(runs, runs_dir, monkeypatch):
    hostile = "<script>alert('x')</script>\u202e🚀"
    # What Start writes for a job whose run folder does not exist yet, and for one whose
    # folder appeared after Start wrote it (no page ran in between).
    board.remember_name(runs_dir, "20990101-000000-x", "later")
    pending = runs_dir / board.PENDING_DIR / f"{runs[0]}.json"
    pending.write_text(json.dumps({"name": hostile}), "utf-8")
    at = open_page("training", "en")
    _ok(at)
    assert board.read_entry(runs_dir / runs[0]).name == "<script>alert('x')</script>🚀"
    assert not pending.exists()
    assert board.pending_name(runs_dir, "20990101-000000-x") == "later"  # its folder waits
    table = _board(at)  # st.table reads its cells as Markdown: they come escaped
    shown = markdown.markdown_text("<script>alert('x')</script>🚀")
    assert shown == "\\<script\\>alert\\(\\'x\\'\\)\\<\\/script\\>🚀"
    assert list(table["Name"]).count(shown) == 1
    assert len(table) == 2 and list(table["Rank"]) == ["1", "2"]
    accuracies = [float(a.replace("\\", "").rstrip("%")) for a in table["Test accuracy"]]
    assert accuracies == sorted(accuracies, reverse=True)


def test_the_teacher_hides_shows_and_deletes_board_entries(runs, runs_dir, monkeypatch):
    monkeypatch.delenv("CNN_EXPLORER_TEACHER_PIN", raising=False)
    monkeypatch.setattr(board_page, "on_server_machine", lambda: True)  # the teacher's laptop
    board.set_name(runs_dir / runs[1], "x" * 10_000)
    at = open_page("training", "en")
    _set(at, "training.board_run", runs[1])
    at.button(key="training.board_hide").click().run()
    _ok(at)
    assert board.read_entry(runs_dir / runs[1]) == board.BoardEntry("x" * 40, True)
    assert len(_board(at)) == 1
    at.button(key="training.board_hide").click().run()  # show it again
    assert len(_board(at)) == 2
    _set(at, "training.board_sure", True)
    at.button(key="training.board_delete").click().run()
    _ok(at)
    assert [r.run_id for r in RunStore(runs_dir).list()] == [runs[0]]
    monkeypatch.setenv("CNN_EXPLORER_TEACHER_PIN", "4321")
    at.run()
    assert "training.board_hide" not in [b.key for b in at.button]  # the PIN decides
    at.text_input(key=board_page.PIN_KEY).set_value("4321").run()
    assert "training.board_hide" in [b.key for b in at.button]
    monkeypatch.delenv("CNN_EXPLORER_TEACHER_PIN")
    monkeypatch.setattr(board_page, "on_server_machine", lambda: False)  # another computer
    at.run()
    assert "training.board_hide" not in [b.key for b in at.button]
    assert t("train.teacher.only", "en") in texts(at)  # no server setting for a student


def test_a_finished_run_can_be_renamed(runs, runs_dir):
    at = open_page("training", "en")
    at.session_state[shared.JOBS_KEY] = [runs[0]]  # this browser's run: its name to give
    _set(at, "training.result_run", runs[0])
    _set(at, f"training.rename.{runs[0]}", "  Minji\u200f  ")
    at.button(key=f"training.rename.{runs[0]}.save").click().run()
    _ok(at)
    assert board.read_entry(runs_dir / runs[0]).name == "Minji"
    assert t("train.board.renamed", "en", name="Minji") in texts(at)
