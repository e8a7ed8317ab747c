"""Uploaded bytes -> validated image -> model input, with every step kept.

The seed's recipe (OpenCV grayscale -> ``bitwise_not`` -> ``INTER_AREA`` resize ->
``/255``) made robust for what students actually upload: phone photos with EXIF
rotation, transparent PNGs, 16-bit scans, CMYK JPEGs, sketches on grey paper.

* :func:`read_header` reads the size and format from the first bytes (PNG, JPEG,
  GIF, WebP, BMP) without decoding, so a decompression bomb is refused before a
  single pixel buffer is allocated.
* :func:`decode_image` decodes with OpenCV into an ``(H, W, 3)`` RGB ``uint8``
  image no larger than :data:`WORK_SIDE` on its longer side (large JPEGs are
  decoded at 1/2, 1/4 or 1/8 scale directly by libjpeg, which keeps a 12-megapixel
  photo fast).
* :func:`prepare` / :func:`prepare_array` run the steps and return every
  intermediate image in :class:`Prepared`; the last step is what the model sees.

Animated images (GIF, APNG, animated WebP) are refused with reason ``"animated"``:
the model would see only one frame and the user could not tell which.
Bad input raises :class:`ImageRejected` with a short reason code the page translates.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

MAX_BYTES = 30 * 1024 * 1024
"""Largest accepted file, in bytes."""
MAX_SIDE = 10_000
"""Largest accepted width or height, in pixels."""
MAX_MEGAPIXELS = 40.0
"""Largest accepted width × height, in megapixels."""
MIN_SIDE = 8
"""An image whose longer side is shorter than this is refused as too small."""
WORK_SIDE = 1024
"""Decoded images are shrunk (``INTER_AREA``) to at most this many pixels per side."""
BLANK_RANGE = 24
"""An image whose gray levels span less than this (out of 255) is blank."""
FLATTEN_MIN_SIDE = 64
"""Images with a shorter side below this skip the lighting correction of digit strokes."""
MASK_SIDE = 256
"""The content mask for cropping is computed at most this large (then scaled back)."""
DIGIT_BOX = 20 / 28
"""MNIST digits fit a 20×20 box inside the 28×28 image (LeCun et al.)."""
MARGIN = 1 / 28
"""Margin on each side of a non-digit object, as a fraction of the square's side."""
LIMITS = f"{MAX_SIDE:,} px per side, {MAX_MEGAPIXELS:g} MP, {MAX_BYTES // 2**20} MB"
"""The limits above, as the rejection messages show them."""
POLARITIES = ("light_on_dark", "dark_on_light")
DIGIT_DATASETS = frozenset({"mnist"})
"""Datasets whose images were centred by centre of mass (see :func:`card_settings`)."""
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


class ImageRejected(ValueError):
    """An uploaded image the app will not use.

    Attributes:
        reason: one of :data:`REASONS`; the page translates it.
        details: what was received (``bytes``, ``width``, ``height``,
            ``megapixels``, ``format``, ``size`` ...); every field the reason's
            message ``predict.reason.<reason>`` uses is there.
    """

    def __init__(self, reason: str, **details: Any) -> None:
        self.reason = reason
        self.details = details
        super().__init__(f"image rejected ({reason}): {details}")


@dataclass(frozen=True)
class Step:
    """One preprocessing step.

    Attributes:
        key: translation-key suffix: ``"decoded"``, ``"grayscale"``, ``"inverted"``,
            ``"normalized"``, ``"cropped"``, ``"squared"``, ``"resized"``,
            ``"centered"`` or ``"scaled"``.
        image: ``(H, W)`` or ``(H, W, 3)``; ``uint8`` except the last step,
            ``"scaled"``, which is ``float32`` in [0, 1].
    """

    key: str
    image: NDArray = field(repr=False)


@dataclass(frozen=True)
class Prepared:
    """The result of :func:`prepare`.

    Attributes:
        steps: every step in order; the last one is what the model sees.
        model_input: ``(1, H, W, C)`` ``float32`` in [0, 1].
        inverted: whether ``cv2.bitwise_not`` was applied.
    """

    steps: tuple[Step, ...]
    model_input: NDArray = field(repr=False)
    inverted: bool


# --------------------------------------------------------------------- header


def read_header(data: bytes) -> tuple[int, int, str]:
    """Read ``(width, height, format)`` from the file's header, without decoding.

    Checks the limits (:data:`MAX_BYTES`, :data:`MAX_SIDE`, :data:`MAX_MEGAPIXELS`,
    :data:`MIN_SIDE`) and refuses animated images.

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
        raise ImageRejected(
            "too_large", bytes=len(data), size=f"{len(data) / 2**20:.1f} MB", limit=LIMITS
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
    if width > MAX_SIDE or height > MAX_SIDE or megapixels > MAX_MEGAPIXELS:
        size = f"{width:,} × {height:,} px, {megapixels:g} MP"
        raise ImageRejected("too_large", **sizes, size=size, limit=LIMITS)
    if max(width, height) < MIN_SIDE or min(width, height) < 1:
        raise ImageRejected("too_small", **sizes, min_side=MIN_SIDE)
    if frames > 1:
        raise ImageRejected("animated", **sizes, format=fmt.upper())
    return width, height, fmt


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
    """Name image formats the app knows but does not accept (HEIC from iPhones, TIFF)."""
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"avif"):
        return "heic/avif"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
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
    onto white) and 16-bit samples are scaled by 255/65535 (not divided by 255).

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
    return _shrink(image, max_side)


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
    """OpenCV's ``IMREAD_UNCHANGED`` result (gray, BGR or BGRA; 8 or 16 bit) -> RGB uint8."""
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


def _shrink(image: NDArray[np.uint8], max_side: int) -> NDArray[np.uint8]:
    height, width = image.shape[:2]
    scale = max_side / max(height, width)
    if scale >= 1:
        return np.ascontiguousarray(image)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA)


# --------------------------------------------------------------------- steps


def card_settings(card: Mapping[str, Any]) -> dict[str, Any]:
    """The :func:`prepare` keyword arguments a model card asks for.

    Args:
        card: a model card (see :mod:`cnn_core.catalog`); ``polarity`` defaults to
            ``"light_on_dark"``.

    Returns:
        ``{"input_shape": (H, W, C), "polarity": str, "center_of_mass": bool}``.
    """
    height, width, channels = card["input_shape"]
    return {
        "input_shape": (int(height), int(width), int(channels)),
        "polarity": str(card.get("polarity", "light_on_dark")),
        "center_of_mass": card.get("dataset") in DIGIT_DATASETS,
    }


def prepare(
    data: bytes,
    *,
    input_shape: tuple[int, int, int],
    polarity: str = "light_on_dark",
    invert: bool | None = None,
    center_of_mass: bool = False,
) -> Prepared:
    """Turn an uploaded file into the model's input, keeping every step.

    Args:
        data: the whole file (PNG, JPEG, GIF, WebP or BMP).
        input_shape: ``(H, W, C)`` the model expects (from its card); ``C`` is 1 or 3.
        polarity: how the model's training images look (card field ``polarity``):
            ``"light_on_dark"`` (MNIST, Fashion-MNIST) or ``"dark_on_light"``.
        invert: ``None`` detects the upload's polarity and inverts when it differs
            from ``polarity``; ``True`` / ``False`` force it.
        center_of_mass: place the object as MNIST digits were: fit a 20×20 box
            (for 28×28) and shift its centre of mass to the centre.

    Returns:
        The steps and the ``(1, H, W, C)`` ``float32`` model input in [0, 1].

    Raises:
        ImageRejected: the file is refused (see :func:`decode_image`), or it is
            blank (reason ``"blank"``).
        ValueError: ``input_shape`` or ``polarity`` is invalid.
    """
    return prepare_array(
        decode_image(data),
        input_shape=input_shape,
        polarity=polarity,
        invert=invert,
        center_of_mass=center_of_mass,
    )


def prepare_array(
    image: NDArray[np.uint8],
    *,
    input_shape: tuple[int, int, int],
    polarity: str = "light_on_dark",
    invert: bool | None = None,
    center_of_mass: bool = False,
) -> Prepared:
    """Like :func:`prepare`, from an already decoded ``(H, W, 3)`` RGB ``uint8`` image.

    One-channel models: decoded -> grayscale -> [inverted] -> normalized ->
    cropped -> squared -> resized -> [centered] -> scaled. Colour models:
    decoded -> [inverted] -> squared (centre crop) -> resized -> scaled.
    "normalized" sets the background to 0 and the strokes to 255 (digit strokes
    are first freed of uneven lighting); "cropped" is the content's bounding box;
    "squared" pads it with a margin (none for digits, which are resized into the
    20×20 box and then "centered" by centre of mass in the full frame).

    Raises:
        ImageRejected: reason ``"blank"`` when the image holds nothing to see.
        ValueError: bad ``image``, ``input_shape`` or ``polarity`` (message echoes it).
    """
    height, width, channels = _check_args(image, input_shape, polarity)
    steps = [Step("decoded", image)]
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    if int(gray.max()) - int(gray.min()) < BLANK_RANGE:
        raise ImageRejected("blank", mean=round(float(gray.mean()), 1))
    if channels == 1:
        steps.append(Step("grayscale", gray))
    if invert is None:
        invert = channels == 1 and detect_polarity(gray) != polarity
    work = gray if channels == 1 else image
    if invert:
        work = cv2.bitwise_not(work)
        steps.append(Step("inverted", work))
    if channels == 3:
        steps.append(Step("squared", _center_square(work)))
        work = cv2.resize(steps[-1].image, (width, height), interpolation=cv2.INTER_AREA)
        steps.append(Step("resized", work))
    else:
        # Levels and geometry work on light strokes over black; an image that is still
        # dark on light (a kept paper sketch, a dark_on_light model) is flipped there and back.
        view = cv2.bitwise_not if detect_polarity(work) == "dark_on_light" else _same
        work = _normalize(view(work), strokes=center_of_mass)
        steps.append(Step("normalized", view(work)))
        work = _crop_to_content(work)
        steps.append(Step("cropped", view(work)))
        work = _pad_square(work, 0.0 if center_of_mass else MARGIN)
        steps.append(Step("squared", view(work)))
        if center_of_mass:
            box = (max(1, round(width * DIGIT_BOX)), max(1, round(height * DIGIT_BOX)))
            work = cv2.resize(work, box, interpolation=cv2.INTER_AREA)
            steps.append(Step("resized", view(work)))
            work = _center_by_mass(work, (height, width))
            steps.append(Step("centered", view(work)))
        else:
            work = cv2.resize(work, (width, height), interpolation=cv2.INTER_AREA)
            steps.append(Step("resized", view(work)))
        work = view(work)
    scaled = work.astype(np.float32) / 255.0
    steps.append(Step("scaled", scaled))
    model_input = scaled.reshape(1, height, width, channels)
    return Prepared(steps=tuple(steps), model_input=model_input, inverted=bool(invert))


def _same(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return image


def _check_args(
    image: NDArray, input_shape: tuple[int, int, int], polarity: str
) -> tuple[int, int, int]:
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(
            f"image must be (H, W, 3) uint8 RGB, got shape={image.shape} dtype={image.dtype}"
        )
    if len(input_shape) != 3 or input_shape[2] not in (1, 3) or min(input_shape[:2]) < 1:
        raise ValueError(f"input_shape must be (H, W, 1 or 3), got {input_shape!r}")
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES}, got {polarity!r}")
    return int(input_shape[0]), int(input_shape[1]), int(input_shape[2])


def detect_polarity(gray: NDArray[np.uint8]) -> str:
    """Guess whether a gray image is light-on-dark or dark-on-light.

    The background is what touches the border: a border median lighter than the
    image's middle gray means light paper with dark strokes.

    Args:
        gray: ``(H, W)`` ``uint8``.

    Returns:
        ``"light_on_dark"`` or ``"dark_on_light"``.
    """
    middle = (int(gray.min()) + int(gray.max())) / 2
    return "dark_on_light" if float(np.median(_border(gray))) > middle else "light_on_dark"


def _normalize(gray: NDArray[np.uint8], *, strokes: bool = False) -> NDArray[np.uint8]:
    """Stretch the levels of light strokes on a dark background: background -> 0, strokes -> 255.

    A phone photo of paper is never pure white, so after inversion its background
    is gray; the datasets' background is exactly 0. The background level is the
    border median; the stroke level is the 90th percentile of the pixels brighter
    than halfway between the background and the maximum.

    With ``strokes`` (pen strokes such as digits, thinner than 1/8 of the image),
    uneven lighting is removed first. The local background is the opening by a
    square wider than a stroke (the strokes vanish); on paper, the stroke's darkness
    relative to the paper around it is ``(gray - background) / (255 - background)``
    (for inverted paper, ``255 - background`` is the paper's brightness), so a
    stroke in a shadow is as strong as one in the light. Filled objects (clothing)
    would be erased by the opening, so they skip this, and so do images shorter
    than :data:`FLATTEN_MIN_SIDE` (a strip, a 28 × 28 scan: no lighting to undo).
    """
    if strokes and min(gray.shape) >= FLATTEN_MIN_SIDE:
        side = max(15, min(gray.shape) // 8) | 1
        square = cv2.getStructuringElement(cv2.MORPH_RECT, (side, side))  # separable: fast
        background = cv2.morphologyEx(gray, cv2.MORPH_OPEN, square)
        # uint8 OpenCV arithmetic (saturating, rounded; x / 0 gives 0): several times
        # faster than float numpy on a 1000 × 750 photo
        gray = cv2.divide(cv2.subtract(gray, background), cv2.bitwise_not(background), scale=255)
    low = float(np.median(_border(gray)))
    bright = gray[gray > (low + float(gray.max())) / 2]
    high = float(np.percentile(bright, 90)) if bright.size else low
    if high - low < BLANK_RANGE:
        raise ImageRejected("blank", mean=round(float(gray.mean()), 1))
    levels = (np.arange(256, dtype=np.float32) - low) * (255.0 / (high - low))
    return cv2.LUT(gray, np.clip(levels + 0.5, 0, 255).astype(np.uint8))


def _border(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The pixels of the outer 5 % frame of ``gray``."""
    band = max(1, round(min(gray.shape) * 0.05))
    return np.concatenate(
        [gray[:band].ravel(), gray[-band:].ravel(), gray[:, :band].ravel(), gray[:, -band:].ravel()]
    )


def _crop_to_content(gray: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """Crop to the bounding box of the content (Otsu threshold, specks ignored).

    The mask is computed on a copy shrunk to at most :data:`MASK_SIDE` pixels (fast
    on grainy photos); connected components smaller than 2 % of the largest one are
    treated as noise. The box is scaled back, rounded outwards.
    """
    scale = max(1.0, max(gray.shape) / MASK_SIDE)
    small = _shrink(gray, MASK_SIDE)
    blurred = cv2.GaussianBlur(small, (3, 3), 0)
    _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count <= 1:
        raise ImageRejected("blank", mean=round(float(gray.mean()), 1))
    areas = stats[1:, cv2.CC_STAT_AREA]
    kept = stats[1:][areas >= 0.02 * areas.max()]
    left = int(kept[:, cv2.CC_STAT_LEFT].min() * scale)
    top = int(kept[:, cv2.CC_STAT_TOP].min() * scale)
    right = math.ceil((kept[:, cv2.CC_STAT_LEFT] + kept[:, cv2.CC_STAT_WIDTH]).max() * scale)
    bottom = math.ceil((kept[:, cv2.CC_STAT_TOP] + kept[:, cv2.CC_STAT_HEIGHT]).max() * scale)
    return gray[top:bottom, left:right]


def _pad_square(image: NDArray[np.uint8], margin: float) -> NDArray[np.uint8]:
    """Pad with black to a square, the object centred, ``margin`` of the side on each side."""
    height, width = image.shape[:2]
    side = max(height, width)
    side = max(side + 2, round(side / (1 - 2 * margin))) if margin else side
    top, left = (side - height) // 2, (side - width) // 2
    return cv2.copyMakeBorder(
        image, top, side - height - top, left, side - width - left, cv2.BORDER_CONSTANT, value=0
    )


def _center_square(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    """The largest centred square of a colour photo (CIFAR-style framing)."""
    height, width = image.shape[:2]
    side = min(height, width)
    top, left = (height - side) // 2, (width - side) // 2
    return image[top : top + side, left : left + side]


def _center_by_mass(box: NDArray[np.uint8], size: tuple[int, int]) -> NDArray[np.uint8]:
    """Paste ``box`` into a black ``size`` canvas with its centre of mass at the centre."""
    height, width = size
    moments = cv2.moments(box, binaryImage=False)
    box_h, box_w = box.shape
    if moments["m00"] > 0:
        mass_y, mass_x = moments["m01"] / moments["m00"], moments["m10"] / moments["m00"]
    else:
        mass_y, mass_x = (box_h - 1) / 2, (box_w - 1) / 2
    shift = np.float32([[1, 0, (width - 1) / 2 - mass_x], [0, 1, (height - 1) / 2 - mass_y]])
    return cv2.warpAffine(box, shift, (width, height), flags=cv2.INTER_LINEAR, borderValue=0)


def to_uint8(image: NDArray) -> NDArray[np.uint8]:
    """``image`` as uint8: uint8 is kept, floats in [0, 1] are scaled by 255 and rounded.

    Shape is unchanged.
    """
    image = np.asarray(image)
    if image.dtype == np.uint8:
        return image
    return np.clip(np.rint(image.astype(np.float64) * 255), 0, 255).astype(np.uint8)


def as_rgb_uint8(image: NDArray) -> NDArray[np.uint8]:
    """A display image as ``(H, W, 3)`` uint8 RGB.

    Args:
        image: ``(H, W)``, ``(H, W, 1)`` or ``(H, W, 3)``; uint8, or float in [0, 1].

    Raises:
        ValueError: any other shape (the message quotes it).
    """
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[2] == 1:
        image = image[..., 0]
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"image must be (H, W), (H, W, 1) or (H, W, 3), got {image.shape}")
    return to_uint8(image)
