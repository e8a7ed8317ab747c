"""The home page: what CNN Explorer is, the lesson path (the course notes' topics in
order, each a link to its page), a card per page, the course CNN's pipeline."""

from __future__ import annotations

import streamlit as st

from app_pages import PAGES, page_path
from cnn_core.datasets import DATASETS
from cnn_core.figures import pipeline_dot
from cnn_core.models import describe_layers
from ui.layout import scroll_sideways
from ui.links import OPEN_PARAM
from ui.state import key_class, tr

CARDS = [name for name in PAGES if name != "home"]
# The lesson path: (topic: home.step.<topic>, page, the lab section it opens or None),
# in the order of the course notes. Each link opens what its label names: a lab step
# its section, on any visit, through ui.links.OPEN_PARAM; any other step its page.
LESSON_PATH: tuple[tuple[str, str, str | None], ...] = (
    ("conv", "lab", "conv"),
    ("pool", "lab", "pool"),
    ("colour", "lab", "channels"),
    ("course_cnn", "explorer", None),
    ("lenet5", "training", None),
    ("training", "training", None),
    ("predict", "predict", None),
)
PATH_KEY = "home.path"
# A step's link wraps onto a second line rather than being cut at the column's edge.
PATH_CSS = f"""<style>
{key_class(PATH_KEY)} [data-testid="stPageLink"] * {{ white-space: normal; overflow: visible; }}
{key_class(PATH_KEY)} [data-testid="stPageLink-NavLink"] {{ height: auto; }}
</style>"""
PIPELINE_KEY = "home.pipeline"
# The pipeline is never drawn narrower: at 1024 px it fills the page (its text about
# 10 px high); a phone scrolls it sideways instead of shrinking its text to 6 px. (A
# comment, not a docstring: Streamlit's magic would print a bare string on the page.)
PIPELINE_MIN_PX = 560


def course_cnn_stages() -> tuple[list[tuple[str, list[str]]], int]:
    """The course notes' Fashion-MNIST CNN layer by layer, from ``describe_layers``.

    Returns:
        ``(stages for pipeline_dot, total parameter count)``.
    """
    layers = describe_layers("seed_cnn", DATASETS["fashion_mnist"].input_shape)
    stages = []
    for layer in layers:
        label = {"input": tr("home.stage.input")}.get(layer.kind, layer.label)
        shape = tr("home.stage.output") if layer.kind == "output" else layer.shape_text
        params = [tr("home.params", n=f"{layer.params:,}")] if layer.params else []
        stages.append((layer.kind, [label, shape, *params]))
    return stages, sum(layer.params for layer in layers)


def lesson_path_ui(total: int) -> None:
    """The lesson path in two columns (one on a phone): a link per step, "**1.**
    Topic → Page" or, for a lab step, "... → Page › Section", opening that section;
    ``total`` the course CNN's parameter count."""
    st.subheader(tr("home.path"))
    st.caption(tr("home.path_caption"))
    half = (len(LESSON_PATH) + 1) // 2
    st.html(PATH_CSS)
    columns = st.container(key=PATH_KEY).columns(2, gap="medium")
    for n, (topic, page, section) in enumerate(LESSON_PATH, start=1):
        target = tr(f"nav.{page}")
        if section:
            target += f" › {tr(f'lab.section.{section}')}"
        columns[(n - 1) // half].page_link(
            page_path(page),
            label=f"**{n}.** {tr(f'home.step.{topic}', total=f'{total:,}')} → {target}",
            icon=PAGES[page],
            query_params={OPEN_PARAM: section} if section else None,
        )


st.title(tr("app.title"))
st.markdown(tr("home.intro"))
stages, total = course_cnn_stages()
lesson_path_ui(total)

st.subheader(tr("home.pages"))
for row in (CARDS[:2], CARDS[2:]):
    for column, name in zip(st.columns(2), row, strict=True):
        with column.container(border=True):
            st.page_link(page_path(name), label=f"**{tr(f'nav.{name}')}**", icon=PAGES[name])
            st.caption(tr(f"home.card.{name}"))

st.subheader(tr("home.pipeline"))
# Three rows (a convolution block each, then the classifier): at five a row, a
# projector's 1024 px shrank the text to about 6 px.
with st.container(key=PIPELINE_KEY):
    st.html(f"<style>{scroll_sideways(PIPELINE_KEY, 'svg', PIPELINE_MIN_PX)}</style>")
    st.graphviz_chart(pipeline_dot(stages, per_row=3), width="stretch")
st.caption(tr("home.pipeline_caption", total=f"{total:,}"))
