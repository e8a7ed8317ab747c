"""cnn_core.catalog: card text in a language, the model's input recipe from its card."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cnn_core import catalog, runs
from cnn_core.paths import REPO_ROOT
from cnn_core.preprocess import PrepSettings


def _shipped_like(folder: Path, name: str, **card) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / f"{name}.keras", "w") as archive:
        archive.writestr("config.json", "{}")
    fields = {"name": name, "dataset": "mnist", "input_shape": [28, 28, 1]}
    fields["class_names"] = {"en": list("0123456789")}
    (folder / f"{name}.json").write_text(json.dumps({**fields, **card}), encoding="utf-8")


def test_card_text_reads_pairs_and_plain_strings():
    pair = {"accuracy_measured_on": {"ko": "테스트 세트 10,000장", "en": "the test set"}}
    assert catalog.card_text(pair, "accuracy_measured_on", "ko") == "테스트 세트 10,000장"
    assert catalog.card_text(pair, "accuracy_measured_on", "en") == "the test set"
    english_only = {"accuracy_measured_on": {"en": "the test set"}}
    assert catalog.card_text(english_only, "accuracy_measured_on", "ko") == "the test set"
    older = {"accuracy_measured_on": "fashion_mnist test set (10000 images)"}
    assert catalog.card_text(older, "accuracy_measured_on", "ko") == older["accuracy_measured_on"]
    assert catalog.card_text({}, "accuracy_measured_on", "en") is None
    assert catalog.card_text({"title": 3}, "title", "en") is None


def test_entry_text_title_and_prep_settings(tmp_path):
    _shipped_like(
        tmp_path,
        "digits",
        title={"ko": "숫자", "en": "Digits"},
        accuracy_measured_on={"ko": "2,000장", "en": "2,000 images"},
    )
    _shipped_like(tmp_path, "plain", dataset="fashion_mnist", polarity="dark_on_light")
    digits, plain = catalog.list_models(tmp_path, runs=tmp_path / "no-runs")
    assert digits.title("ko") == "숫자" and plain.title("ko") == "plain"
    assert digits.text("accuracy_measured_on", "en") == "2,000 images"
    assert digits.prep_settings == PrepSettings((28, 28, 1), center_of_mass=True)
    assert plain.prep_settings == PrepSettings((28, 28, 1), polarity="dark_on_light")
    assert hash(digits.prep_settings) == hash(PrepSettings((28, 28, 1), center_of_mass=True))


def test_listing_models_imports_neither_tensorflow_nor_opencv():
    script = (
        "import sys\n"
        "from cnn_core import catalog\n"
        "catalog.list_models()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'tensorflow', 'keras', 'cv2'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_runs_are_listed_the_most_recently_finished_first(tmp_path):
    # Two runs started in the same second (a class pressing Start together): their ids
    # order them by a random suffix, so the time each card was written decides.
    runs = tmp_path / "runs"
    first, second = "20261130-131800-mnist-custom-ffff", "20261130-131800-mnist-custom-0000"
    for stamp_s, run_id in enumerate((first, second), start=1_000):
        _shipped_like(runs / run_id, "model")
        (runs / run_id / "model.json").rename(runs / run_id / "card.json")
        os.utime(runs / run_id / "card.json", (stamp_s, stamp_s))
    keys = [entry.key for entry in catalog.list_models(tmp_path / "no-shipped", runs=runs)]
    assert keys == [f"run:{second}", f"run:{first}"]


def test_a_run_with_a_damaged_archive_is_left_out(tmp_path):
    """A ``.keras`` whose central directory is overwritten: ``zipfile.is_zipfile`` still
    says yes and ``zipfile.ZipFile`` raises ``BadZipFile``; the run is not listed."""
    runs = tmp_path / "runs"
    shipped = catalog.list_models(runs=tmp_path / "no-runs")[0]
    for run_id in ("20260101-000000-good", "20260101-000001-damaged"):
        (runs / run_id).mkdir(parents=True)
        (runs / run_id / "model.keras").write_bytes(shipped.model_path.read_bytes())
        (runs / run_id / "card.json").write_text(json.dumps(shipped.card), encoding="utf-8")
    damaged = runs / "20260101-000001-damaged" / "model.keras"
    data = bytearray(damaged.read_bytes())
    end = data.rindex(b"PK\x05\x06")  # the end of central directory record
    directory = int.from_bytes(data[end + 16 : end + 20], "little")
    data[directory : directory + 4] = b"\xff\xff\xff\xff"
    damaged.write_bytes(bytes(data))
    assert zipfile.is_zipfile(damaged)
    keys = [entry.key for entry in catalog.list_models(tmp_path / "no-shipped", runs=runs)]
    assert keys == ["run:20260101-000000-good"]


def _damaged(data: bytes, damage: str) -> bytes:
    """``data``, a zip with one member, damaged the way ``damage`` names."""
    if damage == "truncated":
        return data[: len(data) // 2]
    patches = {
        "bad magic": {0: b"XXXX"},
        "zip version 25.5": {6: b"\xff"},
        "name not UTF-8": {8: b"\x00\x08", 46: b"\xff"},  # the UTF-8 flag, then 0xff
    }
    out = bytearray(data)
    directory = data.index(b"PK\x01\x02")  # the central directory's one entry
    for at, patch in patches[damage].items():
        out[directory + at : directory + at + len(patch)] = patch
    return bytes(out)


@pytest.mark.parametrize(
    ("damage", "raised"),
    [
        ("bad magic", zipfile.BadZipFile),
        ("zip version 25.5", NotImplementedError),
        ("name not UTF-8", UnicodeDecodeError),
        ("truncated", zipfile.BadZipFile),
        ("missing", FileNotFoundError),
    ],
)
def test_check_model_archive_raises_value_error_for_any_damage(tmp_path, damage, raised):
    """Whatever zipfile raises for a damaged file becomes a ValueError naming it."""
    path = tmp_path / "model.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", "{}")
    if damage == "missing":
        path.unlink()
    else:
        path.write_bytes(_damaged(path.read_bytes(), damage))
    with pytest.raises(ValueError) as info:
        runs.check_model_archive(path)
    assert str(info.value).startswith("model.keras is not a readable .keras archive: ")
    assert type(info.value.__cause__) is raised


def test_a_shipped_card_s_dataset_gives_the_classes_and_test_images_the_pages_use():
    """The card format's ``dataset``: a DATASETS key whose class names are the model's and
    whose shipped test images fit its input (the digit model's is ``mnist``, though it
    trained on the bundled ``mnist_subset``: the same classes and look)."""
    from cnn_core import inspection
    from cnn_core.datasets import DATASETS

    shipped = [entry for entry in catalog.list_models() if entry.source == "shipped"]
    assert {entry.key for entry in shipped} >= {"shipped:fashion_cnn", "shipped:mnist_digits"}
    for entry in shipped:
        info = DATASETS[entry.card["dataset"]]
        assert entry.card["class_names"] == info.class_names, entry.key
        x, _ = inspection.load_test_images(entry.card["dataset"])
        assert x.shape[1:] == tuple(entry.card["input_shape"]), entry.key
    digits = catalog.read_card(REPO_ROOT / "assets" / "models" / "mnist_digits.json")
    assert DATASETS["mnist_subset"].class_names == DATASETS[digits["dataset"]].class_names
