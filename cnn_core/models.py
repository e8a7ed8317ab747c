"""The seeds' architectures, described as plain data and built by name for any dataset.

Each architecture is one tuple of small frozen layer specs (:data:`LAYOUTS`, and
:func:`custom_layout` for a :class:`~cnn_core.train_config.CustomSpec`). That one
description serves twice:

- :func:`build_model` turns it into an *uncompiled* functional ``keras.Model`` whose
  input is a ``keras.Input`` (so inspection can build sub-models from any layer) and
  whose layers have the specs' readable names (``conv1``, ``pool1``, ``dense1``,
  ``output``...);
- :func:`describe_layers` works out every layer's output shape and parameter count
  with :mod:`cnn_core.arithmetic`, without Keras (the home page draws the course's
  CNN from it), and :func:`model_size` a config's parameters and multiply-adds from
  them (the training page's size limits).

Architectures (parameter counts on 28x28x1 / 10 classes are in ``tests/test_models.py``):

- ``seed_cnn``: the Fashion-MNIST CNN of seeds 000/002/004 (333,526 parameters).
- ``lenet_mnist``: seed 001's LeNet-style net, three 5x5 convolutions of 6 filters.
- ``keras_book``: seed 003's Keras-book CNN (two 3x3 convolutions, no padding).
- ``lenet5``: the classic LeNet-5 of seed 004 (C1, S2, C3, S4, C5, F6). It expects
  32x32 images; a smaller input (28x28 MNIST) is zero-padded to 32x32 by a
  ``ZeroPadding2D`` layer ``pad`` so C1 stays a true 5x5 "valid" convolution
  giving 6@28x28, exactly as in the paper. Like the paper it uses tanh and
  average pooling (subsampling).
- ``custom``: :class:`~cnn_core.train_config.CustomSpec`.

Keras is imported inside the functions (this module is importable without it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from cnn_core.arithmetic import output_size, param_count
from cnn_core.datasets import DATASETS
from cnn_core.train_config import ARCHITECTURES, CustomSpec, TrainConfig

if TYPE_CHECKING:  # annotations only: Keras (TensorFlow) is imported where a model is needed
    import keras


@dataclass(frozen=True)
class Conv:
    """``Conv2D(filters, kernel)``, stride 1."""

    name: str
    filters: int
    kernel: int
    padding: Literal["same", "valid"] = "same"
    activation: str = "relu"


@dataclass(frozen=True)
class Pool:
    """``MaxPooling2D(size)`` or ``AveragePooling2D(size)`` (stride = size, as in Keras)."""

    name: str
    mode: Literal["max", "avg"] = "max"
    size: int = 2


@dataclass(frozen=True)
class Flatten:
    """``Flatten()``."""

    name: str = "flatten"


@dataclass(frozen=True)
class Dense:
    """``Dense(units, activation)``."""

    name: str
    units: int
    activation: str = "relu"


@dataclass(frozen=True)
class Dropout:
    """``Dropout(rate)``."""

    name: str
    rate: float


NORM_MOMENTUM = 0.9
"""The moving averages' momentum of every ``BatchNormalization`` the app builds
(Keras's default is 0.99; 0.9 is PyTorch's). At 0.99 the averages that the test set
and every prediction use need about a thousand steps to settle: the quick preset on
the 8,000 MNIST digits that ship with the app (250 steps) scored 67.7 / 52.7 % on
their held-out digits (seeds 0/1) after 98 % in training, and 98.0 / 97.8 % at 0.9.
On Fashion-MNIST's validation split 0.9 changed the presets by at most 0.05 points
(quick 91.92 / 91.53 / 91.80 %, best 92.75 / 92.70 / 92.73 %, seeds 0/1/2;
2026-12-01)."""


@dataclass(frozen=True)
class Norm:
    """``BatchNormalization(momentum=NORM_MOMENTUM)`` over the channels: scale, offset,
    moving mean and variance."""

    name: str


@dataclass(frozen=True)
class PadTo:
    """``ZeroPadding2D`` up to ``side`` x ``side``, centred; left out for inputs that large."""

    name: str
    side: int


LayerSpec = Conv | Pool | Norm | Flatten | Dense | Dropout | PadTo

LAYOUTS: dict[str, tuple[LayerSpec, ...]] = {
    "seed_cnn": (
        Conv("conv1", 32, 3),
        Pool("pool1"),
        Conv("conv2", 64, 3),
        Pool("pool2"),
        Flatten(),
        Dense("dense1", 100),
        Dropout("dropout1", 0.4),
    ),
    "lenet_mnist": (
        Conv("conv1", 6, 5),
        Pool("pool1"),
        Conv("conv2", 6, 5),
        Pool("pool2"),
        Conv("conv3", 6, 5),
        Flatten(),
        Dense("dense1", 84),
    ),
    "keras_book": (
        Conv("conv1", 32, 3, padding="valid"),
        Conv("conv2", 64, 3, padding="valid"),
        Pool("pool1"),
        Dropout("dropout1", 0.25),
        Flatten(),
        Dense("dense1", 128),
        Dropout("dropout2", 0.5),
    ),
    "lenet5": (
        PadTo("pad", 32),
        Conv("c1", 6, 5, padding="valid", activation="tanh"),
        Pool("s2", "avg"),
        Conv("c3", 16, 5, padding="valid", activation="tanh"),
        Pool("s4", "avg"),
        Conv("c5", 120, 5, padding="valid", activation="tanh"),
        Flatten(),
        Dense("f6", 84, activation="tanh"),
    ),
}
"""The fixed architectures' layers, input and softmax output left out."""


def custom_layout(spec: CustomSpec) -> tuple[LayerSpec, ...]:
    """The layers of a :class:`~cnn_core.train_config.CustomSpec` (its docstring says which)."""
    layers: list[LayerSpec] = []
    for block in range(spec.conv_blocks):
        layers.append(Conv(f"conv{block + 1}", spec.block_filters(block), spec.kernel_size))
        if spec.pooling != "none":
            layers.append(Pool(f"pool{block + 1}", spec.pooling))
        if spec.batch_norm:
            layers.append(Norm(f"norm{block + 1}"))
    layers.append(Flatten())
    if spec.dense_units:
        layers.append(Dense("dense1", spec.dense_units))
    if spec.dropout:
        layers.append(Dropout("dropout1", spec.dropout))
    return tuple(layers)


def layer_specs(
    name: str, num_classes: int, *, custom: CustomSpec | None = None
) -> tuple[LayerSpec, ...]:
    """Every layer of an architecture after its input, the softmax ``output`` included.

    Args:
        name: one of :data:`ARCHITECTURES`.
        num_classes: units of the softmax output (at least 2).
        custom: the spec when ``name == "custom"`` (default ``CustomSpec()``).

    Raises:
        ValueError: unknown name or fewer than 2 classes.
    """
    if name not in ARCHITECTURES:
        raise ValueError(f"unknown architecture {name!r}; expected one of {ARCHITECTURES}")
    if num_classes < 2:
        raise ValueError(f"num_classes must be at least 2, got {num_classes!r}")
    body = custom_layout(custom or CustomSpec()) if name == "custom" else LAYOUTS[name]
    return (*body, Dense("output", int(num_classes), activation="softmax"))


@dataclass(frozen=True)
class LayerSummary:
    """One layer as a summary table or a diagram shows it.

    Attributes:
        name: the Keras layer name (``"input"``, ``"conv1"``, ..., ``"output"``).
        kind: ``"input"``, ``"pad"``, ``"conv"``, ``"pool"``, ``"norm"``,
            ``"flatten"``, ``"dense"``, ``"dropout"`` or ``"output"`` (the keys of
            :data:`cnn_core.figures.PIPELINE_COLORS`, plus ``"pad"`` and ``"norm"``).
        label: what the layer is, in Keras terms, e.g. ``"Conv2D 32 3×3, ReLU"``
            (language-neutral; the input's label is ``"Input"``).
        output_shape: without the batch axis, ``(H, W, C)`` or ``(units,)``.
        params: parameters as Keras counts them: weights and biases; a
            ``BatchNormalization`` has ``4·C`` (scale and offset are trained, the
            moving mean and variance are not).
    """

    name: str
    kind: str
    label: str
    output_shape: tuple[int, ...]
    params: int

    @property
    def shape_text(self) -> str:
        """``output_shape`` as ``"28×28×32"`` or ``"3136"``."""
        return "×".join(str(size) for size in self.output_shape)


_ACTIVATION_LABELS = {"relu": "ReLU", "tanh": "tanh", "softmax": "softmax"}


def _check_input_shape(input_shape: tuple[int, ...]) -> tuple[int, int, int]:
    if len(input_shape) != 3 or min(input_shape) < 1:
        raise ValueError(f"input_shape must be (H, W, C) with positive sizes, got {input_shape!r}")
    height, width, channels = (int(size) for size in input_shape)
    return height, width, channels


def _pad_amounts(size: int, side: int) -> tuple[int, int]:
    missing = max(0, side - size)
    return missing // 2, missing - missing // 2


def _summary(spec: LayerSpec, shape: tuple[int, ...]) -> LayerSummary:
    """The layer after ``spec`` on an input of ``shape`` (ValueError if it does not fit)."""
    if isinstance(spec, PadTo):
        height, width, channels = shape
        out = (max(height, spec.side), max(width, spec.side), channels)
        return LayerSummary(spec.name, "pad", f"ZeroPadding2D to {spec.side}×{spec.side}", out, 0)
    if isinstance(spec, Conv):
        height, width, channels = shape
        out = (
            output_size(height, spec.kernel, padding=spec.padding),
            output_size(width, spec.kernel, padding=spec.padding),
            spec.filters,
        )
        valid = " valid" if spec.padding == "valid" else ""
        activation = _ACTIVATION_LABELS.get(spec.activation, spec.activation)
        label = f"Conv2D {spec.filters} {spec.kernel}×{spec.kernel}{valid}, {activation}"
        params = param_count(spec.kernel, spec.kernel, channels, spec.filters)
        return LayerSummary(spec.name, "conv", label, out, params)
    if isinstance(spec, Pool):
        height, width, channels = shape
        if min(height, width) < spec.size:
            raise ValueError(f"{spec.name} has a {height}x{width} map to pool")
        out = (
            output_size(height, spec.size, stride=spec.size),
            output_size(width, spec.size, stride=spec.size),
            channels,
        )
        kind = "MaxPool" if spec.mode == "max" else "AvgPool"
        return LayerSummary(spec.name, "pool", f"{kind} {spec.size}×{spec.size}", out, 0)
    if isinstance(spec, Norm):
        return LayerSummary(spec.name, "norm", "BatchNormalization", shape, 4 * shape[-1])
    if isinstance(spec, Flatten):
        units = 1
        for size in shape:
            units *= size
        return LayerSummary(spec.name, "flatten", "Flatten", (units,), 0)
    if isinstance(spec, Dense):
        if len(shape) != 1:
            raise ValueError(f"{spec.name} needs a flat input, got shape {shape!r}")
        activation = _ACTIVATION_LABELS.get(spec.activation, spec.activation)
        kind = "output" if spec.name == "output" else "dense"
        params = param_count(1, 1, shape[0], spec.units)
        return LayerSummary(
            spec.name, kind, f"Dense {spec.units}, {activation}", (spec.units,), params
        )
    return LayerSummary(spec.name, "dropout", f"Dropout {spec.rate:g}", shape, 0)


def describe_layers(
    name: str,
    input_shape: tuple[int, int, int],
    num_classes: int = 10,
    *,
    custom: CustomSpec | None = None,
) -> list[LayerSummary]:
    """Every layer of an architecture, input first, without building it (no Keras).

    The shapes and parameter counts are those of ``build_model(name, input_shape,
    num_classes, custom=custom)`` (``tests/test_models.py`` checks it), computed
    with :func:`cnn_core.arithmetic.output_size` and
    :func:`cnn_core.arithmetic.param_count`.

    Args:
        name: one of :data:`ARCHITECTURES`.
        input_shape: ``(H, W, C)`` of the images.
        num_classes: size of the softmax output (at least 2).
        custom: the spec when ``name == "custom"`` (default ``CustomSpec()``).

    Returns:
        One :class:`LayerSummary` per layer of the Keras model, in order: the input
        (``kind="input"``, 0 parameters), then the layers of :func:`layer_specs`
        (a ``PadTo`` is left out where the input is already that large).

    Raises:
        ValueError: unknown name, a bad shape or class count, or an input too small
            for the architecture (the message names the architecture and the shape).
    """
    specs = layer_specs(name, num_classes, custom=custom)
    shape: tuple[int, ...] = _check_input_shape(input_shape)
    layers = [LayerSummary("input", "input", "Input", shape, 0)]
    try:
        for spec in specs:
            if isinstance(spec, PadTo) and min(shape[:2]) >= spec.side:
                continue
            layers.append(_summary(spec, shape))
            shape = layers[-1].output_shape
    except ValueError as err:
        raise ValueError(f"{name} cannot take inputs of shape {input_shape!r}: {err}") from err
    return layers


@dataclass(frozen=True)
class ModelSize:
    """What a model costs, counted from its layers without Keras (:func:`model_size`).

    Attributes:
        params: parameters, as Keras counts them.
        macs: multiply-adds of one image's forward pass through the convolutions and
            dense layers (``H_out·W_out·C_out·k·k·C_in`` and ``in·out``); pooling,
            BatchNorm and activations are left out.
    """

    params: int
    macs: int


def multiply_adds(layer: LayerSummary) -> int:
    """Multiply-adds of one image through ``layer``.

    Each weight of a convolution or a dense layer (its parameters less the biases, one
    per output channel) is used once at each of its output positions: for an output
    of shape ``(H_out, W_out, C_out)``, ``H_out·W_out·(params - C_out)``; for a dense
    layer's ``(units,)``, ``params - units``. Every other kind of layer counts 0.

    Args:
        layer: one row of :func:`describe_layers`.

    Returns:
        The multiply-adds, ``>= 0``.
    """
    if layer.kind not in ("conv", "dense", "output"):
        return 0
    *positions, channels = layer.output_shape
    return math.prod(positions) * (layer.params - channels)


def model_size(config: TrainConfig) -> ModelSize:
    """The parameters and multiply-adds per image of ``config``'s model on its dataset.

    Args:
        config: the architecture (with its custom spec) and the dataset, whose
            ``(H, W, C)`` images and class count shape the layers.

    Returns:
        The sums over :func:`describe_layers` of the parameters and of
        :func:`multiply_adds`.

    Raises:
        ValueError: the architecture does not fit the dataset's images (too many
            blocks for their size).
    """
    info = DATASETS[config.dataset]
    layers = describe_layers(config.model, info.input_shape, info.num_classes, custom=config.custom)
    return ModelSize(
        params=sum(layer.params for layer in layers),
        macs=sum(multiply_adds(layer) for layer in layers),
    )


def build_model(
    name: str,
    input_shape: tuple[int, int, int],
    num_classes: int,
    *,
    custom: CustomSpec | None = None,
    seed: int | None = None,
) -> keras.Model:
    """Build an architecture by name, from :func:`layer_specs`.

    Args:
        name: one of :data:`ARCHITECTURES`.
        input_shape: ``(H, W, C)`` of the images.
        num_classes: size of the softmax output (at least 2).
        custom: the spec when ``name == "custom"`` (default ``CustomSpec()``).
        seed: seeds every initializer and dropout layer of this model only (the
            ``i``-th of them, in layer order, gets ``seed + i``), so parallel builds
            stay reproducible without the process-global
            ``keras.utils.set_random_seed``. ``None``: random.

    Returns:
        An uncompiled functional ``keras.Model`` named after ``name``.

    Raises:
        ValueError: unknown name, a bad shape or class count, or an input too small
            for the architecture.
    """
    # Checks everything (names, sizes, too small inputs) before Keras is imported.
    described = describe_layers(name, input_shape, num_classes, custom=custom)
    kept = {layer.name for layer in described}
    import keras

    layers = _Layers(seed)
    inputs = keras.Input(shape=described[0].output_shape, name="input")
    x = inputs
    for spec in layer_specs(name, num_classes, custom=custom):
        if spec.name in kept:
            x = layers.build(spec, x)(x)
    return keras.Model(inputs, x, name=name)


class _Layers:
    """Keras layers from specs, handing out per-layer seeds."""

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

    def build(self, spec: LayerSpec, x: Any) -> Any:
        """The Keras layer for ``spec``, applied next to ``x`` (a symbolic tensor)."""
        layers = self.keras.layers
        if isinstance(spec, Conv):
            return layers.Conv2D(
                spec.filters,
                spec.kernel,
                padding=spec.padding,
                activation=spec.activation,
                kernel_initializer=self._init(),
                name=spec.name,
            )
        if isinstance(spec, Dense):
            return layers.Dense(
                spec.units,
                activation=spec.activation,
                kernel_initializer=self._init(),
                name=spec.name,
            )
        if isinstance(spec, Dropout):
            return layers.Dropout(spec.rate, seed=self._next_seed(), name=spec.name)
        if isinstance(spec, Pool):
            pool = layers.AveragePooling2D if spec.mode == "avg" else layers.MaxPooling2D
            return pool(spec.size, name=spec.name)
        if isinstance(spec, Norm):
            return layers.BatchNormalization(momentum=NORM_MOMENTUM, name=spec.name)
        if isinstance(spec, PadTo):
            pads = (_pad_amounts(x.shape[1], spec.side), _pad_amounts(x.shape[2], spec.side))
            return layers.ZeroPadding2D(pads, name=spec.name)
        return layers.Flatten(name=spec.name)
