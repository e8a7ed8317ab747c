"""The app's pages, one folder each: ``app_pages/<page>/page.py`` is what ``st.navigation``
runs, and the folder holds everything that only that page uses.

Not ``pages/``: Streamlit 1.67 runs a top-level ``pages/`` folder as its legacy page
list, without ``app.py``, on a direct link before any session has called
``st.navigation``.
"""

from __future__ import annotations

from pathlib import Path

PAGES: dict[str, str] = {
    "home": ":material/home:",
    "lab": ":material/grid_on:",
    "explorer": ":material/layers:",
    "training": ":material/model_training:",
    "predict": ":material/photo_camera:",
}
"""Page name (its folder, its URL and its ``nav.<name>`` title key) -> icon, in menu order."""


def page_path(name: str) -> str:
    """The entry file of page ``name``, relative to the app's root (as ``st.Page`` takes it)."""
    if name not in PAGES:
        raise ValueError(f"unknown page {name!r}; the pages are {list(PAGES)}")
    return (Path("app_pages") / name / "page.py").as_posix()
