"""cnn_core.catalog: card text in a language, the model's input recipe from its card."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from cnn_core import catalog
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
