"""Tiny real training runs for the reliability and fault tests (seconds, not minutes).

The configuration lives in :mod:`app_harness.tiny_runs` (the memory benchmark uses it
too); the skip that needs pytest lives here.
"""

from __future__ import annotations

import pytest

from app_harness.tiny_runs import TINY_SPEC, tiny_config

__all__ = ["TINY_SPEC", "require_fashion_mnist", "tiny_config"]


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
