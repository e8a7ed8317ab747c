"""Session-state keys that app.py owns, and the current language.

Pages talk to each other only through these keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

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


def labels_now(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A ``format_func`` whose labels are computed now, in the current language.

    Streamlit (and AppTest) may call ``format_func`` outside the script run, where
    the session's language is not known; a lookup table built during the run is safe.
    """
    table = {option: label(option) for option in options}
    return table.__getitem__
