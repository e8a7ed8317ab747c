"""Checkpoints over time: a run's epochs as a slider above the explorer's views.

A training run keeps its weights before training (epoch 0) and after every epoch
(:mod:`cnn_core.checkpoints`). The slider swaps the run's model for the model of the
chosen epoch, so every view (filters, feature maps, probabilities, Grad-CAM, what a
filter wants to see) shows that epoch; "final" is the run's saved model (the best
epoch's weights). Each epoch's model is built once per server
(:func:`ui.models.cached_epoch_model`) and keyed ``<run key>#epoch<N>`` in the caches.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import streamlit as st

from app_pages.explorer.widgets import ExplorerModel
from cnn_core.checkpoints import checkpoint_epochs
from ui.models import cached_epoch_model
from ui.state import keep, labels_now, tr

EPOCH_KEY = "explorer.epoch"
FINAL = "final"
"""The slider's value for the run's saved model (``model.keras``)."""


def epoch_label(epoch: int | str, best: int | None) -> str:
    """The slider's label of one stop, in the current language."""
    if epoch == FINAL:
        return tr("explorer.epoch_final", best=best if best is not None else "?")
    if epoch == 0:
        return tr("explorer.epoch_zero")
    return str(epoch)


def _best_epoch(run_path: Path) -> int | None:
    """The run's best epoch (``metrics.json``), ``None`` when unknown."""
    try:
        best = json.loads((run_path / "metrics.json").read_text(encoding="utf-8")).get("best_epoch")
    except (OSError, ValueError, AttributeError):
        return None
    return best if isinstance(best, int) else None


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
    best = _best_epoch(chosen.run_path)
    options: list[int | str] = [*epochs, FINAL]
    picked = keep(
        st.select_slider,
        EPOCH_KEY,
        tr("explorer.epoch"),
        options,
        default=FINAL,
        format_func=labels_now(options, lambda e: epoch_label(e, best)),
        help=tr("explorer.epoch_help"),
    )
    if picked == FINAL:
        return chosen
    st.caption(tr("explorer.epoch_caption", epoch=picked, last=epochs[-1]))
    model_file = chosen.run_path / "model.keras"
    try:
        model = cached_epoch_model(str(chosen.run_path), model_file.stat().st_mtime, int(picked))
    except (OSError, ValueError) as err:
        st.error(tr("explorer.epoch_error", epoch=picked, error=err))
        return chosen
    return dataclasses.replace(chosen, key=f"{chosen.key}#epoch{picked}", model=model)
