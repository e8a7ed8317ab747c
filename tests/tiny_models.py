"""Tiny named Keras models for the tests: untrained, seeded, built in milliseconds.

One function per model, named for what it is; the Keras model carries the same name,
its layers the names the tests look up. Keras is imported when a model is built, not
when this module is imported (pages that must not import TensorFlow stay clean).
:func:`save` writes a model to a ``.keras`` file and returns its bytes (an upload).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _keras(seed: int | None) -> Any:
    import keras

    if seed is not None:
        keras.utils.set_random_seed(seed)
    return keras


def two_conv_net(seed: int | None = 1) -> Any:
    """Every kind of layer the inspection code handles, on a (10, 10, 2) input.

    ``image`` (10, 10, 2) -> ``conv_a`` Conv2D(4, 3×3, valid, relu) -> ``pool``
    MaxPooling2D(2) -> ``conv_b`` Conv2D(6, 3×3, same, no bias) -> ``norm``
    BatchNormalization -> ``flat`` Flatten -> ``drop`` Dropout(0.5) -> ``out``
    Dense(3, softmax). 76 + 216 + 24 + 291 = 607 parameters.
    """
    keras = _keras(seed)
    layers = keras.layers
    return keras.Sequential(
        [
            keras.Input((10, 10, 2), name="image"),
            layers.Conv2D(4, 3, activation="relu", name="conv_a"),
            layers.MaxPooling2D(2, name="pool"),
            layers.Conv2D(6, 3, padding="same", use_bias=False, name="conv_b"),
            layers.BatchNormalization(name="norm"),
            layers.Flatten(name="flat"),
            layers.Dropout(0.5, name="drop"),
            layers.Dense(3, activation="softmax", name="out"),
        ],
        name="two_conv_net",
    )


def flatten_net(input_shape: Sequence[int] = (10, 10, 2), seed: int | None = None) -> Any:
    """Input -> Flatten: no weights at all."""
    keras = _keras(seed)
    return keras.Sequential(
        [keras.Input(tuple(input_shape)), keras.layers.Flatten()], name="flatten_net"
    )


def logits_net(
    input_shape: Sequence[int] = (10, 10, 2), classes: int = 4, seed: int | None = None
) -> Any:
    """Input -> Flatten -> Dense(classes) with no softmax: its outputs are logits."""
    keras = _keras(seed)
    return keras.Sequential(
        [keras.Input(tuple(input_shape)), keras.layers.Flatten(), keras.layers.Dense(classes)],
        name="logits_net",
    )


def one_conv_net(*, lambda_layer: bool = False, seed: int | None = None) -> Any:
    """(8, 8, 1) -> ``conv`` Conv2D(2, 3×3) -> Flatten -> Dense(3, softmax).

    Args:
        lambda_layer: put a ``double`` Lambda layer (x * 2) after the convolution: a
            file that Keras' safe mode refuses to load.
    """
    keras = _keras(seed)
    layers = [keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, name="conv")]
    if lambda_layer:
        layers.append(keras.layers.Lambda(lambda t: t * 2.0, name="double"))
    layers += [keras.layers.Flatten(), keras.layers.Dense(3, activation="softmax")]
    return keras.Sequential(layers, name="one_conv_net")


def named_conv_net(
    layer_name: str = "conv",
    classes: int = 3,
    activation: str = "softmax",
    side: int = 8,
    seed: int | None = None,
) -> Any:
    """(side, side, 1) -> Conv2D(2, 3×3) named ``layer_name`` -> Flatten ->
    Dense(classes, activation): a layer name, an output TensorFlow may refuse."""
    keras = _keras(seed)
    return keras.Sequential(
        [
            keras.Input((side, side, 1)),
            keras.layers.Conv2D(2, 3, name=layer_name),
            keras.layers.Flatten(),
            keras.layers.Dense(classes, activation=activation),
        ],
        name="named_conv_net",
    )


def vector_input_net(seed: int | None = None) -> Any:
    """(5,) -> Dense(2): a model whose input is not an image."""
    keras = _keras(seed)
    return keras.Sequential([keras.Input((5,)), keras.layers.Dense(2)], name="vector_input_net")


def upload_net(seed: int | None = None) -> Any:
    """(12, 12, 1) -> ``c`` Conv2D(3, 3×3) -> Flatten -> Dense(4, softmax): 1,234 parameters.

    30 + 1,204: a count whose thousands separator shows in the explorer's message.
    """
    keras = _keras(seed)
    return keras.Sequential(
        [
            keras.Input((12, 12, 1)),
            keras.layers.Conv2D(3, 3, name="c"),
            keras.layers.Flatten(),
            keras.layers.Dense(4, activation="softmax"),
        ],
        name="upload_net",
    )


def digit_net(seed: int | None = 0) -> Any:
    """A functional digit classifier, built the way cnn_core.models builds its models.

    (28, 28, 1) -> ``conv`` Conv2D(4, 3×3, relu) -> MaxPooling2D(4) -> Flatten ->
    Dense(10, softmax).
    """
    keras = _keras(seed)
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    x = keras.layers.Flatten()(keras.layers.MaxPooling2D(4)(x))
    outputs = keras.layers.Dense(10, activation="softmax")(x)
    return keras.Model(inputs, outputs, name="digit_net")


def save(model: Any, path: Path) -> bytes:
    """Save ``model`` to ``path`` (the suffix picks the format) and return the file's bytes."""
    model.save(path)
    return path.read_bytes()
