"""ui.sensitivity: the occlusion settings fit the input's size; the sentences under the maps
(Grad-CAM's first, an empty map said in words, rows and columns counted from 1)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from app_harness.apptest import TIMEOUT


def _settings(size: int) -> AppTest:
    def page(size: int) -> None:
        import streamlit as st

        from ui.sensitivity import occlusion_settings_ui

        st.session_state["chosen"] = occlusion_settings_ui("t", size)

    at = AppTest.from_function(page, args=(size,), default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    return at.run()


@pytest.mark.parametrize(
    ("size", "patches", "strides", "chosen"),
    [
        (28, [1, 2, 3, 4, 6, 8, 12], [1, 2, 3, 4, 6, 8], (4, 2)),
        (10, [1, 2, 3, 4, 6, 8], [1, 2, 3, 4, 6, 8], (4, 2)),
        (224, [8, 16, 24, 32, 48, 64, 96], [8, 16, 24, 32, 48, 64], (32, 16)),
    ],
)
def test_patches_and_strides_scale_with_the_input(size, patches, strides, chosen):
    at = _settings(size)
    assert not at.exception, at.exception
    assert at.select_slider(key="t.occlusion_patch.en").options == [str(p) for p in patches]
    assert at.select_slider(key="t.occlusion_stride.en").options == [str(s) for s in strides]
    assert at.session_state["chosen"] == chosen
    # the most positions a student can ask for stays small: the smallest patch and stride
    positions = ((size - patches[0]) // strides[0] + 1) ** 2
    assert positions <= 56 * 56


def _where_it_looked(weight: float, pixel: tuple[int, int] = (10, 17)) -> AppTest:
    def page(weight: float, pixel: tuple[int, int]) -> None:
        import keras
        import numpy as np

        from ui.sensitivity import where_it_looked_ui

        inputs = keras.Input((28, 28, 1))
        out = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(inputs))
        model = keras.Model(inputs, out)
        kernel = np.zeros((784, 2), np.float32)
        kernel[pixel[0] * 28 + pixel[1], 0] = weight  # class 0 leans on one pixel, by ``weight``
        model.layers[-1].set_weights([kernel, np.zeros(2, np.float32)])
        x = np.zeros((1, 28, 28, 1), np.float32)
        x[0, pixel[0], pixel[1], 0] = 1.0
        key = f"w{weight}@{pixel}"
        where_it_looked_ui("t", model, key, x, f"d{weight}@{pixel}", 0, "zero")

    at = AppTest.from_function(page, args=(weight, pixel), default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    return at.run()


@pytest.mark.parametrize(("weight", "names_a_place"), [(4.0, True), (1e-4, False)])
def test_a_drop_too_small_to_show_names_no_place(weight, names_a_place):
    at = _where_it_looked(weight)
    assert not at.exception, at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert ("lowers it most" in shown) is names_a_place
    assert ("lowers it by less than 0.1 percentage points" in shown) is not names_a_place


def test_a_place_at_the_corner_is_named_by_the_patch_flush_with_the_edge():
    # patch 3, stride 2 on 28×28: the last patch starts at 25, not at 26 (past the edge).
    at = _where_it_looked(4.0, pixel=(27, 27))
    at.select_slider(key="t.occlusion_patch.en").set_value(3).run()
    assert not at.exception, at.exception
    shown = " ".join(m.value for m in at.markdown)
    assert "Hiding rows 26–28 and columns 26–28 under the grey patch" in shown  # from 1


def test_rows_and_columns_are_counted_from_1_as_the_receptive_field_counts_them():
    """The pixel at index (10, 17) is row 11, column 18: "0–3행" read as rows the
    receptive field's text numbers 1–4."""
    at = _where_it_looked(4.0)
    at.select_slider(key="t.occlusion_patch.en").set_value(1)
    at.select_slider(key="t.occlusion_stride.en").set_value(1).run()
    shown = " ".join(m.value for m in at.markdown)
    assert "Hiding rows 11–11 and columns 18–18 under the grey patch" in shown


def _grad_cam_page(weight: float, lang: str = "en") -> AppTest:
    """A model with a convolution whose one lit pixel raises class 0's score (``weight``
    > 0: Grad-CAM lights it) or lowers it (< 0: the map is empty)."""

    def page(weight: float) -> None:
        import keras
        import numpy as np

        from ui.sensitivity import where_it_looked_ui

        inputs = keras.Input((28, 28, 1))
        maps = keras.layers.Conv2D(1, 1, use_bias=False, activation="relu", name="conv")(inputs)
        out = keras.layers.Dense(2, activation="softmax")(keras.layers.Flatten()(maps))
        model = keras.Model(inputs, out)
        model.get_layer("conv").set_weights([np.ones((1, 1, 1, 1), np.float32)])
        kernel = np.zeros((784, 2), np.float32)
        kernel[10 * 28 + 17, 0] = weight
        model.layers[-1].set_weights([kernel, np.zeros(2, np.float32)])
        x = np.zeros((1, 28, 28, 1), np.float32)
        x[0, 10, 17, 0] = 1.0
        where_it_looked_ui("t", model, f"cam{weight}", x, f"cam{weight}", 0, "zero")

    at = AppTest.from_function(page, args=(weight,), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    return at.run()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_empty_grad_cam_is_said_in_words(lang):
    from ui.i18n import t

    at = _grad_cam_page(-4.0, lang)
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown]
    assert t("common.gradcam_none", lang, label="zero") in shown
    assert t("common.gradcam_scale", lang, label="zero") not in shown


def test_the_grad_cam_sentence_explains_its_scale_before_the_occlusion_sentence():
    from ui.i18n import t

    at = _grad_cam_page(4.0)
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown]
    scale = t("common.gradcam_scale", "en", label="zero")
    assert "its own largest value is red" in scale and "blue" in scale
    assert t("common.gradcam_none", "en", label="zero") not in shown
    occlusion = next(i for i, text in enumerate(shown) if "lowers it most" in text)
    assert shown.index(scale) < occlusion  # the maps' order: Grad-CAM, then occlusion
    assert [c.value for c in at.caption][-1] == t("common.occlusion_vs_gradcam", "en")


def test_the_sentence_runs_below_the_pictures_not_in_a_narrow_column():
    """At a projector's 1024 px a fourth column left it two or three words a line."""
    at = _where_it_looked(4.0)
    assert not at.exception, at.exception
    row = [column for column in at.columns if column.weight == pytest.approx(1 / 3)]
    assert len(row) == 3  # the input, Grad-CAM, occlusion: side by side, nothing else
    in_columns = [m.value for column in at.columns for m in column.markdown]
    assert not any("lowers it most" in text for text in in_columns)
    assert any("lowers it most" in m.value for m in at.markdown)
