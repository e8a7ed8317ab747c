"""Receptive fields: which input pixels one unit of an image-like layer depends on.

:func:`receptive_field` walks back from one unit to the input (the outlined box
on the input); :func:`receptive_field_steps` gives the layer arithmetic behind its
size, the textbook recurrence over the chain of layers::

    size_l = size_(l-1) + (extent_l - 1) · jump_(l-1)      extent = (k - 1) · d + 1
    jump_l = jump_(l-1) · stride_l                          size_0 = jump_0 = 1

``size`` is the field's side in input pixels; ``jump`` is how many input pixels
apart two neighbouring units of the layer look. At the image's border the box is
clipped, so it may be smaller than ``size`` there.

Both assume the layers form one chain, as in a Sequential CNN. Keras is only read
through the model's layers (no import here).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cnn_core.inspection import _layer, _layers, _shape

_SPATIAL_IDENTITY = ("Dropout", "BatchNormalization", "Activation", "ReLU", "LayerNormalization")
"""Layers that keep every position where it is."""
_TRANSPOSED = ("Conv2DTranspose",)
"""Windowed layers that run the window backwards (each input position spreads over
several outputs): their ``kernel_size`` is no forward window, so they are not traced."""


@dataclass(frozen=True)
class FieldStep:
    """One layer of the chain that grows the receptive field.

    Attributes:
        name: the layer's name.
        type: its class name (``"Conv2D"``, ``"MaxPooling2D"``, ...).
        kernel: the window's side (kernel or pool size) along rows.
        stride: its stride along rows.
        dilation: its dilation along rows (1 for pooling).
        jump_in: the jump of the layer's input (1 for the image).
        size: the receptive field's side after this layer, in input pixels.
        jump: the jump after this layer.
    """

    name: str
    type: str
    kernel: int
    stride: int
    dilation: int
    jump_in: int
    size: int
    jump: int

    @property
    def extent(self) -> int:
        """The window's reach in the layer's input: ``(kernel - 1) · dilation + 1``."""
        return (self.kernel - 1) * self.dilation + 1


def _window(layer: Any, axis: int) -> tuple[int, int, int] | None:
    """``(kernel, stride, dilation)`` of a windowed layer along ``axis``, else ``None``.

    Raises:
        Untraceable: a transposed convolution (:data:`_TRANSPOSED`).
    """
    if type(layer).__name__ in _TRANSPOSED:
        raise _untraceable(layer)
    if not (hasattr(layer, "kernel_size") or hasattr(layer, "pool_size")):
        return None
    kernel = int((layer.kernel_size if hasattr(layer, "kernel_size") else layer.pool_size)[axis])
    stride = int(layer.strides[axis])
    dilation = int(getattr(layer, "dilation_rate", (1, 1))[axis])
    return kernel, stride, dilation


def _chain(model: Any, layer_name: str) -> list[Any]:
    """The layers from the input up to and including ``layer_name`` (image-like only).

    Raises:
        ValueError: unknown or flat layer.
    """
    target = _layer(model, layer_name)
    shape = _shape(target)
    if len(shape) != 3:
        raise ValueError(f"layer {layer_name!r} has output shape {shape}; it has no rows/columns")
    chain = _layers(model)
    return chain[: chain.index(target) + 1]


def receptive_field(model: Any, layer_name: str, row: int, col: int) -> tuple[int, int, int, int]:
    """The input pixels one unit of an image-like layer depends on.

    Walks back from the layer to the input through the convolution, pooling and
    padding layers (kernel size, stride, dilation and padding of each).

    Args:
        model: a Keras model with a ``(H, W, C)`` input.
        layer_name: a layer whose output is ``(h, w, c)``.
        row: the unit's row in that output, ``0 <= row < h``.
        col: the unit's column, ``0 <= col < w``.

    Returns:
        ``(top, left, bottom, right)`` in input pixels, inclusive, clipped to the image.

    Raises:
        ValueError: unknown or flat layer, or position outside the map.
        Untraceable: a layer on the way whose effect on positions is unknown.
    """
    chain = _chain(model, layer_name)
    shape = _shape(chain[-1])
    if not (0 <= row < shape[0] and 0 <= col < shape[1]):
        raise ValueError(f"unit ({row}, {col}) is outside layer {layer_name!r}'s {shape[:2]} map")
    rows, cols = (row, row), (col, col)
    for layer in reversed(chain):
        rows = _back(layer, rows, axis=0)
        cols = _back(layer, cols, axis=1)
    height, width = (int(d) for d in model.inputs[0].shape[1:3])
    return (
        max(rows[0], 0),
        max(cols[0], 0),
        min(rows[1], height - 1),
        min(cols[1], width - 1),
    )


def receptive_field_steps(model: Any, layer_name: str) -> list[FieldStep]:
    """The layer arithmetic of the receptive field's size (rows; columns alike for
    square kernels), one step per windowed layer from the input to ``layer_name``.

    Args:
        model: a Keras model with a ``(H, W, C)`` input.
        layer_name: a layer whose output is ``(h, w, c)``.

    Returns:
        One :class:`FieldStep` per convolution or pooling layer, input side first;
        the last one's ``size`` is the field's side away from the border. Empty
        when no windowed layer comes before (the field is one pixel).

    Raises:
        ValueError: unknown or flat layer.
        Untraceable: a layer on the way whose effect on positions is unknown.
    """
    size, jump, steps = 1, 1, []
    for layer in _chain(model, layer_name):
        window = _window(layer, axis=0)
        if window is None:
            _back(layer, (0, 0), axis=0)  # raises for a layer it cannot trace
            continue
        kernel, stride, dilation = window
        step = FieldStep(
            name=layer.name,
            type=type(layer).__name__,
            kernel=kernel,
            stride=stride,
            dilation=dilation,
            jump_in=jump,
            size=size + ((kernel - 1) * dilation) * jump,
            jump=jump * stride,
        )
        steps.append(step)
        size, jump = step.size, step.jump
    return steps


def _back(layer: Any, span: tuple[int, int], axis: int) -> tuple[int, int]:
    """Map an inclusive span of a layer's output positions back to its input."""
    kind = type(layer).__name__
    size_in = int(layer.input.shape[1 + axis])
    if kind == "ZeroPadding2D":
        before = int(layer.padding[axis][0])
        return span[0] - before, span[1] - before
    window = _window(layer, axis)
    if window is not None:
        kernel, stride, dilation = window
        extent = (kernel - 1) * dilation + 1
        before = 0
        if layer.padding == "same":
            size_out = -(-size_in // stride)
            before = max((size_out - 1) * stride + extent - size_in, 0) // 2
        return span[0] * stride - before, span[1] * stride - before + extent - 1
    if kind in _SPATIAL_IDENTITY or _shape(layer)[:2] == tuple(layer.input.shape[1:3]):
        return span
    raise _untraceable(layer)


class Untraceable(ValueError):
    """A layer on the way whose effect on positions is unknown (an uploaded model's
    ``UpSampling2D``, ``Cropping2D``, ``Conv2DTranspose``...).

    Attributes:
        layer: its name.
        kind: its class name.
    """

    def __init__(self, layer: str, kind: str):
        self.layer, self.kind = layer, kind
        super().__init__(f"cannot trace positions back through layer {layer!r} ({kind})")


def _untraceable(layer: Any) -> Untraceable:
    return Untraceable(layer.name, type(layer).__name__)
