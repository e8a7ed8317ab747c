"""One image input for the lab, the explorer and the predict page: upload, camera, a
drawing, or a shipped sample.

Its widgets' session keys all start with the page's ``key`` (``predict.image``);
:func:`source_key`, :func:`sample_key` and :func:`samples_key` name the ones a page
reads or fills from a link, :func:`canvas_key` the drawing's. A sample is named by its
code (:func:`sample_codes`) in the pickers and in links.

The drawing canvas is the ``streamlit-drawable-canvas`` component (its frontend ships
inside the wheel: nothing is fetched off the server). It sends the canvas as a PNG
when a stroke ends, and that PNG goes through the same preprocessing as an upload.
Its value lives in the session under ``<key>.canvas.<n>`` as the component keeps it
(``{"drawing": {"raw": fabric JSON, "data": "data:image/png;base64,..."}}``, which is
how AppTest injects a drawing); "clear" moves to the next ``n``. Streamlit drops that
value on any run that does not draw the canvas (another page, another source), so
the drawing is also kept, as ``(fabric JSON, PNG bytes)``, under ``<key>.drawing_kept``:
a canvas drawn afresh starts from it and, until its first stroke, answers with its PNG.

Uploads and camera photos are kept across page visits by
:func:`ui.state.kept_upload_ui`, as ``[(name, bytes)]`` under ``<key>.upload_kept``
and ``<key>.camera_kept``.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st

from cnn_core.datasets import DATASETS
from cnn_core.image_files import FORMATS, ImageRejected
from cnn_core.paths import SAMPLES_DIR
from ui.i18n import STRINGS, t
from ui.images import image_url
from ui.state import fill, keep, kept_upload_ui, key_class, labels, labels_now, lang, tr

FORMATS_TEXT = ", ".join(FORMATS)
"""The formats the uploader's label and the "not an image" refusal name: "PNG, JPEG, ..."."""
SAMPLE_GROUPS = ("sketches", "photos")
SAMPLE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
SAMPLE_THUMB = 84
"""The samples grid's pictures are this many CSS pixels wide: their titles fit under them
whole ("Landscape", "T-shirt/top" broke mid-word at 64)."""
CANVAS_SIDE = 336
"""The drawing canvas is this many CSS pixels square: room for a finger on a tablet."""
PEN_WIDTH = 22
"""Default pen width in canvas pixels: about an MNIST stroke once the digit is 20 pixels tall."""
PEN_RANGE = (4, 48)
INK, PAPER = "#111111", "#ffffff"
"""Dark ink on white paper, like a real sketch (the preprocessing inverts it)."""
TOOLS = ("pen", "eraser")
DRAWING_NAME = "drawing.png"


def sample_paths() -> list[Path]:
    """The shipped sample images (under :data:`cnn_core.paths.SAMPLES_DIR`), sketches
    first, each group sorted by name."""
    return [
        path
        for group in SAMPLE_GROUPS
        for path in sorted((SAMPLES_DIR / group).glob("*"))
        if path.suffix.lower() in SAMPLE_SUFFIXES
    ]


def sample_codes() -> list[str]:
    """The codes of :func:`sample_paths`, as the pickers and links name them: each
    path under :data:`cnn_core.paths.SAMPLES_DIR` (``"sketches/digit_7.jpg"``)."""
    return [path.relative_to(SAMPLES_DIR).as_posix() for path in sample_paths()]


def class_slug(name: str) -> str:
    """A Fashion-MNIST class's name in sample file names: "T-shirt/top" -> ``tshirt``."""
    return name.split("/")[0].lower().replace("-", "").replace(" ", "_")


FASHION_SAMPLE_CLASSES: dict[str, int] = {
    class_slug(name): label
    for label, name in enumerate(DATASETS["fashion_mnist"].class_names["en"])
}
"""Sample file stem (without ``fashion_``) -> Fashion-MNIST label: ``ankle_boot`` -> 9."""


def sample_class(stem: str) -> tuple[str, int] | None:
    """The dataset and class a sample shows, from its file stem; ``None`` for the others.

    ``digit_7`` -> ``("mnist", 7)``, ``sneaker`` / ``fashion_sneaker`` ->
    ``("fashion_mnist", 7)``, ``scene`` -> ``None``.
    """
    stem = stem.removeprefix("fashion_")
    digit = stem.removeprefix("digit_")
    if stem.startswith("digit_") and digit.isdigit():
        return ("mnist", int(digit)) if int(digit) < DATASETS["mnist"].num_classes else None
    if stem in FASHION_SAMPLE_CLASSES:
        return "fashion_mnist", FASHION_SAMPLE_CLASSES[stem]
    return None


def first_sample(codes: list[str], dataset: str | None) -> str:
    """The sample a picker starts on: the first of ``codes`` that shows a class of
    ``dataset`` (a digit for an MNIST model, the bundled digits' too: the same
    classes; a garment for a Fashion-MNIST one), else the first of ``codes`` (no
    model, or one no sample matches: CIFAR-10)."""
    classes = DATASETS[dataset].class_names if dataset in DATASETS else None
    matching = (
        code
        for code in codes
        if (shown := _code_dataset(code)) and DATASETS[shown].class_names == classes
    )
    return next(matching, codes[0])


def _code_dataset(code: str) -> str | None:
    """The dataset of the sample ``code`` (``sketches/digit_7.jpg`` -> ``"mnist"``)."""
    found = sample_class(Path(code).stem)
    return found[0] if found else None


def sample_title(stem: str, language: str | None = None) -> str:
    """A sample's title in ``language`` (default: the current one).

    A sample of a dataset class is titled with the class name of
    :data:`cnn_core.datasets.DATASETS`, so it reads exactly like the model's answer:
    ``sneaker`` / ``fashion_sneaker`` -> "스니커즈" / "Sneaker", ``digit_7`` ->
    "숫자 7" / "Digit 7". Other samples have their own string (``scene``), else
    the stem with spaces.
    """
    language = language or lang()
    found = sample_class(stem)
    stem = stem.removeprefix("fashion_")
    if found:
        dataset, label = found
        name = DATASETS[dataset].class_names[language][label]
        return t("predict.sample.digit", language, n=name) if dataset == "mnist" else name
    if stem.startswith("digit_"):  # not a digit the dataset names: as written
        return t("predict.sample.digit", language, n=stem.removeprefix("digit_"))
    key = f"predict.sample.{stem}"
    return t(key, language) if key in STRINGS else stem.replace("_", " ")


def sample_label(code: str, language: str | None = None) -> str:
    """A sample's name wherever it is listed: its title and group, in ``language``
    (default: the current one).

    ``sketches/digit_7.jpg`` -> "숫자 7 (스케치)" / "Digit 7 (sketch)".
    """
    language = language or lang()
    group, _, name = code.partition("/")
    title = sample_title(Path(name).stem, language)
    return f"{title} ({t(f'predict.sample_group.{group}', language)})"


def rejection_message(err: ImageRejected, language: str) -> str:
    """The message for a refused image in ``language``: its reason, with the details
    and the formats the app takes (``formats``, :data:`FORMATS_TEXT`).

    A ``"too_large"`` refusal names what was measured: the picture's pixels when
    its header was read, else the file's size (``predict.reason.too_large.*``); a
    16-bit picture's (``bits``) also says why its megapixel limit is half.
    """
    details = {**err.details, "formats": FORMATS_TEXT}
    if err.reason == "too_large":
        measured = "pixels" if "width" in details else "file"
        details["measured"] = t(f"predict.reason.too_large.{measured}", language, **details)
    message = t(f"predict.reason.{err.reason}", language, **details)
    if details.get("bits") == 16:
        message += " " + t("predict.reason.too_large.deep", language)
    return message


def rejection_text(err: ImageRejected) -> str:
    """The translated message for a refused image, in the current language."""
    return rejection_message(err, lang())


def source_key(key: str) -> str:
    """The session key of the source picker of the image input ``key``
    (``<key>.source``: ``"upload"``, ``"camera"``, ``"draw"`` or ``"samples"``), for a
    page that reads it or fills it from a link."""
    return f"{key}.source"


def sample_key(key: str) -> str:
    """The session key of the one-sample picker of the image input ``key``
    (``<key>.sample``, ``multiple=False``): the sample's code, ``"sketches/digit_7.jpg"``."""
    return f"{key}.sample"


def samples_key(key: str) -> str:
    """The session key of the samples picker of the image input ``key``
    (``<key>.samples``, ``multiple=True``): a list of sample codes."""
    return f"{key}.samples"


def image_source_ui(
    *,
    key: str,
    multiple: bool = False,
    camera: bool = False,
    dataset: str | None = None,
) -> list[tuple[str, bytes]]:
    """Draw the image source picker (upload, the camera if asked, the drawing canvas,
    samples) and return the chosen images.

    Args:
        key: ``<page>.<field>`` prefix of the widget keys (``predict.image``).
        multiple: allow several uploads / samples at once.
        camera: offer ``st.camera_input`` as a source.
        dataset: the dataset of the model the images go to (its card's ``dataset``):
            the samples picker starts on one of its samples (:func:`first_sample`),
            and follows the model until a sample is picked by hand; ``None`` (no
            model) starts on the first sample.

    Returns:
        ``[(name, bytes)]`` in the order given (uploads kept from an earlier
        visit, see above); empty when nothing is chosen yet. An upload or a photo
        is named by its file name, a drawing :data:`DRAWING_NAME`, a sample as the
        picker names it (:func:`sample_label`: "숫자 7 (스케치)").
        The bytes are not checked here (see :func:`cnn_core.preprocess.prepare`).
    """
    sources = ["upload", *(["camera"] if camera else []), "draw", "samples"]
    source = keep(
        st.radio,
        source_key(key),
        tr("predict.source"),
        sources,
        format_func=labels("predict.source", sources),
        horizontal=True,
    )
    if source == "upload":  # any file: cnn_core refuses the others in the page's language
        label = tr("predict.upload_label", formats=FORMATS_TEXT, mb=upload_mb())
        return kept_upload_ui(f"{key}.upload", label, multiple=multiple)
    if source == "camera":
        others = ", ".join(
            f"'{tr(f'predict.source.{other}')}'" for other in sources if other != "camera"
        )
        if camera_blocked(st.context.url):
            st.warning(tr("predict.camera_blocked", address=st.context.url, others=others))
            return []
        photo = kept_upload_ui(f"{key}.camera", tr("predict.camera_label"), camera=True)
        st.caption(tr("predict.camera_help", others=others))
        return photo
    if source == "draw":
        data = drawing_ui(key=key)
        return [(DRAWING_NAME, data)] if data else []
    return _samples_ui(key=key, multiple=multiple, dataset=dataset)


def upload_mb() -> int:
    """The largest file the uploader takes, in MB (``server.maxUploadSize``, which is
    :data:`cnn_core.image_files.MAX_BYTES`: tests/test_image_input_limits.py).

    The browser refuses a larger file itself, before sending it: the app never sees
    it (Streamlit 1.67 marks it in the uploader's list with a red "!" and an English
    tooltip), so the uploader's label and the page's prompt say the limit.
    """
    return int(st.get_option("server.maxUploadSize"))


def camera_blocked(url: str | None) -> bool:
    """Whether browsers keep the camera from the page at ``url``.

    They lend it only to secure pages: https, or this machine itself (``localhost``,
    ``127.x.x.x``, ``[::1]``). A classroom's ``http://192.168.0.10:8501`` is not one:
    there the camera widget could never turn on. ``None`` (no browser: a test's
    script run) is not blocked.
    """
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme != "http":
        return False
    host = parts.hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name other than localhost
        return True


def _clear(key: str) -> None:
    """Button callback: the next canvas (an empty one; the old one's state and the kept
    drawing are dropped)."""
    st.session_state[f"{key}.canvas_n"] = st.session_state.get(f"{key}.canvas_n", 0) + 1
    st.session_state.pop(f"{key}.drawing_kept", None)


def canvas_key(key: str) -> str:
    """The session key of the canvas drawn now under the source ``key``."""
    return f"{key}.canvas.{st.session_state.get(f'{key}.canvas_n', 0)}"


def drawing_ui(*, key: str) -> bytes | None:
    """The drawing canvas with its pen, eraser, width and clear; the PNG drawn so far.

    The drawing survives a visit to another page or source (see the module's
    docstring): a canvas drawn afresh starts from the kept drawing.

    Returns:
        The canvas as PNG bytes once something is drawn (the component's own undo
        takes strokes back), else ``None``.
    """
    from streamlit_drawable_canvas import st_canvas  # registers the component: runtime only

    column_canvas, column_tools = st.columns([2, 1])
    with column_tools:
        tool = keep(
            st.radio,
            f"{key}.tool",
            tr("predict.draw.tool"),
            TOOLS,
            format_func=labels("predict.draw.tool", TOOLS),
            horizontal=True,
        )
        width = keep(
            st.slider,
            f"{key}.pen",
            tr("predict.draw.pen"),
            default=PEN_WIDTH,
            min_value=PEN_RANGE[0],
            max_value=PEN_RANGE[1],
        )
        st.button(tr("predict.draw.clear"), key=f"{key}.clear", on_click=_clear, args=(key,))
        st.caption(tr("predict.draw.help"))
    kept_key, start_key = f"{key}.drawing_kept", f"{key}.drawing_start"
    if canvas_key(key) not in st.session_state:  # drawn afresh: from the kept drawing
        st.session_state[start_key] = st.session_state.get(kept_key, (None, None))[0]
    room = f"{key}.canvas_room"  # the canvas's toolbar shows above it: room for it
    st.html(f"<style>{key_class(room)} {{ padding-top: 2.75rem; }}</style>")
    with column_canvas, st.container(key=room):
        result = st_canvas(
            stroke_width=width,
            stroke_color=PAPER if tool == "eraser" else INK,
            background_color=PAPER,
            width=CANVAS_SIDE,
            height=CANVAS_SIDE,
            drawing_mode="freedraw",
            initial_drawing=st.session_state.get(start_key),
            return_image_data=True,
            key=canvas_key(key),
        )
    if not (result.json_data or {}).get("objects"):
        st.session_state.pop(kept_key, None)  # undone to nothing: nothing to keep
        return None
    try:
        drawn = result.image_bytes
    except (ValueError, TypeError):  # a malformed data URL
        drawn = None
    if drawn is None:  # no PNG from the browser yet (drawn afresh), or a bad one
        return st.session_state.get(kept_key, (None, None))[1]
    st.session_state[kept_key] = (result.json_data, drawn)
    return drawn


def _follow_model(key: str, start: object) -> None:
    """Put the picker ``key`` on ``start``, the model's first sample, unless what it
    holds was picked by hand (or came with a link): anything but the start put there
    last, which ``<key>.start`` remembers. Call it before the picker is drawn."""
    state = st.session_state
    start_key = f"{key}.start"
    if key in state and state[key] != state.get(start_key):
        return
    state[start_key] = start
    if state.get(key) != start:
        fill({key: start})


def _samples_ui(*, key: str, multiple: bool, dataset: str | None) -> list[tuple[str, bytes]]:
    """The sample picker (:func:`sample_label`) above the samples grid; the chosen
    samples, each named as the picker names it.

    The picker starts on the model's first sample (``dataset``, :func:`first_sample`)
    and follows a change of model until a student picks samples themselves
    (:func:`_follow_model`).

    The grid shows the pictures of each group in a row of their own, under the
    group's name, each with its title only: a Korean caption as wide as the
    64-pixel picture would otherwise break inside a word ("가방 (스케" / "치)").
    """
    codes = sample_codes()
    if not codes:
        st.info(tr("predict.samples_empty"))
        return []

    titles = labels_now(codes, sample_label)
    start = first_sample(codes, dataset)
    if multiple:
        _follow_model(samples_key(key), [start])
        chosen = keep(
            st.multiselect,
            samples_key(key),
            tr("predict.samples_label"),
            codes,
            default=[start],
            format_func=titles,
        )
    else:
        _follow_model(sample_key(key), start)
        chosen = [
            keep(
                st.selectbox,
                sample_key(key),
                tr("predict.sample_label"),
                codes,
                default=start,
                format_func=titles,
            )
        ]
    for group in SAMPLE_GROUPS:  # one row per group, each picture under its short title
        shown = [code for code in codes if code.startswith(f"{group}/")]
        if shown:
            st.caption(tr(f"predict.sample_grid.{group}"))
            st.image(
                [image_url(SAMPLES_DIR / code) for code in shown],
                caption=[sample_title(Path(code).stem) for code in shown],
                width=SAMPLE_THUMB,
            )
    return [(titles(code), (SAMPLES_DIR / code).read_bytes()) for code in chosen]
