"""The lab's shareable link: a convolution or pooling view travels in the URL and back."""

from __future__ import annotations

import pytest
from test_lab_quiz import open_link

from app_pages.lab.link import SPEC
from ui import links
from ui.i18n import t
from ui.markdown import markdown_text

WORKED_X = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
WORKED_K = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]


def grid(at, name: str) -> list[list[str]]:
    return at.session_state[f"lab.matrix.{name}"]["current"]


def test_a_convolution_link_opens_that_view():
    params = links.encode(
        {
            "section": "conv",
            "x": WORKED_X,
            "k": WORKED_K,
            "pad": "custom",
            "p": 1,
            "s": 1,
            "d": 1,
            "bias": 0.5,
            "relu": True,
            "cell": 6,
        },
        SPEC,
    )
    at = open_link(params, lang="ko")
    assert at.radio(key="lab.section.ko").value == "conv"
    assert grid(at, "x") == [[str(v) for v in row] for row in WORKED_X]
    assert at.number_input(key="lab.padding_p.ko").value == 1
    assert at.number_input(key="lab.bias.ko").value == 0.5
    assert at.toggle(key="lab.relu.ko").value
    assert at.slider(key="lab.cell.ko").value == 6  # row 2, column 2
    assert t("lab.cell_position", "ko", row=2, col=2) in [m.value for m in at.markdown]
    assert any("15.5" in str(code.value) for code in at.code)  # 15 + bias 0.5, the seed's cell
    shared = [c.value for c in at.code if "section=conv" in str(c.value)]
    assert shared and "cell=6" in shared[0] and "lang=ko" in shared[0]  # the link shown again


def test_a_pooling_link_opens_that_view():
    params = links.encode(
        {"section": "pool", "x": WORKED_X, "size": 2, "ps": 1, "mode": "avg", "cell": 9}, SPEC
    )
    at = open_link(params)
    assert at.radio(key="lab.section.en").value == "pool"
    assert at.radio(key="lab.pool.mode.en").value == "avg"
    assert at.number_input(key="lab.pool.stride.en").value == 1
    assert at.slider(key="lab.pool.cell.en").value == 9


@pytest.mark.parametrize(
    "params",
    [
        {"section": "conv", "x": "1,2;3", "s": "1"},  # ragged rows
        {"section": "conv", "x": ";".join([",".join(["1"] * 17)] * 17)},  # 17×17: too big
        {"section": "conv", "k": "__import__('os')", "bias": "1e308"},  # code, huge number
        {"section": "conv", "s": "<script>alert(1)</script>", "pad": "nowhere"},
        {"section": "<b>pool</b>", "x": "nan,1;2,3"},
    ],
)
def test_a_malformed_or_hostile_link_falls_back_with_a_message(params):
    at = open_link(params)
    assert not at.exception
    assert " ".join(w.value for w in at.warning), "the page says part of the link was not used"
    assert grid(at, "x") == [[str(v) for v in row] for row in WORKED_X]  # the default grid
    assert at.number_input(key="lab.stride.en").value >= 1


def test_the_largest_view_travels_whole():
    """16×16 and 7×7 grids of the longest numbers the editor takes, and every setting."""
    longest = [-999_999.999999, 1_000_000]
    view = {
        "section": "conv",
        "x": [[longest[0]] * 16 for _ in range(16)],
        "k": [[longest[(r + c) % 2] for c in range(7)] for r in range(7)],
        "pad": "custom",
        "p": 8,
        "s": 8,
        "d": 4,
        "bias": -999_999.999999,
        "relu": True,
        "cell": 4096,
    }
    params = links.shareable(view, SPEC)
    assert set(params) == set(view)
    assert links.decode({**params, "lang": "ko"}, SPEC) == links.Decoded(view, ())


def test_a_value_a_link_cannot_carry_is_left_out_and_named():
    at = open_link({})
    at.number_input(key="lab.bias.en").set_value(0.1234567).run()  # 7 decimals
    assert not at.exception
    shared = [c.value for c in at.code if "section=conv" in str(c.value)]
    assert shared and "bias=" not in shared[0] and "x=" in shared[0]
    note = t("common.share_left_out", "en", fields=t("lab.bias", "en"))  # "Bias", not "bias"
    assert note in [c.value for c in at.caption]


def test_a_cell_outside_the_output_is_named():
    params = links.encode({"section": "conv", "x": WORKED_X, "k": WORKED_K, "cell": 40}, SPEC)
    at = open_link(params)
    cell = at.slider(key="lab.cell.en")
    assert cell.value <= cell.max < 40  # a cell of the output instead
    cell_40 = t("common.link_field", "en", field=t("lab.cell", "en"), value="40")
    note = t("common.link_not_applied", "en", fields=cell_40)  # "Output cell = “40”"
    assert [w.value for w in at.warning] == [note]
    assert "is shown" in note  # the page shows another cell, and says so
    inside = open_link(
        links.encode({"section": "conv", "x": WORKED_X, "k": WORKED_K, "cell": 3}, SPEC)
    )
    assert inside.slider(key="lab.cell.en").value == 3 and not inside.warning


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_parts_a_link_could_not_use_are_named_as_the_widgets_are(lang):
    """Never by their codes in the URL (section, p, s, d, bias, relu)."""
    params = {"s": "abc", "p": "999", "d": "0", "bias": "1e400", "relu": "yes", "section": "nope"}
    at = open_link({"lang": lang, **params}, lang="en" if lang == "ko" else "ko")
    assert at.session_state["lang"] == lang  # the link's language
    keys = {"section": "lab.section", "p": "lab.padding_p", "s": "lab.stride"}
    keys |= {"d": "lab.dilation", "bias": "lab.bias", "relu": "lab.relu"}
    names = ", ".join(_field(lang, key, params[name]) for name, key in keys.items())
    assert [w.value for w in at.warning] == [t("common.link_partly", lang, fields=names)]


def _field(lang: str, key: str, given: str) -> str:
    """A link's field as the page names it: its label, then the text it held."""
    return t("common.link_field", lang, field=t(key, lang), value=markdown_text(given))


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        (
            {"quiz": "-5", "level": "expert"},
            [("lab.quiz.seed", "-5"), ("lab.quiz.level", "expert")],
        ),
        (
            {"s": "0", "ps": "0", "lang": "xx"},
            [("app.language", "xx"), ("lab.stride", "0")],
        ),  # once
    ],
)
def test_quiz_pooling_and_language_fields_are_named_too(params, fields):
    at = open_link(params, lang="ko")
    names = ", ".join(_field("ko", key, given) for key, given in fields)
    said = [t("common.link_partly", "ko", fields=names)]
    if "quiz" in params:  # and what an unread round code means for a class
        said.append(t("lab.quiz.unread", "ko", code=at.session_state["lab.quiz.seed"]))
    assert [w.value for w in at.warning] == said


def test_a_grid_with_more_decimals_than_the_lab_shows_opens_exactly_and_quietly():
    x = [[0.1234, 1], [2, -0.000001]]
    at = open_link(links.encode({"section": "conv", "x": x, "k": [[1]]}, SPEC))
    assert grid(at, "x") == [["0.1234", "1"], ["2", "-0.000001"]]  # the sharer's numbers
    assert not at.warning


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_view_with_an_error_says_it_has_no_link_and_leaves_the_url(lang):
    """The audit copied the address of a view with a bad cell: it opened another view."""
    from test_lab_page import edit

    at = open_link({}, lang=lang)
    before = dict(at.query_params)
    assert before.get("section") == "conv" and not _no_link(at, lang)
    edit(at, "x", {(0, 0): "abc"})
    assert at.error and _no_link(at, lang)
    assert not [c for c in at.code if "section=" in str(c.value)], "no link is offered"
    assert dict(at.query_params) == before  # as the caption says: not updated
    edit(at, "x", {(0, 0): "5"})
    assert not _no_link(at, lang) and [c for c in at.code if "section=" in str(c.value)]
    big = open_link(
        links.encode(
            {"section": "conv", "x": WORKED_X, "k": WORKED_K, "d": 4, "pad": "valid"}, SPEC
        ),
        lang=lang,
    )
    assert big.error and _no_link(big, lang)
    at.radio(key=f"lab.section.{lang}").set_value("pool").run()
    at.number_input(key=f"lab.pool.size.{lang}").set_value(4).run()
    at.number_input(key=f"lab.pool.x.rows.{lang}").set_value(3).run()
    assert at.error and _no_link(at, lang)


def _no_link(at, lang: str) -> bool:
    return any(t("lab.link.none", lang) in c.value for c in at.caption)


def test_a_convolution_links_settings_stay_in_the_convolution_section():
    """The channels section has settings of its own: a link to a convolution view (every
    link made before it had them too) sets the convolution's, and the channels section
    still opens on its example."""
    from test_lab_page import chart_text

    view = {"section": "conv", "x": WORKED_X, "k": WORKED_K, "pad": "custom", "p": 2, "s": 2}
    at = open_link(links.encode({**view, "d": 2, "bias": 1, "relu": True}, SPEC))
    assert at.number_input(key="lab.stride.en").value == 2
    assert at.number_input(key="lab.padding_p.en").value == 2
    at.radio(key="lab.section.en").set_value("channels").run()
    assert at.number_input(key="lab.ch.stride.en").value == 1
    assert at.number_input(key="lab.ch.dilation.en").value == 1
    assert not at.toggle(key="lab.ch.relu.en").value
    assert chart_text(at, "lab.fig.ch_out0") == [["15", "16"], ["6", "15"]]
    at.radio(key="lab.section.en").set_value("conv").run()  # the same view as shared
    shared = [c.value for c in at.code if "section=conv" in str(c.value)]
    assert shared and "s=2" in shared[0] and "d=2" in shared[0] and "p=2" in shared[0]
