"""What a filter wants to see: activation maximisation by gradient ascent on the input.

Start from a fixed-seed noise image and change it, step by step, in the direction
that raises one unit: a convolution filter's mean response over its feature map, or
an output class's score. The usual regularisers keep the picture readable: jitter
(the image is shifted by a random pixel or two before each step and shifted back
after), a light Gaussian blur every few steps, and a small L2 pull towards grey.

The unit's *score* is the mean of a filter's activation map (after its activation
function, without the border cells, as in the Keras example "visualizing what
convnets learn"; a small share of the mean before the activation function keeps a
gradient where a ReLU is still 0 everywhere), or an output class's logit (the
softmax's input; for an output layer that is not a softmax ``Dense``, the log of
its output).

:func:`unit_scores` ranks images by how strongly a unit responds to them (the
maximum of a filter's activation map, or a class's probability): the top activating
test images shown beside the picture.

Keras and TensorFlow are imported lazily; the compiled gradient step is built once
per (model, layer) and cached with the model (:class:`weakref.WeakKeyDictionary`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from cnn_core.inspection import conv_layers

BORDER = 2
"""Cells left out at each border of a filter's map (its padding shapes them)."""
LINEAR_WEIGHT = 0.01
"""Weight of the filter's mean before the activation function in the objective."""
_STEPS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_SCORERS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()

STEPS = 128
"""Gradient-ascent steps of :func:`maximize` (0.1 to 0.3 s on the shipped 28x28 models)."""


@dataclass(frozen=True)
class Settings:
    """How :func:`maximize` climbs.

    Attributes:
        steps: gradient-ascent steps, 1 to 2,000.
        step_size: each step moves the image by this times the gradient divided by
            its standard deviation (pixel values are in ``[0, 1]``).
        jitter: the largest random shift in pixels before each step (0: none).
        blur_every: blur every this many steps (0: never).
        blur_sigma: the blur's Gaussian sigma in pixels.
        l2: weight of the pull towards grey, ``l2 * mean((x - 0.5)**2)``.
        seed: the noise image and the jitter.
    """

    steps: int = STEPS
    step_size: float = 0.05
    jitter: int = 1
    blur_every: int = 4
    blur_sigma: float = 0.5
    l2: float = 1e-3
    seed: int = 0

    def __post_init__(self) -> None:
        checks = [
            (isinstance(self.steps, int) and 1 <= self.steps <= 2000, "steps must be 1..2000"),
            (self.step_size > 0, "step_size must be > 0"),
            (isinstance(self.jitter, int) and 0 <= self.jitter <= 8, "jitter must be 0..8"),
            (isinstance(self.blur_every, int) and self.blur_every >= 0, "blur_every must be >= 0"),
            (self.blur_sigma > 0, "blur_sigma must be > 0"),
            (self.l2 >= 0, "l2 must be >= 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"{message}, got {self!r}")


@dataclass(frozen=True)
class Dream:
    """The picture a unit responds to most, and how far the climb got.

    Attributes:
        layer: the layer's name.
        unit: the filter (or class) index.
        image: ``(H, W, C)`` float32 in ``[0, 1]``.
        start_score: the unit's score on the starting noise.
        score: the unit's score on ``image``.
    """

    layer: str
    unit: int
    image: NDArray[np.float32]
    start_score: float
    score: float


def targets(model: Any) -> list[str]:
    """The layers :func:`maximize` takes: every Conv2D layer, then the output layer."""
    return [*conv_layers(model), model.layers[-1].name]


def units(model: Any, layer: str) -> int:
    """How many units (filters, or classes for the output layer) ``layer`` has.

    Raises:
        ValueError: ``layer`` is not one of :func:`targets`.
    """
    _check_layer(model, layer)
    return int(model.get_layer(layer).output.shape[-1])


def _check_layer(model: Any, layer: str) -> None:
    if layer not in targets(model):
        raise ValueError(f"layer {layer!r} is not a target; targets: {targets(model)}")


def _score_fn(model: Any, layer_name: str) -> Callable[[Any, Any], Any]:
    """``(x, unit) -> ((N,) score, (N,) linear score)`` of one unit, as TensorFlow ops.

    A convolution filter's score is the mean of its activation map (after the
    activation function, a border of :data:`BORDER` cells left out when the map is
    large enough); its linear score is the mean before the activation function. An
    output class's score and linear score are both its logit.
    """
    import keras
    import tensorflow as tf

    layer = model.get_layer(layer_name)
    feed = keras.Model(model.inputs[0], layer.input)
    if isinstance(layer, keras.layers.Conv2D):
        height, width = (int(d) for d in layer.output.shape[1:3])
        border = BORDER if min(height, width) > 4 * BORDER else 0

        def score(x, unit):
            maps = layer.convolution_op(feed(x, training=False), layer.kernel)
            if layer.use_bias:
                maps = maps + layer.bias
            pre = tf.gather(maps, unit, axis=-1)[
                :, border : height - border, border : width - border
            ]
            post = layer.activation(pre)
            return tf.reduce_mean(post, axis=(1, 2)), tf.reduce_mean(pre, axis=(1, 2))

    elif isinstance(layer, keras.layers.Dense) and layer.activation is keras.activations.softmax:

        def score(x, unit):
            logits = tf.matmul(feed(x, training=False), layer.kernel)
            if layer.use_bias:
                logits = logits + layer.bias
            logit = tf.gather(logits, unit, axis=-1)
            return logit, logit

    else:

        def score(x, unit):
            out = model(x, training=False)
            value = tf.math.log(tf.gather(out, unit, axis=-1) + 1e-7)
            return value, value

    return score


def _images(model: Any, x: NDArray) -> NDArray[np.float32]:
    x = np.asarray(x, np.float32)
    expected = tuple(int(d) for d in model.inputs[0].shape[1:])
    if x.ndim != 4 or tuple(x.shape[1:]) != expected:
        raise ValueError(f"x has shape {x.shape}; the model expects (N, *{expected})")
    return x


def _check_unit(model: Any, layer: str, unit: Any) -> None:
    count = units(model, layer)
    if isinstance(unit, bool) or not isinstance(unit, int | np.integer) or not 0 <= unit < count:
        raise ValueError(f"unit must be in 0..{count - 1} for layer {layer!r}, got {unit!r}")


def _step_fn(model: Any, layer: str) -> Any:
    """The compiled ``(x, unit, l2) -> (score, gradient)`` of one layer, built once."""
    per_model = _STEPS.setdefault(model, {})
    if layer not in per_model:
        import tensorflow as tf

        score = _score_fn(model, layer)

        @tf.function(reduce_retracing=True)
        def step(x, unit, l2):
            with tf.GradientTape() as tape:
                tape.watch(x)
                value, linear = score(x, unit)
                # The small linear term gives a gradient where a ReLU is still 0 everywhere.
                objective = value[0] + LINEAR_WEIGHT * linear[0]
                objective -= l2 * tf.reduce_mean(tf.square(x - 0.5))
            return value[0], tape.gradient(objective, x)

        per_model[layer] = step
    return per_model[layer]


def _blur(image: NDArray[np.float32], sigma: float) -> NDArray[np.float32]:
    blurred = cv2.GaussianBlur(image, (0, 0), sigmaX=sigma, borderType=cv2.BORDER_REFLECT)
    return blurred.reshape(image.shape)


def maximize(
    model: Any,
    layer: str,
    unit: int,
    settings: Settings = Settings(),
    on_step: Callable[[int, int], None] | None = None,
) -> Dream:
    """Gradient ascent from noise towards the input ``unit`` of ``layer`` likes most.

    Args:
        model: a Keras CNN whose input is ``(N, H, W, C)`` in ``[0, 1]``.
        layer: one of :func:`targets`.
        unit: a filter of that layer, or a class of the output layer.
        settings: steps, step size and regularisers.
        on_step: called after every step with ``(done, total)`` (a progress bar).

    Returns:
        The picture and the unit's score before and after.

    Raises:
        ValueError: unknown layer or a unit outside ``0..units - 1``.
    """
    import tensorflow as tf

    _check_unit(model, layer, unit)
    step = _step_fn(model, layer)
    shape = tuple(int(d) for d in model.inputs[0].shape[1:])
    rng = np.random.default_rng(settings.seed)
    x = (0.5 + 0.1 * rng.standard_normal(shape)).clip(0.0, 1.0).astype(np.float32)
    unit_t = tf.constant(int(unit))
    l2 = tf.constant(settings.l2, tf.float32)
    start = float(step(tf.constant(x[None]), unit_t, l2)[0])
    for done in range(1, settings.steps + 1):
        dy, dx = (
            (rng.integers(-settings.jitter, settings.jitter + 1, 2)) if settings.jitter else (0, 0)
        )
        shifted = np.roll(x, (int(dy), int(dx)), axis=(0, 1))
        _, grad = step(tf.constant(shifted[None]), unit_t, l2)
        grad = np.roll(np.asarray(grad)[0], (-int(dy), -int(dx)), axis=(0, 1))
        x = (x + settings.step_size * grad / (grad.std() + 1e-8)).clip(0.0, 1.0)
        if settings.blur_every and done % settings.blur_every == 0:
            x = _blur(x, settings.blur_sigma)
        x = x.astype(np.float32)
        if on_step is not None:
            on_step(done, settings.steps)
    final = float(step(tf.constant(x[None]), unit_t, l2)[0])
    return Dream(layer, int(unit), x, start, final)


def _scorer(model: Any, layer: str) -> Any:
    per_model = _SCORERS.setdefault(model, {})
    if layer not in per_model:
        import keras

        per_model[layer] = keras.Model(model.inputs[0], model.get_layer(layer).output)
    return per_model[layer]


def unit_scores(
    model: Any, layer: str, x: NDArray, *, batch_size: int = 256
) -> NDArray[np.float32]:
    """How strongly every unit of ``layer`` responds to each image.

    Args:
        model: a Keras CNN.
        layer: one of :func:`targets`.
        x: ``(N, H, W, C)`` float32 images.
        batch_size: images per forward pass.

    Returns:
        ``(N, units)``: a filter's largest activation over its map, or a class's
        probability (the output layer's output).

    Raises:
        ValueError: unknown layer or ``x`` of the wrong shape.
    """
    _check_layer(model, layer)
    x = _images(model, x)
    sub = _scorer(model, layer)
    parts = []
    for start in range(0, len(x), batch_size):
        out = np.asarray(sub(x[start : start + batch_size], training=False), np.float32)
        parts.append(out.max(axis=(1, 2)) if out.ndim == 4 else out)
    return np.concatenate(parts) if parts else np.zeros((0, units(model, layer)), np.float32)


def top_images(scores: NDArray, unit: int, k: int = 8) -> NDArray[np.int64]:
    """Indices of the ``k`` images with the highest score of ``unit``, highest first.

    Raises:
        ValueError: ``scores`` is not ``(N, units)``, ``unit`` out of range or ``k < 1``.
    """
    scores = np.asarray(scores)
    if scores.ndim != 2:
        raise ValueError(f"scores must be (N, units), got shape {scores.shape}")
    if not 0 <= unit < scores.shape[1]:
        raise ValueError(f"unit must be in 0..{scores.shape[1] - 1}, got {unit!r}")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k!r}")
    return np.argsort(-scores[:, unit], kind="stable")[:k].astype(np.int64)
