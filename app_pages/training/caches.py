"""The training page's server-wide cache: a run's model on its dataset's whole test
set, behind the confusion matrix's clickable cells (:func:`cached_test_probabilities`).

Keyed by the run's model key (:func:`ui.models.model_file_key`, as the explorer keys
the same run) and the dataset; the model travels unhashed as ``_model``. Shared by
every session of the server. Callers must not mutate what it returns.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from cnn_core import datasets, inspection

TEST_BATCH = 1000
"""Test images predicted at once by :func:`cached_test_probabilities` (12 MB of CIFAR-10)."""


@st.cache_data(max_entries=64, show_spinner=False)
def _test_probabilities(
    model_key: str, dataset: str, _model: Any, _images: NDArray[np.uint8]
) -> NDArray[np.float32]:
    """The ``(N, classes)`` probabilities of a model on ``dataset``'s ``(N, H, W, C)`` test images.

    One entry is 0.4 MB for 10,000 images of ten classes: room for every student's run
    of a class, so that a click on a confusion cell never predicts the test set again.
    """
    return np.concatenate(
        [
            inspection.predict_proba(
                _model, datasets.scale_images(_images[start : start + TEST_BATCH])
            )
            for start in range(0, len(_images), TEST_BATCH)
        ]
    )


def cached_test_probabilities(
    model_key: str, dataset: str, _model: Any
) -> tuple[NDArray[np.uint8], NDArray[np.int64], NDArray[np.float32]] | None:
    """A run's model on its dataset's whole test set: ``(images, y, probabilities)``.

    ``images`` is ``(N, H, W, C)`` uint8 and ``y`` ``(N,)``, the read-only arrays
    :func:`cnn_core.datasets.raw_test_set` keeps once per server process for every
    model; probabilities ``(N, classes)`` are computed once per server and model
    (seconds for 10,000 images). ``None`` when the dataset is not on this server.
    """
    try:
        images, labels = datasets.raw_test_set(dataset)
    except datasets.DatasetUnavailable:
        return None
    return images, labels, _test_probabilities(model_key, dataset, _model, images)
