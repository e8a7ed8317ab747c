"""What the training page's parts share: the server's job manager and run store, the
jobs that are this session's own (started here, or adopted from its browser:
:mod:`app_pages.training.owners`), what went wrong with a job or a run, and how a run
and its model are named and its curves drawn."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from app_pages.training import owners
from cnn_core import figures
from cnn_core.backends import INTERRUPTED, WORKER_DIED
from cnn_core.datasets import DATASETS
from cnn_core.jobs import JobQueue, JobSnapshot, make_job_manager
from cnn_core.paths import BUNDLED_DATA_DIR, runs_dir
from cnn_core.runs import RunRecord, RunStore, error_type, run_started
from cnn_core.train_config import TrainConfig, preset_of
from ui.models import model_label, with_board_name
from ui.state import lang, tr, viewer_zone

JOBS_KEY = "training.jobs"
"""Session key: the ids of this session's own jobs, oldest first: those it submitted
(:func:`own_job`), or, for a session that had none, its browser's
(:func:`adopt_browser_jobs`)."""

FOCUS_KEY = "training.focus"
"""Session key: a run the results section should switch to on its next draw."""

FAILURES_KEY = "training.failures"
"""Session key: the set of this session's failed jobs whose failure the live view no
longer shows (:func:`dismiss_failure`: its Dismiss button, its run deleted, or
another run started: :func:`own_job`)."""

SHOWN_KEY = "training.result_shown"
"""Session key: ``(run_id, config)`` of the run the results section showed last, so that
it can say when that run is gone (deleted outside the page, or broken)."""

FAILURE_KINDS: dict[str, str] = {
    "DatasetUnavailable": "dataset",
    "RunStoreError": "store",
    WORKER_DIED: "died",
    INTERRUPTED: "silent",
}
"""A failed job's kind of failure by its error type (``JobSnapshot.error_type``); any
other type is ``"other"`` (:func:`failure_kind`). The live view's message is
``train.failed.<kind>``, the runs table's short reason ``train.reason.<kind>``."""


@st.cache_resource(show_spinner=False)
def job_manager() -> JobQueue:
    """The one job manager of this server process, shared by every session: local
    worker processes, or a Ray cluster when ``CNN_EXPLORER_RAY_ADDRESS`` is set."""
    return make_job_manager()


def failure_kind(error_type: str | None) -> str:
    """The kind of a failure of type ``error_type``: a value of :data:`FAILURE_KINDS`, or
    ``"other"``."""
    return FAILURE_KINDS.get(error_type or "", "other")


def run_problem(record: RunRecord) -> str | None:
    """What went wrong with a run, for the runs table: ``"broken"`` (files missing or
    damaged), ``"interrupted"`` (the server stopped while it trained), a failed run's
    :func:`failure_kind`, or ``None`` for a run without a problem.

    A failed run's error type is the start of its error text
    (:func:`cnn_core.runs.error_type` of ``train()``'s :func:`~cnn_core.runs.error_text`);
    an error that does not start so is the reason a backend recorded for a worker that
    ended without a result (``WorkerDied``).
    """
    if record.status in ("broken", "interrupted"):
        return record.status
    if record.status != "failed":
        return None
    return failure_kind(error_type(str(record.metrics.get("error", ""))) or WORKER_DIED)


def snapshots(manager: JobQueue, job_ids: list[str]) -> list[JobSnapshot]:
    """The jobs of ``job_ids`` that the manager still knows, in that order."""
    snaps = []
    for job_id in job_ids:
        try:
            snaps.append(manager.snapshot(job_id))
        except KeyError:  # forgotten by a long-lived manager
            continue
    return snaps


def session_snapshots(manager: JobQueue) -> list[JobSnapshot]:
    """:func:`snapshots` of this session's own jobs (:data:`JOBS_KEY`), oldest first."""
    return snapshots(manager, st.session_state.get(JOBS_KEY, []))


def own_job(job_id: str) -> None:
    """Make ``job_id``, just submitted, this session's and its browser's own job; the
    failures of this session's earlier jobs are dismissed (a new run replaces them)."""
    for snap in session_snapshots(job_manager()):
        if snap.state == "failed":
            dismiss_failure(snap.job_id)
    st.session_state[JOBS_KEY] = [*st.session_state.get(JOBS_KEY, []), job_id]
    browser = owners.current_browser_key()
    if browser is not None:
        owners.browser_jobs().add(browser, job_id)


def adopt_browser_jobs() -> None:
    """A session with no jobs of its own (a reload, another tab) takes its browser's jobs
    that the job manager still knows, and their dismissed failures
    (:mod:`app_pages.training.owners`); without a browser key, nothing."""
    browser = owners.current_browser_key()
    if browser is None or st.session_state.get(JOBS_KEY):
        return
    jobs, dismissed = owners.browser_jobs().jobs(browser)
    known = [snap.job_id for snap in snapshots(job_manager(), jobs)]
    if known:
        st.session_state[JOBS_KEY] = known
        st.session_state[FAILURES_KEY] = dismissed & set(known)


def run_store() -> RunStore:
    """The run store at :func:`cnn_core.paths.runs_dir` (read on every call: tests move it)."""
    return RunStore(runs_dir())


def config_model_label(config: TrainConfig) -> str:
    """:func:`ui.models.model_label` of a configuration (its preset found by ``preset_of``)."""
    return model_label(config.model, preset_of(config))


def run_label(record: RunRecord) -> str:
    """``[name · ]<dataset> · <model> · <start time>`` in the current language (the
    model named by :func:`config_model_label`: a preset's name or the architecture's).

    No internal name (``seed_cnn``, ``fashion_mnist``) reaches the screen; a run
    with an unreadable config shows its folder's name.
    """
    return _label(record.run_id, record.config, record.path)


def job_label(job_id: str, config: TrainConfig | None) -> str:
    """:func:`run_label` of a job's run, from the job's own configuration: also when
    its folder is gone or unreadable (then without a board name)."""
    return _label(job_id, config, run_store().root / job_id)


def _label(run_id: str, config: TrainConfig | None, path: Path) -> str:
    if config is None:
        return run_id
    dataset = DATASETS.get(config.dataset)
    title = dataset.title[lang()] if dataset else config.dataset
    return with_board_name(
        path, [title, config_model_label(config), run_started(run_id, viewer_zone())]
    )


def delete_run(run_id: str) -> None:
    """Delete run ``run_id`` from the store, and forget it where this session keeps it:
    its failure (:func:`dismiss_failure`) and the results' last run (:data:`SHOWN_KEY`:
    the page says itself that it deleted the run).

    Raises:
        ValueError: an invalid run id, no such run, or one this process trains.
        cnn_core.runs.RunStoreError: the folder cannot be removed.
    """
    run_store().delete(run_id)
    dismiss_failure(run_id)
    if (st.session_state.get(SHOWN_KEY) or (None,))[0] == run_id:
        del st.session_state[SHOWN_KEY]


def dismiss_failure(job_id: str) -> None:
    """Show this session's failed job ``job_id`` no more (see :data:`FAILURES_KEY`), nor
    in its browser's next sessions."""
    st.session_state.setdefault(FAILURES_KEY, set()).add(job_id)
    browser = owners.current_browser_key()
    if browser is not None:
        owners.browser_jobs().dismiss(browser, job_id)


def curves_figure(
    history: dict[str, list[float]],
    best_epoch: int | None = None,
    max_epoch: int | None = None,
    running: tuple[float, dict[str, float]] | None = None,
):
    """The translated loss/accuracy figure of one history, with the epoch in progress
    when ``running`` (see ``training_curves_figure``)."""
    return figures.training_curves_figure(
        history,
        loss_title=tr("train.curve.loss"),
        accuracy_title=tr("train.curve.accuracy"),
        epoch_title=tr("train.curve.epoch"),
        train_name=tr("train.curve.train"),
        val_name=tr("train.curve.val"),
        best_epoch=best_epoch,
        best_name=tr("train.curve.best"),
        max_epoch=max_epoch,
        running=running,
        running_name=tr("train.curve.running"),
    )


def data_download_ui(config: TrainConfig, key: str) -> None:
    """Beside a run's Keras code: the dataset file that ships with the app, when the
    run uses one (the script reads it from beside itself on another computer)."""
    bundled = DATASETS[config.dataset].bundled
    if bundled:
        st.download_button(
            tr("train.download.data", file=bundled),
            data=(BUNDLED_DATA_DIR / bundled).read_bytes,
            file_name=str(bundled),
            mime="application/octet-stream",
            key=key,
        )
