"""The training page's results: one finished run in full (a click on a cell of its
confusion matrix marks the cell and shows that pair's test images right under the
matrix, each with its probabilities and Grad-CAM, one click away from the explorer),
the table of every run, curves of several runs overlaid, and deleting a run."""

from __future__ import annotations

import functools
import html
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from app_pages import page_path
from app_pages.training import board, shared
from app_pages.training.board import rename_ui
from app_pages.training.caches import cached_test_probabilities
from cnn_core import catalog, export_code, figures, inspection
from cnn_core.board import read_entry
from cnn_core.cells import cell_picker_trace, picked_cell
from cnn_core.datasets import DATASETS, scale_images
from cnn_core.runs import (
    CARD_FILE,
    HISTORY_FILE,
    RunRecord,
    RunStore,
    RunStoreError,
    partial_epoch,
    run_started,
)
from ui.images import image_url
from ui.layout import CHART_CONFIG, scroll_sideways
from ui.markdown import markdown_text
from ui.models import (
    PERCENT_FORMAT,
    cached_grad_cam,
    epoch_text,
    input_digest,
    load_model_file,
    model_file_key,
)
from ui.state import (
    EXPLORER_INPUT_SOURCE_KEY,
    EXPLORER_MODEL_SOURCE_KEY,
    EXPLORER_VIEW_KEY,
    HANDOFF_KEY,
    MODEL_KEY,
    fill,
    keep,
    labels_now,
    lang,
    tr,
    viewer_zone,
)

ENDED_OK: tuple[str, ...] = ("finished", "stopped")
GALLERY_SIZE = 16
GALLERY_KEY = "training.mistakes"
GALLERY_PX = 540
"""The mistakes gallery's least width: four images a row, each under a two-line caption
("Predicted: T-shirt/top") of about 130 px at 11 px; a phone scrolls it sideways
(squeezed into 390 px, the captions ran into each other). Under the page's 564 px at
1024 px wide, so a projector shows all four (at 640 px the fourth was cut)."""
GALLERY_CSS = (
    f"<style>{scroll_sideways(GALLERY_KEY, '[data-testid=stElementContainer]', GALLERY_PX)}</style>"
)
PICKED_CELL_COLOR = "#d62728"
"""The outline of the confusion matrix's picked cell (a red that reads on every blue)."""
PAIR_KEY = "training.pair"
"""Session key: ``(run_id, true, predicted)`` of the confusion-matrix cell clicked last."""
PAIR_SIZE = 6
"""At most this many test images of a clicked pair are shown (the most confident first)."""
CONFUSION_KEY = "training.confusion"
CONFUSION_PX = 560
"""The confusion matrix's width on every screen: ten classes get cells of about 36 px,
the size of the tap targets over them; a phone scrolls it sideways (squeezed into
390 px, its cells were 11 px and a tap opened the next one)."""
CONFUSION_CSS = (
    f"<style>{scroll_sideways(CONFUSION_KEY, '[data-testid=stElementContainer]', CONFUSION_PX)}"
    "</style>"
)
OVERLAY_LEGEND: dict[str, Any] = {
    "orientation": "h",
    "x": 0,
    "xanchor": "left",
    "y": -0.2,
    "yanchor": "top",
    "font": {"size": 11},
}
"""The compare charts' legend: one row under the plot (at the right it took most of a
half-page chart's width), with short names (:func:`legend_names`)."""
OVERLAY_HEIGHT = 440
"""The compare charts' height: the plot's 380 px and a legend row or two below it."""
HOVER_VALUE = "%{fullData.name}: %{y:.4f}<extra></extra>"
LEGEND_NAME_CHARS = 16
"""A board name in the compare legend is cut to this many characters."""
DELETED_KEY = "training.deleted"
"""Session key: the outcome of the last delete, ``(ok, run label, error)``, shown once."""


def _best_val_accuracy(record: RunRecord) -> float | None:
    values = record.history.get("val_accuracy") or []
    return max(values) if values else None


def results_ui(records: list[RunRecord]) -> None:
    """Pick a finished or stopped run and show everything about it; when the run shown
    last is gone (its folder deleted outside the page, or its files broken), say so."""
    done = {record.run_id: record for record in records if record.status in ENDED_OK}
    shown = st.session_state.pop(shared.SHOWN_KEY, None)
    if shown is not None and shown[0] not in done:
        gone = markdown_text(shared.job_label(*shown))  # the message is Markdown
        st.warning(tr("train.results.gone", run=gone))
    if not done:
        st.info(tr("train.results.none"))
        return
    key = "training.result_run"
    if (
        st.session_state.get(shared.FOCUS_KEY) in done
    ):  # this session's newest run, once it has ended
        fill({key: st.session_state.pop(shared.FOCUS_KEY)})
    run_id = keep(
        st.selectbox,
        key,
        tr("train.results.pick"),
        done,
        format_func=labels_now(done, lambda r: shared.run_label(done[r])),
    )
    st.session_state[shared.SHOWN_KEY] = (run_id, done[run_id].config)
    run_result_ui(shared.run_store(), done[run_id])


def run_result_ui(store: RunStore, record: RunRecord) -> None:
    """Metrics, curves with the kept epoch, confusion matrix, mistakes, downloads."""
    metrics = record.metrics
    partial = partial_epoch(metrics)
    first_epoch = partial is not None and partial["epoch"] == 1  # none ended: none was kept
    if record.status == "stopped":
        if first_epoch:
            text = tr("train.results.stopped_first", **partial)
        else:
            text = tr("train.results.stopped")
            if partial:
                text += " " + tr("train.results.stopped_partial", **partial)
        if record.run_id in shared.stopped_elsewhere():
            text += " " + tr("train.results.stopped_elsewhere")
        st.warning(text)
    kept = None if first_epoch else metrics.get("best_epoch")
    # A row that wraps on a narrow screen (fixed columns cut the labels short there).
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        for label, value in (
            ("test_accuracy", _percent(metrics.get("test_accuracy"))),
            ("test_loss", _shown(metrics.get("test_loss"), "{:.4f}")),
            ("best_epoch", "—" if kept is None else epoch_text(kept, partial)),
            ("seconds_per_epoch", _shown(seconds_per_epoch(metrics))),
            ("params", _shown(metrics.get("params"), "{:,}")),
        ):
            st.metric(tr(f"train.metric.{label}"), value, width="content")
    test_set = measured_on(record)
    if test_set:
        st.caption(tr("train.results.measured_on", test_set=test_set))
    st.plotly_chart(
        shared.curves_figure(record.history, kept or None),
        key=f"training.fig.curves.{record.run_id}",
        config=CHART_CONFIG,  # read, or drag-zoomed (a double click zooms back out)
    )
    if kept:
        st.caption(_kept_text(record))
    class_names = (
        DATASETS[record.config.dataset].class_names[lang()]
        if record.config and record.config.dataset in DATASETS
        else None
    )
    # One above the other: side by side, a tablet's half column squeezed the matrix
    # to a strip and the gallery's captions over each other.
    st.subheader(tr("train.results.confusion"))
    # Files that do not fit the dataset's classes (damaged, or another dataset's) read as absent.
    classes = len(class_names) if class_names is not None else None
    matrix = store.confusion(record.run_id, classes)
    pair = st.session_state.get(PAIR_KEY)
    picked = pair[1:] if pair and pair[0] == record.run_id else None
    if matrix is None or class_names is None:
        st.info(tr("train.results.no_confusion"))
    else:
        confusion_ui(record.run_id, matrix, class_names, picked)
        if picked is not None:  # right under the matrix, in sight of the click
            pair_ui(store, record, class_names, *picked)
    st.subheader(tr("train.results.mistakes"))
    mistakes = store.misclassified(record.run_id, classes)
    if not mistakes or class_names is None or len(mistakes["images"]) == 0:
        st.info(tr("train.results.no_mistakes"))
    else:
        images = mistakes["images"][:GALLERY_SIZE]  # uint8, most confident mistakes first
        captions = [
            f"{tr('train.true')}: {class_names[int(t)]}<br>{tr('train.pred')}: "
            f"{class_names[int(p)]}"
            for t, p in zip(mistakes["true"], mistakes["pred"], strict=False)
        ][: len(images)]
        st.caption(
            tr("train.results.mistakes_help", shown=len(images), total=len(mistakes["true"]))
        )
        with st.container(key=GALLERY_KEY):  # a phone scrolls it (GALLERY_PX)
            st.html(GALLERY_CSS)
            st.plotly_chart(
                figures.image_gallery_figure(scale_images(images), captions, columns=4),
                key=f"training.fig.mistakes.{record.run_id}",
                config=CHART_CONFIG,
            )
    _downloads_ui(store, record)
    rename_ui(record)


def seconds_per_epoch(metrics: dict[str, Any]) -> float | None:
    """The mean time of a run's whole epochs, from its ``epoch_seconds``: the last one is
    left out when Stop cut it short (:func:`cnn_core.runs.partial_epoch`); ``None`` when no epoch
    was whole (Stop in the first epoch) or the times are not recorded."""
    seconds = metrics.get("epoch_seconds")
    if not isinstance(seconds, list):
        return None
    whole = seconds[:-1] if partial_epoch(metrics) else seconds
    return sum(whole) / len(whole) if whole else None


def _kept_text(record: RunRecord) -> str:
    """What the curves' kept-epoch line is, as the run ended: all its epochs, early
    stopping, or Stop (after at least one whole epoch; the caller skips the others)."""
    watched = "val_loss" if record.metrics.get("val_images", 1) else "train_loss"
    loss = tr(f"train.results.{watched}")
    if record.status == "stopped":
        return tr("train.results.best_help_stopped", loss=loss)
    if record.metrics.get("early_stopped") and record.config is not None:
        return tr("train.results.best_help_early", loss=loss, patience=record.config.patience)
    return tr("train.results.best_help", loss=loss)


def measured_on(record: RunRecord) -> str | None:
    """The test set a finished run was measured on, as its model card names it for the
    explorer (``"the Fashion-MNIST test set, 10,000 images"``); for a card without
    that text, its dataset's :attr:`~cnn_core.datasets.DatasetInfo.test_set`; ``None``
    for a dataset the app no longer knows."""
    try:
        card = catalog.read_card(record.path / CARD_FILE)
    except ValueError:  # damaged, or a card without the fields a catalog entry needs
        card = {}
    dataset = DATASETS.get(record.config.dataset) if record.config else None
    fallback = dataset.test_set[lang()] if dataset else None
    return catalog.card_text(card, "accuracy_measured_on", lang()) or fallback


def _picked_pair(run_id: str, classes: int, chart_key: str) -> None:
    """Chart callback: keep the clicked (true, predicted) cell of ``run_id``'s matrix."""
    event = st.session_state.get(chart_key) or {}
    cell = picked_cell(event.get("selection") or {}, (classes, classes))
    if cell is not None:
        st.session_state[PAIR_KEY] = (run_id, *cell)


def confusion_ui(
    run_id: str,
    matrix: np.ndarray,
    class_names: list[str],
    picked: tuple[int, int] | None = None,
) -> None:
    """The confusion matrix; a click on a cell picks its (true, predicted) pair, and the
    ``picked`` cell, ``(true, predicted)``, is outlined."""
    figure = figures.confusion_matrix_figure(
        matrix, class_names, true_title=tr("train.true"), pred_title=tr("train.pred")
    )
    if picked is not None:  # category axes: a cell's centre is its class index
        true, pred = picked
        figure.add_shape(
            type="rect",
            x0=pred - 0.5,
            x1=pred + 0.5,
            y0=true - 0.5,
            y1=true + 0.5,
            line={"color": PICKED_CELL_COLOR, "width": 3},
        )
    template = (
        f"{tr('train.true')}: %{{y}}<br>{tr('train.pred')}: %{{x}}<br>%{{text}}<extra></extra>"
    )
    figure.add_trace(
        cell_picker_trace(
            matrix, x=class_names, y=class_names, hovertemplate=template, marker_px=36
        )
    )
    figure.data[0].hoverinfo = "skip"
    figure.update_layout(hovermode="closest", dragmode=False, showlegend=False)
    chart_key = f"training.fig.confusion.{run_id}"
    with st.container(key=CONFUSION_KEY):  # a phone scrolls it (CONFUSION_PX)
        st.html(CONFUSION_CSS)
        st.plotly_chart(
            figure,
            key=chart_key,
            on_select=functools.partial(_picked_pair, run_id, len(class_names), chart_key),
            selection_mode="points",
            config=CHART_CONFIG,
            width=CONFUSION_PX,
        )
    st.caption(tr("train.results.confusion_click"))


def _open_in_explorer(run_id: str, image: np.ndarray, label: int, caption: str) -> None:
    """Hand one test image and the run's model to the explorer, and go there."""
    st.session_state[HANDOFF_KEY] = {"image": image, "label": label, "caption": caption}
    fill(
        {
            MODEL_KEY: catalog.run_key(run_id),
            EXPLORER_MODEL_SOURCE_KEY: "catalog",
            EXPLORER_VIEW_KEY: "activations",
            EXPLORER_INPUT_SOURCE_KEY: "training",
        }
    )
    st.switch_page(page_path("explorer"))


def pair_ui(
    store: RunStore, record: RunRecord, class_names: list[str], true: int, pred: int
) -> None:
    """The test images the run's model put in cell (true, pred), most confident first."""
    st.subheader(tr("train.pair.header", true=class_names[true], pred=class_names[pred]))
    path = store.model_path(record.run_id)
    dataset = record.config.dataset if record.config else None
    if not path.is_file() or dataset is None:
        st.info(tr("train.pair.no_model"))
        return
    model = load_model_file(path)  # a damaged file: a translated error, no traceback
    if model is None:
        return
    model_key = model_file_key(catalog.run_key(record.run_id), path)  # as the explorer keys it
    tested = cached_test_probabilities(model_key, dataset, model)
    if tested is None:
        st.info(tr("train.pair.no_dataset"))
        return
    images, labels, probs = tested
    said = np.argmax(probs, axis=1)
    picks = np.flatnonzero((labels == true) & (said == pred))
    picks = picks[np.argsort(-probs[picks, pred], kind="stable")][:PAIR_SIZE]
    st.caption(
        tr(
            "train.pair.help",
            shown=len(picks),
            total=int(np.sum((labels == true) & (said == pred))),
        )
    )
    for index in picks:
        x = scale_images(images[index][None])
        top = inspection.top_classes(probs[index], class_names, k=3)
        caption = tr("train.pair.caption", n=int(index) + 1, true=class_names[true])  # from 1
        # The button under the probabilities: in a column of its own, a fifth of
        # 1024 px cut "모델 탐색기에서 열기" short.
        column_image, column_probs, column_cam = st.columns([1, 2, 1])
        column_image.image(image_url(x[0]), caption=caption, width="stretch")
        column_probs.markdown("\n".join(f"- {name}: {p:.1%}" for name, p in top))
        if inspection.conv_layers(model):
            heat = cached_grad_cam(model_key, input_digest(x), pred, model, x)
            column_cam.image(
                image_url(inspection.overlay_heatmap(x[0], heat)),
                caption="Grad-CAM",
                width="stretch",
            )
        if column_probs.button(tr("train.pair.open"), key=f"training.open.{record.run_id}.{index}"):
            _open_in_explorer(record.run_id, images[index], true, caption)


def _downloads_ui(store: RunStore, record: RunRecord) -> None:
    model_path = store.model_path(record.run_id)
    history_path = record.path / HISTORY_FILE
    row = st.container(horizontal=True)  # wraps on a narrow screen
    if model_path.is_file():
        row.download_button(
            tr("train.download.model"),
            data=model_path.read_bytes,
            file_name=f"{record.run_id}.keras",
            mime="application/octet-stream",
            key=f"training.download_model.{record.run_id}",
        )
    if history_path.is_file():
        row.download_button(
            tr("train.download.history"),
            data=history_path.read_bytes,
            file_name=f"{record.run_id}-{HISTORY_FILE}",
            mime="text/csv",
            key=f"training.download_history.{record.run_id}",
        )
    if record.config is not None:
        row.download_button(
            tr("train.code.download"),
            data=export_code.training_script(record.config, lang(), app_name=tr("app.title")),
            file_name=export_code.script_name(record.config),
            mime="text/x-python",
            key=f"training.download_code.{record.run_id}",
        )
        with row:
            shared.data_download_ui(record.config, f"training.download_data.{record.run_id}")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _in_percent(value: Any) -> float | None:
    """A fraction in ``[0, 1]`` as a number of percent (the runs table's accuracy columns)."""
    return 100.0 * value if isinstance(value, int | float) else None


def _shown(value: Any, fmt: str = "{:.1f}") -> str:
    return "—" if value is None else fmt.format(value)


def runs_frame(records: list[RunRecord]) -> pd.DataFrame:
    """One row per run, translated column names and statuses: when the run started (in
    the viewer's time zone; first, so a narrow screen shows it without scrolling), its
    status, its name on the board, then the accuracies (in percent, ``91.9``, shown with
    :data:`ui.models.PERCENT_FORMAT`; early, so a projector's 1024 px shows them), the set-up,
    the figures (epochs, a part Stop left included: :func:`_epochs_run`; seconds per
    whole epoch: :func:`seconds_per_epoch`), then what went wrong, in short
    (:func:`problem_text`; the technical text is under the table:
    :func:`problem_details_ui`; left out while no run has a problem)."""
    rows = []
    for record in records:
        config, metrics = record.config, record.metrics
        rows.append(
            {
                tr("train.col.run"): run_started(record.run_id, viewer_zone()),
                tr("train.col.status"): tr(f"train.status.{record.status}"),
                tr("train.board.col.name"): read_entry(record.path).name,
                tr("train.col.test_accuracy"): _in_percent(metrics.get("test_accuracy")),
                tr("train.col.best_val_accuracy"): _in_percent(_best_val_accuracy(record)),
                tr("train.col.model"): shared.config_model_label(config) if config else "—",
                tr("train.col.dataset"): (
                    DATASETS[config.dataset].title[lang()]
                    if config and config.dataset in DATASETS
                    else "—"
                ),
                tr("train.col.epochs"): _epochs_run(metrics),
                tr("train.col.seconds_per_epoch"): seconds_per_epoch(metrics),
                tr("train.col.params"): metrics.get("params"),
                tr("train.col.error"): problem_text(record),
            }
        )
    frame, error = pd.DataFrame(rows), tr("train.col.error")
    return frame if frame[error].any() else frame.drop(columns=error)


def _epochs_run(metrics: dict[str, Any]) -> str | None:
    """The epochs a run ran, as the pages name them (:func:`ui.models.epoch_text`): ``"3"``,
    or ``"3 (120/469 batches)"`` when Stop cut the last one short; ``None`` when not
    recorded."""
    epochs = metrics.get("epochs_run")
    return epoch_text(epochs, partial_epoch(metrics)) if isinstance(epochs, int) else None


def problem_text(record: RunRecord) -> str:
    """What went wrong with a run, translated and short (:func:`shared.run_problem`);
    ``""`` for a run without a problem."""
    kind = shared.run_problem(record)
    return "" if kind is None else tr(f"train.reason.{kind}")


def problem_details_ui(records: list[RunRecord]) -> None:
    """Under the runs table, in a closed expander: the technical text (in English, as
    recorded) of each run that went wrong and has one, in full, after the run's start
    time and short reason, as the table's row shows them. Plain text: an error may hold
    ``*``, ``_`` or ``<``, which Markdown would read."""
    found = ((r, problem_text(r), str(r.metrics.get("error") or "")) for r in records)
    details = [(record, reason, error) for record, reason, error in found if reason and error]
    if not details:
        return
    with st.expander(tr("train.runs.details")):
        for record, reason, error in details:
            started = run_started(record.run_id, viewer_zone())
            st.text(f"{started} · {reason}\n{error}")


def runs_table_ui(records: list[RunRecord]) -> None:
    """The runs table (broken and interrupted runs shown as such)."""
    if not records:
        st.info(tr("train.runs.none"))
        return
    percent = st.column_config.NumberColumn(format=PERCENT_FORMAT)
    st.dataframe(
        runs_frame(records),
        hide_index=True,
        placeholder="—",  # a run without validation, a broken run's missing figures
        key="training.fig.runs_table",
        column_config={
            # which run a row is stays in sight while a narrow screen scrolls sideways
            tr("train.col.run"): st.column_config.TextColumn(pinned=True),
            tr("train.col.best_val_accuracy"): percent,
            tr("train.col.test_accuracy"): percent,
            tr("train.col.seconds_per_epoch"): st.column_config.NumberColumn(format="%.1f"),
            tr("train.col.params"): st.column_config.NumberColumn(format="localized"),
        },
    )
    if any(record.status in ("broken", "interrupted") for record in records):
        st.caption(tr("train.runs.broken_help"))
    problem_details_ui(records)


def compare_ui(records: list[RunRecord]) -> None:
    """Pick several runs and overlay their loss and accuracy curves; the last epoch of a
    run Stop cut short is marked as partial (dotted, hollow: in the legend, the hover
    and a line under the charts, :func:`partial_epoch_text`)."""
    with_history = {r.run_id: r for r in records if any(r.history.values())}
    if len(with_history) < 1:
        return
    label = labels_now(with_history, lambda r: shared.run_label(with_history[r]))
    picked = keep(
        st.multiselect,
        "training.compare",
        tr("train.compare.pick"),
        with_history,
        format_func=label,
        placeholder=tr("train.compare.placeholder"),
    )
    if not picked:
        st.caption(tr("train.compare.help"))
        return
    short = legend_names([with_history[run_id] for run_id in picked])
    # Plotly reads <b>, <a href=...> in a trace's name: escaped, a run's name shows as typed.
    escaped = {run_id: html.escape(short[run_id], quote=False) for run_id in picked}
    histories = {escaped[run_id]: with_history[run_id].history for run_id in picked}
    full = {escaped[run_id]: html.escape(label(run_id), quote=False) for run_id in picked}
    stopped = {run_id: partial_epoch_text(with_history[run_id]) for run_id in picked}
    partial = {escaped[r]: html.escape(text, quote=False) for r, text in stopped.items() if text}
    for column, metric in zip(st.columns(2), ("loss", "accuracy"), strict=True):  # as the results
        figure = figures.runs_overlay_figure(
            histories,
            metric=metric,
            title=tr(f"train.curve.{metric}"),
            epoch_title=tr("train.curve.epoch"),
            val_suffix=tr("train.compare.val_suffix"),
            partial=partial,
        )
        for trace in figure.data:  # a run's traces share its legend group: its full label
            trace.hovertemplate = f"{full[trace.legendgroup]}<br>{HOVER_VALUE}"
        figure.update_layout(legend=OVERLAY_LEGEND, height=OVERLAY_HEIGHT)
        column.plotly_chart(figure, key=f"training.fig.overlay.{metric}", config=CHART_CONFIG)
    st.caption(
        " · ".join(
            f"**{_letter(index)}**: {markdown_text(label(run_id))}"
            for index, run_id in enumerate(picked)
        )
    )
    if partial:
        runs = " · ".join(
            f"**{_letter(index)}**: {stopped[run_id]}"
            for index, run_id in enumerate(picked)
            if stopped[run_id]
        )
        st.caption(tr("train.compare.partial", runs=runs))


def partial_epoch_text(record: RunRecord) -> str | None:
    """A run's last epoch when Stop cut it short (:func:`cnn_core.runs.partial_epoch`), as
    the class board words it after "Epoch": ``"Epoch 1 (stopped at batch 784/938)"``;
    ``None`` when every epoch it ran was whole."""
    where = partial_epoch(record.metrics)
    if where is None:
        return None
    return f"{tr('train.curve.epoch')} {tr('train.board.stopped_partial', **where)}"


def legend_names(records: list[RunRecord]) -> dict[str, str]:
    """Short legend names of the overlaid runs, by run id: ``A``, ``B``, ... in order,
    with the run's board name when it has one (``A · Gamma``, cut to
    :data:`LEGEND_NAME_CHARS`); plain text, to be escaped where it is drawn."""
    names = {}
    for index, record in enumerate(records):
        name = read_entry(record.path).name
        if name and len(name) > LEGEND_NAME_CHARS:
            name = name[: LEGEND_NAME_CHARS - 1] + "…"
        names[record.run_id] = f"{_letter(index)} · {name}" if name else _letter(index)
    return names


def _letter(index: int) -> str:
    """``A``, ``B``, ... ``Z``, then ``27``, ``28``, ...: a run's mark in the compare charts."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def _delete(run_id: str, label: str) -> None:
    """Button callback: delete before the page draws, so no list shows the run again."""
    try:
        shared.delete_run(run_id)
    except (ValueError, RunStoreError) as err:
        st.session_state[DELETED_KEY] = (False, label, str(err))
    else:
        st.session_state[DELETED_KEY] = (True, label, "")
    fill({"training.delete_sure": False})


def _delete_label(record: RunRecord) -> str:
    """A run in the delete picker: :func:`shared.run_label`, then its translated status."""
    return f"{shared.run_label(record)} · {tr(f'train.status.{record.status}')}"


def delete_ui(records: list[RunRecord]) -> None:
    """Delete one run after an explicit confirmation; live runs cannot be deleted. The
    picker shows each run's status (:func:`_delete_label`): a failed run is told from
    a finished one.

    A student deletes only this session's own runs (:data:`shared.JOBS_KEY`: started
    here, or in this browser before a reload): a mistake of their own, never a
    classmate's run; the teacher (:func:`board.is_teacher`: the PIN typed once, or
    without a PIN the server's own computer) deletes every run.
    """
    outcome = st.session_state.pop(DELETED_KEY, None)
    if outcome:
        ok, label, error = outcome
        shown = markdown_text(label)  # the message is Markdown
        if ok:
            st.success(tr("train.delete.done", run=shown))
        else:
            st.error(tr("train.delete.error", run=shown, error=error))
    manager = shared.job_manager()
    ended = [r for r in records if not manager.is_active_run(r.run_id)]
    if not ended:
        return
    with st.expander(tr("train.delete.title")):
        every = board.is_teacher()
        if not every:
            st.caption(f"{tr('train.delete.own_help')} {board.locked_text()}")
        own = set(st.session_state.get(shared.JOBS_KEY, []))
        deletable = {r.run_id: r for r in ended if every or r.run_id in own}
        if not deletable:
            st.info(tr("train.delete.none_own"))
            return
        label = labels_now(deletable, lambda r: _delete_label(deletable[r]))
        run_id = keep(
            st.selectbox,
            "training.delete_run",
            tr("train.delete.pick"),
            deletable,
            format_func=label,
        )
        sure = keep(st.checkbox, "training.delete_sure", tr("train.delete.confirm"), default=False)
        st.button(
            tr("train.delete.button"),
            key="training.delete",
            disabled=not sure,
            on_click=_delete,
            args=(run_id, label(run_id)),
        )
