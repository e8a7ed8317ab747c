"""The one-click presets on the MNIST digits that ship with the app (no download).

A preset is made for Fashion-MNIST, but a student may switch the dataset to the
bundled digits: 8,000 training images, a few hundred steps. The model must then
answer on the held-out digits as well as training said it would (the BatchNorm
moving averages settle: ``cnn_core.models.NORM_MOMENTUM``).
"""

from __future__ import annotations

import dataclasses
import threading

import pytest

from cnn_core.runs import RunStore
from cnn_core.train_config import PRESETS
from cnn_core.training import train


@pytest.mark.parametrize("seed", [0, 1])
def test_the_quick_preset_on_the_bundled_digits_answers_the_held_out_ones(tmp_path, seed):
    config = dataclasses.replace(PRESETS["quick"], dataset="mnist_subset", seed=seed)
    record = train(config, RunStore(tmp_path), stop_event=threading.Event())
    assert record.status == "finished"
    assert record.history["accuracy"][-1] > 0.95
    assert record.metrics["test_accuracy"] > 0.95  # 67.7 / 52.7 % at Keras's momentum 0.99
