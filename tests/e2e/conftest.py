"""Fixtures of the browser tests: one app server, one Chromium, one clean tab per test.

Every test gets an :class:`AppTab` (fixture ``open_tab``); when the test ends the
tab is checked: no Streamlit exception box and no browser console error, else the
test fails with the messages (see ``app_harness.driver.BENIGN_CONSOLE_ERRORS``).
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app_harness.driver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXCEPTION_SELECTOR,
    RENDERED_JS,
    PageErrors,
    Server,
    running_server,
)
from ui.i18n import LANGUAGE_NAMES, t

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
RENDER_TIMEOUT_MS = 60_000  # a first TensorFlow import plus a model load take seconds here
SETTLE_S = 0.3  # "rendered" must still hold this long after it first holds (a rerun may be queued)

pytestmark = pytest.mark.browser


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Remember the call's report on the item, so fixtures can screenshot failures."""
    outcome = yield
    if call.when == "call":
        item.failed_call = outcome.get_result().failed


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, or a skip (a failure under CNN_EXPLORER_STRICT=1)."""
    if not CHROMIUM.is_file():
        pytest.skip(
            f"{CHROMIUM} not found: install Debian's chromium (scripts/install_test_tools.sh does)"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[Server]:
    """``streamlit run app.py`` on a free loopback port with an empty temporary run store."""
    base = tmp_path_factory.mktemp("e2e_server")
    runs = base / "runs"
    runs.mkdir()
    with running_server(runs, base / "streamlit.log") as server:
        yield server


@pytest.fixture(scope="session")
def playwright():
    """Playwright's sync API, started once: a second start in the same thread fails."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@contextlib.contextmanager
def launched(playwright, chromium: Path, *extra_args: str) -> Iterator:
    """A headless Chromium with :data:`CHROMIUM_ARGS` and ``extra_args``, closed at the end."""
    browser = playwright.chromium.launch(
        executable_path=str(chromium), args=[*CHROMIUM_ARGS, *extra_args], headless=True
    )
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session")
def browser(playwright, chromium):
    """One headless Chromium for the whole session."""
    with launched(playwright, chromium) as browser:
        yield browser


class AppTab:
    """One browser tab (own context, so own Streamlit session) on the app."""

    def __init__(self, page, server: Server, errors: PageErrors):
        self.page = page
        self.server = server
        self.errors = errors
        self.closed = False

    def wait_rendered(self, timeout_ms: int = RENDER_TIMEOUT_MS) -> float:
        """Wait until the last script run finished and stays finished; return seconds waited."""
        start = time.monotonic()
        deadline = start + timeout_ms / 1000
        while True:
            left_ms = max(1, int((deadline - time.monotonic()) * 1000))
            self.page.wait_for_function(RENDERED_JS, timeout=left_ms)
            time.sleep(SETTLE_S)
            if self.page.evaluate(RENDERED_JS):
                return time.monotonic() - start
            if time.monotonic() > deadline:
                raise TimeoutError(f"app did not settle within {timeout_ms} ms")

    def close(self) -> None:
        """Check the tab (see :meth:`assert_clean`) and close its browser context."""
        self.assert_clean()
        self.closed = True
        self.page.context.close()

    def assert_clean(self) -> None:
        """No exception box on the page and no console error so far."""
        boxes = self.page.locator(EXCEPTION_SELECTOR)
        if boxes.count():
            raise AssertionError("Streamlit exception box:\n" + boxes.first.inner_text())
        assert not self.errors.messages, "\n".join(self.errors.messages)

    def goto(self, page_name: str) -> None:
        """Open ``app_pages/<page_name>/page.py`` through its sidebar link (same session)."""
        path = "" if page_name == "home" else page_name
        links = self.page.locator('[data-testid="stSidebarNavLink"]')
        hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        ends = [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
        matches = [i for i, end in enumerate(ends) if end == path or (not path and ":" in end)]
        assert matches, f"no sidebar link to {page_name!r} among {hrefs}"
        links.nth(matches[0]).click()
        self.page.wait_for_url(re.compile(rf"/{path}(\?.*)?$"))  # a page may add its link
        self.wait_rendered()

    def set_lang(self, lang: str) -> None:
        """Click the sidebar language radio."""
        sidebar = self.page.locator('[data-testid="stSidebar"]')
        sidebar.get_by_text(LANGUAGE_NAMES[lang], exact=True).click()
        self.wait_rendered()
        home = self.page.locator('[data-testid="stSidebarNavLink"]').first
        home.filter(has_text=re.compile(re.escape(t("nav.home", lang)) + r"\s*$")).wait_for()

    def expect_text(self, text: str, timeout_ms: int = RENDER_TIMEOUT_MS) -> None:
        """Wait until ``text`` is visible somewhere on the page."""
        self.page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_ms)

    def select(self, label: str, option: str) -> None:
        """Pick ``option`` (its shown text, or a part of it) in the selectbox labelled ``label``."""
        box = self.page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
        box.locator('[role="combobox"], input').first.click()
        self.page.get_by_role("option").filter(has_text=option).first.click()
        self.wait_rendered()

    def click_button(self, label: str) -> None:
        """Click the button showing ``label`` and wait for the rerun."""
        self.page.get_by_role("button", name=label, exact=True).first.click()
        self.wait_rendered()

    def chart_texts(self, key: str) -> list[str]:
        """Every SVG text of the plotly chart drawn with ``key=`` (values, ticks, title)."""
        chart = self.page.locator(f".st-key-{key.replace('.', '-')} svg text")
        chart.first.wait_for(state="attached")  # plotly draws after the element mounts
        return [text.strip() for text in chart.all_text_contents()]

    def title(self) -> str:
        """The page's first ``st.title`` text."""
        return self.page.locator("h1").first.inner_text().strip()

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot to ``tests/e2e/screenshots/<name>.png``."""
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def open_tab(browser, app_server, request) -> Iterator[Callable[..., AppTab]]:
    """Factory: ``open_tab(locale="en-US", server=None)`` opens the app in a fresh context.

    ``server`` defaults to the session's :func:`app_server`. When the test ends,
    each tab must be clean (:meth:`AppTab.assert_clean`) and the servers' logs
    must have gained no traceback or call stack (:meth:`Server.log_alarms`).
    """
    contexts = []
    tabs: list[AppTab] = []
    log_starts: dict[int, tuple[Server, int]] = {}  # where each server's log stood

    def factory(locale: str = "en-US", server: Server | None = None) -> AppTab:
        server = server or app_server
        log_starts.setdefault(id(server), (server, len(server.log())))
        context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1600})
        contexts.append(context)
        page = context.new_page()
        errors = PageErrors()
        errors.attach(page)
        page.goto(server.url)
        tab = AppTab(page, server, errors)
        tab.wait_rendered()
        tabs.append(tab)
        return tab

    yield factory
    if getattr(request.node, "failed_call", False):
        for index, tab in enumerate(tabs):
            if not tab.closed:
                tab.screenshot(f"FAILED_{request.node.name}_{index}")
    try:
        for tab in tabs:
            if not tab.closed:
                tab.assert_clean()
        alarms = [
            alarm for server, start in log_starts.values() for alarm in server.log_alarms(start)
        ]
        assert not alarms, "server log:\n" + "\n---\n".join(alarms)
    finally:
        for context in contexts:
            context.close()
