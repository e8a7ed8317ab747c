"""Tiny finished runs that keep per-epoch checkpoints, for the issue-16 page tests.

``cnn_core.training`` gets the checkpoint callback through its hook (one line in
its callback list); until that line is there, :func:`train_with_checkpoints` adds the
callback the same way, by wrapping ``_standard_callbacks`` for the call.
"""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

import pytest

from cnn_core.models import CustomSpec
from cnn_core.runs import RunStore
from cnn_core.train_config import TrainConfig

TINY = TrainConfig(
    dataset="fashion_mnist",
    model="custom",
    custom=CustomSpec(conv_blocks=1, filters=4, dense_units=0, dropout=0.0),
    epochs=2,
    batch_size=128,
    train_subset=600,
    patience=50,
)


@contextlib.contextmanager
def checkpoint_hook():
    """``cnn_core.training`` with the checkpoint callback in its list, for the block."""
    from cnn_core import checkpoints, training

    if "checkpoint_callback" in Path(training.__file__).read_text(encoding="utf-8"):
        yield  # the hook is in place
        return
    original = training._standard_callbacks

    def with_checkpoints(run_path, monitor, patience):
        return [*original(run_path, monitor, patience), checkpoints.checkpoint_callback(run_path)]

    training._standard_callbacks = with_checkpoints
    try:
        yield
    finally:
        training._standard_callbacks = original


def train_runs(root: Path, epochs: tuple[int, ...] = (2, 3)) -> list[str]:
    """Train one tiny run per entry of ``epochs`` into ``root``; their ids, in order."""
    from cnn_core.datasets import DatasetUnavailable, sample_images
    from cnn_core.training import train

    try:
        sample_images("fashion_mnist", per_class=1)
    except DatasetUnavailable as err:
        pytest.skip(f"Fashion-MNIST is not in the Keras cache: {err}")
    store = RunStore(root)
    with checkpoint_hook():
        return [
            train(dataclasses.replace(TINY, epochs=n, seed=i), store).run_id
            for i, n in enumerate(epochs)
        ]
