"""Session-state keys that app.py owns, and the current language.

Pages talk to each other only through these keys.
"""

from __future__ import annotations

import streamlit as st

from cnn_core.i18n import DEFAULT_LANGUAGE, t

LANG_KEY = "lang"
"""The UI language, ``"ko"`` or ``"en"`` (the sidebar switch in app.py)."""

MODEL_KEY = "model_key"
"""The :class:`cnn_core.catalog.ModelEntry` key chosen on the explorer or predict page."""


def lang() -> str:
    """The current UI language."""
    return st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)


def tr(key: str, /, **fields: object) -> str:
    """Translate ``key`` into the current language (see :func:`cnn_core.i18n.t`)."""
    return t(key, lang(), **fields)
