"""The convolution lab: type an input and a kernel, watch the kernel slide.

Four sections: convolution, pooling, several channels and filters, a real image.
Sections come from app_pages.lab.sections, widgets from app_pages.lab.widgets, numbers from
cnn_core.arithmetic.
"""

import streamlit as st

from app_pages.lab.sections import SECTION_VIEWS, load_preset, presets_ui, section_ui
from ui.state import tr

if "lab.matrix.x" not in st.session_state:  # first visit: the seed's worked example
    load_preset("seed_worked")
st.title(tr("lab.title"))
st.caption(tr("lab.intro"))
presets_ui()
section = section_ui()
SECTION_VIEWS[section]()
