"""The lab's shareable link: the convolution or pooling view a teacher set up, or a quiz.

A convolution link carries the input and kernel grids, padding, stride, dilation,
bias, ReLU and the chosen output cell; a pooling link the pooling section's own input
grid, the pool's size, stride, kind and padding and the cell; a quiz link the round
number and level (:mod:`app_pages.lab.quiz`). Opening it fills the lab's kept values once, before
the widgets draw; a malformed or hostile part is dropped, its default stays, and a
translated message says so (:func:`ui.links.rejected_ui`), naming it as its widget
does (each field's label). Nothing is evaluated. A section without a link of its own
leaves only the language in the URL (:func:`forget_view_in_url`).

Another page opens a section with :data:`ui.links.OPEN_PARAM` (the home page's lesson path:
``lab?open=channels``), on any visit: the lab never writes it, so it is read in every
run and taken out of the URL as it is (:func:`open_section`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from app_pages.lab import quiz
from app_pages.lab.presets import find_shown_example
from app_pages.lab.widgets import (
    CELL_KEYS,
    CONV_KEYS,
    MAX_DILATION,
    MAX_INPUT,
    MAX_KERNEL,
    MAX_PADDING,
    MAX_POOL,
    MAX_STRIDE,
    PADDING_MODES,
    POOL_GRID,
    POOL_KEYS,
    SECTION_KEY,
    ConvSettings,
    set_matrix,
    shape_values,
)
from cnn_core.arithmetic import PAD_MODES, POOL_MODES
from cnn_core.matrix_input import VALUE_LIMIT
from ui import links
from ui.state import fill, lang, tr

PAGE = "lab"
LIMIT = VALUE_LIMIT
"""Grid and bias values a link may carry: what the grid editor takes."""
LINKED_SECTIONS: tuple[str, ...] = ("conv", "pool")
"""The sections whose whole view a link carries (any other opens at its defaults)."""
OPENED_SECTIONS: tuple[str, ...] = (*LINKED_SECTIONS, "channels")
"""The sections :data:`ui.links.OPEN_PARAM` opens at their kept values, on any visit
(:func:`open_section`): those the home page's lesson path names."""

SPEC: links.Spec = {
    **quiz.LINK,
    "section": links.choice(LINKED_SECTIONS).labelled("lab.section"),
    "x": links.matrix(MAX_INPUT, MAX_INPUT, -LIMIT, LIMIT).labelled("lab.input"),
    "k": links.matrix(MAX_KERNEL, MAX_KERNEL, -LIMIT, LIMIT).labelled("lab.kernel"),
    "pad": links.choice(PADDING_MODES).labelled("lab.padding"),
    "p": links.integer(0, MAX_PADDING).labelled("lab.padding_p"),
    "s": links.integer(1, MAX_STRIDE).labelled("lab.stride"),
    "d": links.integer(1, MAX_DILATION).labelled("lab.dilation"),
    "bias": links.number(-LIMIT, LIMIT).labelled("lab.bias"),
    "relu": links.flag().labelled("lab.relu"),
    "size": links.integer(1, MAX_POOL).labelled("lab.pool.size"),
    "ps": links.integer(1, MAX_POOL).labelled("lab.stride"),
    "mode": links.choice(POOL_MODES).labelled("lab.pool.mode"),
    "ppad": links.choice(PAD_MODES).labelled("lab.padding"),
    "cell": links.integer(1, 4096).labelled("lab.cell"),
}
"""Query parameter -> field, labelled as its widget; the same names for reading and writing."""

_KEPT = {
    "pad": CONV_KEYS["padding"],
    "p": CONV_KEYS["padding_p"],
    "s": CONV_KEYS["stride"],
    "d": CONV_KEYS["dilation"],
    "bias": CONV_KEYS["bias"],
    "relu": CONV_KEYS["relu"],
    "size": POOL_KEYS["size"],
    "ps": POOL_KEYS["stride"],
    "mode": POOL_KEYS["mode"],
    "ppad": POOL_KEYS["padding"],
}
"""Link parameter -> the kept value it sets (the grids and the cell are set apart)."""


def open_section() -> None:
    """Open the section :data:`ui.links.OPEN_PARAM` names, and take it out of the URL (a name
    not in :data:`OPENED_SECTIONS` is dropped: the lab opens at its kept section).

    Read in every run, not once per session as the link: another page's link to a
    section works after the lab was visited too, and the lab never writes the parameter.
    """
    wanted = st.query_params.get(links.OPEN_PARAM)
    if wanted is None:
        return
    del st.query_params[links.OPEN_PARAM]
    if wanted in OPENED_SECTIONS:
        fill({SECTION_KEY: wanted})


def read_link() -> None:
    """Open the section another page asks for (:func:`open_section`, any visit), then
    fill the lab from its link, the first time the session opens the lab."""
    open_section()  # before the link, whose language may rerun the script
    decoded = links.read_once(PAGE, SPEC)
    if decoded is None:
        return
    values: dict[str, Any] = decoded.values
    if set(quiz.LINK) & {*values, *decoded.rejected}:  # a quiz link, even a broken one
        code_unread = "quiz" in decoded.rejected
        quiz.open_round(values.get("quiz"), values.get("level"), code_unread=code_unread)
        return
    filled = {key: values[name] for name, key in _KEPT.items() if name in values}
    if "bias" in values:
        filled[CONV_KEYS["bias"]] = float(values["bias"])
    section = values.get("section")
    if section:
        filled[SECTION_KEY] = section
        if "cell" in values:
            filled[CELL_KEYS[section]] = values["cell"]
    grids = {"x": POOL_GRID} if section == "pool" else {"x": "x", "k": "k"}
    for name, grid_name in grids.items():
        if name in values:
            grid = np.asarray(values[name], dtype=np.float64)
            filled |= shape_values(grid_name, grid.shape)
            set_matrix(grid_name, grid, decimals=links.NUMBER_DECIMALS)  # as shared, exactly
    fill(filled)
    if section:
        find_shown_example(section)  # the picker names the example a link shows unchanged


def conv_link_ui(x: NDArray, kernel: NDArray, settings: ConvSettings, cell: int) -> None:
    """Keep the convolution view in the URL and show its link."""
    padding = settings.padding
    values = {
        "section": "conv",
        "x": x.tolist(),
        "k": kernel.tolist(),
        "pad": padding if isinstance(padding, str) else "custom",
        "p": None if isinstance(padding, str) else padding,
        "s": settings.stride,
        "d": settings.dilation,
        "bias": settings.bias,
        "relu": settings.relu,
        "cell": cell,
    }
    links.share_ui(PAGE, SPEC, values)


def pool_link_ui(x: NDArray, size: int, stride: int, mode: str, padding: str, cell: int) -> None:
    """Keep the pooling view in the URL and show its link."""
    values = {
        "section": "pool",
        "x": x.tolist(),
        "size": size,
        "ps": stride,
        "mode": mode,
        "ppad": padding,
        "cell": cell,
    }
    links.share_ui(PAGE, SPEC, values)


def forget_view_in_url() -> None:
    """A section without a link of its own: the URL keeps only the language, so a
    reload or a bookmark does not reopen the view shared last (another section, say)."""
    params = {links.LANG_PARAM: lang()}
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def no_link_ui() -> None:
    """Under a view that cannot be drawn (a bad cell, a window larger than the input):
    say that it has no link and that the address bar is not updated (a reload or a
    copied address opens the view it holds)."""
    st.caption(f":material/link_off: {tr('lab.link.none')}")
