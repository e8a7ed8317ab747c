"""What a filter wants to see: activation maximisation for one filter or output class,
beside that filter's weights and the test images it responds to most.

Two measures, each named where it is shown: the picture raises the mean of the
filter's activation map (a class's score before the softmax); the test images are
ranked by the map's maximum (the class's probability).

The picture comes from :func:`cnn_core.activation_max.maximize` (gradient ascent from
fixed-seed noise with jitter, blur and a small L2 pull), made once per server and
(model, layer, unit) by :func:`app_pages.explorer.caches.cached_dream`, with a progress
bar while the first student waits. With a run's epoch slider the picture is that epoch's.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from app_pages.explorer.caches import cached_dream, cached_test_pool, cached_unit_scores
from app_pages.explorer.widgets import ExplorerModel, filter_label
from cnn_core import activation_max, figures, inspection
from ui.images import image_url
from ui.layout import CHART_CONFIG
from ui.state import keep, labels_now, tr

TOP_K = 8
"""How many top activating test images are shown."""


def dream_target_ui(chosen: ExplorerModel) -> tuple[str, int]:
    """The layer (a convolution layer or the output) and its filter or class."""
    model = chosen.model
    names = activation_max.targets(model)
    output = names[-1]
    column_layer, column_unit = st.columns(2)
    layer = keep(  # the output layer's name is another layer's in another model
        column_layer.selectbox,
        "explorer.dream_layer",
        tr("explorer.dream_layer"),
        names,
        format_func=labels_now(names, lambda n: tr("explorer.dream_output") if n == output else n),
    )
    count = activation_max.units(model, layer)
    options = list(range(count))

    def label(unit: int) -> str:
        if layer == output and unit < len(chosen.class_names):
            return chosen.class_names[unit]
        return filter_label(unit)

    unit = keep(  # another model's class names
        column_unit.selectbox,
        f"explorer.dream_unit.{layer}",
        tr("explorer.dream_unit"),
        options,
        format_func=labels_now(options, label),
    )
    return layer, int(unit)


def show_weights(chosen: ExplorerModel, layer: str, unit: int) -> None:
    """The filter's kernel (averaged over its input channels when it has several)."""
    if unit_kind(chosen, layer) == "class":
        st.caption(tr("explorer.dream_class_note"))
        return
    kernel, bias = inspection.conv_filters(chosen.model, layer)
    weights = kernel[:, :, :, unit]
    c_in = weights.shape[2]
    shown = weights[:, :, 0] if c_in == 1 else weights.mean(axis=2)
    st.plotly_chart(
        figures.matrix_figure(
            np.round(shown, 2), title=tr("explorer.dream_weights"), zmid=0.0, annotate=True
        ),
        key="explorer.fig.dream_weights",
        config=CHART_CONFIG,
    )
    note = "explorer.dream_weights_one" if c_in == 1 else "explorer.dream_weights_mean"
    st.caption(tr(note, c_in=c_in, bias=f"{float(bias[unit]):.3g}"))


def unit_kind(chosen: ExplorerModel, layer: str) -> str:
    """``"filter"`` for a convolution layer's unit, ``"class"`` for the output layer's:
    what the picture raises and what the test images are ranked by are named by it."""
    return "filter" if layer in inspection.conv_layers(chosen.model) else "class"


def show_top_images(chosen: ExplorerModel, layer: str, unit: int) -> None:
    """The test images this unit scores highest, highest first: by the maximum of a
    filter's activation map, or a class's probability
    (:func:`cnn_core.activation_max.unit_scores`; the picture raises the map's mean, or
    the class's score before the softmax, and the text says both)."""
    st.subheader(tr("explorer.dream_top_header"))
    dataset = chosen.dataset
    if not dataset:
        st.info(tr("explorer.dream_no_dataset"))
        return
    scores = cached_unit_scores(chosen.key, dataset, layer, chosen.model)
    pool = cached_test_pool(dataset)
    if scores is None or pool is None:
        st.info(tr("explorer.dream_no_tests"))
        return
    images, labels = pool
    top = activation_max.top_images(scores, unit, k=TOP_K)
    kind = unit_kind(chosen, layer)
    st.caption(tr(f"explorer.dream_top_help.{kind}", total=f"{len(images):,}"))
    st.image(
        [image_url(images[i]) for i in top],
        caption=[
            f"{chosen.class_names[int(labels[i])]} · {float(scores[i, unit]):.3g}"
            if int(labels[i]) < len(chosen.class_names)
            else f"{float(scores[i, unit]):.3g}"
            for i in top
        ],
        width=84,
    )


def show_dream(chosen: ExplorerModel) -> None:
    """The "what a filter wants to see" view."""
    st.markdown(tr("explorer.dream_intro"))
    layer, unit = dream_target_ui(chosen)
    bar = st.progress(0.0, text=tr("explorer.dream_working"))

    def on_step(done: int, total: int) -> None:
        if done % 8 == 0 or done == total:
            bar.progress(done / total, text=tr("explorer.dream_working"))

    dream = cached_dream(chosen.key, layer, unit, chosen.model, on_step)
    bar.empty()
    if not np.isfinite([dream.start_score, dream.score]).all():  # broken weights
        st.warning(tr("explorer.not_finite_layer"))
        return
    kind = unit_kind(chosen, layer)
    column_dream, column_weights = st.columns(2)
    with column_dream:
        st.image(image_url(dream.image), caption=tr(f"explorer.dream_caption.{kind}"), width=224)
        st.caption(
            tr(
                f"explorer.dream_score.{kind}",
                start=f"{dream.start_score:.3g}",
                score=f"{dream.score:.3g}",
            )
        )
    with column_weights:
        show_weights(chosen, layer, unit)
    show_top_images(chosen, layer, unit)
    st.caption(tr("explorer.dream_how", steps=activation_max.STEPS))
