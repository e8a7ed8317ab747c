"""Streamlit helpers of the training page: controls, live view, results, runs table.

The training itself belongs to one :class:`cnn_core.jobs.JobManager` per server
process (``st.cache_resource``); these helpers only submit jobs, read snapshots
and draw them, so reruns, language switches and leaving the page never touch a
running job.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd
import streamlit as st

from cnn_core import figures
from cnn_core.datasets import DATASETS, DatasetUnavailable, sample_images
from cnn_core.jobs import JobManager, JobSnapshot
from cnn_core.models import ARCHITECTURES, POOLINGS, CustomSpec
from cnn_core.paths import runs_dir
from cnn_core.runs import RunRecord, RunStore, RunStoreError
from cnn_core.training import PRESETS, TrainConfig
from ui.state import control, control_index, labels_now, lang, set_control, tr, widget_key

JOBS_KEY = "train_jobs"
"""Session key: the ids of the jobs this browser session submitted, oldest first."""

FOCUS_KEY = "train_focus"
"""Session key: a run the results section should switch to on its next draw."""

DELETED_KEY = "train_deleted"
"""Session key: the outcome of the last delete, ``(ok, run_id, error)``, shown once."""

OPTIMIZERS: tuple[str, ...] = ("adam", "sgd", "rmsprop", "adagrad", "adadelta")
BATCH_SIZES: tuple[int, ...] = (16, 32, 64, 128, 256, 512)
ALL_IMAGES = 0
"""The train-subset control's code for "all images" (``None`` would mean "no choice")."""
SUBSETS: tuple[int, ...] = (2_000, 10_000, ALL_IMAGES)
ENDED_OK: tuple[str, ...] = ("finished", "stopped")
GALLERY_SIZE = 16

_FIELD_KEYS: dict[str, str] = {
    "dataset": "train_dataset",
    "model": "train_model",
    "epochs": "train_epochs",
    "batch_size": "train_batch_size",
    "optimizer": "train_optimizer",
    "learning_rate": "train_learning_rate",
    "train_subset": "train_subset",
    "validation_split": "train_validation_split",
    "patience": "train_patience",
    "seed": "train_seed",
}
_CUSTOM_KEYS: dict[str, str] = {
    field.name: f"train_custom_{field.name}" for field in dataclasses.fields(CustomSpec)
}


@st.cache_resource(show_spinner=False)
def job_manager() -> JobManager:
    """The one job manager of this server process, shared by every session."""
    return JobManager()


def run_store() -> RunStore:
    """The run store at :func:`cnn_core.paths.runs_dir` (read on every call: tests move it)."""
    return RunStore(runs_dir())


def _control_values(config: TrainConfig) -> dict[str, Any]:
    """Control key -> value for every control, from a configuration."""
    values = {key: getattr(config, name) for name, key in _FIELD_KEYS.items()}
    values[_FIELD_KEYS["train_subset"]] = config.train_subset or ALL_IMAGES
    custom = config.custom or CustomSpec()
    values.update({key: getattr(custom, name) for name, key in _CUSTOM_KEYS.items()})
    return values


def _fill(config: TrainConfig) -> None:
    """Button callback: put a configuration's values into every control."""
    for key, value in _control_values(config).items():
        set_control(key, value)


def presets_ui() -> None:
    """Preset buttons that fill every control (the seed's recipe, quick)."""
    st.caption(tr("train.presets.help"))
    columns = st.columns(len(PRESETS))
    for column, name in zip(columns, PRESETS, strict=True):
        column.button(
            tr(f"train.preset.{name}"),
            key=f"train_preset_{name}",
            on_click=_fill,
            args=(PRESETS[name],),
            width="stretch",
        )


@st.cache_data(ttl=60, max_entries=8, show_spinner=False)
def dataset_problem(name: str) -> dict[str, Any] | None:
    """``None`` when ``name`` loads, else what the loader reported (cached a minute)."""
    try:
        sample_images(name, per_class=1)
    except DatasetUnavailable as err:
        return {"missing": list(err.missing), "cache_dir": err.cache_dir, "reason": err.reason}
    return None


def dataset_problem_text(name: str, problem: dict[str, Any]) -> str:
    """The translated message for an unavailable dataset: what is missing, how to get it."""
    title = DATASETS[name].title[lang()]
    missing = ", ".join(problem["missing"]) or tr("train.dataset.unreadable")
    text = tr(
        "train.dataset.unavailable",
        dataset=title,
        missing=missing,
        cache_dir=problem["cache_dir"],
        reason=problem["reason"],
    )
    return f"{text}\n\n{tr(f'train.dataset.howto.{name}')}"


def dataset_ui() -> tuple[str, bool]:
    """Dataset selectbox plus its availability; returns ``(name, available)``."""
    name = _pick(
        st.selectbox,
        _FIELD_KEYS["dataset"],
        tr("train.dataset"),
        DATASETS,
        format_func=labels_now(DATASETS, lambda code: DATASETS[code].title[lang()]),
    )
    with st.spinner(tr("train.dataset.checking")):
        problem = dataset_problem(name)
    if problem:
        st.error(dataset_problem_text(name, problem))
        return name, False
    info = DATASETS[name]
    st.caption(
        tr(
            "train.dataset.ready",
            train=f"{info.train_size:,}",
            test=f"{info.test_size:,}",
            shape=" × ".join(map(str, info.input_shape)),
        )
    )
    return name, True


def _drop_stale(key: str, options: list[Any]) -> None:
    """Forget what a control's widget holds that is no longer an option (a deleted run)."""
    wkey = widget_key(key)
    value = st.session_state.get(wkey)
    if isinstance(value, list):
        kept = [item for item in value if item in options]
        if kept != value:
            st.session_state[wkey] = kept
    elif wkey in st.session_state and value not in options:
        del st.session_state[wkey]


def _pick(draw: Callable[..., Any], key: str, label: str, options: Iterable[Any], **kw) -> Any:
    """A selectbox or radio control over ``options``."""
    options = list(options)
    _drop_stale(key, options)
    return control(draw, key, label, options, index=control_index(options, key), **kw)


def _valued(draw: Callable[..., Any], key: str, label: str, *args: Any, **kw: Any) -> Any:
    """A number input / slider / select slider control, drawn at its kept value."""
    return control(draw, key, label, *args, value=st.session_state[key], **kw)


def _choices(standard: Iterable[int], key: str) -> list[int]:
    """``standard`` plus the control's current value (a preset may use another), sorted."""
    current = st.session_state.get(key)
    return sorted({*standard, *([current] if current is not None else [])})


def _custom_ui() -> CustomSpec | None:
    keys = _CUSTOM_KEYS
    left, right = st.columns(2)
    with left:
        conv_blocks = _valued(st.slider, keys["conv_blocks"], tr("train.custom.conv_blocks"), 1, 4)
        filters = _valued(
            st.select_slider,
            keys["filters"],
            tr("train.custom.filters"),
            _choices((4, 8, 16, 32, 64, 128), keys["filters"]),
        )
        kernel_size = _valued(
            st.select_slider,
            keys["kernel_size"],
            tr("train.custom.kernel_size"),
            _choices((1, 3, 5, 7), keys["kernel_size"]),
        )
    with right:
        pooling = _pick(
            st.selectbox,
            keys["pooling"],
            tr("train.custom.pooling"),
            POOLINGS,
            format_func=labels_now(POOLINGS, lambda code: tr(f"train.pooling.{code}")),
        )
        st.session_state[keys["dropout"]] = float(st.session_state[keys["dropout"]])
        dropout = _valued(
            st.slider, keys["dropout"], tr("train.custom.dropout"), 0.0, 0.9, step=0.05
        )
        dense_units = _valued(
            st.select_slider,
            keys["dense_units"],
            tr("train.custom.dense_units"),
            _choices((0, 16, 32, 64, 128, 256, 512), keys["dense_units"]),
        )
    try:
        return CustomSpec(conv_blocks, filters, kernel_size, pooling, dropout, dense_units)
    except ValueError as err:
        st.error(tr("train.bad_input", error=err))
        return None


def config_ui() -> tuple[TrainConfig | None, bool]:
    """Draw every control; return ``(config, dataset_available)``.

    Controls never set yet start at the "quick" preset. ``config`` is ``None``
    (after a translated message) when the values do not make a valid configuration.
    """
    for key, value in _control_values(PRESETS["quick"]).items():
        st.session_state.setdefault(key, value)
    keys = _FIELD_KEYS
    data_col, model_col = st.columns(2)
    with data_col:
        dataset, available = dataset_ui()
        subsets = list(dict.fromkeys([*SUBSETS, st.session_state[keys["train_subset"]]]))
        subset = _pick(
            st.radio,
            keys["train_subset"],
            tr("train.subset"),
            subsets,
            format_func=labels_now(
                subsets, lambda n: tr("train.subset.all") if n == ALL_IMAGES else f"{n:,}"
            ),
            horizontal=True,
        )
        st.session_state[keys["validation_split"]] = float(
            st.session_state[keys["validation_split"]]
        )
        validation_split = _valued(
            st.slider, keys["validation_split"], tr("train.validation_split"), 0.05, 0.5, step=0.05
        )
    with model_col:
        model = _pick(
            st.selectbox,
            keys["model"],
            tr("train.model"),
            ARCHITECTURES,
            format_func=labels_now(ARCHITECTURES, lambda code: tr(f"train.arch.{code}")),
        )
        st.caption(tr(f"train.arch.{model}.help"))
        custom = _custom_ui() if model == "custom" else None
    cols = st.columns(6)
    with cols[0]:
        epochs = _valued(st.number_input, keys["epochs"], tr("train.epochs"), 1, 100)
    with cols[1]:
        batch_size = _pick(
            st.selectbox,
            keys["batch_size"],
            tr("train.batch_size"),
            _choices(BATCH_SIZES, keys["batch_size"]),
        )
    with cols[2]:
        optimizer = _pick(
            st.selectbox,
            keys["optimizer"],
            tr("train.optimizer"),
            OPTIMIZERS,
            format_func=labels_now(OPTIMIZERS, lambda code: tr(f"train.optimizer.{code}")),
        )
    with cols[3]:
        st.session_state[keys["learning_rate"]] = float(st.session_state[keys["learning_rate"]])
        learning_rate = _valued(
            st.number_input,
            keys["learning_rate"],
            tr("train.learning_rate"),
            1e-5,
            10.0,
            step=1e-4,
            format="%.5f",
        )
    with cols[4]:
        patience = _valued(
            st.number_input,
            keys["patience"],
            tr("train.patience"),
            0,
            50,
            help=tr("train.patience.help"),
        )
    with cols[5]:
        seed = _valued(st.number_input, keys["seed"], tr("train.seed"), 0, 2**31 - 1)
    if model == "custom" and custom is None:
        return None, available
    try:
        config = TrainConfig(
            dataset=dataset,
            model=model,
            custom=custom,
            epochs=int(epochs),
            batch_size=int(batch_size),
            optimizer=optimizer,
            learning_rate=float(learning_rate),
            train_subset=subset or None,
            validation_split=float(validation_split),
            patience=int(patience),
            seed=int(seed),
        )
    except ValueError as err:
        st.error(tr("train.bad_input", error=err))
        return None, available
    return config, available


def start_ui(config: TrainConfig | None, available: bool) -> None:
    """The Train button: checks the run store, then submits the job to the manager."""
    clicked = st.button(
        tr("train.start"),
        key="train_start",
        type="primary",
        disabled=config is None or not available,
    )
    if not clicked or config is None:
        return
    store = run_store()
    try:
        store.check_writable()
    except RunStoreError as err:
        st.error(tr("train.store_error", folder=str(runs_dir()), error=err))
        return
    job_id = job_manager().submit(config, store)
    st.session_state[JOBS_KEY] = [*st.session_state.get(JOBS_KEY, []), job_id]
    st.session_state[FOCUS_KEY] = job_id


# ----------------------------------------------------------------- live view
def _session_snapshots(manager: JobManager) -> list[JobSnapshot]:
    """This session's jobs the manager still knows, oldest first."""
    snaps = []
    for job_id in st.session_state.get(JOBS_KEY, []):
        try:
            snaps.append(manager.snapshot(job_id))
        except KeyError:  # forgotten by a long-lived manager
            continue
    return snaps


def _config_summary(config: TrainConfig) -> str:
    return tr(
        "train.job.summary",
        dataset=DATASETS[config.dataset].title[lang()],
        model=tr(f"train.arch.{config.model}"),
        epochs=config.epochs,
    )


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


def _job_ui(manager: JobManager, snap: JobSnapshot) -> None:
    st.markdown(f"**{_config_summary(snap.config)}** · `{snap.job_id}`")
    if snap.state == "queued":
        st.info(tr("train.job.queued", position=snap.queue_position))
    progress = snap.progress
    if snap.state == "running":
        if progress is None or progress.phase == "loading":
            st.progress(0.0, text=tr("train.job.loading"))
        elif progress.phase == "training":
            done = ((progress.epoch - 1) + progress.batch / max(progress.batches, 1)) / max(
                progress.epochs, 1
            )
            eta = "—" if progress.eta_s is None else f"{progress.eta_s:.0f}"
            st.progress(
                min(max(done, 0.0), 1.0),
                text=tr(
                    "train.job.progress",
                    epoch=progress.epoch,
                    epochs=progress.epochs,
                    batch=progress.batch,
                    batches=progress.batches,
                    eta=eta,
                    loss=f"{progress.logs.get('loss', float('nan')):.4f}",
                    accuracy=f"{progress.logs.get('accuracy', float('nan')):.3f}",
                ),
            )
        else:
            st.progress(1.0, text=tr(f"train.job.{progress.phase}"))
    if snap.stop_requested:
        st.caption(tr("train.job.stopping"))
    else:
        st.button(
            tr("train.cancel") if snap.state == "queued" else tr("train.stop"),
            key=f"train_stop_{snap.job_id}",
            on_click=manager.stop,
            args=(snap.job_id,),
        )
    if progress is not None and any(progress.history.values()):
        st.plotly_chart(
            curves_figure(progress.history, max_epoch=progress.epochs),
            key=f"train_live_{snap.job_id}",
        )


def _failure_text(snap: JobSnapshot) -> str:
    kind = {"DatasetUnavailable": "dataset", "RunStoreError": "store"}.get(
        snap.error_type or "", "other"
    )
    text = tr(f"train.failed.{kind}", run=snap.job_id, error=snap.error or "")
    if kind == "dataset":
        text += "\n\n" + tr(f"train.dataset.howto.{snap.config.dataset}")
    return text


def live_jobs_ui() -> None:
    """This session's queued and running jobs, redrawn every second while there are any.

    When the last of them ends, the whole page reruns once to show its results.
    """
    manager = job_manager()
    snaps = _session_snapshots(manager)
    for snap in snaps:
        if snap.state == "failed":
            st.error(_failure_text(snap))
    was_active = any(snap.active for snap in snaps)

    @st.fragment(run_every=1.0 if was_active else None)
    def live() -> None:
        current = _session_snapshots(manager)
        active = [snap for snap in current if snap.active]
        if was_active and not active:
            st.rerun()  # the whole page, to show the results
        for snap in active:
            with st.container(border=True):
                _job_ui(manager, snap)
        server = manager.active()
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

    live()


# -------------------------------------------------------------------- results
def _best_val_accuracy(record: RunRecord) -> float | None:
    values = record.history.get("val_accuracy") or []
    return max(values) if values else None


def run_label(record: RunRecord) -> str:
    """``<dataset> · <model> · <run id>`` in the current language."""
    if record.config is None:
        return record.run_id
    dataset = DATASETS.get(record.config.dataset)
    title = dataset.title[lang()] if dataset else record.config.dataset
    return f"{title} · {tr(f'train.arch.{record.config.model}')} · {record.run_id}"


def results_ui(records: list[RunRecord]) -> None:
    """Pick a finished or stopped run and show everything about it."""
    done = {record.run_id: record for record in records if record.status in ENDED_OK}
    if not done:
        st.info(tr("train.results.none"))
        return
    key = "train_result_run"
    if st.session_state.get(FOCUS_KEY) in done:  # this session's newest run, once it has ended
        set_control(key, st.session_state.pop(FOCUS_KEY))
    run_id = _pick(
        st.selectbox,
        key,
        tr("train.results.pick"),
        done,
        format_func=labels_now(done, lambda r: run_label(done[r])),
    )
    run_result_ui(run_store(), done[run_id])


def run_result_ui(store: RunStore, record: RunRecord) -> None:
    """Metrics, curves with the kept epoch, confusion matrix, mistakes, downloads."""
    metrics = record.metrics
    if record.status == "stopped":
        st.warning(tr("train.results.stopped"))
    cols = st.columns(5)
    accuracy = metrics.get("test_accuracy")
    cols[0].metric(tr("train.metric.test_accuracy"), _percent(accuracy))
    cols[1].metric(tr("train.metric.test_loss"), _shown(metrics.get("test_loss"), "{:.4f}"))
    cols[2].metric(tr("train.metric.best_epoch"), _shown(metrics.get("best_epoch"), "{}"))
    cols[3].metric(tr("train.metric.seconds_per_epoch"), _shown(metrics.get("seconds_per_epoch")))
    cols[4].metric(tr("train.metric.params"), _shown(metrics.get("params"), "{:,}"))
    best_epoch = metrics.get("best_epoch")
    st.plotly_chart(
        curves_figure(record.history, best_epoch if best_epoch else None),
        key=f"train_curves_{record.run_id}",
    )
    st.caption(tr("train.results.best_help"))
    class_names = (
        DATASETS[record.config.dataset].class_names[lang()]
        if record.config and record.config.dataset in DATASETS
        else None
    )
    matrix_col, gallery_col = st.columns(2)
    with matrix_col:
        st.subheader(tr("train.results.confusion"))
        matrix = store.confusion(record.run_id)
        if matrix is None or class_names is None:
            st.info(tr("train.results.no_confusion"))
        else:
            st.plotly_chart(
                figures.confusion_matrix_figure(
                    matrix,
                    class_names,
                    true_title=tr("train.true"),
                    pred_title=tr("train.pred"),
                ),
                key=f"train_confusion_{record.run_id}",
            )
    with gallery_col:
        st.subheader(tr("train.results.mistakes"))
        mistakes = store.misclassified(record.run_id)
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
            st.plotly_chart(
                figures.image_gallery_figure(images / 255.0, captions, columns=4),
                key=f"train_mistakes_{record.run_id}",
            )
    _downloads_ui(store, record)


def _downloads_ui(store: RunStore, record: RunRecord) -> None:
    model_path = store.model_path(record.run_id)
    history_path = record.path / "history.csv"
    left, right = st.columns(2)
    if model_path.is_file():
        left.download_button(
            tr("train.download.model"),
            data=model_path.read_bytes,
            file_name=f"{record.run_id}.keras",
            mime="application/octet-stream",
            key=f"train_dl_model_{record.run_id}",
        )
    if history_path.is_file():
        right.download_button(
            tr("train.download.history"),
            data=history_path.read_bytes,
            file_name=f"{record.run_id}-history.csv",
            mime="text/csv",
            key=f"train_dl_history_{record.run_id}",
        )


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _shown(value: Any, fmt: str = "{:.1f}") -> str:
    return "—" if value is None else fmt.format(value)


# ---------------------------------------------------------------- runs table
def runs_frame(records: list[RunRecord]) -> pd.DataFrame:
    """One row per run, translated column names and statuses (the figures first, the id last)."""
    rows = []
    for record in records:
        config, metrics = record.config, record.metrics
        rows.append(
            {
                tr("train.col.status"): tr(f"train.status.{record.status}"),
                tr("train.col.dataset"): (
                    DATASETS[config.dataset].title[lang()]
                    if config and config.dataset in DATASETS
                    else "—"
                ),
                tr("train.col.model"): tr(f"train.arch.{config.model}") if config else "—",
                tr("train.col.params"): metrics.get("params"),
                tr("train.col.epochs"): metrics.get("epochs_run"),
                tr("train.col.seconds_per_epoch"): metrics.get("seconds_per_epoch"),
                tr("train.col.best_val_accuracy"): _best_val_accuracy(record),
                tr("train.col.test_accuracy"): metrics.get("test_accuracy"),
                tr("train.col.run"): record.run_id,
                tr("train.col.error"): metrics.get("error", ""),
            }
        )
    return pd.DataFrame(rows)


def runs_table_ui(records: list[RunRecord]) -> None:
    """The runs table (broken and interrupted runs shown as such)."""
    if not records:
        st.info(tr("train.runs.none"))
        return
    percent = st.column_config.NumberColumn(format="percent")
    st.dataframe(
        runs_frame(records),
        hide_index=True,
        key="train_runs_table",
        column_config={
            tr("train.col.best_val_accuracy"): percent,
            tr("train.col.test_accuracy"): percent,
            tr("train.col.seconds_per_epoch"): st.column_config.NumberColumn(format="%.1f"),
            tr("train.col.params"): st.column_config.NumberColumn(format="localized"),
        },
    )
    if any(record.status in ("broken", "interrupted") for record in records):
        st.caption(tr("train.runs.broken_help"))


def compare_ui(records: list[RunRecord]) -> None:
    """Pick several runs and overlay their loss and accuracy curves."""
    with_history = {r.run_id: r for r in records if any(r.history.values())}
    if len(with_history) < 1:
        return
    key, options = "train_compare", list(with_history)
    _drop_stale(key, options)
    picked = control(
        st.multiselect,
        key,
        tr("train.compare.pick"),
        options,
        default=[run_id for run_id in st.session_state.get(key, []) if run_id in with_history],
        format_func=labels_now(with_history, lambda r: run_label(with_history[r])),
        placeholder=tr("train.compare.placeholder"),
    )
    if not picked:
        st.caption(tr("train.compare.help"))
        return
    histories = {run_id: with_history[run_id].history for run_id in picked}
    for column, metric in zip(st.columns(2), ("accuracy", "loss"), strict=True):
        column.plotly_chart(
            figures.runs_overlay_figure(
                histories,
                metric=metric,
                title=tr(f"train.curve.{metric}"),
                epoch_title=tr("train.curve.epoch"),
                val_suffix=tr("train.compare.val_suffix"),
            ),
            key=f"train_overlay_{metric}",
        )


def _delete(run_id: str) -> None:
    """Button callback: delete before the page draws, so no list shows the run again."""
    try:
        run_store().delete(run_id)
    except (ValueError, RunStoreError) as err:
        st.session_state[DELETED_KEY] = (False, run_id, str(err))
    else:
        st.session_state[DELETED_KEY] = (True, run_id, "")
    st.session_state["train_delete_sure"] = False


def delete_ui(records: list[RunRecord]) -> None:
    """Delete one run after an explicit confirmation; live runs cannot be deleted."""
    outcome = st.session_state.pop(DELETED_KEY, None)
    if outcome:
        ok, run_id, error = outcome
        if ok:
            st.success(tr("train.delete.done", run=run_id))
        else:
            st.error(tr("train.delete.error", run=run_id, error=error))
    manager = job_manager()
    deletable = {r.run_id: r for r in records if not manager.is_active_run(r.run_id)}
    if not deletable:
        return
    with st.expander(tr("train.delete.title")):
        run_id = _pick(
            st.selectbox,
            "train_delete_run",
            tr("train.delete.pick"),
            deletable,
            format_func=labels_now(deletable, lambda r: run_label(deletable[r])),
        )
        sure = st.checkbox(tr("train.delete.confirm"), key="train_delete_sure")
        st.button(
            tr("train.delete.button"),
            key="train_delete",
            disabled=not sure,
            on_click=_delete,
            args=(run_id,),
        )
