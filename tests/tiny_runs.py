"""Tiny real training runs for the reliability and fault tests (seconds, not minutes)."""

from __future__ import annotations

import dataclasses

import pytest

from cnn_core.models import CustomSpec
from cnn_core.training import TrainConfig

TINY_SPEC = CustomSpec(
    conv_blocks=1, filters=4, kernel_size=3, pooling="max", dropout=0.0, dense_units=0
)


def tiny_config(**overrides) -> TrainConfig:
    """A one-conv-block model on 300 Fashion-MNIST images, 1 epoch (override freely)."""
    config = TrainConfig(
        dataset="fashion_mnist",
        model="custom",
        custom=TINY_SPEC,
        epochs=1,
        batch_size=64,
        optimizer="adam",
        learning_rate=3e-3,
        train_subset=300,
        validation_split=0.2,
        patience=50,  # no early stopping: every planned epoch runs
        seed=0,
    )
    return dataclasses.replace(config, **overrides)


def require_fashion_mnist() -> None:
    """Skip (a failure under CNN_EXPLORER_STRICT=1) when Fashion-MNIST cannot be loaded."""
    from cnn_core.datasets import DatasetUnavailable, load_dataset

    try:
        load_dataset("fashion_mnist", train_subset=10)
    except DatasetUnavailable as err:
        pytest.skip(
            "Fashion-MNIST not in the Keras cache "
            f"(scripts/install_test_tools.sh installs it): {err}"
        )
