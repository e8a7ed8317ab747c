"""The lab on a classroom projector (1024×768) and one quiz round, in a real browser.

At 1024×768, with the sidebar open, the chosen preset's input, kernel, output and
formula must be visible without scrolling, in both languages. Screenshots go to
tests/e2e/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app_pages.lab.transpose import USES_KEY
from cnn_core.quiz import KINDS, answer_text, make_round
from ui.i18n import t
from ui.state import key_class

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
PROJECTOR = {"width": 1024, "height": 768}
PRESETS = ["seed_worked", "seed_no_padding", "stride2", "curve_curved", "transpose_undo"]


def open_lab(open_tab, lang: str, query: str = ""):
    """The lab at projector size, through the sidebar, or through a link with ``query``."""
    tab = open_tab(locale="ko-KR" if lang == "ko" else "en-US")
    tab.page.set_viewport_size(PROJECTOR)
    if not query:
        tab.goto("lab")
        return tab
    tab.page.goto(f"{tab.server.url}/lab{query}")
    tab.wait_rendered()  # (the 404 probes of a deep link: driver.BENIGN_CONSOLE_ERRORS)
    return tab


def inside_viewport(tab, locator, what: str, *, uncut: bool = False) -> None:
    """``locator`` lies inside the projector's viewport (``uncut``: and shows all its content)."""
    locator.wait_for()
    box = locator.bounding_box()
    assert box is not None, f"{what} is not drawn"
    assert box["y"] >= 0 and box["y"] + box["height"] <= PROJECTOR["height"], (what, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= PROJECTOR["width"], (what, box)
    if uncut:
        assert locator.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), f"{what} is cut off"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_input_kernel_output_and_formula_fit_a_projector(open_tab, lang):
    tab = open_lab(open_tab, lang)
    page = tab.page
    for preset in PRESETS:
        tab.select(t("lab.presets", lang), t(f"lab.preset.{preset}", lang))
        assert page.evaluate("() => document.scrollingElement.scrollTop") == 0
        editors = page.locator('[data-testid="stDataFrame"]')
        inside_viewport(tab, editors.nth(0), f"{preset}: input")
        inside_viewport(tab, editors.nth(1), f"{preset}: kernel")
        output = "lab-fig-tr_output" if preset.startswith("transpose") else "lab-fig-output"
        inside_viewport(tab, page.locator(f".st-key-{output}"), f"{preset}: output")
        formulas = page.locator('[data-testid="stMarkdownContainer"] .katex-display')
        inside_viewport(tab, formulas.nth(0), f"{preset}: the formula", uncut=True)
        inside_viewport(tab, formulas.nth(1), f"{preset}: the formula filled in", uncut=True)
        projector_shot(tab, f"lab_projector_{preset}_{lang}")


def projector_shot(tab, name: str) -> Path:
    """Save what the projector shows (the viewport, not the full page) as ``<name>.png``."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.page.screenshot(path=str(path))
    return path


def test_on_a_phone_the_transposed_formula_and_diagram_scroll_instead_of_being_cut(open_tab):
    """At 390 px the formula's last number was cut and the diagram's text 4-5 px tall."""
    tab = open_tab(locale="ko-KR")
    tab.page.set_viewport_size({"width": 390, "height": 844})
    tab.page.goto(f"{tab.server.url}/lab?lang=ko")  # the phone's sidebar is closed
    tab.wait_rendered()
    tab.page.get_by_text(t("lab.section.transpose", "ko"), exact=True).first.click()
    tab.wait_rendered()
    diagram = tab.page.locator(key_class(USES_KEY))
    diagram.wait_for()
    sizes = (
        "e => [e.scrollWidth, e.clientWidth, e.querySelector('svg')?.getBoundingClientRect().width]"
    )
    scrolls = (
        f"e => {{ const [shown, room, drawn] = ({sizes})(e);"
        " return drawn >= 640 && shown >= drawn && drawn > room; }"
    )
    try:  # graphviz draws the picture after the page has settled
        tab.page.wait_for_function(
            f"({scrolls})(document.querySelector('{key_class(USES_KEY)}'))", timeout=15000
        )
    except PlaywrightTimeout:
        pytest.fail(f"the diagram does not scroll at its size: {diagram.evaluate(sizes)}")
    formulas = tab.page.locator('[data-testid="stMarkdownContainer"] .katex-display')
    for n in range(formulas.count()):
        assert formulas.nth(n).evaluate("e => getComputedStyle(e).overflowX") == "auto"


def test_a_grid_shows_no_table_toolbar_on_hover(open_tab):
    """Streamlit's search / CSV / full-screen bar (English tooltips) is not drawn over a grid."""
    tab = open_lab(open_tab, "ko")
    grid = tab.page.locator('[data-testid="stDataFrame"]').first
    grid.hover()
    toolbar = grid.locator("xpath=..").locator('[data-testid="stElementToolbar"]')
    assert toolbar.count() == 1 and not toolbar.is_visible()


@pytest.mark.parametrize("lang", ["en"])
def test_one_quiz_round_from_a_link(open_tab, lang):
    seed, level = 5, "easy"
    tab = open_lab(open_tab, lang, f"?quiz={seed}&level={level}")
    page = tab.page
    round_ = make_round(seed, level)
    forms = page.locator('[class*="st-key-lab-quiz-question"]')  # one box per question
    assert forms.count() == len(KINDS)
    check = t("lab.quiz.check", lang)
    # a wrong answer first: the worked solution appears
    first = forms.nth(0)
    first.locator("input").fill(f"{round_[0].answer + 1:g}")
    first.get_by_role("button", name=check).click()
    tab.wait_rendered()
    tab.expect_text(t("lab.quiz.solution", lang))
    for index, question in enumerate(round_):
        form = forms.nth(index)
        if question.choices:
            form.get_by_text(t(f"lab.kernel.{question.answer}", lang), exact=True).click()
        else:
            form.locator("input").fill(answer_text(question))
        form.get_by_role("button", name=check).click()
        tab.wait_rendered()
    score = t("lab.quiz.score", lang, right=6, answered=6, total=6).replace("**", "")
    tab.expect_text(score)
    assert page.locator('[data-testid="stAlertContentSuccess"]').count() == len(KINDS)
    tab.screenshot(f"lab_quiz_round_{lang}")
