"""ui.sensitivity: the occlusion settings fit the input's size."""

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
