"""The training page's live view: this session's failed jobs, each until dismissed;
its queued and running jobs, with per-batch progress, a Stop button and the curves
so far; then the server's other jobs (other sessions', or on a cluster other
replicas'), their progress, and a Stop button for whoever may delete other sessions'
runs and asks to (:func:`_may_stop_others`): a run whose student closed the tab would
otherwise hold a worker until it ends."""

from __future__ import annotations

import contextlib

import streamlit as st

from app_pages.training import board, shared
from app_pages.training.controls import howto_text
from cnn_core.backends import INTERRUPTED, WORKER_DIED
from cnn_core.datasets import DATASETS
from cnn_core.jobs import JobQueue, JobSnapshot
from cnn_core.progress import Progress
from cnn_core.runs import run_started
from cnn_core.train_config import TrainConfig
from ui.markdown import markdown_text
from ui.state import keep, lang, tr, viewer_zone

OWN_POLL_S = 1.0
"""How often the view redraws while this session has a job queued or training."""
OTHERS_POLL_S = 5.0
"""How often the view redraws while this session has no live job (with one: :data:`OWN_POLL_S`)."""


def _config_summary(config: TrainConfig) -> str:
    return tr(
        "train.job.summary",
        dataset=DATASETS[config.dataset].title[lang()],
        model=shared.config_model_label(config),
        epochs=config.epochs,
    )


def _job_ui(
    manager: JobQueue, snap: JobSnapshot, *, own: bool = True, stoppable: bool = True
) -> None:
    """One job's box: its progress; Stop when ``stoppable`` (always for this session's
    own jobs); for its own jobs also the curves."""
    summary = _config_summary(snap.config)
    when = run_started(snap.job_id, viewer_zone())  # the id's time: when it was submitted
    started = tr(
        "train.job.queued_at" if snap.state == "queued" else "train.job.started", time=when
    )
    folder = tr("train.job.folder", run=snap.job_id)  # a tooltip: the id's time is UTC
    st.markdown(f"**{summary}** · {started}" if own else f"{summary} · {started}", help=folder)
    if snap.state == "queued":
        st.info(tr("train.job.queued", position=snap.queue_position))
    progress = snap.progress
    if snap.state == "running":
        if progress is None or progress.phase != "training":
            # A phase without a share done is a line of text. A bar's text waits for the
            # bar's own script, fetched from the server the first time a tab draws a bar:
            # on a busy server a tab opened meanwhile showed no line for seconds.
            st.markdown(tr(f"train.job.{progress.phase if progress else 'loading'}"))
        else:
            done = ((progress.epoch - 1) + progress.batch / max(progress.batches, 1)) / max(
                progress.epochs, 1
            )
            left = (
                tr("train.job.left_unknown")  # the first batches: no pace yet
                if progress.eta_s is None
                else tr("train.job.left", seconds=f"{progress.eta_s:.0f}")
            )
            if progress.batch >= progress.batches:  # between epochs: the bar waits
                left = tr(
                    "train.job.next_epoch"
                    if progress.epoch < progress.epochs
                    else "train.job.last_epoch"
                )
            st.progress(
                min(max(done, 0.0), 1.0),
                text=tr(
                    "train.job.progress",
                    epoch=progress.epoch,
                    epochs=progress.epochs,
                    batch=progress.batch,
                    batches=progress.batches,
                    left=left,
                    loss=f"{progress.logs.get('loss', float('nan')):.4f}",
                    accuracy=f"{progress.logs.get('accuracy', float('nan')):.3f}",
                ),
            )
    if snap.stop_requested and stoppable:
        training = progress is None or progress.phase in ("loading", "training")
        st.caption(tr("train.job.stopping" if training else "train.job.stopped"))
    elif stoppable:
        st.button(
            tr("train.cancel") if snap.state == "queued" else tr("train.stop"),
            key=f"training.stop.{snap.job_id}",
            on_click=_stop,
            args=(manager, snap.job_id),
        )
    running = _running(progress) if snap.state == "running" else None
    if own and progress is not None and (running or any(progress.history.values())):
        st.plotly_chart(
            shared.curves_figure(progress.history, max_epoch=progress.epochs, running=running),
            key=f"training.fig.live.{snap.job_id}",
        )


def _running(progress: Progress | None) -> tuple[float, dict[str, float]] | None:
    """The epoch in progress for the live curves: where it is (finished epochs plus the
    share of its batches done) and its training loss and accuracy so far; ``None``
    outside an epoch (loading, evaluating) and at its last batch (its point is drawn)."""
    if progress is None or progress.phase != "training" or "loss" not in progress.logs:
        return None
    if not 0 < progress.batch < progress.batches:
        return None
    if len(progress.history.get("loss", [])) != progress.epoch - 1:  # a report out of step
        return None
    return progress.epoch - 1 + progress.batch / progress.batches, progress.logs


def _stop(manager: JobQueue, job_id: str) -> None:
    """Stop button callback: ask ``job_id`` to stop; one that has meanwhile ended and
    been forgotten (or, on a cluster, was cancelled from another replica) has nothing
    left to stop."""
    with contextlib.suppress(KeyError):
        manager.stop(job_id)


def _failure_text(snap: JobSnapshot) -> str:
    """The translated message of a failed job, naming its run by :func:`shared.job_label`."""
    kind = shared.failure_kind(snap.error_type)
    run = markdown_text(shared.job_label(snap.job_id, snap.config))  # the message is Markdown
    text = tr(f"train.failed.{kind}", run=run, error=snap.error or "")
    if kind == "dataset":
        text += "\n\n" + howto_text(snap.config.dataset)
    return text


def _failures_ui(snaps: list[JobSnapshot]) -> None:
    """This session's failed jobs, each with a Dismiss button; a failure is shown until
    dismissed, its run deleted or another run started (:data:`shared.FAILURES_KEY`). A
    dead or silent worker's reason, in English, comes under its message as a detail."""
    dismissed = st.session_state.get(shared.FAILURES_KEY, set())
    for snap in snaps:
        if snap.state != "failed" or snap.job_id in dismissed:
            continue
        st.error(_failure_text(snap))
        if snap.error_type in (WORKER_DIED, INTERRUPTED) and snap.error:
            st.caption(tr("train.failed.detail", error=markdown_text(snap.error)))
        st.button(
            tr("train.failed.dismiss"),
            key=f"training.dismiss.{snap.job_id}",
            on_click=shared.dismiss_failure,
            args=(snap.job_id,),
        )


def _may_stop_others() -> bool:
    """Whether this session may stop other sessions' jobs, asked in an expander: by the
    rule for deleting their runs (:func:`app_pages.training.results.delete_ui`), the
    teacher behind the page's one PIN check (:func:`board.unlocked_ui`) where the
    server has a teacher PIN, else anyone who ticks that they mean it (as deleting
    asks), so that no classmate's run ends from one stray click."""
    with st.expander(tr("train.live.stop_others")):
        st.caption(tr("train.live.stop_others_help"))
        if board.pin_required():
            st.caption(tr("train.live.stop_others_pin"))
            return board.unlocked_ui("training.stop_pin")
        return keep(st.checkbox, "training.stop_sure", tr("train.live.stop_sure"), default=False)


def live_jobs_ui() -> None:
    """This session's failures (:func:`_failures_ui`), then its queued and running
    jobs, redrawn every second while there are any, then the server's other live jobs
    (redrawn every :data:`OTHERS_POLL_S` otherwise, so a classmate's new run appears
    by itself), with Stop for whoever :func:`_may_stop_others`; with none anywhere, a
    line that says so and where to start one.

    This session's jobs, the server line and the others' jobs come from one read of
    the server's live jobs (``manager.active()``), so the lines agree. Each of the three
    has a place of its own, drawn on every run (``st.empty()`` when there is nothing
    to show): when any job this view showed ends, the whole page reruns once to show
    the results and the class board, and until that run ends the browser keeps what
    the last run drew at a place not drawn again (an audit saw "Whole server: 1
    training" under "No run is training" for a second or two).
    """
    manager = shared.job_manager()
    _failures_ui(shared.session_snapshots(manager))
    mine = set(st.session_state.get(shared.JOBS_KEY, []))
    seen = {snap.job_id for snap in manager.active()}  # live jobs since the page last ran

    @st.fragment(run_every=OWN_POLL_S if seen & mine else OTHERS_POLL_S)
    def live() -> None:
        server = manager.active()
        live_now = {snap.job_id for snap in server}
        if seen - live_now:
            st.rerun()  # the whole page, to show the results and the board
        seen.update(live_now)
        active = [snap for snap in server if snap.job_id in mine]
        others = [snap for snap in server if snap.job_id not in mine]
        # Three places, each drawn on every run (see above).
        if active:
            with st.container():
                for snap in active:
                    with st.container(border=True):
                        _job_ui(manager, snap)
        elif server:
            st.empty()
        else:
            st.info(tr("train.live.none", start=tr("train.start")))
        if server:
            running = sum(snap.state == "running" for snap in server)
            st.caption(
                tr(
                    "train.server_load",
                    running=running,
                    queued=len(server) - running,
                    workers=manager.max_workers,
                )
            )
        else:
            st.empty()
        if others:
            with st.container():
                stoppable = _may_stop_others()
                for snap in others:
                    with st.container(border=True):
                        _job_ui(manager, snap, own=False, stoppable=stoppable)
        else:
            st.empty()

    live()
