"""The convolution lab page in AppTest: presets, edits, bad input, language, sections."""

from __future__ import annotations

import base64
import json
import re

import cv2
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Node

from app_harness.apptest import open_page, set_lang, texts
from app_pages.lab.link import OPENED_SECTIONS
from app_pages.lab.sections import SECTION_VIEWS
from app_pages.lab.widgets import MATRIX_PREFIX
from cnn_core.figures import matrix_figure
from ui import i18n
from ui.image_input import FORMATS_TEXT
from ui.links import OPEN_PARAM
from ui.markdown import markdown_text


def chart_text(at: AppTest, key: str) -> list[list[str]]:
    """The numbers written in the cells of the plotly chart ``key``."""
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)["data"][0]["text"]
    raise AssertionError(f"no chart {key!r} on the page")


def load(at: AppTest, preset: str) -> AppTest:
    """Pick ``preset`` in the preset picker (or load it again when it is the one picked)."""
    picker = at.selectbox(key=f"lab.preset.{at.session_state['lang']}")
    if picker.value == preset:
        at.button(key="lab.preset.reload").click().run()
    else:
        picker.set_value(preset).run()
    assert not at.exception, at.exception
    return at


def edit(at: AppTest, name: str, cells: dict[tuple[int, int], str | None]) -> AppTest:
    """Type ``cells`` ({(row, col): text}, 0-based) into grid ``name`` as a user would."""
    editor = f"lab.matrix.{name}.v{at.session_state[f'lab.matrix.{name}']['version']}"
    edited: dict[int, dict[str, str | None]] = {}
    for (row, col), value in cells.items():
        edited.setdefault(row, {})[str(col + 1)] = value
    at.session_state[editor] = {"edited_rows": edited, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception
    return at


def grid(at: AppTest, name: str) -> list[list[str]]:
    """What grid ``name`` shows now (canonical values plus edits)."""
    return at.session_state[f"lab.matrix.{name}"]["current"]


def as_text(rows: list[list[int]]) -> list[list[str]]:
    return [[str(v) for v in row] for row in rows]


SEED_OUTPUT = [[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]
SEED_MAC = "1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15"


@pytest.fixture
def lab() -> AppTest:
    at = open_page("lab", "en")
    assert not at.exception, at.exception
    return at


def test_first_visit_shows_the_seed_worked_example(lab):
    assert chart_text(lab, "lab.fig.output") == as_text(SEED_OUTPUT)
    shown = texts(lab)
    assert r"OH = OW = \frac{4 + 2 \cdot 1 - 3}{1} + 1 = 4" in shown
    assert "0*2 + 0*0 + 0*1 + 0*0 + 1*1 + 2*2 + 0*1 + 0*0 + 1*2 = 7" in shown


@pytest.mark.parametrize(
    ("preset", "output", "line"),
    [
        ("seed_worked", SEED_OUTPUT, "= 7"),
        ("seed_no_padding", [[15, 16], [6, 15]], SEED_MAC),
        ("stride2", [[7, 10], [10, 15]], "= 7"),
        ("curve_curved", [[6600]], "= 6600"),
        ("curve_flat", [[0]], "= 0"),
    ],
)
def test_each_convolution_preset_shows_its_numbers(lab, preset, output, line):
    load(lab, preset)
    assert chart_text(lab, "lab.fig.output") == as_text(output)
    assert line in texts(lab)
    assert i18n.t(f"lab.preset.{preset}.note", "en") in texts(lab)


def test_stride2_explains_the_floor(lab):
    shown = texts(load(lab, "stride2"))
    assert r"\lfloor 1.5 \rfloor + 1 = 2" in shown
    assert "3 ÷ 2 = 1.5 is not whole" in shown
    # what the floor leaves out is the last row and column of padding: every input cell counts
    unread = i18n.t("lab.formula.unread.padding", "en", axis=i18n.t("lab.axis.both", "en"))
    assert unread in shown and "no window reads" not in shown


def _view_captions(view: dict, lang: str = "en") -> list[str]:
    """The captions of the lab opened from a link to ``view``."""
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from ui import links

    return [c.value for c in open_link(links.encode(view, SPEC), lang=lang).caption]


@pytest.mark.parametrize(
    ("view", "lines"),
    [
        # the floor leaves the last rows: (4 − 3) mod 3 = 1, (5 − 3) mod 3 = 2
        ({"x": [[1] * 4] * 4, "k": [[1] * 3] * 3, "pad": "valid", "s": 3}, "4"),
        ({"x": [[1] * 5] * 5, "k": [[1] * 3] * 3, "pad": "valid", "s": 3}, "4, 5"),
        # the audit's: dilation 2, stride 2, P = 1 read padded rows 1, 3, 5, 7, 9 only
        (
            {"x": [[1] * 8] * 8, "k": [[1] * 3] * 3, "pad": "custom", "p": 1, "s": 2, "d": 2},
            "1, 3, 5, 7",
        ),
        # the floor is whole, yet a stride above the window skips rows in between
        ({"x": [[1] * 7] * 7, "k": [[1]], "pad": "valid", "s": 3}, "2, 3, 5, 6"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_input_rows_no_window_reads_are_named(view, lines, lang):
    said = i18n.t("lab.formula.unread", lang, axis=i18n.t("lab.axis.both", lang), lines=lines)
    assert said in " ".join(_view_captions({"section": "conv", **view}, lang))


def test_a_pooling_stride_above_its_window_names_the_rows_it_skips():
    view = {"section": "pool", "x": [[1] * 8] * 8, "size": 2, "ps": 3, "ppad": "valid"}
    both = i18n.t("lab.axis.both", "en")
    said = i18n.t("lab.formula.unread", "en", axis=both, lines="3, 6")
    assert said in _view_captions(view)


def test_stepping_through_cells_moves_the_window(lab):
    load(lab, "seed_no_padding")
    lab.button(key="lab.cell.next").click().run()
    assert "Chosen cell: row 1, column 2" in texts(lab)
    assert "2*2 + 3*0 + 0*1 + 1*0 + 2*1 + 3*2 + 0*1 + 1*0 + 2*2 = 16" in texts(lab)
    lab.slider(key="lab.cell.en").set_value(4).run()
    assert "Chosen cell: row 2, column 2" in texts(lab)
    lab.button(key="lab.cell.next").click().run()  # wraps around to the first cell
    assert SEED_MAC in texts(lab)


def test_editing_a_cell_changes_the_output(lab):
    load(lab, "seed_no_padding")
    edit(lab, "x", {(0, 0): "5"})
    assert chart_text(lab, "lab.fig.output") == [["23", "16"], ["6", "15"]]
    assert "5*2 + 2*0" in texts(lab)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "“abc” at row 2, column 3 is not a number."),
        ("", "The cell at row 2, column 3 is empty."),
        (None, "The cell at row 2, column 3 is empty."),
        ("nan", "“nan” at row 2, column 3 is not a finite number"),
        ("1e308", "“1e308” at row 2, column 3 is too large."),
        ("３ㄱ", "“３ㄱ” at row 2, column 3 is not a number: it holds a Korean letter"),
        ("3，5", "“3，5” at row 2, column 3: write decimals with a point"),
    ],
)
def test_a_bad_cell_shows_a_message_and_keeps_the_other_values(lab, value, message):
    load(lab, "seed_no_padding")
    edit(lab, "x", {(0, 0): "9", (1, 2): value})
    errors = [e.value for e in lab.error]
    assert len(errors) == 1 and message in errors[0] and "Input" in errors[0]
    assert not [c for c in lab.get("plotly_chart") if c.proto.id.endswith("lab.fig.output")]
    assert grid(lab, "x")[0][0] == "9" and grid(lab, "x")[1][2] == value
    edit(lab, "x", {(0, 0): "9", (1, 2): "2"})  # fixing the cell brings the result back
    assert not lab.error
    assert chart_text(lab, "lab.fig.output")[0][0] == "31"  # 15 + (9 - 1) * 2


def test_full_width_numbers_from_a_korean_keyboard_are_read(lab):
    load(lab, "seed_no_padding")
    edit(lab, "x", {(0, 0): "９", (1, 2): "－１．５"})
    assert not lab.error
    assert chart_text(lab, "lab.fig.output")[0][0] == "24"  # 15 + (9 - 1)·2 + (-1.5 - 2)·2


def test_stride_zero_and_a_kernel_larger_than_the_input_show_messages(lab):
    load(lab, "seed_no_padding")
    lab.number_input(key="lab.stride.en").set_value(0).run()
    assert not lab.exception
    assert "The stride must be at least 1 (it is 0)." in lab.error[0].value
    lab.number_input(key="lab.stride.en").set_value(1).run()
    lab.number_input(key="lab.x.rows.en").set_value(2).run()
    assert not lab.exception
    assert "is larger than the padded input (2×4)" in lab.error[0].value
    assert grid(lab, "k") == as_text([[2, 0, 1], [0, 1, 2], [1, 0, 2]])
    lab.number_input(key="lab.x.rows.en").set_value(4).run()  # resizing keeps the kept rows
    assert grid(lab, "x")[:2] == as_text([[1, 2, 3, 0], [0, 1, 2, 3]])
    assert grid(lab, "x")[2:] == as_text([[0, 0, 0, 0], [0, 0, 0, 0]])


def test_switching_language_keeps_values_and_translates(lab):
    load(lab, "stride2")
    edit(lab, "k", {(1, 1): "3"})
    lab.toggle(key="lab.relu.en").set_value(True).run()
    before = chart_text(lab, "lab.fig.output")
    set_lang(lab, "ko")
    assert not lab.exception
    assert chart_text(lab, "lab.fig.output") == before
    assert grid(lab, "k")[1][1] == "3"
    assert lab.number_input(key="lab.stride.ko").value == 2
    assert lab.toggle(key="lab.relu.ko").value
    assert i18n.t("lab.title", "ko") in texts(lab)
    assert "나누어떨어지지 않습니다" in texts(lab)


def test_pooling_preset_and_modes(lab):
    load(lab, "maxpool")
    assert lab.radio(key="lab.section.en").value == "pool"
    assert chart_text(lab, "lab.fig.pool_output") == [["6", "8"], ["3", "4"]]
    assert "max(1, 1, 5, 6) = 6" in texts(lab)
    lab.radio(key="lab.pool.mode.en").set_value("avg").run()
    assert chart_text(lab, "lab.fig.pool_output") == [["3.25", "5.25"], ["2", "2"]]
    lab.radio(key="lab.pool.mode.en").set_value("min").run()
    assert "min(1, 1, 5, 6) = 1" in texts(lab)
    lab.number_input(key="lab.pool.size.en").set_value(4).run()
    lab.number_input(key="lab.pool.stride.en").set_value(1).run()
    assert chart_text(lab, "lab.fig.pool_output") == [["0"]]


def test_a_pooling_example_leaves_the_convolutions_grids_settings_and_cell(lab):
    load(lab, "stride2")
    edit(lab, "x", {(0, 0): "9"})
    lab.slider(key="lab.cell.en").set_value(3).run()
    conv_before = chart_text(lab, "lab.fig.output")
    load(lab, "maxpool")
    assert grid(lab, "pool.x")[1] == as_text([[5, 6, 7, 8]])[0]
    edit(lab, "pool.x", {(0, 0): "7"})
    lab.radio(key="lab.section.en").set_value("conv").run()
    assert grid(lab, "x")[0][0] == "9" and grid(lab, "k") == as_text(
        [[2, 0, 1], [0, 1, 2], [1, 0, 2]]
    )
    assert lab.number_input(key="lab.stride.en").value == 2
    assert lab.slider(key="lab.cell.en").value == 3
    assert chart_text(lab, "lab.fig.output") == conv_before
    load(lab, "seed_worked")  # and the other way round: the pooling grid keeps its edit
    lab.radio(key="lab.section.en").set_value("pool").run()
    assert grid(lab, "pool.x")[0][0] == "7"
    assert chart_text(lab, "lab.fig.pool_output")[0][0] == "7"


def test_rgb_preset_gives_two_feature_maps_and_the_parameter_count(lab):
    load(lab, "rgb")
    assert lab.radio(key="lab.section.en").value == "channels"
    shown = texts(lab)
    assert "(3·3·3 + 1)·2 = **56**" in shown
    assert chart_text(lab, "lab.fig.ch_out0") == [["15", "16"], ["6", "15"]]
    assert chart_text(lab, "lab.fig.ch_out1") == [["3", "5"], ["3", "3"]]
    assert shown.count("*") >= 27 and "= 15" in shown
    lab.radio(key="lab.ch.filter.en").set_value(1).run()
    assert "= 3" in texts(lab)
    lab.number_input(key="lab.ch.filters.en").set_value(3).run()
    assert not lab.exception
    assert "(3·3·3 + 1)·3 = **84**" in texts(lab)


def _png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def test_real_image_tab_with_the_drawn_picture_and_an_upload(lab):
    lab.radio(key="lab.section.en").set_value("image").run()
    assert not lab.exception
    assert i18n.t("lab.img.synthetic", "en") in texts(lab)
    assert len([c for c in lab.get("plotly_chart") if "lab.fig.img" in c.proto.id]) == 4
    titles = [m.value for m in lab.markdown]  # over the charts, where they wrap
    assert f"**{i18n.t('lab.activation_map', 'en')}**" in titles
    lab.selectbox(key="lab.img.kernel.en").set_value("sobel_x").run()
    picture = np.zeros((40, 60, 3), dtype=np.uint8)
    picture[:, 30:] = 255
    lab.radio(key="lab.image.source.en").set_value("upload").run()
    lab.file_uploader(key="lab.image.upload").set_value(
        ("edge.png", _png(picture), "image/png")
    ).run()
    assert not lab.exception
    assert "40×60" in texts(lab)
    edge = markdown_text("edge.png")  # a file's name shown as typed
    assert f"**{edge}** — {i18n.t('lab.img.explain', 'en', h=40, w=60)}" in texts(lab)
    lab.file_uploader(key="lab.image.upload").set_value(
        ("bad.png", b"not an image", "image/png")
    ).run()
    assert not lab.exception
    assert [e.value for e in lab.error] == [  # the file named: the uploader may list two
        f"**{markdown_text('bad.png')}** — "
        + i18n.t("predict.reason.not_image", "en", formats=FORMATS_TEXT)
    ]
    assert "40×60" not in texts(lab)  # nothing of the file before


def test_custom_kernel_on_the_image_checks_its_cells(lab):
    lab.radio(key="lab.section.en").set_value("image").run()
    lab.selectbox(key="lab.img.kernel.en").set_value("custom").run()
    assert not lab.exception
    edit(lab, "img.k", {(0, 0): "x"})
    assert "“x” at row 1, column 1 is not a number." in lab.error[0].value


def test_edits_survive_a_visit_to_another_page(lab):
    load(lab, "seed_no_padding")
    edit(lab, "x", {(0, 0): "9"})
    lab.switch_page("app_pages/home/page.py").run()
    lab.switch_page("app_pages/lab/page.py").run()
    assert not lab.exception
    assert grid(lab, "x")[0][0] == "9"
    assert chart_text(lab, "lab.fig.output")[0][0] == "31"
    assert lab.number_input(key="lab.padding_p.en").value == 0


def test_random_fill_replaces_the_grid_and_a_preset_overwrites_edits(lab):
    lab.button(key="lab.k.random").click().run()
    assert not lab.exception
    kernel = grid(lab, "k")
    assert all(-2 <= float(v) <= 2 for row in kernel for v in row)
    edit(lab, "k", {(0, 0): "7"})
    load(lab, "seed_worked")
    assert grid(lab, "k") == as_text([[2, 0, 1], [0, 1, 2], [1, 0, 2]])
    assert chart_text(lab, "lab.fig.output") == as_text(SEED_OUTPUT)


def test_play_steps_one_cell_per_run(lab):
    lab.toggle(key="lab.cell.play.en").set_value(True).run()
    assert not lab.exception
    assert "Chosen cell: row 1, column 2" in texts(lab)
    lab.toggle(key="lab.cell.play.en").set_value(False).run()
    assert "Chosen cell: row 1, column 2" in texts(lab)


def test_messages_are_translated():
    at = open_page("lab", "ko")
    edit(at, "x", {(1, 0): "abc"})
    assert "2행 1열의 “abc”: 숫자가 아닙니다." in at.error[0].value
    assert i18n.t("lab.input", "ko") in at.error[0].value


def test_transposed_preset_undoes_the_shape_of_a_stride_2_convolution(lab):
    from cnn_core.arithmetic import conv2d, conv2d_transpose

    load(lab, "transpose_undo")
    assert lab.radio(key="lab.section.en").value == "transpose"
    preset = [[1, 2], [3, 1]]
    kernel = [[1, 0, 1], [0, 2, 0], [1, 0, 1]]
    expected = conv2d_transpose(preset, kernel, stride=2, padding="same")
    assert expected.shape == (4, 4)
    assert conv2d(np.zeros((4, 4)), kernel, stride=2, padding="same").shape == (2, 2)
    assert chart_text(lab, "lab.fig.tr_output") == [[f"{v:g}" for v in row] for row in expected]
    shown = texts(lab)
    assert r"OH = OW = 2 \cdot 2 = 4" in shown
    # the general formula that line fills in ("same": H·S), not the one with P, FH, OP
    assert [latex.value.strip("$\n") for latex in lab.latex][:2] == [
        r"OH = H \cdot S",
        r"OH = OW = 2 \cdot 2 = 4",
    ]
    assert "between neighbouring input cells: 1; lines at the top and left: 2" in shown
    # the first cell: the flipped kernel over the zero-inserted input, as the lab draws it
    assert f"= {expected[0, 0]:g}" in shown and "Chosen cell: row 1, column 1" in shown
    lab.button(key="lab.tr.cell.next").click().run()
    assert "Chosen cell: row 1, column 2" in texts(lab)
    assert f"= {expected[0, 1]:g}" in texts(lab)


def test_transposed_settings_change_the_size_and_bad_ones_get_a_message(lab):
    load(lab, "transpose_undo")
    lab.radio(key="lab.tr.padding.en").set_value("valid").run()
    assert r"OH = OW = (2 - 1) \cdot 2 - 2 \cdot 0 + 3 + 0 = 5" in texts(lab)
    assert len(chart_text(lab, "lab.fig.tr_output")) == 5
    lab.selectbox(key="lab.tr.output_padding.en").set_value(2).run()
    assert not lab.exception
    assert "The output padding must be smaller than the stride (2); it is 2." in lab.error[0].value
    lab.selectbox(key="lab.tr.output_padding.en").set_value(1).run()
    assert r"+ 3 + 1 = 6" in texts(lab)
    assert lab.latex[0].value.strip("$\n") == r"OH = (H - 1) \cdot S - 2P + FH + OP"
    lab.radio(key="lab.tr.padding.en").set_value("same").run()  # "same" with OP 1
    assert [latex.value.strip("$\n") for latex in lab.latex][:2] == [
        r"OH = (H - 1) \cdot S + (FH \bmod 2) + OP",
        r"OH = OW = (2 - 1) \cdot 2 + 3 \bmod 2 + 1 = 4",
    ]
    lab.radio(key="lab.tr.padding.en").set_value("custom").run()
    lab.number_input(key="lab.tr.padding_p.en").set_value(3).run()
    assert "at most the kernel size − 1 = 2; it is 3" in lab.error[0].value
    edit(lab, "tr.x", {(0, 0): "abc"})
    assert "“abc” at row 1, column 1 is not a number." in lab.error[0].value


def test_transposed_section_in_korean():
    at = open_page("lab", "ko")
    load(at, "transpose_undo")
    assert i18n.t("lab.tr.output", "ko") in json.dumps(
        [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")],
        ensure_ascii=False,
    )
    assert i18n.t("lab.tr.uses", "ko") in texts(at)
    (uses,) = [e.proto.spec for e in at.get("graphviz_chart")]
    edges = re.findall(r'-> \w+ \[label="((?:[^"\\]|\\.)*)"\]', uses)
    assert edges == [r"합성곱\n스트라이드 2"] * 2 + [r"전치 합성곱\n스트라이드 2"] * 2, uses
    assert not re.search(r"[A-Za-z]+ S=|conv|transposed", uses), "no English in Korean mode"
    assert [uses.count(size) for size in ("64×64", "32×32", "16×16")] == [2, 2, 1]
    set_lang(at, "en")
    (uses,) = [e.proto.spec for e in at.get("graphviz_chart")]
    assert r'[label="transposed convolution\nstride 2"]' in uses


def note(preset: str, lang: str = "en") -> str:
    return i18n.t(f"lab.preset.{preset}.note", lang)


CHANGED = "no longer matches the example"


def test_the_preset_note_shows_only_while_the_view_is_the_preset(lab):
    assert note("seed_worked") in texts(lab)  # the first visit: the worked example
    assert CHANGED not in texts(lab)
    lab.number_input(key="lab.stride.en").set_value(2).run()
    assert not lab.exception
    shown = texts(lab)
    assert "P = 1 · S = 2" in shown
    assert note("seed_worked") not in shown and "stride 1" not in shown
    assert CHANGED in shown and i18n.t("lab.preset.seed_worked", "en") in shown
    lab.number_input(key="lab.stride.en").set_value(1).run()  # the preset's settings again
    assert note("seed_worked") in texts(lab) and CHANGED not in texts(lab)
    edit(lab, "x", {(0, 0): "5"})
    assert note("seed_worked") not in texts(lab) and CHANGED in texts(lab)
    edit(lab, "x", {(0, 0): "1"})  # typed back: the preset's numbers again
    assert note("seed_worked") in texts(lab)
    edit(lab, "k", {(2, 2): "x"})  # a bad cell: not the preset's numbers
    assert note("seed_worked") not in texts(lab)
    load(lab, "seed_worked")  # the "load again" button brings the note back
    assert note("seed_worked") in texts(lab) and CHANGED not in texts(lab)


def test_the_cell_stepper_and_a_padding_of_the_same_effect_keep_the_note(lab):
    load(lab, "seed_no_padding")  # custom padding P = 0
    lab.button(key="lab.cell.next").click().run()
    assert note("seed_no_padding") in texts(lab)
    lab.radio(key="lab.padding.en").set_value("valid").run()  # the same numbers
    assert note("seed_no_padding") in texts(lab)
    lab.toggle(key="lab.relu.en").set_value(True).run()
    assert note("seed_no_padding") not in texts(lab) and CHANGED in texts(lab)


def test_the_note_belongs_to_its_section_and_pooling_has_its_own(lab):
    lab.radio(key="lab.section.en").set_value("pool").run()  # the worked example is a convolution
    assert note("seed_worked") not in texts(lab) and CHANGED not in texts(lab)
    load(lab, "maxpool")
    assert note("maxpool") in texts(lab)
    lab.radio(key="lab.pool.mode.en").set_value("avg").run()
    assert note("maxpool") not in texts(lab) and CHANGED in texts(lab)


def test_the_note_in_korean_and_for_the_transposed_and_channel_presets():
    at = open_page("lab", "ko")
    at.number_input(key="lab.stride.ko").set_value(2).run()
    assert note("seed_worked", "ko") not in texts(at)
    assert "「풀이 예제 (패딩 1)」의 숫자·설정과 달라서" in texts(at)
    load(at, "transpose_undo")
    assert note("transpose_undo", "ko") in texts(at)
    at.number_input(key="lab.tr.stride.ko").set_value(3).run()
    assert note("transpose_undo", "ko") not in texts(at)
    load(at, "rgb")
    assert note("rgb", "ko") in texts(at)
    edit(at, "ch.k1.2", {(1, 1): "2"})
    assert note("rgb", "ko") not in texts(at)


def test_a_link_with_other_grids_hides_the_note():
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from ui import links

    params = links.encode({"section": "conv", "x": [[1, 2], [3, 4]], "k": [[1]]}, SPEC)
    at = open_link(params)
    assert note("seed_worked") not in texts(at) and CHANGED not in texts(at)
    assert at.selectbox(key="lab.preset.en").value is None  # the view is no example


def test_a_link_to_an_unchanged_example_names_that_example():
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from app_pages.lab.presets import preset_state
    from ui import links

    values, grids = preset_state("stride2")
    view = {
        "section": "conv",
        "x": grids["x"].tolist(),
        "k": grids["k"].tolist(),
        "pad": values["lab.padding"],
        "p": values["lab.padding_p"] if values["lab.padding"] == "custom" else None,
        "s": values["lab.stride"],
        "d": values["lab.dilation"],
        "bias": values["lab.bias"],
        "relu": values["lab.relu"],
    }
    at = open_link(links.encode(view, SPEC))
    assert at.selectbox(key="lab.preset.en").value == "stride2"
    assert note("stride2") in texts(at) and CHANGED not in texts(at)


def test_huge_numbers_fit_their_cells_and_the_hover_has_them_whole():
    """999999 everywhere, no padding: one cell of 4 · 999999² + 999999 = 3,999,993,000,003."""
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from ui import links

    big = [[999999, 999999], [999999, 999999]]
    params = links.encode(
        {"section": "conv", "x": big, "k": big, "pad": "valid", "bias": 999999}, SPEC
    )
    at = open_link(params)
    assert chart_text(at, "lab.fig.output") == [["4.0e12"]]
    assert chart_text(at, "lab.fig.padded") == [["999999"] * 2] * 2  # fits: written whole
    spec = next(
        json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith("output")
    )
    assert spec["data"][0]["customdata"] == [["3,999,993,000,003"]]
    assert "3999993000003" in texts(at)  # the multiply-accumulate line, whole


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "The pooling window (4×4) is larger than the input (3×4)."),
        ("ko", "풀링 창(4×4)이 입력(3×4)보다 큽니다."),
    ],
)
def test_a_pooling_window_larger_than_the_input_is_called_a_window(lang, message):
    at = open_page("lab", lang)
    load(at, "maxpool")
    at.number_input(key=f"lab.pool.size.{lang}").set_value(4).run()
    at.number_input(key=f"lab.pool.x.rows.{lang}").set_value(3).run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and message in errors[0]
    assert i18n.t("lab.kernel", lang) not in errors[0] and "kernel" not in errors[0]


def test_a_grid_left_empty_by_a_crafted_edit_comes_back_sized(lab):
    # The editor has fixed rows; a hand-made message can still delete them all. On the
    # next visit the lab redraws the grid at its size, zeros where the cells were.
    lab.session_state["lab.matrix.x"] = {"base": [], "current": [], "version": 99}
    lab.run()
    assert not lab.exception, lab.exception
    assert grid(lab, "x") == as_text([[0] * 4] * 4)


SIGNED = json.loads(matrix_figure(np.zeros((1, 1)), zmid=0).to_json())["data"][0]


def _charts(node: Node) -> list[dict]:
    """The heatmaps of the plotly charts in ``node`` (an element or a block), in order."""
    if isinstance(node, Block):
        return [chart for child in node.children.values() for chart in _charts(child)]
    return [json.loads(node.proto.spec)["data"][0]] if node.type == "plotly_chart" else []


def legend_grids(at: AppTest) -> list[list[dict]]:
    """For each signed-colour legend on the page, the charts it sits under (a caption
    describes the element just above it: a chart, or a row of charts)."""
    legend = i18n.t("common.signed_legend", at.session_state["lang"])
    found: list[list[dict]] = []

    def walk(block: Block) -> None:
        children = list(block.children.values())
        for above, child in zip([None, *children], children, strict=False):
            if isinstance(child, Block):
                walk(child)
            elif child.type == "caption" and child.value == legend:
                found.append([] if above is None else _charts(above))

    walk(at.main)
    return found


@pytest.mark.parametrize("preset", ["seed_worked", "rgb"])
def test_the_signed_legend_sits_under_signed_maps_only(lab, preset):
    """Red = positive, blue = negative: true of the grids under which it is written (the
    padded input below, in blues, is not one of them)."""
    load(lab, preset)
    found = legend_grids(lab)
    assert found, "the signed legend is shown"
    for charts in found:
        assert charts, "a legend right under the maps it describes"
        for chart in charts:
            assert (chart["colorscale"], chart.get("zmid")) == (SIGNED["colorscale"], 0)


def _pool_link(lang: str, mode: str) -> AppTest:
    """The audit's pooling view: −1..−9 in a 3×3 grid, a 2×2 window, stride 2, same padding,
    the last output cell chosen."""
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from ui import links

    x = [[-1, -2, -3], [-4, -5, -6], [-7, -8, -9]]
    view = {"section": "pool", "x": x, "size": 2, "ps": 2, "mode": mode, "ppad": "same"}
    return open_link(links.encode({**view, "cell": 4}, SPEC), lang=lang)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_pooling_explains_its_own_window_not_a_filter(lang):
    at = _pool_link(lang, "max")
    assert chart_text(at, "lab.fig.pool_output") == [["-1", "-3"], ["-7", "-9"]]
    shown = texts(at)
    convolution = ("lab.window_legend", "lab.click_cell", "lab.mac")
    assert not [key for key in convolution if i18n.t(key, lang) in shown]
    largest = i18n.t("lab.pool.of.max", lang)
    window = i18n.t("lab.pool.legend", lang, of=largest)
    legend = next(c.value for c in at.caption if c.value.startswith(window))
    assert i18n.t("lab.pool.same", lang, of=largest) in legend  # padded cells left out
    assert i18n.t("lab.pool.same.avg", lang) not in legend
    assert legend.endswith(i18n.t("lab.pool.click_cell", lang))
    assert ("최댓값(-9) = -9" if lang == "ko" else "max(-9) = -9") in shown  # read in Korean
    words = ("filter", "multiply-accumulate", "zero padding")
    if lang == "ko":
        words = ("필터", "곱셈-누산", "0으로 채운 패딩")
    assert not [word for word in words if word in legend]


def test_an_average_pool_with_same_padding_divides_by_the_input_cells_only():
    at = _pool_link("en", "avg")
    assert chart_text(at, "lab.fig.pool_output") == [["-3", "-4.5"], ["-7.5", "-9"]]
    at.slider(key="lab.pool.cell.en").set_value(2).run()
    shown = texts(at)
    assert "avg(-3, -6) = -4.5" in shown  # two input cells under the window: ÷ 2, not ÷ 4
    assert i18n.t("lab.pool.same.avg", "en") in shown


def test_a_pooling_floor_speaks_of_the_window():
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from ui import links

    view = {"section": "pool", "x": [[1] * 5] * 5, "size": 2, "ps": 2, "ppad": "valid"}
    at = open_link(links.encode(view, SPEC), lang="en")
    floor = next(c.value for c in at.caption if "is not whole" in c.value)
    assert "3 ÷ 2 = 1.5 is not whole. The window has no room" in floor
    assert "filter" not in floor
    symbols = i18n.t("lab.pool.fh", "en", size=2)  # the general formula's FH is the window
    assert symbols in [c.value for c in at.caption]
    assert i18n.t("lab.pool.fh", "ko", size=2) not in texts(_pool_link("ko", "max"))  # same: no FH


def _heatmap(at: AppTest, key: str) -> dict:
    for element in at.get("plotly_chart"):
        if element.proto.id.endswith(key):
            return json.loads(element.proto.spec)["data"][0]
    raise AssertionError(f"no chart {key!r} on the page")


def test_negative_inputs_are_drawn_in_the_signed_colours():
    at = _pool_link("en", "max")
    for key in ("lab.fig.pool_input", "lab.fig.pool_output"):  # white is 0, not −9
        chart = _heatmap(at, key)
        assert (chart["colorscale"], chart.get("zmid")) == (SIGNED["colorscale"], 0), key
    load(at, "maxpool")  # 0..9: the blue input, the green output
    assert _heatmap(at, "lab.fig.pool_input")["colorscale"] != SIGNED["colorscale"]
    assert _heatmap(at, "lab.fig.pool_output")["colorscale"] != SIGNED["colorscale"]


@pytest.mark.parametrize("table", ["lab", "quiz"])
def test_korean_particles_attach_to_the_word_before_them(table):
    """“15입니다”, “패딩(3)이”, not “15 입니다”: after a number, a placeholder or bold text."""
    import importlib
    import re

    strings = importlib.import_module(f"ui.i18n.{table}").STRINGS
    detached = re.compile(r"[\d})*] (은|는|이|가|을|를|에서|입니다|처럼)(?=[\s.,(]|$)")
    found = {key: text["ko"] for key, text in strings.items() if detached.search(text["ko"])}
    assert found == {}


def test_the_largest_number_a_cell_takes_is_written_with_thousands_grouped():
    at = open_page("lab", "ko")
    edit(at, "x", {(0, 0): "2000000"})
    assert "−1,000,000에서 1,000,000 사이의 숫자" in at.error[0].value


def test_grid_editors_are_as_wide_as_their_cells():
    """Every column of a 7×7 grid shows beside another at 1024 px (screenshots: the e2e
    projector test): narrow columns, narrow row numbers that cannot be edited."""
    from app_pages.lab.widgets import CELL_PX, INDEX_PX, LAST_EXTRA_PX

    at = open_page("lab", "en")
    load(at, "curve_curved")
    assert len(at.dataframe) == 2
    for editor in at.dataframe:
        columns = json.loads(editor.proto.columns)
        assert (columns["_index"]["width"], columns["_index"]["disabled"]) == (INDEX_PX, True)
        widths = [columns[str(c)]["width"] for c in range(1, 8)]
        assert widths == [CELL_PX] * 6 + [CELL_PX + LAST_EXTRA_PX]
    # two 7×7 grids, 8 px apart, and a 1×1 output (80 px) in the 692 px of a 1024 px
    # projector with the sidebar open (measured in Chromium); 2 px of border per grid
    grid_px = INDEX_PX + 7 * CELL_PX + LAST_EXTRA_PX + 2
    assert 2 * grid_px + 2 * 8 + 80 <= 692


def test_the_last_column_number_is_not_cut_at_the_grid_edge():
    """At 390 px the kernel's "✎ 3" was cut at the grid's right edge, and the input's
    "✎ 4" was tight at 1366 px: the number runs a few pixels past a 38 px column."""
    from app_pages.lab.widgets import CELL_PX, LAST_EXTRA_PX, WIDE_CELL_PX

    at = open_page("lab", "ko")
    kernel, x = (json.loads(e.proto.columns) for e in reversed(at.dataframe[:2]))
    assert [kernel[c]["width"] for c in "123"] == [CELL_PX, CELL_PX, CELL_PX + 4]
    assert x["4"]["width"] == CELL_PX + LAST_EXTRA_PX >= 42
    at.number_input(key="lab.x.cols.ko").set_value(10).run()
    x = json.loads(at.dataframe[0].proto.columns)
    assert (x["9"]["width"], x["10"]["width"]) == (WIDE_CELL_PX, WIDE_CELL_PX + LAST_EXTRA_PX)


def test_a_grid_of_ten_columns_or_more_has_room_for_two_digit_column_numbers():
    """At 38 px, columns 10-16 of a 16×16 grid were all headed "1" (the audit)."""
    from app_pages.lab.widgets import CELL_PX, WIDE_CELL_PX

    at = open_page("lab", "en")
    at.number_input(key="lab.x.cols.en").set_value(10).run()
    widths = {json.loads(e.proto.columns)["9"]["width"] for e in at.dataframe[:1]}
    assert widths == {WIDE_CELL_PX} and WIDE_CELL_PX > CELL_PX  # (the last one: a bit more)


def test_the_output_keeps_room_for_its_cells_beside_the_grids():
    """A 10×10 output was squeezed into 126 px beside a 10×10 input (cells of 9 px):
    the output asks for its cells at their smallest, else it moves below the grids."""
    from cnn_core.figures import MIN_CELL_PX

    at = open_page("lab", "en")
    at.number_input(key="lab.x.rows.en").set_value(12).run()
    at.number_input(key="lab.x.cols.en").set_value(12).run()
    styles = [h.proto.body for h in at.get("html") if "lab-grids_output" in h.proto.body]
    out_cols = 12 - 3 + 1 + 2  # the default kernel 3×3 with padding 1
    assert len(styles) == 1 and f"flex: 1 1 {MIN_CELL_PX * out_cols + 40}px;" in styles[0]


def test_the_bias_is_bounded_as_a_grid_cell_is(lab):
    from cnn_core.matrix_input import VALUE_LIMIT

    field = lab.number_input(key="lab.bias.en").proto
    assert (field.min, field.max) == (-VALUE_LIMIT, VALUE_LIMIT)  # 1e308 no more


def test_a_refused_real_image_is_not_decoded_again_on_a_rerun(monkeypatch):
    from app_pages.lab import sections
    from cnn_core.image_files import ImageRejected

    calls = []

    def decode(data, **kwargs):
        calls.append(len(data))
        return real_decode(data, **kwargs)

    real_decode = sections.decode_image
    monkeypatch.setattr(sections, "decode_image", decode)
    sections.gray_image.clear()  # server-wide: another test may have decoded something
    for _ in range(3):
        with pytest.raises(ImageRejected) as refusal:
            sections.gray_image(b"not an image, decoded once")
        assert refusal.value.reason == "not_image"
    assert calls == [len(b"not an image, decoded once")]


def test_pickers_say_choose_in_the_page_language():
    at = open_page("lab", "ko")
    placeholders = {box.proto.placeholder for box in at.selectbox}
    assert placeholders == {i18n.t("common.choose", "ko")}  # not Streamlit's English one


# ------------------------------------------------- from the browser audit of the lab


def parents(at: AppTest, found) -> list[Block]:
    """The blocks above the first element for which ``found(element)`` holds, outermost
    first."""

    def walk(block: Block, above: list[Block]) -> list[Block] | None:
        for child in block.children.values():
            if isinstance(child, Block):
                path = walk(child, [*above, child])
                if path is not None:
                    return path
            elif found(child):
                return above
        return None

    path = walk(at.main, [])
    assert path is not None, "no such element on the page"
    return path


def is_chart(key: str):
    return lambda node: node.type == "plotly_chart" and node.proto.id.endswith(key)


@pytest.mark.parametrize("preset", ["seed_worked", "stride2", "maxpool", "transpose_undo"])
def test_the_filled_in_formula_wraps_below_the_general_one_when_short_of_room(preset):
    """Side by side in two fixed halves, a projector's 853 px cut the filled-in formula's
    end ("+ 1 = 4"): both sit in one row that wraps, in no column."""
    at = load(open_page("lab", "en"), preset)
    general, *filled = at.latex
    rows = [parents(at, lambda n, latex=latex: n is latex) for latex in (general, *filled)]
    assert filled and all(path[: len(rows[0])] == rows[0] for path in rows)
    row = str(rows[0][-1].proto.flex_container)
    assert "direction: HORIZONTAL" in row and "wrap: true" in row
    assert not [block for path in rows for block in path if block.type == "column"]


def test_the_real_images_maps_get_a_third_of_the_page_each():
    """In thirds of the results' two-thirds column they were 132 px at 1024 px, cut by
    Streamlit's 150-px least chart width: each map's column is the only one above it."""
    at = open_page("lab", "en")
    at.radio(key="lab.section.en").set_value("image").run()
    for i in range(3):
        columns = [b for b in parents(at, is_chart(f"lab.fig.img{i}")) if b.type == "column"]
        assert len(columns) == 1


@pytest.mark.parametrize("section", ["conv", "transpose", "channels", "image"])
def test_no_chart_of_the_lab_has_a_mode_bar(section):
    """Its hidden buttons were eight tab stops per chart before the stepper."""
    at = open_page("lab", "en")
    at.radio(key="lab.section.en").set_value(section).run()
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        assert json.loads(chart.proto.config).get("displayModeBar") is False, chart.proto.id


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_icon_buttons_say_what_they_do_in_words(lang):
    """A screen reader read "restart_alt", "chevron_left" for the icons alone."""
    at = open_page("lab", lang)
    labels = {
        at.button(key=key).label for key in ("lab.preset.reload", "lab.cell.prev", "lab.cell.next")
    }
    assert labels == {
        i18n.t(key, lang) for key in ("lab.preset.reload_short", "lab.prev", "lab.next")
    }
    at.number_input(key=f"lab.stride.{lang}").set_value(2).run()  # no longer the example
    reload = i18n.t("lab.preset.reload_short", lang)
    assert f"**:material/restart_alt: {reload}**" in texts(at)  # the button, as it shows


@pytest.mark.parametrize(
    ("lang", "typed", "message"),
    [
        ("en", "2,5", "“2,5” at row 1, column 2: write decimals with a point, like 1.5."),
        ("en", "1,000", "Cells take no commas (write 1,000 as 1000)."),
        ("ko", "2,5", "1행 2열의 “2,5”: 소수점은 쉼표가 아니라 점(.)으로 쓰세요"),
    ],
)
def test_a_decimal_comma_in_a_cell_gets_the_quizs_hint(lang, typed, message):
    from test_lab_markdown import shown

    at = edit(open_page("lab", lang), "x", {(0, 1): typed})
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 1 and message in errors[0]


def test_without_padding_the_input_is_not_called_padded():
    at = load(open_page("lab", "en"), "seed_no_padding")
    title = json.loads(
        next(c for c in at.get("plotly_chart") if is_chart("lab.fig.padded")(c)).proto.spec
    )
    assert title["layout"]["title"]["text"] == i18n.t("lab.input", "en")
    assert i18n.t("lab.padding_legend", "en") not in texts(at)
    load(at, "seed_worked")  # padding 1: grey cells, and the caption says what they are
    assert i18n.t("lab.padding_legend", "en") in texts(at)


def test_the_transposed_section_defines_its_grey_cells_once():
    at = load(open_page("lab", "ko"), "transpose_undo")
    shown = texts(at)
    assert i18n.t("lab.tr.legend", "ko") in shown
    assert i18n.t("lab.padding_legend", "ko") not in shown
    assert shown.count("회색 칸") == 1


def test_a_negative_bias_is_summarised_with_a_minus_sign(lab):
    lab.number_input(key="lab.bias.en").set_value(-3.0).run()
    assert "P = 1 · S = 1 · Bias −3" in [c.value for c in lab.caption]


def test_the_channels_multiply_accumulate_has_a_line_per_channel(lab):
    load(lab, "rgb")
    code = next(c.value for c in lab.code if c.value.rstrip().endswith("= 15"))
    lines = code.splitlines()
    assert len(lines) == 3 and all(line.count("*") == 9 for line in lines)
    assert lines[0].startswith("  1*2 + 2*0 + 3*1") and lines[1].startswith("+ ")
    assert i18n.t("lab.ch.mac_lines.rgb", "en") in texts(lab)  # R, G, B in that order


def test_three_channels_are_named_r_g_b_and_other_counts_by_number():
    at = load(open_page("lab", "ko"), "rgb")
    captions = [c.value for c in at.caption]
    assert {"채널 1 (R)", "채널 2 (G)", "채널 3 (B)"} <= set(captions)
    assert "한 줄이 채널 하나입니다: R(빨강), G(초록), B(파랑) 순서." in captions
    at.number_input(key="lab.ch.channels.ko").set_value(2).run()
    captions = [c.value for c in at.caption]
    assert {"채널 1", "채널 2"} <= set(captions) and not [c for c in captions if "(R)" in c]
    assert i18n.t("lab.ch.mac_lines", "ko") in captions


def test_the_bias_is_called_by_the_notes_word_once():
    at = open_page("lab", "ko")
    assert at.number_input(key="lab.bias.ko").label == "편향(절편)"
    from ui.i18n.lab import STRINGS

    assert [key for key, text in STRINGS.items() if "절편" in text["ko"]] == ["lab.bias"]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_formula_names_its_symbols_in_the_notes_words(lang):
    at = open_page("lab", lang)
    symbols = i18n.t("lab.formula.symbols", lang)
    assert symbols in texts(at)
    if lang == "ko":  # seed 004: (H, W) 입력 크기, (FH, FW) 필터 크기, P 패딩 …
        for said in ("H 입력 크기", "FH 필터 크기", "P 패딩", "S 스트라이드", "OH 출력 크기"):
            assert said in symbols
    at.radio(key=f"lab.padding.{lang}").set_value("same").run()
    assert i18n.t("lab.formula.symbols.same", lang) in texts(at) and symbols not in texts(at)
    load(at, "maxpool")
    assert symbols in texts(at)


def test_the_picker_names_an_example_only_in_its_own_section(lab):
    picker = lambda: lab.selectbox(key="lab.preset.en")  # noqa: E731
    assert picker().value == "seed_worked"
    lab.radio(key="lab.section.en").set_value("pool").run()
    assert picker().value is None and picker().placeholder == i18n.t("common.choose", "en")
    assert lab.button(key="lab.preset.reload").disabled
    lab.radio(key="lab.section.en").set_value("conv").run()  # back: named again, noted
    assert picker().value == "seed_worked" and note("seed_worked") in texts(lab)
    assert not lab.button(key="lab.preset.reload").disabled
    lab.radio(key="lab.section.en").set_value("pool").run()
    picker().set_value("rgb").run()  # an example of another section opens it
    assert lab.radio(key="lab.section.en").value == "channels"
    assert picker().value == "rgb" and note("rgb") in texts(lab)
    assert not lab.button(key="lab.preset.reload").disabled


def test_a_quiz_link_leaves_the_picker_unnamed():
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from ui import links

    at = open_link(links.encode({"quiz": 12345}, SPEC))
    assert at.radio(key="lab.section.en").value == "quiz"
    assert at.selectbox(key="lab.preset.en").value is None


def test_an_emptied_grid_cell_looks_empty_not_none(lab):
    """Streamlit draws a missing value as a grey "None"; the grids draw nothing (the
    message under them names the empty cell)."""
    editors = [d for d in lab.dataframe if MATRIX_PREFIX in d.proto.id]
    assert len(editors) == 2  # the input and the kernel
    assert all(d.proto.HasField("placeholder") and d.proto.placeholder == "" for d in editors)


def test_a_section_without_a_link_leaves_no_other_sections_view_in_the_url():
    """A reload in "Channels and filters" reopened the pooling view the URL still held."""
    from test_lab_quiz import open_link

    from app_pages.lab.link import SPEC
    from ui import links

    at = open_link(links.encode({"section": "pool", "x": [[1, 2], [3, 4]]}, SPEC))
    assert at.query_params["section"] == "pool"
    at.radio(key="lab.section.en").set_value("channels").run()
    assert not at.exception, at.exception
    assert dict(at.query_params) == {"lang": "en"}
    at.radio(key="lab.section.en").set_value("conv").run()  # a linked view: its link again
    assert at.query_params["section"] == "conv"


def test_the_clickable_cells_hover_counts_from_1_as_the_stepper_does(lab):
    """The clickable markers over the chosen cell's map once hovered its top left cell
    as (0, 0)."""
    chart = next(c for c in lab.get("plotly_chart") if c.proto.id.endswith("lab.fig.cell"))
    traces = json.loads(chart.proto.spec)["data"]
    heatmap, markers = traces[0], traces[-1]
    assert markers["mode"] == "markers"
    for trace in (heatmap, markers):
        assert trace["hovertemplate"].startswith("(%{y}, %{x})")
    first = [
        np.frombuffer(base64.b64decode(markers[axis]["bdata"]), markers[axis]["dtype"])[0]
        for axis in ("x", "y")
    ]  # plotly sends the arrays typed
    assert first == [1, 1]


# ------------------------------------------------- from the second browser audit of the lab


def test_the_colour_example_leaves_the_convolutions_settings(lab):
    """Convolution and "Channels and filters" shared padding, stride, dilation, bias and
    ReLU: loading the colour example set the convolution's to P = 0, S = 1."""
    lab.number_input(key="lab.stride.en").set_value(2).run()  # the worked example: P = 1
    edit(lab, "x", {(0, 0): "5"})
    conv_before = chart_text(lab, "lab.fig.output")
    load(lab, "rgb")
    assert chart_text(lab, "lab.fig.ch_out0") == [["15", "16"], ["6", "15"]]  # P = 0, S = 1
    assert lab.number_input(key="lab.ch.stride.en").value == 1
    lab.radio(key="lab.section.en").set_value("conv").run()
    assert lab.radio(key="lab.padding.en").value == "custom"
    assert lab.number_input(key="lab.padding_p.en").value == 1
    assert lab.number_input(key="lab.stride.en").value == 2
    assert "P = 1 · S = 2" in [c.value for c in lab.caption]
    assert grid(lab, "x")[0][0] == "5" and chart_text(lab, "lab.fig.output") == conv_before
    load(lab, "curve_curved")  # and the other way round: the channels section keeps its own
    lab.radio(key="lab.section.en").set_value("channels").run()
    assert lab.number_input(key="lab.ch.stride.en").value == 1
    assert chart_text(lab, "lab.fig.ch_out0") == [["15", "16"], ["6", "15"]]
    assert note("rgb") in texts(lab)


def test_the_channels_section_first_opens_on_the_colour_example(lab):
    """With the worked example's P = 1 shared, the first visit drew the colour numbers as
    4×4 maps, not the example's 2×2."""
    lab.radio(key="lab.section.en").set_value("channels").run()
    assert chart_text(lab, "lab.fig.ch_out1") == [["3", "5"], ["3", "3"]]
    assert lab.selectbox(key="lab.preset.en").value == "rgb"
    assert note("rgb") in texts(lab) and CHANGED not in texts(lab)


def test_the_transposed_section_first_opens_on_its_examples_settings(lab):
    """It opened with the example's grids but valid padding: 5×5, not the example's 4×4."""
    lab.radio(key="lab.section.en").set_value("transpose").run()
    assert len(chart_text(lab, "lab.fig.tr_output")) == 4
    assert r"OH = OW = 2 \cdot 2 = 4" in texts(lab)
    assert lab.selectbox(key="lab.preset.en").value == "transpose_undo"
    assert note("transpose_undo") in texts(lab)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_same_padding_says_the_size_it_gives_with_a_stride(lang):
    """ "Same (keep the size)" stood beside S = 2 and a 2×2 output of a 4×4 input."""
    at = open_page("lab", lang)
    same = i18n.t("lab.padding.same", lang)
    assert "⌈" in same and "S = 1" in same
    assert same in at.radio(key=f"lab.padding.{lang}").options
    at.radio(key=f"lab.padding.{lang}").set_value("same").run()
    at.number_input(key=f"lab.stride.{lang}").set_value(2).run()
    assert f"{same} · S = 2" in [c.value for c in at.caption]
    assert chart_text(at, "lab.fig.output") == [["15", "10"], ["10", "3"]]  # ⌈4 / 2⌉ = 2
    at.radio(key=f"lab.section.{lang}").set_value("transpose").run()
    grows = i18n.t("lab.tr.padding.same", lang)
    assert "× S" in grows and grows in at.radio(key=f"lab.tr.padding.{lang}").options
    assert same not in at.radio(key=f"lab.tr.padding.{lang}").options


def test_an_uneven_same_padding_says_where_its_zeros_go(lab):
    """4×4, 3×3, S = 2, same: one zero in all, which Keras puts at the bottom/right."""
    uneven = i18n.t("lab.padding_uneven", "en", top=0, bottom=1, left=0, right=1)
    lab.radio(key="lab.padding.en").set_value("same").run()
    assert i18n.t("lab.padding_legend", "en") in texts(lab) and "Lines of zeros" not in texts(lab)
    lab.number_input(key="lab.stride.en").set_value(2).run()
    assert f"{i18n.t('lab.padding_legend', 'en')} {uneven}" in texts(lab)
    assert "bottom and right" in uneven


def test_the_dilation_caption_fills_in_the_span():
    captions = _view_captions(
        {"section": "conv", "x": [[1] * 8] * 8, "k": [[1] * 3] * 3, "pad": "valid", "d": 2}
    )
    assert any("(FH − 1)·2 + 1 = (3 − 1)·2 + 1 = 5." in c for c in captions)
    captions = _view_captions(
        {"section": "conv", "x": [[1] * 8] * 8, "k": [[1] * 2] * 3, "pad": "valid", "d": 3}
    )
    assert any("(3 − 1)·3 + 1 = 7 (FW: (2 − 1)·3 + 1 = 4)." in c for c in captions)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_convolution_says_it_does_not_flip_the_kernel(lang):
    at = open_page("lab", lang)
    assert i18n.t("lab.no_flip", lang) in texts(at)
    assert ("cross-correlation" if lang == "en" else "교차상관") in i18n.t("lab.no_flip", lang)


def test_the_transposed_section_shows_the_flipped_kernel_its_sums_use(lab):
    load(lab, "transpose_undo")
    lab.number_input(key="lab.tr.k.rows.en").set_value(2).run()
    lab.number_input(key="lab.tr.k.cols.en").set_value(2).run()
    edit(lab, "tr.k", {(0, 0): "1", (0, 1): "2", (1, 0): "3", (1, 1): "4"})
    assert chart_text(lab, "lab.fig.tr_flipped") == [["4", "3"], ["2", "1"]]
    title = json.loads(
        next(c for c in lab.get("plotly_chart") if is_chart("lab.fig.tr_flipped")(c)).proto.spec
    )["layout"]["title"]["text"]
    assert title == i18n.t("lab.tr.flipped", "en")
    mac = next(c.value for c in lab.code if "*" in c.value)
    assert [term.split("*")[1] for term in mac.split(" = ")[0].split(" + ")] == ["4", "3", "2", "1"]


def test_a_rounded_multiply_accumulate_says_about(lab):
    """0.333*3 + 0.123*0.555 = 1.068, while the terms written add up to 1.067."""
    load(lab, "seed_no_padding")
    lab.number_input(key="lab.x.rows.en").set_value(1).run()
    lab.number_input(key="lab.x.cols.en").set_value(2).run()
    lab.number_input(key="lab.k.rows.en").set_value(1).run()
    lab.number_input(key="lab.k.cols.en").set_value(2).run()
    edit(lab, "x", {(0, 0): "0.3333", (0, 1): "0.123"})
    edit(lab, "k", {(0, 0): "3", (0, 1): "0.555"})
    assert "0.333*3 + 0.123*0.555 ≈ 1.068" in texts(lab)
    edit(lab, "x", {(0, 0): "0.5", (0, 1): "0.25"})  # nothing rounded: it adds up
    edit(lab, "k", {(0, 0): "3", (0, 1): "2"})
    assert "0.5*3 + 0.25*2 = 2" in texts(lab)


def test_both_feature_maps_pick_a_cell(lab):
    """Only the lower map (beside the padded input) took a click; the top one did not."""
    for key in ("lab.fig.output", "lab.fig.cell"):
        chart = next(c for c in lab.get("plotly_chart") if is_chart(key)(c))
        assert list(chart.proto.selection_mode), key  # clicks come back to the page
        assert json.loads(chart.proto.spec)["data"][-1]["mode"] == "markers", key
    load(lab, "transpose_undo")
    chart = next(c for c in lab.get("plotly_chart") if is_chart("lab.fig.tr_output")(c))
    assert list(chart.proto.selection_mode)


def test_the_channels_maps_pick_a_cell_and_the_filter(lab):
    """The channels section's maps took no click, and no map showed the traced cell."""
    load(lab, "rgb")

    def outlined() -> list[bool]:
        """Whether each map draws an outline (a trace of lines)."""
        charts = [next(c for c in lab.get("plotly_chart") if is_chart(k)(c)) for k in keys]
        traces = [json.loads(chart.proto.spec)["data"] for chart in charts]
        return [any(trace.get("mode") == "lines" for trace in data) for data in traces]

    keys = ("lab.fig.ch_out0", "lab.fig.ch_out1")
    for key in keys:
        chart = next(c for c in lab.get("plotly_chart") if is_chart(key)(c))
        assert list(chart.proto.selection_mode), key
        assert json.loads(chart.proto.spec)["data"][-1]["mode"] == "markers", key
    assert outlined() == [True, False]  # the cell on the traced filter's map
    lab.radio(key="lab.ch.filter.en").set_value(1).run()
    assert outlined() == [False, True]


def _click_second_map_script() -> None:
    """A click on row 2, column 1 of the second filter's map, as the chart reports it."""
    import streamlit as st

    from app_pages.lab.explain import _pick_cell

    st.session_state["chart"] = {"selection": {"points": [{"customdata": [1, 0]}]}}
    _pick_cell("chart", "cell", (2, 2), {"lab.ch.filter": 1})


def test_a_click_on_a_map_chooses_its_cell_and_its_filter():
    at = AppTest.from_function(_click_second_map_script, default_timeout=30).run()
    assert not at.exception
    assert at.session_state["cell"] == 3  # the 1-based number of row 2, column 1
    assert at.session_state["lab.ch.filter"] == 1


def test_the_curve_note_says_0_when_the_result_is_0(lab):
    load(lab, "curve_flat")
    assert chart_text(lab, "lab.fig.output") == [["0"]]
    assert "about 0" not in note("curve_flat") and "gives 0" in note("curve_flat")
    assert "0에 가깝" not in note("curve_flat", "ko") and "0입니다" in note("curve_flat", "ko")


def test_a_stride_typed_above_the_largest_shows_the_one_used(lab):
    """The field kept showing 9 (refused in the browser) beside "S = 1"."""
    from app_pages.lab.widgets import MAX_STRIDE

    lab.number_input(key="lab.stride.en").set_value(MAX_STRIDE + 1).run()
    assert not lab.exception
    assert lab.number_input(key="lab.stride.en").value == MAX_STRIDE
    assert f"P = 1 · S = {MAX_STRIDE}" in [c.value for c in lab.caption]
    lab.number_input(key="lab.x.rows.en").set_value(40).run()  # a grid's size too
    assert lab.number_input(key="lab.x.rows.en").value == 16 and len(grid(lab, "x")) == 16


def _number_and_language_script() -> None:
    """The language switch and one clamped lab number, as the app draws them."""
    import streamlit as st

    from app_pages.lab.widgets import number_ui
    from ui.i18n import LANGUAGES
    from ui.state import LANG_KEY, keep

    keep(st.radio, LANG_KEY, "Language", LANGUAGES)
    number_ui(st.number_input, "lab.test", "N", default=1, min_value=0, max_value=10)


def test_a_number_typed_over_its_maximum_in_the_run_that_switches_the_language():
    # The switch's callback runs first and changes the language: the clamp must not look
    # for the new language's widget, which does not exist yet (a KeyError, a traceback).
    at = AppTest.from_function(_number_and_language_script, default_timeout=30)
    at.session_state["lang"] = "ko"
    at.run()
    at.number_input(key="lab.test.ko").set_value(99)
    at.radio(key="lang.ko").set_value("en")
    at.run()
    assert not at.exception
    assert at.number_input(key="lab.test.en").value == 10


def open_lab_at(at: AppTest, section: str) -> AppTest:
    """Go to the lab by a link that asks for ``section`` (the home page's lesson path)."""
    at.query_params = {OPEN_PARAM: section}
    at.switch_page("app_pages/lab/page.py")
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_link_opens_the_section_it_names_on_a_first_and_a_later_visit(lang):
    """The lab reads its shared link once per session; a link to a section (the home
    page's lesson path) opens it on every visit, and leaves the URL."""
    at = open_page("home", lang)
    radio = f"lab.section.{lang}"
    for section in reversed(OPENED_SECTIONS):  # channels on a first visit, then the others
        open_lab_at(at, section)
        assert at.radio(key=radio).value == section
        assert OPEN_PARAM not in at.query_params
        at.radio(key=radio).set_value("transpose").run()  # a view the link does not name
        at.switch_page("app_pages/home/page.py")
        at.run()
    assert not at.warning, "a link to a section is no shared view to complain about"


def test_a_link_to_a_section_the_lab_cannot_open_leaves_it_at_the_kept_one():
    at = open_page("lab", "en")
    at.radio(key="lab.section.en").set_value("pool").run()
    at.switch_page("app_pages/home/page.py")
    at.run()
    open_lab_at(at, "nowhere")
    assert at.radio(key="lab.section.en").value == "pool"
    assert OPEN_PARAM not in at.query_params


def test_the_sections_a_link_opens_are_sections_of_the_picker():
    assert set(OPENED_SECTIONS) <= set(SECTION_VIEWS)
