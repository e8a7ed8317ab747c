"""The lab's lesson presets: one picker; choosing fills the grids and the settings.

Compact for a projector: the picker, a button that loads the chosen example again,
and the example's note in one caption.
"""

from __future__ import annotations

import streamlit as st

from app_pages.lab.transpose import TRANSPOSE_PRESETS, load_transpose_preset
from app_pages.lab.widgets import CELL_KEYS, PRESET_KEY, set_matrix, shape_values
from cnn_core.presets import PRESETS
from ui.state import fill, keep, labels, tr, widget_key

CHOICES: tuple[str, ...] = (*PRESETS, *TRANSPOSE_PRESETS)


def load_preset(key: str) -> None:
    """Put preset ``key`` into the grids and the settings, open its section."""
    fill({PRESET_KEY: key, **dict.fromkeys(CELL_KEYS.values(), 1)})
    if key in TRANSPOSE_PRESETS:
        load_transpose_preset(key)
        return
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


def _picked() -> None:
    """Callback of the picker: load what was picked."""
    load_preset(st.session_state[widget_key(PRESET_KEY)])


def presets_ui() -> None:
    """The preset picker and a "load again" button (in the current container)."""
    chosen = keep(
        st.selectbox,
        PRESET_KEY,
        tr("lab.presets"),
        CHOICES,
        format_func=labels("lab.preset", CHOICES),
        on_change=_picked,
        width=300,
    )
    st.button(
        "",
        key="lab.preset.reload",
        icon=":material/restart_alt:",
        help=tr("lab.preset.reload"),
        on_click=load_preset,
        args=(chosen,),
    )
