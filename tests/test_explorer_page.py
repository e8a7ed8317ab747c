"""The Model Explorer page, driven offline with AppTest."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from tiny_models import flatten_net, named_conv_net, save, upload_net

from app_harness.apptest import open_page, set_lang, texts
from app_pages.explorer.inspect import CELL_KEY, CHART_KEY
from cnn_core import model_files
from cnn_core.catalog import list_models, run_key
from ui.i18n import t
from ui.i18n.explorer import STRINGS as EXPLORER_STRINGS
from ui.image_input import FORMATS_TEXT
from ui.markdown import markdown_text

SHIPPED = [entry.key for entry in list_models() if entry.source == "shipped"]


@pytest.fixture(autouse=True)
def _empty_runs(runs_dir):
    """Only the shipped models are listed (no runs of other tests or engineers)."""


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _set(at, key: str, value) -> None:
    """Set the kept value ``key`` through its widget (as a click would) and rerun."""
    at.session_state[f"{key}.{at.session_state['lang']}"] = value
    at.run()


def _uploaded(lang: str, name: str, data: bytes):
    """The explorer in ``lang`` with ``data`` uploaded as the model file ``name``."""
    at = open_page("explorer", lang)
    _set(at, "explorer.model_source", "upload")
    _ok(at)
    at.file_uploader(key="explorer.model_upload").set_value((name, data, "application/zip"))
    at.run()
    _ok(at)
    return at


def _view(at, view: str) -> None:
    _set(at, "explorer.view", view)
    _ok(at)


def test_shipped_models_are_there():
    assert {"shipped:fashion_cnn", "shipped:mnist_digits"} <= set(SHIPPED)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("key", ["shipped:fashion_cnn", "shipped:mnist_digits"])
def test_each_shipped_model_every_view(key, lang):
    at = open_page("explorer", lang)
    _ok(at)
    _set(at, "common.model", key)
    _ok(at)
    params = {"shipped:fashion_cnn": "333,526", "shipped:mnist_digits": "145,894"}[key]
    assert f"**{params}**" in texts(at)  # the formula column's sum equals Keras's total
    assert t("explorer.params_sum", lang, formula_sum=params, total=params) in texts(at)
    _view(at, "filters")
    assert at.selectbox(key=f"explorer.conv_layer.{lang}").value == "conv1"
    _view(at, "activations")
    shown = texts(at)
    assert t("explorer.gradcam_header", lang) in shown
    assert t("explorer.detail_header", lang) in shown
    assert at.selectbox(key=f"explorer.test_class.{lang}").value == 0


def test_the_layer_table_groups_thousands_in_both_counts():
    at = open_page("explorer", "en")
    _set(at, "common.model", "shipped:fashion_cnn")
    table = at.dataframe[0].value
    formulas, params = table[t("explorer.col.formula", "en")], table[t("explorer.col.params", "en")]
    assert "18,496" in set(params)  # conv2: (3·3·32 + 1)·64
    for formula, count in zip(formulas, params, strict=True):
        assert formula.rsplit("= ", 1)[-1] == count, (formula, count)


def test_layer_switch_filters_and_detail():
    at = open_page("explorer", "en")
    _set(at, "common.model", "shipped:fashion_cnn")
    _view(at, "filters")
    assert "explorer_filter_mode" not in [radio.key for radio in at.radio]  # 1 channel in
    _set(at, "explorer.conv_layer", "conv2")
    _ok(at)
    assert "conv2: kernels 3×3 · input channels: 32 · filters: 64" in texts(at)
    _set(at, "explorer.filter_mode", "channel")
    _ok(at)
    picker = at.selectbox(key="explorer.filter_index.en")
    assert picker.options[:2] == ["filter 1", "filter 2"]  # counted from 1, as the lab counts
    _set(at, "explorer.filter_index", 5)  # the sixth filter: index 5 inside, "filter 6" shown
    _ok(at)
    assert at.selectbox(key="explorer.filter_index.en").value == 5
    assert t("explorer.showing_channels", "en", index=6, c_in=32) in texts(at)
    grid = json.loads(_chart(at, "explorer.fig.filter_grid").proto.spec)["data"][0]
    assert grid["hovertemplate"].startswith("input channel %{customdata[0]} (")
    _view(at, "activations")
    _set(at, "explorer.detail_layer", "pool2")
    _ok(at)
    assert "explorer.detail_row.en" not in [s.key for s in at.slider]  # the sliders are gone
    at.session_state[CELL_KEY] = ("pool2", 3, 3)  # what a click on cell (3, 3) keeps
    at.run()
    _ok(at)
    # pool2 (3, 3) <- conv2 rows 6..7 <- pool1 5..8 <- conv1 10..17 <- input 9..18, all
    # 0-based: shown counted from 1, cell (4, 4) sees input rows 10 to 19
    assert "Cell (4, 4) has the value" in texts(at)
    assert "input rows 10–19 and columns 10–19" in texts(at)
    assert "= **10**" in texts(at)  # the layer arithmetic: 8 + (2 - 1)·2 = 10
    at.session_state[CELL_KEY] = ("pool2", 0, 0)
    at.run()
    assert t("explorer.rf_clipped", "en", size="7×7", full="10×10") in texts(at)


def _chart(at, key: str):
    """The plotly chart drawn under ``key``."""
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith(key)]
    return chart


def test_no_chart_of_any_view_has_a_mode_bar():
    """The README: charts have no mode bar (eight hidden buttons, eight tab stops a
    chart); plotly's drag-zoom works without it. The probabilities had one here and
    none on the predict page."""
    at = open_page("explorer", "en")
    _set(at, "common.model", "shipped:fashion_cnn")
    seen = set()
    for view in ("filters", "activations", "dream", "compare"):
        _view(at, view)
        if view == "activations":
            at.session_state[CELL_KEY] = ("pool2", 3, 3)  # the input beside the clicked map
            at.run()
            _ok(at)
        for chart in at.get("plotly_chart"):
            seen.add(chart.proto.id.rsplit("-", 1)[-1])
            assert json.loads(chart.proto.config).get("displayModeBar") is False, chart.proto.id
    expected = ("filter_grid", "bias_bars", "probs", "detail_input", "dream_weights")
    assert all(any(name in key for key in seen) for name in expected), seen


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_maps_filters_and_cells_are_counted_from_1(lang):
    """Every number a student reads counts from 1, as the lab's do; inside (the kept
    values, the link) they stay 0-based."""
    at = open_page("explorer", lang)
    _set(at, "common.model", "shipped:fashion_cnn")
    _view(at, "filters")
    bias_chart = json.loads(_chart(at, "explorer.fig.bias_bars").proto.spec)
    bias = bias_chart["data"][0]
    assert [str(x) for x in bias["x"][:2]] == ["1", "2"]  # conv1's 32 filters: 1 to 32
    assert len(bias["x"]) == 32 and str(bias["x"][-1]) == "32"
    assert bias_chart["layout"]["xaxis"]["title"]["text"] == t("explorer.filter_axis", lang)
    grid = json.loads(_chart(at, "explorer.fig.filter_grid").proto.spec)["data"]
    (numbers,) = [trace for trace in grid if trace.get("mode") == "text"]
    assert numbers["text"] == [str(n) for n in range(1, 33)]  # written as the maps' are
    _view(at, "activations")
    _set(at, "explorer.detail_layer", "pool2")
    maps = at.selectbox(key=f"explorer.detail_channel.{lang}")
    word = t("explorer.map", lang)
    assert maps.options[:2] == [f"{word} 1", f"{word} 2"]
    assert maps.value == 0  # the first map, kept (and linked) as index 0
    assert t("explorer.maps_scale_each", lang) in texts(at)
    assert ("맵 번호는 1부터" if lang == "ko" else "numbered from 1") in texts(at)
    at.session_state[CELL_KEY] = ("pool2", 0, 2)  # the top row, third column
    at.run()
    _ok(at)
    shown = texts(at)
    if lang == "en":
        assert "Cell (1, 3) has the value" in shown
        assert "input rows 1–7 and columns 6–15" in shown  # 0-based rows 0..6, columns 5..14
    else:
        assert "(1, 3) 칸의 값은" in shown and "입력의 1～7행, 6～15열" in shown
    detail = json.loads(_chart(at, "explorer.fig.detail_map").proto.spec)
    assert detail["layout"]["title"]["text"] == f"pool2 · {word} 1"
    config = json.loads(_chart(at, "explorer.fig.detail_map").proto.config)
    assert config.get("displayModeBar") is False  # a map to tap, not to zoom (ui.layout)
    (picker,) = [trace for trace in detail["data"] if trace.get("mode") == "markers"]
    assert picker["hovertemplate"].startswith("(%{y}, %{x})")  # the axes count from 1
    picture = json.loads(_chart(at, "explorer.fig.detail_input").proto.spec)["data"][0]
    assert (picture["x0"], picture["y0"], picture["hovertemplate"]) == (
        1,
        1,
        "(%{y}, %{x})<extra></extra>",
    )
    assert "cell=0%2C2" in at.code[0].value and "map=0" in at.code[0].value  # still 0-based


def _png(image: np.ndarray) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def test_input_switch_test_class_and_upload():
    at = open_page("explorer", "en")
    _set(at, "common.model", "shipped:mnist_digits")
    _view(at, "activations")
    _set(at, "explorer.test_class", 7)
    _ok(at)
    assert "True class: 7" in texts(at)
    assert "The model predicts **7**" in texts(at)
    _set(at, "explorer.input_source", "image")
    _ok(at)
    _set(at, "explorer.image.source", "upload")
    sketch = np.full((120, 120), 255, np.uint8)
    sketch[20:100, 55:65] = 0  # a dark "1" on white paper
    at.file_uploader(key="explorer.image.upload").set_value(
        ("one.png", _png(sketch), "image/png")
    ).run()
    _ok(at)
    assert "The model predicts **1**" in texts(at)
    at.file_uploader(key="explorer.image.upload").set_value(
        ("fake.png", b"not an image at all", "image/png")
    ).run()
    _ok(at)
    reason = t("predict.reason.not_image", "en", formats=FORMATS_TEXT)
    rejected = t("predict.file_error", "en", name=markdown_text("fake.png"), message=reason)
    assert [e.value for e in at.error] == [rejected]  # one message: the file and why


def test_a_cut_off_own_image_is_one_message_with_its_name_and_why():
    at = open_page("explorer", "ko")
    _set(at, "common.model", "shipped:mnist_digits")
    _view(at, "activations")
    _set(at, "explorer.input_source", "image")
    _set(at, "explorer.image.source", "upload")
    cut = _png(np.full((120, 120), 200, np.uint8))[:60]
    at.file_uploader(key="explorer.image.upload").set_value(("trunc.png", cut, "image/png")).run()
    _ok(at)
    reason = t("predict.reason.truncated", "ko", format="PNG")
    assert [e.value for e in at.error] == [
        t("predict.file_error", "ko", name=markdown_text("trunc.png"), message=reason)
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_one_sample_picker_is_labelled_in_the_singular(lang):
    at = open_page("explorer", lang)
    _set(at, "common.model", "shipped:mnist_digits")
    _view(at, "activations")
    _set(at, "explorer.input_source", "image")
    _set(at, "explorer.image.source", "samples")
    _ok(at)
    box = at.selectbox(key=f"explorer.image.sample.{lang}")
    assert box.label == t("predict.sample_label", lang) != t("predict.samples_label", lang)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    ("name", "data", "reason", "shown"),
    [
        ("garbage.keras", b"definitely not a model" * 200, "not_zip", "4 KB"),
        ("tiny.keras", b"not a model at all", "not_zip", "18 bytes"),
        ("old.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 100, "hdf5", "model.save("),
        (
            "no_weights.keras",
            _zip({"config.json": b"{}", "metadata.json": b"{}"}),
            "not_keras",
            "model.weights.h5",
        ),
        (
            "bad_config.keras",
            _zip({"config.json": b"[1]", "metadata.json": b"{}", "model.weights.h5": b""}),
            "bad_config",
            "config.json",
        ),
    ],
)
def test_bad_model_upload_shows_message(lang, name, data, reason, shown):
    at = _uploaded(lang, name, data)
    errors = [e.value for e in at.error]
    missing = "model.weights.h5" if reason == "not_keras" else ""
    shown_name = markdown_text(name)  # "old.h5" is written "old\.h5" in the message's Markdown
    size = t("explorer.bytes", lang, count=18) if shown == "18 bytes" else shown
    expected = t(f"explorer.reject.{reason}", lang, name=shown_name, size=size, missing=missing)
    assert errors == [expected]
    assert size in errors[0] and "config.json, model.weights.h5" not in errors[0]
    assert "explorer.view.en" not in [radio.key for radio in at.radio]  # nothing else happens


@pytest.mark.parametrize(
    ("name", "data", "shown"),
    [
        (
            "empty.keras",
            b"",
            "empty\\.keras: The file is empty (0 bytes). "
            'Save the model again with model.save("name.keras") and upload that.',
        ),
        (
            "bad.keras",
            b"0123456789",
            "bad\\.keras: This is not a Keras model file (10 bytes). "
            "A .keras file is a zip archive.",
        ),
    ],
)
def test_a_refused_model_file_is_named_then_a_sentence_as_an_image_upload_is(name, data, shown):
    """An audit read "empty.png: the file is empty." here and "empty.png: The file is
    empty." on the predict page: English sentences start with a capital after the name."""
    at = _uploaded("en", name, data)
    assert [e.value for e in at.error] == [shown]


def test_every_model_file_refusal_starts_its_sentence_with_a_capital():
    for reason in model_files.REASONS:
        english = EXPLORER_STRINGS[f"explorer.reject.{reason}"]["en"]
        sentence = english.removeprefix("{name}: ")
        assert sentence != english and sentence[0].isupper(), english


def test_model_on_four_channel_images_is_refused_with_a_message(tmp_path):
    """It loads in Keras, but no page makes 4-channel images: refused, not a traceback."""
    at = _uploaded("en", "rgba.keras", save(flatten_net((8, 8, 4)), tmp_path / "rgba.keras"))
    expected = t(
        "explorer.reject.input_channels",
        "en",
        name=markdown_text("rgba.keras"),
        inputs=markdown_text("(None, 8, 8, 4)"),
    )
    assert [e.value for e in at.error] == [expected]


def test_valid_model_upload_and_language_switch(tmp_path):
    at = _uploaded("en", "mine.keras", save(upload_net(), tmp_path / "mine.keras"))
    opened = t("explorer.upload_ok", "en", name=markdown_text("mine.keras"), params="1,234")
    assert at.success[0].value == opened
    _view(at, "activations")
    radios = [radio.key for radio in at.radio]  # no test set: only the image sources
    assert "explorer.image.source.en" in radios and "explorer.input_source.en" not in radios
    _view(at, "filters")
    assert t("explorer.filter_shape", "en", name="c", kh=3, kw=3, c_in=1, count=3) in texts(at)
    set_lang(at, "ko")
    _ok(at)
    assert at.radio(key="explorer.view.ko").value == "filters"  # every choice is kept
    assert at.radio(key="explorer.model_source.ko").value == "upload"
    assert t("explorer.filter_shape", "ko", name="c", kh=3, kw=3, c_in=1, count=3) in texts(at)


def _digit_run(runs_dir: Path, run_id: str, architecture: str, model) -> str:
    """Save ``model`` as finished run ``run_id`` of ``architecture`` on MNIST (a card as a
    training writes it); its key in the model pickers."""
    run = runs_dir / run_id
    run.mkdir()
    model.save(run / "model.keras")
    digits = [str(d) for d in range(10)]
    card = {
        "name": run_id,
        "title": {"ko": run_id, "en": run_id},
        "dataset": "mnist",
        "architecture": architecture,
        "input_shape": [28, 28, 1],
        "class_names": {"ko": digits, "en": digits},
    }
    (run / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return run_key(run_id)


def test_a_finished_training_run_can_be_explored(runs_dir):
    import keras

    from cnn_core.models import build_model

    model = build_model("lenet_mnist", (28, 28, 1), 10, seed=0)
    key = _digit_run(runs_dir, "20260101-000000-tiny", "lenet_mnist", model)
    assert keras.models.load_model(
        runs_dir / "20260101-000000-tiny" / "model.keras", safe_mode=True
    )
    at = open_page("explorer", "ko")
    _set(at, "common.model", key)
    _ok(at)
    assert t(
        "explorer.params_sum",
        "ko",
        formula_sum=f"{model.count_params():,}",
        total=f"{model.count_params():,}",
    ) in texts(at)
    _view(at, "activations")
    _set(at, "explorer.detail_layer", "conv3")
    _ok(at)
    assert t("explorer.detail_header", "ko") in texts(at)


def test_a_batch_normalization_layer_is_drawn_as_other_not_as_dropout(runs_dir):
    """A custom run with ``batch_norm``: its ``BatchNormalization`` layers are neither
    coloured nor explained as dropout (the graph and the explanation say "other")."""
    from cnn_core import figures
    from cnn_core.models import build_model
    from cnn_core.train_config import CustomSpec

    spec = CustomSpec(conv_blocks=1, filters=4, dropout=0.0, dense_units=0, batch_norm=True)
    model = build_model("custom", (28, 28, 1), 10, custom=spec, seed=0)
    key = _digit_run(runs_dir, "20260101-000000-norm", "custom", model)
    at = open_page("explorer", "en")
    _set(at, "common.model", key)
    _ok(at)
    (dot,) = [chart.proto.spec for chart in at.get("graphviz_chart")]
    (node,) = [line for line in dot.splitlines() if "BatchNormalization" in line]
    assert f'fillcolor="{figures.PIPELINE_COLORS["other"]}"' in node
    assert figures.PIPELINE_COLORS["other"] != figures.PIPELINE_COLORS["dropout"]
    _view(at, "activations")
    captions = [caption.value for caption in at.caption]
    assert t("explorer.explain.other", "en") in captions
    assert t("explorer.explain.dropout", "en") not in captions  # the model has no dropout


def test_the_pipeline_kinds_are_the_paired_kinds_the_graph_colours():
    """One list of Keras layer kinds (cnn_core.compare.KINDS); the graph and the
    explanations take the kinds they have a colour and a sentence for, "other" the rest."""
    from app_pages.explorer.sections import OTHER_KIND, PIPELINE_KINDS, layer_kind
    from cnn_core import figures
    from cnn_core.compare import KINDS

    assert PIPELINE_KINDS == {
        "Conv2D": "conv",
        "MaxPooling2D": "pool",
        "AveragePooling2D": "pool",
        "Flatten": "flatten",
        "Dense": "dense",
        "Dropout": "dropout",
    }
    assert all(KINDS[layer_type] == kind for layer_type, kind in PIPELINE_KINDS.items())
    for layer_type in ("BatchNormalization", "ZeroPadding2D", "UpSampling2D"):
        assert layer_kind(layer_type) == OTHER_KIND
    for kind in {*PIPELINE_KINDS.values(), OTHER_KIND}:
        assert kind in figures.PIPELINE_COLORS
        if kind != "conv":  # a convolution's sentence says whether it is the first
            assert f"explorer.explain.{kind}" in EXPLORER_STRINGS


def _canvas(image: np.ndarray) -> dict:
    """The drawing canvas's value as the component sends it after a stroke."""
    import base64

    url = "data:image/png;base64," + base64.b64encode(_png(image)).decode("ascii")
    stroke = {"type": "path", "path": [["M", 1, 1], ["L", 2, 2]]}
    return {"drawing": {"raw": {"objects": [stroke]}, "data": url}, "backgroundFit": None}


def test_the_feature_maps_follow_the_drawing():
    from ui.image_input import canvas_key

    at = open_page("explorer", "en")
    _set(at, "common.model", "shipped:mnist_digits")
    _view(at, "activations")
    _set(at, "explorer.input_source", "image")
    _set(at, "explorer.image.source", "draw")
    _ok(at)
    one = np.full((336, 336, 4), 255, np.uint8)
    one[60:280, 150:172, :3] = 17  # a dark "1" on the white canvas
    at.session_state[canvas_key("explorer.image")] = _canvas(one)
    at.run()
    _ok(at)
    assert "The model predicts **1**" in texts(at)
    maps_one = [image.proto.imgs[0].url for image in at.image]
    seven = np.full((336, 336, 4), 255, np.uint8)
    seven[60:82, 80:260, :3] = 17
    for i in range(200):  # the stroke down from the top right
        seven[82 + i, 240 - i // 2 : 262 - i // 2, :3] = 17
    at.session_state[canvas_key("explorer.image")] = _canvas(seven)
    at.run()
    _ok(at)
    assert "The model predicts **7**" in texts(at)
    maps_seven = [image.proto.imgs[0].url for image in at.image]
    assert len(maps_one) == len(maps_seven) and all(
        a != b for a, b in zip(maps_one[:3], maps_seven[:3], strict=True)
    )


def _linked(params: dict, lang: str = "en"):
    from streamlit.testing.v1 import AppTest

    from app_harness.apptest import APP, TIMEOUT

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    at.query_params.update(params)
    at.switch_page("app_pages/explorer/page.py")
    at.run()
    _ok(at)
    return at


def test_a_shared_link_opens_the_same_view():
    params = {
        "model": "shipped:fashion_cnn",
        "view": "activations",
        "input": "test",
        "cls": "7",
        "img": "2",
        "layer": "pool2",
        "map": "5",
        "cell": "3,3",
        "lang": "ko",
    }
    at = _linked(params)
    assert at.session_state["lang"] == "ko"
    assert at.radio(key="explorer.view.ko").value == "activations"
    assert at.selectbox(key="explorer.test_class.ko").value == 7
    assert at.selectbox(key="explorer.test_image.7.ko").value == 2
    assert at.selectbox(key="explorer.detail_layer.ko").value == "pool2"
    assert at.selectbox(key="explorer.detail_channel.ko").value == 5
    assert t("explorer.rf_arithmetic", "ko", layer="pool2", size="10×10") in texts(at)
    shared = at.code[0].value
    for name, value in params.items():
        assert f"{name}={value.replace(':', '%3A').replace(',', '%2C')}" in shared, name


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_receptive_field_arithmetic_says_pixel_once_and_pixels_otherwise(lang):
    params = {"model": "shipped:fashion_cnn", "view": "activations", "layer": "pool2"}
    at = _linked({**params, "lang": lang})
    shown = texts(at)
    one, two = (t(f"explorer.rf_apart.{n}", lang, jump=j) for n, j in (("one", 1), ("many", 2)))
    assert f"= **3**{', ' if lang == 'ko' else '; '}{one}" in shown  # conv1's line
    assert two in shown  # after the first 2×2 pooling
    assert "1 pixels" not in shown


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"model": "shipped:nope", "view": "filters"}, [("Model", "shipped:nope")]),
        (  # each named by its widget's label (not view, cls), the text cut after 23 characters
            {"view": "<script>alert(1)</script>", "cls": "__import__('os')"},
            [("View", "<script>alert(1)</scrip…"), ("Class", "__import__('os')")],
        ),
        ({"layer": "x" * 10_000}, None),  # too long: refused whole
        ({"model": "shipped:fashion_cnn", "layer": "not_a_layer", "cell": "999,999"}, None),
    ],
)
def test_a_hostile_link_falls_back_to_the_defaults(params, named):
    at = _linked(params)
    assert at.radio(key="explorer.view.en").value in ("architecture", "filters")
    warnings = [w.value for w in at.warning]
    if "not_a_layer" in str(params):  # well-formed: the layer picker falls back by itself
        assert at.session_state["common.model"] == "shipped:fashion_cnn"
        return
    if named is None:
        assert warnings[0] == t("common.link_refused", "en")
        return
    fields = ", ".join(
        t("common.link_field", "en", field=field, value=markdown_text(given))
        for field, given in named
    )
    assert warnings[0] == t("common.link_partly", "en", fields=fields)


def test_link_values_that_do_not_fit_the_model_are_named_once():
    params = {"model": "shipped:fashion_cnn", "view": "activations", "input": "test"}
    at = _linked({**params, "cls": "12", "layer": "not_a_layer"})
    assert at.selectbox(key="explorer.test_class.en").value == 0  # the model has classes 0-9
    assert at.selectbox(key="explorer.detail_layer.en").value != "not_a_layer"
    fields = "Class = “12”, Layer = “not\\_a\\_layer”"  # the text the link held, as typed
    assert [w.value for w in at.warning] == [t("common.link_not_applied", "en", fields=fields)]
    assert "cls=0" in at.code[0].value  # the link shared now is the view shown
    at.selectbox(key="explorer.test_class.en").set_value(4).run()
    assert not at.warning  # said once: the next run compares nothing
    fits = _linked({**params, "cls": "7", "img": "2", "layer": "pool2"})
    assert not fits.warning


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_links_map_and_cell_are_named_as_the_page_counts_them(lang):
    """``map`` and ``cell`` stay 0-based in links (old links open the same view), but a
    message names them as the pickers do: the link's ``map=32`` is "map 33", which
    the digit model's conv2 (maps 1 to 32) lacks, not the "map 32" it has."""
    params = {"model": "shipped:mnist_digits", "view": "activations", "layer": "conv2"}
    at = _linked({**params, "map": "32", "cell": "14,14", "lang": lang}, lang)
    maps = at.selectbox(key=f"explorer.detail_channel.{lang}")
    word = t("explorer.map", lang)
    assert maps.options[-1] == f"{word} 32" and maps.value == 0  # fell back to map 1
    fields = ", ".join(
        t("common.link_field", lang, field=t(label, lang), value=markdown_text(value))
        for label, value in (
            ("explorer.detail_channel", f"{word} 33"),
            ("common.link_cell", "(15, 15)"),
        )
    )
    assert [w.value for w in at.warning] == [t("common.link_not_applied", lang, fields=fields)]
    same = _linked({**params, "map": "31", "cell": "13,13", "lang": lang}, lang)
    assert same.selectbox(key=f"explorer.detail_channel.{lang}").value == 31  # "map 32"
    assert same.session_state[CELL_KEY] == ("conv2", 13, 13) and not same.warning
    refused = _linked({**params, "map": "x1"}, "en")  # not a map at all: quoted as it is
    assert (
        t("common.link_field", "en", field="Activation map", value="x1") in refused.warning[0].value
    )


def test_a_link_cell_outside_the_map_is_named_and_the_peak_shared():
    params = {"model": "shipped:fashion_cnn", "view": "activations", "input": "test"}
    at = _linked({**params, "layer": "pool2", "cell": "30,30"})  # pool2's maps are 5x5
    cell = t(  # named as the page counts cells: from 1
        "common.link_field",
        "en",
        field=t("common.link_cell", "en"),
        value=markdown_text("(31, 31)"),
    )
    assert [w.value for w in at.warning] == [t("common.link_not_applied", "en", fields=cell)]
    layer, row, col = at.session_state[CELL_KEY]
    assert layer == "pool2" and 0 <= row < 5 and 0 <= col < 5
    assert f"cell={row}%2C{col}" in at.code[0].value


def test_an_uploaded_model_survives_choosing_another_source_and_coming_back(tmp_path):
    at = _uploaded("en", "mine.keras", save(upload_net(), tmp_path / "mine.keras"))
    _set(at, "explorer.model_source", "catalog")
    _set(at, "explorer.model_source", "upload")
    _ok(at)
    opened = t("explorer.upload_ok", "en", name=markdown_text("mine.keras"), params="1,234")
    assert [s.value for s in at.success] == [opened]
    kept = t("common.upload_kept", "en", names=markdown_text("mine.keras"))
    assert kept in [c.value for c in at.caption]
    at.button(key="explorer.model_upload_forget").click().run()
    assert t("explorer.upload_prompt", "en") in [i.value for i in at.info]


def test_a_model_file_over_the_limit_is_refused_in_the_page_language():
    """The uploader says the model limit ("20MB per file", not the image uploaders'
    30) and refuses a larger file itself; one that comes another way (here: the test
    harness, past the browser) meets the app's own check and its translated message."""
    at = open_page("explorer", "ko")
    _set(at, "explorer.model_source", "upload")
    uploader = at.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb * 2**20 == model_files.MAX_BYTES
    assert "20 MB" in uploader.proto.help  # the model limit is said in the help
    at.file_uploader(key="explorer.model_upload").set_value(
        ("big.keras", b"\0" * 21 * 2**20, "application/zip")
    )
    at.run()
    _ok(at)
    expected = t(
        "explorer.reject.too_large",
        "ko",
        name=markdown_text("big.keras"),
        size="21.00 MB",
        limit="20",
    )
    assert [e.value for e in at.error] == [expected]


def _blown_up_net():
    """(8, 8, 1) -> UpSampling2D(1000) -> GlobalAveragePooling2D -> Dense(2): a small
    input whose 8000×8000 maps (244 MB) the explorer would compute."""
    import keras

    return keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.UpSampling2D(1000),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(2),
        ],
        name="blown_up_net",
    )


@pytest.mark.parametrize(
    ("lang", "reason", "fields"),
    [
        ("ko", "input_too_large", {"shape": "8000×8000×3", "max_side": 512}),
        ("en", "activations_too_large", {"activations": "244.2", "max_activations": "128"}),
    ],
)
def test_a_model_too_big_for_the_server_is_refused_with_a_message(tmp_path, lang, reason, fields):
    """A small file with 8000×8000 inputs or maps: refused with the sizes, never loaded."""
    model = flatten_net((8000, 8000, 3)) if reason == "input_too_large" else _blown_up_net()
    at = _uploaded(lang, "huge.keras", save(model, tmp_path / "huge.keras"))
    expected = t(f"explorer.reject.{reason}", lang, name=markdown_text("huge.keras"), **fields)
    assert [e.value for e in at.error] == [expected]
    assert "explorer.view.en" not in [radio.key for radio in at.radio]  # nothing else happens


def test_an_uploaded_model_with_large_maps_shows_them_unclickable(tmp_path):
    # 224×224 input: its first map is 222×222, more cells than can be clickable.
    import keras

    inputs = keras.Input((224, 224, 3))
    maps = keras.layers.Conv2D(4, 3, name="conv")(inputs)
    pooled = keras.layers.GlobalAveragePooling2D()(maps)
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(pooled))
    at = _uploaded("en", "wide.keras", save(model, tmp_path / "wide.keras"))
    _view(at, "activations")
    _set(at, "explorer.image.source", "samples")
    _ok(at)
    too_many = t("explorer.detail_too_many", "en", shape="222×222", limit="4,096")
    assert too_many in [c.value for c in at.caption]
    assert t("explorer.detail_click", "en") not in [c.value for c in at.caption]


def test_a_layer_the_receptive_field_cannot_pass_shows_its_map_with_a_note(tmp_path):
    # Conv2D -> UpSampling2D -> Conv2D: the upload checks pass; the field stops at "up".
    import keras

    model = keras.Sequential(
        [
            keras.Input((12, 12, 1)),
            keras.layers.Conv2D(3, 3, name="c1"),
            keras.layers.UpSampling2D(2, name="up"),
            keras.layers.Conv2D(3, 3, name="c2"),
            keras.layers.Flatten(),
            keras.layers.Dense(4, activation="softmax"),
        ],
        name="upsampling_net",
    )
    at = _uploaded("en", "up.keras", save(model, tmp_path / "up.keras"))
    _view(at, "activations")
    _set(at, "explorer.image.source", "samples")
    _ok(at)
    assert "input rows" in texts(at)  # c1, the first layer: its field is drawn
    _set(at, "explorer.detail_layer", "c2")
    _ok(at)
    fields = {"layer": "c2", "blocker": "up", "kind": "UpSampling2D"}  # translated, named
    assert [i.value for i in at.info] == [t("explorer.rf_unavailable", "en", **fields)]
    charts = [chart.proto.id for chart in at.get("plotly_chart")]
    assert any(CHART_KEY in chart for chart in charts)  # the map is still drawn
    assert not any("explorer.fig.detail_input" in chart for chart in charts)
    assert "input rows" not in texts(at)
    set_lang(at, "ko")
    _ok(at)
    assert t("explorer.rf_unavailable", "ko", **fields) in [i.value for i in at.info]


def _conv_net(layer_name: str = "conv", classes: int = 4, activation: str = "softmax"):
    """A named conv net on the shipped models' (28, 28, 1) input, so that "two models
    side by side" compares them."""
    return named_conv_net(layer_name, classes, activation, side=28)


def test_a_model_tensorflow_cannot_run_is_refused_with_its_reason(tmp_path):
    """Layer "합성곱1" loads and draws its architecture, but every computation fails:
    the message names the layer (TensorFlow's English and its pattern are left out)."""
    data = save(_conv_net("합성곱1"), tmp_path / "korean.keras")
    at = _uploaded("ko", "korean.keras", data)
    expected = t("explorer.reject.bad_names", "ko", name="korean\\.keras", names="합성곱1")
    assert [e.value for e in at.error] == [expected]
    assert "합성곱1" in expected and "scope" not in expected
    assert "explorer.view.ko" not in [radio.key for radio in at.radio]  # nothing else happens


def test_a_model_with_one_output_is_refused_with_a_message(tmp_path):
    data = save(_conv_net(classes=1, activation="sigmoid"), tmp_path / "yes_no.keras")
    at = _uploaded("en", "yes_no.keras", data)
    expected = t("explorer.reject.too_few_classes", "en", name="yes\\_no\\.keras", classes=1)
    assert [e.value for e in at.error] == [expected]


def test_activations_just_over_the_limit_read_over_it(tmp_path):
    """128 MB and 12 bytes of maps: "about 128.1 MB", never "about 128 MB … at most 128 MB"."""
    import keras

    model = keras.Sequential(
        [
            keras.Input((1, 1, 1)),
            keras.layers.UpSampling2D((8192, 4096)),  # 2**25 floats: 128 MB exactly
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(2),
        ]
    )
    at = _uploaded("en", "edge.keras", save(model, tmp_path / "edge.keras"))
    fields = {"activations": "128.1", "max_activations": "128"}
    expected = t("explorer.reject.activations_too_large", "en", name="edge\\.keras", **fields)
    assert [e.value for e in at.error] == [expected]


def _broken(kind: str):
    """A model whose weights are broken: ``"nan"``, a NaN dense kernel; ``"inf"``, two
    convolutions with kernels of 3e38 and no ReLU, whose maps overflow to ±infinity
    (and the output to NaN). Both give finite numbers on a blank image."""
    import keras

    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(3, 3, name="c1"),
            keras.layers.Conv2D(3, 3, name="c2"),
            keras.layers.Flatten(),
            keras.layers.Dense(4, activation="softmax", name="out"),
        ],
        name=f"{kind}_net",
    )
    broken = ["out"] if kind == "nan" else ["c1", "c2"]
    for name in broken:
        kernel = model.get_layer(name).kernel
        kernel.assign(np.full(kernel.shape, np.nan if kind == "nan" else 3e38, np.float32))
    return model


# "inf": four broken maps, and the receptive field's (on c1's map) says so too
@pytest.mark.parametrize(("kind", "broken_views"), [("nan", 1), ("inf", 5)])
def test_broken_weights_say_so_and_the_other_views_still_work(tmp_path, kind, broken_views):
    at = _uploaded("en", f"{kind}.keras", save(_broken(kind), tmp_path / f"{kind}.keras"))
    _view(at, "activations")
    _set(at, "explorer.image.source", "samples")
    _ok(at)
    assert [e.value for e in at.error] == [t("explorer.not_finite_output", "en")]
    assert "nan%" not in texts(at) and t("explorer.gradcam_header", "en") not in texts(at)
    warnings = [w.value for w in at.warning]
    assert warnings == [t("explorer.not_finite_layer", "en")] * broken_views
    labels = [expander.label for expander in at.expander]
    assert {"c1", "c2", "out"} <= {label.split(" · ")[0] for label in labels}  # still listed
    _view(at, "compare")
    assert t("explorer.not_finite_output", "en") in [e.value for e in at.error]
    assert t("explorer.compare_maps", "en") in texts(at)  # drawn to the end
    _view(at, "filters")
    assert t("explorer.filter_shape", "en", name="c1", kh=3, kw=3, c_in=1, count=3) in texts(at)


def test_layer_names_are_shown_as_typed(tmp_path):
    """A layer "__b__" (a name TensorFlow takes) is not written in bold."""
    at = _uploaded("en", "md.keras", save(_conv_net("__b__"), tmp_path / "md.keras"))
    shown = markdown_text("__b__")
    assert shown == "\\_\\_b\\_\\_"
    _view(at, "filters")
    assert t("explorer.filter_shape", "en", name=shown, kh=3, kw=3, c_in=1, count=2) in texts(at)
    _view(at, "activations")
    _set(at, "explorer.image.source", "samples")
    assert f"{shown} · Conv2D · 26×26×2" in [expander.label for expander in at.expander]
    assert t("explorer.rf_arithmetic", "en", layer=shown, size="3×3") in texts(at)
    assert f"- {shown} (3×3, stride 1)" in texts(at)  # the arithmetic's line of the layer
    _view(at, "compare")
    assert f"{shown} · 26×26×2" in [c for image in at.image for c in image.captions]


@pytest.mark.parametrize(("kind", "layer"), [("nan", "out"), ("inf", "c2")])
def test_broken_weights_quote_no_nan_in_the_dream_or_the_receptive_field(tmp_path, kind, layer):
    """The dream of a broken layer and the receptive field on a broken map say why
    there is nothing to show, rather than "nan on the noise → nan" or "the value inf"."""
    at = _uploaded("en", f"{kind}.keras", save(_broken(kind), tmp_path / f"{kind}.keras"))
    _view(at, "dream")
    _set(at, "explorer.dream_layer", layer)
    broken = t("explorer.not_finite_layer", "en")
    assert [w.value for w in at.warning] == [broken]
    assert not [c.value for c in at.caption if "nan" in c.value or "inf" in c.value]
    _view(at, "activations")
    _set(at, "explorer.image.source", "samples")
    _set(at, "explorer.detail_layer", layer if kind == "inf" else "c2")
    quoted = [m.value for m in at.markdown if "receptive field" in m.value]
    assert (quoted == []) == (kind == "inf"), quoted  # the NaN model's c2 map is finite
    assert not [text for text in quoted if "nan" in text or "inf" in text]


def test_an_uploaded_model_has_no_dataset_to_rank_test_images_by(tmp_path):
    at = _uploaded("en", "up.keras", save(_conv_net(), tmp_path / "up.keras"))
    _view(at, "dream")
    assert t("explorer.dream_no_dataset", "en") in [info.value for info in at.info]
    assert t("explorer.dream_no_tests", "en") not in [info.value for info in at.info]
    units = at.selectbox(key="explorer.dream_unit.conv.en")  # the first layer: its filters
    assert units.options[0] == "filter 1" and units.value == 0  # counted from 1, kept from 0


class _Browser:
    """What the browser's closed pickers read (Streamlit 1.67's frontend): the label of
    the value a picker was first drawn at, picked by the student, or sent by the server
    with a value (``set_value``); a label that only the options changed is not read.
    Pickers that are not drawn are forgotten (drawn again, they start afresh)."""

    def __init__(self, at):
        self.at, self.reads = at, {}
        self._look()

    def _drawn(self):
        return [*self.at.selectbox, *self.at.select_slider]

    @staticmethod
    def _label(box) -> str:
        if hasattr(box, "index"):
            return box.options[box.index]
        return str(box.format_func(box.value))  # a select slider

    def _look(self) -> None:
        drawn = {box.key: box for box in self._drawn()}
        self.reads = {key: label for key, label in self.reads.items() if key in drawn}
        for key, box in drawn.items():
            if box.proto.set_value:
                raw = box.proto.raw_value
                self.reads[key] = raw if isinstance(raw, str) else raw[0]
            else:
                self.reads.setdefault(key, self._label(box))

    def pick(self, key: str, value) -> None:
        """The student picks ``value`` in the widget of kept value ``key``."""
        _set(self.at, key, value)
        _ok(self.at)
        widget = f"{key}.{self.at.session_state['lang']}"
        for box in self._drawn():
            if box.key == widget:
                self.reads[widget] = self._label(box)
        self._look()

    def click(self, key: str) -> None:
        self.at.button(key=key).click().run()
        _ok(self.at)
        self._look()

    def stale(self) -> dict[str, tuple[str, str]]:
        """Pickers that read another label than their value's now: ``{key: (read, now)}``."""
        return {
            box.key: (self.reads[box.key], self._label(box))
            for box in self._drawn()
            if getattr(box, "index", 0) is not None and self.reads[box.key] != self._label(box)
        }


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_class_pickers_read_the_new_models_names_after_a_model_switch(lang):
    at = open_page("explorer", lang)
    browser = _Browser(at)
    browser.pick("common.model", "shipped:mnist_digits")
    browser.pick("explorer.view", "activations")
    browser.pick("explorer.test_class", 3)
    assert browser.reads[f"explorer.test_class.{lang}"] == "3"
    assert browser.reads[f"explorer.cam_class.{lang}"] == t("explorer.cam_top", lang, name="3")
    browser.pick("common.model", "shipped:fashion_cnn")
    dress = t("explorer.cam_top", lang, name="드레스" if lang == "ko" else "Dress")
    assert browser.reads[f"explorer.test_class.{lang}"] == ("드레스" if lang == "ko" else "Dress")
    assert browser.reads[f"explorer.cam_class.{lang}"] == dress  # the prediction, named now
    assert not browser.stale()
    browser.pick("explorer.view", "dream")
    browser.pick("explorer.dream_layer", "output")
    browser.pick("explorer.dream_unit.output", 9)
    assert browser.reads[f"explorer.dream_unit.output.{lang}"] != "9"  # the ankle boot
    browser.pick("common.model", "shipped:mnist_digits")
    assert browser.reads[f"explorer.dream_unit.output.{lang}"] == "9"
    assert not browser.stale()
    browser.pick("explorer.view", "compare")
    browser.pick("explorer.test_class", 3)
    browser.click("explorer.compare_shipped")  # the digit model's class 3 becomes a dress
    assert browser.reads[f"explorer.test_class.{lang}"] == ("드레스" if lang == "ko" else "Dress")
    assert not browser.stale()


def _run_with_epochs(runs_dir: Path) -> str:
    """A digit run with checkpoints of epochs 0 (other weights) and 1 (its saved
    model's); its key."""
    from cnn_core import checkpoints

    key = _digit_run(runs_dir, "20260101-000000-epochs", "lenet_mnist", _lenet(seed=0))
    run = runs_dir / "20260101-000000-epochs"
    checkpoints.save_checkpoint(run, 0, checkpoints.model_weights(_lenet(seed=1)))
    checkpoints.save_checkpoint(run, 1, checkpoints.model_weights(_lenet(seed=0)))
    return key


def _lenet(seed: int):
    from cnn_core.models import build_model

    return build_model("lenet_mnist", (28, 28, 1), 10, seed=seed)


def _shared(at) -> dict[str, str]:
    """The parameters of the link the page shares now."""
    from urllib.parse import parse_qsl, urlsplit

    return dict(parse_qsl(urlsplit(at.code[0].value).query))


def test_a_runs_epoch_travels_in_its_link_and_an_old_link_opens_the_saved_model(runs_dir):
    from app_pages.explorer.epochs import EPOCH_KEY, FINAL

    key = _run_with_epochs(runs_dir)
    at = open_page("explorer", "en")
    _set(at, "common.model", key)
    assert _shared(at)["epoch"] == "final"
    _set(at, EPOCH_KEY, 0)
    _view(at, "filters")
    shared = _shared(at)
    assert (shared["model"], shared["epoch"], shared["view"]) == (key, "0", "filters")
    opened = _linked(shared)  # the student opens epoch 0, not the final model
    assert opened.select_slider(key=f"{EPOCH_KEY}.en").value == 0
    assert t("explorer.epoch_caption", "en", epoch=0, last=1) in texts(opened)
    assert not opened.warning
    old = _linked({"model": key, "view": "filters"})  # a link from before: the saved model
    assert old.select_slider(key=f"{EPOCH_KEY}.en").value == FINAL
    assert _shared(old)["epoch"] == "final"
    lacking = _linked({"model": key, "epoch": "7"})  # a checkpoint this run does not have
    assert lacking.select_slider(key=f"{EPOCH_KEY}.en").value == FINAL
    epoch = t("common.link_field", "en", field=t("explorer.epoch", "en"), value="7")
    assert [w.value for w in lacking.warning] == [t("common.link_not_applied", "en", fields=epoch)]
    shipped = _linked({"model": "shipped:mnist_digits", "epoch": "0"})  # no epochs: named
    assert "epoch" not in _shared(shipped)
    epoch = t("common.link_field", "en", field=t("explorer.epoch", "en"), value="0")
    assert [w.value for w in shipped.warning] == [t("common.link_not_applied", "en", fields=epoch)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_filters_mode_filter_and_scale_travel_in_the_link(lang):
    at = open_page("explorer", lang)
    _set(at, "common.model", "shipped:fashion_cnn")
    _view(at, "filters")
    _set(at, "explorer.conv_layer", "conv2")
    _set(at, "explorer.filter_mode", "channel")
    _set(at, "explorer.filter_index", 5)  # "filter 6"
    _set(at, "explorer.filter_normalize", False)
    shared = _shared(at)
    assert {k: shared[k] for k in ("conv", "fmode", "filter", "fnorm")} == {
        "conv": "conv2",
        "fmode": "channel",
        "filter": "6",  # as its picker counts: from 1
        "fnorm": "0",
    }
    opened = _linked(shared, lang)
    assert opened.radio(key=f"explorer.filter_mode.{lang}").value == "channel"
    assert opened.selectbox(key=f"explorer.filter_index.{lang}").value == 5
    assert opened.checkbox(key=f"explorer.filter_normalize.{lang}").value is False
    assert t("explorer.showing_channels", lang, index=6, c_in=32) in texts(opened)
    assert t("common.share_help", lang) in texts(opened)  # the whole view travels
    first = _linked({**shared, "conv": "conv1"}, lang)  # one input channel: no mode to carry
    assert not {"fmode", "filter"} & set(_shared(first))
    assert len(first.warning) == 1  # the mode and filter it cannot use are named
    wrong = _linked({**shared, "filter": "65"}, lang)  # conv2 has 64 filters
    word = t("explorer.filter", lang)
    field = t("common.link_field", lang, field=t("explorer.filter_pick", lang), value=f"{word} 65")
    assert [w.value for w in wrong.warning] == [t("common.link_not_applied", lang, fields=field)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_link_names_what_it_does_not_carry(lang):
    """Where a view's link leaves a choice out, the text over it does not promise the
    same view: it names the choices that open at their defaults."""
    at = _linked({"model": "shipped:fashion_cnn", "view": "activations", "lang": lang}, lang)
    labels = ("explorer.cam_class", "common.occlusion_patch", "common.occlusion_stride")
    fields = ", ".join(t(label, lang) for label in labels)
    shown = [caption.value for caption in at.caption]
    assert t("explorer.share_help_part", lang, fields=fields) in shown
    assert t("common.share_help", lang) not in shown
    _view(at, "dream")
    fields = ", ".join(t(label, lang) for label in ("explorer.dream_layer", "explorer.dream_unit"))
    assert t("explorer.share_help_part", lang, fields=fields) in [c.value for c in at.caption]
    _view(at, "compare")
    fields = t("explorer.compare_with", lang)
    assert t("explorer.share_help_part", lang, fields=fields) in [c.value for c in at.caption]
    assert {"input", "cls", "img"} <= set(_shared(at))  # the same input travels
    _view(at, "architecture")
    assert t("common.share_help", lang) in [c.value for c in at.caption]


def _opening(key: str, lang: str) -> str:
    """The words of string ``key`` before its first field."""
    return EXPLORER_STRINGS[key][lang].split("{")[0]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_dream_view_names_what_the_picture_raises_and_what_ranks_the_test_images(lang):
    """The picture raises a map's mean (a class's score before the softmax); the test
    images are ranked by the map's maximum (the class's probability): each is named
    so, never both as one "response"."""
    at = open_page("explorer", lang)
    _set(at, "common.model", "shipped:mnist_digits")
    _view(at, "dream")
    words = {"filter": ("평균", "최댓값"), "class": ("점수", "확률")}
    if lang == "en":
        words = {"filter": ("Mean", "maximum"), "class": ("score", "probability")}
    for kind in ("filter", "class"):
        if kind == "class":
            _set(at, "explorer.dream_layer", "output")
        captions = [caption.value for caption in at.caption]
        pictures = [img.caption for image in at.get("image") for img in image.proto.imgs]
        assert t(f"explorer.dream_caption.{kind}", lang) in pictures
        score = [
            c for c in captions if c.startswith(_opening(f"explorer.dream_score.{kind}", lang))
        ]
        ranked = [
            c for c in captions if c.startswith(_opening(f"explorer.dream_top_help.{kind}", lang))
        ]
        assert len(score) == 1 and len(ranked) == 1, captions
        raised, ranked_by = words[kind]
        assert raised.lower() in score[0].lower() and ranked_by in ranked[0]
        assert raised.lower() in ranked[0].lower()  # the ranking says what the picture raised
    used = [key for key in EXPLORER_STRINGS if key.startswith("explorer.dream")]
    assert not [key for key in used if "반응" in EXPLORER_STRINGS[key]["ko"]]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_link_values_the_view_has_no_place_for_are_named(lang):
    """An audit's hand-made link: a shipped model has no epochs, and conv1 (one input
    channel) no filter mode or filter; they vanished without a word. So does a field
    of another view (the activations' layer on the architecture)."""
    from ui.links import QUOTED_CHARS

    params = {"model": "shipped:fashion_cnn", "epoch": "5", "view": "filters", "conv": "conv1"}
    at = _linked({**params, "fmode": "channel", "filter": "7", "fnorm": "1", "lang": lang}, lang)
    named = (
        ("explorer.epoch", "5"),
        ("explorer.filter_mode", t("explorer.filter_mode.channel", lang)),
        ("explorer.filter_pick", f"{t('explorer.filter', lang)} 7"),
    )
    cut = QUOTED_CHARS - 1  # a message quotes so much of a value, then "…"
    fields = ", ".join(
        t("common.link_field", lang, field=t(label, lang), value=markdown_text(quoted))
        for label, value in named
        for quoted in [value if len(value) <= QUOTED_CHARS else value[:cut] + "…"]
    )
    assert [w.value for w in at.warning] == [t("common.link_not_applied", lang, fields=fields)]
    assert not {"epoch", "fmode", "filter"} & set(_shared(at))
    other = _linked({"model": "shipped:fashion_cnn", "view": "architecture", "layer": "pool2"})
    layer = t("common.link_field", "en", field=t("explorer.detail_layer", "en"), value="pool2")
    assert [w.value for w in other.warning] == [t("common.link_not_applied", "en", fields=layer)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_name_tensorflow_refuses_is_named_without_its_english_text(tmp_path, lang):
    """The audit saw "'합성곱1' is not a valid scope name … ^[A-Za-z0-9_.\\\\/>-]*$" inside
    the Korean message: the page now names the layer and says what to do."""
    data = save(_conv_net("합성곱1"), tmp_path / "korean.keras")
    at = _uploaded(lang, "korean.keras", data)
    expected = t("explorer.reject.bad_names", lang, name="korean\\.keras", names="합성곱1")
    assert [e.value for e in at.error] == [expected]
    assert "scope" not in expected and "^[" not in expected


def _doubler_net():
    """(8, 8, 1) -> ``Doubler`` (a custom layer, registered only while it is saved) ->
    Flatten -> Dense(3)."""
    import keras

    @keras.saving.register_keras_serializable(package="ExplorerTest")
    class Doubler(keras.layers.Layer):
        def call(self, x):
            return 2 * x

    layers = [keras.Input((8, 8, 1)), Doubler(), keras.layers.Flatten(), keras.layers.Dense(3)]
    return keras.Sequential(layers)


def test_a_custom_layer_is_named_not_called_damaged(tmp_path):
    import keras

    data = save(_doubler_net(), tmp_path / "custom.keras")
    keras.saving.get_custom_objects().pop("ExplorerTest>Doubler")  # unknown, as on a server
    at = _uploaded("ko", "custom.keras", data)
    expected = t("explorer.reject.custom_class", "ko", name="custom\\.keras", custom="Doubler")
    assert [e.value for e in at.error] == [expected]


def _shape_nets():
    """One model per shape refusal: its reason and the shapes the message quotes."""
    import keras

    image = keras.Input((8, 8, 1))
    flat = keras.layers.Flatten()(image)
    two_outputs = keras.Model(image, [keras.layers.Dense(3)(flat), keras.layers.Dense(2)(flat)])
    any_size = keras.Sequential(
        [
            keras.Input((None, None, 1)),
            keras.layers.Conv2D(2, 3),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(3),
        ]
    )
    vector = keras.Sequential([keras.Input((784,)), keras.layers.Dense(3)])
    return {
        "input_not_image": (vector, "(None, 784)", "(None, 3)"),
        "input_channels": (flatten_net((8, 8, 4)), "(None, 8, 8, 4)", "(None, 256)"),
        "input_size_unknown": (any_size, "(None, None, None, 1)", "(None, 3)"),
        "output_not_scores": (two_outputs, "(None, 8, 8, 1)", "(None, 3), (None, 2)"),
    }


@pytest.mark.parametrize(
    "reason", ["input_not_image", "input_channels", "input_size_unknown", "output_not_scores"]
)
def test_each_shape_refusal_says_its_case_with_the_models_shapes(tmp_path, reason):
    model, inputs, outputs = _shape_nets()[reason]
    at = _uploaded("ko", "shape.keras", save(model, tmp_path / "shape.keras"))
    shapes = {"inputs": markdown_text(inputs), "outputs": markdown_text(outputs)}
    expected = t(f"explorer.reject.{reason}", "ko", name="shape\\.keras", **shapes)
    assert [e.value for e in at.error] == [expected]
    assert (inputs if reason.startswith("input") else outputs) in expected.replace("\\", "")
