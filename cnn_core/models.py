"""The seeds' architectures, built by name for any dataset.

Every builder returns an *uncompiled* functional ``keras.Model`` whose input is a
``keras.Input`` (so inspection can build sub-models from any layer) and whose layers
have readable names (``conv1``, ``pool1``, ``dense1``, ``output``...).

Presets (parameter counts on 28x28x1 / 10 classes are in ``tests/test_models.py``):

- ``seed_cnn``: the Fashion-MNIST CNN of seeds 000/002/004 (333,526 parameters).
- ``lenet_mnist``: seed 001's LeNet-style net, three 5x5 convolutions of 6 filters.
- ``keras_book``: seed 003's Keras-book CNN (two 3x3 convolutions, no padding).
- ``lenet5``: the classic LeNet-5 of seed 004 (C1, S2, C3, S4, C5, F6). It expects
  32x32 images; a smaller input (28x28 MNIST) is zero-padded to 32x32 by a
  ``ZeroPadding2D`` layer ``pad`` so C1 stays a true 5x5 "valid" convolution
  giving 6@28x28, exactly as in the paper. Like the paper it uses tanh and
  average pooling (subsampling).
- ``custom``: :class:`CustomSpec`.

Keras is imported inside the functions (this module is importable without it).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, Literal

ARCHITECTURES: tuple[str, ...] = ("seed_cnn", "lenet_mnist", "keras_book", "lenet5", "custom")

POOLINGS: tuple[str, ...] = ("max", "avg", "none")


@dataclass(frozen=True)
class CustomSpec:
    """A small CNN the user composes.

    Each of the ``conv_blocks`` blocks is a ``Conv2D`` ("same" padding, relu) followed
    by the pooling (2x2, stride 2) unless ``pooling == "none"``; block ``i`` (from 0)
    has ``filters * 2**i`` filters, doubling like the seed CNN (32 -> 64). Then
    ``Flatten``, ``Dense(dense_units, relu)`` (left out when 0), ``Dropout(dropout)``
    (left out when 0) and the softmax output.

    Attributes:
        conv_blocks: 1 to 4.
        filters: filters of the first block, 1 to 256.
        kernel_size: odd, 1 to 7.
        pooling: ``"max"``, ``"avg"`` or ``"none"``.
        dropout: in ``[0, 0.9]``.
        dense_units: 0 to 1024.
    """

    conv_blocks: int = 2
    filters: int = 32
    kernel_size: int = 3
    pooling: Literal["max", "avg", "none"] = "max"
    dropout: float = 0.25
    dense_units: int = 128

    def __post_init__(self) -> None:
        for name, kind, cast in (
            ("conv_blocks", numbers.Integral, int),
            ("filters", numbers.Integral, int),
            ("kernel_size", numbers.Integral, int),
            ("dense_units", numbers.Integral, int),
            ("dropout", numbers.Real, float),
        ):
            value = getattr(self, name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ValueError(f"{name} must be a number, got {value!r}")
            object.__setattr__(self, name, cast(value))  # numpy scalars -> int / float
        checks = [
            (1 <= self.conv_blocks <= 4, "conv_blocks must be 1..4", self.conv_blocks),
            (1 <= self.filters <= 256, "filters must be 1..256", self.filters),
            (
                self.kernel_size in (1, 3, 5, 7),
                "kernel_size must be 1, 3, 5 or 7",
                self.kernel_size,
            ),
            (self.pooling in POOLINGS, f"pooling must be one of {POOLINGS}", self.pooling),
            (0.0 <= self.dropout <= 0.9, "dropout must be in [0, 0.9]", self.dropout),
            (0 <= self.dense_units <= 1024, "dense_units must be 0..1024", self.dense_units),
        ]
        for ok, message, value in checks:
            if not ok:
                raise ValueError(f"{message}, got {value!r}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return dict(self.__dict__)


def build_model(
    name: str,
    input_shape: tuple[int, int, int],
    num_classes: int,
    *,
    custom: CustomSpec | None = None,
    seed: int | None = None,
):  # -> keras.Model (keras imported lazily)
    """Build an architecture by name.

    Args:
        name: one of :data:`ARCHITECTURES`.
        input_shape: ``(H, W, C)`` of the images.
        num_classes: size of the softmax output (at least 2).
        custom: the spec when ``name == "custom"`` (default :class:`CustomSpec`).
        seed: seeds every initializer and dropout layer of this model only (layer
            ``i`` gets ``seed + i``), so parallel builds stay reproducible without the
            process-global ``keras.utils.set_random_seed``. ``None``: random.

    Returns:
        An uncompiled functional ``keras.Model`` named after ``name``.

    Raises:
        ValueError: unknown name, a bad shape or class count, or an input too small
            for the architecture.
    """
    if name not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {name!r}; expected one of {ARCHITECTURES}")
    if len(input_shape) != 3 or min(input_shape) < 1:
        raise ValueError(f"input_shape must be (H, W, C) with positive sizes, got {input_shape!r}")
    if num_classes < 2:
        raise ValueError(f"num_classes must be at least 2, got {num_classes!r}")
    import keras

    layers = _Layers(seed)
    inputs = keras.Input(shape=tuple(int(size) for size in input_shape), name="input")
    try:
        features = _BODIES[name](layers, inputs, custom or CustomSpec())
    except ValueError as err:  # Keras: negative dimension size
        raise ValueError(f"{name} cannot take inputs of shape {input_shape!r}: {err}") from err
    outputs = layers.dense(num_classes, "softmax", "output")(features)
    return keras.Model(inputs, outputs, name=name)


class _Layers:
    """Layer factory handing out per-layer seeds."""

    def __init__(self, seed: int | None):
        import keras

        self.keras = keras
        self.seed = seed
        self.count = 0

    def _next_seed(self) -> int | None:
        self.count += 1
        return None if self.seed is None else self.seed + self.count

    def _init(self) -> Any:
        return self.keras.initializers.GlorotUniform(seed=self._next_seed())

    def conv(self, filters: int, kernel: int, name: str, padding: str = "same", act="relu"):
        return self.keras.layers.Conv2D(
            filters,
            kernel,
            padding=padding,
            activation=act,
            kernel_initializer=self._init(),
            name=name,
        )

    def dense(self, units: int, activation: str, name: str):
        return self.keras.layers.Dense(
            units, activation=activation, kernel_initializer=self._init(), name=name
        )

    def dropout(self, rate: float, name: str):
        return self.keras.layers.Dropout(rate, seed=self._next_seed(), name=name)

    def pool(self, kind: str, name: str):
        pool = (
            self.keras.layers.AveragePooling2D if kind == "avg" else self.keras.layers.MaxPooling2D
        )
        return pool(2, name=name)


def _seed_cnn(L: _Layers, x, _spec: CustomSpec):
    x = L.conv(32, 3, "conv1")(x)
    x = L.pool("max", "pool1")(x)
    x = L.conv(64, 3, "conv2")(x)
    x = L.pool("max", "pool2")(x)
    x = L.keras.layers.Flatten(name="flatten")(x)
    x = L.dense(100, "relu", "dense1")(x)
    return L.dropout(0.4, "dropout1")(x)


def _lenet_mnist(L: _Layers, x, _spec: CustomSpec):
    x = L.conv(6, 5, "conv1")(x)
    x = L.pool("max", "pool1")(x)
    x = L.conv(6, 5, "conv2")(x)
    x = L.pool("max", "pool2")(x)
    x = L.conv(6, 5, "conv3")(x)
    x = L.keras.layers.Flatten(name="flatten")(x)
    return L.dense(84, "relu", "dense1")(x)


def _keras_book(L: _Layers, x, _spec: CustomSpec):
    x = L.conv(32, 3, "conv1", padding="valid")(x)
    x = L.conv(64, 3, "conv2", padding="valid")(x)
    x = L.pool("max", "pool1")(x)
    x = L.dropout(0.25, "dropout1")(x)
    x = L.keras.layers.Flatten(name="flatten")(x)
    x = L.dense(128, "relu", "dense1")(x)
    return L.dropout(0.5, "dropout2")(x)


def _lenet5(L: _Layers, x, _spec: CustomSpec):
    height, width = x.shape[1], x.shape[2]
    if height < 32 or width < 32:
        pad_h, pad_w = max(0, 32 - height), max(0, 32 - width)
        x = L.keras.layers.ZeroPadding2D(
            ((pad_h // 2, pad_h - pad_h // 2), (pad_w // 2, pad_w - pad_w // 2)), name="pad"
        )(x)
    x = L.conv(6, 5, "c1", padding="valid", act="tanh")(x)
    x = L.pool("avg", "s2")(x)
    x = L.conv(16, 5, "c3", padding="valid", act="tanh")(x)
    x = L.pool("avg", "s4")(x)
    x = L.conv(120, 5, "c5", padding="valid", act="tanh")(x)
    x = L.keras.layers.Flatten(name="flatten")(x)
    return L.dense(84, "tanh", "f6")(x)


def _custom(L: _Layers, x, spec: CustomSpec):
    for block in range(spec.conv_blocks):
        x = L.conv(spec.filters * 2**block, spec.kernel_size, f"conv{block + 1}")(x)
        if spec.pooling != "none":
            if min(x.shape[1], x.shape[2]) < 2:
                raise ValueError(f"block {block + 1} has a {x.shape[1]}x{x.shape[2]} map to pool")
            x = L.pool(spec.pooling, f"pool{block + 1}")(x)
    x = L.keras.layers.Flatten(name="flatten")(x)
    if spec.dense_units:
        x = L.dense(spec.dense_units, "relu", "dense1")(x)
    if spec.dropout:
        x = L.dropout(spec.dropout, "dropout1")(x)
    return x


_BODIES = {
    "seed_cnn": _seed_cnn,
    "lenet_mnist": _lenet_mnist,
    "keras_book": _keras_book,
    "lenet5": _lenet5,
    "custom": _custom,
}
