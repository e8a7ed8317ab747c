"""A small class at once, at the protocol level: six students in one second, one training.

What ``bench/load_sessions.py`` measures, made small enough for CI and checked
strictly: the teacher starts a "quick" run through the training page (2,000
images, the page's smallest choice); at once six students (Korean and English by
turns) start within one second, each uploading their own sketch of a 3 (distinct
bytes), and tour every page. Any exception box, unfinished run, missing text,
timeout, failed run or server traceback fails the test; each student must see a
"3" and probabilities of their own image (no two students get the same numbers,
so no one was served another's result). Needs Fashion-MNIST in the Keras cache
(CI provides it; without it the test is skipped, a failure under
``CNN_EXPLORER_STRICT=1``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
from pathlib import Path

import pytest

from app_harness.burst import run_burst
from app_harness.scenarios import PAGE_ORDER
from cnn_core.datasets import DATASETS
from cnn_core.runs import RunStore

STUDENTS = 6
SPREAD_S = 1.0

pytestmark = pytest.mark.dataset


def run_apart(coroutine):
    """``asyncio.run`` in a thread of its own (the browser tests' sync Playwright keeps an
    event loop running in this one)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def fashion_mnist_files() -> None:
    """Skip (a failure under strict mode) when Fashion-MNIST's files are not cached."""
    cache = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")) / "datasets"
    missing = [f for f in DATASETS["fashion_mnist"].cache_files if not (cache / f).is_file()]
    if missing:
        pytest.skip(f"Fashion-MNIST not in the Keras cache {cache}: missing {missing}")


def test_six_students_in_one_second_while_a_training_runs_each_see_their_own_answer(
    fashion_mnist_files, app_server
):
    log_start = len(app_server.log())
    result = run_apart(
        run_burst(
            app_server.url,
            STUDENTS,
            trainings=1,
            train_subset=2_000,
            spread_s=SPREAD_S,
            wait_training_s=0,  # the burst meets the run while it loads and trains
            done_timeout_s=300,
        )
    )

    assert result.problems == []
    assert result.start_spread_s <= SPREAD_S
    steps = ["open", *PAGE_ORDER, "predict upload", "explorer activations"]
    assert sorted(step for step, _ in result.times) == sorted(steps * STUDENTS)
    shown = [answers for _, answers in sorted(result.answers.items())]
    assert [len(answers) for answers in shown] == [1] * STUDENTS
    lines = [answers[0][0] for answers in shown]
    assert all(line.startswith("**3**") for line in lines), lines
    bars = [answers[0][1] for answers in shown]
    assert all(len(values) == 10 for values in bars), bars
    assert len(set(bars)) == STUDENTS, "two students were shown the same probabilities"

    assert len(result.job_ids) == 1
    record = RunStore(app_server.runs_dir).get(result.job_ids[0])
    assert record.status == "finished", record.metrics
    assert len(record.history["loss"]) >= 1
    assert app_server.log_alarms(log_start) == []
