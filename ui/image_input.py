"""One image input for the explorer and predict pages: upload, camera, or a shipped sample."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cnn_core.datasets import DATASETS
from cnn_core.paths import SAMPLES_DIR
from ui.i18n import STRINGS, t
from ui.images import image_url
from ui.state import keep, labels_now, lang, tr

UPLOAD_TYPES = ["png", "jpg", "jpeg", "webp", "bmp", "gif"]
SAMPLE_GROUPS = ("sketches", "photos")
SAMPLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


def sample_paths(samples_dir: Path = SAMPLES_DIR) -> list[Path]:
    """The shipped sample images, sketches first, each group sorted by name."""
    return [
        path
        for group in SAMPLE_GROUPS
        for path in sorted((samples_dir / group).glob("*"))
        if path.suffix.lower() in SAMPLE_SUFFIXES
    ]


def class_slug(name: str) -> str:
    """A Fashion-MNIST class's name in sample file names: "T-shirt/top" -> ``tshirt``."""
    return name.split("/")[0].lower().replace("-", "").replace(" ", "_")


FASHION_SAMPLE_CLASSES: dict[str, int] = {
    class_slug(name): label
    for label, name in enumerate(DATASETS["fashion_mnist"].class_names["en"])
}
"""Sample file stem (without ``fashion_``) -> Fashion-MNIST label: ``ankle_boot`` -> 9."""


def sample_title(stem: str, language: str | None = None) -> str:
    """A sample's title in ``language`` (default: the current one).

    A sample of a dataset class is titled with the class name of
    :data:`cnn_core.datasets.DATASETS`, so it reads exactly like the model's answer:
    ``sneaker`` / ``fashion_sneaker`` -> "스니커즈" / "Sneaker", ``digit_7`` ->
    "숫자 7" / "Digit 7". Other samples have their own string (``scene``), else
    the stem with spaces.
    """
    language = language or lang()
    stem = stem.removeprefix("fashion_")
    if stem.startswith("digit_"):
        digit = stem.removeprefix("digit_")
        names = DATASETS["mnist"].class_names[language]
        name = names[int(digit)] if digit.isdigit() and int(digit) < len(names) else digit
        return t("predict.sample.digit", language, n=name)
    if stem in FASHION_SAMPLE_CLASSES:
        return DATASETS["fashion_mnist"].class_names[language][FASHION_SAMPLE_CLASSES[stem]]
    key = f"predict.sample.{stem}"
    return t(key, language) if key in STRINGS else stem.replace("_", " ")


def image_source_ui(
    *, key: str, multiple: bool = False, camera: bool = False
) -> list[tuple[str, bytes]]:
    """Draw the image source picker and return the chosen images.

    Args:
        key: ``<page>.<field>`` prefix of the widget keys (``predict.image``).
        multiple: allow several uploads / samples at once.
        camera: offer ``st.camera_input`` as a source.

    Returns:
        ``[(name, bytes)]`` in the order given; empty when nothing is chosen yet.
        The bytes are not checked here (see :func:`cnn_core.preprocess.prepare`).
    """
    sources = ["upload", *(["camera"] if camera else []), "samples"]
    source = keep(
        st.radio,
        f"{key}.source",
        tr("predict.source"),
        sources,
        format_func=labels_now(sources, lambda code: tr(f"predict.source.{code}")),
        horizontal=True,
    )
    if source == "upload":
        files = st.file_uploader(
            tr("predict.upload_label"),
            type=UPLOAD_TYPES,
            accept_multiple_files=multiple,
            key=f"{key}.upload",
        )
        files = files if isinstance(files, list) else [files] if files else []
        return [(file.name, file.getvalue()) for file in files]
    if source == "camera":
        photo = st.camera_input(tr("predict.camera_label"), key=f"{key}.camera")
        return [(photo.name, photo.getvalue())] if photo else []
    return _samples_ui(key=key, multiple=multiple)


def _samples_ui(*, key: str, multiple: bool) -> list[tuple[str, bytes]]:
    paths = {path.relative_to(SAMPLES_DIR).as_posix(): path for path in sample_paths()}
    if not paths:
        st.info(tr("predict.samples_empty"))
        return []

    def label(code: str) -> str:
        group, _, name = code.partition("/")
        return f"{sample_title(Path(name).stem)} ({tr(f'predict.sample_group.{group}')})"

    codes = list(paths)
    titles = labels_now(codes, label)
    if multiple:
        chosen = keep(
            st.multiselect,
            f"{key}.samples",
            tr("predict.samples_label"),
            codes,
            default=codes[:1],
            format_func=titles,
        )
    else:
        chosen = [
            keep(
                st.selectbox,
                f"{key}.sample",
                tr("predict.samples_label"),
                codes,
                format_func=titles,
            )
        ]
    st.image(
        [image_url(path) for path in paths.values()], caption=[titles(c) for c in codes], width=64
    )
    return [(Path(code).name, paths[code].read_bytes()) for code in chosen]
