"""Draw the shipped sample images into assets/samples/ (reproducible, no internet).

    .venv/bin/python scripts/make_samples.py

* ``sketches/digit_<n>.jpg``: the digits 0-9 written with a dark pen on paper
  (OpenCV's Hershey script font, thick strokes, a slight tilt, paper texture).
* ``sketches/<item>.jpg``: clothing drawn as dark filled shapes on paper.
* ``photos/fashion_<item>.jpg``: real Fashion-MNIST test images (MIT, Zalando),
  upscaled, inverted onto a light background, tinted, with a soft shadow.
* ``photos/scene.jpg``: a colourful synthetic landscape for the lab's real-image tab.

Everything is drawn with a fixed random seed, so reruns give the same pictures.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from cnn_core.paths import SAMPLES_DIR

SIDE = 256
INK = (40, 42, 58)  # RGB, a dark blue-gray pen
FASHION_DIR = Path.home() / ".keras" / "datasets" / "fashion-mnist"
FASHION_PHOTOS = {"trouser": 1, "pullover": 2, "sneaker": 7, "bag": 8, "ankle_boot": 9}
"""Photo name -> Fashion-MNIST label; the first test image of that label is used."""


def paper(rng: np.random.Generator, side: int = SIDE) -> NDArray[np.uint8]:
    """Off-white paper: a soft light gradient plus blurred grain. ``(side, side, 3)`` RGB."""
    ramp = np.linspace(-8, 6, side, dtype=np.float32)
    light = 236 + ramp[None, :] + ramp[::-1, None] * 0.5
    grain = cv2.GaussianBlur(rng.normal(0, 4, (side, side)).astype(np.float32), (0, 0), 1.2)
    base = light + grain
    rgb = np.stack([base + 2, base + 1, base - 4], axis=-1)  # a warm tint
    return np.clip(rgb, 0, 255).astype(np.uint8)


def tilt(image: NDArray[np.uint8], degrees: float) -> NDArray[np.uint8]:
    """Rotate ink drawn on a white canvas about its centre, keeping the size."""
    side = image.shape[0]
    matrix = cv2.getRotationMatrix2D((side / 2, side / 2), degrees, 1.0)
    return cv2.warpAffine(image, matrix, (side, side), borderValue=(255, 255, 255))


def ink_on_paper(ink: NDArray[np.uint8], rng: np.random.Generator) -> NDArray[np.uint8]:
    """Lay a white-background drawing (gray ``ink``, 0 = full ink) onto paper."""
    coverage = (255 - cv2.GaussianBlur(ink, (3, 3), 0).astype(np.float32)) / 255.0
    page = paper(rng).astype(np.float32)
    pen = np.array(INK, np.float32) + rng.normal(0, 3, page.shape).astype(np.float32)
    mixed = page * (1 - coverage[..., None]) + pen * coverage[..., None]
    return np.clip(mixed, 0, 255).astype(np.uint8)


def digit(n: int, rng: np.random.Generator) -> NDArray[np.uint8]:
    """The digit ``n`` in a handwriting-like font, thick and slightly tilted.

    The script font's "1" has a foot that MNIST writers never draw; it is
    written as one slanted stroke with a short flag instead.
    """
    canvas = np.full((SIDE, SIDE), 255, np.uint8)
    font = cv2.FONT_HERSHEY_SCRIPT_SIMPLEX
    scale, thickness = 6.0, int(rng.integers(14, 19))
    if n == 1:
        cv2.line(canvas, (145, 50), (115, 205), 0, thickness, cv2.LINE_AA)
        cv2.line(canvas, (145, 50), (112, 80), 0, thickness - 2, cv2.LINE_AA)
    else:
        (width, height), _ = cv2.getTextSize(str(n), font, scale, thickness)
        origin = ((SIDE - width) // 2, (SIDE + height) // 2)
        cv2.putText(canvas, str(n), origin, font, scale, 0, thickness, cv2.LINE_AA)
    return ink_on_paper(tilt(canvas, float(rng.uniform(-8, 8))), rng)


def _points(*coordinates: int) -> list[tuple[int, int]]:
    return list(zip(coordinates[::2], coordinates[1::2], strict=True))


def _poly(canvas: NDArray[np.uint8], points: list[tuple[int, int]]) -> None:
    cv2.fillPoly(canvas, [np.array(points, np.int32)], 0, cv2.LINE_AA)


def clothing(name: str, rng: np.random.Generator) -> NDArray[np.uint8]:
    """A filled silhouette of a clothing item, drawn roughly like a student would."""
    canvas = np.full((SIDE, SIDE), 255, np.uint8)
    if name == "tshirt":  # short sleeves, the body filling the height (as in the dataset)
        _poly(
            canvas,
            _points(
                95,
                30,
                161,
                30,
                204,
                42,
                236,
                96,
                198,
                114,
                186,
                96,
                186,
                228,
                70,
                228,
                70,
                96,
                58,
                114,
                20,
                96,
                52,
                42,
            ),
        )
        cv2.ellipse(canvas, (128, 30), (30, 18), 0, 0, 180, 255, -1, cv2.LINE_AA)
        cv2.putText(canvas, "CNN", (74, 140), cv2.FONT_HERSHEY_DUPLEX, 1.6, 150, 4, cv2.LINE_AA)
    elif name == "trouser":
        _poly(
            canvas, [(80, 20), (176, 20), (190, 236), (146, 236), (128, 80), (110, 236), (66, 236)]
        )
    elif name == "dress":
        _poly(
            canvas,
            [
                (104, 20),
                (152, 20),
                (150, 60),
                (166, 110),
                (210, 236),
                (46, 236),
                (90, 110),
                (106, 60),
            ],
        )
    elif name == "sandal":
        cv2.ellipse(canvas, (128, 190), (110, 14), 0, 0, 360, 0, -1, cv2.LINE_AA)
        for x in (60, 110, 160):
            cv2.line(canvas, (x, 180), (x + 40, 120), 0, 10, cv2.LINE_AA)
        cv2.line(canvas, (190, 180), (200, 110), 0, 10, cv2.LINE_AA)
    elif name == "sneaker":
        _poly(
            canvas,
            [
                (20, 190),
                (20, 150),
                (70, 140),
                (130, 100),
                (170, 100),
                (190, 130),
                (236, 150),
                (240, 190),
            ],
        )
        for x in (110, 130, 150):
            cv2.line(canvas, (x, 118), (x + 15, 135), 255, 3, cv2.LINE_AA)
    elif name == "bag":
        cv2.rectangle(canvas, (40, 100), (216, 230), 0, -1)
        cv2.ellipse(canvas, (128, 100), (50, 55), 0, 180, 360, 0, 12, cv2.LINE_AA)
    elif name == "ankle_boot":  # toe to the left, shaft to the right (as in the dataset)
        _poly(
            canvas,
            _points(150, 28, 226, 28, 230, 205, 26, 205, 20, 178, 44, 150, 104, 136, 150, 104),
        )
        cv2.rectangle(canvas, (186, 205), (230, 222), 0, -1)
    else:
        raise ValueError(f"no drawing for clothing item {name!r}")
    return ink_on_paper(tilt(canvas, float(rng.uniform(-5, 5))), rng)


CLOTHING = ("tshirt", "trouser", "dress", "sandal", "sneaker", "bag", "ankle_boot")


def fashion_test_set() -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """Fashion-MNIST test images ``(10000, 28, 28)`` and labels, read from the Keras cache."""
    with gzip.open(FASHION_DIR / "t10k-images-idx3-ubyte.gz") as file:
        images = np.frombuffer(file.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    with gzip.open(FASHION_DIR / "t10k-labels-idx1-ubyte.gz") as file:
        labels = np.frombuffer(file.read(), np.uint8, offset=8)
    return images, labels


def product_photo(item: NDArray[np.uint8], rng: np.random.Generator) -> NDArray[np.uint8]:
    """A 28×28 light-on-dark Fashion-MNIST item as a coloured product shot on a light table.

    Fashion-MNIST was made by inverting product photos, so the photo is
    ``background * (1 - ink) + colour * ink`` with ``ink`` the item's intensity.
    """
    item = cv2.copyMakeBorder(item, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=0)
    big = cv2.resize(item, (SIDE, SIDE), interpolation=cv2.INTER_CUBIC).astype(np.float32) / 255
    ink = np.clip(big, 0, 1)[..., None]
    shadow = cv2.GaussianBlur(np.roll(np.clip(big * 3, 0, 1), (10, 8), axis=(0, 1)), (0, 0), 8)
    table = (248 - 30 * shadow)[..., None] * np.array([1.0, 0.99, 0.97], np.float32)
    colour = rng.uniform(20, 120, 3).astype(np.float32)
    photo = table * (1 - ink) + colour * ink
    return np.clip(photo + rng.normal(0, 2, photo.shape), 0, 255).astype(np.uint8)


def scene(rng: np.random.Generator) -> NDArray[np.uint8]:
    """A colourful landscape (sky, sun, hills, a house, a tree), ``(240, 320, 3)`` RGB."""
    height, width = 240, 320
    rows = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    sky = (1 - rows) * np.array([70, 130, 220], np.float32) + rows * np.array([190, 220, 250])
    image = np.broadcast_to(sky, (height, width, 3)).copy()
    cv2.circle(image, (255, 55), 28, (255, 214, 80), -1, cv2.LINE_AA)
    xs = np.arange(width)
    for base, amp, colour in ((150, 25, (70, 150, 70)), (180, 15, (40, 120, 50))):
        ridge = (base + amp * np.sin(xs / 40.0 + base)).astype(np.int32)
        points = np.array([[0, height], *zip(xs, ridge, strict=True), [width, height]], np.int32)
        cv2.fillPoly(image, [points], colour, cv2.LINE_AA)
    cv2.rectangle(image, (60, 150), (130, 210), (200, 80, 60), -1)
    cv2.fillPoly(image, [np.array([(52, 150), (95, 112), (138, 150)], np.int32)], (120, 40, 40))
    cv2.rectangle(image, (85, 175), (105, 210), (90, 60, 40), -1)
    cv2.rectangle(image, (200, 150), (212, 205), (100, 70, 40), -1)
    cv2.circle(image, (206, 135), 28, (30, 110, 40), -1, cv2.LINE_AA)
    image += rng.normal(0, 3, image.shape).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)


def save(path: Path, rgb: NDArray[np.uint8]) -> None:
    """Write an RGB image as a JPEG (quality 88)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = cv2.imwrite(
        str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 88]
    )
    if not ok:
        raise OSError(f"could not write {path}")
    print(f"{path.relative_to(SAMPLES_DIR.parent.parent)}  {path.stat().st_size / 1024:.1f} KB")


def main() -> None:
    """Write every sample image."""
    rng = np.random.default_rng(2026)
    for n in range(10):
        save(SAMPLES_DIR / "sketches" / f"digit_{n}.jpg", digit(n, rng))
    for name in CLOTHING:
        save(SAMPLES_DIR / "sketches" / f"{name}.jpg", clothing(name, rng))
    if FASHION_DIR.is_dir():
        images, labels = fashion_test_set()
        for name, label in FASHION_PHOTOS.items():
            index = int(np.flatnonzero(labels == label)[0])
            save(SAMPLES_DIR / "photos" / f"fashion_{name}.jpg", product_photo(images[index], rng))
    else:
        print(f"Fashion-MNIST not in {FASHION_DIR}: product photos skipped")
    save(SAMPLES_DIR / "photos" / "scene.jpg", scene(rng))


if __name__ == "__main__":
    main()
