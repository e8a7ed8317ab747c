"""What the browser tests and the load benchmark do: page order, samples, labels, a tour."""

from __future__ import annotations

import json
import re
from pathlib import Path

from app_harness.wire import WireSession
from cnn_core import catalog
from cnn_core.paths import SAMPLES_DIR, SHIPPED_MODELS_DIR
from ui.i18n import t
from ui.image_input import FORMATS_TEXT, upload_mb

PAGE_ORDER: tuple[str, ...] = ("lab", "explorer", "training", "predict", "home")
"""The pages in the order a load-test user visits them (home is where they start)."""

DIGIT_SKETCH = SAMPLES_DIR / "sketches" / "digit_3.jpg"
"""A shipped paper sketch of a 3, and the class the shipped digit model gives it."""
DIGIT_SKETCH_CLASS = "3"
STUDENT_FILE = Path("my_digit.png")
"""The name under which a student's own sketch (bytes made in memory) is uploaded."""


def digit_model_title(lang: str) -> str:
    """The shipped digit model's title in ``lang`` (what the model pickers show)."""
    return catalog.read_card(SHIPPED_MODELS_DIR / "mnist_digits.json")["title"][lang]


def upload_label(lang: str) -> str:
    """The label of the image uploader (Predict, the explorer's own image, the lab)."""
    return t("predict.upload_label", lang, formats=FORMATS_TEXT, mb=upload_mb())


def activations_control(lang: str) -> str:
    """The label of the explorer's control that shows the activation maps."""
    return t("explorer.view.activations", lang)


def live_jobs(run, lang: str) -> list[str]:
    """The ids of the live training jobs a wire ``run`` of the training page shows, in
    order (each job's summary line names its run folder in its tooltip)."""
    prefix = t("train.job.folder", lang, run="")
    tips = [e.markdown.help for e in run.elements if e.WhichOneof("type") == "markdown"]
    return [tip.removeprefix(prefix) for tip in tips if tip.startswith(prefix)]


TRAIN_TIMEOUT_MS = 180_000
LIVE_CURVE = '[class*="st-key-training-fig-live-"] [data-testid="stPlotlyChart"] svg'


def start_small_training(tab, lang: str, epochs: int = 30) -> None:
    """On the training page: custom model, 2,000 images, ``epochs`` with no early stop;
    Start; wait for a curve.

    ``tab`` is a ``tests/e2e/conftest.py`` AppTab (any object with its ``page``,
    ``select``, ``wait_rendered`` and ``click_button``). Returns once the live curve of the
    first epoch is drawn (the run is then far from done).
    """
    page = tab.page
    tab.select(t("train.model", lang), t("train.arch.custom", lang))
    subset = page.locator('[data-testid="stRadio"]').filter(has_text=t("train.subset", lang))
    subset.get_by_text("2,000", exact=True).click()
    tab.wait_rendered()
    for label, value in (("train.epochs", epochs), ("train.patience", epochs)):
        field = page.get_by_label(t(label, lang), exact=True)
        field.fill(str(value))
        field.press("Enter")
        tab.wait_rendered()
    tab.click_button(t("train.start", lang))
    page.locator(LIVE_CURVE).first.wait_for(timeout=TRAIN_TIMEOUT_MS)


PAGE_TITLES = {
    "lab": "lab.title",
    "explorer": "explorer.title",
    "training": "train.title",
    "predict": "predict.title",
}
"""The i18n key of each page's title (home has none)."""
LOCALES = {"ko": "ko-KR", "en": "en-US"}


def probability_bars(run) -> tuple[float, ...]:
    """The values of the predict page's probability bars in a run (empty if none)."""
    for element in run.elements:
        if element.WhichOneof("type") == "plotly_chart" and element.plotly_chart.id.endswith(
            "-predict.fig.probs"
        ):
            data = json.loads(element.plotly_chart.spec)["data"][0]
            return tuple(float(v) for v in data["x"])
    return ()


async def wire_tour(
    url: str,
    lang: str,
    rounds: int = 1,
    image: bytes | None = None,
    answers: list[tuple[str, tuple[float, ...]]] | None = None,
) -> tuple[list[tuple[str, float]], list]:
    """One user at the wire (:mod:`app_harness.wire`): open, then ``rounds`` tours of every page.

    On the predict page the user picks the shipped digit model and uploads a sketch
    of a 3: ``image`` (PNG bytes, e.g. the student's own from
    :func:`app_harness.student_images.student_digit`), else :data:`DIGIT_SKETCH`;
    on the explorer page, the activation maps. Each run is checked: no exception
    box, finished, the page's title, the answer ``"3"``, the caption under a
    layer's picture of maps. What each upload's run showed is appended to
    ``answers`` when given: the answer line (``"**3** (probability 99.1%)"``) and
    the probability bars' values (all ten, full precision, largest last), which tell
    one image's answer from another's even when both round to 100.0%.

    Returns:
        ``(times, problems)``: ``(step, seconds)`` per run, and what went wrong
        (empty when all held; a timeout or a missing widget ends the tour there).
        The ``"predict upload"`` step runs from the file's drop (upload URL, PUT)
        to the rerun's end, as the student waits for it.
    """
    times: list[tuple[str, float]] = []
    problems: list[str] = []
    step = "open"

    def check(run, text: str | None = None, pattern: str | None = None) -> None:
        """Record the run's time; note an exception box, an unfinished run, a missing text."""
        times.append((step, run.seconds))
        problems.extend(f"{lang} {step}: {error}" for error in run.exceptions())
        if run.status != "FINISHED_SUCCESSFULLY":
            problems.append(f"{lang} {step}: {run.status}")
        if text is not None and not re.search(pattern or re.escape(text), run.texts()):
            problems.append(f"{lang} {step}: {text!r} not shown; shown: {run.texts()[:200]!r}")

    try:
        async with WireSession(url, locale=LOCALES[lang]) as tab:
            check(await tab.open())
            if set(tab.pages) != {"", *PAGE_TITLES}:
                problems.append(f"{lang}: pages {sorted(tab.pages)}")
            for _ in range(rounds):
                for name in PAGE_ORDER:
                    step = name
                    run = await tab.rerun("" if name == "home" else name)
                    check(run, t(PAGE_TITLES[name], lang) if name in PAGE_TITLES else None)
                    if name == "predict":
                        step = "predict upload"
                        picker = run.widget("selectbox", t("common.model", lang))
                        title = digit_model_title(lang)
                        option = next(o for o in picker.selectbox.options if o.startswith(title))
                        run = await tab.choose(picker, option)
                        uploader = run.widget("file_uploader", upload_label(lang))
                        answer = t("predict.answer", lang, label=DIGIT_SKETCH_CLASS, percent="%")
                        pattern = re.escape(answer).replace("%", r"[\d.]+%")
                        path = DIGIT_SKETCH if image is None else STUDENT_FILE
                        run = await tab.upload(uploader, path, image, timing=True)
                        check(run, answer, pattern)
                        if answers is not None:
                            shown = re.findall(pattern, run.texts())
                            answers.append((shown[0] if shown else "", probability_bars(run)))
                    if name == "explorer":
                        step = "explorer activations"
                        view = run.widget("radio", t("explorer.view", lang))
                        run = await tab.choose(view, activations_control(lang))
                        check(run, t("explorer.maps_scale_each", lang))  # a layer's picture
    except Exception as err:  # a timeout or a missing widget is one problem, not a crash
        problems.append(f"{lang} {step}: {type(err).__name__}: {err}")
    return times, problems
