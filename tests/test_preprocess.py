"""cnn_core.preprocess: header limits, decoding quirks, each step, each bad input.

Every special file is made here with OpenCV or Pillow (16-bit PNG, CMYK JPEG,
EXIF-rotated JPEG, animated GIF/PNG, a crafted decompression-bomb header).
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import tracemalloc
import zlib

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from cnn_core import image_files, preprocess
from cnn_core.image_files import REASONS, ImageRejected, decode_image, read_header
from cnn_core.paths import REPO_ROOT
from cnn_core.preprocess import PrepSettings, prepare, prepare_array

DIGIT = PrepSettings((28, 28, 1), center_of_mass=True)
FASHION = PrepSettings((28, 28, 1))


def encode(image: np.ndarray, ext: str = ".png", params: list[int] | None = None) -> bytes:
    """OpenCV-encode a BGR / gray / BGRA image."""
    ok, buffer = cv2.imencode(ext, image, params or [])
    assert ok
    return buffer.tobytes()


def pillow(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def sketch(size: tuple[int, int] = (200, 160), paper: int = 240, ink: int = 30) -> np.ndarray:
    """A dark '7' on light paper, (H, W, 3) uint8 (BGR = RGB, it is gray)."""
    height, width = size
    image = np.full((height, width, 3), paper, np.uint8)
    cv2.line(image, (width // 4, height // 4), (3 * width // 4, height // 4), (ink,) * 3, 14)
    cv2.line(image, (3 * width // 4, height // 4), (width // 2, 3 * height // 4), (ink,) * 3, 14)
    return image


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bomb_png(width: int = 20_000, height: int = 20_000, size: int = 389 * 1024) -> bytes:
    """A real-looking PNG whose header declares ``width × height`` gray pixels, ``size`` bytes."""
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    head = b"\x89PNG\r\n\x1a\n" + ihdr
    rows = zlib.compress(b"\x00" * (width + 1) * 2000, 9)
    filler = np.random.default_rng(0).integers(0, 256, size, dtype=np.uint8).tobytes()
    idat = png_chunk(b"IDAT", (rows + filler)[: size - len(head) - 24])
    return head + idat + png_chunk(b"IEND", b"")


# ---------------------------------------------------------------- header


@pytest.mark.parametrize("ext", [".png", ".jpg", ".webp", ".bmp"])
def test_read_header_gives_the_size_of_each_format(ext):
    data = encode(np.zeros((37, 53, 3), np.uint8), ext)
    width, height, fmt = read_header(data)
    assert (width, height) == (53, 37)
    assert fmt == {".png": "png", ".jpg": "jpeg", ".webp": "webp", ".bmp": "bmp"}[ext]


@pytest.mark.parametrize(
    ("fmt", "options"),
    [("GIF", {}), ("JPEG", {"progressive": True}), ("WEBP", {"lossless": True}), ("BMP", {})],
)
def test_read_header_pillow_variants(fmt, options):
    data = pillow(Image.new("RGB", (41, 19), (10, 200, 30)), fmt, **options)
    assert read_header(data)[:2] == (41, 19)


def test_read_header_webp_with_alpha_uses_the_extended_header():
    data = pillow(Image.new("RGBA", (33, 12), (0, 0, 0, 0)), "WEBP")
    assert read_header(data)[:2] == (33, 12)


def test_bomb_is_refused_from_its_header_without_decoding(monkeypatch):
    data = bomb_png()
    assert len(data) == 389 * 1024

    def no_decoding(*args, **kwargs):
        raise AssertionError("cv2.imdecode called on a decompression bomb")

    monkeypatch.setattr(cv2, "imdecode", no_decoding)
    with pytest.raises(ImageRejected) as err:
        decode_image(data)
    assert err.value.reason == "too_large"
    assert err.value.details["width"] == 20_000
    assert err.value.details["megapixels"] == 400.0
    assert "20,000 × 20,000" in err.value.details["size"]


@pytest.mark.parametrize(("width", "height"), [(10_001, 10), (8_192, 6_400)])
def test_side_and_megapixel_limits(width, height):
    with pytest.raises(ImageRejected, match="too_large"):
        read_header(bomb_png(width, height, size=4096))


def test_too_many_bytes(monkeypatch):
    monkeypatch.setattr(image_files, "MAX_BYTES", 1000)
    with pytest.raises(ImageRejected) as err:
        read_header(encode(np.random.default_rng(0).integers(0, 255, (64, 64), np.uint8)))
    assert err.value.reason == "too_large" and err.value.details["bytes"] > 1000


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"this is not a picture, although it is called cat.png", "not_image"),
        (b"II*\x00" + b"\x00" * 100, "unsupported"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "unsupported"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "truncated"),
    ],
)
def test_bad_bytes(data, reason):
    with pytest.raises(ImageRejected) as err:
        decode_image(data)
    assert err.value.reason == reason


def test_truncated_jpeg():
    data = encode(np.random.default_rng(1).integers(0, 255, (120, 160, 3), np.uint8), ".jpg")
    for cut in (len(data) // 2, 40):
        with pytest.raises(ImageRejected) as err:
            decode_image(data[:cut])
        assert err.value.reason == "truncated"
        assert err.value.details["format"] == "JPEG"


def test_one_pixel_image_is_too_small():
    with pytest.raises(ImageRejected) as err:
        decode_image(encode(np.zeros((1, 1, 3), np.uint8)))
    assert err.value.reason == "too_small"
    assert (err.value.details["width"], err.value.details["height"]) == (1, 1)


@pytest.mark.parametrize("level", [255, 0])
def test_all_white_and_all_black_are_blank(level):
    data = encode(np.full((64, 64, 3), level, np.uint8))
    with pytest.raises(ImageRejected) as err:
        prepare(data, FASHION)
    assert err.value.reason == "blank"


def test_noise_only_paper_is_blank():
    paper = np.full((64, 64, 3), 235, np.uint8)
    paper += np.random.default_rng(2).integers(0, 6, paper.shape, dtype=np.uint8)
    with pytest.raises(ImageRejected, match="blank"):
        prepare(encode(paper), FASHION)


def test_animated_gif_and_png_are_refused_single_frame_gif_is_decoded():
    frames = [Image.new("RGB", (30, 20), (i * 80, 0, 0)) for i in range(3)]
    animated = pillow(frames[0], "GIF", save_all=True, append_images=frames[1:])
    with pytest.raises(ImageRejected) as err:
        decode_image(animated)
    assert err.value.reason == "animated" and err.value.details["format"] == "GIF"
    apng = pillow(frames[0], "PNG", save_all=True, append_images=frames[1:])
    with pytest.raises(ImageRejected, match="animated"):
        decode_image(apng)
    still = decode_image(pillow(Image.new("RGB", (30, 20), (200, 0, 0)), "GIF"))
    assert still.shape == (20, 30, 3)
    assert tuple(still[0, 0]) == pytest.approx((200, 0, 0), abs=3)


def test_animated_webp_is_refused():
    frames = [Image.new("RGB", (30, 20), (i * 80, 0, 0)) for i in range(3)]
    data = pillow(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=100)
    with pytest.raises(ImageRejected, match="animated"):
        read_header(data)


# ---------------------------------------------------------------- decoding quirks


def test_16_bit_png_is_scaled_by_65535_not_255():
    gray = np.array([[0, 257 * 128, 65535, 30000]], np.uint16).repeat(8, axis=0)
    decoded = decode_image(encode(gray))
    assert decoded.dtype == np.uint8
    assert list(decoded[0, :, 0]) == [0, 128, 255, round(30000 / 257)]
    colour = np.zeros((8, 8, 3), np.uint16)
    colour[..., 2] = 65535  # BGR: red
    assert tuple(decode_image(encode(colour))[0, 0]) == (255, 0, 0)


def test_transparent_background_is_flattened_onto_white():
    rgba = np.zeros((40, 40, 4), np.uint8)  # transparent black everywhere
    rgba[10:30, 18:22] = (0, 0, 0, 255)  # an opaque black bar
    rgba[0, 0] = (0, 0, 255, 128)  # half-transparent red (BGRA)
    decoded = decode_image(encode(rgba))
    assert tuple(decoded[5, 5]) == (255, 255, 255)
    assert tuple(decoded[20, 20]) == (0, 0, 0)
    assert tuple(decoded[0, 0]) == pytest.approx((255, 127, 127), abs=1)
    prepared = prepare(encode(rgba), FASHION)
    assert prepared.inverted


def test_cmyk_jpeg_keeps_its_colours():
    data = pillow(Image.new("RGB", (24, 24), (220, 30, 30)).convert("CMYK"), "JPEG", quality=95)
    assert Image.open(io.BytesIO(data)).mode == "CMYK"
    red, green, blue = (int(v) for v in decode_image(data)[12, 12])
    assert red > 180 and green < 70 and blue < 70


def test_grayscale_jpeg_becomes_three_equal_channels():
    data = pillow(Image.new("L", (24, 16), 90), "JPEG")
    decoded = decode_image(data)
    assert decoded.shape == (16, 24, 3)
    assert np.all(decoded[..., 0] == decoded[..., 1]) and abs(int(decoded[8, 8, 0]) - 90) <= 2


def exif_rotated_jpeg(width: int, height: int) -> bytes:
    """A landscape JPEG with a black block top-left, tagged 'rotate 90° clockwise' (6)."""
    image = Image.new("RGB", (width, height), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    exif[0x0112] = 6
    return pillow(image, "JPEG", exif=exif, quality=95)


@pytest.mark.parametrize(("width", "height"), [(60, 30), (3000, 1500)])
def test_exif_orientation_is_applied(width, height):
    decoded = decode_image(exif_rotated_jpeg(width, height))
    out_h, out_w = decoded.shape[:2]
    assert out_h > out_w  # portrait after rotation (large ones through IMREAD_REDUCED_*)
    assert decoded[2, -3].max() < 60  # the block moved from top-left to top-right
    assert decoded[2, 2].min() > 200


def oriented_file(fmt: str, code: int) -> bytes:
    """A 60 × 30 picture (a black block top-left, a grey one bottom-right) saved by Pillow
    as ``fmt`` with EXIF orientation ``code``."""
    image = Image.new("RGB", (60, 30), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 15, 8))
    image.paste((128, 128, 128), (45, 22, 60, 30))
    exif = Image.Exif()
    exif[0x0112] = code
    options = {"PNG": {}, "WEBP": {"lossless": True}, "JPEG": {"quality": 95}}[fmt]
    return pillow(image, fmt, exif=exif, **options)


@pytest.mark.parametrize("code", range(1, 9))
@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "JPEG"])
def test_every_exif_orientation_is_applied_in_every_format_that_has_one(fmt, code):
    """OpenCV turns a JPEG itself; a PNG or a WebP (read with IMREAD_UNCHANGED, for alpha
    and 16 bits) came out as stored: a phone's portrait PNG lay on its side."""
    from PIL import ImageOps

    data = oriented_file(fmt, code)
    shown = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data)).convert("RGB")))
    decoded = decode_image(data)
    assert decoded.shape == shown.shape
    assert np.abs(decoded.astype(int) - shown).max() < 40  # JPEG's rounding
    assert image_files.original_size(data) == shown.shape[:2]


def test_exif_in_big_endian_order_and_damaged_exif():
    """Motorola-order EXIF ("MM") is read; a damaged block counts as upright, never a crash."""
    tiff = b"MM\x00*\x00\x00\x00\x08\x00\x01" + struct.pack(">HHIHH", 0x0112, 3, 1, 8, 0)
    png = encode(np.zeros((10, 20, 3), np.uint8))
    with_exif = png[:33] + png_chunk(b"eXIf", tiff + b"\x00\x00\x00\x00") + png[33:]
    assert image_files.orientation(with_exif, "png") == 8
    assert decode_image(with_exif).shape == (20, 10, 3)
    damaged = png[:33] + png_chunk(b"eXIf", tiff[:12]) + png[33:]
    assert image_files.orientation(damaged, "png") == 1
    assert decode_image(damaged).shape == (10, 20, 3)


def test_the_original_size_is_the_files_not_the_shrunk_one():
    """A 4000 × 3000 photo is read at 1000 × 750: the "decoded" step is that, the original
    size is the file's (the page wrote "Original · 1000×750")."""
    photo = encode(sketch((3000, 4000)), ".jpg")
    prepared = prepare(photo, DIGIT)
    assert prepared.steps[0].image.shape[:2] == (750, 1000)
    assert prepared.original_size == (3000, 4000)
    assert prepare(exif_rotated_jpeg(3000, 1500), FASHION).original_size == (3000, 1500)
    small = prepare(encode(sketch()), DIGIT)
    assert small.original_size == small.steps[0].image.shape[:2] == (200, 160)
    decoded = cv2.cvtColor(sketch(), cv2.COLOR_BGR2RGB)
    assert prepare_array(decoded, DIGIT).original_size == (200, 160)


def deep_png_header(width: int, height: int, bits: int) -> bytes:
    """A PNG signature and IHDR of an RGBA picture with ``bits`` per channel, and no pixels."""
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bits, 6, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr


def test_a_16_bit_png_has_half_the_megapixel_limit():
    """A 49-megapixel 16-bit RGBA PNG of 431 KB took 9 s and 740 MB to decode; it is now
    refused from its header. Its 8-bit twin is what the pixel limit is made for."""
    assert read_header(deep_png_header(7000, 7000, 8)) == (7000, 7000, "png")
    assert read_header(deep_png_header(5000, 5000, 16)) == (5000, 5000, "png")  # 25 MP
    with pytest.raises(ImageRejected) as refused:
        read_header(deep_png_header(7000, 7000, 16))
    assert refused.value.reason == "too_large"
    details = refused.value.details
    assert details["bits"] == 16 and details["megapixels"] == 49.0
    assert details["max_megapixels"] == image_files.DEEP_MEGAPIXELS == 25.5


def test_large_jpeg_is_decoded_reduced_in_rgb():
    photo = np.zeros((3000, 4000, 3), np.uint8)
    photo[..., 2] = 230  # BGR: red
    photo[:1500, :, 1] = 200  # the top half yellow
    decoded = decode_image(encode(photo, ".jpg"))
    assert decoded.shape == (750, 1000, 3)  # IMREAD_REDUCED_COLOR_4
    assert tuple(decoded[600, 500]) == pytest.approx((230, 0, 0), abs=4)
    assert tuple(decoded[100, 500]) == pytest.approx((230, 200, 0), abs=4)
    assert decode_image(encode(photo[:1200, :1600], ".jpg")).shape == (1200 // 2, 1600 // 2, 3)


def test_large_png_is_shrunk_with_inter_area():
    big = np.zeros((2048, 2048), np.uint8)
    big[:, ::2] = 255  # one-pixel stripes average to gray with INTER_AREA
    decoded = decode_image(encode(big))
    assert decoded.shape == (1024, 1024, 3)
    assert abs(float(decoded.mean()) - 127.5) < 2


def transparent(height: int, width: int, dtype: type = np.uint8) -> np.ndarray:
    """A BGRA image: alpha from clear (left) to opaque (right), the top half grey."""
    top = np.iinfo(dtype).max
    image = np.zeros((height, width, 4), dtype)
    image[..., 3] = np.linspace(0, top, width).astype(dtype)
    image[: height // 2, :, :3] = top // 3
    return image


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_a_large_transparent_png_takes_no_full_size_float_copies(dtype):
    """Whole-image float copies of a 40-megapixel RGBA PNG took 2 GB. Now: OpenCV's image
    (a numpy array: tracemalloc sees it, as it sees every numpy array), its RGB copy and
    a few MB of float rows (a whole-image float copy of these 6 megapixels is 69 MB)."""
    height, width = 2000, 3000
    image = transparent(height, width, dtype)
    data = encode(image)
    tracemalloc.start()
    try:
        decoded = decode_image(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    bound = image.nbytes + height * width * 3 + 32 * 2**20
    assert peak < bound, f"peak {peak / 2**20:.0f} MB, bound {bound / 2**20:.0f} MB"
    assert decoded.shape == (683, 1024, 3)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16])
def test_converting_in_bands_of_rows_gives_the_whole_image_result(dtype, monkeypatch):
    top = np.iinfo(dtype).max
    image = transparent(97, 61, dtype)
    image[..., :3] = np.random.default_rng(3).integers(0, top, (97, 61, 3))
    data = encode(image)
    monkeypatch.setattr(image_files, "BAND_PIXELS", 97 * 61)
    whole = decode_image(data)
    monkeypatch.setattr(image_files, "BAND_PIXELS", 61 * 10)  # 10 rows at a time, the last 7
    np.testing.assert_array_equal(decode_image(data), whole)
    opaque = np.rint(image[:, -1, 2::-1] * (255 / top))  # the right column: BGR -> RGB, 8 bits
    np.testing.assert_array_equal(whole[:, -1], opaque)


def test_opencv_writes_nothing_to_the_server_log_about_a_refused_file():
    """OpenCV warned "PNG input buffer is incomplete" on every rerun; the app words the refusal."""
    script = (
        "import sys\n"
        "from cnn_core.image_files import ImageRejected, decode_image\n"
        "try:\n"
        "    decode_image(sys.stdin.buffer.read())\n"
        "except ImageRejected as refusal:\n"
        "    print(refusal.reason)\n"
    )
    cut = encode(sketch())[:-600]  # the header whole, the pixels cut off
    result = subprocess.run(
        [sys.executable, "-c", script], input=cut, capture_output=True, timeout=60, check=True
    )
    assert (result.stdout, result.stderr) == (b"truncated\n", b"")


# ---------------------------------------------------------------- steps


def test_digit_steps_in_order_and_the_last_is_the_model_input():
    prepared = prepare(encode(sketch()), DIGIT)
    keys = [step.key for step in prepared.steps]
    assert keys == [
        "decoded",
        "grayscale",
        "inverted",
        "normalized",
        "cropped",
        "squared",
        "resized",
        "centered",
        "scaled",
    ]
    assert prepared.model_input.shape == (1, 28, 28, 1)
    assert prepared.model_input.dtype == np.float32
    assert prepared.model_input.min() >= 0.0 and prepared.model_input.max() == pytest.approx(1.0)
    np.testing.assert_array_equal(prepared.model_input[0, :, :, 0], prepared.steps[-1].image)
    np.testing.assert_array_equal(
        prepared.steps[-1].image, prepared.steps[-2].image.astype(np.float32) / 255
    )


def test_the_notes_recipe_is_the_course_notes_code_verbatim():
    """Seed 004: cvtColor to gray, resize to 28×28 with INTER_AREA, bitwise_not, /255,
    reshape(1, 28, 28, 1): no crop, no levels, always inverted."""
    rgb = sketch()
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, (28, 28), interpolation=cv2.INTER_AREA)
    expected = (cv2.bitwise_not(small) / 255.0).reshape(1, 28, 28, 1)
    x = preprocess.notes_recipe(rgb, (28, 28, 1))
    assert x.shape == (1, 28, 28, 1) and x.dtype == np.float32
    np.testing.assert_allclose(x, expected, atol=1e-7)
    with pytest.raises(ValueError, match=r"\(32, 32, 3\)"):
        preprocess.notes_recipe(rgb, (32, 32, 3))
    with pytest.raises(ValueError, match=r"shape=\(4, 4\)"):
        preprocess.notes_recipe(np.zeros((4, 4), np.uint8), (28, 28, 1))


def test_the_notes_steps_are_steps_of_every_one_channel_recipe():
    """The page marks them by key: each one it names is a step the app shows."""
    for recipe in (DIGIT, FASHION):
        keys = [step.key for step in prepare(encode(sketch()), recipe).steps]
        assert set(preprocess.NOTES_STEPS) <= set(keys)
        assert keys[-1] == preprocess.NOTES_STEPS[-1] == "scaled"


def test_fashion_steps_have_no_centering_and_resize_with_inter_area():
    prepared = prepare(encode(sketch()), FASHION)
    steps = {step.key: step.image for step in prepared.steps}
    assert "centered" not in steps
    expected = cv2.resize(steps["squared"], (28, 28), interpolation=cv2.INTER_AREA)
    np.testing.assert_array_equal(steps["resized"], expected)


def test_colour_model_keeps_rgb_and_crops_a_centred_square():
    image = np.zeros((60, 100, 3), np.uint8)
    image[:, :, 0] = np.arange(100, dtype=np.uint8)[None, :] * 2
    image[:, 50:, 2] = 200
    prepared = prepare_array(image, PrepSettings((32, 32, 3)))
    assert [step.key for step in prepared.steps] == ["decoded", "squared", "resized", "scaled"]
    assert prepared.steps[1].image.shape == (60, 60, 3)
    assert prepared.model_input.shape == (1, 32, 32, 3)
    assert not prepared.inverted


def test_polarity_detection_and_override():
    paper = cv2.cvtColor(sketch(), cv2.COLOR_BGR2RGB)
    assert preprocess.detect_polarity(paper[..., 0]) == "dark_on_light"
    assert prepare_array(paper, FASHION).inverted
    dataset_like = cv2.bitwise_not(paper)
    assert preprocess.detect_polarity(dataset_like[..., 0]) == "light_on_dark"
    assert not prepare_array(dataset_like, FASHION).inverted
    assert prepare_array(dataset_like, FASHION, invert=True).inverted
    kept = prepare_array(paper, FASHION, invert=False)
    assert not kept.inverted and "inverted" not in [step.key for step in kept.steps]


def test_normalized_background_is_black_and_strokes_white_on_gray_paper():
    prepared = prepare(encode(sketch(paper=175, ink=60)), FASHION)
    normalized = dict((step.key, step.image) for step in prepared.steps)["normalized"]
    assert normalized[3, 3] == 0  # the paper
    assert normalized[50, 80] == 255  # on the top stroke of the 7


def test_digit_photo_in_uneven_light_gets_a_flat_black_background():
    photo = sketch((300, 400), paper=235, ink=40).astype(np.float32)
    light = np.linspace(0.5, 1.0, 400, dtype=np.float32)[None, :, None]  # dark on the left
    data = encode(np.clip(photo * light, 0, 255).astype(np.uint8))
    steps = {step.key: step.image for step in prepare(data, DIGIT).steps}
    normalized = steps["normalized"]
    assert normalized[150, 20] < 20 and normalized[150, 380] < 20  # paper, dark and lit side
    assert normalized[75, 110] > 200 and normalized[75, 290] > 200  # the stroke on both sides


def thick_seven(side: int, pen: int) -> np.ndarray:
    """A '7' in two strokes ``pen`` pixels wide on a white ``side`` square, (H, W) uint8: the
    canvas's drawing (round ends, smoothed edges), its points scaled from the 336-pixel canvas."""
    image = np.full((side, side), 255, np.uint8)
    corner, start, end = ((round(x * side / 336), round(y * side / 336)) for x, y in CORNERS)
    cv2.line(image, corner, start, 0, pen, cv2.LINE_AA)
    cv2.line(image, start, end, 0, pen, cv2.LINE_AA)
    return image


CORNERS = ((80, 70), (250, 70), (140, 280))
"""The 7's top-left end, corner and foot on the 336-pixel canvas."""


@pytest.mark.parametrize(("side", "pen"), [(336, 48), (336, 40), (336, 22), (200, 30), (100, 20)])
def test_thick_strokes_are_kept_by_the_lighting_correction(side, pen):
    """The lighting is measured with a square wider than every stroke: a 48-pixel pen on the
    336-pixel canvas (the slider's widest) fitted the old 43-pixel square, and the 7's top
    bar was taken for paper and subtracted (the model read "1" at 100 %)."""
    steps = {step.key: step.image for step in prepare(encode(thick_seven(side, pen)), DIGIT).steps}
    bar = round(70 * side / 336), round(165 * side / 336)  # the middle of the top bar
    assert steps["normalized"][bar] == 255
    seen = steps["scaled"]
    rows = np.flatnonzero((seen > 0.5).sum(axis=1) >= 8)  # rows crossed by a long bar
    assert rows.size and rows[0] < 10  # the bar, at the top of the digit


def test_a_thick_7_in_uneven_light_keeps_its_bar_and_gets_a_flat_background():
    light = np.linspace(0.5, 1.0, 336, dtype=np.float32)[None, :]  # dark on the left
    photo = np.clip(thick_seven(336, 48) * 0.9 * light + 20, 0, 255).astype(np.uint8)
    normalized = {step.key: step.image for step in prepare(encode(photo), DIGIT).steps}[
        "normalized"
    ]
    assert normalized[200, 20] < 20 and normalized[200, 320] < 20  # paper, dark and lit side
    assert normalized[70, 100] > 200 and normalized[70, 240] > 200  # the bar on both sides


def test_a_small_gif_of_one_thick_bar_is_not_blank():
    """A filled bar 20 pixels wide on a 64-pixel GIF was refused as 'blank: all one colour'."""
    image = np.full((64, 64), 255, np.uint8)
    image[6:58, 22:42] = 0
    data = pillow(Image.fromarray(image), "GIF")
    steps = {step.key: step.image for step in prepare(data, DIGIT).steps}
    assert steps["cropped"].shape == (52, 20)
    assert steps["scaled"].max() == 1.0


def test_crop_ignores_specks_of_noise():
    image = sketch((300, 300))
    for y, x in [(5, 5), (290, 8), (10, 292), (295, 295)]:
        image[y : y + 2, x : x + 2] = 20
    steps = {step.key: step.image for step in prepare(encode(image), FASHION).steps}
    height, width = steps["cropped"].shape
    assert height < 200 and width < 200  # the 7 spans ~165 × ~164 px, the specks 290


def test_digit_fits_the_20_box_and_its_centre_of_mass_is_centred():
    steps = {step.key: step.image for step in prepare(encode(sketch()), DIGIT).steps}
    assert steps["resized"].shape == (20, 20)
    centred = steps["centered"].astype(np.float64)
    ys, xs = np.mgrid[0:28, 0:28]
    mass = centred.sum()
    assert (ys * centred).sum() / mass == pytest.approx(13.5, abs=0.5)
    assert (xs * centred).sum() / mass == pytest.approx(13.5, abs=0.5)
    rows = np.flatnonzero(centred.max(axis=1) > 0)
    assert rows[-1] - rows[0] <= 21


@pytest.mark.parametrize(("config", "length"), [(FASHION, 24), (DIGIT, 18)])
def test_a_10000_by_10_strip_is_padded_to_a_square(config, length):
    strip = np.full((10, 10_000, 3), 250, np.uint8)
    strip[2:8, 3000:7000] = 20
    prepared = prepare(encode(strip), config)
    steps = {step.key: step.image for step in prepared.steps}
    assert steps["cropped"].shape[1] == pytest.approx(4000 * 1024 / 10_000, abs=2)
    assert steps["squared"].shape[0] == steps["squared"].shape[1]
    seen = prepared.model_input[0, :, :, 0]
    assert seen.shape == (28, 28) and seen.max() > 0  # a faint line, as thin as it really is
    line = seen > 0.5 * seen.max()
    rows, cols = np.flatnonzero(line.any(axis=1)), np.flatnonzero(line.any(axis=0))
    assert len(cols) >= length and len(rows) <= 2 and 12 <= rows.mean() <= 15  # centred


def test_bad_arguments_echo_what_was_received():
    with pytest.raises(ValueError, match=r"\(28, 28, 2\)"):
        PrepSettings((28, 28, 2))
    with pytest.raises(ValueError, match="sideways"):
        PrepSettings((28, 28, 1), polarity="sideways")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"float64"):
        prepare_array(np.zeros((8, 8, 3)), FASHION)
    with pytest.raises(ValueError, match=r"\(28, 28, 1\)"):
        prepare_array(np.zeros((8, 8, 3), np.uint8), (28, 28, 1))  # type: ignore[arg-type]


def test_settings_from_a_card_or_a_bare_model():
    card = {"input_shape": [28, 28, 1], "dataset": "mnist", "polarity": "light_on_dark"}
    assert PrepSettings.from_card(card) == PrepSettings((28, 28, 1), "light_on_dark", True)
    fashion = PrepSettings.from_card({"input_shape": [28, 28, 1], "dataset": "fashion_mnist"})
    assert not fashion.center_of_mass and fashion.polarity == preprocess.DEFAULT_POLARITY
    assert not PrepSettings.from_card({"input_shape": [28, 28, 1]}).center_of_mass
    bare = PrepSettings.for_input_shape((32, 32, 3))
    assert bare == PrepSettings((32, 32, 3)) and bare.polarity == "light_on_dark"
    assert not bare.center_of_mass
    # a cache key: hashable, equal settings hash alike, numpy sizes become ints
    shape = tuple(np.int64(size) for size in (28, 28, 1))
    assert hash(PrepSettings(shape)) == hash(FASHION)  # type: ignore[arg-type]
    assert {FASHION: 1}[PrepSettings((28, 28, 1))] == 1


# ---------------------------------------------------------------- shipped model + samples


def shipped(name: str):
    path = REPO_ROOT / "assets" / "models" / f"{name}.keras"
    assert path.is_file(), f"shipped model {path.name} not in assets/models"  # tracked in git
    from cnn_core.catalog import load_model

    card = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return load_model(path), card


def test_shipped_digit_model_reads_every_shipped_digit_sketch():
    from cnn_core.inspection import predict_proba

    model, card = shipped("mnist_digits")
    sketches = sorted((REPO_ROOT / "assets" / "samples" / "sketches").glob("digit_*.jpg"))
    assert len(sketches) == 10
    wrong = {}
    for path in sketches:
        prepared = prepare(path.read_bytes(), PrepSettings.from_card(card))
        predicted = int(np.argmax(predict_proba(model, prepared.model_input)[0]))
        expected = int(path.stem.split("_")[1])
        if predicted != expected:
            wrong[path.name] = predicted
    assert not wrong, wrong


@pytest.mark.parametrize(("side", "pen"), [(336, 48), (200, 30), (100, 20)])
def test_shipped_digit_model_reads_a_7_drawn_with_a_thick_pen(side, pen):
    from cnn_core.inspection import predict_proba

    model, card = shipped("mnist_digits")
    prepared = prepare(encode(thick_seven(side, pen)), PrepSettings.from_card(card))
    probs = predict_proba(model, prepared.model_input)[0]
    assert int(np.argmax(probs)) == 7 and probs[7] > 0.5


FASHION_SAMPLES = {
    "tshirt": "T-shirt/top",
    "trouser": "Trouser",
    "pullover": "Pullover",
    "dress": "Dress",
    "sandal": "Sandal",
    "sneaker": "Sneaker",
    "bag": "Bag",
    "ankle_boot": "Ankle boot",
}


def test_shipped_fashion_model_reads_every_shipped_clothing_sketch_and_photo():
    from cnn_core.inspection import predict_proba

    model, card = shipped("fashion_cnn")
    samples = REPO_ROOT / "assets" / "samples"
    paths = [
        path
        for path in sorted(samples.glob("*/*.jpg"))
        if path.stem.removeprefix("fashion_") in FASHION_SAMPLES
    ]
    assert len(paths) == 12
    wrong = {}
    for path in paths:
        prepared = prepare(path.read_bytes(), PrepSettings.from_card(card))
        probs = predict_proba(model, prepared.model_input)[0]
        predicted = card["class_names"]["en"][int(np.argmax(probs))]
        if predicted != FASHION_SAMPLES[path.stem.removeprefix("fashion_")]:
            wrong[path.name] = predicted
    assert not wrong, wrong


@st.composite
def damaged_files(draw):
    """A small valid file of some format, then cut short and/or with bytes overwritten."""
    ext = draw(st.sampled_from([".png", ".jpg", ".webp", ".bmp", ".gif"]))
    if ext == ".gif":
        data = bytearray(pillow(Image.new("RGB", (23, 17), (200, 30, 30)), "GIF"))
    else:
        data = bytearray(encode(sketch((40, 32)), ext))
    for _ in range(draw(st.integers(0, 4))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))])


@settings(max_examples=150, deadline=None)
@given(damaged_files())
def test_damaged_files_are_refused_or_decoded_never_crash(data):
    try:
        image = decode_image(data)
    except ImageRejected as err:
        assert err.reason in REASONS
    else:
        assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3


@settings(max_examples=150, deadline=None)
@given(
    st.integers(1, 60),
    st.integers(1, 60),
    st.integers(0, 2**32 - 1),
    st.sampled_from([DIGIT, FASHION, PrepSettings((32, 32, 3))]),
    st.sampled_from([None, True, False]),
)
def test_any_image_gives_the_model_input_or_blank(height, width, seed, config, invert):
    rng = np.random.default_rng(seed)
    image = np.full((height, width, 3), rng.integers(0, 256), np.uint8)
    if rng.random() < 0.8:  # a random block of another colour
        top, left = rng.integers(0, height), rng.integers(0, width)
        image[top : top + rng.integers(1, height + 1), left : left + rng.integers(1, width + 1)] = (
            rng.integers(0, 256, 3)
        )
    try:
        prepared = prepare_array(image, config, invert=invert)
    except ImageRejected as err:
        assert err.reason == "blank"
    else:
        height, width, channels = config.input_shape
        assert prepared.model_input.shape == (1, height, width, channels)
        assert np.isfinite(prepared.model_input).all()
        assert prepared.model_input.min() >= 0.0 and prepared.model_input.max() <= 1.0
