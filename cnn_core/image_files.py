"""Uploaded image files: header checks before decoding, then a safe decode to RGB.

* :func:`read_header` reads the size and format from the first bytes (PNG, JPEG,
  GIF, WebP, BMP) without decoding, so a decompression bomb is refused before a
  single pixel buffer is allocated.
* :func:`decode_image` decodes with OpenCV into an ``(H, W, 3)`` RGB ``uint8``
  image no larger than :data:`WORK_SIDE` on its longer side (large JPEGs are
  decoded at 1/2, 1/4 or 1/8 scale directly by libjpeg, which keeps a 12-megapixel
  photo fast).

Importing this module turns OpenCV's own log off, for the whole process: it wrote
a line about each damaged file on every try ("PNG input buffer is incomplete"),
and the app words each refusal itself.

Animated images (GIF, APNG, animated WebP) are refused with reason ``"animated"``:
the model would see only one frame and the user could not tell which.
The EXIF orientation a phone or an editor writes is honoured in every format that
carries one (JPEG, PNG, WebP): :func:`orientation`, :func:`original_size`.
Bad input raises :class:`ImageRejected` with a short reason code and the numbers
behind it (what was received, the limits); the page words them in its language.
:mod:`cnn_core.preprocess` turns the decoded image into a model's input.
"""

from __future__ import annotations

import math
import struct
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_SILENT)

FORMATS = ("PNG", "JPEG", "WebP", "BMP", "GIF")
"""The formats :func:`decode_image` takes, as the pages name them."""
MAX_BYTES = 30 * 1024 * 1024
"""Largest accepted file, in bytes."""
MAX_SIDE = 10_000
"""Largest accepted width or height, in pixels."""
MAX_MEGAPIXELS = 51.0
"""Largest accepted width × height, in megapixels: a phone's largest photos pass
(48 MP, 8000 × 6000; 50 MP, 8160 × 6120 and 8192 × 6144 = 50.3 MP). What decoding
them costs: :func:`decode_image`."""
DEEP_MEGAPIXELS = MAX_MEGAPIXELS / 2
"""Largest accepted width × height of a 16-bit PNG: its samples take twice the bytes, so
at this size it holds as many bytes as an 8-bit image with as many channels at
:data:`MAX_MEGAPIXELS`. A 16-bit RGBA PNG of 49 megapixels (431 KB) took the server
9 s and 740 MB; at 25.5 megapixels, 1.6 s and 390 MB (:func:`decode_image`)."""
MIN_SIDE = 8
"""An image whose longer side is shorter than this is refused as too small."""
WORK_SIDE = 1024
"""Decoded images are shrunk (``INTER_AREA``) to at most this many pixels per side."""
BAND_PIXELS = 2**16
"""OpenCV's full-size image is converted to RGB this many pixels at a time (:func:`_to_rgb`)."""
REASONS = (
    "empty",
    "not_image",
    "truncated",
    "too_large",
    "too_small",
    "animated",
    "unsupported",
    "blank",
)
"""Why an image is refused (``"blank"`` comes from :mod:`cnn_core.preprocess`)."""


class ImageRejected(ValueError):
    """An uploaded image the app will not use.

    Attributes:
        reason: one of :data:`REASONS`; the page translates it.
        details: what was received (``bytes``, ``width``, ``height``,
            ``megapixels``, ``format`` ...) as plain numbers and codes, never
            sentences: the page words them in its language. A ``"too_large"``
            refusal also holds the limits (``max_side``, ``max_megapixels``,
            ``max_megabytes``), ``megabytes`` (the file's size, when the file is
            what is too large) or ``width``, ``height`` and ``megapixels`` (when
            the picture is), and ``size``, those numbers as a short English note
            for logs and notebooks (``"20,000 × 20,000 px, 400 MP"``, ``"31.5 MB"``).
    """

    def __init__(self, reason: str, **details: Any) -> None:
        self.reason = reason
        self.details = details
        super().__init__(f"image rejected ({reason}): {details}")


# --------------------------------------------------------------------- header


def read_header(data: bytes) -> tuple[int, int, str]:
    """Read ``(width, height, format)`` from the file's header, without decoding.

    Checks the limits (:data:`MAX_BYTES`, :data:`MAX_SIDE`, :data:`MAX_MEGAPIXELS`,
    :data:`DEEP_MEGAPIXELS` for a 16-bit PNG, :data:`MIN_SIDE`) and refuses animated
    images.

    Args:
        data: the whole file.

    Returns:
        Width and height in pixels (before any EXIF rotation) and the format:
        ``"png"``, ``"jpeg"``, ``"gif"``, ``"webp"`` or ``"bmp"``.

    Raises:
        ImageRejected: reason ``"empty"``, ``"not_image"``, ``"unsupported"``,
            ``"truncated"``, ``"too_large"``, ``"too_small"`` or ``"animated"``.
    """
    if not data:
        raise ImageRejected("empty", bytes=0)
    if len(data) > MAX_BYTES:
        megabytes = math.ceil(len(data) * 10 / 2**20) / 10  # rounded up: never "30 MB > 30 MB"
        raise ImageRejected(
            "too_large", bytes=len(data), megabytes=megabytes, size=f"{megabytes:g} MB", **_limits()
        )
    fmt = _sniff(data)
    if not fmt:
        other = _other_format(data)
        if other:
            raise ImageRejected("unsupported", bytes=len(data), format=other)
        raise ImageRejected("not_image", bytes=len(data))
    try:
        width, height, frames = _PARSERS[fmt](data)
    except (struct.error, IndexError) as err:
        raise ImageRejected("truncated", bytes=len(data), format=fmt.upper()) from err
    megapixels = round(width * height / 1e6, 2)
    sizes = {"bytes": len(data), "width": width, "height": height, "megapixels": megapixels}
    deep = fmt == "png" and data[24:25] == b"\x10"  # IHDR's bit depth: 16
    if width > MAX_SIDE or height > MAX_SIDE or megapixels > MAX_MEGAPIXELS:
        size = f"{width:,} × {height:,} px, {megapixels:g} MP"
        raise ImageRejected("too_large", **sizes, size=size, **_limits())
    if deep and megapixels > DEEP_MEGAPIXELS:
        size = f"{width:,} × {height:,} px, {megapixels:g} MP, 16-bit"
        limits = {**_limits(), "max_megapixels": DEEP_MEGAPIXELS}
        raise ImageRejected("too_large", **sizes, size=size, bits=16, **limits)
    if max(width, height) < MIN_SIDE or min(width, height) < 1:
        raise ImageRejected("too_small", **sizes, min_side=MIN_SIDE)
    if frames > 1:
        raise ImageRejected("animated", **sizes, format=fmt.upper())
    return width, height, fmt


def original_size(data: bytes) -> tuple[int, int]:
    """``(H, W)`` of the picture in the file as it is meant to be seen (its EXIF
    orientation applied), from the header alone: what :func:`decode_image` gives before
    it shrinks the picture to :data:`WORK_SIDE`.

    Raises:
        ImageRejected: see :func:`read_header`.
    """
    width, height, fmt = read_header(data)
    return (width, height) if orientation(data, fmt) >= 5 else (height, width)


def orientation(data: bytes, fmt: str) -> int:
    """The EXIF orientation of the file (1 to 8; 1, upright, when it has none, or a
    damaged one): JPEG's APP1 segment, PNG's ``eXIf`` chunk, WebP's ``EXIF`` chunk.

    Args:
        data: the whole file.
        fmt: its format, as :func:`read_header` names it.
    """
    finder = {"jpeg": _jpeg_exif, "png": _png_exif, "webp": _webp_exif}.get(fmt)
    try:
        return _exif_orientation(finder(data)) if finder else 1
    except (struct.error, IndexError):
        return 1


def _exif_orientation(tiff: bytes) -> int:
    """Tag 0x0112 of the first image directory of an EXIF block (a TIFF header and its
    directories, after an optional ``Exif\0\0``); 1 when it is not there."""
    tiff = tiff.removeprefix(b"Exif\0\0")
    order = {b"II": "<", b"MM": ">"}.get(tiff[:2])
    if order is None:
        return 1
    (directory,) = struct.unpack(order + "I", tiff[4:8])
    (count,) = struct.unpack(order + "H", tiff[directory : directory + 2])
    for start in range(directory + 2, directory + 2 + 12 * count, 12):
        tag, kind = struct.unpack(order + "HH", tiff[start : start + 4])
        if tag == 0x0112 and kind == 3:  # a SHORT
            (value,) = struct.unpack(order + "H", tiff[start + 8 : start + 10])
            return value if 1 <= value <= 8 else 1
    return 1


def _jpeg_exif(data: bytes) -> bytes:
    offset = 2
    while offset + 4 <= len(data) and data[offset] == 0xFF:
        marker = data[offset + 1]
        if marker in (0xD9, 0xDA):  # end of image, start of scan
            break
        (length,) = struct.unpack(">H", data[offset + 2 : offset + 4])
        if marker == 0xE1 and data[offset + 4 : offset + 10] == b"Exif\0\0":
            return data[offset + 4 : offset + 2 + length]
        offset += 2 + length
    return b""


def _png_exif(data: bytes) -> bytes:
    offset = 8
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"eXIf":
            return data[offset + 8 : offset + 8 + length]
        if kind == b"IEND":
            break
        offset += 12 + length
    return b""


def _webp_exif(data: bytes) -> bytes:
    offset = 12
    while offset + 8 <= len(data):
        kind, length = struct.unpack("<4sI", data[offset : offset + 8])
        if kind == b"EXIF":
            return data[offset + 8 : offset + 8 + length]
        offset += 8 + length + (length & 1)  # chunks are padded to an even size
    return b""


def _limits() -> dict[str, Any]:
    """The limits a ``"too_large"`` refusal reports (read now: a test may lower them)."""
    return {
        "max_side": MAX_SIDE,
        "max_megapixels": MAX_MEGAPIXELS,
        "max_megabytes": MAX_BYTES // 2**20,
    }


def _sniff(data: bytes) -> str:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8"):
        return "jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"BM"):
        return "bmp"
    return ""


def _other_format(data: bytes) -> str:
    """Name image formats the app knows but does not accept (HEIC from iPhones, TIFF),
    in upper case as the ``format`` of the other refusals: ``"TIFF"``, ``"HEIC/AVIF"``."""
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return "HEIC/AVIF"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "TIFF"
    return ""


def _png(data: bytes) -> tuple[int, int, int]:
    if data[12:16] != b"IHDR":
        raise IndexError("PNG without IHDR")
    width, height = struct.unpack(">II", data[16:24])
    frames = 1
    offset = 8
    while offset + 8 <= len(data):  # walk the chunks up to the image data (cheap)
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        if kind == b"acTL":
            frames = struct.unpack(">I", data[offset + 8 : offset + 12])[0]
        if kind in (b"IDAT", b"IEND"):
            break
        offset += 12 + length
    return width, height, frames


_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(data: bytes) -> tuple[int, int, int]:
    offset = 2
    while True:
        while data[offset] != 0xFF:  # tolerate junk between segments
            offset += 1
        while data[offset] == 0xFF:  # fill bytes
            offset += 1
        marker = data[offset]
        offset += 1
        if marker in (0x01, *range(0xD0, 0xD8)):  # no length
            continue
        if marker in (0xD9, 0xDA):  # end of image / start of scan before any frame
            raise IndexError("JPEG without a frame header")
        length = struct.unpack(">H", data[offset : offset + 2])[0]
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", data[offset + 3 : offset + 7])
            return width, height, 1
        offset += length


def _gif(data: bytes) -> tuple[int, int, int]:
    width, height, flags = struct.unpack("<HHB", data[6:11])
    offset = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = 0
    while frames < 2:
        block = data[offset]
        if block == 0x3B:  # trailer
            break
        if block == 0x21:  # extension: label, then sub-blocks
            offset = _skip_sub_blocks(data, offset + 2)
        elif block == 0x2C:  # image descriptor
            frames += 1
            local = data[offset + 9]
            offset += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0)
            offset = _skip_sub_blocks(data, offset + 1)  # after the LZW code size
        else:
            raise IndexError(f"unknown GIF block {block:#x}")
    return width, height, max(frames, 1)


def _skip_sub_blocks(data: bytes, offset: int) -> int:
    while (size := data[offset]) != 0:
        offset += size + 1
    return offset + 1


def _webp(data: bytes) -> tuple[int, int, int]:
    kind = data[12:16]
    if kind == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF, 1
    if kind == b"VP8L":
        bits = struct.unpack("<I", data[21:25])[0]
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, 1
    if kind == b"VP8X":
        animated = data[20] & 0x02
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        if len(data) < 30:
            raise IndexError("short VP8X chunk")
        return width, height, 2 if animated else 1
    raise IndexError(f"unknown WebP chunk {kind!r}")


def _bmp(data: bytes) -> tuple[int, int, int]:
    header_size = struct.unpack("<I", data[14:18])[0]
    if header_size == 12:  # OS/2 core header
        width, height = struct.unpack("<HH", data[18:22])
    else:
        width, height = struct.unpack("<ii", data[18:26])
    return abs(width), abs(height), 1  # a negative height means top-down rows


_PARSERS = {"png": _png, "jpeg": _jpeg, "gif": _gif, "webp": _webp, "bmp": _bmp}


# --------------------------------------------------------------------- decode


def decode_image(data: bytes, *, max_side: int = WORK_SIDE) -> NDArray[np.uint8]:
    """Decode an uploaded file into an RGB image, limits checked first.

    JPEGs are decoded with ``IMREAD_COLOR`` (or ``IMREAD_REDUCED_COLOR_2/4/8``
    when large), which applies the EXIF orientation and converts grayscale and
    CMYK. Other formats use ``IMREAD_UNCHANGED`` so that alpha is seen (flattened
    onto white) and 16-bit samples are scaled by 255/65535 (not divided by 255);
    it ignores the EXIF orientation, which is applied here (:func:`orientation`).
    Memory: twice the full-size image while OpenCV decodes it (up to 8 bytes per
    pixel), then that image, its 3-byte-per-pixel RGB copy and a few MB of float
    rows (:func:`_to_rgb`). Measured on 50.3 megapixels (8192 × 6144, peak RSS above
    the process's before): a 16-bit RGBA PNG 770 MB, an 8-bit RGB PNG 290 MB, a JPEG
    7 MB (decoded at 1/8; 150 MB when progressive). At 40 MP: 610, 230, 6 and 120 MB.
    A 16-bit PNG is refused above :data:`DEEP_MEGAPIXELS`: the worst one taken, a
    16-bit RGBA PNG of 25.5 MP, 390 MB.

    Args:
        data: the whole file.
        max_side: the result is shrunk with ``INTER_AREA`` to at most this many
            pixels on its longer side (a large JPEG may come out between 3/4 of
            it and it, straight from libjpeg's reduced decoding).

    Returns:
        ``(H, W, 3)`` ``uint8`` RGB.

    Raises:
        ImageRejected: see :func:`read_header`; ``"truncated"`` when OpenCV cannot
            decode a file whose header was valid.
    """
    width, height, fmt = read_header(data)
    buffer = np.frombuffer(data, dtype=np.uint8)
    flag = _jpeg_flag(max(width, height), max_side) if fmt == "jpeg" else cv2.IMREAD_UNCHANGED
    try:
        image = cv2.imdecode(buffer, flag)
    except cv2.error:  # some decoders raise on damaged data instead of returning None
        image = None
    if image is not None:
        image = cv2.cvtColor(image, cv2.COLOR_BGR2RGB) if fmt == "jpeg" else _to_rgb(image)
    if image is None:
        raise ImageRejected(
            "truncated", bytes=len(data), format=fmt.upper(), width=width, height=height
        )
    image = shrink(image, max_side)
    return image if fmt == "jpeg" else _oriented(image, orientation(data, fmt))


def _oriented(image: NDArray[np.uint8], code: int) -> NDArray[np.uint8]:
    """``image`` turned and mirrored as EXIF orientation ``code`` (1 to 8) asks."""
    if code in (5, 7):  # mirrored across a diagonal
        image = cv2.transpose(image)
    if code in _TURNS:
        image = cv2.rotate(image, _TURNS[code])
    if code in (2, 4):  # mirrored left to right, top to bottom
        image = cv2.flip(image, 1 if code == 2 else 0)
    return image


_TURNS = {
    3: cv2.ROTATE_180,
    6: cv2.ROTATE_90_CLOCKWISE,
    7: cv2.ROTATE_180,  # after the transpose
    8: cv2.ROTATE_90_COUNTERCLOCKWISE,
}


def _jpeg_flag(longer_side: int, max_side: int) -> int:
    """The largest libjpeg reduction (1/8, 1/4, 1/2) keeping at least 3/4 of ``max_side``.

    A 4000 × 3000 photo is decoded straight to 1000 × 750 (``IMREAD_REDUCED_COLOR_4``),
    which is several times faster than decoding 12 megapixels and shrinking them.
    The ``IMREAD_REDUCED_COLOR_*`` and ``IMREAD_COLOR`` flags give BGR.
    """
    for factor, flag in (
        (8, cv2.IMREAD_REDUCED_COLOR_8),
        (4, cv2.IMREAD_REDUCED_COLOR_4),
        (2, cv2.IMREAD_REDUCED_COLOR_2),
    ):
        if longer_side / factor >= 0.75 * max_side:
            return flag
    return cv2.IMREAD_COLOR


def _to_rgb(image: NDArray) -> NDArray[np.uint8]:
    """OpenCV's ``IMREAD_UNCHANGED`` result -> ``(H, W, 3)`` RGB ``uint8`` of the same size.

    Converted :data:`BAND_PIXELS` pixels (whole rows) at a time, so the float copies
    that scaling and alpha need stay a few MB: whole, a 40-megapixel RGBA image
    took 2 GB of them.
    """
    rows = max(1, BAND_PIXELS // image.shape[1])
    rgb = np.empty((*image.shape[:2], 3), np.uint8)
    for top in range(0, image.shape[0], rows):
        rgb[top : top + rows] = _band_to_rgb(image[top : top + rows])
    return rgb


def _band_to_rgb(image: NDArray) -> NDArray[np.uint8]:
    """Gray, gray + alpha, BGR or BGRA (8 or 16 bit) -> RGB uint8; alpha flattened onto white."""
    if image.dtype != np.uint8:
        peak = float(np.iinfo(image.dtype).max) if image.dtype.kind in "ui" else 1.0
        image = np.clip(image.astype(np.float32) * (255.0 / peak) + 0.5, 0, 255).astype(np.uint8)
    if image.ndim == 2:
        return cv2.cvtColor(image, cv2.COLOR_GRAY2RGB)
    if image.shape[2] == 4:
        color = image[:, :, :3].astype(np.float32)
        alpha = image[:, :, 3:].astype(np.float32) / 255.0
        flat = color * alpha + 255.0 * (1.0 - alpha)  # flatten onto white paper
        return cv2.cvtColor(np.clip(flat + 0.5, 0, 255).astype(np.uint8), cv2.COLOR_BGR2RGB)
    if image.shape[2] == 2:  # gray + alpha
        gray = image[:, :, 0].astype(np.float32)
        alpha = image[:, :, 1].astype(np.float32) / 255.0
        flat = np.clip(gray * alpha + 255.0 * (1.0 - alpha) + 0.5, 0, 255).astype(np.uint8)
        return cv2.cvtColor(flat, cv2.COLOR_GRAY2RGB)
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def shrink(image: NDArray[np.uint8], max_side: int) -> NDArray[np.uint8]:
    """``image`` shrunk with ``INTER_AREA`` to at most ``max_side`` per side (never enlarged)."""
    height, width = image.shape[:2]
    scale = max_side / max(height, width)
    if scale >= 1:
        return np.ascontiguousarray(image)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)
