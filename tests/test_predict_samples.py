"""The predict and explorer pages' samples pickers start on a sample of the chosen model's dataset.

A browser audit (Korean) found the shipped digits model started on the ankle boot
sketch, the first sample of all, and answered "2 (확률 35.7%)" with the "unsure"
warning: a student's very first sample result looked broken. Now a digits model
starts on a digit and a Fashion-MNIST model on a garment, and the picker follows the
model until the student picks samples themselves. These use the shipped models: the
point is that the first answer is right and sure.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app_harness.apptest import open_page
from cnn_core.paths import SAMPLES_DIR
from ui import i18n, image_input
from ui.image_input import first_sample, sample_class, sample_codes, sample_paths

DIGITS, FASHION = "shipped:mnist_digits", "shipped:fashion_cnn"
CODES = sample_codes()


def choose_model(at, key: str, lang: str):
    at.selectbox(key=f"common.model.{lang}").set_value(key).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def samples_chosen(at, lang: str) -> list[str]:
    return at.multiselect(key=f"predict.image.samples.{lang}").value


def answer(at, lang: str) -> tuple[str, float]:
    """The page's answer: the class named and its probability in percent (the answers in
    the folded comparison with the course notes' recipe apart)."""
    pattern = re.escape(i18n.t("predict.answer", lang, label="\0", percent="\1"))
    pattern = pattern.replace("\0", "(.+)").replace("\1", r"([\d.]+)%")
    folded = {id(md.proto) for expander in at.expander for md in expander.markdown}
    found = [
        re.fullmatch(pattern, str(md.value)) for md in at.markdown if id(md.proto) not in folded
    ]
    (match,) = [m for m in found if m]
    return match[1], float(match[2])


@pytest.fixture
def page(runs_dir):
    """The predict page in Korean, as the audit saw it (no runs: the shipped models)."""
    at = open_page("predict", "ko")
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_digit_model_starts_on_a_digit_and_reads_it(page):
    choose_model(page, DIGITS, "ko")
    page.radio(key="predict.image.source.ko").set_value("samples").run()
    assert not page.exception, [e.value for e in page.exception]
    assert samples_chosen(page, "ko") == ["sketches/digit_0.jpg"]
    label, percent = answer(page, "ko")
    assert label == "0" and percent > 90, (label, percent)
    assert not page.warning  # no "the model is unsure"


def test_a_fashion_model_starts_on_a_garment_and_reads_it(page):
    choose_model(page, FASHION, "ko")
    page.radio(key="predict.image.source.ko").set_value("samples").run()
    assert samples_chosen(page, "ko") == ["sketches/ankle_boot.jpg"]
    label, percent = answer(page, "ko")
    assert label == "앵클부츠" and percent > 90, (label, percent)
    assert not page.warning


def test_the_start_follows_the_model_until_a_sample_is_picked_by_hand(page):
    choose_model(page, FASHION, "ko")
    page.radio(key="predict.image.source.ko").set_value("samples").run()
    choose_model(page, DIGITS, "ko")
    assert samples_chosen(page, "ko") == ["sketches/digit_0.jpg"]
    page.radio(key="predict.image.source.ko").set_value("upload").run()
    choose_model(page, FASHION, "ko")  # changed while the samples are not shown
    page.radio(key="predict.image.source.ko").set_value("samples").run()
    assert samples_chosen(page, "ko") == ["sketches/ankle_boot.jpg"]
    mine = ["sketches/digit_7.jpg", "sketches/bag.jpg"]
    page.multiselect(key="predict.image.samples.ko").set_value(mine).run()
    choose_model(page, DIGITS, "ko")
    assert samples_chosen(page, "ko") == mine  # the student's own choice stays
    choose_model(page, FASHION, "ko")
    assert samples_chosen(page, "ko") == mine


def test_the_sample_codes_are_the_shipped_files_under_the_samples_folder():
    assert sample_codes() == [path.relative_to(SAMPLES_DIR).as_posix() for path in sample_paths()]
    assert CODES[0] == "sketches/ankle_boot.jpg" and "photos/scene.jpg" in CODES
    assert all((SAMPLES_DIR / code).is_file() for code in CODES)


def test_the_samples_folder_is_read_where_the_module_says(tmp_path, monkeypatch):
    (tmp_path / "photos").mkdir()
    for name in ("b.png", "a.JPG", "notes.txt"):
        (tmp_path / "photos" / name).write_bytes(b"")
    monkeypatch.setattr(image_input, "SAMPLES_DIR", tmp_path)
    assert sample_codes() == ["photos/a.JPG", "photos/b.png"]  # no sketches; images only


def test_the_first_sample_of_a_dataset():
    assert first_sample(CODES, "mnist") == "sketches/digit_0.jpg"
    assert first_sample(CODES, "mnist_subset") == "sketches/digit_0.jpg"  # a run on the digits
    assert first_sample(CODES, "fashion_mnist") == "sketches/ankle_boot.jpg"
    # no model (the lab) or a model no sample shows (CIFAR-10, an upload): as before
    assert first_sample(CODES, None) == first_sample(CODES, "cifar10") == CODES[0]


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("digit_7", ("mnist", 7)),
        ("sneaker", ("fashion_mnist", 7)),
        ("fashion_ankle_boot", ("fashion_mnist", 9)),
        ("tshirt", ("fashion_mnist", 0)),
        ("scene", None),
        ("digit_x", None),
        ("digit_12", None),
    ],
)
def test_the_class_a_sample_shows(stem, expected):
    assert sample_class(stem) == expected


def test_every_shipped_sample_but_the_scene_shows_a_class():
    assert [code for code in CODES if sample_class(Path(code).stem) is None] == ["photos/scene.jpg"]


def test_the_explorers_sample_picker_starts_on_the_models_dataset_too(runs_dir):
    at = open_page("explorer", "ko")
    choose_model(at, DIGITS, "ko")
    for key, value in (
        ("explorer.view", "activations"),
        ("explorer.input_source", "image"),
        ("explorer.image.source", "samples"),
    ):
        at.session_state[f"{key}.ko"] = value  # as a click on the widget would
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="explorer.image.sample.ko").value == "sketches/digit_0.jpg"
