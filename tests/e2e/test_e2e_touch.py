"""Draw it, click it, share it: the drawing canvas, click-to-inspect, the confusion-matrix
click and shared links, in a real Chromium.

Every tab of these tests records the requests the page makes; any request to a host
other than the loopback server fails the test (the classroom may be offline: the
canvas's frontend ships inside its wheel).
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlparse

import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from app_harness.scenarios import activations_control, digit_model_title
from ui.i18n import t

pytestmark = pytest.mark.browser

LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
"""Hosts a page may reach; anything else (a CDN, a font host) is an off-server request."""


def watched(tab) -> list[str]:
    """Record every request of ``tab`` that leaves the server; return the growing list."""
    leaving: list[str] = []

    def check(request) -> None:
        url = request.url
        scheme = urlparse(url).scheme
        if scheme in ("data", "blob", "about"):
            return
        if urlparse(url).hostname not in LOOPBACK:
            leaving.append(url)

    tab.page.on("request", check)
    return leaving


def open_watched(open_tab, locale: str = "en-US"):
    tab = open_tab(locale=locale)
    leaving = watched(tab)
    tab.page.reload()  # the first load too, with the listener attached
    tab.wait_rendered()
    return tab, leaving


def goto(tab, page: str) -> None:
    """Open a page by its sidebar link and wait for it (its URL then carries its view).

    ``AppTab.goto`` waits for a URL that ends with the page's path; the explorer and
    predict pages add their view's query parameters, so this waits for either.
    """
    links = tab.page.locator('[data-testid="stSidebarNavLink"]')
    links.filter(
        has_text=re.compile(
            re.escape(t(f"nav.{page}", "en")) + "|" + re.escape(t(f"nav.{page}", "ko"))
        )
    ).first.click()
    tab.page.wait_for_url(re.compile(rf"/{page}(\?.*)?$"))
    tab.wait_rendered()


def pick_radio(tab, text: str) -> None:
    tab.page.get_by_text(text, exact=True).first.click()
    tab.wait_rendered()


def draw_seven(tab) -> None:
    """A 7 drawn with mouse moves on the canvas (two strokes, as a hand would)."""
    canvas = tab.page.locator("canvas.upper-canvas").first
    canvas.wait_for(timeout=60_000)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box and box["width"] >= 300, box  # big enough for a finger

    def stroke(points: list[tuple[float, float]]) -> None:
        mouse = tab.page.mouse
        mouse.move(box["x"] + points[0][0] * box["width"], box["y"] + points[0][1] * box["height"])
        mouse.down()
        for x, y in points[1:]:
            mouse.move(box["x"] + x * box["width"], box["y"] + y * box["height"], steps=12)
        mouse.up()
        tab.wait_rendered()

    stroke([(0.25, 0.2), (0.75, 0.2)])
    stroke([(0.75, 0.2), (0.45, 0.85)])


def shown_answer(tab, lang: str) -> str:
    pattern = re.escape(t("predict.answer", lang, label="LABEL", percent="P").replace("**", ""))
    pattern = pattern.replace("LABEL", "(.+?)").replace("P", r"[\d.]+%")
    for text in tab.page.locator('[data-testid="stMarkdownContainer"]').all_inner_texts():
        match = re.fullmatch(pattern, text.strip())
        if match:
            return match.group(1)
    raise AssertionError("no answer shown")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_draw_a_digit_and_the_answer_follows(open_tab, lang):
    tab, leaving = open_watched(open_tab, "ko-KR" if lang == "ko" else "en-US")
    goto(tab, "predict")
    tab.select(t("common.model", lang), digit_model_title(lang))
    pick_radio(tab, t("predict.source.draw", lang))
    draw_seven(tab)
    tab.expect_text(t("predict.result_header", lang))
    tab.wait_rendered()
    assert shown_answer(tab, lang) == "7"
    tab.screenshot(f"predict_draw_{lang}")
    assert not leaving, leaving


def test_the_explorer_follows_a_drawing_and_a_click_outlines_the_field(open_tab):
    tab, leaving = open_watched(open_tab)
    goto(tab, "explorer")
    tab.select(t("common.model", "en"), digit_model_title("en"))
    pick_radio(tab, activations_control("en"))
    pick_radio(tab, t("explorer.input_source.image", "en"))
    pick_radio(tab, t("predict.source.draw", "en"))
    draw_seven(tab)
    tab.expect_text("The model predicts 7")
    row, col = 2, 25
    click_cell(tab, "explorer.fig.detail_map", row, col, 28)  # conv1 of the digit model: 28×28
    tab.expect_text(f"Cell ({row + 1}, {col + 1}) has the value")
    tab.screenshot("explorer_click_en")
    assert not leaving, leaving


@pytest.fixture(scope="module")
def finished_run(app_server, tmp_path_factory) -> str:
    """A tiny finished Fashion-MNIST run in the app's run store; its id."""
    require_fashion_mnist()
    from cnn_core.runs import RunStore
    from cnn_core.training import train

    runs = tmp_path_factory.mktemp("runs")
    run_id = train(tiny_config(), RunStore(runs)).run_id
    shutil.copytree(runs / run_id, app_server.runs_dir / run_id)
    return run_id


@pytest.mark.dataset
def test_a_confusion_matrix_cell_shows_its_images(open_tab, finished_run):
    tab, leaving = open_watched(open_tab)
    goto(tab, "training")
    tab.expect_text(t("train.results.confusion_click", "en"))
    true, pred = 6, 0  # Shirt taken for a T-shirt/top: the classic confusion
    click_cell(tab, f"training.fig.confusion.{finished_run}", true, pred, 10)
    tab.expect_text(t("train.pair.header", "en", true="Shirt", pred="T-shirt/top"))
    tab.screenshot("training_pair_en")
    assert not leaving, leaving


@pytest.mark.dataset
@pytest.mark.parametrize(("pred", "name"), [(0, "T-shirt/top"), (2, "Pullover")])
def test_a_tap_on_a_phone_opens_the_confusion_cell_tapped(open_tab, finished_run, pred, name):
    """At 390 px the matrix was squeezed to 11 px a cell under 36 px tap targets: a tap
    on (Shirt, T-shirt/top) opened (Shirt, Trouser)."""
    tab = open_tab(locale="en-US")
    tab.page.set_viewport_size({"width": 390, "height": 844})
    tab.page.goto(f"{tab.server.url}/training?lang=en")  # a phone's sidebar is closed
    tab.wait_rendered()
    tab.expect_text(t("train.results.confusion_click", "en"))
    tap_category_cell(tab, f"training.fig.confusion.{finished_run}", 6, pred)
    tab.expect_text(t("train.pair.header", "en", true="Shirt", pred=name))


TAP_AT_JS = """(element, [row, col]) => {
    const plot = element.querySelector('.js-plotly-plot');
    const box = plot.getBoundingClientRect();
    const x = plot._fullLayout.xaxis, y = plot._fullLayout.yaxis;
    return [box.left + x._offset + x.c2p(col), box.top + y._offset + y.c2p(row)];
}"""
"""Where plotly draws the centre of category cell (row, col) of the chart in ``element``,
in page pixels."""


def tap_category_cell(tab, chart_key: str, row: int, col: int) -> None:
    """Tap the centre of cell (row, col) of a heatmap with category axes, where plotly
    draws it (a tap target drawn over it is hit where the student's finger lands)."""
    chart = tab.page.locator(f".st-key-{chart_key.replace('.', '-')}").first
    chart.locator(".nsewdrag").first.wait_for()  # plotly has drawn its axes
    chart.scroll_into_view_if_needed()
    x, y = chart.evaluate(TAP_AT_JS, [row, col])
    tab.page.mouse.click(x, y)
    tab.wait_rendered()


def click_cell(tab, chart_key: str, row: int, col: int, side: int) -> None:
    """Click cell (row, col) of a square heatmap chart drawn under ``chart_key``."""
    chart = tab.page.locator(f".st-key-{chart_key.replace('.', '-')} .nsewdrag").first
    chart.scroll_into_view_if_needed()
    chart.wait_for()
    box = chart.bounding_box()
    tab.page.mouse.click(
        box["x"] + (col + 0.5) / side * box["width"], box["y"] + (row + 0.5) / side * box["height"]
    )
    tab.wait_rendered()


def test_a_shared_link_opens_the_same_view_in_a_fresh_browser(open_tab, browser, app_server):
    tab, leaving = open_watched(open_tab, "en-US")
    goto(tab, "explorer")
    pick_radio(tab, activations_control("en"))
    click_cell(tab, "explorer.fig.detail_map", 5, 9, 28)
    tab.expect_text("Cell (6, 10) has the value")
    tab.set_lang("ko")
    code = tab.page.locator('[data-testid="stCode"] code').first
    link = (code.text_content() or "").strip()
    assert "cell=5%2C9" in link and "lang=ko" in link and "view=activations" in link, link
    assert not leaving, leaving

    fresh = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1600})
    try:
        page = fresh.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(link.replace(urlparse(link).netloc, urlparse(app_server.url).netloc))
        page.get_by_text(t("explorer.detail_header", "ko")).first.wait_for(timeout=60_000)
        page.get_by_text(re.compile(r"\(6, 10\)")).first.wait_for(timeout=60_000)  # shown from 1
        assert page.locator("h1").first.inner_text().strip() == t("explorer.title", "ko")
        off = [u for u in requests if urlparse(u).hostname not in (*LOOPBACK, None)]
        assert not off, off
    finally:
        fresh.close()
