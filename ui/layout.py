"""Page layout that several pages share: CSS for ``st.html`` and the plotly config."""

from __future__ import annotations

from ui.state import key_class

CHART_CONFIG = {"displayModeBar": False}
"""Plotly config of every chart of the app (the lab's maps, the explorer's views, the
training curves and results, the predict page's probabilities): no mode bar, whose
eight hidden buttons were eight tab stops per chart and covered a chart's top on a
phone. Dragging still zooms a chart and a double click resets it."""


def scroll_sideways(key: str, inner: str, min_px: int) -> str:
    """CSS rules that keep ``inner`` (a selector inside the container drawn under
    ``key``) at least ``min_px`` wide: on a narrow screen (a phone) the container
    scrolls sideways instead of shrinking what it holds until its text is unreadable
    or its cells are too small to tap."""
    box = key_class(key)
    return f"{box} {{ overflow-x: auto; }} {box} {inner} {{ min-width: {min_px}px; }}"
