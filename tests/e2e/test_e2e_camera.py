"""Streamlit's own uploader, camera and multiselect texts in the page's language, and
the camera on an address browsers lend no camera to, in Chromium with a fake camera.

Playwright's ``inner_text`` leaves out CSS ``::after`` text, so what a student reads
in place of Streamlit's English is read with ``getComputedStyle``; the English it
covers must be drawn 0 px high.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from app_harness.driver import PageErrors
from tests.e2e.conftest import AppTab, launched
from ui.i18n import t

CLASSROOM_HOST = "classroom.test"
"""A name the browser resolves to this machine (``--host-resolver-rules``) but does not
count as this machine: the plain-http address of a classroom's server."""
CAMERA_ARGS = [
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    f"--host-resolver-rules=MAP {CLASSROOM_HOST} 127.0.0.1",
]
DROPZONE = '[data-testid="stFileUploaderDropzone"]'
TAKE = '[data-testid="stCameraInputButton"]'
UPLOADING = f"{TAKE}:has(> div)"  # the same button, its progress bar after the text
SHOWN = "e => [getComputedStyle(e, '::after').content, getComputedStyle(e).fontSize]"


@pytest.fixture(scope="module")
def camera_browser(playwright, chromium):
    """A Chromium with a fake camera that it lends without asking."""
    with launched(playwright, chromium, *CAMERA_ARGS) as browser:
        yield browser


@pytest.fixture
def predict_tab(camera_browser, app_server) -> Iterator:
    """``open(lang, host)``: the predict page at ``http://<host>:<port>``, in its own session."""
    tabs: list[AppTab] = []

    def open_predict(lang: str, host: str = "127.0.0.1") -> AppTab:
        context = camera_browser.new_context(
            viewport={"width": 1366, "height": 900}, permissions=["camera"]
        )
        page = context.new_page()
        errors = PageErrors()
        errors.attach(page)
        page.goto(f"http://{host}:{app_server.port}/predict?lang={lang}")
        tab = AppTab(page, app_server, errors)
        tab.wait_rendered()
        tabs.append(tab)
        return tab

    yield open_predict
    for tab in tabs:
        tab.close()


def shown(tab: AppTab, selector: str) -> tuple[str, str]:
    """What ``selector``'s ``::after`` says (a CSS string, quoted) and the size of the
    element's own text."""
    content, size = tab.page.locator(selector).first.evaluate(SHOWN)
    return content, size


def shown_within(tab: AppTab, selector: str, expected: tuple[str, str], seconds: float):
    """:func:`shown`, read again until it is ``expected`` or ``seconds`` have passed: on a
    loaded machine (CI, 2026-12-02) the page was still redrawing its styles from the
    run before for a moment, and a single read found none."""
    end = time.monotonic() + seconds
    while (now := shown(tab, selector)) != expected and time.monotonic() < end:
        time.sleep(0.05)
    return now


def slow_upload(route) -> None:
    """Send the photo two seconds late, so that the button shows its upload for a while."""
    time.sleep(2.0)
    route.continue_()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_uploader_and_camera_speak_the_pages_language(predict_tab, lang):
    tab = predict_tab(lang)
    assert shown(tab, f"{DROPZONE} button p") == (f'"{t("common.upload_button", lang)}"', "0px")
    limit = t("common.upload_limit", lang, mb=30)  # .streamlit/config.toml's maxUploadSize
    assert shown(tab, f'{DROPZONE} [data-testid="stFileUploaderDropzoneInstructions"] span') == (
        f'"{limit}"',
        "0px",
    )

    tab.page.get_by_text(t("predict.source.camera", lang), exact=True).click()
    tab.wait_rendered()
    button = tab.page.locator(TAKE)
    button.and_(tab.page.locator(":enabled")).wait_for()  # the fake camera is on
    assert shown(tab, TAKE) == (f'"{t("common.camera_take", lang)}"', "0px")
    tab.page.route("**/_stcore/upload_file/**", slow_upload)  # "Uploading..." stays a while
    button.click()
    tab.page.locator(UPLOADING).wait_for()
    uploading = (f'"{t("common.camera_uploading", lang)}"', "0px")
    assert shown_within(tab, UPLOADING, uploading, seconds=1.5) == uploading
    tab.page.locator(f"{TAKE} > span").wait_for()  # a photo taken: the button clears it
    tab.wait_rendered()
    assert shown(tab, f"{TAKE} > span") == (f'"{t("common.camera_clear", lang)}"', "0px")
    tab.expect_text(t("predict.result_header", lang))  # the photo was answered


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_multiselects_select_all_speaks_the_pages_language(predict_tab, lang):
    tab = predict_tab(lang)
    tab.page.get_by_text(t("predict.source.samples", lang), exact=True).click()
    tab.wait_rendered()
    tab.page.locator('[data-testid="stMultiSelect"] input').first.click()
    select_all = '[data-key="__select_all__"] [data-item-hl]'
    assert shown(tab, select_all) == (
        f'"{t("common.select_all", lang)}"',
        "0px",
    )
    tab.page.locator(select_all).click()  # it still does what it says
    tab.wait_rendered()
    tab.expect_text(t("predict.batch_header", lang))


def test_camera_on_a_plain_http_classroom_address_says_why_and_what_to_do(predict_tab):
    tab = predict_tab("ko", CLASSROOM_HOST)
    tab.page.get_by_text(t("predict.source.camera", "ko"), exact=True).click()
    tab.wait_rendered()
    warning = tab.page.locator('[data-testid="stAlertContentWarning"]').inner_text()
    address = f"http://{CLASSROOM_HOST}:{tab.server.port}/predict"
    assert address in warning and t("predict.source.upload", "ko") in warning, warning
    assert tab.page.locator('[data-testid="stCameraInput"]').count() == 0
    assert t("predict.prompt.camera", "ko") not in tab.page.inner_text("body")
