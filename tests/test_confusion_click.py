"""Training results: a confusion-matrix cell shows its test images, and one opens in the explorer.

AppTest cannot click a plotly chart, so the test sets what the chart's click keeps
(``results.PAIR_KEY``); ``cnn_core.cells`` is tested on its own (tests/test_cells.py).
"""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from app_harness.apptest import open_page, texts
from app_pages.training import results
from cnn_core.datasets import DATASETS
from cnn_core.runs import RunStore
from ui.i18n import t


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    require_fashion_mnist()
    from cnn_core.training import train

    root = tmp_path_factory.mktemp("pairs") / "runs"
    train(tiny_config(), RunStore(root))
    return root


def test_a_cell_shows_its_images_and_one_opens_in_the_explorer(trained, runs_dir):
    for path in trained.iterdir():
        shutil.copytree(path, runs_dir / path.name)
    store = RunStore(runs_dir)
    (record,) = store.list()
    matrix = store.confusion(record.run_id)
    off = matrix - np.diag(np.diag(matrix))
    true, pred = (int(v) for v in np.unravel_index(int(np.argmax(off)), off.shape))
    names = DATASETS["fashion_mnist"].class_names["en"]

    at = open_page("training", "en")
    assert not at.exception, at.exception
    assert t("train.results.confusion_click", "en") in texts(at)
    at.session_state[results.PAIR_KEY] = (record.run_id, true, pred)  # the click
    at.run()
    assert not at.exception, at.exception
    assert t("train.pair.header", "en", true=names[true], pred=names[pred]) in texts(at)
    shown = min(results.PAIR_SIZE, int(matrix[true, pred]))
    captions = [c for image in at.image for c in image.captions]
    assert captions.count("Grad-CAM") == shown
    assert len([c for c in captions if c.startswith("Test image")]) == shown
    opens = [b for b in at.button if b.label == t("train.pair.open", "en")]
    assert len(opens) == shown
    opens[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["explorer.input_source"] == "training"
    assert at.radio(key="explorer.input_source.en").value == "training"
    assert f"True class: {names[true]}" in texts(at)
