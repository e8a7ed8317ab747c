"""The home page: what CNN Explorer is, a card per page, the course CNN's pipeline."""

from __future__ import annotations

import streamlit as st

from app_pages import PAGES, page_path
from cnn_core.arithmetic import output_size, param_count
from cnn_core.figures import pipeline_dot
from ui.state import tr

CARDS = [name for name in PAGES if name != "home"]


def fashion_mnist_stages() -> tuple[list[tuple[str, list[str]]], int]:
    """The seeds' Fashion-MNIST CNN layer by layer, sizes from ``output_size``.

    Returns:
        ``(stages for pipeline_dot, total parameter count)``.
    """
    side, channels, total = 28, 1, 0
    stages = [("input", [tr("home.stage.input"), "28×28×1"])]
    for filters in (32, 64):
        side = output_size(side, 3, padding="same")
        params = param_count(3, 3, channels, filters)
        channels, total = filters, total + params
        shape = f"{side}×{side}×{channels}"
        stages.append(("conv", [f"Conv2D {filters} 3×3, ReLU", shape, _params(params)]))
        side = output_size(side, 2, stride=2)
        stages.append(("pool", ["MaxPool 2×2", f"{side}×{side}×{channels}"]))
    units = side * side * channels
    dense, output = param_count(1, 1, units, 100), param_count(1, 1, 100, 10)
    stages += [
        ("flatten", ["Flatten", str(units)]),
        ("dense", ["Dense 100, ReLU", "100", _params(dense)]),
        ("dropout", ["Dropout 0.4", "100"]),
        ("output", ["Dense 10, softmax", tr("home.stage.output"), _params(output)]),
    ]
    return stages, total + dense + output


def _params(n: int) -> str:
    return tr("home.params", n=f"{n:,}")


st.title(tr("app.title"))
st.markdown(tr("home.intro"))

st.subheader(tr("home.pages"))
for row in (CARDS[:2], CARDS[2:]):
    for column, name in zip(st.columns(2), row, strict=True):
        with column.container(border=True):
            st.page_link(page_path(name), label=f"**{tr(f'nav.{name}')}**", icon=PAGES[name])
            st.caption(tr(f"home.card.{name}"))

st.subheader(tr("home.pipeline"))
stages, total = fashion_mnist_stages()
st.graphviz_chart(pipeline_dot(stages, per_row=5), width="stretch")  # 2 rows: features, classifier
st.caption(tr("home.pipeline_caption", total=f"{total:,}"))
