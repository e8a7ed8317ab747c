"""The image input's limits: the uploader's cap agrees with the app's, and a refused
image's message is worded in each language from cnn_core's numbers."""

from __future__ import annotations

import re
import struct
import tomllib
import zlib

import pytest

from cnn_core import image_files, model_files
from cnn_core.image_files import ImageRejected, read_header
from cnn_core.paths import REPO_ROOT
from ui import i18n
from ui.image_input import rejection_message

MB = 2**20
LATIN_WORD = re.compile(r"[A-Za-z]+")


def test_the_uploader_cap_is_the_image_limit():
    """``server.maxUploadSize`` (MB) repeats cnn_core's image limit: the two must agree."""
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    cap = config["server"]["maxUploadSize"]
    assert cap * MB == image_files.MAX_BYTES
    assert cap * MB >= model_files.MAX_BYTES, "the largest file limit is the image limit"
    nginx = (REPO_ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    proxy_cap = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1))
    assert cap < proxy_cap <= cap + 1  # the proxy passes the largest file and its form


def header_only_png(width: int, height: int) -> bytes:
    """A PNG that is only a signature and an IHDR chunk: enough for the header checks."""
    body = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + body))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(body)) + b"IHDR" + body + crc


def refusal(data: bytes) -> ImageRejected:
    with pytest.raises(ImageRejected) as err:
        read_header(data)
    assert err.value.reason == "too_large"
    return err.value


def test_cnn_core_gives_numbers_not_sentences():
    details = refusal(header_only_png(12_000, 12_000)).details
    assert (details["width"], details["height"], details["megapixels"]) == (12_000, 12_000, 144.0)
    assert details["max_side"] == image_files.MAX_SIDE
    assert details["max_megapixels"] == image_files.MAX_MEGAPIXELS
    assert details["max_megabytes"] == image_files.MAX_BYTES // MB
    assert "limit" not in details


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_too_many_pixels_is_worded_in_each_language(lang):
    message = rejection_message(refusal(header_only_png(12_000, 12_000)), lang)
    assert "12,000×12,000" in message and "144" in message
    limit = f"{image_files.MAX_MEGAPIXELS:g}"
    assert "10,000" in message and limit in message and "30" in message
    if lang == "ko":
        assert message.startswith("이미지가 너무 큽니다")
        assert set(LATIN_WORD.findall(message)) <= {"MB"}, message
    else:
        assert message == (
            "The image is too large (12,000×12,000 pixels, 144 megapixels). Limits: "
            f"10,000 pixels per side, {limit} megapixels, 30 MB per file. "
            "Please save it smaller and upload that."
        )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_16_bit_pictures_refusal_says_why_its_limit_is_half(lang):
    """49 megapixels under a limit of 51 would read as no reason at all."""
    body = struct.pack(">IIBBBBB", 7000, 7000, 16, 6, 0, 0, 0)  # RGBA, 16 bits per channel
    ihdr = struct.pack(">I", len(body)) + b"IHDR" + body
    message = rejection_message(refusal(b"\x89PNG\r\n\x1a\n" + ihdr + b"\x00" * 4), lang)
    assert "7,000×7,000" in message and f"{image_files.DEEP_MEGAPIXELS:g}" in message
    assert message.endswith(i18n.t("predict.reason.too_large.deep", lang))
    assert "16" in i18n.t("predict.reason.too_large.deep", lang)


@pytest.mark.parametrize(
    ("width", "height"), [(8000, 6000), (6120, 8160), (8192, 6144)], ids=["48MP", "50MP", "50.3MP"]
)
def test_a_phones_largest_photo_passes_the_pixel_limit(width, height):
    """Phones save 48 and 50 MP photos in their high-resolution mode; as JPEGs they are
    decoded at 1/8 (7 MB above the process at 50.3 MP: cnn_core/image_files.py)."""
    assert read_header(header_only_png(width, height)) == (width, height, "png")
    assert refusal(header_only_png(8192, 6400)).details["megapixels"] == 52.43


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_too_many_bytes_is_worded_in_each_language(lang, monkeypatch):
    monkeypatch.setattr(image_files, "MAX_BYTES", 2 * MB)
    error = refusal(header_only_png(100, 100) + b"\x00" * (2 * MB))
    assert error.details["megabytes"] == 2.1  # rounded up, never "2 MB" over a 2 MB limit
    message = rejection_message(error, lang)
    assert "2.1 MB" in message and re.search(r"\b2 MB", message), message
    if lang == "ko":
        assert "파일 2.1 MB" in message
        assert set(LATIN_WORD.findall(message)) <= {"MB"}, message
    else:
        assert "a 2.1 MB file" in message


ASKS = {"ko": re.compile(r"(?:주세요|보세요)\.$"), "en": re.compile(r"\b(?:Please|Try)\b")}
"""How a refusal says what to do next, in each language: it ends on a request."""
DETAILS = {
    "empty": {"bytes": 0},
    "not_image": {"bytes": 44},
    "truncated": {"bytes": 12, "format": "JPEG"},
    "too_large": {"bytes": 31 * MB, "megabytes": 31.0},
    "too_small": {"width": 4, "height": 4, "min_side": image_files.MIN_SIDE},
    "animated": {"format": "GIF"},
    "unsupported": {"format": "TIFF"},
    "blank": {"mean": 255.0},
}
"""A refusal's details per reason, as cnn_core gives them (the limits added below)."""


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("reason", image_files.REASONS)
def test_every_image_refusal_says_what_to_do(reason, lang):
    """An empty upload said only "빈 파일입니다." where every other refusal said what to
    do: each ends on a request (another file, saved again, smaller or larger)."""
    details = {**DETAILS[reason], **image_files._limits()}
    message = rejection_message(ImageRejected(reason, **details), lang)
    assert ASKS[lang].search(message), message
