"""The predict page through AppTest: uploads (good, bad, a batch), camera, drawing,
samples, occlusion, shared links, language.

Streamlit 1.67's AppTest can set ``st.file_uploader`` and ``st.camera_input``
values (``set_value((name, bytes, mime))``), so the files go through the page's
own widgets. The model is a tiny Keras CNN the test trains for nothing and saves
as a finished run (``card.json`` + ``model.keras``) in a temporary run store.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
import shutil
import struct
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest
from tiny_models import digit_net, save

from app_harness.apptest import APP, TIMEOUT, open_page, set_lang, texts
from app_pages.predict.widgets import (
    ADDED_MARK,
    NOTES_MARKS,
    STEP_FRAME,
    STEPS_CSS,
    STEPS_KEY,
    step_mark,
)
from cnn_core import image_files, preprocess
from cnn_core.train_config import PRESETS
from ui import i18n
from ui.image_input import (
    canvas_key,
    rejection_message,
    sample_label,
    sample_paths,
    sample_title,
)
from ui.markdown import markdown_text
from ui.state import key_class

RUN_KEY = "run:tiny"
CLASS_NAMES = [str(i) for i in range(10)]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    """A finished run folder holding an untrained tiny digit CNN and its card."""
    folder = tmp_path_factory.mktemp("tiny_run") / "tiny"
    folder.mkdir()
    save(digit_net(), folder / "model.keras")
    card = {
        "name": "tiny",
        "title": {"ko": "작은 모델", "en": "Tiny model"},
        "dataset": "mnist",
        "input_shape": [28, 28, 1],
        "input_range": [0.0, 1.0],
        "polarity": "light_on_dark",
        "class_names": {"ko": CLASS_NAMES, "en": CLASS_NAMES},
    }
    (folder / "card.json").write_text(json.dumps(card), encoding="utf-8")
    return folder


@pytest.fixture
def page(tiny_run, runs_dir):
    """The predict page in English with the tiny model chosen."""
    shutil.copytree(tiny_run, runs_dir / "tiny")
    at = open_page("predict", "en")
    at.session_state["common.model.en"] = RUN_KEY  # as the model picker would
    at.run()
    assert not at.exception, at.exception
    return at


def png(image: np.ndarray) -> bytes:
    ok, buffer = cv2.imencode(".png", image)
    assert ok
    return buffer.tobytes()


def sketch_png() -> bytes:
    image = np.full((120, 100), 235, np.uint8)
    cv2.line(image, (25, 30), (75, 30), 30, 9)
    cv2.line(image, (75, 30), (50, 95), 30, 9)
    return png(image)


def jpeg(image: Image.Image, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **options)
    return buffer.getvalue()


def bomb(side: int = 20_000) -> bytes:
    """A small PNG whose header says ``side`` × ``side`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 20_001 * 500, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (30, 20), (i * 80, 0, 0)) for i in range(3)]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def expected_message(data: bytes, lang: str = "en") -> str:
    """What the page must say about a refused file (the same translation the page uses)."""
    with pytest.raises(preprocess.ImageRejected) as err:
        preprocess.prepare(data, preprocess.PrepSettings((28, 28, 1), center_of_mass=True))
    return rejection_message(err.value, lang)


def upload(at, *files: tuple[str, bytes, str]):
    at.file_uploader(key="predict.image.upload").set_value(list(files)).run()
    assert not at.exception, at.exception
    return at


def captions(at) -> list[str]:
    return [caption for image in at.image for caption in image.captions]


def step_names(at) -> list[str]:
    """The pictures' names, without a step's mark or size ("① Grayscale · 28×28")."""
    return [
        caption.split(" · ")[0].lstrip(NOTES_MARKS + ADDED_MARK + " ") for caption in captions(at)
    ]


def shows_a_result(at, lang: str = "en") -> bool:
    shown = texts(at)
    return all(
        i18n.t(key, lang) in shown
        for key in ("predict.steps_header", "predict.result_header", "predict.gradcam_header")
    )


def prompt(source: str, lang: str) -> str:
    """The page's hint for ``source`` while no image is chosen (the upload's names the limit)."""
    return i18n.t(f"predict.prompt.{source}", lang, mb=UPLOAD_MB)


UPLOAD_MB = image_files.MAX_BYTES // 2**20
"""The uploader's limit per file, in MB (``server.maxUploadSize``)."""


def test_page_asks_for_an_image_first(page):
    assert prompt("upload", "en") in texts(page)


@pytest.mark.parametrize(("lang", "said"), [("ko", "최대 30 MB"), ("en", "up to 30 MB")])
def test_the_uploader_and_the_prompt_say_the_size_limit(page, lang, said):
    """The browser keeps a file over the limit back (a red "!" and an English tooltip): the
    app never sees it, and showed its usual prompt. The label and the prompt say the limit."""
    set_lang(page, lang)
    page.radio(key=f"predict.image.source.{lang}").set_value("upload").run()
    _ok(page)
    assert UPLOAD_MB == 30
    assert said in page.file_uploader(key="predict.image.upload").label
    assert said in prompt("upload", lang) and prompt("upload", lang) in texts(page)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_prompt_fits_the_source_chosen(page, lang):
    """The hint under the input says what to do with the source picked, not "upload, take
    a picture or pick a sample" whatever was picked."""
    set_lang(page, lang)
    for source in ("upload", "camera", "draw", "samples"):
        page.radio(key=f"predict.image.source.{lang}").set_value(source).run()
        if source == "samples":  # the first sample is picked at first: take it out
            page.multiselect(key=f"predict.image.samples.{lang}").set_value([]).run()
        _ok(page)
        prompts = [info.value for info in page.info]
        assert prompts == [prompt(source, lang)], source


@pytest.mark.parametrize(
    ("lang", "others"),
    [("ko", "'파일 올리기', '직접 그리기', '예시 이미지'"), ("en", "'Upload', 'Draw', 'Samples'")],
)
def test_the_camera_says_what_to_do_without_a_camera(page, lang, others):
    """Streamlit's camera says only, in English, "This app would like to use your camera"
    with an outside link: the caption under it words the way out in the page's language,
    naming the other sources as the picker does."""
    set_lang(page, lang)
    page.radio(key=f"predict.image.source.{lang}").set_value("camera").run()
    _ok(page)
    picker = page.radio(key=f"predict.image.source.{lang}").options
    camera = i18n.t("predict.source.camera", lang)
    assert others == ", ".join(f"'{label}'" for label in picker if label != camera)
    help_text = i18n.t("predict.camera_help", lang, others=others)
    assert help_text in [caption.value for caption in page.caption]
    assert [info.value for info in page.info] == [prompt("camera", lang)]


def test_upload_a_sketch_shows_steps_answer_and_gradcam(page):
    upload(page, ("seven.png", sketch_png(), "image/png"))
    assert shows_a_result(page)
    assert i18n.t("predict.inverted_yes", "en") in texts(page)
    keys = ["decoded", "grayscale", "inverted", "normalized", "cropped", "squared", "resized"]
    keys += ["centered", "scaled"]
    shown = [i18n.t(f"predict.step.{key}", "en") for key in keys]
    notes = [i18n.t(f"predict.notes.{who}", "en") for who in ("notes", "app")]
    seen = i18n.t("predict.step.scaled", "en")  # what the model sees, by Grad-CAM
    assert step_names(page) == [*shown, *notes, seen, "Grad-CAM", "Occlusion"]
    occlusion = i18n.t("common.occlusion_caption", "en", patch=4, stride=2)
    assert occlusion in captions(page)
    assert i18n.t("common.occlusion_vs_gradcam", "en") in texts(page)
    assert not page.error


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_steps_mark_the_course_notes_recipe_and_show_the_reshape(page, lang):
    """Seed 004's recipe is grayscale -> INTER_AREA resize -> bitwise_not -> /255 ->
    reshape(1, 28, 28, 1): its steps carry their number in that recipe, the app's own
    additions a +, and the reshape names the array's shape (the batch dimension)."""
    set_lang(page, lang)
    upload(page, ("seven.png", sketch_png(), "image/png"))
    keys = ("grayscale", "resized", "inverted", "cropped")
    name = {key: i18n.t(f"predict.step.{key}", lang) for key in keys}
    shown = captions(page)
    assert any(caption.startswith(f"① {name['grayscale']} · ") for caption in shown)
    assert any(caption.startswith(f"② {name['resized']} · ") for caption in shown)
    assert any(caption.startswith(f"③ {name['inverted']} · ") for caption in shown)
    assert any(caption.startswith(f"+ {name['cropped']} · ") for caption in shown)
    assert any(caption.startswith(i18n.t("predict.step.decoded", lang)) for caption in shown)
    reshape = i18n.t("predict.reshape", lang, mark="⑤", shape="(1, 28, 28, 1)")
    assert reshape in texts(page) and "`(1, 28, 28, 1)`" in reshape
    explain = i18n.t("predict.steps_explain", lang, size="28×28")
    assert all(mark in explain for mark in (*NOTES_MARKS, ADDED_MARK))
    assert [step_mark(key, 1) for key in preprocess.NOTES_STEPS] == list(NOTES_MARKS[:4])
    assert step_mark("decoded", 1) == "" and step_mark("centered", 1) == ADDED_MARK


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_caption_says_the_numbers_follow_the_notes_and_what_the_digits_two_is(page, lang):
    """The page shows the app's order (inverted before resized), so the caption says
    the numbers are the notes' order; a digit model's ② picture is the digit's 20×20
    box, not the model's 28×28, and the caption says so."""
    set_lang(page, lang)
    upload(page, ("seven.png", sketch_png(), "image/png"))
    order = [name.split(" ")[0] for name in captions(page) if name[0] in NOTES_MARKS]
    assert order == ["①", "③", "②", "④"]  # the page's order, not the notes'
    resized = i18n.t("predict.step.resized", lang)
    assert f"② {resized} · 20×20" in captions(page)
    centred = i18n.t("predict.step.centered", lang)
    explain = i18n.t("predict.steps_explain", lang, size="28×28")
    digit = i18n.t("predict.steps_digit", lang, box="20×20", step=centred, size="28×28")
    assert f"{explain} {digit}" in [caption.value for caption in page.caption]


def _colour_steps() -> None:
    """Script: the steps of a photo for a 32×32 colour model."""
    import numpy as np

    from app_pages.predict.widgets import steps_ui
    from cnn_core import preprocess

    photo = np.zeros((40, 60, 3), np.uint8)
    photo[10:30, 20:40] = (200, 40, 40)
    prepared = preprocess.prepare_array(photo, preprocess.PrepSettings((32, 32, 3)))
    steps_ui(prepared, (32, 32, 3))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_colour_models_steps_carry_no_marks_of_the_notes_recipe(lang):
    """A colour model follows no recipe of the notes (theirs is one-channel): no ①–⑤,
    no +, a reshape without a number, and a caption that says why."""
    at = AppTest.from_function(_colour_steps, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    keys = ("decoded", "squared", "resized", "scaled")
    sizes = ("60×40", "40×40", "32×32", "32×32")
    names = [i18n.t(f"predict.step.{key}", lang) for key in keys]
    assert captions(at) == [f"{name} · {size}" for name, size in zip(names, sizes, strict=True)]
    reshape = i18n.t("predict.reshape", lang, mark="", shape="(1, 32, 32, 3)").lstrip()
    assert reshape in [m.value for m in at.markdown]
    colour = i18n.t(
        "predict.steps_colour", lang, size="32×32", invert=i18n.t("predict.invert.on", lang)
    )
    assert colour in [caption.value for caption in at.caption]
    shown = texts(at)
    assert not any(mark in shown for mark in NOTES_MARKS)
    assert all(step_mark(key, 3) == "" for key in (*keys, "inverted"))


def test_the_course_notes_recipe_alone_is_shown_beside_the_apps_with_its_answer(page):
    """Folded under the steps: the notes' 28×28 picture (no levels, no crop) beside the
    app's, each with the model's answer."""
    upload(page, ("seven.png", sketch_png(), "image/png"))
    (expander,) = [e for e in page.expander if e.label == i18n.t("predict.notes_header", "en")]
    pictures = [caption for image in expander.image for caption in image.captions]
    notes, app = (i18n.t(f"predict.notes.{who}", "en") for who in ("notes", "app"))
    assert pictures == [f"{notes} · 28×28", f"{app} · 28×28"]
    answers = [m.value for m in expander.markdown if m.value.startswith("**")]
    assert len(answers) == 2 and all("(probability " in answer for answer in answers)
    assert i18n.t("predict.notes_explain", "en") in [m.value for m in expander.markdown]


BAD_FILES = [
    ("not_really.png", b"this is plain text pretending to be a picture"),
    ("empty.png", b""),
    ("cut.jpg", jpeg(Image.new("RGB", (300, 200), (200, 30, 30)), quality=90)[:400]),
    ("bomb.png", bomb()),
    ("dot.png", png(np.zeros((1, 1), np.uint8))),
    ("white.png", png(np.full((64, 64), 255, np.uint8))),
    ("black.png", png(np.zeros((64, 64), np.uint8))),
    ("animated.gif", animated_gif()),
]


def test_each_bad_upload_shows_its_translated_message_and_the_page_keeps_working(page):
    for name, data in BAD_FILES:
        upload(page, (name, data, "image/png"))
        shown = markdown_text(name)  # "not_really": the underscores escaped, shown as typed
        message = i18n.t("predict.file_error", "en", name=shown, message=expected_message(data))
        assert [error.value for error in page.error] == [message], name
    upload(page, ("seven.png", sketch_png(), "image/png"))
    assert shows_a_result(page) and not page.error


def odd_but_valid_files() -> list[tuple[str, bytes, str]]:
    rgba = np.zeros((60, 60, 4), np.uint8)
    rgba[10:50, 28:34] = (0, 0, 0, 255)
    deep = np.full((60, 60), 60000, np.uint16)
    deep[10:50, 28:34] = 2000
    exif = Image.Exif()
    exif[0x0112] = 6
    strip = np.full((10, 10_000), 250, np.uint8)
    strip[2:8, 3000:7000] = 20
    cmyk = Image.fromarray(cv2.imdecode(np.frombuffer(sketch_png(), np.uint8), 1)).convert("CMYK")
    gray = Image.fromarray(cv2.imdecode(np.frombuffer(sketch_png(), np.uint8), 0))
    return [
        ("transparent.png", png(rgba), "image/png"),
        ("deep16.png", png(deep), "image/png"),
        ("cmyk.jpg", jpeg(cmyk), "image/jpeg"),
        ("gray.jpg", jpeg(gray), "image/jpeg"),
        ("phone.jpg", jpeg(gray.convert("RGB"), exif=exif), "image/jpeg"),
        ("strip.png", png(strip), "image/png"),
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_transparent_upload_is_called_blank_without_asking_for_a_photo(page, lang):
    """A fully transparent PNG is white paper once flattened: refused as blank, in words
    that fit an uploaded file as well as a camera photo."""
    set_lang(page, lang)
    clear = png(np.zeros((60, 60, 4), np.uint8))
    upload(page, ("clear.png", clear, "image/png"))
    message = expected_message(clear, lang)
    assert message == i18n.t("predict.reason.blank", lang)
    assert [e.value for e in page.error] == [
        i18n.t("predict.file_error", lang, name=markdown_text("clear.png"), message=message)
    ]
    if lang == "ko":
        assert "비어 있습니다" in message and "투명" in message and "찍" not in message
    else:
        assert "blank" in message and "transparent" in message
        assert "take a picture" not in message.lower()


def test_the_step_pictures_have_square_corners_and_a_frame(page):
    """Streamlit rounds every picture's corners, which cut the strokes that a crop touches:
    the steps' row carries a key, and the page's style unrounds the pictures in it. A
    white step (the crop of a sketch) on the white page looked like a missing picture:
    a 1 px grey line follows each picture's edge on all four sides."""
    upload(page, ("seven.png", sketch_png(), "image/png"))
    steps = page.get_by_key(STEPS_KEY)
    assert len(steps.image) == len(
        preprocess.prepare(
            sketch_png(), preprocess.PrepSettings((28, 28, 1), center_of_mass=True)
        ).steps
    )
    selector = f'.st-key-{STEPS_KEY.replace(".", "-")} [data-testid="stImageContainer"] > img'
    assert STEPS_CSS in [html.value for html in page.html]
    assert f"{selector} {{ border-radius: 0; filter: {STEP_FRAME}; }}" in STEPS_CSS
    shadows = re.findall(r"drop-shadow\((-?\d)px (-?\d)px 0 (#[0-9a-f]{6})\)", STEP_FRAME)
    assert sorted((int(dx), int(dy)) for dx, dy, _ in shadows) == [(-1, 0), (0, -1), (0, 1), (1, 0)]
    (colour,) = {colour for *_, colour in shadows}
    assert colour[1:3] == colour[3:5] == colour[5:] and int(colour[1:3], 16) < 0xE0  # grey


def test_batch_with_one_bad_file_table_csv_and_detail(page):
    files = [*odd_but_valid_files(), ("broken.png", b"not an image", "image/png")]
    upload(page, *files)
    table = page.dataframe[0].value
    assert list(table.iloc[:, 0]) == [name for name, _, _ in files]
    assert table.iloc[:-1, 1].isin(CLASS_NAMES).all()  # every good file got a class
    assert table.iloc[:-1, 3].eq("").all()
    assert table.iloc[:-1, 2].between(0, 100).all() and table.iloc[:-1, 2].max() > 1  # percent
    bar = page.dataframe[0].proto.columns  # one decimal, as every probability on the page
    assert '"format": "%.1f%%"' in bar or '"format":"%.1f%%"' in bar
    assert table.iloc[-1, 3] == expected_message(b"not an image")
    whole = f"- {markdown_text('broken.png')}: {expected_message(b'not an image')}"
    listed = "\n".join([i18n.t("predict.batch_rejected", "en"), whole])
    assert listed in [w.value for w in page.warning]  # the table cuts it; it reads whole below
    assert page.get("download_button")  # the CSV download
    detail = page.selectbox(key="predict.batch_detail.en")
    assert shows_a_result(page)  # the first file in detail
    assert detail.options == [name for name, _, _ in files[:-1]]  # the files that were read
    detail.set_value(1).run()
    assert shows_a_result(page) and not page.error


def test_the_csv_keeps_a_spreadsheet_from_reading_a_name_as_a_formula():
    """A file named "=HYPERLINK(...).png" went into the CSV as it was: Excel ran it."""
    import pandas as pd

    from app_pages.predict.widgets import csv_text

    names = ['=HYPERLINK("http://x","y").png', "+1.png", "-2.png", "@SUM(A1).png", "\tx.png"]
    names += ["plain.png", "a=b.png", "'quoted.png", "7.png"]
    table = pd.DataFrame({"Image": names, "Confidence": [0.5] * len(names)})
    cells = pd.read_csv(io.StringIO(csv_text(table)), keep_default_na=False)
    assert list(cells["Image"]) == [f"'{name}" for name in names[:5]] + names[5:]
    assert list(cells["Confidence"]) == [0.5] * len(names)  # numbers stay numbers


def test_a_batch_of_unreadable_files_says_each_reason_once(page):
    files = [("broken.png", b"not an image", "image/png"), ("empty.png", b"", "image/png")]
    upload(page, *files)
    reasons = [f"- {markdown_text(name)}: {expected_message(data)}" for name, data, _ in files]
    assert [w.value for w in page.warning] == [
        "\n".join([i18n.t("predict.batch_rejected", "en"), *reasons])
    ]
    assert not page.error  # the first file's reason is not repeated on its own
    assert "predict.batch_detail.en" not in [box.key for box in page.selectbox]
    assert not shows_a_result(page)


def test_camera_photo(page):
    page.radio(key="predict.image.source.en").set_value("camera").run()
    photo = jpeg(Image.open(io.BytesIO(sketch_png())).convert("RGB"))
    page.camera_input(key="predict.image.camera").set_value(("shot.jpg", photo, "image/jpeg")).run()
    assert not page.exception, page.exception
    assert shows_a_result(page)
    away_and_back(page)  # kept as uploads are (ui.state.kept_upload_ui)
    assert shows_a_result(page) and kept_caption("shot.jpg", "en") in texts(page)


def test_samples_gallery_gives_a_result(page):
    page.radio(key="predict.image.source.en").set_value("samples").run()
    assert not page.exception, page.exception
    assert shows_a_result(page)
    (probs,) = [c for c in page.get("plotly_chart") if c.proto.id.endswith("predict.fig.probs")]
    assert json.loads(probs.proto.config).get("displayModeBar") is False  # ui.layout


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_samples_in_a_batch_are_named_as_the_picker_names_them(page, lang):
    """Not by their file names ("digit_7.jpg"): by their translated titles, in the results
    table, its CSV and the picker of the image to look at closely."""
    set_lang(page, lang)
    codes = ["sketches/digit_7.jpg", "sketches/digit_1.jpg"]
    page.radio(key=f"predict.image.source.{lang}").set_value("samples").run()
    page.multiselect(key=f"predict.image.samples.{lang}").set_value(codes).run()
    _ok(page)
    names = [sample_label(code, lang) for code in codes]
    expected = {
        "ko": ["숫자 7 (스케치)", "숫자 1 (스케치)"],
        "en": ["Digit 7 (sketch)", "Digit 1 (sketch)"],
    }
    assert names == expected[lang]
    assert set(names) <= set(page.multiselect(key=f"predict.image.samples.{lang}").options)
    table = page.dataframe[0].value
    assert table.columns[0] == i18n.t("predict.col.image", lang)
    assert list(table.iloc[:, 0]) == names
    assert page.selectbox(key=f"predict.batch_detail.{lang}").options == names
    assert shows_a_result(page, lang)


def test_the_samples_picker_takes_several_and_says_so(page):
    page.session_state["predict.image.source.en"] = "samples"
    page.run()
    box = page.multiselect(key="predict.image.samples.en")
    assert box.label == i18n.t("predict.samples_label", "en")


def test_invert_override_keeps_the_paper_white(page):
    page.radio(key="predict.invert.en").set_value("off").run()
    upload(page, ("seven.png", sketch_png(), "image/png"))
    assert i18n.t("predict.inverted_no", "en") in texts(page)


def test_language_switch_keeps_the_upload_and_translates(page):
    upload(page, ("seven.png", sketch_png(), "image/png"), ("bad.png", b"", "image/png"))
    set_lang(page, "ko")
    assert not page.exception, page.exception
    assert shows_a_result(page, "ko")
    assert any(i18n.t("predict.step.scaled", "ko") in caption for caption in captions(page))
    assert page.dataframe[0].value.iloc[1, 3] == expected_message(b"", "ko")
    assert page.radio(key="predict.invert.ko").value == "auto"
    set_lang(page, "en")  # and back, with the samples gallery drawn
    page.radio(key="predict.image.source.en").set_value("samples").run()
    set_lang(page, "ko")
    set_lang(page, "en")
    assert not page.exception, page.exception
    assert shows_a_result(page, "en")
    assert page.radio(key="predict.image.source.en").value == "samples"


def canvas_state(data: bytes) -> dict:
    """The drawing canvas's value as the component sends it after a stroke."""
    url = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
    stroke = {"type": "path", "path": [["M", 10, 10], ["L", 60, 90]]}
    return {"drawing": {"raw": {"objects": [stroke]}, "data": url}, "backgroundFit": None}


def seven_on_canvas() -> bytes:
    """A 7 in dark ink on the white 336×336 canvas, off-centre and thin, as a student draws."""
    image = np.full((336, 336, 4), 255, np.uint8)
    cv2.line(image, (40, 50), (150, 50), (17, 17, 17, 255), 14)
    cv2.line(image, (150, 50), (80, 210), (17, 17, 17, 255), 14)
    return png(image)


def test_drawing_goes_through_the_same_steps_as_an_upload(page):
    page.radio(key="predict.image.source.en").set_value("draw").run()
    _ok(page)
    assert prompt("draw", "en") in texts(page)  # nothing drawn yet
    page.session_state[canvas_key("predict.image")] = canvas_state(seven_on_canvas())
    page.run()
    _ok(page)
    assert shows_a_result(page)
    expected = preprocess.prepare(
        seven_on_canvas(), preprocess.PrepSettings((28, 28, 1), center_of_mass=True)
    )
    assert [step.key for step in expected.steps][:3] == ["decoded", "grayscale", "inverted"]
    steps = step_names(page)[: len(expected.steps)]
    assert steps == [i18n.t(f"predict.step.{step.key}", "en") for step in expected.steps]
    assert i18n.t("predict.link_no_image", "en") in texts(page)
    page.slider(key="predict.image.pen.en").set_value(30).run()  # the drawing stays
    assert shows_a_result(page)
    page.button(key="predict.image.clear").click().run()  # a fresh, empty canvas
    _ok(page)
    assert prompt("draw", "en") in texts(page)


def test_a_drawing_survives_another_page_and_another_source(page):
    page.radio(key="predict.image.source.en").set_value("draw").run()
    page.session_state[canvas_key("predict.image")] = canvas_state(seven_on_canvas())
    page.run()
    assert shows_a_result(page)
    page.switch_page("app_pages/home/page.py").run()  # Streamlit drops the canvas's value
    page.switch_page("app_pages/predict/page.py").run()
    _ok(page)
    fresh = page.session_state[canvas_key("predict.image")]["drawing"]
    assert fresh["data"] is None and fresh["raw"]["objects"]  # drawn afresh, from the kept
    assert shows_a_result(page)  # drawing, whose PNG is the answer until the next stroke
    page.radio(key="predict.image.source.en").set_value("samples").run()
    page.radio(key="predict.image.source.en").set_value("draw").run()
    assert shows_a_result(page)
    page.button(key="predict.image.clear").click().run()  # clear forgets it
    page.switch_page("app_pages/home/page.py").run()
    page.switch_page("app_pages/predict/page.py").run()
    assert prompt("draw", "en") in texts(page)


def test_occlusion_settings_change_the_map(page):
    upload(page, ("seven.png", sketch_png(), "image/png"))
    page.select_slider(key="predict.occlusion_patch.en").set_value(8).run()
    page.select_slider(key="predict.occlusion_stride.en").set_value(4).run()
    _ok(page)
    assert i18n.t("common.occlusion_caption", "en", patch=8, stride=4) in captions(page)


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def opened_with_link(tiny_run, runs_dir, params: dict, lang: str = "en"):
    """The predict page opened from a link (the query parameters of the first run)."""
    if not (runs_dir / "tiny").exists():
        shutil.copytree(tiny_run, runs_dir / "tiny")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    at.query_params.update(params)
    at.switch_page("app_pages/predict/page.py")
    at.run()
    _ok(at)
    return at


def test_a_shared_link_opens_the_same_view_in_its_language(tiny_run, runs_dir):
    sample = "sketches/digit_7.jpg"
    params = {"model": RUN_KEY, "samples": sample, "invert": "off", "lang": "ko"}
    at = opened_with_link(tiny_run, runs_dir, params, lang="en")
    assert at.session_state["lang"] == "ko"
    assert at.session_state["common.model"] == RUN_KEY
    assert at.radio(key="predict.image.source.ko").value == "samples"
    assert at.multiselect(key="predict.image.samples.ko").value == [sample]
    assert at.radio(key="predict.invert.ko").value == "off"
    assert shows_a_result(at, "ko")
    shared = [code.value for code in at.code]
    assert len(shared) == 1 and "invert=off" in shared[0] and "lang=ko" in shared[0]
    assert "samples=sketches%2Fdigit_7.jpg" in shared[0]
    assert at.query_params["model"] in (RUN_KEY, [RUN_KEY])


def test_a_link_keeps_the_samples_it_can_read_and_quotes_the_one_it_cannot(tiny_run, runs_dir):
    params = {"model": RUN_KEY, "samples": "sketches/digit_7.jpg,../app.py"}
    at = opened_with_link(tiny_run, runs_dir, params)
    assert at.multiselect(key="predict.image.samples.en").value == ["sketches/digit_7.jpg"]
    assert shows_a_result(at, "en")
    field = i18n.t(
        "common.link_field",
        "en",
        field=i18n.t("predict.samples_label", "en"),
        value=markdown_text("../app.py"),
    )
    assert at.warning[0].value == i18n.t("common.link_partly", "en", fields=field)


@pytest.mark.parametrize(
    "params",
    [
        {"model": "shipped:nope", "samples": "sketches/digit_7.jpg"},
        {"model": "<script>alert(1)</script>", "invert": "eval('1')"},
        {"samples": "../../../etc/passwd,sketches/digit_7.jpg"},
        {"model": RUN_KEY, "samples": ",".join(["sketches/digit_7.jpg"] * 500)},
        {"model": RUN_KEY, "lang": "xx"},
    ],
)
def test_a_hostile_link_falls_back_with_a_translated_message(tiny_run, runs_dir, params):
    at = opened_with_link(tiny_run, runs_dir, params)
    warnings = [w.value for w in at.warning]
    partly = [w for w in warnings if w.startswith("Part of this link")]
    whole = i18n.t("common.link_refused", "en")
    assert partly or whole in warnings, warnings
    assert at.session_state["lang"] == "en"
    at.run()  # the message is shown once
    assert not [w for w in at.warning if w.value.startswith("Part of") or w.value == whole]


# ------------------------------------------------- uploads kept across pages


KEPT = "predict.image.upload_kept"


def away_and_back(at, lang: str = "en"):
    """Visit the home page, then come back to predict (the uploader is not drawn meanwhile)."""
    at.switch_page("app_pages/home/page.py")
    at.run()
    _ok(at)
    at.switch_page("app_pages/predict/page.py")
    at.run()
    _ok(at)
    return at


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_large_photo_is_captioned_with_its_own_size_and_the_size_it_was_read_at(page, lang):
    """A 4000 × 3000 JPEG is read at 1000 × 750; its step read "Original · 1000×750"."""
    set_lang(page, lang)
    photo = Image.open(io.BytesIO(sketch_png())).convert("RGB").resize((4000, 3000))
    upload(page, ("big.jpg", jpeg(photo), "image/jpeg"))
    assert shows_a_result(page, lang)
    original = i18n.t("predict.step.decoded", lang)
    assert f"{original} · 4000×3000 → 1000×750" in captions(page)
    said = i18n.t("predict.shrunk", lang, original="4000×3000", size="1000×750", side=1024)
    assert said in [caption.value for caption in page.caption]
    upload(page, ("seven.png", sketch_png(), "image/png"))  # small: as it is, nothing said
    assert f"{original} · 100×120" in captions(page)
    assert not any("4000" in caption.value for caption in page.caption)


def kept_caption(names: str | list[str], lang: str) -> str:
    """The caption naming the kept files (each name escaped, shown as typed)."""
    names = [names] if isinstance(names, str) else names
    return i18n.t("common.upload_kept", lang, names=", ".join(map(markdown_text, names)))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_upload_survives_a_visit_to_another_page(page, lang):
    set_lang(page, lang)
    gray = next(file for file in odd_but_valid_files() if file[0] == "gray.jpg")
    upload(page, gray)
    assert shows_a_result(page, lang)
    assert kept_caption("gray.jpg", lang) not in texts(page)  # the uploader shows it itself
    away_and_back(page, lang)
    assert prompt("upload", lang) not in texts(page)
    assert shows_a_result(page, lang)
    assert kept_caption("gray.jpg", lang) in texts(page)
    page.radio(key=f"predict.invert.{lang}").set_value("on").run()  # any other rerun
    assert shows_a_result(page, lang) and kept_caption("gray.jpg", lang) in texts(page)
    set_lang(page, "en" if lang == "ko" else "ko")  # a language switch keeps it too
    other = page.session_state["lang"]
    assert shows_a_result(page, other) and kept_caption("gray.jpg", other) in texts(page)
    set_lang(page, lang)

    upload(page, ("seven.png", sketch_png(), "image/png"))  # a new upload replaces it
    assert shows_a_result(page, lang)
    assert i18n.t("common.upload_forget", lang) not in [b.label for b in page.button]
    assert [name for name, _ in page.session_state[KEPT]] == ["seven.png"]
    away_and_back(page, lang)
    assert kept_caption("seven.png", lang) in texts(page) and shows_a_result(page, lang)

    forget = page.button(key="predict.image.upload_forget")
    assert forget.label == i18n.t("common.upload_forget", lang)
    forget.click().run()  # "remove these files"
    _ok(page)
    assert prompt("upload", lang) in texts(page)
    assert KEPT not in page.session_state
    away_and_back(page, lang)
    assert prompt("upload", lang) in texts(page)


def test_a_batch_comes_back_whole_with_every_name(page):
    files = [*odd_but_valid_files()[:3], ("bad.png", b"", "image/png")]
    upload(page, *files)
    away_and_back(page)
    assert list(page.dataframe[0].value.iloc[:, 0]) == [name for name, _, _ in files]
    assert kept_caption([name for name, _, _ in files], "en") in texts(page)


def test_removing_the_files_from_the_uploader_forgets_them(page):
    upload(page, ("seven.png", sketch_png(), "image/png"))
    page.file_uploader(key="predict.image.upload").set_value([]).run()
    _ok(page)
    assert prompt("upload", "en") in texts(page)
    away_and_back(page)
    assert prompt("upload", "en") in texts(page)
    assert KEPT not in page.session_state


def test_an_upload_survives_picking_another_source_and_coming_back(page):
    upload(page, ("seven.png", sketch_png(), "image/png"))
    page.radio(key="predict.image.source.en").set_value("samples").run()
    page.radio(key="predict.image.source.en").set_value("upload").run()
    _ok(page)
    assert kept_caption("seven.png", "en") in texts(page) and shows_a_result(page)


def test_a_file_name_is_shown_as_typed_in_the_caption(page):
    upload(page, ("$5_*draft*.png", sketch_png(), "image/png"))
    away_and_back(page)
    caption = i18n.t("common.upload_kept", "en", names=r"\$5\_\*draft\*\.png")
    assert caption == kept_caption("$5_*draft*.png", "en")
    assert caption in [element.value for element in page.caption]


# ------------------------------------------------- messages and samples grid


LATIN_WORD = re.compile(r"[A-Za-z]+")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_too_large_picture_is_refused_in_the_page_language(page, lang):
    set_lang(page, lang)
    upload(page, ("huge.png", bomb(12_000), "image/png"))
    message = expected_message(bomb(12_000), lang)
    assert [error.value for error in page.error] == [
        i18n.t("predict.file_error", lang, name=markdown_text("huge.png"), message=message)
    ]
    assert "12,000×12,000" in message and "144" in message and "10,000" in message
    if lang == "ko":
        assert set(LATIN_WORD.findall(message)) <= {"MB"}, message  # units, no English words
    else:
        assert "pixels per side" in message
        assert f"{image_files.MAX_MEGAPIXELS:g} megapixels" in message


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_samples_grid_shows_short_titles_per_group(page, lang):
    set_lang(page, lang)
    page.radio(key=f"predict.image.source.{lang}").set_value("samples").run()
    _ok(page)
    grid = [image.captions for image in page.image][:2]  # the grid comes before the steps
    for group, captions_shown in zip(("sketches", "photos"), grid, strict=True):
        stems = [path.stem for path in sample_paths() if path.parent.name == group]
        assert captions_shown == [sample_title(stem, lang) for stem in stems]
        assert i18n.t(f"predict.sample_grid.{group}", lang) in texts(page)
    assert all("(" not in caption for captions_shown in grid for caption in captions_shown)


def test_a_preset_run_is_named_by_its_preset_in_the_model_picker(tiny_run, runs_dir):
    """As on the training page: from the run's config; an unreadable one names the model."""
    quick = dataclasses.replace(PRESETS["quick"], seed=7).to_dict()
    for name, config in (("quick_run", json.dumps(quick)), ("odd_run", "not json")):
        shutil.copytree(tiny_run, runs_dir / name)
        card_path = runs_dir / name / "card.json"
        card = json.loads(card_path.read_text(encoding="utf-8"))
        card |= {"name": name, "architecture": "custom"}
        card_path.write_text(json.dumps(card), encoding="utf-8")
        (runs_dir / name / "config.json").write_text(config, encoding="utf-8")
    at = open_page("predict", "en")
    options = at.selectbox(key="common.model.en").options
    assert sum(o.startswith(i18n.t("train.preset.quick", "en") + " · ") for o in options) == 1
    assert sum(o.startswith(i18n.t("train.arch.custom", "en") + " · ") for o in options) == 1


def _answer(top: float, second: float) -> AppTest:
    def page(top: float, second: float) -> None:
        import numpy as np

        from app_pages.predict.widgets import answer_ui

        rest = (1.0 - top - second) / 8
        answer_ui(np.array([top, second] + [rest] * 8, np.float32), [str(i) for i in range(10)])

    at = AppTest.from_function(page, args=(top, second), default_timeout=TIMEOUT)
    at.session_state["lang"] = "en"
    return at.run()


@pytest.mark.parametrize(
    ("top", "second", "reason"),
    [
        (0.45, 0.05, "The model is unsure: its top probability is only 45.0%."),
        (
            0.55,
            0.40,
            "The model is unsure: its top probability, 55.0%, is only 15.0 percentage points ahead",
        ),
        (0.90, 0.05, None),
    ],
)
def test_the_unsure_warning_says_why(top, second, reason):
    at = _answer(top, second)
    assert not at.exception, at.exception
    if reason is None:
        assert not at.warning
        return
    (warning,) = [w.value for w in at.warning]
    assert warning.startswith(reason)
    assert warning.endswith(i18n.t("predict.unsure_check", "en"))


def test_a_model_whose_output_is_not_a_number_says_so(tiny_run, runs_dir):
    """A run whose weights turned NaN (a diverged training): no "nan%" answer, no chart."""
    folder = runs_dir / "broken"
    shutil.copytree(tiny_run, folder)
    model = digit_net()
    for variable in model.layers[-1].weights:
        variable.assign(np.full(variable.shape, np.nan, np.float32))
    save(model, folder / "model.keras")
    at = open_page("predict", "en")
    at.session_state["common.model.en"] = "run:broken"
    at.run()
    upload(at, ("a.png", sketch_png(), "image/png"))
    broken = i18n.t("predict.not_finite", "en")
    assert [e.value for e in at.error] == [broken]
    shown = texts(at)
    assert i18n.t("predict.steps_header", "en") in shown  # the preprocessing still shows
    assert "nan%" not in shown and not shows_a_result(at)
    seven = seven_on_canvas()
    upload(at, ("a.png", sketch_png(), "image/png"), ("b.png", seven, "image/png"))
    (table,) = at.dataframe
    assert list(table.value[i18n.t("predict.col.message", "en")]) == [broken, broken]
    assert list(table.value[i18n.t("predict.col.class", "en")]) == ["", ""]
    listed = "\n".join(
        [i18n.t("predict.batch_rejected", "en"), *(f"- {n}\\.png: {broken}" for n in "ab")]
    )
    assert [w.value for w in at.warning] == [listed]


def test_the_canvas_keeps_room_above_it_for_its_own_toolbar(page):
    """The canvas's toolbar floats above it: at 1024 px it covered the source choices."""
    page.radio(key="predict.image.source.en").set_value("draw").run()
    _ok(page)
    room = key_class("predict.image.canvas_room")
    styles = [element.proto.body for element in page.get("html")]
    assert any(f"{room} {{ padding-top: 2.75rem; }}" in style for style in styles)
