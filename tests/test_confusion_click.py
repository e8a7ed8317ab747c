"""Training results: a confusion-matrix cell shows its test images, and one opens in the explorer.

AppTest cannot click a plotly chart, so the test sets what the chart's click keeps
(``results.PAIR_KEY``); ``cnn_core.cells`` is tested on its own (tests/test_cells.py).
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile

import numpy as np
import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from app_harness.apptest import open_page, texts
from app_pages.training import results
from cnn_core import datasets
from cnn_core.datasets import DATASETS
from cnn_core.runs import RunStore
from ui.i18n import t
from ui.state import HANDOFF_KEY


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
    assert _marked(at, record.run_id) == []
    at.session_state[results.PAIR_KEY] = (record.run_id, true, pred)  # the click
    at.run()
    assert not at.exception, at.exception
    header = t("train.pair.header", "en", true=names[true], pred=names[pred])
    # Right under the matrix, in sight of the click (it came after the 16 mistakes,
    # some 990 px lower), and the picked cell outlined.
    headers = [subheader.value for subheader in at.subheader]
    confusion = headers.index(t("train.results.confusion", "en"))
    assert headers[confusion + 1] == header
    assert headers.index(header) < headers.index(t("train.results.mistakes", "en"))
    assert _marked(at, record.run_id) == [(pred - 0.5, pred + 0.5, true - 0.5, true + 0.5)]
    # The mistakes' gallery keeps its width on a phone (its captions ran into each other).
    assert results.GALLERY_CSS in [element.proto.body for element in at.get("html")]
    assert f"min-width: {results.GALLERY_PX}px" in results.GALLERY_CSS
    shown = min(results.PAIR_SIZE, int(matrix[true, pred]))
    captions = [c for image in at.image for c in image.captions]
    assert captions.count("Grad-CAM") == shown
    numbered = [c for c in captions if c.startswith("Test image")]
    assert len(numbered) == shown
    opens = [b for b in at.button if b.label == t("train.pair.open", "en")]
    assert len(opens) == shown
    opens[0].click().run()
    assert not at.exception, at.exception
    assert at.session_state["explorer.input_source"] == "training"
    assert at.radio(key="explorer.input_source.en").value == "training"
    assert f"True class: {names[true]}" in texts(at)
    # The test image is counted from 1, here and in the explorer it opens in.
    n = int(re.match(r"Test image (\d+) ", numbered[0]).group(1))
    images, _ = datasets.raw_test_set("fashion_mnist")
    np.testing.assert_array_equal(at.session_state[HANDOFF_KEY]["image"], images[n - 1])
    assert numbered[0] in [caption.value for caption in at.caption]


def _marked(at, run_id: str) -> list[tuple[float, float, float, float]]:
    """The outlined cells of ``run_id``'s confusion matrix, as ``(x0, x1, y0, y1)``."""
    (chart,) = [c for c in at.get("plotly_chart") if c.key == f"training.fig.confusion.{run_id}"]
    shapes = json.loads(chart.proto.spec)["layout"].get("shapes", [])
    return [(shape["x0"], shape["x1"], shape["y0"], shape["y1"]) for shape in shapes]


def test_a_damaged_model_file_in_the_pair_view_says_so_without_a_traceback(runs_dir):
    """The pair view loads the run's model as the explorer does: a file Keras cannot
    read gives the translated message, never a traceback."""
    store = RunStore(runs_dir)
    run_id = store.create(tiny_config()).run_id
    store.write_history(run_id, {"loss": [1.0], "accuracy": [0.6]})
    store.write_json(run_id, "metrics.json", {"test_accuracy": 0.6, "params": 99})
    with zipfile.ZipFile(store.model_path(run_id), "w") as archive:
        archive.writestr("config.json", "{}")  # an archive Keras cannot load
    store.write_json(run_id, "card.json", {"name": run_id})
    store.write_array(run_id, "confusion.npy", np.eye(10, dtype=np.int64))
    store.set_status(run_id, "finished")
    at = open_page("training", "en")
    at.session_state[results.PAIR_KEY] = (run_id, 1, 2)  # the click
    at.run()
    assert not at.exception, at.exception
    prefix = t("common.model_load_error", "en", error="")
    assert [e.value for e in at.error if e.value.startswith(prefix)], [e.value for e in at.error]
