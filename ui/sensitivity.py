"""Where the model looked, two ways, side by side: Grad-CAM and occlusion sensitivity.

Shared by the predict page and the explorer: what the model sees, the Grad-CAM
overlay and the occlusion map of one class, the patch size and stride the student
chooses, a sentence on each map in the order they are shown (what its colours mean,
or that it is empty), and the one sentence on how the two methods differ. Both are
computed once per model, input and choice for the whole server (:mod:`ui.models`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from cnn_core import inspection
from ui.images import image_url
from ui.models import cached_grad_cam, cached_occlusion
from ui.state import keep, tr

PATCHES = (1, 2, 3, 4, 6, 8, 12)
"""Patch sides a student can pick on a 28×28 input (those larger than the input are
left out); a larger input scales them (:func:`occlusion_settings_ui`)."""
STRIDES = (1, 2, 3, 4, 6, 8)
DEFAULT_PATCH, DEFAULT_STRIDE = 4, 2
MIN_DROP = 0.001
"""A drop of the class probability below this (0.1 percentage point, what the text
rounds to 0.0) is no drop: the map stays clear and the text says nothing mattered."""
COURSE_SIDE = 28
"""The course's input side, for which :data:`PATCHES` and :data:`STRIDES` are made."""


def occlusion_settings_ui(page: str, size: int) -> tuple[int, int]:
    """The patch and stride sliders (kept as ``<page>.occlusion_patch`` / ``_stride``).

    On an input ``k`` times the course's side (``k = size // 28``, an uploaded 224×224
    model: 8) the sides are ``k`` times :data:`PATCHES` and :data:`STRIDES`: a patch
    hides the same share of the picture, and there are never more positions than on
    a 56×56 input at stride 1 (a stride of 1 pixel on 224×224 would be 50,176 copies).

    Args:
        page: the page's key prefix.
        size: the input's shorter side (larger patches are not offered).
    """
    scale = max(1, size // COURSE_SIDE)
    patches = [patch * scale for patch in PATCHES if patch * scale <= size] or [size]
    strides = [stride * scale for stride in STRIDES]
    default_patch = DEFAULT_PATCH * scale
    column_patch, column_stride = st.columns(2)
    patch = keep(
        column_patch.select_slider,
        f"{page}.occlusion_patch",
        tr("common.occlusion_patch"),
        patches,
        default=default_patch if default_patch in patches else patches[-1],
    )
    stride = keep(
        column_stride.select_slider,
        f"{page}.occlusion_stride",
        tr("common.occlusion_stride"),
        strides,
        default=DEFAULT_STRIDE * scale,
    )
    return int(patch), int(stride)


def where_it_looked_ui(
    page: str,
    model: Any,
    model_key: str,
    x: NDArray[np.float32],
    digest: str,
    class_index: int,
    label: str,
) -> None:
    """The settings, then what the model sees | Grad-CAM | occlusion map for
    ``class_index``, then a sentence on each map and how the two differ.

    Grad-CAM's map is stretched to its own maximum (:func:`cnn_core.inspection.grad_cam`),
    occlusion's is drawn on one scale for every input; the sentences say so, and say
    it when a map is empty. Rows and columns are counted from 1, as the receptive
    field's text counts them.

    Args:
        page: the page's key prefix (``"predict"``, ``"explorer"``).
        model: the Keras model (never mutated).
        model_key: its cache key.
        x: ``(1, H, W, C)`` float32, the model's input.
        digest: :func:`ui.models.input_digest` of ``x``.
        class_index: the class explained.
        label: its translated name.
    """
    seen = x[0]
    try:
        cam = cached_grad_cam(model_key, digest, class_index, model, x)
    except ValueError as err:  # no conv layer: occlusion still works
        cam = None
        st.info(tr("predict.gradcam_unavailable", error=err))
    patch, stride = occlusion_settings_ui(page, min(x.shape[1:3]))
    result = cached_occlusion(model_key, digest, class_index, patch, stride, model, x)
    top, left, biggest = result.peak
    # coloured on one scale for every input (red: hiding takes the whole probability),
    # so that a drop of a tenth of a point is not painted as red as one of 90 points
    shown = result.share_lost if biggest >= MIN_DROP else np.zeros_like(result.heat)
    columns = st.columns(3)
    columns[0].image(image_url(seen), caption=tr("predict.step.scaled"), width="stretch")
    if cam is not None:
        columns[1].image(
            image_url(inspection.overlay_heatmap(seen, cam)), caption="Grad-CAM", width="stretch"
        )
    columns[2].image(
        image_url(inspection.overlay_heatmap(seen, shown)),
        caption=tr("common.occlusion_caption", patch=patch, stride=stride),
        width="stretch",
    )
    if cam is not None:
        st.markdown(
            tr("common.gradcam_scale" if cam.max() > 0 else "common.gradcam_none", label=label)
        )
    if biggest >= MIN_DROP:
        st.markdown(
            tr(
                "common.occlusion_peak",
                label=label,
                base=f"{result.base:.1%}",
                drop=f"{biggest * 100:.1f}",
                top=top + 1,
                left=left + 1,
                bottom=top + patch,
                right=left + patch,
            )
        )
    else:
        st.markdown(
            tr(
                "common.occlusion_none",
                label=label,
                base=f"{result.base:.1%}",
                least=f"{MIN_DROP * 100:.1f}",
            )
        )
    st.caption(tr("common.occlusion_vs_gradcam"))
