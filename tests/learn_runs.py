"""Tiny finished runs (with their per-epoch checkpoints, as every run keeps), for the
page tests of a run's epochs, the board and the code."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cnn_core.runs import RunStore
from cnn_core.train_config import CustomSpec, TrainConfig

TINY = TrainConfig(
    dataset="fashion_mnist",
    model="custom",
    custom=CustomSpec(conv_blocks=1, filters=4, dense_units=0, dropout=0.0),
    epochs=2,
    batch_size=128,
    train_subset=600,
    patience=50,
)


def train_runs(root: Path, epochs: tuple[int, ...] = (2, 3)) -> list[str]:
    """Train one tiny run per entry of ``epochs`` into ``root``; their ids, in order."""
    from cnn_core.datasets import DatasetUnavailable, sample_images
    from cnn_core.training import train

    try:
        sample_images("fashion_mnist", per_class=1)
    except DatasetUnavailable as err:
        pytest.skip(f"Fashion-MNIST is not in the Keras cache: {err}")
    store = RunStore(root)
    return [
        train(dataclasses.replace(TINY, epochs=n, seed=i), store).run_id
        for i, n in enumerate(epochs)
    ]
