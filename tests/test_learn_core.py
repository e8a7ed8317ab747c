"""Unit tests of issue 16's computations: checkpoints, the class board, activation
maximisation and the side-by-side layer table (the exported code: test_export_code.py)."""

from __future__ import annotations

import dataclasses
import json
import os
import time
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pytest
from tiny_models import two_conv_net

from cnn_core import activation_max, board, checkpoints, compare, inspection
from cnn_core.runs import RunStore
from cnn_core.train_config import PRESETS, TrainConfig, preset_of


# -- checkpoints ------------------------------------------------------------------
def _fit_with_checkpoints(keras, run_path: Path, epochs: int = 3):
    model = two_conv_net(seed=3)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    rng = np.random.default_rng(0)
    x = rng.random((32, 10, 10, 2), dtype=np.float32)
    y = rng.integers(0, 3, 32)
    initial = checkpoints.model_weights(model)
    callback = checkpoints.checkpoint_callback(run_path)
    after = []

    class Spy(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            after.append(checkpoints.model_weights(self.model))

    model.fit(x, y, epochs=epochs, batch_size=8, verbose=0, callbacks=[callback, Spy()])
    return model, initial, after, callback


def test_the_callback_keeps_epoch_0_and_every_epoch_exactly(keras, tmp_path):
    _, initial, after, callback = _fit_with_checkpoints(keras, tmp_path)
    assert checkpoints.checkpoint_epochs(tmp_path) == [0, 1, 2, 3]
    assert callback.saved == [0, 1, 2, 3] and callback.skipped == []
    for epoch, expected in enumerate([initial, *after]):
        saved = checkpoints.read_checkpoint(tmp_path, epoch)
        assert saved.keys() == expected.keys()
        for key in expected:
            np.testing.assert_array_equal(saved[key], expected[key])
    assert "norm/moving_mean" in initial  # non-trainable weights are kept too
    assert not np.array_equal(initial["conv_a/kernel"], after[-1]["conv_a/kernel"])


def test_model_at_epoch_gives_that_epochs_weights_and_leaves_the_model(keras, tmp_path):
    model, initial, _, _ = _fit_with_checkpoints(keras, tmp_path, epochs=2)
    before = checkpoints.model_weights(model)
    at_zero = checkpoints.model_at_epoch(model, tmp_path, 0)
    for key, value in checkpoints.model_weights(at_zero).items():
        np.testing.assert_array_equal(value, initial[key])
    for key, value in checkpoints.model_weights(model).items():
        np.testing.assert_array_equal(value, before[key])  # the shared model is untouched
    x = np.random.default_rng(1).random((1, 10, 10, 2), dtype=np.float32)
    np.testing.assert_allclose(
        inspection.predict_proba(checkpoints.model_at_epoch(model, tmp_path, 2), x),
        inspection.predict_proba(model, x),
        rtol=1e-6,
    )


def test_the_cap_stops_saving(keras, tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoints, "MAX_CHECKPOINTS", 2)
    _, _, _, callback = _fit_with_checkpoints(keras, tmp_path)
    assert checkpoints.checkpoint_epochs(tmp_path) == [0, 1]
    assert callback.skipped == [2, 3]
    monkeypatch.setattr(checkpoints, "MAX_CHECKPOINTS", 99)
    monkeypatch.setattr(checkpoints, "MAX_BYTES", 1)
    assert not checkpoints.save_checkpoint(tmp_path, 5, {"w": np.zeros(3)})


def test_checkpoint_errors_echo_what_they_got(keras, tmp_path):
    with pytest.raises(ValueError, match="-1"):
        checkpoints.checkpoint_path(tmp_path, -1)
    with pytest.raises(ValueError, match=r"epoch 4; it has \[\]"):
        checkpoints.read_checkpoint(tmp_path, 4)
    (tmp_path / "checkpoints").mkdir()
    (tmp_path / "checkpoints" / "epoch_001.npz").write_bytes(b"not a zip")
    assert checkpoints.checkpoint_epochs(tmp_path) == [1]
    with pytest.raises(ValueError, match="unreadable"):
        checkpoints.read_checkpoint(tmp_path, 1)
    model = two_conv_net()
    with pytest.raises(ValueError, match="lacks 'conv_a/kernel'"):
        checkpoints.apply_checkpoint(model, {})


# -- the class board ----------------------------------------------------------------
BAD_NAMES = {
    "": None,
    "   \n\t ": None,
    "x" * 10_000: "x" * board.MAX_NAME_CHARS,
    "<script>alert(1)</script>": "<script>alert(1)</script>",
    "\u202eevil\u200f name\u200e": "evil name",
    "민지 🚀👩‍🔬": "민지 🚀👩‍🔬",
    "a\x00b\x1bc": "abc",
    "Line\nbreak": "Line break",
}


@pytest.mark.parametrize(("typed", "kept"), BAD_NAMES.items(), ids=range(len(BAD_NAMES)))
def test_names_are_cleaned_stored_and_read_back(tmp_path, typed, kept):
    assert board.clean_name(typed) == kept
    stored = board.set_name(tmp_path, typed)
    assert stored.name == kept
    assert board.read_entry(tmp_path) == board.BoardEntry(kept, False)
    assert json.loads((tmp_path / board.BOARD_FILE).read_text("utf-8"))["name"] == kept


@pytest.mark.parametrize(
    ("shown", "ranks"),
    [
        ([], []),
        (["91.2%"], [1]),
        (["91.2%", "91.2%", "91.2%", "90.1%"], [1, 1, 1, 4]),
        (["95.0%", "91.2%", "91.2%", "90.1%", "90.1%", "80.0%"], [1, 2, 2, 4, 4, 6]),
    ],
)
def test_equal_values_share_a_rank_and_the_next_counts_every_row_above(shown, ranks):
    assert board.ranks(shown) == ranks


def test_a_name_is_cut_only_when_its_cleaned_text_is_too_long():
    """The page's note measured the name before cleaning: 40 letters and a zero-width
    space, or 40 Hangul syllables typed decomposed (NFD), were said to be cut."""
    fits = "가" * board.MAX_NAME_CHARS
    decomposed = unicodedata.normalize("NFD", fits)
    assert len(decomposed) > board.MAX_NAME_CHARS
    assert board.cleaned_name(decomposed) == (fits, False)
    assert board.cleaned_name("x" * board.MAX_NAME_CHARS + "\u200b") == ("x" * 40, False)
    assert board.cleaned_name("  a   b  ") == ("a b", False)
    assert board.cleaned_name(fits + "나") == (fits, True)
    assert board.cleaned_name(None) == (None, False)
    assert board.clean_name(decomposed) == fits


def test_hidden_keeps_the_name_and_damaged_files_read_as_nothing(tmp_path):
    board.set_name(tmp_path, "Minji")
    assert board.set_hidden(tmp_path, True) == board.BoardEntry("Minji", True)
    assert board.set_name(tmp_path, "Jun").hidden
    with pytest.raises(ValueError, match="'yes'"):
        board.set_hidden(tmp_path, "yes")
    with pytest.raises(ValueError, match="no run folder"):
        board.set_name(tmp_path / "gone", "x")
    (tmp_path / board.BOARD_FILE).write_text("[1, 2", "utf-8")
    assert board.read_entry(tmp_path) == board.BoardEntry()
    (tmp_path / board.BOARD_FILE).write_text(json.dumps({"name": "x" * 9000}), "utf-8")
    assert board.read_entry(tmp_path) == board.BoardEntry()  # oversized: ignored


def test_a_name_typed_at_start_waits_on_disk_for_its_runs_folder(tmp_path):
    """Written at Start, before the folder exists; moved into it by whoever comes next."""
    store = RunStore(tmp_path / "runs")
    config = TrainConfig()
    later = store.new_run_id(config)
    board.remember_name(store.root, later, "  Minji\u200f ")
    pending = store.root / board.PENDING_DIR / f"{later}.json"
    assert json.loads(pending.read_text("utf-8")) == {"name": "Minji"}
    board.apply_pending_names(store.root)  # no folder yet: it waits
    assert json.loads(pending.read_text("utf-8")) == {"name": "Minji"}
    store.create(config, later)
    board.apply_pending_names(store.root)
    assert board.read_entry(store.root / later) == board.BoardEntry("Minji", False)
    assert not pending.exists()
    assert [record.run_id for record in store.list()] == [later]  # the waiting folder is none
    now = store.create(config).run_id  # a folder already there (a cluster's queued run)
    board.remember_name(store.root, now, "Jun")
    assert board.read_entry(store.root / now).name == "Jun"
    board.remember_name(store.root, store.new_run_id(config), "   ")  # no name: nothing
    assert list((store.root / board.PENDING_DIR).iterdir()) == []
    with pytest.raises(ValueError, match=r"'\.\./x'"):
        board.remember_name(store.root, "../x", "Minji")
    never = store.new_run_id(config)  # cancelled in the queue: its folder never comes
    board.remember_name(store.root, never, "Gone")
    waiting = store.root / board.PENDING_DIR / f"{never}.json"
    damaged = store.root / board.PENDING_DIR / "damaged.json"
    damaged.write_text("{", "utf-8")
    board.apply_pending_names(store.root)
    assert waiting.exists() and damaged.exists()  # never raises; both wait a day
    long_ago = time.time() - board.PENDING_MAX_AGE_S - 1
    for path in (waiting, damaged):
        os.utime(path, (long_ago, long_ago))
    board.apply_pending_names(store.root)
    assert list((store.root / board.PENDING_DIR).iterdir()) == []


def _finished(
    store: RunStore, accuracy: float, dataset="fashion_mnist", params=100, config=None, **status
):
    config = config or TrainConfig(dataset=dataset, model="seed_cnn", epochs=2)
    record = store.create(config)
    store.write_json(
        record.run_id,
        "metrics.json",
        {"test_accuracy": accuracy, "params": params, "epochs_run": 2, "train_seconds": 3.5},
    )
    with zipfile.ZipFile(store.model_path(record.run_id), "w") as archive:
        archive.writestr("config.json", "{}")  # what the store checks of a model file
    store.write_json(record.run_id, "card.json", {"name": record.run_id})
    store.set_status(record.run_id, status.get("status", "finished"))
    return record.run_id


def test_board_rows_rank_by_test_accuracy_and_leave_out_hidden(tmp_path):
    store = RunStore(tmp_path)
    low = _finished(store, 0.81)
    high = _finished(store, 0.91, params=500)
    tie = _finished(store, 0.91, params=50)
    _finished(store, 0.99, dataset="mnist_subset")
    running = store.create(TrainConfig()).run_id  # no metrics: not on the board
    board.set_name(store.root / high, "<b>Minji</b>")
    rows = board.board_rows(store.list(), "fashion_mnist")
    assert [row.run_id for row in rows] == [tie, high, low]
    assert rows[1].name == "<b>Minji</b>" and rows[0].name is None
    assert (rows[0].params, rows[0].epochs, rows[0].seconds) == (50, 2, 3.5)
    assert running not in [row.run_id for row in board.board_rows(store.list())]
    board.set_hidden(store.root / tie, True)
    assert [row.run_id for row in board.board_rows(store.list(), "fashion_mnist")] == [high, low]
    teacher = board.board_rows(store.list(), "fashion_mnist", include_hidden=True)
    assert (teacher[0].run_id, teacher[0].hidden) == (tie, True)


@pytest.mark.parametrize("preset", list(PRESETS))
def test_preset_of_names_the_preset_a_run_used_whatever_its_seed(preset):
    config = PRESETS[preset]
    assert preset_of(config) == preset
    assert preset_of(dataclasses.replace(config, seed=12345)) == preset
    from_disk = TrainConfig.from_dict(json.loads(json.dumps(config.to_dict())))
    assert preset_of(from_disk) == preset  # as the run store reads it back
    assert preset_of(dataclasses.replace(config, epochs=config.epochs + 1)) is None
    assert preset_of(dataclasses.replace(config, dataset="mnist_subset")) is None
    if config.custom is not None:
        other = dataclasses.replace(config.custom, kernel_size=5)
        assert preset_of(dataclasses.replace(config, custom=other)) is None


def test_board_rows_tell_the_preset_of_each_run(tmp_path):
    store = RunStore(tmp_path)
    quick = _finished(store, 0.9, config=dataclasses.replace(PRESETS["quick"], seed=3))
    own = _finished(store, 0.8)
    presets = {row.run_id: row.preset for row in board.board_rows(store.list())}
    assert presets == {quick: "quick", own: None}


# -- activation maximisation ------------------------------------------------------------
def unit_score(model, layer: str, unit: int, x: np.ndarray) -> np.ndarray:
    """The score ``activation_max.maximize`` raises, for each image of ``x``: ``(N,)``."""
    import tensorflow as tf

    score = activation_max._score_fn(model, layer)  # the maximiser's own, not a copy
    return np.asarray(score(tf.constant(np.asarray(x, np.float32)), unit)[0], np.float32)


@pytest.mark.parametrize(("layer", "unit"), [("conv_a", 1), ("conv_b", 4), ("out", 2)])
def test_maximize_raises_the_units_score_well_above_noise(keras, layer, unit):
    model = two_conv_net(seed=5)
    steps = []
    dream = activation_max.maximize(
        model, layer, unit, activation_max.Settings(steps=64), on_step=lambda d, t: steps.append(d)
    )
    assert steps == list(range(1, 65))
    assert dream.image.shape == (10, 10, 2) and dream.image.dtype == np.float32
    assert dream.image.min() >= 0.0 and dream.image.max() <= 1.0
    noise = np.random.default_rng(9).random((64, 10, 10, 2), dtype=np.float32)
    on_noise = unit_score(model, layer, unit, noise)
    assert dream.score > on_noise.max(), (dream.score, on_noise.max())
    assert dream.score > on_noise.mean() + 4 * on_noise.std(), (dream.score, on_noise)
    assert dream.score > dream.start_score
    on_dream = unit_score(model, layer, unit, dream.image[None])[0]
    np.testing.assert_allclose(on_dream, dream.score, rtol=1e-4, atol=1e-5)
    again = activation_max.maximize(model, layer, unit, activation_max.Settings(steps=64))
    np.testing.assert_array_equal(again.image, dream.image)  # fixed seed: the same picture


def test_targets_scores_and_errors(keras):
    model = two_conv_net()
    assert activation_max.targets(model) == ["conv_a", "conv_b", "out"]
    assert activation_max.units(model, "conv_b") == 6
    x = np.random.default_rng(0).random((5, 10, 10, 2), dtype=np.float32)
    scores = activation_max.unit_scores(model, "out", x, batch_size=2)
    np.testing.assert_allclose(scores, inspection.predict_proba(model, x), rtol=1e-5)
    top = activation_max.top_images(scores, 1, k=3)
    assert list(top) == list(np.argsort(-scores[:, 1], kind="stable")[:3])
    with pytest.raises(ValueError, match="'pool'"):
        activation_max.maximize(model, "pool", 0)
    with pytest.raises(ValueError, match="got 6"):
        activation_max.maximize(model, "conv_b", 6)
    with pytest.raises(ValueError, match=r"\(5, 10, 10\)"):
        activation_max.unit_scores(model, "out", x[..., 0])
    with pytest.raises(ValueError, match="steps"):
        activation_max.Settings(steps=0)


# -- two models side by side ----------------------------------------------------------------
def _row(name: str, kind: str, shape=(4, 4, 2)) -> inspection.LayerRow:
    return inspection.LayerRow(name, kind, shape, 0, "0", 0)


def test_align_pairs_layers_by_kind_in_order():
    seed_cnn = ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense"]
    lenet = ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "Flatten", "Dense"]
    left = [_row(f"a{i}", k) for i, k in enumerate([*seed_cnn, "Dropout", "Dense"])]
    right = [_row(f"b{i}", k) for i, k in enumerate([*lenet, "Dense"])]
    rows = compare.align_layers(left, right)
    names = [(r.left and r.left.name, r.right and r.right.name) for r in rows]
    assert names == [
        ("a0", "b0"),
        ("a1", "b1"),
        ("a2", "b2"),
        ("a3", "b3"),
        (None, "b4"),
        ("a4", "b5"),
        ("a5", "b6"),
        ("a6", None),
        ("a7", "b7"),
    ]
    assert sum(r.left is not None for r in rows) == len(left)
    assert rows[0].both_maps and not rows[4].both_maps
    with pytest.raises(ValueError, match="got 0 and 8"):
        compare.align_layers([], right)


def test_a_waiting_name_never_overwrites_a_name_given_since(tmp_path):
    # the folder appears, the student renames the run from the results, then the next
    # page run moves the name typed at Start: the rename is newer and stays
    store = RunStore(tmp_path / "runs")
    config = TrainConfig()
    run_id = store.new_run_id(config)
    board.remember_name(store.root, run_id, "At start")
    store.create(config, run_id)
    board.set_name(store.root / run_id, "Renamed")
    board.apply_pending_names(store.root)
    assert board.read_entry(store.root / run_id).name == "Renamed"
    assert not (store.root / board.PENDING_DIR / f"{run_id}.json").exists()
