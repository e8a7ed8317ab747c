"""The image input's uploads: kept across pages where it takes one file (the lab's real
image), any file let through to the app's own check, a refusal cached like a result;
and the addresses browsers lend the camera to.

(The predict page's batch of uploads is tested in tests/test_predict_page.py.)
"""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from app_harness.apptest import open_page, set_lang, texts
from cnn_core import image_files, preprocess
from cnn_core.image_files import FORMATS, ImageRejected, read_header
from ui import i18n, models
from ui.image_input import FORMATS_TEXT, camera_blocked, rejection_message
from ui.markdown import markdown_text


def _png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


def _pillow(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


def _ok(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_labs_upload_survives_a_visit_to_another_page(lang):
    lab = open_page("lab", lang)
    lab.radio(key=f"lab.section.{lang}").set_value("image").run()
    lab.radio(key=f"lab.image.source.{lang}").set_value("upload").run()
    picture = np.zeros((40, 60, 3), dtype=np.uint8)
    picture[:, 30:] = 255
    lab.file_uploader(key="lab.image.upload").set_value(("edge.png", _png(picture), "image/png"))
    lab.run()
    _ok(lab)
    assert "40×60" in texts(lab)
    kept = i18n.t("common.upload_kept", lang, names=markdown_text("edge.png"))
    assert kept not in texts(lab)

    lab.switch_page("app_pages/home/page.py")
    lab.run()
    lab.switch_page("app_pages/lab/page.py")
    lab.run()
    _ok(lab)
    assert "40×60" in texts(lab) and kept in texts(lab)
    assert i18n.t("lab.img.synthetic", lang) not in texts(lab)
    other = "en" if lang == "ko" else "ko"
    set_lang(lab, other)
    assert i18n.t("common.upload_kept", other, names=markdown_text("edge.png")) in texts(lab)
    set_lang(lab, lang)

    lab.button(key="lab.image.upload_forget").click().run()
    _ok(lab)
    assert i18n.t("lab.img.synthetic", lang) in texts(lab)  # back to the drawn picture
    assert kept not in texts(lab)


# ------------------------------------------------- every file reaches the app's own check

HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100
"""The start of an iPhone photo: an ISO box ``ftyp`` of brand ``heic``."""


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("IMG_0001.HEIC", HEIC, "image/heic"),
        ("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
    ],
)
def test_any_file_is_refused_by_the_app_in_the_page_language(lang, name, data, mime):
    """Streamlit's uploader filters nothing (its own refusal is English only and says
    nothing of what to do); the app's header check words the refusal."""
    lab = open_page("lab", lang)
    lab.radio(key=f"lab.section.{lang}").set_value("image").run()
    lab.radio(key=f"lab.image.source.{lang}").set_value("upload").run()
    uploader = lab.file_uploader(key="lab.image.upload")
    assert uploader.allowed_type == []
    limit = image_files.MAX_BYTES // 2**20  # the uploader's: the label says it
    assert uploader.label == i18n.t("predict.upload_label", lang, formats=FORMATS_TEXT, mb=limit)
    uploader.set_value((name, data, mime))
    lab.run()
    _ok(lab)
    with pytest.raises(ImageRejected) as refusal:
        read_header(data)
    named = f"**{markdown_text(name)}** — {rejection_message(refusal.value, lang)}"
    assert [error.value for error in lab.error] == [named]  # the lab names the file


@pytest.mark.parametrize(
    ("data", "named"), [(b"II*\x00" + b"\x00" * 100, "TIFF"), (HEIC, "HEIC/AVIF")]
)
def test_an_unsupported_format_is_named_in_upper_case(data, named):
    """As the other messages name formats ("PNG", "GIF"), not "tiff 형식은"."""
    with pytest.raises(ImageRejected) as refusal:
        read_header(data)
    assert (refusal.value.reason, refusal.value.details["format"]) == ("unsupported", named)
    assert rejection_message(refusal.value, "ko").startswith(f"{named} 형식은 지원하지 않습니다")
    assert rejection_message(refusal.value, "en").startswith(f"The {named} format")


def test_the_formats_named_are_the_formats_read():
    for name in FORMATS:
        width, height, fmt = read_header(_pillow(Image.new("RGB", (16, 8)), name.upper()))
        assert (width, height, fmt) == (16, 8, name.lower())
    assert {name.lower() for name in FORMATS} == set(image_files._PARSERS)


# ------------------------------------------------- a refusal is cached like a result


def test_a_refused_image_is_not_decoded_again_on_a_rerun(monkeypatch):
    calls = []

    def prepare(data, settings, invert=None):
        calls.append(len(data))
        return real_prepare(data, settings, invert=invert)

    real_prepare = preprocess.prepare
    monkeypatch.setattr(preprocess, "prepare", prepare)
    models._prepare.clear()  # server-wide: another test may have prepared something
    flat = _png(np.full((50, 70), 200, np.uint8))  # one colour: "blank"
    for _ in range(3):
        with pytest.raises(ImageRejected) as refusal:
            models.cached_prepare(flat, preprocess.PrepSettings((28, 28, 1)))
        assert (refusal.value.reason, refusal.value.details) == ("blank", {"mean": 200.0})
    assert calls == [len(flat)]


@pytest.mark.parametrize(
    ("url", "blocked"),
    [
        ("http://192.168.0.10:8501/predict", True),  # a classroom's server over plain http
        ("http://teacher-pc:8501/predict", True),
        ("http://[fd00::2]:8501/predict", True),
        ("https://192.168.0.10/predict", False),
        ("http://localhost:8501/predict", False),
        ("http://app.localhost:8501/predict", False),
        ("http://127.0.0.1:8501/predict", False),
        ("http://127.4.5.6:8501/predict", False),
        ("http://[::1]:8501/predict", False),
        (None, False),  # no browser: a test's script run
    ],
)
def test_the_camera_is_blocked_on_plain_http_from_another_machine(url, blocked):
    assert camera_blocked(url) is blocked
