"""Check an uploaded ``.keras`` file before Keras opens it, then load it safely.

A ``.keras`` file (Keras 3) is a zip archive holding ``config.json``,
``model.weights.h5`` and ``metadata.json``. An upload is refused, with a reason
code the page translates, when it is empty or too large, when it is an old HDF5
(``.h5``) file, not a zip at all, a zip without that layout, a zip bomb (judged
from the sizes the central directory declares, before anything is extracted),
when it holds a ``Lambda`` layer (arbitrary code; Keras's ``safe_mode`` refuses
it), when it holds a class Keras does not know (a custom layer: the app loads
Keras's own classes only), when Keras cannot load it otherwise, when the model does
not take one image ``(N, H, W, C)`` of a fixed size with ``C`` 1 or 3 (grey or RGB,
what the pages' preprocessing makes) or does not return one vector of class scores
``(N, classes)`` (each of the four its own reason, with the shapes found), when it
has fewer than two classes, when
it is too big for a server a class shares (an input side over :data:`MAX_INPUT_SIDE`,
or layers whose outputs for one image exceed :data:`MAX_ACTIVATION_BYTES`: the
explorer computes and keeps them all), or when it cannot run: one trial pass on a
blank image, through the same TensorFlow graph the pages use, fails: a layer or
model named ``합성곱1`` or ``conv 1`` loads and runs op by op, but TensorFlow refuses
the name in a graph (its own reason, naming them), or anything else.
"""

from __future__ import annotations

import io
import json
import math
import re
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cnn_core.preprocess import CHANNELS
from cnn_core.runs import ARCHIVE_ERRORS

if TYPE_CHECKING:  # annotations only: Keras (TensorFlow) is imported where a model is needed
    import keras

MAX_BYTES = 20 * 1024 * 1024
"""Largest upload accepted (20 MB; the shipped models are under 5 MB)."""

MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
"""Largest total uncompressed size the archive may declare."""

MAX_RATIO = 50.0
"""Largest compression ratio allowed for a member bigger than :data:`RATIO_FLOOR_BYTES`."""

RATIO_FLOOR_BYTES = 1024 * 1024
MAX_CONFIG_BYTES = 5 * 1024 * 1024

MAX_INPUT_SIDE = 512
"""Largest input height or width accepted, in pixels.

The course's datasets are 28×28 and 32×32, common ImageNet models take 224×224
(299×299 for Inception), so 512 leaves room for any of them. A larger side is
refused before anything runs: the pages resize every image to the input, and the
explorer's maps, Grad-CAM and occlusion copies all grow with its area.
"""

MAX_ACTIVATION_BYTES = 128 * 1024 * 1024
"""Largest total float32 output of the layers for one image (128 MB).

The explorer computes every layer's output for an image and the server caches
them, for every student of the class. The shipped models make 0.2 MB; ImageNet
models 58 MB (VGG16), 83 MB (MobileNetV2), 95 MB (EfficientNetB0), 123 MB
(InceptionV3 at 299×299). A few filters can multiply that at the same input
size (Conv2D(4096) on 512×512 makes 4 GB), hence this second limit.
"""

KERAS_MEMBERS: tuple[str, ...] = ("config.json", "model.weights.h5", "metadata.json")
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
ZIP_ERRORS: tuple[type[Exception], ...] = (
    *ARCHIVE_ERRORS,
    RuntimeError,  # an encrypted member
    RecursionError,  # JSON nested too deep
)
"""What reading a hostile archive or its ``config.json`` may raise (json's errors
are ``ValueError``s)."""

REASONS: tuple[str, ...] = (
    "empty",
    "too_large",
    "hdf5",
    "not_zip",
    "not_keras",
    "bad_config",
    "zip_bomb",
    "unsafe",
    "custom_class",
    "load_failed",
    "input_not_image",
    "input_channels",
    "input_size_unknown",
    "output_not_scores",
    "too_few_classes",
    "input_too_large",
    "activations_too_large",
    "bad_names",
    "cannot_run",
)
"""Every :attr:`ModelFileRejected.reason` code."""


SCOPE_NAME = re.compile(r"[A-Za-z0-9_.\\/>-]*")
"""A layer name TensorFlow takes as a name scope in a graph (TensorFlow's own pattern)."""

ROOT_SCOPE_NAME = re.compile(r"[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*")
"""A model name TensorFlow takes as the root name scope (it may not start with ``_ - / >``)."""


class ModelFileRejected(ValueError):
    """An uploaded model file was refused.

    Attributes:
        reason: one of :data:`REASONS`.
        details: what was received (bytes, members, sizes, the Keras message...).
    """

    def __init__(self, reason: str, message: str, **details: Any) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.details = details


def check_model_bytes(data: bytes, *, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """Check an upload's bytes without extracting or loading anything.

    Args:
        data: the uploaded file.
        max_bytes: size limit.

    Returns:
        The parsed ``config.json``.

    Raises:
        ModelFileRejected: ``empty``, ``too_large``, ``hdf5``, ``not_zip``,
            ``not_keras`` (a member missing), ``bad_config`` (``config.json``
            unreadable or not an object), ``zip_bomb`` or ``unsafe`` (a Lambda layer).
    """
    size = len(data)
    if size == 0:
        raise ModelFileRejected("empty", "the file is empty", bytes=0)
    if size > max_bytes:
        raise ModelFileRejected(
            "too_large", f"{size} bytes > {max_bytes}", bytes=size, limit=max_bytes
        )
    if data.startswith(HDF5_SIGNATURE):
        raise ModelFileRejected("hdf5", "an HDF5 (.h5) file, not a .keras archive", bytes=size)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as err:
        raise ModelFileRejected("not_zip", f"not a zip archive: {err}", bytes=size) from err
    with archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        missing = [name for name in KERAS_MEMBERS if name not in names]
        if missing:
            raise ModelFileRejected(
                "not_keras", f"missing {missing}", bytes=size, members=names[:20], missing=missing
            )
        _check_sizes(infos, size)
        try:
            config = json.loads(archive.read("config.json"))
        except ZIP_ERRORS as err:
            raise ModelFileRejected(
                "bad_config", f"unreadable config.json: {err}", bytes=size
            ) from err
    if not isinstance(config, dict):
        raise ModelFileRejected("bad_config", "config.json is not an object", bytes=size)
    lambdas = _lambda_layers(config)
    if lambdas:
        raise ModelFileRejected(
            "unsafe", f"the model holds Lambda layers {lambdas}", bytes=size, layers=lambdas
        )
    return config


def _check_sizes(infos: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse archives whose declared sizes or compression ratios are implausible."""
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ModelFileRejected(
            "zip_bomb",
            f"declares {total} uncompressed bytes > {MAX_UNCOMPRESSED_BYTES}",
            bytes=size,
            uncompressed=total,
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
            raise ModelFileRejected(
                "zip_bomb",
                f"{info.filename} expands {ratio:.0f}x",
                bytes=size,
                uncompressed=total,
                ratio=round(ratio, 1),
            )
    config = next(info for info in infos if info.filename == "config.json")
    if config.file_size > MAX_CONFIG_BYTES:
        raise ModelFileRejected(
            "zip_bomb", f"config.json declares {config.file_size} bytes", bytes=size
        )


def _config_objects(config: Any) -> list[dict[str, Any]]:
    """Every object (a dict with a ``class_name``) of a Keras config, nested models
    included, at any depth (no recursion), in the config's order."""
    found: list[dict[str, Any]] = []
    pending = [config]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "class_name" in node:
                found.append(node)
            pending.extend(reversed(node.values()))
        elif isinstance(node, list):
            pending.extend(reversed(node))
    return found


def _lambda_layers(config: Any) -> list[str]:
    """The names of every ``Lambda`` layer in a Keras config (:func:`_config_objects`);
    ``"?"`` for one without a name."""
    found: list[str] = []
    for node in _config_objects(config):
        if node.get("class_name") == "Lambda":
            inner = node.get("config")
            name = inner.get("name") if isinstance(inner, dict) else node.get("name")
            found.append(str(name) if name is not None else "?")
    return found


def _custom_classes(config: Any) -> list[str]:
    """The class names, each once, of the serialized objects of a Keras config that are
    not Keras's own: Keras saves an object with a ``module`` and a ``registered_name``,
    the module of its own classes starting ``keras``; a custom class has ``None``
    (``@register_keras_serializable``) or the user's module there. Keras's inner
    records without a module (``"__keras_tensor__"``) are not objects."""
    found: list[str] = []
    for node in _config_objects(config):
        if "module" not in node or "registered_name" not in node:
            continue
        module, name = node["module"], str(node["class_name"])
        if not (isinstance(module, str) and module.startswith("keras")) and name not in found:
            found.append(name)
    return found


def load_model_bytes(data: bytes, *, max_bytes: int = MAX_BYTES) -> keras.Model:
    """Check an upload, then load it with ``safe_mode=True`` from a private temp file.

    The bytes go to a file in a fresh private temporary folder (Keras loads from a
    path), which is deleted afterwards whatever happens.

    Args:
        data: the uploaded ``.keras`` file.
        max_bytes: size limit.

    Returns:
        The Keras model; its input is ``(None, H, W, C)``, its output ``(None, classes)``.

    Raises:
        ModelFileRejected: any reason of :func:`check_model_bytes`; ``unsafe`` when
            Keras's safe mode refuses it; ``custom_class`` when Keras cannot load it
            and its config holds classes that are not Keras's own (details:
            ``custom``, their class names, and ``error``, Keras's message);
            ``load_failed`` when Keras cannot load it otherwise (details: ``error``);
            ``input_not_image``, ``input_channels``, ``input_size_unknown`` or
            ``output_not_scores`` (details: ``inputs`` and ``outputs``, the shapes
            as ``"(None, 28, 28, 1)"``, several joined by ``", "``) when it does not
            take one ``(N, H, W, C)`` input, its ``C`` is not 1 or 3, its ``H`` or
            ``W`` is not fixed, or it does not return one ``(N, classes)`` output;
            ``too_few_classes`` when it outputs fewer than 2 class
            scores (details: ``classes``), ``input_too_large`` when ``H`` or ``W`` exceeds
            :data:`MAX_INPUT_SIDE` (details: ``shape`` ``(H, W, C)``, ``limit``),
            ``activations_too_large`` when the layers' outputs for one image exceed
            :data:`MAX_ACTIVATION_BYTES` (details: ``activation_bytes``, ``limit``),
            ``bad_names`` when a trial pass on a blank image fails and the model or
            some layers have names TensorFlow refuses (details: ``names``, those
            names, and ``error``), ``cannot_run`` when it fails otherwise (details:
            ``error``, the first line of TensorFlow's message).
    """
    config = check_model_bytes(data, max_bytes=max_bytes)
    import keras

    with tempfile.TemporaryDirectory(prefix="cnn_explorer_upload_") as folder:
        path = Path(folder) / "upload.keras"
        path.write_bytes(data)
        try:
            model = keras.models.load_model(path, compile=False, safe_mode=True)
        except Exception as err:  # Keras raises many types for bad files
            custom = _custom_classes(config)
            reason = (
                "unsafe" if "safe_mode" in str(err) else "custom_class" if custom else "load_failed"
            )
            raise ModelFileRejected(
                reason,
                f"Keras refused it: {err}",
                bytes=len(data),
                error=str(err)[:300],
                **({"custom": custom} if custom else {}),
            ) from err
    _check_image_model(model, len(data))
    _check_runs(model, len(data))
    return model


def _check_image_model(model: Any, size: int) -> None:
    """Refuse a loaded model the pages cannot feed or read, or one too big to inspect.

    Args:
        model: the loaded Keras model.
        size: the upload's size in bytes (echoed in the details).
    """
    input_shapes = [tuple(tensor.shape) for tensor in getattr(model, "inputs", None) or []]
    output_shapes = [tuple(tensor.shape) for tensor in getattr(model, "outputs", None) or []]
    reason = _shape_problem(input_shapes, output_shapes)
    if reason is not None:
        raise ModelFileRejected(
            reason,
            f"inputs {input_shapes}, outputs {output_shapes}; expected one (N, H, W, C) "
            f"input of a fixed H and W with C in {CHANNELS} and one (N, classes) output",
            bytes=size,
            inputs=", ".join(map(str, input_shapes)),
            outputs=", ".join(map(str, output_shapes)),
        )
    classes = output_shapes[0][1]
    if not (isinstance(classes, int) and classes >= 2):
        raise ModelFileRejected(
            "too_few_classes",
            f"output {output_shapes[0]}: {classes} class scores; a classifier needs at least 2",
            bytes=size,
            classes=classes,
        )
    shape = input_shapes[0][1:]
    if max(shape[:2]) > MAX_INPUT_SIDE:
        raise ModelFileRejected(
            "input_too_large",
            f"input (H, W, C) {shape}; H and W may be at most {MAX_INPUT_SIDE}",
            bytes=size,
            shape=shape,
            limit=MAX_INPUT_SIDE,
        )
    activation_bytes = 4 * _activation_floats(model)
    if activation_bytes > MAX_ACTIVATION_BYTES:
        raise ModelFileRejected(
            "activations_too_large",
            f"its layers output {activation_bytes} bytes for one {shape} image "
            f"> {MAX_ACTIVATION_BYTES}",
            bytes=size,
            shape=shape,
            activation_bytes=activation_bytes,
            limit=MAX_ACTIVATION_BYTES,
        )


def _shape_problem(
    input_shapes: list[tuple[Any, ...]], output_shapes: list[tuple[Any, ...]]
) -> str | None:
    """What keeps the pages from feeding or reading a model of these shapes (Keras's,
    batch first, ``None`` where not fixed), as a :data:`REASONS` code, the input
    first; ``None`` when it takes one ``(N, H, W, C)`` image of a fixed size with ``C``
    in :data:`~cnn_core.preprocess.CHANNELS` and returns one ``(N, classes)`` vector.

    An input of no fixed size is refused, not run at a size chosen here: the pages
    resize every image to the model's input, and the size it was trained at is
    nowhere in the file.
    """
    if len(input_shapes) != 1 or len(input_shapes[0]) != 4:
        return "input_not_image"
    if input_shapes[0][3] not in CHANNELS:
        return "input_channels"
    if not all(isinstance(d, int) and d > 0 for d in input_shapes[0][1:3]):
        return "input_size_unknown"
    if len(output_shapes) != 1 or len(output_shapes[0]) != 2:
        return "output_not_scores"
    return None


def _check_runs(model: Any, size: int) -> None:
    """Refuse a model that fails one trial pass on a blank ``(1, H, W, C)`` image:
    ``bad_names`` when the model or some layers have names TensorFlow refuses in a
    graph (:func:`_bad_names`; TensorFlow's message is then not needed to fix it,
    but kept as ``error``), else ``cannot_run``.

    The pass is :func:`cnn_core.inspection.predict_proba`, the traced graph every
    page uses (kept for them afterwards). It costs one prediction and the trace,
    once per upload (the explorer caches the model): 0.04 s for the shipped models,
    0.4 s for MobileNetV2 at 224×224, 4.5 s for 35×35 convolutions on 512×512 (7.5 MB;
    the file and activation limits keep the worst case near a few times that).
    """
    from cnn_core import inspection

    blank = np.zeros((1, *model.inputs[0].shape[1:]), np.float32)
    try:
        inspection.predict_proba(model, blank)
    except Exception as err:  # TensorFlow raises many types (ValueError, TypeError, ...)
        brief = _brief(str(err)) or type(err).__name__
        names = _bad_names(model)
        if names:
            raise ModelFileRejected(
                "bad_names",
                f"names TensorFlow refuses {names}: {brief}",
                bytes=size,
                names=names,
                error=brief,
            ) from err
        raise ModelFileRejected(
            "cannot_run", f"a trial pass failed: {brief}", bytes=size, error=brief
        ) from err


def _bad_names(model: Any) -> list[str]:
    """The names TensorFlow refuses as name scopes: the model's own
    (:data:`ROOT_SCOPE_NAME`), then its layers', nested models' included
    (:data:`SCOPE_NAME`), in the model's order, each once."""
    import keras

    found = [] if ROOT_SCOPE_NAME.fullmatch(model.name) else [model.name]
    pending = list(reversed(model.layers))
    while pending:
        layer = pending.pop()
        if not SCOPE_NAME.fullmatch(layer.name) and layer.name not in found:
            found.append(layer.name)
        if isinstance(layer, keras.Model):
            pending.extend(reversed(layer.layers))
    return found


ANSI_CODE = re.compile(r"\x1b\[[0-9;]*m")
"""A terminal colour code, as Keras puts around the heart of its messages."""


def _brief(message: str, limit: int = 200) -> str:
    """The first line of an error message that says something, at most ``limit`` characters.

    Keras wraps an error met inside a layer in a heading ("Exception encountered when
    calling Functional.call()."), colour codes and the arguments received; the line
    after the heading is the error itself.
    """
    lines = [line.strip() for line in ANSI_CODE.sub("", message).splitlines()]
    said = [line for line in lines if line and not line.startswith("Exception encountered")]
    line = said[0] if said else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _activation_floats(model: Any) -> int:
    """How many numbers all the layers output for one image, read from their shapes.

    Nothing runs. Nested models count with their own layers; a dimension Keras
    leaves unknown counts as 1.
    """
    import keras

    total = 0
    pending = list(model.layers)
    while pending:
        layer = pending.pop()
        if isinstance(layer, keras.Model):
            pending.extend(layer.layers)
        elif not isinstance(layer, keras.layers.InputLayer):
            for tensor in keras.tree.flatten(layer.output):
                total += math.prod(d or 1 for d in tensor.shape[1:])
    return total
