"""The views of the Model Explorer page, and the model card line.

Holds ``show_card`` and the view picker (``view_ui``), then one function per
view: ``show_architecture`` (layer pipeline and parameter table),
``show_filters`` (kernels and biases of a conv layer) and ``show_activations``
(prediction, Grad-CAM, feature maps and receptive field of one input), with the
helpers they share; "what a filter wants to see" is :mod:`app_pages.explorer.dream`
and "two models side by side" :mod:`app_pages.explorer.compare`. Model and input
pickers come from :mod:`app_pages.explorer.widgets`, the cached computations from
:mod:`app_pages.explorer.caches`.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from app_pages.explorer.caches import MAX_MAPS, cached_activations, cached_maps_grid
from app_pages.explorer.compare import show_compare
from app_pages.explorer.dream import show_dream
from app_pages.explorer.inspect import show_receptive_field
from app_pages.explorer.widgets import (
    ExplorerInput,
    ExplorerModel,
    filter_label,
    input_choice_ui,
    shape_text,
)
from cnn_core import figures, inspection
from cnn_core.catalog import card_text
from cnn_core.compare import KINDS
from ui.i18n import STRINGS
from ui.images import image_url
from ui.layout import CHART_CONFIG
from ui.markdown import markdown_text
from ui.sensitivity import where_it_looked_ui
from ui.state import EXPLORER_VIEW_KEY, keep, labels, labels_now, lang, tr

FILTER_MODES = ("average", "channel")
CONV_LAYER_KEY = "explorer.conv_layer"
"""Kept value: the convolution layer whose filters the filters view shows (its name)."""
FILTER_MODE_KEY = "explorer.filter_mode"
"""Kept value: how a layer with several input channels shows its filters (:data:`FILTER_MODES`)."""
FILTER_INDEX_KEY = "explorer.filter_index"
"""Kept value: the filter shown channel by channel (0-based)."""
FILTER_NORMALIZE_KEY = "explorer.filter_normalize"
"""Kept value: every filter's colours stretched on its own."""
MAPS_NORMALIZE_KEY = "explorer.maps_normalize"
"""Kept value: every activation map's brightness stretched on its own."""
OTHER_KIND = "other"
"""The kind of a layer type not in :data:`PIPELINE_KINDS` (a ``BatchNormalization``, ...)."""
PIPELINE_KINDS: dict[str, str] = {
    layer_type: kind for layer_type, kind in KINDS.items() if kind in figures.PIPELINE_COLORS
}
"""Keras layer type -> its kind in the pipeline graph (:data:`cnn_core.figures.PIPELINE_COLORS`)
and its explanation (``explorer.explain.<kind>``): the kinds of :data:`cnn_core.compare.KINDS`
that the graph colours; any other type is :data:`OTHER_KIND`."""


def layer_kind(layer_type: str) -> str:
    """The kind of a Keras layer type, as the graph colours it and the explanation names it."""
    return PIPELINE_KINDS.get(layer_type, OTHER_KIND)


def layer_explanation(kind: str, name: str, conv_names: list[str], last: bool) -> str:
    """The translated sentence that says what a layer's output shows."""
    if last:
        return tr("explorer.explain.output")
    if kind == "Conv2D":
        first = bool(conv_names) and name == conv_names[0]
        return tr("explorer.explain.conv_first" if first else "explorer.explain.conv_deep")
    return tr(f"explorer.explain.{layer_kind(kind)}")


def activation_names(chosen: ExplorerModel) -> str:
    """The activations of the model's convolution layers, translated (``"ReLU"``)."""
    names = inspection.conv_activations(chosen.model)
    return ", ".join(
        tr(f"explorer.activation.{name}") if f"explorer.activation.{name}" in STRINGS else name
        for name in names
    )


def show_card(chosen: ExplorerModel) -> None:
    """The model card's line: the test accuracy, only for the saved model (the one
    tested: an epoch's weights never were), and the parameters. Nothing for an upload
    (it has no card)."""
    card = chosen.card
    if "test_accuracy" not in card:
        return
    parts = []
    if chosen.epoch is None:
        parts.append(
            tr(
                "explorer.card_accuracy",
                accuracy=f"{float(card['test_accuracy']):.1%}",
                measured_on=card_text(card, "accuracy_measured_on", lang()) or "?",
            )
        )
    params = f"{int(card.get('params', chosen.model.count_params())):,}"
    parts.append(tr("explorer.card_params", params=params))
    st.caption(" · ".join(parts))


def show_architecture(chosen: ExplorerModel) -> None:
    rows = inspection.layer_table(chosen.model)
    stages = [("input", [tr("explorer.input_node"), shape_text(chosen.prep.input_shape)])]
    for i, row in enumerate(rows):
        kind = "output" if i == len(rows) - 1 else layer_kind(row.type)
        stages.append((kind, [row.name, row.type, shape_text(row.output_shape)]))
    st.graphviz_chart(figures.pipeline_dot(stages))
    st.markdown(tr("explorer.arch_explain"))
    st.dataframe(
        {
            tr("explorer.col.name"): [row.name for row in rows],
            tr("explorer.col.type"): [row.type for row in rows],
            tr("explorer.col.shape"): [shape_text(row.output_shape) for row in rows],
            tr("explorer.col.formula"): [row.formula for row in rows],
            tr("explorer.col.params"): [f"{row.params:,}" for row in rows],
        },
        hide_index=True,
        key="explorer.fig.layer_table",
    )
    formula_sum = sum(row.formula_params for row in rows)
    total = chosen.model.count_params()
    key = "explorer.params_sum" if formula_sum == total else "explorer.params_mismatch"
    st.markdown(tr(key, formula_sum=f"{formula_sum:,}", total=f"{total:,}"))


def input_channels(chosen: ExplorerModel, layer: str) -> int:
    """How many input channels each filter of convolution layer ``layer`` has: more
    than 1, and the filters view offers :data:`FILTER_MODES`."""
    kernel, _ = inspection.conv_filters(chosen.model, layer)
    return int(kernel.shape[2])


def show_filters(chosen: ExplorerModel) -> None:
    names = inspection.conv_layers(chosen.model)
    if not names:
        st.info(tr("explorer.no_conv"))
        return
    layer = keep(st.selectbox, CONV_LAYER_KEY, tr("explorer.conv_layer"), names)
    kernel, bias = inspection.conv_filters(chosen.model, layer)
    kh, kw, c_in, count = kernel.shape
    shown = markdown_text(layer)
    st.caption(tr("explorer.filter_shape", name=shown, kh=kh, kw=kw, c_in=c_in, count=count))
    if c_in == 1:
        tiles, tile_label = kernel[:, :, 0, :].transpose(2, 0, 1), tr("explorer.filter")
        st.markdown(tr("explorer.filters_single"))
    else:
        mode = keep(
            st.radio,
            FILTER_MODE_KEY,
            tr("explorer.filter_mode"),
            FILTER_MODES,
            format_func=labels("explorer.filter_mode", FILTER_MODES),
            horizontal=True,
        )
        if mode == "average":
            tiles, tile_label = kernel.mean(axis=2).transpose(2, 0, 1), tr("explorer.filter")
            st.markdown(tr("explorer.showing_average", c_in=c_in))
        else:
            index = keep(
                st.selectbox,
                FILTER_INDEX_KEY,
                tr("explorer.filter_pick"),
                range(count),
                format_func=labels_now(range(count), filter_label),
            )
            tiles, tile_label = kernel[:, :, :, index].transpose(2, 0, 1), tr("explorer.channel")
            st.markdown(tr("explorer.showing_channels", index=index + 1, c_in=c_in))
    stretch = keep(
        st.checkbox, FILTER_NORMALIZE_KEY, tr("explorer.normalize_filters"), default=True
    )
    st.plotly_chart(
        figures.tile_grid_figure(
            tiles,
            tile_label=tile_label,
            columns=8 if len(tiles) <= 64 else 16,
            symmetric=True,
            normalize_each=stretch,
        ),
        key="explorer.fig.filter_grid",
        config=CHART_CONFIG,
    )
    st.caption(tr("common.signed_legend"))
    st.markdown(tr("explorer.filters_explain"))
    st.subheader(tr("explorer.biases_header"))
    st.plotly_chart(
        figures.bars_figure(  # filters counted from 1
            bias, value_title=tr("explorer.bias_axis"), index_title=tr("explorer.filter_axis")
        ),
        key="explorer.fig.bias_bars",
        config=CHART_CONFIG,
    )


def show_prediction(chosen: ExplorerModel, image: ExplorerInput, probs: np.ndarray) -> None:
    """What the model sees (and an upload's steps), the prediction and its probability
    bars, then Grad-CAM and occlusion for a class the student picks (the top one first).

    Args:
        chosen: the model.
        image: its input, ``image.x`` ``(1, H, W, C)``.
        probs: ``(classes,)`` probabilities of ``image``, finite.
    """
    top = int(np.argmax(probs))
    column_input, column_probs = st.columns([1, 2])
    with column_input:
        st.image(image_url(image.x[0]), caption=tr("explorer.model_sees"))
        if image.label is not None:
            st.caption(tr("explorer.true_label", name=chosen.class_names[image.label]))
        if image.steps:
            with st.expander(tr("explorer.steps")):
                st.image(
                    [image_url(step.image) for step in image.steps],
                    caption=[tr(f"predict.step.{step.key}") for step in image.steps],
                    width=96,
                )
    with column_probs:
        name, prob = inspection.top_classes(probs, chosen.class_names, k=1)[0]
        st.markdown(tr("explorer.prediction", name=name, prob=f"{prob:.1%}"))
        bars = figures.probability_bars_figure(
            chosen.class_names, probs.tolist(), axis_title=tr("explorer.prob_axis")
        )
        st.plotly_chart(bars, key="explorer.fig.probs", config=CHART_CONFIG)
    if not inspection.conv_layers(chosen.model):
        return
    st.subheader(tr("explorer.gradcam_header"))
    options = ["top", *range(len(probs))]
    cam_choice = keep(  # "top" names the prediction, which changes
        st.selectbox,
        "explorer.cam_class",
        tr("explorer.cam_class"),
        options,
        format_func=labels_now(
            options,
            lambda c: (
                tr("explorer.cam_top", name=chosen.class_names[top])
                if c == "top"
                else chosen.class_names[c]
            ),
        ),
    )
    class_index = top if cam_choice == "top" else int(cam_choice)
    st.markdown(tr("explorer.gradcam_explain"))  # how; the colours: under the pictures
    where_it_looked_ui(
        "explorer",
        chosen.model,
        chosen.key,
        image.x,
        image.digest,
        class_index,
        chosen.class_names[class_index],
    )


def maps_picture(
    chosen: ExplorerModel, image: ExplorerInput, act: inspection.LayerActivation, normalize: bool
) -> None:
    """One layer's finite maps as one picture (made once per model, input and layer for
    the server)."""
    count = act.output.shape[2]
    if count > MAX_MAPS:
        st.caption(tr("explorer.more_maps", shown=MAX_MAPS, total=count))
    grid = cached_maps_grid(chosen.key, image.digest, act.name, normalize, act.output)
    st.image(image_url(grid.png), width="content")
    if grid.normalized:
        st.caption(tr("explorer.maps_scale_each"))
    else:
        st.caption(tr("explorer.maps_scale", low=f"{grid.low:.3g}", high=f"{grid.high:.3g}"))


def show_feature_maps(
    chosen: ExplorerModel,
    image: ExplorerInput,
    acts: list[inspection.LayerActivation],
    probs: np.ndarray,
) -> None:
    """Every layer's output in an expander: a conv or pooling layer's ``(H, W, maps)`` as
    one picture of maps (:func:`maps_picture`), a flat one as bars (the last layer's:
    ``probs`` by class name).

    Args:
        chosen: the model.
        image: its input, ``image.x`` ``(1, H, W, C)``.
        acts: each layer's output for ``image``, in order: ``(H, W, maps)`` or ``(units,)``.
        probs: ``(classes,)`` probabilities of ``image`` (the last layer's output).
    """
    st.subheader(tr("explorer.maps_header"))
    st.markdown(tr("explorer.maps_explain", activation=activation_names(chosen)))
    normalize = keep(st.checkbox, MAPS_NORMALIZE_KEY, tr("explorer.normalize_each"), default=True)
    conv_names = inspection.conv_layers(chosen.model)
    for i, act in enumerate(acts):
        last = i == len(acts) - 1
        title = f"{markdown_text(act.name)} · {act.type} · {shape_text(act.output.shape)}"
        with st.expander(title, expanded=act.output.ndim == 3 or last):
            st.caption(layer_explanation(act.type, act.name, conv_names, last))
            if not np.isfinite(act.output).all():  # broken weights: nothing to draw
                st.warning(tr("explorer.not_finite_layer"))
                continue
            if act.output.ndim == 3:
                maps_picture(chosen, image, act, normalize)
                continue
            if last:
                figure = figures.bars_figure(
                    probs,
                    value_title=tr("explorer.prob_axis"),
                    labels=chosen.class_names,
                    highlight=int(np.argmax(probs)),
                )
            else:
                figure = figures.bars_figure(  # units counted from 1
                    act.output, value_title=tr("explorer.unit_axis")
                )
            st.plotly_chart(figure, key=f"explorer.fig.maps.{act.name}", config=CHART_CONFIG)


def show_activations(chosen: ExplorerModel) -> None:
    st.subheader(tr("explorer.input_header"))
    image = input_choice_ui(chosen)
    if image is None:
        return
    acts, probs = cached_activations(chosen.key, image.digest, chosen.model, image.x)
    if np.isfinite(probs).all():
        show_prediction(chosen, image, probs)
    else:  # broken weights: no prediction, but the maps show which layers broke
        st.error(tr("explorer.not_finite_output"))
    show_feature_maps(chosen, image, acts, probs)
    show_receptive_field(chosen, image, acts)


VIEW_SECTIONS = {
    "architecture": show_architecture,
    "filters": show_filters,
    "activations": show_activations,
    "dream": show_dream,
    "compare": show_compare,
}
"""View -> the function that draws it (each takes the chosen ``ExplorerModel``)."""
VIEWS: tuple[str, ...] = tuple(VIEW_SECTIONS)
"""The views, in the picker's order (and what a link may ask for)."""


def view_ui() -> str:
    """The view picker; returns the chosen view's code (one of ``VIEWS``)."""
    return keep(
        st.radio,
        EXPLORER_VIEW_KEY,
        tr("explorer.view"),
        VIEWS,
        format_func=labels("explorer.view", VIEWS),
        horizontal=True,
    )
