"""The training page (under construction)."""

import streamlit as st

from ui.state import tr

st.title(tr("nav.training"))
