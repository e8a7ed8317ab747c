"""Checkpoints over time: a run's epochs as a slider above the explorer's views.

A training run keeps its weights before training (epoch 0) and after every epoch
(:mod:`cnn_core.checkpoints`). The slider swaps the run's model for the model of the
chosen epoch, so every view (filters, feature maps, probabilities, Grad-CAM, what a
filter wants to see) shows that epoch; "final" is the run's saved model (the best
epoch's weights). When Stop ended the run in the middle of an epoch, that epoch's
checkpoint holds the part of it that ran, and the slider says so. Each epoch's model
is built once per server (:func:`app_pages.explorer.caches.cached_epoch_model`) and
keyed ``<run key>#epoch<N>`` in the caches.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from app_pages.explorer.caches import cached_epoch_model
from app_pages.explorer.widgets import ExplorerModel
from cnn_core.checkpoints import checkpoint_epochs
from cnn_core.runs import MODEL_FILE, partial_epoch, read_metrics
from ui.models import epoch_text
from ui.state import keep, labels_now, tr

EPOCH_KEY = "explorer.epoch"
FINAL = "final"
"""The slider's value for the run's saved model (``model.keras``)."""


def epoch_label(epoch: int | str, best: int | None, partial: dict[str, int] | None) -> str:
    """The slider's label of one stop, in the current language; the part of an epoch
    Stop left (``partial``: :func:`cnn_core.runs.partial_epoch`) says how
    many of its batches ran, as the final stop does when it is the best epoch. A run
    stopped inside epoch 1 finished no epoch: its final stop names no best one."""
    if epoch == FINAL:
        if partial is not None and partial["epoch"] == 1:
            return tr("explorer.epoch_final_stopped", **partial)
        if partial is not None and best == partial["epoch"]:
            return tr("explorer.epoch_final_partial", **partial)
        return tr("explorer.epoch_final", best=best if best is not None else "?")
    if epoch == 0:
        return tr("explorer.epoch_zero")
    return epoch_text(int(epoch), partial)


def shown_epoch(chosen: ExplorerModel) -> int | str | None:
    """The epoch slider's stop whose model ``chosen`` is (what :func:`epoch_ui`
    returned): its epoch, or :data:`FINAL` for a run's saved model; ``None`` where no
    slider is drawn (a shipped or uploaded model, a run without checkpoints)."""
    if chosen.epoch is not None:
        return chosen.epoch
    if chosen.run_path is not None and checkpoint_epochs(chosen.run_path):
        return FINAL
    return None


def epoch_ui(chosen: ExplorerModel) -> ExplorerModel:
    """The epoch slider for a run with checkpoints; the model of the chosen epoch.

    Returns ``chosen`` itself for shipped and uploaded models, runs without
    checkpoints and the "final" stop.
    """
    if chosen.run_path is None:
        return chosen
    epochs = checkpoint_epochs(chosen.run_path)
    if not epochs:
        st.caption(tr("explorer.epoch_none"))
        return chosen
    metrics = read_metrics(chosen.run_path)  # {} when missing or damaged
    best = metrics.get("best_epoch") if isinstance(metrics.get("best_epoch"), int) else None
    partial = partial_epoch(metrics)
    options: list[int | str] = [*epochs, FINAL]
    picked = keep(  # "final" names the run's best epoch
        st.select_slider,
        EPOCH_KEY,
        tr("explorer.epoch"),
        options,
        default=FINAL,
        format_func=labels_now(options, lambda e: epoch_label(e, best, partial)),
        help=tr("explorer.epoch_help"),
    )
    if picked == FINAL:
        return chosen
    if partial is not None and picked == partial["epoch"]:
        st.caption(tr("explorer.epoch_caption_partial", **partial))
    else:
        st.caption(tr("explorer.epoch_caption", epoch=picked, last=epochs[-1]))
    model_file = chosen.run_path / MODEL_FILE
    try:
        model = cached_epoch_model(str(chosen.run_path), model_file.stat().st_mtime, int(picked))
    except (OSError, ValueError) as err:
        st.error(tr("explorer.epoch_error", epoch=picked, error=err))
        return chosen
    return dataclasses.replace(
        chosen, key=f"{chosen.key}#epoch{picked}", model=model, epoch=int(picked)
    )
