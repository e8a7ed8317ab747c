"""An upload kept across pages where the image input takes one file: the lab's real image.

(The predict page's batch of uploads is tested in tests/test_predict_page.py.)
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from app_harness.apptest import open_page, set_lang, texts
from ui import i18n
from ui.markdown import markdown_text


def _png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    assert ok
    return data.tobytes()


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
