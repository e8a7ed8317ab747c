"""The training page: pick a dataset and an architecture, train, watch, compare.

Reads top to bottom like the page: the setup (``controls``), this session's live
jobs (``live``), then the results, the runs table and the comparison (``results``),
and the class board (``board``); the teacher's PIN, where the server has one, in the
sidebar (``board.teacher_pin_ui``).
The training itself runs in the server's job manager (``shared.job_manager``); a
session first takes as its own the jobs its browser started elsewhere (a reload,
another tab: ``shared.adopt_browser_jobs``), and the live view keeps doing so.
"""

import streamlit as st

from app_pages.training import board, controls, live, results, shared
from ui.state import tr

shared.adopt_browser_jobs()  # before anything counts or shows this session's jobs
board.teacher_pin_ui()  # in the sidebar, where the server has a teacher PIN
st.title(tr("train.title"))
st.markdown(tr("train.intro"))

st.header(tr("train.setup"))
controls.presets_ui()
config, available = controls.config_ui()
controls.start_ui(config, available)
if board.name_given():
    st.rerun()  # at once: the name field empties (board.name_ui), the run keeps the name
controls.code_ui(config)

st.header(tr("train.live"))
live.live_jobs_ui()

board.apply_pending_names()  # names typed at Start, before anything reads a run's name
records = shared.run_store().list()
st.header(tr("train.results"))
results.results_ui(records)

st.header(tr("train.runs"))
results.runs_table_ui(records)
results.compare_ui(records)
results.delete_ui(records)

st.header(tr("train.board"))
board.board_ui(records)
