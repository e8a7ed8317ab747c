"""Every page in a real browser, in both languages, with the browser's locale honoured."""

from __future__ import annotations

import pytest
from tiny_runs import require_fashion_mnist, tiny_config

from app_harness.driver import running_server
from ui.i18n import t

pytestmark = pytest.mark.browser

PAGES = ["home", "lab", "explorer", "training", "predict"]


def nav_labels(tab) -> list[str]:
    links = tab.page.locator('[data-testid="stSidebarNavLink"]')
    return [links.nth(i).inner_text().strip().splitlines()[-1] for i in range(links.count())]


def expected_nav(lang: str) -> list[str]:
    return [t(f"nav.{page}", lang) for page in PAGES]


@pytest.mark.parametrize(("locale", "lang"), [("ko-KR", "ko"), ("en-US", "en"), ("fr-FR", "en")])
def test_browser_locale_picks_the_starting_language(open_tab, locale, lang):
    tab = open_tab(locale=locale)
    assert nav_labels(tab) == expected_nav(lang)
    assert tab.title() == t("app.title", lang)
    checked = tab.page.locator('[data-testid="stSidebar"] input[type="radio"]:checked')
    assert checked.count() == 1


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_renders_in_both_languages(open_tab, lang):
    tab = open_tab(locale="en-US" if lang == "ko" else "ko-KR")  # start in the other language
    tab.set_lang(lang)
    assert nav_labels(tab) == expected_nav(lang)
    for page in PAGES:
        tab.goto(page)
        tab.assert_clean()
        assert tab.title(), f"{page} shows no title"
        assert nav_labels(tab) == expected_nav(lang), page
        # Korean breaks between words, never inside one ("멉니/다"): app.KOREAN_LINES_CSS
        paragraph = tab.page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p')
        assert paragraph.first.evaluate("e => getComputedStyle(e).wordBreak") == "keep-all", page
        tab.screenshot(f"{page}_{lang}")


CUT_TEXTS_JS = """() => [...document.querySelectorAll(
    '.stMarkdownEllipsis, [data-testid="stWidgetLabel"] p, [data-testid="stNumberInput"] input')]
    .map(e => [e, e.tagName === 'INPUT' ? e.value : e.innerText])
    .filter(([e, text]) => text.trim() && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
    .map(([e, text]) => text)"""
"""Shown widget labels (Streamlit ends a long one with "...") and numbers, cut short."""


def test_no_label_or_number_is_cut_short_on_a_small_laptop_screen(open_tab, tmp_path):
    from cnn_core.runs import RunStore
    from cnn_core.training import train

    require_fashion_mnist()
    runs = tmp_path / "runs"
    train(tiny_config(), RunStore(runs))  # so the Training page shows a run's results too
    cut: dict[tuple[str, str], list[str]] = {}
    with running_server(runs, tmp_path / "streamlit.log") as server:
        tab = open_tab(server=server)
        tab.page.set_viewport_size({"width": 1024, "height": 1400})
        for lang in ("ko", "en"):
            tab.set_lang(lang)
            for page in PAGES:
                tab.goto(page)
                if page == "training":  # a preset shows the controls of a network of one's own
                    tab.click_button(t("train.preset.quick", lang))
                    tab.expect_text(t("train.custom.batch_norm", lang))
                    tab.expect_text(t("train.download.history", lang))
                cut[lang, page] = tab.page.evaluate(CUT_TEXTS_JS)
        tab.close()  # before the server stops
    assert {where: texts for where, texts in cut.items() if texts} == {}


def test_first_session_after_server_start_keeps_its_language_on_a_page_switch(open_tab, tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    with running_server(runs, tmp_path / "streamlit.log") as fresh:
        tab = open_tab(locale="en-US", server=fresh)
        assert nav_labels(tab) == expected_nav("en")
        tab.goto("lab")
        labels = nav_labels(tab)
        tab.close()  # before the server stops
        assert labels == expected_nav("en")


PIPELINE_TEXT_JS = """() => [...document.querySelectorAll(
    '[data-testid="stGraphVizChart"] svg text')].map(e => e.getBoundingClientRect().height)"""
"""The drawn height of every text of the home page's pipeline, in CSS pixels."""


@pytest.mark.parametrize("width", [390, 1024])
def test_the_home_pipeline_text_stays_readable_on_a_phone_and_a_projector(open_tab, width):
    """At 390 px the pipeline's text was drawn 8 px high (font about 6 px): unreadable."""
    tab = open_tab(locale="ko-KR")
    tab.page.set_viewport_size({"width": width, "height": 844})
    tab.page.goto(f"{tab.server.url}/?lang=ko")
    tab.wait_rendered()
    tab.page.wait_for_function(f"({PIPELINE_TEXT_JS})().length > 0", timeout=15000)
    heights = tab.page.evaluate(PIPELINE_TEXT_JS)
    assert min(heights) >= 11, heights  # the 1024 px projector's size before the change
    fits = tab.page.locator('[data-testid="stGraphVizChart"]').evaluate(
        "e => { const box = e.closest('[class*=\"st-key-\"]');"
        " return box.scrollWidth <= box.clientWidth + 1; }"
    )
    assert fits == (width == 1024), "a phone scrolls the pipeline, a projector shows it whole"
