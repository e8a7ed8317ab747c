"""Streamlit helpers of the predict page: settings, classification (and its
server-wide cache of probabilities, :func:`cached_probabilities`, which only this page
uses), steps, the course notes' recipe beside the app's, answer, Grad-CAM and occlusion,
the page's link."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import streamlit as st
from numpy.typing import NDArray

from cnn_core import inspection, preprocess
from cnn_core.catalog import ModelEntry
from cnn_core.figures import probability_bars_figure
from cnn_core.image_files import WORK_SIDE
from ui import links
from ui.image_input import rejection_text, sample_codes, samples_key, source_key
from ui.images import image_url
from ui.layout import CHART_CONFIG
from ui.markdown import markdown_text
from ui.models import PERCENT_FORMAT, cached_prepare, input_digest, model_cache_key
from ui.sensitivity import where_it_looked_ui
from ui.state import MODEL_KEY, fill, keep, key_class, labels, labels_now, lang, tr

if TYPE_CHECKING:  # annotations only: TensorFlow is imported where the model is loaded
    import keras

INVERT_CHOICES: dict[str, bool | None] = {"auto": None, "on": True, "off": False}
INVERT_KEY = "predict.invert"
"""Kept value: the invert override, a key of :data:`INVERT_CHOICES` (:func:`invert_ui`)."""
SOURCE_KEY = "predict.image"
"""Key prefix of the page's image input (:func:`ui.image_input.image_source_ui`; its
sub-keys come from :func:`ui.image_input.source_key` and its kin)."""
MAX_LINK_SAMPLES = 8
"""A link carries at most this many samples."""
STEP_PX = 120
"""Each preprocessing step is drawn this wide: its name and size fit under it whole."""
STEPS_KEY = "predict.steps"
"""Key of the row of steps (CSS class ``st-key-predict-steps``)."""
STEP_FRAME = " ".join(
    f"drop-shadow({dx}px {dy}px 0 #b0b0b0)" for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1))
)
"""A 1 px grey line around a step picture's opaque pixels: a white crop of a sketch on
the white page reads as a white picture, not a missing one. The line follows the
picture, not the clear margins that make a tall one square (a CSS border would frame
those)."""
STEPS_CSS = (
    f'<style>{key_class(STEPS_KEY)} [data-testid="stImageContainer"] > img'
    f" {{ border-radius: 0; filter: {STEP_FRAME}; }}</style>"
)
"""Step pictures keep their corners (Streamlit rounds every image's, which cut the
strokes a crop touches by definition) and get :data:`STEP_FRAME`."""
NOTES_MARKS = "①②③④⑤"
"""Marks of the course notes' steps in a one-channel model's step captions, in the notes' order
(:data:`cnn_core.preprocess.NOTES_STEPS`, then the reshape); ``predict.steps_explain``
writes them out."""
ADDED_MARK = "+"
"""Mark of a step the app adds to the notes' recipe."""
UNSURE_TOP = 0.5
"""Below this top probability the model is called unsure."""
UNSURE_MARGIN = 0.2
"""A lead over the runner-up smaller than this also makes the model unsure."""


@st.cache_data(max_entries=64, show_spinner=False)
def cached_probabilities(model_key: str, digest: str, _model: Any, _x: NDArray) -> NDArray:
    """The ``(classes,)`` probabilities of one ``(1, H, W, C)`` input, once per server and
    (model key, :func:`ui.models.input_digest`): a class classifying the same sample
    computes it once. The model and the input travel unhashed."""
    return inspection.predict_proba(_model, _x)[0]


@dataclass(frozen=True)
class Outcome:
    """One input image and what became of it.

    Attributes:
        name: the file's name, or a sample's as its picker names it.
        prepared: the preprocessing steps, ``None`` when the image was refused.
        probs: ``(classes,)`` probabilities, ``None`` when refused or when the model's
            output is not a number (NaN or infinity: broken weights).
        error: the translated reason there is no answer, else ``""``.
    """

    name: str
    prepared: preprocess.Prepared | None
    probs: NDArray[np.float32] | None
    error: str = ""


def invert_ui() -> bool | None:
    """Draw the invert override (automatic / invert / keep); ``None`` means automatic."""
    code = keep(
        st.radio,
        INVERT_KEY,
        tr("predict.invert"),
        INVERT_CHOICES,
        format_func=labels("predict.invert", INVERT_CHOICES),
        horizontal=True,
        help=tr("predict.invert_help"),
    )
    return INVERT_CHOICES[code]


def classify(
    model: keras.Model, entry: ModelEntry, images: list[tuple[str, bytes]], invert: bool | None
) -> list[Outcome]:
    """Prepare and classify each image; a refused image, or one the model answers with
    NaN or infinity, gets its message; the rest go on.

    Single images go through ``model(x)`` (:func:`cnn_core.inspection.predict_proba`).
    """
    settings = entry.prep_settings
    model_key = model_cache_key(entry)
    outcomes = []
    for name, data in images:
        try:
            prepared = cached_prepare(data, settings, invert)
        except preprocess.ImageRejected as err:
            outcomes.append(Outcome(name, None, None, rejection_text(err)))
            continue
        x = prepared.model_input
        probs = cached_probabilities(model_key, input_digest(x), model, x)
        if np.isfinite(probs).all():
            outcomes.append(Outcome(name, prepared, probs))
        else:
            outcomes.append(Outcome(name, prepared, None, tr("predict.not_finite")))
    return outcomes


def step_mark(key: str, channels: int) -> str:
    """The mark before a step's name, for a model of ``channels`` input channels: for a
    one-channel model its number in the course notes' recipe (:data:`NOTES_MARKS`),
    :data:`ADDED_MARK` for the app's own additions, none for the original; none at all
    for a colour model (the notes' recipe is for one-channel pictures)."""
    if channels != 1 or key == "decoded":
        return ""
    if key in preprocess.NOTES_STEPS:
        return NOTES_MARKS[preprocess.NOTES_STEPS.index(key)]
    return ADDED_MARK


def steps_ui(prepared: preprocess.Prepared, input_shape: tuple[int, int, int]) -> None:
    """Show every preprocessing step side by side (wrapping to the next line where the
    window is narrow), each with its mark (:func:`step_mark`), translated name and size;
    a tall one (the crop of a "1") is drawn no taller than wide, so the row keeps one
    height, and every one with square corners and a thin grey frame
    (:data:`STEPS_CSS`). A large original, read shrunk, is named with its own size and
    the size it was read at ("Original · 4000×3000 → 1000×750"), and a sentence says
    why. Then the reshape: the shape of the array the model gets, ``(1, H, W, C)``, and
    what the marks mean (:func:`steps_text`).

    Args:
        prepared: the steps of one image.
        input_shape: ``(H, W, C)`` of the model's input.
    """
    st.subheader(tr("predict.steps_header"))
    st.html(STEPS_CSS)
    channels = input_shape[2]
    original, read = _size(prepared.original_size), _size(prepared.steps[0].image.shape)
    with st.container(horizontal=True, gap="small", key=STEPS_KEY):
        for step in prepared.steps:
            size = _size(step.image.shape)
            if step.key == "decoded" and original != read:
                size = f"{original} → {size}"
            name = f"{step_mark(step.key, channels)} {tr(f'predict.step.{step.key}')}".lstrip()
            st.image(image_url(step.image, square=True), caption=f"{name} · {size}", width=STEP_PX)
    mark = NOTES_MARKS[len(preprocess.NOTES_STEPS)] if channels == 1 else ""
    reshape = tr("predict.reshape", mark=mark, shape=str(prepared.model_input.shape))
    st.markdown(reshape.lstrip())
    st.caption(steps_text(prepared, input_shape))
    if original != read:
        st.caption(tr("predict.shrunk", original=original, size=read, side=WORK_SIDE))
    st.caption(tr("predict.inverted_yes" if prepared.inverted else "predict.inverted_no"))


def steps_text(prepared: preprocess.Prepared, input_shape: tuple[int, int, int]) -> str:
    """The sentences under the steps: for a one-channel model what its marks mean (the
    notes' numbers in the notes' order, the page's pictures in the app's) and, for a
    digit model, what the picture marked ② is (the digit's box, smaller than the
    model's ``(H, W)``); for a colour model what the app does without the notes' recipe.

    Args:
        prepared: the steps of one image.
        input_shape: ``(H, W, C)`` of the model's input.
    """
    size = _size(input_shape)
    if input_shape[2] != 1:
        return tr("predict.steps_colour", size=size, invert=tr("predict.invert.on"))
    text = tr("predict.steps_explain", size=size)
    shapes = {step.key: step.image.shape for step in prepared.steps}
    if "centered" in shapes:  # the digit was resized into its box, then centred
        box, step = _size(shapes["resized"]), tr("predict.step.centered")
        text += " " + tr("predict.steps_digit", box=box, step=step, size=size)
    return text


def _size(shape: tuple[int, ...]) -> str:
    """``"W×H"`` of an ``(H, W, ...)`` shape, as the steps are captioned."""
    return f"{shape[1]}×{shape[0]}"


def notes_ui(
    model: keras.Model, entry: ModelEntry, outcome: Outcome, class_names: list[str]
) -> None:
    """A folded comparison, for a one-channel model: what the course notes' recipe
    alone (:func:`cnn_core.preprocess.notes_recipe`) makes of the original, and the
    model's answer to it, beside the app's picture and answer; nothing for a colour
    model or an image without an answer.

    Args:
        model: the model ``entry`` names, taking ``entry.input_shape`` pictures.
        entry: the model's catalog entry (its input shape and cache key).
        outcome: an image the app prepared and the model answered (``prepared`` and
            ``probs``, ``(classes,)``, not ``None``).
        class_names: ``classes`` names, as the model counts them.
    """
    if entry.input_shape[2] != 1 or outcome.prepared is None or outcome.probs is None:
        return
    x = preprocess.notes_recipe(outcome.prepared.steps[0].image, entry.input_shape)
    probs = cached_probabilities(model_cache_key(entry), input_digest(x), model, x)
    size = _size(entry.input_shape)
    with st.expander(tr("predict.notes_header")):
        st.markdown(tr("predict.notes_explain"))
        shown = (("notes", x, probs), ("app", outcome.prepared.model_input, outcome.probs))
        for column, (who, seen, answer) in zip(st.columns(2), shown, strict=True):
            top = int(np.argmax(answer))
            column.image(
                image_url(seen[0, :, :, 0], square=True),
                caption=f"{tr(f'predict.notes.{who}')} · {size}",
                width=STEP_PX,
            )
            column.markdown(
                tr("predict.answer", label=class_names[top], percent=f"{float(answer[top]):.1%}")
                if np.isfinite(answer).all()
                else tr("predict.not_finite")
            )


def answer_ui(probs: NDArray[np.float32], class_names: list[str]) -> int:
    """Show the top class, the probability bars and an 'unsure' warning; return the top index.

    Args:
        probs: ``(classes,)`` probabilities, finite, summing to 1.
        class_names: ``classes`` names, in the order of ``probs``.
    """
    st.subheader(tr("predict.result_header"))
    (top_name, top_p), (_, second_p) = inspection.top_classes(probs, class_names, k=2)
    st.markdown(tr("predict.answer", label=top_name, percent=f"{top_p:.1%}"))
    if top_p < UNSURE_TOP or top_p - second_p < UNSURE_MARGIN:
        why = "low" if top_p < UNSURE_TOP else "close"
        margin = f"{(top_p - second_p) * 100:.1f}"  # percentage points
        reason = tr(f"predict.unsure.{why}", top=f"{top_p:.1%}", margin=margin)
        st.warning(f"{reason} {tr('predict.unsure_check')}")
    figure = probability_bars_figure(class_names, probs, axis_title=tr("predict.probability"))
    st.plotly_chart(figure, key="predict.fig.probs", config=CHART_CONFIG)
    return int(np.argmax(probs))


def gradcam_ui(
    model: keras.Model,
    entry: ModelEntry,
    prepared: preprocess.Prepared,
    class_index: int,
    label: str,
) -> None:
    """What the model sees, the Grad-CAM overlay and the occlusion map for ``class_index``,
    each map's sentence below them (:func:`ui.sensitivity.where_it_looked_ui`)."""
    st.subheader(tr("predict.gradcam_header"))
    x = prepared.model_input
    where_it_looked_ui(
        "predict", model, model_cache_key(entry), x, input_digest(x), class_index, label
    )


def batch_ui(outcomes: list[Outcome], class_names: list[str]) -> int | None:
    """Table of file, predicted class, confidence (and any message), a CSV download,
    and a picker for the image to show in detail among those that were read; returns
    its index, ``None`` when none was (the list of refused files says why)."""
    st.subheader(tr("predict.batch_header"))
    rows = []
    for outcome in outcomes:
        if outcome.probs is None:
            label, confidence = "", None
        else:
            index = int(np.argmax(outcome.probs))
            label, confidence = class_names[index], round(float(outcome.probs[index]), 4)
        rows.append(
            {
                tr("predict.col.image"): outcome.name,
                tr("predict.col.class"): label,
                tr("predict.col.confidence"): confidence,
                tr("predict.col.message"): outcome.error,
            }
        )
    table = pd.DataFrame(rows)  # the CSV's: confidence as a fraction
    confidence = tr("predict.col.confidence")
    st.dataframe(
        table.assign(**{confidence: table[confidence] * 100}),  # "60.1%", as the page writes it
        hide_index=True,
        column_config={
            confidence: st.column_config.ProgressColumn(
                format=PERCENT_FORMAT, min_value=0.0, max_value=100.0
            )
        },
        key="predict.fig.batch_table",
    )
    rejected = [f"- {markdown_text(o.name)}: {o.error}" for o in outcomes if o.error]
    if rejected:  # the table cuts long messages: here they read whole
        st.warning("\n".join([tr("predict.batch_rejected"), *rejected]))
    st.download_button(
        tr("predict.download_csv"),
        csv_text(table).encode("utf-8-sig"),
        file_name=f"predictions_{lang()}.csv",
        mime="text/csv",
        key="predict.batch_csv",
    )
    readable = [i for i, outcome in enumerate(outcomes) if outcome.prepared is not None]
    if not readable:
        return None
    return keep(
        st.selectbox,
        "predict.batch_detail",
        tr("predict.pick_detail"),
        readable,
        format_func=labels_now(readable, lambda i: outcomes[i].name),
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet reads a cell that starts with one of these as a formula (CSV injection)."""


def csv_text(table: pd.DataFrame) -> str:
    """``table`` as CSV, every text cell that a spreadsheet would read as a formula (a file
    named ``=HYPERLINK(...).png``, :data:`FORMULA_STARTS`) prefixed with ``'``: the
    spreadsheet shows it as text, quote included (the usual defence, OWASP's)."""

    def safe(value: object) -> object:
        return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value

    return table.map(safe).to_csv(index=False)


def link_spec() -> links.Spec:
    """What the page's link holds: the model, the samples shown, the invert setting
    (each labelled as its widget)."""
    samples = links.items(sample_codes(), max_items=MAX_LINK_SAMPLES)
    return {
        "model": links.catalog_model(),
        "samples": samples.labelled("predict.samples_label"),
        "invert": links.choice(INVERT_CHOICES).labelled("predict.invert"),
    }


def apply_link(spec: links.Spec) -> None:
    """Fill the page's kept values from its link, the first time the session opens it."""
    decoded = links.read_once("predict", spec)
    if decoded is None:
        return
    values = decoded.values
    filled = {}
    if "model" in values:
        filled[MODEL_KEY] = values["model"]
    if "invert" in values:
        filled[INVERT_KEY] = values["invert"]
    if values.get("samples"):
        filled[source_key(SOURCE_KEY)] = "samples"
        filled[samples_key(SOURCE_KEY)] = values["samples"]
    fill(filled)


def share_ui(spec: links.Spec, entry: ModelEntry) -> None:
    """The page's link now: the model and invert setting, and the samples when shown."""
    state = st.session_state
    samples = state.get(samples_key(SOURCE_KEY)) or None
    from_samples = state.get(source_key(SOURCE_KEY)) == "samples"
    links.share_ui(
        "predict",
        spec,
        {
            "model": entry.key,
            "invert": state.get(INVERT_KEY),
            "samples": samples[:MAX_LINK_SAMPLES] if from_samples and samples else None,
        },
        note="" if from_samples else tr("predict.link_no_image"),
    )
