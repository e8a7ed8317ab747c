"""The lab in a real browser: click an output cell; open a shared lab link in a new browser."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from test_e2e_touch import LOOPBACK, click_cell, open_watched

from ui.i18n import t

pytestmark = pytest.mark.browser

WORKED = ["7", "12", "10", "2", "4", "15", "16", "10", "10", "6", "15", "6", "8", "10", "4", "3"]
"""The course's worked example (seed 004): its 4×4 output, row by row."""


def test_clicking_an_output_cell_chooses_it(open_tab):
    tab, leaving = open_watched(open_tab)
    tab.goto("lab")
    tab.expect_text(t("lab.cell_position", "en", row=1, col=1))
    click_cell(tab, "lab-fig-cell", 2, 1, 4)  # 0-based row 2, column 1 of the 4×4 output
    tab.expect_text(t("lab.cell_position", "en", row=3, col=2))
    tab.expect_text("= 6")  # that cell's multiply-accumulate ends in its value
    assert not leaving, leaving


def test_a_shared_lab_link_opens_the_same_numbers_in_a_fresh_browser(open_tab, browser):
    tab, leaving = open_watched(open_tab, "ko-KR")
    tab.goto("lab")
    click_cell(tab, "lab-fig-cell", 3, 3, 4)
    tab.expect_text(t("lab.cell_position", "ko", row=4, col=4))
    code = tab.page.locator('[data-testid="stCode"] code').filter(has_text="section=conv")
    link = (code.first.text_content() or "").strip()
    assert "cell=16" in link and "lang=ko" in link, link
    assert not leaving, leaving

    fresh = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1600})
    try:
        page = fresh.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(link.replace(urlparse(link).netloc, urlparse(tab.server.url).netloc))
        page.get_by_text(t("lab.cell_position", "ko", row=4, col=4)).first.wait_for(timeout=60_000)
        numbers = page.locator(".st-key-lab-fig-output svg text")
        numbers.nth(len(WORKED) - 1).wait_for(state="attached")  # plotly draws after mounting
        texts = [text.strip() for text in numbers.all_text_contents()]
        assert texts[: len(WORKED)] == WORKED, texts
        off = [u for u in requests if urlparse(u).hostname not in (*LOOPBACK, None)]
        assert not off, off
    finally:
        fresh.close()
