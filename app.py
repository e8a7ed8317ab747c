"""CNN Explorer: entry point. Run with ``streamlit run app.py``.

Sets up the page, the language switch (default from the browser's locale) and
the navigation. Imports no TensorFlow: pages that need it import it themselves, and
a background thread warms it and the shipped models once per server (ui.server).
"""

import streamlit as st

from app_pages import PAGES, page_path
from ui.i18n import LANGUAGE_NAMES, LANGUAGES, language_from_locale
from ui.links import keep_language_in_url, language_switched, link_language
from ui.server import freeze_long_lived_objects, keep_keras_state, start_warm_up
from ui.state import LANG_KEY, keep, tr

# Korean lines break between words, as Korean is written: the browser's default
# breaks between any two syllables ("멉니/다"). A word longer than its line (a file
# name) still breaks rather than overflow. Important: Streamlit's own rules for
# paragraphs are more specific.
KOREAN_LINES_CSS = """<style>
.stApp, .stApp * { word-break: keep-all !important; overflow-wrap: break-word; }
</style>"""

st.set_page_config(page_title="CNN Explorer", page_icon="🧠", layout="wide")
st.html(KOREAN_LINES_CSS)
keep_keras_state()  # models are cached, never rebuilt per run: keep TensorFlow's caches
start_warm_up()  # TensorFlow and the shipped models, in the background, once per server

if LANG_KEY not in st.session_state:  # a shared link's language, else the browser's
    st.session_state[LANG_KEY] = link_language() or language_from_locale(st.context.locale)

with st.sidebar:
    keep(
        st.radio,
        LANG_KEY,
        tr("app.language"),
        LANGUAGES,
        format_func=LANGUAGE_NAMES.__getitem__,
        horizontal=True,
        on_change=language_switched,  # the URL follows the switch
    )
keep_language_in_url()  # a reload keeps the language, on every page

navigation = [
    st.Page(
        page_path(name),
        title=tr(f"nav.{name}"),
        icon=icon,
        url_path=name,
        default=name == "home",
    )
    for name, icon in PAGES.items()
]
try:
    st.navigation(navigation).run()
finally:  # also after st.stop() and st.rerun()
    freeze_long_lived_objects()
