"""The predict page: a sketch, a drawing or a photo, every preprocessing step (and the
course notes' recipe alone, to compare), the answer, Grad-CAM and occlusion, and a link
to this view."""

import streamlit as st

from app_pages.predict.widgets import (
    SOURCE_KEY,
    answer_ui,
    apply_link,
    batch_ui,
    classify,
    gradcam_ui,
    invert_ui,
    link_spec,
    notes_ui,
    share_ui,
    steps_ui,
)
from ui import links
from ui.image_input import camera_blocked, image_source_ui, source_key, upload_mb
from ui.markdown import markdown_text
from ui.models import load_entry_model, model_picker_ui
from ui.state import lang, tr

spec = link_spec()
apply_link(spec)
st.title(tr("predict.title"))
st.caption(tr("predict.intro"))
links.rejected_ui("predict")

entry = model_picker_ui()  # the whole width: a model's name and source read whole at 1024 px
invert = invert_ui()
dataset = entry.card["dataset"] if entry else None  # the samples start on its classes
images = image_source_ui(key=SOURCE_KEY, multiple=True, camera=True, dataset=dataset)

model = load_entry_model(entry) if entry else None
if model is None:
    st.stop()
share_ui(spec, entry)
if not images:  # what to do next, for the source chosen (a blocked camera said it)
    source = st.session_state[source_key(SOURCE_KEY)]
    if source != "camera" or not camera_blocked(st.context.url):
        st.info(tr(f"predict.prompt.{source}", mb=upload_mb()))  # only the upload's says it
    st.stop()

class_names = entry.class_names(lang())
outcomes = classify(model, entry, images, invert)
chosen = batch_ui(outcomes, class_names) if len(outcomes) > 1 else 0
if chosen is None:  # no file of the batch could be read: the batch's list says why
    st.stop()
outcome = outcomes[chosen]
if outcome.prepared is None:  # a single file (a batch offers only the files it read)
    st.error(tr("predict.file_error", name=markdown_text(outcome.name), message=outcome.error))
    st.stop()
steps_ui(outcome.prepared, entry.input_shape)
if outcome.probs is None:  # the model's output is not a number
    st.error(outcome.error)
    st.stop()
notes_ui(model, entry, outcome, class_names)
top = answer_ui(outcome.probs, class_names)
gradcam_ui(model, entry, outcome.prepared, top, class_names[top])
