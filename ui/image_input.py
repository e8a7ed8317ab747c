"""One image input for the explorer and predict pages: upload, camera, or a shipped sample."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cnn_core.paths import SAMPLES_DIR
from ui.i18n import STRINGS
from ui.images import image_url
from ui.state import labels_now, tr

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


def sample_title(stem: str) -> str:
    """A sample's translated title: ``digit_7`` -> "digit 7", ``fashion_bag`` -> "bag"."""
    stem = stem.removeprefix("fashion_")
    if stem.startswith("digit_"):
        return tr("predict.sample.digit", n=stem.removeprefix("digit_"))
    key = f"predict.sample.{stem}"
    return tr(key) if key in STRINGS else stem.replace("_", " ")


def image_source_ui(
    *, key: str, multiple: bool = False, camera: bool = False
) -> list[tuple[str, bytes]]:
    """Draw the image source picker and return the chosen images.

    Args:
        key: prefix of the widget keys, unique per page.
        multiple: allow several uploads / samples at once.
        camera: offer ``st.camera_input`` as a source.

    Returns:
        ``[(name, bytes)]`` in the order given; empty when nothing is chosen yet.
        The bytes are not checked here (see :func:`cnn_core.preprocess.prepare`).
    """
    sources = ["upload", *(["camera"] if camera else []), "samples"]
    source = st.radio(
        tr("predict.source"),
        sources,
        format_func=labels_now(sources, lambda code: tr(f"predict.source.{code}")),
        horizontal=True,
        key=f"{key}_source",
    )
    if source == "upload":
        files = st.file_uploader(
            tr("predict.upload_label"),
            type=UPLOAD_TYPES,
            accept_multiple_files=multiple,
            key=f"{key}_upload",
        )
        files = files if isinstance(files, list) else [files] if files else []
        return [(file.name, file.getvalue()) for file in files]
    if source == "camera":
        photo = st.camera_input(tr("predict.camera_label"), key=f"{key}_camera")
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
        chosen = st.multiselect(
            tr("predict.samples_label"),
            codes,
            default=codes[:1],
            format_func=titles,
            key=f"{key}_samples",
        )
    else:
        one = st.selectbox(
            tr("predict.samples_label"), codes, format_func=titles, key=key + "_sample"
        )
        chosen = [one] if one else []
    st.image(
        [image_url(path) for path in paths.values()], caption=[titles(c) for c in codes], width=64
    )
    return [(Path(code).name, paths[code].read_bytes()) for code in chosen]
