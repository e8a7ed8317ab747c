"""The server-wide caches one page keeps in its own folder (the explorer's pictures of
what a filter wants to see and their test pool, the training page's test-set
probabilities) under a class clicking at once."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from app_pages.explorer import caches as explorer_caches
from app_pages.training import caches as training_caches
from cnn_core import activation_max, inspection

TIMEOUT = 10


@pytest.fixture
def dreams(monkeypatch):
    """``maximize`` replaced by a recorder that holds until ``release`` is set."""
    explorer_caches._dreams.clear()
    calls: list[tuple[str, int]] = []
    release = threading.Event()
    failures = iter([])

    def maximize(model, layer, unit, on_step=None):
        calls.append((layer, unit))
        release.wait(TIMEOUT)
        error = next(failures, None)
        if error is not None:
            raise error
        return f"dream {layer} {unit}"

    monkeypatch.setattr(activation_max, "maximize", maximize)

    def fail_first(*errors: Exception) -> None:
        nonlocal failures
        failures = iter(errors)

    yield calls, release, fail_first
    explorer_caches._dreams.clear()


def _ask_at_once(students: int) -> tuple[list[threading.Thread], list[object]]:
    answers: list[object] = []

    def ask() -> None:
        try:
            answers.append(explorer_caches.cached_dream("shipped:m", "conv1", 3, None))
        except RuntimeError as err:
            answers.append(err)

    threads = [threading.Thread(target=ask) for _ in range(students)]
    for thread in threads:
        thread.start()
    return threads, answers


def test_a_class_asking_for_the_same_picture_at_once_makes_it_once(dreams):
    calls, release, _ = dreams
    threads, answers = _ask_at_once(8)
    time.sleep(0.2)  # every student has asked; the first is still making it
    assert calls == [("conv1", 3)]
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert calls == [("conv1", 3)]
    assert answers == ["dream conv1 3"] * 8
    assert explorer_caches.cached_dream("shipped:m", "conv1", 4, None) == "dream conv1 4"


def test_when_the_making_fails_the_next_student_makes_it_again(dreams):
    calls, release, fail_first = dreams
    fail_first(RuntimeError("out of memory"))
    threads, answers = _ask_at_once(2)
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert calls == [("conv1", 3)] * 2
    assert sorted(map(str, answers)) == ["dream conv1 3", "out of memory"]
    assert not explorer_caches._dreams().making


def test_every_students_test_set_probabilities_stay_cached(monkeypatch):
    """Five students each open a confusion cell of their own run: each click after the
    first reads the probabilities back (no test set predicted again in the web
    process), and the test images are kept once for all the runs."""
    predicted: list[tuple[int, int]] = []

    def predict_proba(model: int, x: np.ndarray) -> np.ndarray:
        predicted.append((model, len(x)))
        return np.full((len(x), 10), model / 10, np.float32)

    monkeypatch.setattr(inspection, "predict_proba", predict_proba)
    training_caches._test_probabilities.clear()
    runs = range(5)
    first = [
        training_caches.cached_test_probabilities(f"run:{run}", "mnist_subset", run) for run in runs
    ]
    assert sorted({model for model, _ in predicted}) == list(runs)
    assert sum(images for _, images in predicted) == 5 * 2_000  # the held-out digits
    predicted.clear()
    for _ in range(2):  # the students click again, in turn
        again = [
            training_caches.cached_test_probabilities(f"run:{run}", "mnist_subset", run)
            for run in runs
        ]
    assert predicted == []
    for run, (images, labels, probs) in zip(runs, again, strict=True):
        assert images is first[0][0] and labels is first[0][1]  # one copy for every run
        assert images.shape == (2_000, 28, 28, 1) and images.dtype == np.uint8
        assert not images.flags.writeable
        assert probs.shape == (2_000, 10) and probs[0, 0] == np.float32(run / 10)
    training_caches._test_probabilities.clear()


def test_the_dreams_test_pool_is_the_test_sets_first_images_as_kept():
    """The pool shares the dataset's uint8 test images (no float copy of the training
    set is made to get them) and equals what the float loader rounds back to."""
    from cnn_core import datasets

    explorer_caches.cached_test_pool.clear()
    x, y = explorer_caches.cached_test_pool("mnist_subset")
    data = datasets.load_dataset("mnist_subset")
    count = min(explorer_caches.TOP_POOL, len(data.x_test))
    assert x.shape == (count, 28, 28, 1) and x.dtype == np.uint8 and not x.flags.writeable
    np.testing.assert_array_equal(x, np.round(data.x_test[:count] * 255).astype(np.uint8))
    np.testing.assert_array_equal(y, data.y_test[:count])
    assert np.shares_memory(x, datasets.raw_test_set("mnist_subset")[0])
