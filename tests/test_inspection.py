"""cnn_core.inspection on tiny named models."""

from __future__ import annotations

import gc

import numpy as np
import pytest
import tiny_models

from cnn_core import inspection
from cnn_core.receptive_field import receptive_field, receptive_field_steps


@pytest.fixture(scope="module")
def tiny():
    """``tiny_models.two_conv_net``: conv_a, pool, conv_b, norm, flat, drop, out."""
    return tiny_models.two_conv_net()


@pytest.fixture(scope="module")
def image():
    return np.random.default_rng(0).random((1, 10, 10, 2), dtype=np.float32)


def test_activation_shapes_match_layer_outputs(tiny, image):
    acts = inspection.activations(tiny, image)
    assert [a.name for a in acts] == ["conv_a", "pool", "conv_b", "norm", "flat", "drop", "out"]
    for act in acts:
        assert act.output.shape == tuple(tiny.get_layer(act.name).output.shape[1:])
    assert acts[0].type == "Conv2D"
    np.testing.assert_allclose(acts[-1].output, inspection.predict_proba(tiny, image)[0], atol=1e-6)


def test_activation_model_is_built_once(tiny, image):
    inspection.activations(tiny, image)
    first = inspection._ACTIVATION_MODELS[tiny]
    inspection.activations(tiny, image)
    assert inspection._ACTIVATION_MODELS[tiny] is first


def test_activation_cache_forgets_deleted_models(image):
    model = tiny_models.flatten_net((10, 10, 2))
    inspection.activations(model, image)
    count = len(inspection._ACTIVATION_MODELS)
    del model
    gc.collect()
    assert len(inspection._ACTIVATION_MODELS) == count - 1


def test_activations_reject_wrong_shape(tiny):
    with pytest.raises(ValueError, match=r"\(1, 28, 28, 1\)"):
        inspection.activations(tiny, np.zeros((1, 28, 28, 1), np.float32))


def test_conv_layers_and_filters(tiny):
    assert inspection.conv_layers(tiny) == ["conv_a", "conv_b"]
    kernel, bias = inspection.conv_filters(tiny, "conv_a")
    assert kernel.shape == (3, 3, 2, 4)
    assert bias.shape == (4,)
    kernel, bias = inspection.conv_filters(tiny, "conv_b")
    assert kernel.shape == (3, 3, 4, 6)
    np.testing.assert_array_equal(bias, np.zeros(6))
    with pytest.raises(ValueError, match="'pool'"):
        inspection.conv_filters(tiny, "pool")


def test_grad_cam_shape_and_range(tiny, image):
    for layer in (None, "conv_a"):
        heat = inspection.grad_cam(tiny, image, 1, layer_name=layer)
        assert heat.shape == (10, 10)
        assert heat.dtype == np.float32
        assert heat.min() >= 0.0 and heat.max() <= 1.0
    with pytest.raises(ValueError, match="class_index 3"):
        inspection.grad_cam(tiny, image, 3)


def test_predict_proba_rows_sum_to_one(tiny, image):
    batch = np.concatenate([image, image * 0.5])
    probs = inspection.predict_proba(tiny, batch)
    assert probs.shape == (2, 3)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    logits = tiny_models.logits_net((10, 10, 2), classes=4)
    np.testing.assert_allclose(inspection.predict_proba(logits, image).sum(axis=1), 1.0, atol=1e-5)


def test_layer_table_formula_sums_to_count_params(tiny):
    rows = inspection.layer_table(tiny)
    assert sum(row.formula_params for row in rows) == tiny.count_params()
    assert all(row.formula_params == row.params for row in rows)
    by_name = {row.name: row for row in rows}
    assert by_name["conv_a"].formula == "(3·3·2 + 1)·4 = 76"
    assert by_name["conv_b"].formula == "(3·3·4)·6 = 216"
    assert by_name["norm"].formula == "4·6 = 24"
    assert by_name["out"].formula == "(96 + 1)·3 = 291"
    assert by_name["pool"].formula == "0"
    assert by_name["conv_b"].output_shape == (4, 4, 6)


def test_seed_cnn_has_333526_params():
    from cnn_core.models import build_model

    model = build_model("seed_cnn", (28, 28, 1), 10, seed=0)
    rows = inspection.layer_table(model)
    assert sum(row.formula_params for row in rows) == model.count_params() == 333_526
    assert [row.formula_params for row in rows if row.params] == [320, 18_496, 313_700, 1_010]


def test_receptive_field(tiny):
    # conv_a (3×3 valid) -> pool (2×2, stride 2) -> conv_b (3×3 same, pad 1)
    assert receptive_field(tiny, "conv_a", 0, 0) == (0, 0, 2, 2)
    assert receptive_field(tiny, "pool", 1, 2) == (2, 4, 5, 7)
    assert receptive_field(tiny, "conv_b", 1, 1) == (0, 0, 7, 7)
    assert receptive_field(tiny, "conv_b", 0, 0) == (0, 0, 5, 5)  # clipped
    with pytest.raises(ValueError, match="outside"):
        receptive_field(tiny, "pool", 4, 0)
    with pytest.raises(ValueError, match="no rows"):
        receptive_field(tiny, "flat", 0, 0)


def test_receptive_field_steps_give_the_size_of_the_box(tiny):
    steps = receptive_field_steps(tiny, "conv_b")
    assert [(s.name, s.kernel, s.stride, s.jump_in, s.size, s.jump) for s in steps] == [
        ("conv_a", 3, 1, 1, 3, 1),
        ("pool", 2, 2, 1, 4, 2),
        ("conv_b", 3, 1, 2, 8, 2),  # 4 + (3 - 1)·2
    ]
    top, left, bottom, right = receptive_field(tiny, "conv_b", 1, 1)
    assert bottom - top + 1 == steps[-1].size == right - left + 1  # away from the border
    assert receptive_field_steps(tiny, "norm")[-1].size == 8  # norm keeps positions
    with pytest.raises(ValueError, match="no rows"):
        receptive_field_steps(tiny, "out")


def test_receptive_field_steps_of_the_course_cnn():
    from cnn_core.models import build_model

    model = build_model("seed_cnn", (28, 28, 1), 10, seed=0)
    pool2 = [layer.name for layer in model.layers if "pool" in layer.name][-1]
    assert [step.size for step in receptive_field_steps(model, pool2)] == [3, 4, 8, 10]
    assert receptive_field(model, pool2, 3, 3) == (9, 9, 18, 18)


def test_top_classes_and_overlay():
    assert inspection.top_classes(np.array([0.1, 0.7, 0.2]), ["a", "b", "c"], k=2) == [
        ("b", pytest.approx(0.7)),
        ("c", pytest.approx(0.2)),
    ]
    with pytest.raises(ValueError, match="3 probabilities but 2"):
        inspection.top_classes(np.ones(3) / 3, ["a", "b"])
    image = np.zeros((28, 28), np.uint8)
    out = inspection.overlay_heatmap(image, np.ones((7, 7), np.float32), alpha=1.0)
    assert out.shape == (28, 28, 3) and out.dtype == np.uint8
    np.testing.assert_array_equal(out[0, 0], [128, 0, 0])  # jet at 1.0 is dark red
    with pytest.raises(ValueError, match="alpha"):
        inspection.overlay_heatmap(image, np.ones((7, 7)), alpha=2.0)


def test_explorer_figures():
    from cnn_core import figures

    tiles = np.arange(2 * 3 * 3, dtype=np.float64).reshape(2, 3, 3) - 4
    fig = figures.tile_grid_figure(tiles, tile_label="filter", columns=2, symmetric=True)
    z = np.asarray(fig.data[0].z, dtype=np.float64)
    assert z.shape == (3, 7)  # two 3×3 tiles and a one-column gap
    assert np.isnan(z[:, 3]).all()
    assert fig.data[0].customdata[2][5][3] == tiles[1, 2, 1]  # raw value on hover
    assert fig.data[0].zmid == 0 and fig.data[0].zmax == 13
    assert fig.data[0].z.dtype == fig.data[0].customdata.dtype == np.float32  # half the bytes
    stretched = figures.tile_grid_figure(tiles, tile_label="f", symmetric=True, normalize_each=True)
    assert np.nanmax(np.abs(np.asarray(stretched.data[0].z, dtype=np.float64))) == 1.0
    with pytest.raises(ValueError, match=r"\(N, h, w\)"):
        figures.tile_grid_figure(np.zeros((3, 3)), tile_label="f")
    bars = figures.bars_figure([0.1, 0.9], value_title="p", labels=["a", "b"], highlight=1)
    assert list(bars.data[0].x) == ["a", "b"]
    assert list(bars.data[0].marker.color) == [figures._PALETTE[0], figures._PALETTE[1]]
    units = figures.bars_figure(np.linspace(-1, 1, 1600), value_title="v")  # a Flatten layer
    assert list(units.data[0].x[[0, -1]]) == ["1", "1600"]  # counted from 1, as the lab
    assert units.data[0].y[-1] == 1.0
    assert units.data[0].marker.color == figures._PALETTE[0]
    assert units.layout.xaxis.showticklabels is False
    with pytest.raises(ValueError, match="2 labels for 3 values"):
        figures.bars_figure([1, 2, 3], value_title="v", labels=["a", "b"])
    boxed = figures.image_box_figure(np.zeros((28, 28)), box=(2, 3, 6, 9))
    shape = boxed.layout.shapes[0]
    assert (shape.x0, shape.y0, shape.x1, shape.y1) == (3.5, 2.5, 10.5, 7.5)


def test_conv_activations_name_each_activation_once(keras):
    inputs = keras.Input((8, 8, 1))
    x = keras.layers.Conv2D(2, 3, activation="tanh", name="a")(inputs)
    x = keras.layers.Conv2D(2, 3, activation="tanh", name="b")(x)
    x = keras.layers.Conv2D(2, 3, name="c")(x)
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(x))
    model = keras.Model(inputs, outputs)
    assert inspection.conv_activations(model) == ["tanh", "linear"]


def test_compiled_calls_give_the_eager_values_for_any_batch(keras):
    """The traced graphs (one per model) agree with Keras's op-by-op call."""
    model = tiny_models.two_conv_net(seed=0)
    rng = np.random.default_rng(1)
    for n in (1, 3, 7):  # one trace serves every batch size
        x = rng.random((n, *model.inputs[0].shape[1:])).astype(np.float32)
        eager = np.asarray(model(x, training=False))
        np.testing.assert_allclose(inspection.predict_proba(model, x), eager, rtol=1e-5, atol=1e-6)


def test_grad_cam_of_a_sequential_model_loaded_from_a_file(tmp_path):
    # The course notes build Sequential models; loaded from a .keras file, their conv
    # maps and scores did not connect in a sub-model (the gradient was None).
    import keras

    from cnn_core import model_files

    keras.utils.set_random_seed(3)
    model = keras.Sequential(
        [
            keras.Input((16, 16, 3)),
            keras.layers.Conv2D(4, 3),
            keras.layers.Dropout(0.5),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    path = tmp_path / "sequential.keras"
    model.save(path)
    loaded = model_files.load_model_bytes(path.read_bytes())
    x = np.random.default_rng(0).random((1, 16, 16, 3), dtype=np.float32)
    cam = inspection.grad_cam(loaded, x, 3)
    assert cam.shape == (16, 16) and cam.max() == pytest.approx(1.0)
    np.testing.assert_allclose(cam, inspection.grad_cam(model, x, 3), atol=1e-6)


def conv_classifier(keras, head: str):
    """(12, 12, 1) -> Conv2D(3, 3×3, relu) -> Flatten -> a 4-class head, seeded:
    ``"dense_softmax"`` Dense(softmax); ``"logits"`` Dense; ``"softmax_layer"``
    Dense then Softmax; ``"activation"`` Dense then Activation("softmax")."""
    keras.utils.set_random_seed(5)
    layers = [
        keras.Input((12, 12, 1)),
        keras.layers.Conv2D(3, 3, activation="relu", name="conv"),
        keras.layers.Flatten(),
        keras.layers.Dense(4, activation="softmax" if head == "dense_softmax" else None),
    ]
    if head == "softmax_layer":
        layers.append(keras.layers.Softmax())
    if head == "activation":
        layers.append(keras.layers.Activation("softmax"))
    return keras.Sequential(layers, name=f"conv_{head}")


@pytest.mark.parametrize("head", ["dense_softmax", "softmax_layer", "activation"])
def test_grad_cam_takes_the_class_score_before_the_softmax(keras, head):
    """Whatever form the final softmax takes, the map is that of the model's logits."""
    model = conv_classifier(keras, head)
    logits = conv_classifier(keras, "logits")
    logits.set_weights(model.get_weights())
    x = np.random.default_rng(4).random((1, 12, 12, 1), dtype=np.float32)
    for class_index in range(4):
        expected = inspection.grad_cam(logits, x, class_index)
        np.testing.assert_allclose(inspection.grad_cam(model, x, class_index), expected, atol=1e-5)


def test_grad_cam_of_an_answer_at_100_percent_is_not_empty(keras):
    """A probability of exactly 1.0 has no gradient: the map of the shipped Fashion model's
    first test coat (100 %) was all zero. The score before the softmax still has one."""
    model = conv_classifier(keras, "dense_softmax")
    kernel, bias = model.layers[-1].get_weights()
    model.layers[-1].set_weights([kernel * 1000, bias])
    x = np.random.default_rng(4).random((1, 12, 12, 1), dtype=np.float32)
    probs = inspection.predict_proba(model, x)[0]
    top = int(np.argmax(probs))
    assert probs[top] == 1.0
    assert inspection.grad_cam(model, x, top).max() == 1.0


def test_grad_cam_weighs_each_position_of_the_maps_by_its_own_gradient(keras):
    """Two copies of one pattern, which only the left copy's weights read: the map lights
    the left copy (a gradient averaged over each map lit both alike)."""
    inputs = keras.Input((4, 8, 1))
    maps = keras.layers.Conv2D(1, 1, use_bias=False, name="conv")(inputs)
    scores = keras.layers.Dense(2, use_bias=False, activation="softmax")(
        keras.layers.Flatten()(maps)
    )
    model = keras.Model(inputs, scores)
    model.get_layer("conv").set_weights([np.ones((1, 1, 1, 1), np.float32)])
    weights = np.zeros((32, 2), np.float32)
    weights[np.arange(4) * 8 + 1, 0] = 1.0  # class 0 reads column 1 only
    model.layers[-1].set_weights([weights])
    x = np.zeros((1, 4, 8, 1), np.float32)
    x[0, :, 1] = x[0, :, 6] = 1.0  # the same stroke in columns 1 and 6
    cam = inspection.grad_cam(model, x, 0)
    assert cam[:, 1].min() == 1.0 and cam[:, 6].max() == 0.0


def test_grad_cam_of_the_shipped_models_lights_the_object():
    """The audit's measure on the 100 shipped test images, for the predicted class: maps that
    are all zero, or that put under a fifth of their heat on the object (input > 0.1)."""
    from cnn_core.catalog import load_model
    from cnn_core.paths import REPO_ROOT

    empty, off = [], []
    for name, dataset in (("fashion_cnn", "fashion_mnist"), ("mnist_digits", "mnist")):
        model = load_model(REPO_ROOT / "assets" / "models" / f"{name}.keras")
        x, _ = inspection.load_test_images(dataset)
        predicted = np.argmax(inspection.predict_proba(model, x), axis=1)
        for i, class_index in enumerate(predicted):
            cam = inspection.grad_cam(model, x[i : i + 1], int(class_index))
            if cam.max() == 0:
                empty.append((name, i))
            elif (cam * (x[i, :, :, 0] > 0.1)).sum() < 0.2 * cam.sum():
                off.append((name, i))
    assert not empty  # was 5 of 100 (13 with the score before the softmax, averaged)
    assert len(off) <= 5, off  # was 24 (and the 5 empty); now 4


def test_grad_cam_of_a_model_whose_last_layer_is_the_conv_layer_says_so(keras):
    # no layer after the maps gives class scores: a ValueError (the page's message), not
    # an UnboundLocalError from building the graph
    model = keras.Sequential(
        [keras.Input((6, 6, 1)), keras.layers.Conv2D(2, 6, activation="softmax", name="last")]
    )
    with pytest.raises(ValueError, match="last"):
        inspection.grad_cam(model, np.zeros((1, 6, 6, 1), np.float32), 0)
