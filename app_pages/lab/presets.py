"""The lab's lesson presets: one button each; a click fills the grids and settings."""

from __future__ import annotations

import streamlit as st

from app_pages.lab.sections import CELL_KEYS
from app_pages.lab.widgets import set_matrix, shape_values
from cnn_core.presets import PRESETS
from ui.state import fill, tr

PRESET_KEY = "lab.loaded_preset"
"""Session key: the last preset loaded (its note is shown); not a widget."""


def load_preset(key: str) -> None:
    """Callback: put preset ``key`` into the grids and the settings, open its section."""
    preset = PRESETS[key]
    custom = not isinstance(preset.padding, str)
    values: dict[str, object] = {
        "lab.padding": "custom" if custom else preset.padding,
        "lab.padding_p": preset.padding if custom else 1,
        "lab.stride": preset.stride,
        "lab.dilation": preset.dilation,
        "lab.bias": float(preset.bias),
        "lab.relu": False,
        "lab.section": "channels" if preset.x.ndim == 3 else preset.operation,
        **dict.fromkeys(CELL_KEYS, 1),
    }
    if preset.x.ndim == 3:
        channels, filters = preset.x.shape[2], preset.kernel.shape[3]
        values |= {"lab.ch.channels": channels, "lab.ch.filters": filters}
        values |= shape_values("ch.x", preset.x.shape) | shape_values("ch.k", preset.kernel.shape)
        for c in range(channels):
            set_matrix(f"ch.x{c}", preset.x[:, :, c])
            for f in range(filters):
                set_matrix(f"ch.k{f}.{c}", preset.kernel[:, :, c, f])
    else:
        values |= shape_values("x", preset.x.shape) | shape_values("k", preset.kernel.shape)
        set_matrix("x", preset.x)
        set_matrix("k", preset.kernel)
    if preset.operation == "pool":
        values |= {
            "lab.pool.size": preset.pool_size,
            "lab.pool.stride": preset.pool_size,
            "lab.pool.mode": preset.pool_mode,
            "lab.pool.padding": "valid",
        }
    fill(values)
    st.session_state[PRESET_KEY] = key


def presets_ui() -> None:
    """One button per preset, and the note of the last one loaded."""
    st.markdown(f"**{tr('lab.presets')}**")
    with st.container(horizontal=True):
        for key in PRESETS:
            st.button(
                tr(f"lab.preset.{key}"),
                key=f"lab.preset.{key}",
                help=tr(f"lab.preset.{key}.note"),
                on_click=load_preset,
                args=(key,),
            )
    loaded = st.session_state.get(PRESET_KEY)
    if loaded:
        st.info(
            f"**{tr(f'lab.preset.{loaded}')}** — {tr(f'lab.preset.{loaded}.note')}",
            icon=":material/school:",
        )
