"""Decoded image -> model input, with every step kept.

The course notes' recipe (seed 004: OpenCV grayscale -> ``INTER_AREA`` resize ->
``bitwise_not`` -> ``/255`` -> reshape, :data:`NOTES_STEPS`) made robust for what
students actually upload: phone photos with EXIF rotation, transparent PNGs, 16-bit
scans, CMYK JPEGs, sketches on grey paper.

* :class:`PrepSettings` is the one recipe a model asks for: its input shape, the
  polarity of its training images and whether digits are centred by mass. A model
  card gives it (:meth:`cnn_core.catalog.ModelEntry.prep_settings`); a bare model
  gets :meth:`PrepSettings.for_input_shape`.
* :func:`prepare` / :func:`prepare_array` run the steps and return every
  intermediate image in :class:`Prepared`; the last step is what the model sees.
* :func:`notes_recipe` is the notes' recipe alone, to compare with.

Reading and decoding the uploaded file (limits, formats, EXIF, alpha) is
:mod:`cnn_core.image_files`; its :class:`ImageRejected` is what :func:`prepare`
raises, with reason ``"blank"`` added here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, get_args

import cv2
import numpy as np
from numpy.typing import NDArray

from cnn_core.image_files import ImageRejected, decode_image, original_size, shrink

BLANK_RANGE = 24
"""An image whose gray levels span less than this (out of 255) is blank."""
FLATTEN_MIN_SIDE = 64
"""Images with a shorter side below this skip the lighting correction of digit strokes."""
MASK_SIDE = 256
"""The content mask for cropping, and the stroke width for the lighting correction, are
computed at most this large (then scaled back)."""
DIGIT_BOX = 20 / 28
"""MNIST digits fit a 20×20 box inside the 28×28 image (LeCun et al.)."""
MARGIN = 1 / 28
"""Margin on each side of a non-digit object, as a fraction of the square's side."""
Polarity = Literal["light_on_dark", "dark_on_light"]
POLARITIES: tuple[str, ...] = get_args(Polarity)
DEFAULT_POLARITY: Polarity = "light_on_dark"
"""How the datasets' images look (MNIST, Fashion-MNIST; CIFAR-10 is never inverted)."""
DIGIT_DATASETS = frozenset({"mnist", "mnist_subset"})
"""Datasets whose images were centred by centre of mass (see :meth:`PrepSettings.from_card`)."""
CHANNELS: tuple[int, ...] = (1, 3)
"""Channels a model's input may have: grey or RGB (:func:`prepare` makes one of them)."""
NOTES_STEPS: tuple[str, ...] = ("grayscale", "resized", "inverted", "scaled")
"""The course notes' recipe for a new photo (seed 004), as :class:`Step` keys in the notes'
order: ``cv2.cvtColor`` to grayscale -> ``cv2.resize`` with ``INTER_AREA`` -> ``cv2.bitwise_not``
-> ``/ 255``; then ``reshape(1, H, W, 1)`` (:attr:`Prepared.model_input`). The other steps
of :func:`prepare_array` (but ``"decoded"``) are the app's own additions
(:func:`notes_recipe` is the recipe alone)."""


@dataclass(frozen=True)
class PrepSettings:
    """What a model needs from :func:`prepare`: hashable, so pages cache by it.

    Attributes:
        input_shape: ``(H, W, C)`` the model expects; ``C`` is 1 or 3.
        polarity: how the model's training images look: ``"light_on_dark"``
            (MNIST, Fashion-MNIST) or ``"dark_on_light"``.
        center_of_mass: place the object as MNIST digits were: fit a 20×20 box
            (for 28×28) and shift its centre of mass to the centre.

    Raises:
        ValueError: a bad ``input_shape`` or ``polarity`` (the message echoes it).
    """

    input_shape: tuple[int, int, int]
    polarity: Polarity = DEFAULT_POLARITY
    center_of_mass: bool = False

    def __post_init__(self) -> None:
        shape = tuple(self.input_shape)
        if (
            len(shape) != 3
            or any(
                isinstance(size, bool) or not isinstance(size, (int, np.integer)) for size in shape
            )
            or shape[2] not in CHANNELS
            or min(shape[:2]) < 1
        ):
            raise ValueError(f"input_shape must be (H, W, 1 or 3), got {self.input_shape!r}")
        if self.polarity not in POLARITIES:
            raise ValueError(f"polarity must be one of {POLARITIES}, got {self.polarity!r}")
        object.__setattr__(self, "input_shape", tuple(int(size) for size in shape))
        object.__setattr__(self, "center_of_mass", bool(self.center_of_mass))

    @classmethod
    def for_input_shape(cls, input_shape: tuple[int, int, int]) -> PrepSettings:
        """Settings for a bare model (an upload without a card): the datasets' defaults."""
        return cls(tuple(input_shape))  # type: ignore[arg-type]

    @classmethod
    def from_card(cls, card: Mapping[str, Any]) -> PrepSettings:
        """The settings a model card asks for (see :mod:`cnn_core.catalog`).

        ``input_shape`` is required; ``polarity`` defaults to :data:`DEFAULT_POLARITY`;
        digit models (``dataset`` in :data:`DIGIT_DATASETS`) are centred by mass.

        Raises:
            ValueError: the card's ``input_shape`` or ``polarity`` is invalid.
        """
        return cls(
            tuple(card["input_shape"]),  # type: ignore[arg-type]
            polarity=card.get("polarity", DEFAULT_POLARITY),
            center_of_mass=card.get("dataset") in DIGIT_DATASETS,
        )


def _checked(settings: object) -> PrepSettings:
    if not isinstance(settings, PrepSettings):
        raise ValueError(f"settings must be a PrepSettings, got {settings!r}")
    return settings


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
        original_size: ``(H, W)`` of the picture in the file (EXIF orientation applied),
            before it was shrunk to at most :data:`cnn_core.image_files.WORK_SIDE`
            for the ``"decoded"`` step (:func:`cnn_core.image_files.original_size`); the
            ``"decoded"`` step's own size when nothing was shrunk.
    """

    steps: tuple[Step, ...]
    model_input: NDArray = field(repr=False)
    inverted: bool
    original_size: tuple[int, int]


# --------------------------------------------------------------------- steps


def prepare(
    data: bytes,
    settings: PrepSettings,
    *,
    invert: bool | None = None,
) -> Prepared:
    """Turn an uploaded file into the model's input, keeping every step.

    Args:
        data: the whole file (PNG, JPEG, GIF, WebP or BMP).
        settings: what the model needs (:meth:`cnn_core.catalog.ModelEntry.prep_settings`,
            or :meth:`PrepSettings.for_input_shape` for a bare model).
        invert: ``None`` detects the upload's polarity and inverts when it differs
            from ``settings.polarity``; ``True`` / ``False`` force it.

    Returns:
        The steps, the ``(1, H, W, C)`` ``float32`` model input in [0, 1], and the
        size of the picture in the file (the ``"decoded"`` step is at most
        :data:`cnn_core.image_files.WORK_SIDE` on its longer side).

    Raises:
        ImageRejected: the file is refused (see :func:`cnn_core.image_files.decode_image`),
            or it is blank (reason ``"blank"``).
        ValueError: bad settings.
    """
    prepared = prepare_array(decode_image(data), _checked(settings), invert=invert)
    return replace(prepared, original_size=original_size(data))


def prepare_array(
    image: NDArray[np.uint8],
    settings: PrepSettings,
    *,
    invert: bool | None = None,
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
        ValueError: bad ``image`` or settings (the message echoes it).
    """
    settings = _checked(settings)
    polarity, center_of_mass = settings.polarity, settings.center_of_mass
    height, width, channels = settings.input_shape
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(
            f"image must be (H, W, 3) uint8 RGB, got shape={image.shape} dtype={image.dtype}"
        )
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
    return Prepared(
        steps=tuple(steps),
        model_input=model_input,
        inverted=bool(invert),
        original_size=(image.shape[0], image.shape[1]),
    )


def notes_recipe(image: NDArray[np.uint8], input_shape: tuple[int, int, int]) -> NDArray:
    """The course notes' recipe alone (:data:`NOTES_STEPS`), without the app's additions:
    grayscale, ``INTER_AREA`` resize to the model's size, ``bitwise_not`` (always: the
    notes expect dark strokes on light paper), ``/ 255``, reshape.

    Args:
        image: ``(H, W, 3)`` RGB ``uint8`` (the ``"decoded"`` step of :func:`prepare`).
        input_shape: ``(height, width, 1)``: a one-channel model's input.

    Returns:
        ``(1, height, width, 1)`` ``float32`` in [0, 1].

    Raises:
        ValueError: ``image`` is not ``(H, W, 3)`` ``uint8`` or ``input_shape`` not
            ``(H, W, 1)`` (the message echoes it).
    """
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError(
            f"image must be (H, W, 3) uint8 RGB, got shape={image.shape} dtype={image.dtype}"
        )
    if len(input_shape) != 3 or input_shape[2] != 1:
        raise ValueError(f"input_shape must be (H, W, 1), got {input_shape!r}")
    height, width = int(input_shape[0]), int(input_shape[1])
    gray = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    small = cv2.resize(gray, (width, height), interpolation=cv2.INTER_AREA)
    scaled = cv2.bitwise_not(small).astype(np.float32) / 255.0
    return scaled.reshape(1, height, width, 1)


def _same(image: NDArray[np.uint8]) -> NDArray[np.uint8]:
    return image


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

    With ``strokes`` (pen strokes such as digits), uneven lighting is removed first.
    The local background is the opening by a square wider than every stroke
    (:func:`_opening_side`: the strokes vanish from it); on paper, the stroke's darkness
    relative to the paper around it is ``(gray - background) / (255 - background)``
    (for inverted paper, ``255 - background`` is the paper's brightness), so a
    stroke in a shadow is as strong as one in the light. Filled objects (clothing)
    would be erased by the opening, so they skip this, and so do images shorter
    than :data:`FLATTEN_MIN_SIDE` (a strip, a 28 × 28 scan: no lighting to undo).
    """
    if strokes and min(gray.shape) >= FLATTEN_MIN_SIDE:
        side = _opening_side(gray)
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


def _opening_side(gray: NDArray[np.uint8]) -> int:
    """The side (odd) of the square whose opening of ``gray`` is the paper without the strokes.

    At least ``max(15, min(H, W) // 8)`` (a smooth estimate of the light), and wider
    than the widest stroke: a pen 48 pixels wide on the 336-pixel canvas, or a 30-pixel
    stroke on a 200-pixel scan, would otherwise fit the square and be taken for paper
    (and subtracted: the top bar of a 7 vanished, the model read "1"). The strokes are
    what Otsu's threshold puts above the paper once a first, coarse correction (an
    opening by a square half the shorter side: it keeps any slope of the light and
    removes anything narrower, every stroke) has taken the light away; the largest
    chessboard distance ``d`` of a stroke pixel to the paper means a square of side
    ``2 d - 1`` fits in a stroke, so the side is at least ``2 d + 1``. A dark area
    that is not a stroke (a shadow, a filled shape) only makes the square larger:
    the lighting is then evened out less finely, and no stroke is lost.

    Args:
        gray: ``(H, W)`` ``uint8``, light strokes on a darker background.
    """
    scale = max(1.0, max(gray.shape) / MASK_SIDE)
    small = shrink(gray, MASK_SIDE)  # measured on a copy at most MASK_SIDE large (fast)
    coarse = cv2.getStructuringElement(cv2.MORPH_RECT, (min(small.shape) // 2 | 1,) * 2)
    strokes = cv2.morphologyEx(small, cv2.MORPH_TOPHAT, coarse)
    _, mask = cv2.threshold(strokes, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    widest = math.ceil(float(cv2.distanceTransform(mask, cv2.DIST_C, 3).max()) * scale)
    return max(15, min(gray.shape) // 8, 2 * widest + 1) | 1


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
    small = shrink(gray, MASK_SIDE)
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
