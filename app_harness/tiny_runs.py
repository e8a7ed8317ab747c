"""Tiny real training runs (seconds, not minutes): the reliability and fault tests and
the memory benchmark train with these."""

from __future__ import annotations

import dataclasses

from cnn_core.train_config import CustomSpec, TrainConfig

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
