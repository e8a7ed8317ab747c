"""What the training page's parts share: the server's job manager and run store, the
jobs that are this session's own (started here, or adopted from its browser:
:mod:`app_pages.training.owners`) and those a session stopped that were not its own,
what went wrong with a job or a run, how a run and its model are named and its
curves drawn, and how a duration is written."""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

from app_pages.training import owners
from cnn_core import board, figures
from cnn_core.backends import INTERRUPTED, WORKER_DIED
from cnn_core.datasets import DATASETS
from cnn_core.jobs import JobQueue, JobSnapshot, make_job_manager
from cnn_core.paths import BUNDLED_DATA_DIR, runs_dir
from cnn_core.runs import RunRecord, RunStore, error_type, run_started
from cnn_core.train_config import TrainConfig, preset_of
from ui.models import model_label, with_name
from ui.state import lang, tr, viewer_zone

JOBS_KEY = "training.jobs"
"""Session key: the ids of this session's own jobs, oldest first: those it submitted
(:func:`own_job`) and those its browser started in another tab or before a reload
(:func:`adopt_browser_jobs`)."""

FOCUS_KEY = "training.focus"
"""Session key: a run the results section should switch to once it has ended: this
session's newest run (Start, or the newest live one its browser started elsewhere:
:func:`adopt_browser_jobs`)."""

FAILURES_KEY = "training.failures"
"""Session key: the set of this session's ended jobs whose message the live view no
longer shows, a failure or a stop from another browser (:func:`dismiss_failure`: its
Dismiss button, its run deleted, or another run started: :func:`own_job`)."""

MAX_STOPS_REMEMBERED = 200
""":func:`stopped_elsewhere` remembers this many jobs (as many as a job manager keeps
ended jobs)."""

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
    messages of this session's ended jobs are dismissed (a new run replaces them)."""
    for snap in session_snapshots(job_manager()):
        if not snap.active:
            dismiss_failure(snap.job_id)
    st.session_state[JOBS_KEY] = [*st.session_state.get(JOBS_KEY, []), job_id]
    browser = owners.current_browser_key()
    if browser is not None:
        owners.browser_jobs().add(browser, job_id)


def adopt_browser_jobs() -> bool:
    """Make this session's own the jobs its browser started elsewhere (a reload, another
    tab, before or after this session's own Start) that the job manager still knows,
    with the failures its browser dismissed (:mod:`app_pages.training.owners`); the
    results switch to the newest of the newly adopted ones still live once it ends
    (:data:`FOCUS_KEY`), as they do in the tab that started it. Without a browser key,
    nothing.

    Returns:
        Whether a job became this session's own (the page then has more to show as
        its own: the live view reruns it).
    """
    browser = owners.current_browser_key()
    if browser is None:
        return False
    jobs, dismissed = owners.browser_jobs().jobs(browser)
    mine = st.session_state.get(JOBS_KEY, [])
    new = snapshots(job_manager(), [job_id for job_id in jobs if job_id not in mine])
    if new:
        st.session_state[JOBS_KEY] = [*mine, *(snap.job_id for snap in new)]
        live = [snap.job_id for snap in new if snap.active]
        if live:
            st.session_state[FOCUS_KEY] = live[-1]
    failures = st.session_state.setdefault(FAILURES_KEY, set())
    failures |= dismissed & set(st.session_state.get(JOBS_KEY, []))
    return bool(new)


class _Stops:
    """A bounded, thread-safe set of job ids, the oldest forgotten first."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._ids: OrderedDict[str, None] = OrderedDict()

    def add(self, job_id: str) -> None:
        with self._lock:
            self._ids[job_id] = None
            while len(self._ids) > self._limit:
                self._ids.popitem(last=False)

    def __contains__(self, job_id: object) -> bool:
        with self._lock:
            return job_id in self._ids


@st.cache_resource(show_spinner=False)
def stopped_elsewhere() -> _Stops:
    """The jobs of this server process that a session other than their own stopped (the
    teacher's Stop on a classmate's run, :mod:`app_pages.training.live`), so that their
    owner's page says so instead of "Stopping…" as if its student had pressed Stop.
    Shared by every session; at most :data:`MAX_STOPS_REMEMBERED`."""
    return _Stops(MAX_STOPS_REMEMBERED)


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
    return _label(record.run_id, record.config, board.read_entry(record.path).name)


def job_label(job_id: str, config: TrainConfig | None) -> str:
    """:func:`run_label` of a job's run, from the job's own configuration and its
    :func:`job_name`: also when its folder does not exist yet (queued) or any more."""
    return _label(job_id, config, job_name(job_id))


def job_name(job_id: str) -> str | None:
    """The board name of job ``job_id``'s run, whichever session reads it: its
    folder's (``board.json``), or, while it has none (a queued run has no folder), the
    name typed at Start that waits for it (:func:`cnn_core.board.pending_name`);
    ``None`` when it has no name. Read afresh: a name is given or changed any time."""
    root = run_store().root
    return board.read_entry(root / job_id).name or board.pending_name(root, job_id)


def _label(run_id: str, config: TrainConfig | None, name: str | None) -> str:
    if config is None:
        return run_id
    dataset = DATASETS.get(config.dataset)
    title = dataset.title[lang()] if dataset else config.dataset
    parts = [title, config_model_label(config), run_started(run_id, viewer_zone())]
    return with_name(name, parts)


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
    """Show the message of this session's ended job ``job_id`` no more (see
    :data:`FAILURES_KEY`), nor in its browser's next sessions."""
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


def duration_text(seconds: float) -> str:
    """A duration as people say it, in the current language: ``"45 s"``,
    ``"12 min 5 s"``, ``"4 h 58 min"`` (``"45초"``, ``"12분 5초"``, ``"4시간 58분"``): seconds
    under a minute, minutes and seconds under an hour, else hours and minutes.

    Raises:
        ValueError: ``seconds`` is negative.
    """
    if not seconds >= 0:
        raise ValueError(f"seconds must be >= 0, got {seconds!r}")
    whole = round(seconds)
    if whole < 60:
        return tr("train.duration.seconds", seconds=whole)
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return tr("train.duration.minutes", minutes=minutes, seconds=rest)
    hours, minutes = divmod(round(seconds / 60), 60)
    return tr("train.duration.hours", hours=hours, minutes=minutes)
