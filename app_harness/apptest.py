"""Helpers to drive the whole app (app.py + navigation) with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 120  # generous: the first page that imports TensorFlow takes seconds


def open_page(page: str, lang: str = "en") -> AppTest:
    """Run app.py, switch to ``app_pages/<page>/page.py`` in ``lang``, and return the AppTest.

    The language is set through session state (see design.md: after
    ``switch_page`` the sidebar widgets of app.py are not in the element tree).
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    if page != "home":
        at.switch_page(f"app_pages/{page}/page.py")
        at.run()
    return at


def set_lang(at: AppTest, lang: str) -> AppTest:
    """Switch the UI language the way the sidebar radio does, and rerun."""
    at.session_state["lang"] = lang
    return at.run()


def texts(at: AppTest) -> str:
    """All markdown, headers, captions, info/error boxes of the last run, joined."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "error",
        "warning",
        "success",
        "latex",
        "code",
    ):
        parts.extend(str(el.value) for el in getattr(at, kind))
    return "\n".join(parts)
