"""The training page's live view: this session's failed jobs and those stopped from
another session, each until dismissed; its queued and running jobs, with per-batch
progress, the time left, a Stop button while a stop can still act, and the curves so
far; then the server's other jobs (other sessions', or on a cluster other
replicas'), their progress, and a Stop button for the teacher who asks for it
(:func:`_may_stop_others`): a run whose student closed the tab would otherwise hold a
worker until it ends. Its student's page then says that someone else stopped it
(:func:`app_pages.training.shared.stopped_elsewhere`)."""

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
from ui.layout import CHART_CONFIG
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
    """One job's box: its board name (:func:`shared.job_name`, queued too) and settings,
    its progress; Stop when ``stoppable`` (always for this session's own jobs); for its
    own jobs also the curves."""
    summary = _config_summary(snap.config)
    name = shared.job_name(snap.job_id)
    if name:
        summary = f"{markdown_text(name)} · {summary}"  # the line is Markdown
    when = run_started(snap.job_id, viewer_zone())  # the id's time: when it was submitted
    started = tr(
        "train.job.queued_at" if snap.state == "queued" else "train.job.started", time=when
    )
    folder = tr("train.job.folder", run=snap.job_id)  # a tooltip: the id's time is UTC
    st.markdown(f"**{summary}** · {started}" if own else f"{summary} · {started}", help=folder)
    if snap.state == "queued":
        st.info(tr("train.job.queued", position=snap.queue_position))
    progress = snap.progress
    # A stop acts at the end of a batch: once the last batch has ended (evaluating,
    # saving) it can no longer act, and the run ends "finished".
    training = progress is None or progress.phase in ("loading", "training")
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
                else tr("train.job.left", time=shared.duration_text(progress.eta_s))
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
        st.caption(_stop_text(snap, own, training))
    elif stoppable and training:
        st.button(
            tr("train.cancel") if snap.state == "queued" else tr("train.stop"),
            key=f"training.stop.{snap.job_id}",
            on_click=_stop,
            args=(manager, snap.job_id, not own),
        )
    running = _running(progress) if snap.state == "running" else None
    if own and progress is not None and (running or any(progress.history.values())):
        st.plotly_chart(
            shared.curves_figure(progress.history, max_epoch=progress.epochs, running=running),
            key=f"training.fig.live.{snap.job_id}",
            config=CHART_CONFIG,
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


def _stop_text(snap: JobSnapshot, own: bool, training: bool) -> str:
    """What a job asked to stop is doing: stopping (from this session, or, on its own
    session's page, from another one: the teacher's Stop), or, past its last batch,
    evaluating what the stop kept, or finishing as if no stop had come (it came too
    late to act: :attr:`cnn_core.progress.Progress.stopped`)."""
    if training:
        elsewhere = own and snap.job_id in shared.stopped_elsewhere()
        return tr("train.job.stopping_elsewhere" if elsewhere else "train.job.stopping")
    stopped = snap.progress is not None and snap.progress.stopped
    return tr("train.job.stopped" if stopped else "train.job.stop_too_late")


def _stop(manager: JobQueue, job_id: str, elsewhere: bool) -> None:
    """Stop button callback: ask ``job_id`` to stop, remembered as a stop from a session
    other than its own when ``elsewhere`` (:func:`shared.stopped_elsewhere`); one that
    has meanwhile ended and been forgotten (or, on a cluster, was cancelled from another
    replica) has nothing left to stop."""
    if elsewhere:
        shared.stopped_elsewhere().add(job_id)
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
    """This session's failed jobs, and those stopped from another session (the teacher's
    Stop: :func:`shared.stopped_elsewhere`), each with a Dismiss button; a message is
    shown until dismissed, its run deleted or another run started
    (:data:`shared.FAILURES_KEY`). A dead or silent worker's reason, in English, comes
    under its message as a detail."""
    dismissed = st.session_state.get(shared.FAILURES_KEY, set())
    for snap in snaps:
        if snap.job_id in dismissed:
            continue
        if snap.state == "stopped" and snap.job_id in shared.stopped_elsewhere():
            run = markdown_text(shared.job_label(snap.job_id, snap.config))
            kind = "queued" if snap.record is None else "run"  # no record: it never started
            st.warning(tr(f"train.stopped_elsewhere.{kind}", run=run))
        elif snap.state == "failed":
            st.error(_failure_text(snap))
            if snap.error_type in (WORKER_DIED, INTERRUPTED) and snap.error:
                st.caption(tr("train.failed.detail", error=markdown_text(snap.error)))
        else:
            continue
        st.button(
            tr("train.failed.dismiss"),
            key=f"training.dismiss.{snap.job_id}",
            on_click=shared.dismiss_failure,
            args=(snap.job_id,),
        )


def _may_stop_others() -> bool:
    """Whether this session may stop other sessions' jobs, asked in an expander: the
    teacher (:func:`board.is_teacher`: the PIN typed once, or without a PIN the
    server's own computer) who ticks that they mean it, so that no classmate's run ends
    from one stray click; anyone else is told how the teacher can."""
    with st.expander(tr("train.live.stop_others")):
        st.caption(tr("train.live.stop_others_help"))
        if not board.is_teacher():
            st.caption(board.locked_text())
            return False
        return keep(st.checkbox, "training.stop_sure", tr("train.live.stop_sure"), default=False)


def live_jobs_ui() -> None:
    """This session's failures and runs stopped from another session
    (:func:`_failures_ui`), then its queued and running
    jobs, redrawn every second while there are any, then the server's other live jobs
    (redrawn every :data:`OTHERS_POLL_S` otherwise, so a classmate's new run appears
    by itself), with Stop for whoever :func:`_may_stop_others`; with none anywhere, a
    line that says so and where to start one.

    A job that this session's browser starts in another tab becomes this session's own
    at the view's next redraw (:func:`shared.adopt_browser_jobs`), which then reruns the
    whole page. This session's jobs, the server line and the others' jobs come from one
    read of the server's live jobs (``manager.active()``), so the lines agree. Each of
    the three has a place of its own, drawn on every run (``st.empty()`` when there is
    nothing to show): when any job this view showed ends, the whole page reruns once to
    show the results and the class board, and until that run ends the browser keeps what
    the last run drew at a place not drawn again (an audit saw "Whole server: 1
    training" under "No run is training" for a second or two).
    """
    manager = shared.job_manager()
    _failures_ui(shared.session_snapshots(manager))
    mine = set(st.session_state.get(shared.JOBS_KEY, []))
    seen = {snap.job_id for snap in manager.active()}  # live jobs since the page last ran

    @st.fragment(run_every=OWN_POLL_S if seen & mine else OTHERS_POLL_S)
    def live() -> None:
        if shared.adopt_browser_jobs():  # started in another tab of this browser
            st.rerun()  # the whole page: its card, Stop, curves, the Start limit, results
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
