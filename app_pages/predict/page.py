"""The predict page: an uploaded sketch or photo, every preprocessing step, the answer, Grad-CAM."""

import streamlit as st

from app_pages.predict.widgets import answer_ui, batch_ui, classify, gradcam_ui, invert_ui, steps_ui
from ui.image_input import image_source_ui
from ui.models import load_entry_model, model_picker_ui
from ui.state import lang, tr

st.title(tr("predict.title"))
st.caption(tr("predict.intro"))

left, right = st.columns([1, 1])
with left:
    entry = model_picker_ui()
with right:
    invert = invert_ui()
images = image_source_ui(key="predict.image", multiple=True, camera=True)

model = load_entry_model(entry) if entry else None
if model is None:
    st.stop()
if not images:
    st.info(tr("predict.no_input"))
    st.stop()

class_names = entry.class_names(lang())
outcomes = classify(model, entry, images, invert)
chosen = batch_ui(outcomes, class_names) if len(outcomes) > 1 else 0
outcome = outcomes[chosen]
if outcome.prepared is None:
    st.error(tr("predict.file_error", name=outcome.name, message=outcome.error))
    st.stop()
steps_ui(outcome.prepared, entry.input_shape)
top = answer_ui(outcome.probs, class_names)
gradcam_ui(model, entry, outcome.prepared, top, class_names[top])
