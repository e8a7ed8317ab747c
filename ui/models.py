"""The model picker shared by the explorer and predict pages, and cached loading."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cnn_core import catalog
from ui.state import MODEL_KEY, labels_now, lang, tr


@st.cache_resource(max_entries=8, show_spinner=False)
def cached_model(path: str, mtime: float):
    """Load a ``.keras`` file once per server process (``mtime`` invalidates a replaced file).

    Callers must not mutate the returned model.
    """
    return catalog.load_model(Path(path))


def load_entry_model(entry: catalog.ModelEntry):
    """The Keras model of ``entry``, or ``None`` after showing a translated error."""
    try:
        return cached_model(str(entry.model_path), entry.model_path.stat().st_mtime)
    except (OSError, ValueError) as err:
        st.error(tr("common.model_load_error", error=err))
        return None


def model_picker_ui(*, key: str) -> catalog.ModelEntry | None:
    """Draw a model selectbox; the choice is shared between pages via ``MODEL_KEY``.

    Args:
        key: widget key, unique per page.

    Returns:
        The chosen entry, or ``None`` (with a message) when there is no model.
    """
    entries = {entry.key: entry for entry in catalog.list_models()}
    if not entries:
        st.info(tr("common.no_models"))
        return None
    keys = list(entries)
    chosen = st.session_state.get(MODEL_KEY)
    if st.session_state.get(key) not in entries:
        st.session_state[key] = chosen if chosen in entries else keys[0]

    def label(entry_key: str) -> str:
        entry = entries[entry_key]
        return f"{entry.title(lang())} · {tr('common.source.' + entry.source)}"

    picked = st.selectbox(tr("common.model"), keys, format_func=labels_now(keys, label), key=key)
    st.session_state[MODEL_KEY] = picked
    return entries[picked]
