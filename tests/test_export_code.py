"""The exported training code: it runs outside the app, builds the run's architecture
(layer types, shapes, parameter count, the same initial weights) and trains.

Every preset's script (and a LeNet-5 on the bundled digits, for the padding layer and
the bundled file) runs in one fresh Python process, with its settings at its top
switched to one epoch on a small subset: a recipe on the full MNIST runs on the bundled
digits instead, and the CIFAR-10 one only as text (neither set is on an offline machine).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tiny_runs import require_fashion_mnist

from cnn_core import checkpoints, inspection
from cnn_core.datasets import DATASETS
from cnn_core.export_code import script_name, training_script
from cnn_core.train_config import PRESETS, TrainConfig
from cnn_core.training import build_compiled_model
from ui.i18n import t

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = {
    **{
        name: dataclasses.replace(config, dataset="mnist_subset")
        if config.dataset == "mnist"
        else config
        for name, config in PRESETS.items()
        if config.dataset != "cifar10"
    },
    "lenet5_digits": TrainConfig(dataset="mnist_subset", model="lenet5"),
}


def script(config: TrainConfig, lang: str = "en") -> str:
    """The script as the training page gives it, naming the app as the page does."""
    return training_script(config, lang, app_name=t("app.title", lang))


RUNNER = """
import json, os, runpy, sys
import numpy as np
from cnn_core import checkpoints
report = {}
for folder in sys.argv[1:]:
    os.chdir(folder)
    names = runpy.run_path("train.py")
    model = names["model"]
    model.load_weights("checkpoints/epoch_000.weights.h5")
    np.savez("initial.npz", **checkpoints.model_weights(model))
    report[folder] = {
        "layers": [
            [type(layer).__name__, list(layer.output.shape[1:]), layer.count_params()]
            for layer in model.layers
        ],
        "params": model.count_params(),
        "epochs": len(names["history"].history["loss"]),
        "test_accuracy": names["test_accuracy"],
        "files": sorted(os.listdir("checkpoints")) + sorted(os.listdir(".")),
    }
print("REPORT" + json.dumps(report))
"""


def small(script: str) -> str:
    """The script switched to one epoch on 300 images (its constants at the top)."""
    script, epochs = re.subn(r"^EPOCHS = \d+$", "EPOCHS = 1", script, flags=re.M)
    script, subset = re.subn(r"^TRAIN_SUBSET = .*$", "TRAIN_SUBSET = 300", script, flags=re.M)
    assert epochs == subset == 1
    return script


def test_the_script_is_the_configured_run():
    config = PRESETS["seed_recipe"]
    code = script(config, "ko")
    assert script_name(config) == "train_fashion_mnist_seed_cnn.py"
    for line in ("EPOCHS = 20", "BATCH_SIZE = 32", "PATIENCE = 2", "SEED = 0"):
        assert f"\n{line}\n" in code
    assert "keras.datasets.fashion_mnist.load_data()" in code
    assert "EarlyStopping(" in code and "ModelCheckpoint(" in code
    assert "# 2. 모델" in code and "# 2. Model" in script(config, "en")
    compile(code, "train.py", "exec")
    with pytest.raises(ValueError, match="dict"):
        training_script({"epochs": 1}, app_name="CNN Explorer")


def test_a_notebook_gets_the_script_without_naming_the_app():
    """``training_script(config)``, as a notebook calls it, raised TypeError when the
    app's name became a required keyword; the default is the English page's title."""
    config = PRESETS["quick"]
    assert training_script(config) == script(config, "en")
    assert t("app.title", "en") == "CNN Explorer"


def test_the_cifar10_recipe_script_loads_cifar10_with_adadelta_at_its_usual_rate():
    """Run only as text: CIFAR-10 is not on an offline machine."""
    code = script(PRESETS["seed_keras_book_cifar"])
    assert "keras.datasets.cifar10.load_data()" in code
    assert "\nLEARNING_RATE = 1.0\n" in code and "keras.optimizers.Adadelta(" in code
    assert "\nEPOCHS = 10\n" in code and "\nVALIDATION_SPLIT = 0.2\n" in code
    compile(code, "train.py", "exec")


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("dataset", ["fashion_mnist", "mnist_subset"])
def test_the_script_names_the_app_as_the_app_names_itself(lang, dataset):
    """The Korean script said "CNN 탐색기" (the model explorer's word) for the app,
    "CNN 탐험기"; both its docstring and the bundled digits' comment name the app."""
    code = script(TrainConfig(dataset=dataset, model="lenet5"), lang)
    head = code.split('"""')[1]
    assert t("app.title", lang) in head
    assert "탐색기" not in code
    if DATASETS[dataset].bundled:
        assert code.count(t("app.title", lang)) == 2


def test_every_presets_code_builds_the_same_model_and_trains(keras, tmp_path):
    require_fashion_mnist()
    from cnn_core.paths import BUNDLED_DATA_DIR

    folders = {}
    for name, config in CONFIGS.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "train.py").write_text(small(script(config)), encoding="utf-8")
        bundled = DATASETS[config.dataset].bundled
        if bundled:  # downloaded from the training page, beside the script
            shutil.copy(BUNDLED_DATA_DIR / bundled, folder / bundled)
        folders[str(folder)] = (name, config)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, *folders],
        capture_output=True,
        text=True,
        timeout=540,
        env=env,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.split("REPORT", 1)[1])
    for folder, (name, config) in folders.items():
        got = report[folder]
        model = build_compiled_model(config)
        expected = [
            [row.type, list(row.output_shape), row.params] for row in inspection.layer_table(model)
        ]
        assert got["layers"] == expected, name
        assert got["params"] == model.count_params(), name
        assert got["epochs"] == 1 and 0.0 <= got["test_accuracy"] <= 1.0, name
        assert {"epoch_000.weights.h5", "epoch_001.weights.h5", "best_model.keras"} <= set(
            got["files"]
        ), name
        with np.load(Path(folder) / "initial.npz") as initial:
            app = checkpoints.model_weights(model)
            assert sorted(initial.files) == sorted(app), name
            for key in app:  # the same seeded initial weights as the app's run
                np.testing.assert_array_equal(initial[key], app[key], err_msg=f"{name} {key}")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_bundled_digits_script_reads_its_file_beside_it_and_names_no_server_path(
    tmp_path, lang
):
    """The script held the server's own absolute path (/work/main/assets/datasets/…);
    it reads the file downloaded from the training page by its name, beside itself (or,
    in a notebook, in the folder it runs in)."""
    from cnn_core.paths import BUNDLED_DATA_DIR, REPO_ROOT

    bundled = str(DATASETS["mnist_subset"].bundled)
    code = script(TrainConfig(dataset="mnist_subset", model="lenet5"), lang)
    assert str(REPO_ROOT) not in code and str(BUNDLED_DATA_DIR) not in code
    assert f'DATA_FILE = os.path.join(HERE, "{bundled}")' in code
    data_part = code[: code.index("x_train = x_train.reshape")]
    data_part = data_part.replace("import keras\n", "")  # the data needs numpy only
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    (laptop / "train.py").write_text(data_part + "print(len(x_train), len(x_test))\n")
    shutil.copy(BUNDLED_DATA_DIR / bundled, laptop / bundled)
    done = subprocess.run(
        [sys.executable, str(laptop / "train.py")], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["8000", "2000"]
    notebook = {}  # a notebook cell: no __file__, the current folder
    cwd = os.getcwd()
    try:
        os.chdir(laptop)
        exec(compile(data_part, "<cell>", "exec"), notebook)
    finally:
        os.chdir(cwd)
    assert len(notebook["x_train"]) == 8000
