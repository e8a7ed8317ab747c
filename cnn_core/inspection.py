"""Look inside a trained Keras CNN: layers, filters, activations, Grad-CAM.

Every ``model`` argument is a built ``keras.Model`` whose input is a batch of images
``(N, H, W, C)``. Keras (and TensorFlow, for Grad-CAM's gradients) is imported
lazily, so importing this module stays cheap; the arrays it returns are numpy.

The sub-models that compute activations and Grad-CAM are built once per model,
compiled into TensorFlow graphs (one trace per model: a 28×28 digit model's answer
takes about 0.5 ms instead of 3 ms op by op) and cached in
:class:`weakref.WeakKeyDictionary` objects keyed by the model, so a page rerun
reuses them and they disappear with the model.

Where a unit of a layer looks in the input (its receptive field) is
:mod:`cnn_core.receptive_field`.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from cnn_core.paths import SAMPLES_DIR
from cnn_core.preprocess import as_rgb_uint8

_ACTIVATION_MODELS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
_GRAD_MODELS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_GRAPHS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _graph(model: Any) -> Any:
    """``model(x, training=False)`` as a TensorFlow graph, traced once per model.

    The input signature leaves the batch size open, so every batch (one image,
    an occlusion's positions, a test set) reuses the one trace. Models with
    several inputs are called as they are.
    """
    graph = _GRAPHS.get(model)
    if graph is None:
        if len(model.inputs) != 1:
            return lambda x: model(x, training=False)
        import tensorflow as tf

        spec = tf.TensorSpec((None, *model.inputs[0].shape[1:]), tf.float32)
        graph = tf.function(
            lambda x: model(x, training=False), input_signature=[spec], autograph=False
        )
        _GRAPHS[model] = graph
    return graph


@dataclass(frozen=True)
class LayerActivation:
    """The output of one layer for one input image.

    Attributes:
        name: the layer's name.
        type: the layer's class name, e.g. ``"Conv2D"``.
        output: ``(H, W, C)`` for image-like layers, ``(units,)`` for flat ones.
    """

    name: str
    type: str
    output: NDArray[np.float32]


@dataclass(frozen=True)
class LayerRow:
    """One row of the layer table.

    Attributes:
        name: the layer's name.
        type: the layer's class name.
        output_shape: the output shape without the batch axis, e.g. ``(28, 28, 32)``.
        params: Keras's parameter count of the layer.
        formula: how the count follows from the shapes, e.g. ``"(3·3·1 + 1)·32 = 320"``.
        formula_params: the number the formula gives.
    """

    name: str
    type: str
    output_shape: tuple[int, ...]
    params: int
    formula: str
    formula_params: int


def _layers(model: Any) -> list[Any]:
    """The model's layers in order, without its input layers."""
    return [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]


def _layer(model: Any, layer_name: str) -> Any:
    names = [layer.name for layer in _layers(model)]
    if layer_name not in names:
        raise ValueError(f"model {model.name!r} has no layer {layer_name!r}; it has {names}")
    return model.get_layer(layer_name)


def _batch(model: Any, x: NDArray) -> NDArray[np.float32]:
    """Check ``x`` against the model's input and return it as a float32 batch."""
    x = np.asarray(x, dtype=np.float32)
    expected = tuple(model.inputs[0].shape[1:])
    if x.ndim != 4 or tuple(x.shape[1:]) != expected:
        raise ValueError(f"x has shape {x.shape}; model {model.name!r} expects (N, *{expected})")
    return x


def _shape(layer: Any) -> tuple[int, ...]:
    return tuple(int(d) for d in layer.output.shape[1:])


def conv_layers(model: Any) -> list[str]:
    """Names of the model's 2-D convolution layers, input side first."""
    import keras

    return [layer.name for layer in _layers(model) if isinstance(layer, keras.layers.Conv2D)]


def conv_activations(model: Any) -> list[str]:
    """The activation functions of the convolution layers, each named once, in order.

    Returns:
        Keras names such as ``["relu"]`` or ``["tanh"]`` (``"linear"`` for none).
    """
    names = (
        getattr(model.get_layer(name).activation, "__name__", "linear")
        for name in conv_layers(model)
    )
    return list(dict.fromkeys(names))


def conv_filters(model: Any, layer_name: str) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """The kernels and biases of a convolution layer.

    Args:
        model: a Keras model.
        layer_name: one of :func:`conv_layers`.

    Returns:
        ``(kernel, bias)``: kernel ``(KH, KW, C_in, F)``, bias ``(F,)`` (zeros when
        the layer has no bias).

    Raises:
        ValueError: no such layer, or it is not a Conv2D layer.
    """
    if layer_name not in conv_layers(model):
        raise ValueError(
            f"layer {layer_name!r} is not a Conv2D layer of {model.name!r}; "
            f"conv layers: {conv_layers(model)}"
        )
    layer = model.get_layer(layer_name)
    kernel = np.asarray(layer.kernel, dtype=np.float32)
    bias = (
        np.asarray(layer.bias, dtype=np.float32)
        if layer.use_bias
        else np.zeros(kernel.shape[-1], np.float32)
    )
    return kernel, bias


def _input(model: Any) -> Any:
    """The model's input tensor (the list when it has several), for building sub-models."""
    return model.inputs[0] if len(model.inputs) == 1 else model.inputs


def _activation_model(model: Any) -> Any:
    """One sub-model with every layer's output, built once per model."""
    sub = _ACTIVATION_MODELS.get(model)
    if sub is None:
        import keras

        sub = keras.Model(_input(model), [layer.output for layer in _layers(model)])
        _ACTIVATION_MODELS[model] = sub
    return sub


def activations(model: Any, x: NDArray) -> list[LayerActivation]:
    """Every layer's output for one image.

    Args:
        model: a Keras model.
        x: ``(1, H, W, C)`` float32, the model's input.

    Returns:
        One :class:`LayerActivation` per layer (input layers left out), in order;
        the last one is the model's output.

    Raises:
        ValueError: ``x`` is not one image of the model's input shape.
    """
    x = _batch(model, x)
    if x.shape[0] != 1:
        raise ValueError(f"activations take one image, got a batch of {x.shape[0]}")
    outputs = _graph(_activation_model(model))(x)
    return [
        LayerActivation(layer.name, type(layer).__name__, np.asarray(out, np.float32)[0])
        for layer, out in zip(_layers(model), outputs, strict=True)
    ]


def predict_proba(model: Any, x: NDArray) -> NDArray[np.float32]:
    """Class probabilities, via ``model(x, training=False)`` (not ``predict``).

    Args:
        model: a Keras classifier.
        x: ``(N, H, W, C)`` float32.

    Returns:
        ``(N, classes)`` float32; each row sums to 1 (a softmax is applied when
        the model outputs logits).
    """
    out = np.asarray(_graph(model)(_batch(model, x)), dtype=np.float32)
    return _as_probabilities(out)


def _as_probabilities(out: NDArray[np.float32]) -> NDArray[np.float32]:
    if np.all(out >= 0) and np.allclose(out.sum(axis=1), 1.0, atol=1e-3):
        return out
    shifted = np.exp(out - out.max(axis=1, keepdims=True))
    return (shifted / shifted.sum(axis=1, keepdims=True)).astype(np.float32)


def top_classes(probs: NDArray, class_names: list[str], k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` most probable classes, most probable first.

    Args:
        probs: ``(classes,)`` or ``(1, classes)``.
        class_names: one name per class.
        k: how many to return (at most the number of classes).

    Raises:
        ValueError: ``probs`` and ``class_names`` differ in length, or ``k < 1``.
    """
    probs = np.asarray(probs, dtype=np.float64).reshape(-1)
    if len(probs) != len(class_names):
        raise ValueError(f"{len(probs)} probabilities but {len(class_names)} class names")
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    order = np.argsort(-probs, kind="stable")[:k]
    return [(class_names[i], float(probs[i])) for i in order]


def grad_cam(
    model: Any, x: NDArray, class_index: int, *, layer_name: str | None = None
) -> NDArray[np.float32]:
    """Grad-CAM: where in the image the evidence for ``class_index`` lies.

    The gradient of the class score with respect to a conv layer's feature maps,
    multiplied by those maps position by position and summed over the maps; the
    positive part is resized to the input. The class score is the one before the
    model's final softmax (:func:`_class_scores`), as in the Grad-CAM paper
    (Selvaraju et al. 2017): a probability near 100 % barely moves. The product is
    taken at each position (the HiResCAM form, Draelos & Carin 2020) rather than with
    the gradient averaged over each map first (the paper's form; the same map for a
    model that ends in global average pooling): after a ``Flatten`` and a ``Dense``
    layer, as in the course's CNNs, each position has weights of its own, and
    averaging their gradients cancelled them out. On the 100 shipped test images (the
    predicted class), maps that were all zero / put under a fifth of their heat on the
    object: averaged gradients of the probability (before) 5 / 29, of the pre-softmax
    score 13 / 38; this form 0 / 4.

    Args:
        model: a Keras classifier with at least one Conv2D layer.
        x: ``(1, H, W, C)`` float32.
        class_index: the class to explain.
        layer_name: the conv layer; ``None`` means the last one.

    Returns:
        ``(H, W)`` float32 in [0, 1], divided by its own maximum (every map reaches 1
        somewhere), or all zeros when nothing in the layer speaks for the class.

    Raises:
        ValueError: bad ``x``, ``class_index`` or ``layer_name``, or no conv layer.
    """
    import tensorflow as tf

    x = _batch(model, x)
    names = conv_layers(model)
    if not names:
        raise ValueError(f"model {model.name!r} has no Conv2D layer for Grad-CAM")
    layer_name = names[-1] if layer_name is None else layer_name
    if layer_name not in names:
        raise ValueError(f"layer {layer_name!r} is not a Conv2D layer; conv layers: {names}")
    classes = int(model.outputs[0].shape[-1])
    if not 0 <= class_index < classes:
        raise ValueError(f"class_index {class_index} is outside 0..{classes - 1}")
    cam = np.asarray(_cam_graph(model, layer_name)(x[:1], tf.constant(class_index, tf.int32)))
    height, width = x.shape[1:3]
    cam = cv2.resize(cam[0].astype(np.float32), (width, height), interpolation=cv2.INTER_LINEAR)
    peak = float(cam.max())
    return (cam / peak if peak > 0 else np.zeros_like(cam)).clip(0.0, 1.0).astype(np.float32)


def _cam_graph(model: Any, layer_name: str) -> Any:
    """A graph ``(x (1, H, W, C), class) -> (1, h, w)``: at each position of the layer's
    maps, the sum over the maps of map × the gradient of the class score
    (:func:`_class_scores`) with respect to it, negatives set to 0. Built and traced
    once per layer.
    """
    per_model = _GRAD_MODELS.setdefault(model, {})
    if layer_name not in per_model:
        import tensorflow as tf

        sub = _maps_and_output(model, layer_name)
        scores = _class_scores(_layers(model)[-1])
        spec = tf.TensorSpec((1, *model.inputs[0].shape[1:]), tf.float32)

        def cam(x: Any, class_index: Any) -> Any:
            with tf.GradientTape() as tape:
                maps, last_input = sub(x, training=False)
                score = tf.gather(scores(last_input), class_index, axis=1)
            return tf.nn.relu(tf.reduce_sum(maps * tape.gradient(score, maps), axis=-1))

        per_model[layer_name] = tf.function(
            cam, input_signature=[spec, tf.TensorSpec((), tf.int32)], autograph=False
        )
    return per_model[layer_name]


def _class_scores(last: Any) -> Any:
    """The class scores before the final softmax, from the input of the model's last layer.

    ``last`` is the model's last layer. A ``Dense`` layer with an activation (the
    models here end with ``Dense(classes, softmax)``; ``sigmoid`` alike) gives its
    output before that activation, ``x @ kernel + bias``; a ``Softmax`` layer, or an
    ``Activation("softmax")``, gives its input. Any other last layer (a ``Dense`` with
    no activation already outputs scores) is applied as it is.

    Returns:
        A function ``(N, ...) last layer's input -> (N, classes)`` scores.
    """
    import keras

    if isinstance(last, keras.layers.Dense) and last.activation is not keras.activations.linear:

        def linear(x: Any) -> Any:
            scores = keras.ops.matmul(x, last.kernel)
            return scores + last.bias if last.use_bias else scores

        return linear
    softmax = isinstance(last, keras.layers.Activation) and last.activation in (
        keras.activations.softmax,
        keras.activations.log_softmax,
    )
    if isinstance(last, keras.layers.Softmax) or softmax:
        return lambda x: x
    return lambda x: last(x, training=False)


def _maps_and_output(model: Any, layer_name: str) -> Any:
    """A model ``x -> (layer_name's maps, the input of the model's last layer)`` whose
    second output is computed from those maps, so that a gradient links them (the class
    scores follow from it: :func:`_class_scores`).

    A ``Sequential`` model loaded from a file gives a graph where the two outputs do
    not connect (the gradient was ``None``: "Tried to convert 'input' to a tensor"), so
    its layers are chained again on a new input; a functional model keeps its graph.

    Raises:
        ValueError: ``layer_name`` is the model's last layer.
    """
    import keras

    last = _layers(model)[-1]
    if layer_name == last.name:  # no layer after it gives the scores
        raise ValueError(f"Grad-CAM needs a layer after {layer_name!r}, the model's last")
    if not isinstance(model, keras.Sequential):
        return keras.Model(_input(model), [model.get_layer(layer_name).output, last.input])
    inputs = keras.Input(model.inputs[0].shape[1:])
    outputs = inputs
    for layer in _layers(model)[:-1]:
        outputs = layer(outputs)
        if layer.name == layer_name:
            maps = outputs
    return keras.Model(inputs, [maps, outputs])


def overlay_heatmap(image: NDArray, heat: NDArray, alpha: float = 0.45) -> NDArray[np.uint8]:
    """Blend a [0, 1] heat map (jet colours) over an image.

    Args:
        image: ``(H, W)``, ``(H, W, 1)`` or ``(H, W, 3)``; uint8, or float in [0, 1].
        heat: ``(h, w)`` in [0, 1]; resized to ``(H, W)``.
        alpha: weight of the heat map, in [0, 1].

    Returns:
        ``(H, W, 3)`` uint8 RGB.

    Raises:
        ValueError: bad shapes or ``alpha``.
    """
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be in [0, 1], got {alpha}")
    image = np.asarray(image)
    heat = np.asarray(heat, dtype=np.float32)
    if heat.ndim != 2:
        raise ValueError(f"heat must be (h, w), got shape {heat.shape}")
    image = as_rgb_uint8(image)
    height, width = image.shape[:2]
    heat = cv2.resize(heat, (width, height), interpolation=cv2.INTER_LINEAR)
    heat_u8 = (np.clip(heat, 0.0, 1.0) * 255).round().astype(np.uint8)
    colour = cv2.cvtColor(cv2.applyColorMap(heat_u8, cv2.COLORMAP_JET), cv2.COLOR_BGR2RGB)
    return cv2.addWeighted(colour, alpha, image, 1.0 - alpha, 0.0)


def layer_table(model: Any) -> list[LayerRow]:
    """Each layer with its output shape and its parameter count derived by formula.

    Conv2D: ``(FH·FW·C_in + 1)·F``; Dense: ``(in + 1)·out`` (no ``+ 1`` without a
    bias); BatchNormalization: ``4·C``; layers without weights: ``0``. Other layers
    with weights fall back to Keras's own count. The ``formula_params`` column sums
    to ``model.count_params()``.
    """
    return [_row(layer) for layer in _layers(model)]


def _row(layer: Any) -> LayerRow:
    import keras

    kind = type(layer).__name__
    params = int(layer.count_params())
    bias = " + 1" if getattr(layer, "use_bias", False) else ""
    if isinstance(layer, keras.layers.Conv2D):
        kh, kw, c_in, filters = (int(d) for d in layer.kernel.shape)
        value = (kh * kw * c_in + bool(bias)) * filters
        formula = f"({kh}·{kw}·{c_in}{bias})·{filters} = {value:,}"
    elif isinstance(layer, keras.layers.Dense):
        units_in, units_out = (int(d) for d in layer.kernel.shape)
        value = (units_in + bool(bias)) * units_out
        formula = f"({units_in:,}{bias})·{units_out:,} = {value:,}"
    elif isinstance(layer, keras.layers.BatchNormalization):
        channels = int(layer.moving_mean.shape[0])
        per_channel = 2 + int(layer.center) + int(layer.scale)
        value = per_channel * channels
        formula = f"{per_channel}·{channels} = {value:,}"
    elif params == 0:
        value, formula = 0, "0"
    else:
        value, formula = params, f"{params:,}"
    return LayerRow(layer.name, kind, _shape(layer), params, formula, value)


def load_test_images(
    dataset: str, samples_dir: Path = SAMPLES_DIR, *, per_class: int = 5
) -> tuple[NDArray[np.float32], NDArray[np.int64]] | None:
    """A few real test images per class to feed a model of ``dataset``.

    Reads the shipped ``<samples_dir>/test_images_<dataset>.npz`` (x uint8
    ``(N, H, W)`` or ``(N, H, W, C)``, y ``(N,)``); without it, draws ``per_class``
    images from the dataset's test set when the Keras cache already holds it (no
    download is attempted).

    Returns:
        ``(x, y)``: float32 ``(N, H, W, C)`` in [0, 1] and int64 labels, or ``None``
        when neither source is there.
    """
    path = samples_dir / f"test_images_{dataset}.npz"
    if path.is_file():
        with np.load(path) as data:
            x, y = data["x"], data["y"]
        x = x[..., None] if x.ndim == 3 else x
        return (x.astype(np.float32) / 255.0), y.astype(np.int64)
    from cnn_core import datasets

    info = datasets.DATASETS.get(dataset)
    if info is None:
        return None
    cache = Path(datasets.keras_cache_dir())
    if not all((cache / name).exists() for name in info.cache_files):
        return None
    try:
        return datasets.sample_images(dataset, per_class=per_class)
    except datasets.DatasetUnavailable:
        return None
