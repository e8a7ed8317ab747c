"""Architectures of cnn_core.models: parameter counts worked out by hand, layer names,
and the Keras-free description that must agree with the built model."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from cnn_core.models import (
    LAYOUTS,
    ModelSize,
    build_model,
    describe_layers,
    model_size,
    multiply_adds,
)
from cnn_core.paths import REPO_ROOT
from cnn_core.train_config import ARCHITECTURES, CustomSpec, TrainConfig

MNIST_SHAPE = (28, 28, 1)
CIFAR_SHAPE = (32, 32, 3)

# Conv2D: (kh * kw * c_in + 1) * filters.  Dense: (inputs + 1) * units.
EXPECTED_PARAMS = {
    # seed_cnn: conv1 (9*1+1)*32 = 320; "same" + pool -> 14x14x32; conv2 (9*32+1)*64 =
    # 18,496; pool -> 7x7x64 = 3,136; dense1 (3136+1)*100 = 313,700; output 101*10 = 1,010.
    ("seed_cnn", MNIST_SHAPE): 320 + 18_496 + 313_700 + 1_010,  # 333,526
    # 32x32x3: conv1 (27+1)*32 = 896; conv2 18,496; 8x8x64 = 4,096 -> (4096+1)*100 = 409,700.
    ("seed_cnn", CIFAR_SHAPE): 896 + 18_496 + 409_700 + 1_010,  # 430,102
    # lenet_mnist: conv1 (25*1+1)*6 = 156; conv2 = conv3 = (25*6+1)*6 = 906; two pools
    # 28 -> 14 -> 7: 7*7*6 = 294 -> dense1 (294+1)*84 = 24,780; output 85*10 = 850.
    ("lenet_mnist", MNIST_SHAPE): 156 + 906 + 906 + 24_780 + 850,  # 27,598
    # 32x32x3: conv1 (75+1)*6 = 456; 32 -> 16 -> 8: 8*8*6 = 384 -> (384+1)*84 = 32,340.
    ("lenet_mnist", CIFAR_SHAPE): 456 + 906 + 906 + 32_340 + 850,  # 35,458
    # keras_book ("valid"): conv1 320 -> 26x26; conv2 18,496 -> 24x24; pool -> 12x12x64 =
    # 9,216 -> dense1 (9216+1)*128 = 1,179,776; output 129*10 = 1,290.
    ("keras_book", MNIST_SHAPE): 320 + 18_496 + 1_179_776 + 1_290,  # 1,199,882
    # 32x32x3: conv1 896 -> 30x30; conv2 -> 28x28; pool -> 14x14x64 = 12,544 ->
    # (12544+1)*128 = 1,605,760.
    ("keras_book", CIFAR_SHAPE): 896 + 18_496 + 1_605_760 + 1_290,  # 1,626,442
    # lenet5: (pad 28 -> 32) c1 (25*1+1)*6 = 156; c3 (25*6+1)*16 = 2,416; c5 (25*16+1)*120
    # = 48,120; f6 (120+1)*84 = 10,164; output 850.
    ("lenet5", MNIST_SHAPE): 156 + 2_416 + 48_120 + 10_164 + 850,  # 61,706
    ("lenet5", CIFAR_SHAPE): 456 + 2_416 + 48_120 + 10_164 + 850,  # 62,006
    # custom default (2 blocks of 32, 64 filters, 3x3, max pool, dense 128): conv1 320,
    # conv2 18,496, 7*7*64 = 3,136 -> (3136+1)*128 = 401,536; output 1,290.
    ("custom", MNIST_SHAPE): 320 + 18_496 + 401_536 + 1_290,  # 421,642
    # 32x32x3: conv1 896; 8*8*64 = 4,096 -> (4096+1)*128 = 524,416.
    ("custom", CIFAR_SHAPE): 896 + 18_496 + 524_416 + 1_290,  # 545,098
}


def test_seed_cnn_matches_the_seeds_summary():
    model = build_model("seed_cnn", MNIST_SHAPE, 10)
    assert model.count_params() == 333_526
    counts = {layer.name: layer.count_params() for layer in model.layers if layer.count_params()}
    assert counts == {"conv1": 320, "conv2": 18_496, "dense1": 313_700, "output": 1_010}
    shapes = {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}
    assert shapes["pool1"] == (14, 14, 32)
    assert shapes["pool2"] == (7, 7, 64)
    assert shapes["flatten"] == (3136,)


@pytest.mark.parametrize(("name", "shape"), sorted(EXPECTED_PARAMS))
def test_parameter_counts_of_every_preset(name, shape):
    model = build_model(name, shape, 10)
    assert model.count_params() == EXPECTED_PARAMS[(name, shape)]
    assert model.output.shape[1:] == (10,)
    assert model.name == name


def test_every_architecture_is_covered():
    assert {name for name, _ in EXPECTED_PARAMS} == set(ARCHITECTURES)


def test_lenet5_feature_maps_follow_the_paper():
    model = build_model("lenet5", MNIST_SHAPE, 10)
    shapes = {layer.name: tuple(layer.output.shape[1:]) for layer in model.layers}
    assert shapes["pad"] == (32, 32, 1)  # 28x28 inputs are zero-padded to 32x32
    assert shapes["c1"] == (28, 28, 6)
    assert shapes["s2"] == (14, 14, 6)
    assert shapes["c3"] == (10, 10, 16)
    assert shapes["s4"] == (5, 5, 16)
    assert shapes["c5"] == (1, 1, 120)
    assert shapes["f6"] == (84,)
    assert "pad" not in {layer.name for layer in build_model("lenet5", CIFAR_SHAPE, 10).layers}


def test_input_layer_allows_sub_models():
    import keras

    model = build_model("seed_cnn", MNIST_SHAPE, 10)
    assert model.layers[0].name == "input"
    probe = keras.Model(model.inputs, model.get_layer("conv2").output)
    out = probe.predict(np.zeros((2, *MNIST_SHAPE), np.float32), verbose=0)
    assert out.shape == (2, 14, 14, 64)


def test_same_seed_same_weights_different_seed_different_weights():
    first = build_model("lenet_mnist", MNIST_SHAPE, 10, seed=7).get_weights()
    again = build_model("lenet_mnist", MNIST_SHAPE, 10, seed=7).get_weights()
    other = build_model("lenet_mnist", MNIST_SHAPE, 10, seed=8).get_weights()
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    assert not np.array_equal(first[0], other[0])
    # Layers of one model get different seeds: conv2 and conv3 share a shape, not values.
    assert first[2].shape == first[4].shape
    assert not np.array_equal(first[2], first[4])


def test_custom_spec_shapes_the_model():
    spec = CustomSpec(
        conv_blocks=3, filters=8, kernel_size=5, pooling="avg", dropout=0.0, dense_units=0
    )
    model = build_model("custom", MNIST_SHAPE, 4, custom=spec)
    names = [layer.name for layer in model.layers]
    assert names == [
        "input",
        "conv1",
        "pool1",
        "conv2",
        "pool2",
        "conv3",
        "pool3",
        "flatten",
        "output",
    ]
    assert [model.get_layer(f"conv{i}").filters for i in (1, 2, 3)] == [8, 16, 32]
    # 28 -> 14 -> 7 -> 3: 3*3*32 = 288 -> (288+1)*4 = 1,156.
    assert model.get_layer("output").count_params() == 1_156
    unpooled = build_model("custom", MNIST_SHAPE, 10, custom=CustomSpec(pooling="none"))
    assert "pool1" not in {layer.name for layer in unpooled.layers}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("conv_blocks", 0),
        ("filters", 0),
        ("kernel_size", 4),
        ("pooling", "min"),
        ("dropout", 1.0),
        ("dense_units", -1),
    ],
)
def test_custom_spec_rejects_bad_values(field, value):
    with pytest.raises(ValueError, match=repr(value)):
        CustomSpec(**{field: value})


def test_bad_arguments_echo_the_value():
    with pytest.raises(ValueError, match="'resnet'"):
        build_model("resnet", MNIST_SHAPE, 10)
    with pytest.raises(ValueError, match=r"\(28, 28\)"):
        build_model("seed_cnn", (28, 28), 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="1"):
        build_model("seed_cnn", MNIST_SHAPE, 1)
    with pytest.raises(ValueError, match=r"\(8, 8, 1\)"):
        build_model("custom", (8, 8, 1), 10, custom=CustomSpec(conv_blocks=4))
    with pytest.raises(ValueError, match=r"\(4, 4, 1\)"):
        build_model("keras_book", (4, 4, 1), 10)


# Seeds 000/002/004, layer by layer: (kind, label, output shape, params).
SEED_CNN_LAYERS = [
    ("input", "Input", (28, 28, 1), 0),
    ("conv", "Conv2D 32 3×3, ReLU", (28, 28, 32), 320),
    ("pool", "MaxPool 2×2", (14, 14, 32), 0),
    ("conv", "Conv2D 64 3×3, ReLU", (14, 14, 64), 18_496),
    ("pool", "MaxPool 2×2", (7, 7, 64), 0),
    ("flatten", "Flatten", (3136,), 0),
    ("dense", "Dense 100, ReLU", (100,), 313_700),
    ("dropout", "Dropout 0.4", (100,), 0),
    ("output", "Dense 10, softmax", (10,), 1_010),
]


def test_seed_cnn_description_matches_the_seeds():
    layers = describe_layers("seed_cnn", MNIST_SHAPE)
    assert [(s.kind, s.label, s.output_shape, s.params) for s in layers] == SEED_CNN_LAYERS
    assert sum(layer.params for layer in layers) == 333_526
    assert [layer.shape_text for layer in layers][:2] == ["28×28×1", "28×28×32"]
    assert layers[5].shape_text == "3136"


SMALL_CUSTOM = CustomSpec(
    conv_blocks=3, filters=4, kernel_size=5, pooling="avg", dropout=0.0, dense_units=0
)
NORMED_CUSTOM = CustomSpec(conv_blocks=2, filters=4, batch_norm=True)
UNPOOLED_NORMED = CustomSpec(conv_blocks=1, filters=4, pooling="none", batch_norm=True)


@pytest.mark.parametrize(
    ("name", "shape", "custom"),
    [(name, shape, None) for name, shape in sorted(EXPECTED_PARAMS)]
    + [("custom", MNIST_SHAPE, SMALL_CUSTOM), ("custom", CIFAR_SHAPE, SMALL_CUSTOM)]
    + [("custom", MNIST_SHAPE, NORMED_CUSTOM), ("custom", MNIST_SHAPE, UNPOOLED_NORMED)],
)
def test_description_equals_the_built_model(name, shape, custom):
    """Names, output shapes and parameter counts per layer, for every architecture."""
    model = build_model(name, shape, 10, custom=custom)
    built = [
        (layer.name, tuple(layer.output.shape[1:]), layer.count_params()) for layer in model.layers
    ]
    described = [
        (layer.name, layer.output_shape, layer.params)
        for layer in describe_layers(name, shape, 10, custom=custom)
    ]
    assert described == built


def test_every_fixed_architecture_has_a_layout():
    assert set(LAYOUTS) == set(ARCHITECTURES) - {"custom"}


def test_description_rejects_what_build_model_rejects():
    with pytest.raises(ValueError, match=r"\(4, 4, 1\)"):
        describe_layers("keras_book", (4, 4, 1))
    with pytest.raises(ValueError, match=r"\(8, 8, 1\)"):
        describe_layers("custom", (8, 8, 1), custom=CustomSpec(conv_blocks=4))
    with pytest.raises(ValueError, match="'resnet'"):
        describe_layers("resnet", MNIST_SHAPE)


def test_describing_imports_no_keras():
    script = (
        "import sys\n"
        "from cnn_core.models import describe_layers\n"
        "describe_layers('seed_cnn', (28, 28, 1))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"


def test_batch_norm_ends_each_block_after_its_pooling():
    layers = describe_layers("custom", MNIST_SHAPE, custom=NORMED_CUSTOM)
    assert [layer.name for layer in layers[:7]] == [
        "input",
        "conv1",
        "pool1",
        "norm1",
        "conv2",
        "pool2",
        "norm2",
    ]
    norm1, norm2 = layers[3], layers[6]
    assert (norm1.kind, norm1.label, norm1.output_shape) == (
        "norm",
        "BatchNormalization",
        (14, 14, 4),
    )
    assert (norm1.params, norm2.params) == (4 * 4, 4 * 8)  # scale, offset, moving mean, variance
    unpooled = describe_layers("custom", MNIST_SHAPE, custom=UNPOOLED_NORMED)
    assert [layer.name for layer in unpooled[:3]] == ["input", "conv1", "norm1"]


def test_a_block_has_twice_the_filters_of_the_one_before():
    spec = CustomSpec(conv_blocks=3, filters=8)
    assert [spec.block_filters(block) for block in range(3)] == [8, 16, 32]
    with pytest.raises(ValueError, match="got 3"):
        spec.block_filters(3)


def test_multiply_adds_count_each_weight_once_per_output_position():
    counts = [multiply_adds(layer) for layer in describe_layers("seed_cnn", MNIST_SHAPE)]
    # input; conv1 28x28 positions x (320 - 32 biases); pool; conv2 14x14 x (18,496 - 64);
    # pool, flatten; dense1 313,700 - 100; dropout; output 1,010 - 10.
    assert counts == [0, 28 * 28 * 288, 0, 14 * 14 * 18_432, 0, 0, 313_600, 0, 1_000]


def test_model_size_of_the_course_cnn_and_of_a_slow_custom_network():
    course = 28 * 28 * 32 * 9 + 14 * 14 * 64 * 9 * 32 + 3136 * 100 + 100 * 10
    assert course == 4_153_064
    assert model_size(TrainConfig(model="seed_cnn")) == ModelSize(333_526, course)
    # No pooling: four 28x28 blocks of 16/32/64/128 7x7 filters, no dense layer.
    slow = CustomSpec(conv_blocks=4, filters=16, kernel_size=7, pooling="none", dense_units=0)
    convolutions = sum(
        28 * 28 * 49 * channels * filters
        for channels, filters in ((1, 16), (16, 32), (32, 64), (64, 128))
    )
    output = 28 * 28 * 128 * 10
    assert model_size(TrainConfig(model="custom", custom=slow)) == ModelSize(
        1_531_402, convolutions + output
    )
    assert convolutions + output == 414_667_008
    # The Keras-book CNN on CIFAR-10's 32x32x3 images: "valid" 30x30, 28x28, pool 14x14.
    keras_book = 30 * 30 * 32 * 27 + 28 * 28 * 64 * 9 * 32 + 12_544 * 128 + 128 * 10
    assert model_size(TrainConfig(dataset="cifar10", model="keras_book")).macs == keras_book
