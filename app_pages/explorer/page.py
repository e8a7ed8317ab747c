"""Model explorer: the layers, filters, feature maps and Grad-CAM of a trained CNN."""

import streamlit as st

from app_pages.explorer.sections import VIEW_SECTIONS, show_card, view_ui
from app_pages.explorer.widgets import model_choice_ui
from ui.state import tr

st.title(tr("explorer.title"))
st.markdown(tr("explorer.intro"))
chosen_model = model_choice_ui()
if chosen_model is not None:
    show_card(chosen_model)
    view = view_ui()
    VIEW_SECTIONS[view](chosen_model)
