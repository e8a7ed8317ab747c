"""The convolution lab: type an input and a kernel, watch the kernel slide.

Laid out for a classroom projector (1024×768): the title beside the introduction;
the preset picker and the chosen section's settings in one toolbar row; the section
picker; then the chosen one of six sections: convolution, transposed convolution,
pooling, several channels and filters, a real image, a quiz (``sections``,
``transpose``, ``quiz``).
Every number comes from cnn_core.
"""

import streamlit as st

from app_pages.lab.link import LINKED_SECTIONS, forget_view_in_url, read_link
from app_pages.lab.presets import first_visit, presets_ui
from app_pages.lab.sections import SECTION_VIEWS, section_ui
from app_pages.lab.transpose import USES_KEY
from app_pages.lab.widgets import MATRIX_PREFIX
from ui import links
from ui.layout import scroll_sideways
from ui.state import key_class, tr

# Narrow screens (a projector's 1024 px beside the sidebar): less empty margin. The
# grids without the table toolbar Streamlit shows on hover: a few numbers need no
# search, CSV or full screen, and its tooltips are English. On a phone, a formula or
# the transposed convolution's diagram wider than the screen scrolls sideways instead
# of being cut or shrunk to unreadable text.
PAGE_CSS = f"""<style>
@media (max-width: 1200px) {{
  [data-testid="stMainBlockContainer"] {{ padding: 3.5rem 1rem 2rem 1rem; }}
}}
[class*="{key_class(MATRIX_PREFIX)[1:]}"] [data-testid="stElementToolbar"] {{ display: none; }}
[data-testid="stMarkdownContainer"] .katex-display {{ overflow-x: auto; overflow-y: hidden; }}
{scroll_sideways(USES_KEY, "svg", 640)}
</style>"""

if MATRIX_PREFIX + "x" not in st.session_state:  # first visit: each section on its example
    first_visit()
read_link()  # a shared link: a convolution or pooling view, or a quiz round
st.html(PAGE_CSS)
title_col, intro_col = st.columns([1, 1], vertical_alignment="center")
title_col.title(tr("lab.title"), anchor=False)
intro_col.caption(tr("lab.intro"))
links.rejected_ui("lab")  # what a shared link held that the lab could not use
toolbar = st.container(horizontal=True, vertical_alignment="bottom", gap="small")
section = section_ui()  # drawn below the toolbar, read first: the picker depends on it
with toolbar:
    presets_ui(section)
if section not in (*LINKED_SECTIONS, "quiz"):  # no link of its own (the quiz shares a round)
    forget_view_in_url()
SECTION_VIEWS[section](toolbar)
