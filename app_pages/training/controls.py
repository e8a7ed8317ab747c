"""The training page's setup: presets, dataset, architecture and hyperparameters, Start.

Every control keeps its value with :func:`ui.state.keep` under ``training.<field>``;
a preset fills them all with :func:`ui.state.fill`. A control never set yet starts
at the "quick" preset; picking an optimizer sets the learning rate to that optimizer's
usual one (:func:`_optimizer_picked`). A typed number outside its range stays in its
field, with a translated message, and keeps Start off (:func:`_number_ui`); a run
expected to be long is said to be so before Start (:func:`_cost_ui`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import streamlit as st

from app_pages.training import shared
from app_pages.training.board import name_ui, remember_name
from cnn_core import export_code
from cnn_core.datasets import DATASETS, files_present, held_out, keras_cache_dir
from cnn_core.models import LayerSummary, describe_layers, model_size
from cnn_core.paths import runs_dir
from cnn_core.runs import RunStoreError
from cnn_core.train_config import (
    ARCHITECTURES,
    CONV_BLOCKS_RANGE,
    DROPOUT_RANGE,
    EPOCHS_RANGE,
    KERNEL_SIZES,
    MAX_LEARNING_RATE,
    NOTES_OPTIMIZERS,
    OPTIMIZER_RATES,
    OPTIMIZERS,
    PAGE_MAX_EPOCHS,
    PAGE_MAX_PATIENCE,
    PAGE_MIN_LEARNING_RATE,
    POOLINGS,
    PRESETS,
    SCHEDULES,
    SEED_RANGE,
    VALIDATION_SPLIT_RANGE,
    CustomSpec,
    TrainConfig,
    preset_of,
    rough_train_seconds,
)
from ui.state import fill, keep, labels, labels_now, lang, tr

BATCH_SIZES: tuple[int, ...] = (16, 32, 64, 128, 256, 512)
ALL_IMAGES = 0
"""The train-subset control's code for "all images" (``None`` would mean "no choice")."""
SUBSETS: tuple[int, ...] = (2_000, 10_000, ALL_IMAGES)
MAX_PARAMS = 5_000_000
"""The most parameters a run may have: they bound its memory and its model file
(:data:`MAX_MACS` bounds its time). The course CNN has 333,526 and the largest
built-in set-up (the "higher accuracy" preset, or the Keras-book CNN on CIFAR-10) has
well under 2 million, so this leaves room to experiment, while a custom network of
hundreds of millions of parameters (4 blocks of 128 7×7 filters, no pooling, 512
neurons: 444 million) would take gigabytes of the classroom server's memory."""
MAX_MACS = 50_000_000
"""The most multiply-adds a run's model may do for one image
(:attr:`cnn_core.models.ModelSize.macs`).
An epoch's time grows with them, not with the parameters: the course CNN does
4,153,064 (about 12 s an epoch on one core, ``docs/deploy.md``) and the largest
built-in set-up, the Keras-book CNN on CIFAR-10's 32×32×3 images, 16,835,200 (on
28×28 images 11,992,448; every other architecture and preset, and the custom
network's defaults, on every dataset: at most 6,128,896). The limit, 12
times the course CNN and nearly 3 times the largest, leaves room to experiment, and
refuses what :data:`MAX_PARAMS` let through: 4 blocks of 16 7×7 filters, no pooling,
no dense layer, has only 1,531,402 parameters but does 414,667,008 multiply-adds, 100
times the course CNN: it would hold one of the classroom server's few CPU cores for
about 20 minutes an epoch, for up to :data:`~cnn_core.train_config.PAGE_MAX_EPOCHS` epochs."""
LONG_RUN_S = 600.0
"""A run expected to train this long or longer (:func:`~cnn_core.train_config.rough_train_seconds`)
is said to be long before Start (:func:`_cost_ui`). Ten minutes: the quick and
higher-accuracy presets train in about one, the course notes' recipes in two to ten
(the Fashion-MNIST one up to its 20 epochs in about nine, and early stopping usually
ends it sooner), and a lesson is some 45 minutes: a run past ten
holds one of the server's few training places (two on a 2-core server) for a fifth
of it, while the class queues, and its student sees no result within the exercise."""
START_KEY = "training.start_clicked"
"""Session key: Start was clicked (its callback, :func:`_click_start`); the page run the
click starts submits the run (:func:`start_ui`)."""
START_ERROR_KEY = "training.start_error"
"""Session key: why the last Start did not start a run (the runs folder), or why its
name could not be saved, shown once."""
MAX_LIVE_RUNS = 2
"""The most runs one session may have queued or training at once (Start is disabled at
the limit, with a message). The server trains only a few runs at once (one per CPU
core, two on a small classroom server) and the queue is first come, first served: one
student's four clicks held every place and made the class wait. Two still let a
student queue the next experiment while the first trains (with and without dropout,
say), so that comparing two set-ups needs no waiting at the page."""

_FIELD_KEYS: dict[str, str] = {
    name: f"training.{name}"
    for name in (
        "dataset",
        "model",
        "epochs",
        "batch_size",
        "optimizer",
        "learning_rate",
        "schedule",
        "train_subset",
        "validation_split",
        "patience",
        "seed",
    )
}
_CUSTOM_KEYS: dict[str, str] = {
    field.name: f"training.custom.{field.name}" for field in dataclasses.fields(CustomSpec)
}
NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "epochs": (EPOCHS_RANGE[0], PAGE_MAX_EPOCHS),
    "learning_rate": (PAGE_MIN_LEARNING_RATE, MAX_LEARNING_RATE),
    "patience": (0, PAGE_MAX_PATIENCE),
    "seed": SEED_RANGE,
}
"""The typed numbers' fields and their ranges, both ends allowed, which the page checks
itself (:func:`_number_ui`)."""


def control_values(config: TrainConfig) -> dict[str, Any]:
    """Kept-value key -> value for every control, from a configuration."""
    values = {key: getattr(config, name) for name, key in _FIELD_KEYS.items()}
    values[_FIELD_KEYS["train_subset"]] = config.train_subset or ALL_IMAGES
    custom = config.custom or CustomSpec()
    values.update({key: getattr(custom, name) for name, key in _CUSTOM_KEYS.items()})
    values[_CUSTOM_KEYS["dropout"]] = float(custom.dropout)  # the slider's steps are floats
    return values


DEFAULTS = control_values(PRESETS["quick"])
"""Where every control starts: the quick preset."""


def preset_facts(config: TrainConfig) -> dict[str, Any]:
    """The facts a preset's help text names, read from the preset itself (and the name
    of the course notes' Fashion-MNIST recipe, which the others' texts compare with)."""
    custom = config.custom or CustomSpec()
    available = DATASETS[config.dataset].train_size
    total = min(config.train_subset or available, available)
    held = held_out(total, config.validation_split)
    return {
        "images": total - held,
        "held": held,
        "epochs": config.epochs,
        "batch": config.batch_size,
        "rate": rate_text(config.learning_rate),
        "patience": config.patience,
        "filters": custom.filters,
        "filters2": custom.block_filters(1),
        "dense": custom.dense_units,
        "recipe": tr("train.preset.seed_recipe"),
        "bundled": DATASETS["mnist_subset"].title[lang()],
    }


def preset_text(name: str) -> str:
    """What preset ``name`` sets, in the current language, with its own numbers; for one
    that never stops early but holds images out, that its run still ends on its best
    epoch's weights (Keras's ``EarlyStopping`` restores them at the end of every fit);
    for one on the full MNIST, what to pick on a server without it (the bundled digits)."""
    preset = PRESETS[name]
    facts = preset_facts(preset)
    text = tr(f"train.preset.{name}.help", **facts)
    if preset.patience >= preset.epochs and preset.validation_split > 0:
        text += " " + tr("train.preset.keeps_best")
    if preset.dataset == "mnist":
        text += " " + tr("train.preset.mnist_offline", **facts)
    return text


def kept_config() -> TrainConfig:
    """The configuration the kept control values make (a control never set yet at its
    :data:`DEFAULTS`); the custom builder's values count only for the custom
    architecture.

    Raises:
        ValueError: the values make no valid configuration (the message echoes it).
    """
    values = {key: st.session_state.get(key, default) for key, default in DEFAULTS.items()}
    fields = {name: values[key] for name, key in _FIELD_KEYS.items()}
    fields["train_subset"] = fields["train_subset"] or None
    if fields["model"] == "custom":
        fields["custom"] = CustomSpec(**{name: values[key] for name, key in _CUSTOM_KEYS.items()})
    return TrainConfig(**fields)


def current_preset() -> str | None:
    """The preset whose values every control holds now (the seed aside:
    :func:`~cnn_core.train_config.preset_of` of :func:`kept_config`), else ``None``;
    read before the controls draw (a preset's click is already in the kept values)."""
    try:
        return preset_of(kept_config())
    except ValueError:
        return None


def presets_ui() -> None:
    """Preset buttons that fill every control (the course notes' recipes, quick, best),
    in a row that wraps on a narrow screen, and under them what the preset the controls
    hold sets: readable on a phone or tablet, where a button's hover text is not."""
    st.caption(tr("train.presets.help"))
    with st.container(horizontal=True):
        for name in PRESETS:
            st.button(
                tr(f"train.preset.{name}"),
                key=f"training.preset.{name}",
                help=preset_text(name),
                on_click=fill,
                args=(control_values(PRESETS[name]),),
            )
    name = current_preset()
    if name is not None:
        st.caption(
            tr("train.preset.now", preset=tr(f"train.preset.{name}"), text=preset_text(name))
        )


def dataset_title(name: str) -> str:
    """Dataset ``name`` in the picker: its title, marked when its files are not on this
    server yet (the first run then downloads them, or fails offline)."""
    title = DATASETS[name].title[lang()]
    return title if files_present(name) else tr("train.dataset.not_here", dataset=title)


def howto_text(name: str) -> str:
    """How to get dataset ``name`` onto this server (its files, where they go)."""
    return tr(f"train.dataset.howto.{name}", cache_dir=keras_cache_dir())


def dataset_ui() -> tuple[str, bool]:
    """Dataset selectbox plus its availability; returns ``(name, available)``.

    Picking a dataset only looks for its files (:func:`cnn_core.datasets.files_present`):
    loading one whose files are missing made Keras download it (CIFAR-10's 170 MB) on a
    mere pick. A dataset not on the server yet is downloaded by the run that needs it
    (a failed download is that run's translated message, with how to get the files,
    :func:`app_pages.training.live.live_jobs_ui`); only the digits that ship with the
    app, whose file is missing, cannot start.
    """
    name = keep(
        st.selectbox,
        _FIELD_KEYS["dataset"],
        tr("train.dataset"),
        DATASETS,
        default=DEFAULTS[_FIELD_KEYS["dataset"]],
        format_func=labels_now(DATASETS, dataset_title),
    )
    info = DATASETS[name]
    if not files_present(name):
        title = info.title[lang()]
        if info.bundled:  # nothing to download: the app's own file is gone
            st.error(f"{tr('train.dataset.bundled_missing', dataset=title)}\n\n{howto_text(name)}")
            return name, False
        st.info(f"{tr('train.dataset.download', dataset=title)}\n\n{howto_text(name)}")
    st.caption(
        tr(
            "train.dataset.ready",
            train=f"{info.train_size:,}",
            test=f"{info.test_size:,}",
            shape=" × ".join(map(str, info.input_shape)),
        )
    )
    return name, True


def subset_choices(dataset: str, current: int) -> list[int]:
    """The train-subset control's choices on ``dataset``: the sizes of :data:`SUBSETS`
    and ``current`` (a preset may use another) that are smaller than its training set,
    smallest first, then :data:`ALL_IMAGES` (the bundled digits' 8,000 offer 2,000 and
    All: a subset of 10,000 would train on 8,000 and be recorded as 10,000)."""
    sizes = {
        size for size in (*SUBSETS, current) if ALL_IMAGES < size < DATASETS[dataset].train_size
    }
    return [*sorted(sizes), ALL_IMAGES]


def _valued(draw, key: str, label: str, low: float, high: float, **kwargs: Any) -> Any:
    """A slider over ``[low, high]``, starting at its default."""
    return keep(draw, key, label, default=DEFAULTS[key], min_value=low, max_value=high, **kwargs)


def _number_text(value: float) -> str:
    """A typed number as the messages write it: ``200``, ``4,294,967,295``, ``1e-05``."""
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def rate_text(rate: float) -> str:
    """A learning rate as Keras's documentation writes it: ``0.001``, ``1.0``, ``1e-05``."""
    return repr(float(rate))


def _number_ui(column, field: str, **kwargs: Any) -> tuple[Any, str | None]:
    """The number field of ``field`` (a key of :data:`NUMBER_RANGES`) in ``column``;
    returns its value and, when the value is outside the field's range, the translated
    message that names the value and the range (``None`` when inside).

    The field has no ``min_value``/``max_value`` of its own: with them, Streamlit's
    browser side refused a typed 200 epochs with its own English "Number is outside
    the allowed range", left "200" in the field, and the page went on with the last
    value inside (Start trained it). Now every typed value reaches the page, stays in
    the field, and is checked here; +/- step from it (``step``).
    """
    key = _FIELD_KEYS[field]
    label = tr(f"train.{field}")
    value = keep(column.number_input, key, label, default=DEFAULTS[key], **kwargs)
    low, high = NUMBER_RANGES[field]
    if low <= value <= high:
        return value, None
    texts = {"value": value, "low": low, "high": high}
    shown = {name: _number_text(number) for name, number in texts.items()}
    return value, tr("train.out_of_range", field=label, **shown)


def _choices(standard: Iterable[int], key: str) -> list[int]:
    """``standard`` plus the control's current value (a preset may use another), sorted."""
    return sorted({*standard, st.session_state.get(key, DEFAULTS[key])})


def _stepped(key: str, label: str, standard: Iterable[int]) -> int:
    """A select slider over ``standard`` (and the current value)."""
    return keep(st.select_slider, key, label, _choices(standard, key), default=DEFAULTS[key])


def _custom_ui(dataset: str) -> CustomSpec | None:
    """The custom builder's controls and, under them, its size on ``dataset`` (parameters
    and multiply-adds per image, :func:`cnn_core.models.model_size`)."""
    keys = _CUSTOM_KEYS
    about = st.empty()  # the builder's text, once its pooling is known
    left, right = st.columns(2)
    with left:
        conv_blocks = _valued(
            st.slider, keys["conv_blocks"], tr("train.custom.conv_blocks"), *CONV_BLOCKS_RANGE
        )
        filters = _stepped(keys["filters"], tr("train.custom.filters"), (4, 8, 16, 32, 64, 128))
        kernel_size = _stepped(keys["kernel_size"], tr("train.custom.kernel_size"), KERNEL_SIZES)
    with right:
        pooling = keep(
            st.selectbox,
            keys["pooling"],
            tr("train.custom.pooling"),
            POOLINGS,
            default=DEFAULTS[keys["pooling"]],
            format_func=labels("train.pooling", POOLINGS),
        )
        dropout = _valued(
            st.slider, keys["dropout"], tr("train.custom.dropout"), *DROPOUT_RANGE, step=0.05
        )
        dense_units = _stepped(
            keys["dense_units"], tr("train.custom.dense_units"), (0, 16, 32, 64, 128, 256, 512)
        )
    # Without pooling no text names it: a block is one convolution, BatchNorm after it.
    pooled = pooling != "none"
    about.caption(tr("train.arch.custom.help" if pooled else "train.arch.custom.help_no_pool"))
    norm, norm_help = (
        ("train.custom.batch_norm", "train.custom.batch_norm.help")
        if pooled
        else ("train.custom.batch_norm_no_pool", "train.custom.batch_norm_no_pool.help")
    )
    batch_norm = keep(  # under both columns: a half column cut its label short
        st.checkbox,
        keys["batch_norm"],
        tr(norm),
        default=DEFAULTS[keys["batch_norm"]],
        help=tr(norm_help),
    )
    try:
        spec = CustomSpec(
            conv_blocks=conv_blocks,
            filters=filters,
            kernel_size=kernel_size,
            pooling=pooling,
            dropout=dropout,
            dense_units=dense_units,
            batch_norm=batch_norm,
        )
        size = model_size(TrainConfig(dataset=dataset, model="custom", custom=spec))
    except ValueError as err:
        st.error(tr("train.bad_input", error=err))
        return None
    st.caption(
        tr(
            "train.custom.params",
            count=f"{size.params:,}",
            limit=f"{MAX_PARAMS:,}",
            macs=f"{size.macs:,}",
            macs_limit=f"{MAX_MACS:,}",
        )
    )
    return spec


def config_ui() -> tuple[TrainConfig | None, bool]:
    """Draw every control; return ``(config, dataset_available)``.

    ``config`` is ``None`` (after a translated message) when the values do not make
    a valid configuration, a typed number outside its range included (:func:`_number_ui`).
    """
    keys = _FIELD_KEYS
    data_col, model_col = st.columns(2)
    with data_col:
        dataset, available = dataset_ui()
        current = st.session_state.get(keys["train_subset"], DEFAULTS[keys["train_subset"]])
        subsets = subset_choices(dataset, current)  # keep(): a size too big, back to default
        keep(
            st.radio,
            keys["train_subset"],
            tr("train.subset"),
            subsets,
            default=DEFAULTS[keys["train_subset"]],
            format_func=labels_now(
                subsets, lambda n: tr("train.subset.all") if n == ALL_IMAGES else f"{n:,}"
            ),
            horizontal=True,
        )
        validation_split = _valued(
            st.slider,
            keys["validation_split"],
            tr("train.validation_split"),
            *VALIDATION_SPLIT_RANGE,
            step=0.05,
        )
        if not validation_split:
            st.caption(tr("train.validation_split.none"))
    with model_col:
        model = keep(
            st.selectbox,
            keys["model"],
            tr("train.model"),
            ARCHITECTURES,
            default=DEFAULTS[keys["model"]],
            format_func=labels("train.arch", ARCHITECTURES),
        )
        custom = None
        if model == "custom":
            custom = _custom_ui(dataset)  # its own text: it depends on its pooling
        else:
            st.caption(tr(f"train.arch.{model}.help"))
        if model != "custom" or custom is not None:
            _layers_ui(dataset, model, custom)
    cols = [*st.columns(4), *st.columns(4)]
    _, epochs_problem = _number_ui(cols[0], "epochs")
    keep(
        cols[1].selectbox,
        keys["batch_size"],
        tr("train.batch_size"),
        _choices(BATCH_SIZES, keys["batch_size"]),
        default=DEFAULTS[keys["batch_size"]],
    )
    optimizer = keep(
        cols[2].selectbox,
        keys["optimizer"],
        tr("train.optimizer"),
        OPTIMIZERS,
        default=DEFAULTS[keys["optimizer"]],
        format_func=labels("train.optimizer", OPTIMIZERS),
        on_change=_optimizer_picked,
    )
    _, rate_problem = _number_ui(
        cols[3],
        "learning_rate",
        step=1e-4,
        format="%g",  # 0.005, not 0.00500: fits a narrow column
    )
    keep(
        cols[4].selectbox,
        keys["schedule"],
        tr("train.schedule"),
        SCHEDULES,
        default=DEFAULTS[keys["schedule"]],
        format_func=labels("train.schedule", SCHEDULES),
        help=tr("train.schedule.help"),
    )
    _, patience_problem = _number_ui(cols[5], "patience", help=tr("train.patience.help"))
    _, seed_problem = _number_ui(cols[6], "seed")
    st.caption(
        tr(
            "train.optimizer.rate"
            if optimizer in NOTES_OPTIMIZERS
            else "train.optimizer.rate.common",
            optimizer=tr(f"train.optimizer.{optimizer}"),
            rate=rate_text(OPTIMIZER_RATES[optimizer]),
        )
    )
    problems = [
        problem
        for problem in (epochs_problem, rate_problem, patience_problem, seed_problem)
        if problem
    ]
    for problem in problems:  # under the fields: a narrow column squeezed the message
        st.error(problem)
    if problems or (model == "custom" and custom is None):
        return None, available
    try:
        config = kept_config()  # what every control drew (keep() kept each value)
    except ValueError as err:
        st.error(tr("train.bad_input", error=err))
        return None, available
    return config, available


def _optimizer_picked() -> None:
    """The optimizer's callback: the learning rate becomes the picked optimizer's usual
    one (:data:`~cnn_core.train_config.OPTIMIZER_RATES`: Adadelta at Adam's 0.001
    barely learned); a rate typed afterwards stays. A preset sets both itself."""
    optimizer = st.session_state[_FIELD_KEYS["optimizer"]]
    fill({_FIELD_KEYS["learning_rate"]: OPTIMIZER_RATES[optimizer]})


def layer_chain(layers: list[LayerSummary]) -> str:
    """Layers (:func:`cnn_core.models.describe_layers`) and their output sizes as one
    line: ``"입력 28×28×1 → conv1 28×28×32 → pool1 14×14×32 → … → 출력 10"``: the
    input, the padding and the output in the page's language, the others by their
    Keras names (as the explorer lists them); dropout and BatchNorm, which keep the
    size, are left out."""
    shown = [layer for layer in layers if layer.kind not in ("dropout", "norm")]
    named = {kind: tr(f"train.layer.{kind}") for kind in ("input", "pad", "output")}
    return " → ".join(f"{named.get(layer.kind, layer.name)} {layer.shape_text}" for layer in shown)


def _layers_ui(dataset: str, model: str, custom: CustomSpec | None) -> None:
    """Under the architecture, before any run: its layers' output sizes on ``dataset``
    (LeNet-5's C1 6@28×28, S2 6@14×14, ...) and, for a built-in one, its parameters
    (the custom builder's own caption counts its). An architecture that does not fit
    its dataset is left to the training run's own message."""
    info = DATASETS[dataset]
    try:
        layers = describe_layers(model, info.input_shape, info.num_classes, custom=custom)
    except ValueError:
        return
    total = f"{sum(layer.params for layer in layers):,}"
    params = "" if model == "custom" else tr("train.layers.params", count=total)
    st.caption(tr("train.layers", chain=layer_chain(layers), params=params))


def code_ui(config: TrainConfig | None) -> None:
    """The Keras code that trains ``config`` outside the app, shown and as a .py download."""
    if config is None:
        return
    script = export_code.training_script(config, lang(), app_name=tr("app.title"))
    with st.expander(tr("train.code.title")):
        st.caption(tr("train.code.help"))
        st.download_button(
            tr("train.code.download"),
            data=script,
            file_name=export_code.script_name(config),
            mime="text/x-python",
            key="training.code.download",
        )
        shared.data_download_ui(config, "training.code.download_data")
        st.code(script, language="python")


def _cost_ui(config: TrainConfig) -> bool:
    """Whether ``config``'s model is within :data:`MAX_PARAMS` parameters and
    :data:`MAX_MACS` multiply-adds per image. Draws, for each limit it is over, a
    translated message with its number and the limit; within both, a warning when the
    run is expected to train :data:`LONG_RUN_S` or longer (a rough estimate,
    :func:`~cnn_core.train_config.rough_train_seconds`, said to be one). An
    architecture that does not fit its dataset is left to the training run's own
    message."""
    try:
        size = model_size(config)
    except ValueError:
        return True
    if size.params > MAX_PARAMS:
        st.error(tr("train.too_big", count=f"{size.params:,}", limit=f"{MAX_PARAMS:,}"))
    if size.macs > MAX_MACS:
        st.error(tr("train.too_slow", macs=f"{size.macs:,}", limit=f"{MAX_MACS:,}"))
    if size.params > MAX_PARAMS or size.macs > MAX_MACS:
        return False
    seconds = rough_train_seconds(config, size.macs)
    if seconds >= LONG_RUN_S:
        st.warning(
            tr(
                "train.long_run",
                time=shared.duration_text(seconds),
                epochs=config.epochs,
                workers=shared.job_manager().max_workers,
            )
        )
    return True


def _live_runs() -> int:
    """How many of this session's own jobs are queued or training."""
    return sum(snap.active for snap in shared.session_snapshots(shared.job_manager()))


def start_ui(config: TrainConfig | None, available: bool) -> None:
    """The optional run name, what the run would cost (:func:`_cost_ui`) and the Train
    button. Disabled without a valid configuration, its dataset, within the size
    limits, and at :data:`MAX_LIVE_RUNS` live runs of this session (then with a
    message).

    A click is carried out here, in the page run it starts (:data:`START_KEY`), with the
    values every control has in that run: a name or a number typed and not yet
    entered reaches the page with the click. (The button's callback had them as
    arguments from the page's previous draw: a name typed just before the click was
    lost.) The run is submitted before the limit is counted and before the live view
    draws, so both count it."""
    name = name_ui()
    ready = config is not None and available and _cost_ui(config)
    if st.session_state.pop(START_KEY, False) and ready:
        _start(config, name)
    live = _live_runs()
    full = live >= MAX_LIVE_RUNS
    st.button(
        tr("train.start"),
        key="training.start",
        type="primary",
        disabled=not ready or full,
        on_click=_click_start,
    )
    if full:
        st.info(tr("train.start.limit", count=live, limit=MAX_LIVE_RUNS))
    error = st.session_state.pop(START_ERROR_KEY, None)
    if error:
        st.error(error)


def _click_start() -> None:
    """Start's callback: the page run that follows starts the run (:data:`START_KEY`)."""
    st.session_state[START_KEY] = True


def _start(config: TrainConfig, name: str) -> None:
    """Start a run of ``config`` named ``name`` (nothing at :data:`MAX_LIVE_RUNS`): checks
    the run store, submits the job to the manager, makes it this session's own, and
    writes the name to disk at once (:func:`app_pages.training.board.remember_name`)."""
    if _live_runs() >= MAX_LIVE_RUNS:
        return
    store = shared.run_store()
    try:
        store.check_writable()
    except RunStoreError as err:
        st.session_state[START_ERROR_KEY] = tr(
            "train.store_error", folder=str(runs_dir()), error=err
        )
        return
    job_id = shared.job_manager().submit(config, store)
    shared.own_job(job_id)
    st.session_state[shared.FOCUS_KEY] = job_id
    problem = remember_name(job_id, name)
    if problem:
        st.session_state[START_ERROR_KEY] = problem
