"""The home page (under construction)."""

import streamlit as st

from ui.state import tr

st.title(tr("app.title"))
