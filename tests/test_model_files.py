"""cnn_core.model_files: what an uploaded .keras file must pass before it is loaded."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from tiny_models import flatten_net, named_conv_net, one_conv_net, save, vector_input_net

from cnn_core import model_files
from cnn_core.model_files import ModelFileRejected, check_model_bytes, load_model_bytes


@pytest.fixture(scope="module")
def valid_bytes(tmp_path_factory) -> bytes:
    return save(one_conv_net(), tmp_path_factory.mktemp("valid") / "tiny.keras")


def _rejected(data: bytes, **kwargs) -> ModelFileRejected:
    with pytest.raises(ModelFileRejected) as info:
        load_model_bytes(data, **kwargs)
    assert info.value.reason in model_files.REASONS
    assert info.value.details["bytes"] == len(data)
    return info.value


def test_valid_file_loads(valid_bytes):
    model = load_model_bytes(valid_bytes)
    assert tuple(model.inputs[0].shape) == (None, 8, 8, 1)
    assert model.count_params() == 2 * 9 + 2 + (6 * 6 * 2 + 1) * 3


def test_temp_file_is_deleted(valid_bytes, tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    load_model_bytes(valid_bytes)
    assert list(tmp_path.iterdir()) == []


def test_lambda_layer_is_refused_and_named(tmp_path):
    model = one_conv_net(lambda_layer=True)
    data = save(model, tmp_path / "lambda.keras")
    refused = _rejected(data)
    names = [layer.name for layer in model.layers if type(layer).__name__ == "Lambda"]
    assert (refused.reason, refused.details["layers"]) == ("unsafe", names)
    assert str(names) in str(refused)


def test_safe_mode_message_is_translated(tmp_path, monkeypatch):
    """Even past the config scan, Keras's own safe-mode refusal maps to ``unsafe``."""
    data = save(one_conv_net(lambda_layer=True), tmp_path / "lambda.keras")
    monkeypatch.setattr(model_files, "_lambda_layers", lambda config: [])
    assert _rejected(data).reason == "unsafe"


def test_garbage_is_refused():
    assert _rejected(b"this is not a model at all" * 10).reason == "not_zip"


def test_empty_file_is_refused():
    with pytest.raises(ModelFileRejected) as info:
        check_model_bytes(b"")
    assert info.value.reason == "empty"


def test_hdf5_file_is_refused(tmp_path):
    data = save(one_conv_net(), tmp_path / "old.h5")  # legacy HDF5 format
    assert data.startswith(model_files.HDF5_SIGNATURE)
    assert _rejected(data).reason == "hdf5"


def test_oversize_file_is_refused(valid_bytes):
    error = _rejected(valid_bytes, max_bytes=len(valid_bytes) - 1)
    assert error.reason == "too_large"
    assert error.details["limit"] == len(valid_bytes) - 1


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_extracting():
    data = _zip(
        {
            "config.json": b"{}",
            "metadata.json": b"{}",
            "model.weights.h5": b"\0" * (200 * 1024 * 1024),
        }
    )
    assert len(data) < 1024 * 1024
    error = _rejected(data)
    assert error.reason == "zip_bomb"
    assert error.details["uncompressed"] > model_files.MAX_UNCOMPRESSED_BYTES


def test_high_ratio_member_is_refused():
    data = _zip(
        {"config.json": b"{}", "metadata.json": b"{}", "model.weights.h5": b"\0" * 5_000_000}
    )
    assert _rejected(data).reason == "zip_bomb"


def test_zip_without_keras_layout_is_refused():
    error = _rejected(_zip({"readme.txt": b"hello"}))
    assert error.reason == "not_keras"
    assert error.details["members"] == ["readme.txt"]


def test_broken_weights_fail_to_load():
    data = _zip(
        {
            "config.json": b'{"class_name": "Sequential", "config": {}}',
            "metadata.json": b"{}",
            "model.weights.h5": b"garbage",
        }
    )
    assert _rejected(data).reason == "load_failed"


def test_model_without_image_input_is_refused(tmp_path):
    error = _rejected(save(vector_input_net(), tmp_path / "flat.keras"))
    assert error.reason == "input_not_image"
    assert error.details["inputs"] == "(None, 5)"


@pytest.mark.parametrize("channels", [2, 4])
def test_model_on_neither_grey_nor_rgb_images_is_refused(tmp_path, channels):
    """The pages' preprocessing makes 1 or 3 channels; a 4-channel model never loads."""
    error = _rejected(save(flatten_net((8, 8, channels)), tmp_path / "rgba.keras"))
    assert error.reason == "input_channels"
    assert error.details["inputs"] == f"(None, 8, 8, {channels})"


def test_model_on_images_of_any_size_is_refused_as_such(tmp_path):
    """It takes grey images, so "not an image model" was untrue: its size is not fixed."""
    import keras

    model = keras.Sequential(
        [
            keras.Input((None, None, 1)),
            keras.layers.Conv2D(2, 3),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    error = _rejected(save(model, tmp_path / "any_size.keras"))
    assert error.reason == "input_size_unknown"
    assert error.details["inputs"] == "(None, None, None, 1)"


def test_model_with_two_outputs_is_refused_with_them(tmp_path):
    import keras

    image = keras.Input((8, 8, 1))
    flat = keras.layers.Flatten()(image)
    outputs = [keras.layers.Dense(3)(flat), keras.layers.Dense(2)(flat)]
    error = _rejected(save(keras.Model(image, outputs), tmp_path / "two.keras"))
    assert error.reason == "output_not_scores"
    assert error.details["outputs"] == "(None, 3), (None, 2)"


@pytest.mark.parametrize(
    ("inputs", "outputs", "reason"),
    [
        ([(None, 8, 8, 1), (None, 8, 8, 1)], [(None, 3)], "input_not_image"),
        ([(None, 8, 8, None)], [(None, 3)], "input_channels"),
        ([(None, 8, None, 3)], [(None, 3)], "input_size_unknown"),
        ([(None, 8, 8, 3)], [(None, 4, 3)], "output_not_scores"),
        ([(None, 8)], [(None, 8, 3)], "input_not_image"),  # the input is said first
        ([(None, 8, 8, 3)], [(None, 3)], None),
    ],
)
def test_each_shape_problem_has_its_reason(inputs, outputs, reason):
    assert model_files._shape_problem(inputs, outputs) == reason


def test_a_custom_layer_is_named_not_called_damaged(tmp_path):
    """A registered class the server never imported: Keras cannot build it."""
    import keras

    @keras.saving.register_keras_serializable(package="AuditTest")
    class Doubler(keras.layers.Layer):
        def call(self, x):
            return 2 * x

    model = keras.Sequential(
        [keras.Input((8, 8, 1)), Doubler(), keras.layers.Flatten(), keras.layers.Dense(3)]
    )
    data = save(model, tmp_path / "custom.keras")
    keras.saving.get_custom_objects().pop("AuditTest>Doubler")  # unknown, as on the server
    error = _rejected(data)
    assert (error.reason, error.details["custom"]) == ("custom_class", ["Doubler"])


def test_keras_own_classes_are_not_custom(valid_bytes):
    """A Functional model saves ``Functional`` with a registered name and inner
    ``__keras_tensor__`` records: neither is a custom class."""
    import keras

    image = keras.Input((8, 8, 1))
    model = keras.Model(image, keras.layers.Dense(2)(keras.layers.Flatten()(image)))
    config = json.loads(model.to_json())
    assert model_files._custom_classes(config) == []
    assert model_files._custom_classes(check_model_bytes(valid_bytes)) == []


def _with_header_flags(data: bytes, flag: int = 0, method: int | None = None) -> bytes:
    """``data`` (one stored ``config.json`` first) with its zip headers' flag bits or
    compression method changed, as a hand-made hostile file would have them."""
    out = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = out.find(signature)
        out[start + flag_at] |= flag
        if method is not None:
            out[start + method_at] = method
    return bytes(out)


def _stored_keras(config: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("config.json", config)
        archive.writestr("model.weights.h5", b"x")
        archive.writestr("metadata.json", b"{}")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _stored_keras(b"[" * 100_000 + b"]" * 100_000),  # deeper than json can parse
        _with_header_flags(_stored_keras(b"{}"), flag=1),  # "encrypted"
        _with_header_flags(_stored_keras(b"{}"), method=99),  # an unknown compression
    ],
    ids=["nested-100000", "encrypted", "compression-99"],
)
def test_hostile_config_is_refused_not_raised(data):
    with pytest.raises(ModelFileRejected) as info:
        check_model_bytes(data)
    assert info.value.reason == "bad_config"


def test_deeply_nested_config_is_scanned_for_lambda_layers():
    """900 levels: too deep for a recursive scan, still searched to the bottom."""
    config = b'{"a": ' + b"[" * 900 + b'{"class_name": "Lambda"}' + b"]" * 900 + b"}"
    with pytest.raises(ModelFileRejected) as info:
        check_model_bytes(_stored_keras(config))
    assert (info.value.reason, info.value.details["layers"]) == ("unsafe", ["?"])


def _wide_net(input_shape: tuple[int, int, int]):
    """``input_shape`` -> Conv2D(64, 3×3) -> GlobalAveragePooling2D -> Dense(10): 2 K
    weights whatever the input's size (the reviewer's server-killing upload at 8000×8000)."""
    import keras

    return keras.Sequential(
        [
            keras.Input(input_shape),
            keras.layers.Conv2D(64, 3),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(10),
        ],
        name="wide_net",
    )


@pytest.mark.parametrize("shape", [(8000, 8000, 3), (28, 513, 1)])
def test_model_on_huge_images_is_refused(tmp_path, shape):
    """A tiny file whose 8000×8000×64 maps (16 GB) would take the server down."""
    error = _rejected(save(_wide_net(shape), tmp_path / "huge.keras"))
    assert error.reason == "input_too_large"
    assert error.details["shape"] == shape
    assert error.details["limit"] == model_files.MAX_INPUT_SIDE == 512


def test_model_at_the_input_limit_loads(tmp_path):
    side = model_files.MAX_INPUT_SIDE
    model = load_model_bytes(save(_wide_net((side, side, 3)), tmp_path / "at_limit.keras"))
    assert tuple(model.inputs[0].shape) == (None, side, side, 3)


def test_model_with_huge_activations_is_refused(tmp_path):
    """An 8×8 input, but the layers blow it up to 8000×8000: the activations are counted."""
    import keras

    model = keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.UpSampling2D(1000),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(2),
        ]
    )
    error = _rejected(save(model, tmp_path / "blown_up.keras"))
    assert error.reason == "activations_too_large"
    assert error.details["activation_bytes"] == 4 * (8000 * 8000 * 1 + 1 + 2)
    assert error.details["limit"] == model_files.MAX_ACTIVATION_BYTES


@pytest.mark.parametrize("layer_name", ["합성곱1", "conv 1"])
def test_a_name_tensorflow_refuses_is_named(tmp_path, layer_name):
    """Keras loads it and runs it op by op, but TensorFlow refuses the name in a graph:
    refused for its names, TensorFlow's own first line kept as ``error``."""
    error = _rejected(save(named_conv_net(layer_name), tmp_path / "named.keras"))
    assert (error.reason, error.details["names"]) == ("bad_names", [layer_name])
    brief = error.details["error"]
    assert f"'{layer_name}' is not a valid scope name" in brief
    assert "\x1b" not in brief and "\n" not in brief and "Exception encountered" not in brief


def test_a_model_and_nested_layer_names_are_all_named(tmp_path):
    """The model's own name is TensorFlow's root scope; a nested model's layers count."""
    import keras

    inner = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, name="안쪽")])
    model = keras.Sequential(
        [keras.Input((8, 8, 1)), inner, keras.layers.Flatten(), keras.layers.Dense(3)],
        name="모델",
    )
    error = _rejected(save(model, tmp_path / "nested.keras"))
    assert (error.reason, error.details["names"]) == ("bad_names", ["모델", "안쪽"])


def test_a_failed_trial_with_good_names_is_cannot_run(tmp_path, monkeypatch):
    from cnn_core import inspection

    def fail(model, images):
        raise ValueError("\x1b[1mException encountered when calling X.\x1b[0m\nshapes differ")

    monkeypatch.setattr(inspection, "predict_proba", fail)
    error = _rejected(save(named_conv_net("conv"), tmp_path / "fails.keras"))
    assert (error.reason, error.details["error"]) == ("cannot_run", "shapes differ")
    assert "names" not in error.details


def test_a_name_tensorflow_takes_passes_the_trial(tmp_path):
    model = load_model_bytes(save(named_conv_net("conv-1.a"), tmp_path / "named.keras"))
    assert model.get_layer("conv-1.a").filters == 2


def test_a_model_with_one_output_is_refused(tmp_path):
    """A softmax over one sigmoid unit would always say 100% for class 0."""
    data = save(named_conv_net(classes=1, activation="sigmoid"), tmp_path / "one.keras")
    error = _rejected(data)
    assert error.reason == "too_few_classes"
    assert error.details["classes"] == 1
