"""The training page: pick a dataset and an architecture, train, watch, compare.

Thin: the controls, live view, results and runs table are drawn by
``app_pages.training.widgets``; the training itself runs in the server's job manager.
"""

import streamlit as st

from app_pages.training import widgets
from ui.state import tr

st.title(tr("train.title"))
st.markdown(tr("train.intro"))

st.header(tr("train.setup"))
widgets.presets_ui()
config, available = widgets.config_ui()
widgets.start_ui(config, available)

st.header(tr("train.live"))
widgets.live_jobs_ui()

records = widgets.run_store().list()
st.header(tr("train.results"))
widgets.results_ui(records)

st.header(tr("train.runs"))
widgets.runs_table_ui(records)
widgets.compare_ui(records)
widgets.delete_ui(records)
