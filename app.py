"""CNN Explorer: entry point. Run with ``streamlit run app.py``.

Sets up the page, the language switch (default from the browser's locale) and
the navigation. Imports no TensorFlow: pages that need it import it themselves.
"""

import streamlit as st

from cnn_core.i18n import LANGUAGE_NAMES, LANGUAGES, language_from_locale
from ui.server import freeze_long_lived_objects
from ui.state import LANG_KEY, control, control_index, lang, resend_choices, tr

st.set_page_config(page_title="CNN Explorer", page_icon="🧠", layout="wide")

if LANG_KEY not in st.session_state:
    st.session_state[LANG_KEY] = language_from_locale(st.context.locale)

shown_before = lang()
with st.sidebar:
    control(
        st.radio,
        LANG_KEY,
        tr("app.language"),
        LANGUAGES,
        index=control_index(LANGUAGES, LANG_KEY),
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
    )
if lang() != shown_before:
    resend_choices()

PAGES = [
    st.Page("app_pages/home.py", title=tr("nav.home"), icon=":material/home:", default=True),
    st.Page("app_pages/lab.py", title=tr("nav.lab"), icon=":material/grid_on:"),
    st.Page("app_pages/explorer.py", title=tr("nav.explorer"), icon=":material/layers:"),
    st.Page("app_pages/training.py", title=tr("nav.training"), icon=":material/model_training:"),
    st.Page("app_pages/predict.py", title=tr("nav.predict"), icon=":material/photo_camera:"),
]
try:
    st.navigation(PAGES).run()
finally:  # also after st.stop() and st.rerun()
    freeze_long_lived_objects()
