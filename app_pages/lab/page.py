"""The convolution lab: type an input and a kernel, watch the kernel slide.

Presets (``presets``), then the section picker and the chosen one of four sections:
convolution, pooling, several channels and filters, a real image (``sections``).
Every number comes from cnn_core.
"""

import streamlit as st

from app_pages.lab.presets import load_preset, presets_ui
from app_pages.lab.sections import SECTION_VIEWS, section_ui
from ui.state import tr

if "lab.matrix.x" not in st.session_state:  # first visit: the course's worked example
    load_preset("seed_worked")
st.title(tr("lab.title"))
st.caption(tr("lab.intro"))
presets_ui()
section = section_ui()
SECTION_VIEWS[section]()
