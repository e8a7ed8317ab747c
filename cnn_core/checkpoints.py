"""A run's weights over time: one checkpoint before training and one after each epoch.

Files, in a run's folder (:mod:`cnn_core.runs`)::

    checkpoints/epoch_000.npz   the initial weights (before the first batch)
    checkpoints/epoch_001.npz   the weights after epoch 1
    ...

Each file is an uncompressed ``.npz`` of every weight of the model, trainable or not
(a ``BatchNormalization``'s moving mean and variance too), keyed by layer and
weight name (``"conv1/kernel"``); written whole through
:func:`cnn_core.runs.atomic_write`, so a reader sees the old file or the new one.

The cap: at most :data:`MAX_CHECKPOINTS` files (epoch 0 and the first
``MAX_CHECKPOINTS - 1`` epochs) and at most :data:`MAX_BYTES` per run. A checkpoint
that would pass either limit is not written (the run's ``model.keras`` still holds
the best weights). On 28x28 images one checkpoint of the built-in architectures is
0.11 MB (the LeNet-style net) to 4.8 MB (the Keras-book CNN, 1,199,882 weights): 31
of the course CNN's 1.3 MB stay near 41 MB, while the Keras-book CNN's stop at the
byte cap after 13 files (epoch 0 and the first 12 epochs).

:func:`checkpoint_callback` is the Keras callback :func:`cnn_core.training.train`
adds; :func:`checkpoint_epochs`, :func:`read_checkpoint` and
:func:`apply_checkpoint` read them back. This module imports Keras only inside
:func:`checkpoint_callback` and :func:`model_at_epoch`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from cnn_core.runs import atomic_write

if TYPE_CHECKING:  # annotations only: Keras (TensorFlow) is imported where a model is needed
    import keras

CHECKPOINT_DIR = "checkpoints"
"""The folder of a run that holds its checkpoints."""
MAX_CHECKPOINTS = 31
"""At most this many checkpoints per run: epoch 0 and epochs 1 to 30."""
MAX_BYTES = 64 * 1024 * 1024
"""At most this many bytes of checkpoints per run (64 MiB)."""
_NAME = re.compile(r"^epoch_(\d{3,})\.npz$")


def checkpoint_path(run_path: Path, epoch: int) -> Path:
    """``<run>/checkpoints/epoch_<NNN>.npz``.

    Raises:
        ValueError: ``epoch`` is negative or not an int.
    """
    if not isinstance(epoch, int | np.integer) or isinstance(epoch, bool) or epoch < 0:
        raise ValueError(f"epoch must be an int >= 0, got {epoch!r}")
    return Path(run_path) / CHECKPOINT_DIR / f"epoch_{int(epoch):03d}.npz"


def _variables(model: keras.Model) -> list[tuple[str, Any]]:
    """``("<layer>/<weight>", variable)`` for every weight, layer by layer.

    Keyed by layer name (unique in a model) rather than by Keras's variable path,
    which starts with the model's name in a ``Sequential`` model and so changes
    with a clone.
    """
    return [
        (f"{layer.name}/{variable.name}", variable)
        for layer in model.layers
        for variable in layer.weights
    ]


def model_weights(model: keras.Model) -> dict[str, NDArray]:
    """Every weight of ``model`` as ``{"<layer>/<weight>": array}``, numpy copies."""
    return {key: np.array(variable) for key, variable in _variables(model)}


def _encode(weights: dict[str, NDArray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **weights)
    return buffer.getvalue()


def save_checkpoint(run_path: Path, epoch: int, weights: dict[str, NDArray]) -> bool:
    """Write one checkpoint unless it would pass the cap.

    Args:
        run_path: the run's folder (must exist).
        epoch: 0 for the initial weights, ``k`` after epoch ``k``.
        weights: :func:`model_weights` of the model: ``"<layer>/<weight>"`` -> an
            array of that weight's own shape (a Conv2D kernel ``(KH, KW, C, F)``, its
            bias ``(F,)``; any shape is stored as it is).

    Returns:
        ``True`` when written; ``False`` when :data:`MAX_CHECKPOINTS` or
        :data:`MAX_BYTES` would be passed.

    Raises:
        ValueError: bad ``epoch`` or no weights.
        cnn_core.runs.RunStoreError: the folder is not writable.
    """
    target = checkpoint_path(run_path, epoch)
    if not weights:
        raise ValueError("a checkpoint needs at least one weight, got none")
    data = _encode(weights)
    folder = target.parent
    folder.mkdir(exist_ok=True)
    existing = [path for path in folder.glob("epoch_*.npz") if path != target]
    used = sum(path.stat().st_size for path in existing)
    if len(existing) >= MAX_CHECKPOINTS or used + len(data) > MAX_BYTES:
        return False
    atomic_write(target, data)
    return True


def checkpoint_epochs(run_path: Path) -> list[int]:
    """The epochs that have a checkpoint in ``run_path``, ascending (``[]`` when none)."""
    folder = Path(run_path) / CHECKPOINT_DIR
    if not folder.is_dir():
        return []
    found = (_NAME.match(path.name) for path in folder.iterdir())
    return sorted(int(match.group(1)) for match in found if match)


def read_checkpoint(run_path: Path, epoch: int) -> dict[str, NDArray]:
    """The weights saved for ``epoch``, as ``{"<layer>/<weight>": array}``.

    Raises:
        ValueError: no checkpoint of that epoch, or the file is unreadable.
    """
    path = checkpoint_path(run_path, epoch)
    try:
        with np.load(path, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}
    except FileNotFoundError:
        raise ValueError(
            f"run {Path(run_path).name!r} has no checkpoint of epoch {epoch}; "
            f"it has {checkpoint_epochs(run_path)}"
        ) from None
    except (OSError, ValueError) as err:
        raise ValueError(f"unreadable checkpoint {path}: {err}") from err


def apply_checkpoint(model: keras.Model, weights: dict[str, NDArray]) -> None:
    """Set every weight of ``model`` from ``weights`` (mutates ``model``).

    Raises:
        ValueError: a weight of the model is missing or has another shape (nothing
            is changed then).
    """
    pairs = []
    for path, variable in _variables(model):
        if path not in weights:
            raise ValueError(f"the checkpoint lacks {path!r}; it holds {sorted(weights)}")
        value = weights[path]
        if tuple(value.shape) != tuple(variable.shape):
            raise ValueError(
                f"{path!r} has shape {tuple(variable.shape)} in the model, "
                f"{tuple(value.shape)} in the checkpoint"
            )
        pairs.append((variable, value))
    for variable, value in pairs:
        variable.assign(value)


def model_at_epoch(model: keras.Model, run_path: Path, epoch: int) -> keras.Model:
    """A new model with ``model``'s architecture and the weights of ``epoch``.

    ``model`` itself is not changed (it may be shared in a cache).

    Raises:
        ValueError: no such checkpoint, or it does not fit the model.
    """
    import keras

    weights = read_checkpoint(run_path, epoch)
    copy = keras.models.clone_model(model)
    apply_checkpoint(copy, weights)
    return copy


def checkpoint_callback(run_path: Path) -> keras.callbacks.Callback:
    """The Keras callback that writes a run's checkpoints (:func:`save_checkpoint`).

    Saves epoch 0 in ``on_train_begin`` and epoch ``k`` in ``on_epoch_end`` of the
    ``k``-th epoch (Keras counts epochs from 0 there), until the cap is reached.
    ``callback.saved`` lists the epochs written, ``callback.skipped`` those the cap left out.
    """
    import keras

    class EpochCheckpoints(keras.callbacks.Callback):
        """Weights before training and after every epoch, into ``<run>/checkpoints``."""

        def __init__(self) -> None:
            super().__init__()
            self.run_path = Path(run_path)
            self.saved: list[int] = []
            self.skipped: list[int] = []

        def _save(self, epoch: int) -> None:
            if save_checkpoint(self.run_path, epoch, model_weights(self.model)):
                self.saved.append(epoch)
            else:
                self.skipped.append(epoch)

        def on_train_begin(self, logs=None):
            self._save(0)

        def on_epoch_end(self, epoch, logs=None):
            self._save(epoch + 1)

    return EpochCheckpoints()
