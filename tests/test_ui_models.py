"""The server-wide caches of ui.models under a class clicking at once."""

from __future__ import annotations

import threading
import time

import pytest

from cnn_core import activation_max
from ui import models

TIMEOUT = 10


@pytest.fixture
def dreams(monkeypatch):
    """``maximize`` replaced by a recorder that holds until ``release`` is set."""
    models._dreams.clear()
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
    models._dreams.clear()


def _ask_at_once(students: int) -> tuple[list[threading.Thread], list[object]]:
    answers: list[object] = []

    def ask() -> None:
        try:
            answers.append(models.cached_dream("shipped:m", "conv1", 3, None))
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
    assert models.cached_dream("shipped:m", "conv1", 4, None) == "dream conv1 4"


def test_when_the_making_fails_the_next_student_makes_it_again(dreams):
    calls, release, fail_first = dreams
    fail_first(RuntimeError("out of memory"))
    threads, answers = _ask_at_once(2)
    release.set()
    for thread in threads:
        thread.join(TIMEOUT)
    assert calls == [("conv1", 3)] * 2
    assert sorted(map(str, answers)) == ["dream conv1 3", "out of memory"]
    assert not models._dreams().making
