"""What the training page's parts share: the server's job manager and run store, the
session keys of this browser's jobs, and how a run and its model are named and its
curves drawn."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cnn_core import figures
from cnn_core.board import read_entry
from cnn_core.datasets import DATASETS
from cnn_core.jobs import JobQueue, make_job_manager
from cnn_core.paths import BUNDLED_DATA_DIR, runs_dir
from cnn_core.runs import RunRecord, RunStore, run_started
from cnn_core.train_config import TrainConfig, preset_of
from ui.models import model_label
from ui.state import lang, tr, viewer_zone

JOBS_KEY = "training.jobs"
"""Session key: the ids of the jobs this browser session submitted, oldest first."""

FOCUS_KEY = "training.focus"
"""Session key: a run the results section should switch to on its next draw."""

FAILURES_KEY = "training.failures"
"""Session key: this session's failed jobs the live view has shown, by job id: how many
jobs the session had started when it first showed the failure, or ``None`` once
dismissed (its Dismiss button, or the run deleted: :func:`dismiss_failure`). A
failure is shown until then, or until the session starts another run."""


@st.cache_resource(show_spinner=False)
def job_manager() -> JobQueue:
    """The one job manager of this server process, shared by every session: local
    worker processes, or a Ray cluster when ``CNN_EXPLORER_RAY_ADDRESS`` is set."""
    return make_job_manager()


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
    name = read_entry(path).name
    parts = [title, config_model_label(config), run_started(run_id, viewer_zone())]
    return " · ".join([name, *parts] if name else parts)


def dismiss_failure(job_id: str) -> None:
    """Show this session's failed job ``job_id`` no more (see :data:`FAILURES_KEY`)."""
    st.session_state.setdefault(FAILURES_KEY, {})[job_id] = None


def curves_figure(
    history: dict[str, list[float]],
    best_epoch: int | None = None,
    max_epoch: int | None = None,
):
    """The translated loss/accuracy figure of one history (see ``training_curves_figure``)."""
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
