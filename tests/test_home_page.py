"""The home page: a card per page, the Fashion-MNIST pipeline with the seeds' shapes."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from app_harness.apptest import open_page, set_lang, texts
from app_pages.lab.link import OPENED_SECTIONS
from cnn_core.figures import pipeline_dot
from ui import i18n
from ui.links import OPEN_PARAM

# Seeds 000/002/004: the shapes after each layer, and 320 / 18,496 / 313,700 / 1,010
# parameters, 333,526 in all.
SEED_SHAPES = ["28×28×1", "28×28×32", "14×14×32", "14×14×64", "7×7×64", "3136", "100", "10"]
SEED_PARAMS = ["320", "18,496", "313,700", "1,010"]


def pipeline_spec(at) -> str:
    charts = at.get("graphviz_chart")
    assert len(charts) == 1
    return charts[0].proto.spec


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_has_a_card_per_page_and_the_pipeline(lang):
    at = open_page("home", lang)
    assert not at.exception, at.exception
    links = {link.proto.page: link.proto.label for link in at.get("page_link")}
    assert list(links) == ["lab", "explorer", "training", "predict"]
    for page, label in links.items():
        assert i18n.t(f"nav.{page}", lang) in label
        assert i18n.t(f"home.card.{page}", lang) in texts(at)
    spec = pipeline_spec(at)
    positions = [spec.index(f"<br/>{shape}") for shape in SEED_SHAPES]
    assert positions == sorted(positions), "shapes out of order"
    for params in SEED_PARAMS:
        assert params in spec
    assert "333,526" in texts(at)
    assert "Dropout 0.4" in spec and "softmax" in spec
    # three rows of three (8 arrows and 2 hidden ones that stack them): at five a row,
    # a projector's 1024 px shrank the text to about 6 px
    assert spec.count("rank=same") == 3 and spec.count("->") == 10


def test_language_switch_translates_the_pipeline():
    at = open_page("home", "en")
    set_lang(at, "ko")
    assert not at.exception
    assert i18n.t("home.stage.input", "ko") in pipeline_spec(at)
    assert i18n.t("home.params", "ko", n="320") in pipeline_spec(at)


def test_pipeline_dot_escapes_text_and_rejects_unknown_kinds():
    dot = pipeline_dot([("input", ["a<b", "1×1"]), ("output", ["c & d"])])
    assert "<b>a&lt;b</b><br/>1×1" in dot and "c &amp; d" in dot and "s0 -> s1;" in dot
    with pytest.raises(ValueError, match="'softmax'"):
        pipeline_dot([("softmax", ["x"])])
    with pytest.raises(ValueError, match="lines=\\[\\]"):
        pipeline_dot([("input", [])])
    with pytest.raises(ValueError, match=r"got \[\], 0"):
        pipeline_dot([])
    with pytest.raises(ValueError, match="-1"):
        pipeline_dot([("input", ["x"])], per_row=-1)


def test_pipeline_dot_rows():
    stages = [("conv", [f"layer {i}"]) for i in range(5)]
    assert "rankdir=LR" in pipeline_dot(stages)
    two_rows = pipeline_dot(stages, per_row=3)
    assert "rankdir=TB" in two_rows
    assert "{ rank=same; s0; s1; s2; }" in two_rows and "{ rank=same; s3; s4; }" in two_rows
    assert "s0 -> s3 [style=invis];" in two_rows


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_lesson_path_links_the_notes_topics_to_their_pages_in_order(lang):
    at = open_page("home", lang)
    links = [(link.proto.page, link.proto.label) for link in at.get("page_link")]
    path, cards = links[:7], links[7:]
    assert [page for page, _ in path] == [
        "lab", "lab", "lab", "explorer", "training", "training", "predict",
    ]  # fmt: skip
    for n, (topic, (page, label)) in enumerate(
        zip(
            ("conv", "pool", "colour", "course_cnn", "lenet5", "training", "predict"),
            path,
            strict=True,
        ),
        start=1,
    ):
        assert label.startswith(f"**{n}.** {i18n.t(f'home.step.{topic}', lang, total='333,526')}")
        assert i18n.t(f"nav.{page}", lang) in label
    assert "333,526" in path[3][1]
    assert i18n.t("lab.section.conv", lang) in path[0][1]
    assert i18n.t("lab.section.pool", lang) in path[1][1]
    assert i18n.t("lab.section.channels", lang) in path[2][1]
    assert [page for page, _ in cards] == ["lab", "explorer", "training", "predict"]
    assert i18n.t("home.path", lang) in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_lesson_step_opens_what_its_label_names(lang):
    """A lab step's link asks the lab for the section its label names (the lab opens
    it on any visit, tests/test_lab_page.py); a step naming only its page carries no
    query (the training page has no link to LeNet-5: the label names none)."""
    at = open_page("home", lang)
    path = at.get("page_link")[:7]
    sections = ("conv", "pool", "channels")
    for link, section in zip(path[:3], sections, strict=True):
        assert link.proto.label.endswith(f"› {i18n.t(f'lab.section.{section}', lang)}")
        assert link.proto.query_string == urlencode({OPEN_PARAM: section})
    assert sections == OPENED_SECTIONS
    for link in path[3:]:
        assert "›" not in link.proto.label and not link.proto.query_string
