"""Session-state keys that app.py owns, and the current language.

Pages talk to each other only through these keys.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES, t

LANG_KEY = "lang"
"""The UI language, ``"ko"`` or ``"en"`` (the sidebar switch in app.py)."""

MODEL_KEY = "model_key"
"""The :class:`cnn_core.catalog.ModelEntry` key chosen on the explorer or predict page."""


def lang() -> str:
    """The current UI language."""
    return st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)


def tr(key: str, /, **fields: object) -> str:
    """Translate ``key`` into the current language (see :func:`ui.i18n.t`)."""
    return t(key, lang(), **fields)


def labels_now(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A ``format_func`` whose labels are computed now, in the current language.

    Streamlit (and AppTest) may call ``format_func`` outside the script run, where
    the session's language is not known; a lookup table built during the run is safe.
    """
    table = {option: label(option) for option in options}
    return table.__getitem__


# Controls: values that survive language switches and page changes.
# Every control keeps its value in the session under a plain key (``train_model``)
# and is drawn as a widget whose key adds the language (``train_model.ko``), with
# that value as its default. A language switch therefore draws fresh widgets with
# the new labels (Streamlit 1.67's frontend otherwise keeps showing a selectbox's
# old label and drops a radio's selection when only the labels change), leaving the
# page keeps the values (Streamlit drops the state of widgets that are not drawn,
# never plain keys), and a first render cut short by a quick click still shows them.


def widget_key(key: str) -> str:
    """The widget key of control ``key`` in the current language."""
    return f"{key}.{lang()}"


def set_control(key: str, value: Any) -> None:
    """Set a control's value (before it is drawn, or from a callback)."""
    st.session_state[key] = value
    st.session_state[widget_key(key)] = value


def control(draw: Callable[..., Any], key: str, *args: Any, **kwargs: Any) -> Any:
    """Draw ``draw(*args, **kwargs)`` as the control ``key`` and keep its value.

    Pass the default as ``index=control_index(options, key)`` (selectbox, radio),
    ``default=...`` (multiselect) or ``value=st.session_state[key]`` (the others).
    """
    value = draw(*args, key=widget_key(key), **kwargs)
    st.session_state[key] = value
    return value


def control_index(options: Iterable[Any], key: str) -> int:
    """Position of the control's value among ``options`` (0 when it is not one of them)."""
    options = list(options)
    value = st.session_state.get(key)
    return options.index(value) if value in options else 0


def resend_choices() -> None:
    """After a language switch, send every choice widget's value to the browser again.

    A radio, selectbox or multiselect travels between browser and server as its
    *label*. When a language switch changes the labels, Streamlit 1.67 keeps the
    value on the server but the browser shows the radio unselected and the
    selectbox with its old-language label. Setting each such value again (a str,
    or a list of str) makes the server send it with the new labels. Controls (their
    widget keys end in ``.<lang>``) get fresh widgets anyway and are left alone.
    """
    suffixes = tuple(f".{code}" for code in LANGUAGES)
    for key in list(st.session_state.keys()):
        if key == LANG_KEY or key.endswith(suffixes):
            continue
        value = st.session_state[key]
        is_choice = isinstance(value, str) or (
            isinstance(value, list) and value and all(isinstance(item, str) for item in value)
        )  # (an empty list may be a file uploader's, which the script may not set)
        if is_choice:
            with contextlib.suppress(StreamlitAPIException):
                st.session_state[key] = value
