"""The key interaction of every page, in a real browser, in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from tiny_runs import require_fashion_mnist

from app_harness.scenarios import (
    DIGIT_SKETCH,
    DIGIT_SKETCH_CLASS,
    TRAIN_TIMEOUT_MS,
    activations_control,
    digit_model_title,
    start_small_training,
)
from cnn_core.train_config import PRESETS
from ui.i18n import t

pytestmark = pytest.mark.browser

LANGS = ["ko", "en"]
WORKED = ["7", "12", "10", "2", "4", "15", "16", "10", "10", "6", "15", "6", "8", "10", "4", "3"]


def open_in(open_tab, lang: str, page: str):
    tab = open_tab(locale="ko-KR" if lang == "ko" else "en-US")
    tab.goto(page)
    return tab


@pytest.mark.parametrize("lang", LANGS)
def test_lab_preset_shows_the_seed_numbers_and_keeps_them_across_languages(open_tab, lang):
    tab = open_in(open_tab, lang, "lab")
    tab.select(t("lab.presets", lang), t("lab.preset.seed_worked", lang))
    assert tab.chart_texts("lab.fig.output")[:16] == WORKED
    mac = tab.page.locator('[data-testid="stCode"]').first.inner_text()
    assert mac.strip().endswith("= 7"), mac
    tab.screenshot(f"lab_worked_{lang}")

    other = "en" if lang == "ko" else "ko"
    tab.set_lang(other)
    assert tab.chart_texts("lab.fig.output")[:16] == WORKED, "values lost on a language switch"

    tab.select(t("lab.presets", other), t("lab.preset.seed_no_padding", other))
    assert tab.chart_texts("lab.fig.output")[:4] == ["15", "16", "6", "15"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_language_switch_keeps_choices_shown_in_the_new_language(open_tab, lang):
    tab = open_in(open_tab, lang, "lab")
    tab.page.get_by_text(t("lab.section.pool", lang), exact=True).click()
    tab.wait_rendered()
    other = "en" if lang == "ko" else "ko"
    tab.set_lang(other)
    checked = tab.page.locator('[data-testid="stRadio"] label:has(input:checked)')
    shown = [text.strip() for text in checked.all_inner_texts()]
    assert t("lab.section.pool", other) in shown, shown  # not blank, not the old label
    assert t("lab.pool.size", other) in tab.page.inner_text("body")  # still on pooling


def answer_pattern(lang: str, label: str) -> re.Pattern:
    text = t("predict.answer", lang, label=label, percent="PERCENT").replace("**", "")
    return re.compile(re.escape(text).replace("PERCENT", r"[\d.]+%"))


@pytest.mark.parametrize("lang", LANGS)
def test_predict_upload_of_a_sample_sketch_shows_its_top_class(open_tab, lang):
    tab = open_in(open_tab, lang, "predict")
    tab.select(t("common.model", lang), digit_model_title(lang))
    tab.page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(DIGIT_SKETCH)
    )
    tab.page.locator('[data-testid="stFileChip"]').first.wait_for()
    tab.page.locator('[data-testid="stFileChipIconSpinner"]').wait_for(state="detached")
    tab.expect_text(t("predict.result_header", lang))
    tab.wait_rendered()
    pattern = answer_pattern(lang, DIGIT_SKETCH_CLASS)
    answers = tab.page.locator('[data-testid="stMarkdownContainer"]').all_inner_texts()
    assert any(pattern.fullmatch(text.strip()) for text in answers), answers
    tab.screenshot(f"predict_upload_{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_explorer_draws_activation_maps(open_tab, lang):
    tab = open_in(open_tab, lang, "explorer")
    tab.page.get_by_text(activations_control(lang), exact=True).click()
    tab.wait_rendered()
    tab.expect_text(t("explorer.maps_header", lang))
    tab.page.get_by_text(t("explorer.maps_header", lang)).first.scroll_into_view_if_needed()
    maps = tab.page.locator('[data-testid="stExpander"] img[src^="data:image/png"]')
    maps.nth(1).wait_for(timeout=60_000)  # at least two layers' pictures drawn
    assert maps.nth(1).evaluate("img => img.naturalWidth") > 100  # decoded, not broken
    tab.wait_rendered()
    tab.screenshot(f"explorer_maps_{lang}")


@pytest.mark.dataset
@pytest.mark.parametrize("lang", LANGS)
def test_training_run_draws_a_curve_and_can_be_stopped(open_tab, lang):
    require_fashion_mnist()
    tab = open_in(open_tab, lang, "training")
    page = tab.page
    start_small_training(tab, lang)  # 30 epochs: far more than the test waits for
    tab.screenshot(f"training_live_{lang}")
    page.get_by_role("button", name=t("train.stop", lang), exact=True).click()
    tab.expect_text(t("train.results.stopped", lang), timeout_ms=TRAIN_TIMEOUT_MS)
    tab.wait_rendered()
    curves = page.locator(
        '[class*="st-key-training-fig-curves-"] [data-testid="stPlotlyChart"] svg'
    )
    curves.first.wait_for()
    tab.screenshot(f"training_stopped_{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_training_presets_fill_the_controls_in_the_browser(open_tab, lang):
    tab = open_in(open_tab, lang, "training")
    epochs = tab.page.get_by_label(t("train.epochs", lang), exact=True)
    model = tab.page.get_by_role("combobox", name=t("train.model", lang), exact=True)
    for name, config in [("seed_recipe", PRESETS["seed_recipe"]), ("quick", PRESETS["quick"])]:
        tab.click_button(t(f"train.preset.{name}", lang))
        # polled: the rerun the click asks for may start after the page last looked idle
        expect(epochs).to_have_value(str(config.epochs), timeout=30_000)
        expect(model).to_have_value(t(f"train.arch.{config.model}", lang))
    # and the server logged no call stack on the way (checked by the open_tab fixture)
