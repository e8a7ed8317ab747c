"""Plotly figure builders shared by the pages.

Each builder takes plain numpy arrays / lists and already-translated labels and
returns a ``plotly.graph_objects.Figure``; none of them imports streamlit or keras.
"""

from __future__ import annotations
