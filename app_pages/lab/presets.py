"""The lab's lesson presets: one picker; choosing fills the grids and the settings.

Compact for a projector: the picker, a button that loads the chosen example again,
and the example's note in one caption. The note describes the example's numbers, so
it is shown only while the section still shows them: once a grid cell or a setting
that changes the numbers differs (an edit, a shared link), a short line says that
the view is no longer the example, and how to load it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from app_pages.lab.widgets import (
    CELL_KEYS,
    CHANNELS_KEYS,
    CONV_KEYS,
    DEFAULT_PADDING_P,
    MATRIX_PREFIX,
    POOL_GRID,
    POOL_KEYS,
    PRESET_KEY,
    SECTION_KEY,
    TR_DEFAULT_PADDING_P,
    TR_KEYS,
    set_matrix,
    shape_values,
)
from cnn_core.matrix_input import MatrixInputError, parse_matrix
from cnn_core.presets import PRESETS, TRANSPOSE_PRESETS
from ui.state import fill, keep, labels, tr

CHOICES: tuple[str, ...] = (*PRESETS, *TRANSPOSE_PRESETS)
FIRST_EXAMPLES: tuple[str, ...] = ("transpose_undo", "rgb", "seed_worked")
"""The examples a first visit loads, each into its own section, so that every section
first opens on an example's grids *and* settings; the last one's section opens."""
LOADED_KEY = "lab.preset.loaded"
"""Session key: section -> the example loaded last into it (by the picker, the button,
a first visit, or found in a link's view; ``None``: it shows none). The picker names
it in that section (:func:`presets_ui`); its note follows it (:func:`preset_note_ui`)."""


def preset_state(key: str) -> tuple[dict[str, Any], dict[str, NDArray[np.float64]]]:
    """What preset ``key`` puts into the lab: kept values (its section among them), grids.

    Returns:
        ``(values, grids)``: kept value key -> value (for :func:`ui.state.fill`);
        grid name -> ``(R, C)`` matrix (for :func:`app_pages.lab.widgets.set_matrix`).
    """
    if key in TRANSPOSE_PRESETS:
        tp = TRANSPOSE_PRESETS[key]
        custom = not isinstance(tp.padding, str)
        values: dict[str, Any] = {
            SECTION_KEY: "transpose",
            TR_KEYS["stride"]: tp.stride,
            TR_KEYS["padding"]: "custom" if custom else tp.padding,
            TR_KEYS["padding_p"]: tp.padding if custom else TR_DEFAULT_PADDING_P,
            TR_KEYS["output_padding"]: "auto" if tp.output_padding is None else tp.output_padding,
            **shape_values("tr.x", tp.x.shape),
            **shape_values("tr.k", tp.kernel.shape),
        }
        return values, {"tr.x": tp.x, "tr.k": tp.kernel}
    preset = PRESETS[key]
    if preset.kernel is None:  # pooling: its own grid and settings, nothing of convolution's
        values = {
            SECTION_KEY: "pool",
            **shape_values(POOL_GRID, preset.x.shape),
            POOL_KEYS["size"]: preset.pool_size,
            POOL_KEYS["stride"]: preset.pool_size,
            POOL_KEYS["mode"]: preset.pool_mode,
            POOL_KEYS["padding"]: "valid",
        }
        return values, {POOL_GRID: preset.x}
    custom = not isinstance(preset.padding, str)
    keys = CHANNELS_KEYS if preset.x.ndim == 3 else CONV_KEYS  # each section its own settings
    values = {
        keys["padding"]: "custom" if custom else preset.padding,
        keys["padding_p"]: preset.padding if custom else DEFAULT_PADDING_P,
        keys["stride"]: preset.stride,
        keys["dilation"]: preset.dilation,
        keys["bias"]: float(preset.bias),
        keys["relu"]: False,
        SECTION_KEY: "channels" if preset.x.ndim == 3 else "conv",
    }
    if preset.x.ndim == 2:
        values |= shape_values("x", preset.x.shape) | shape_values("k", preset.kernel.shape)
        return values, {"x": preset.x, "k": preset.kernel}
    channels, filters = preset.x.shape[2], preset.kernel.shape[3]
    values |= {CHANNELS_KEYS["channels"]: channels, CHANNELS_KEYS["filters"]: filters}
    values |= shape_values("ch.x", preset.x.shape) | shape_values("ch.k", preset.kernel.shape)
    grids: dict[str, NDArray[np.float64]] = {}
    for c in range(channels):
        grids[f"ch.x{c}"] = preset.x[:, :, c]
        for f in range(filters):
            grids[f"ch.k{f}.{c}"] = preset.kernel[:, :, c, f]
    return values, grids


def load_preset(key: str) -> None:
    """Put preset ``key`` into its section's grids and settings, open that section at
    its first output cell; the other sections keep theirs."""
    values, grids = preset_state(key)
    section = values[SECTION_KEY]
    fill({PRESET_KEY: key, CELL_KEYS[section]: 1, **values})
    _loaded()[section] = key
    for name, grid in grids.items():
        set_matrix(name, grid)


def first_visit() -> None:
    """The lab's first visit in a session: every example of :data:`FIRST_EXAMPLES` in
    its section, the course's worked example on show."""
    for key in FIRST_EXAMPLES:
        load_preset(key)


def _loaded() -> dict[str, str | None]:
    """Section -> the example loaded into it (:data:`LOADED_KEY`), kept in the session."""
    return st.session_state.setdefault(LOADED_KEY, {})


def find_shown_example(section: str) -> None:
    """After a link filled ``section``: the example whose numbers and settings it shows
    becomes that section's loaded one (:data:`LOADED_KEY`); none when it shows none."""
    found = (key for key in CHOICES if _shows(section, *preset_state(key)))
    _loaded()[section] = next(found, None)


def section_view(section: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The settings that make ``section``'s numbers, read from kept ``values``.

    Padding is compared by its effect: a custom P that is not in use is left out,
    and ``"valid"`` is P = 0. The output cell and the play switch are not settings.
    """
    get = values.get
    if section == "pool":
        return {name: get(key) for name, key in POOL_KEYS.items()}
    if section == "transpose":
        mode = get(TR_KEYS["padding"])
        return {
            "padding": get(TR_KEYS["padding_p"]) if mode == "custom" else mode,
            "stride": get(TR_KEYS["stride"]),
            "output_padding": get(TR_KEYS["output_padding"]),
        }
    keys = CHANNELS_KEYS if section == "channels" else CONV_KEYS
    mode = get(keys["padding"])
    padding = get(keys["padding_p"]) if mode == "custom" else mode
    view = {
        "padding": 0 if padding == "valid" else padding,
        **{name: get(keys[name]) for name in ("stride", "dilation", "bias", "relu")},
    }
    if section == "channels":
        view |= {name: get(CHANNELS_KEYS[name]) for name in ("channels", "filters")}
    return view


def _grid_is(name: str, expected: NDArray[np.float64]) -> bool:
    """Whether grid ``name`` holds ``expected`` now (edits included; a bad cell: no)."""
    state = st.session_state.get(MATRIX_PREFIX + name)
    if state is None:
        return False
    try:
        current = parse_matrix(state["current"])
    except MatrixInputError:
        return False
    return current.shape == expected.shape and bool(np.array_equal(current, expected))


def _shows(section: str, values: Mapping[str, Any], grids: Mapping[str, NDArray]) -> bool:
    """Whether ``section`` shows a preset's settings and grids (``preset_state``) now."""
    if values[SECTION_KEY] != section:
        return False
    if section_view(section, st.session_state) != section_view(section, values):
        return False
    return all(_grid_is(name, grid) for name, grid in grids.items())


def preset_note_ui(section: str) -> None:
    """The note of the example loaded into ``section``, one caption, while the section
    still shows it.

    Once its grids or settings differ (an edit, a shared link): a line saying so, and
    that the button beside the picker loads the example again. Nothing when the
    section has no example loaded.
    """
    chosen = _loaded().get(section)
    if chosen not in CHOICES:
        return
    values, grids = preset_state(chosen)
    name = tr(f"lab.preset.{chosen}")
    if _shows(section, values, grids):
        st.caption(f":material/school: **{name}** — {tr(f'lab.preset.{chosen}.note')}")
    else:
        button = f"**:material/restart_alt: {tr('lab.preset.reload_short')}**"  # as it shows
        changed = tr("lab.preset.changed", name=name, reload=button)
        st.caption(f":material/edit_note: {changed}")


def _picked() -> None:
    """Callback of the picker: load what was picked: the kept value, which
    :func:`ui.state.keep` has set (the widget of the current language may not exist yet,
    in the run that switches the language)."""
    load_preset(st.session_state[PRESET_KEY])


def presets_ui(section: str) -> None:
    """The preset picker and a "load again" button (in the current container).

    The picker names the example loaded last into ``section`` (the one on show,
    :data:`LOADED_KEY`); when it has none (a link's view that is no example), it
    shows its placeholder, and the button is off.
    """
    shown = _loaded().get(section)
    if st.session_state.get(PRESET_KEY) != shown:
        fill({PRESET_KEY: shown})
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
        tr("lab.preset.reload_short"),  # worded: an icon alone was read out as "restart_alt"
        key="lab.preset.reload",
        icon=":material/restart_alt:",
        help=tr("lab.preset.reload"),
        on_click=load_preset,
        args=(chosen,),
        disabled=chosen is None,
    )
