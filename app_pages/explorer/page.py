"""Model explorer: the layers, filters, feature maps and Grad-CAM of a trained CNN."""

import streamlit as st

from app_pages.explorer.epochs import epoch_ui
from app_pages.explorer.link import apply_link, link_spec, share_ui
from app_pages.explorer.sections import VIEW_SECTIONS, show_card, view_ui
from app_pages.explorer.widgets import model_choice_ui
from ui import links
from ui.state import tr

spec = link_spec()
apply_link(spec)
st.title(tr("explorer.title"))
st.markdown(tr("explorer.intro"))
links.rejected_ui("explorer")
chosen_model = model_choice_ui()
if chosen_model is not None:
    chosen_model = epoch_ui(chosen_model)
    show_card(chosen_model)  # for the epoch chosen
    view = view_ui()
    VIEW_SECTIONS[view](chosen_model)
share_ui(spec, chosen_model)
