"""The one way to keep widget values, the current language, and the keys pages share.

Every value widget of every page is drawn through :func:`keep`, under a key of the
form ``<page>.<field>`` (``lab.stride``, ``training.model``; ``common.<field>`` for a
value several pages share). The value lives in the session under that plain key;
the widget itself is drawn under the key plus the language (``lab.stride.ko``, see
:func:`widget_key`), with the kept value as its default. So:

- leaving a page keeps the value (Streamlit drops the state of widgets that are not
  drawn, never plain keys), and coming back draws the widget at that value;
- a language switch draws fresh widgets with the new labels, at the kept value
  (Streamlit 1.67's frontend otherwise keeps showing a selectbox's old label and
  drops a radio's selection when only the labels change; a choice travels between
  browser and server as its label);
- a default is seeded once, and a value that is no longer among the options (a
  deleted run, another model's layers) is replaced by the default;
- a picker whose label for the kept value changed (another model's class names,
  another prediction, another run's epochs; a language switch too, harmlessly: its
  widget is new anyway) is filled again, so that the browser shows the new label
  (Streamlit 1.67 sends a drawn picker only its options while its value stays the
  same, and the browser kept showing the digit model's "3" over the Fashion CNN's
  "Dress"; :data:`SHOWN_LABELS_KEY`);
- a preset fills many values at once with :func:`fill`.

Buttons hold no value to keep; they are drawn directly, with keys of the same
``<page>.<field>`` form. File uploaders and the camera are drawn by
:func:`kept_upload_ui`, which keeps their files across page visits. Three value
widgets are drawn directly: the lab's grid editors (``st.data_editor`` keeps
edits, not values; their grid is kept in ``lab.matrix.<name>``, see
:mod:`app_pages.lab.widgets`), the drawing canvas (:mod:`ui.image_input`, under
``<key>.canvas.<n>``: a new ``n`` is a clean canvas; the drawing is kept across
page visits in ``<key>.drawing_kept``) and the teacher PIN field of the training page
(in its sidebar; a password is never kept). Charts and tables use ``<page>.fig.<name>``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from ui.i18n import DEFAULT_LANGUAGE, t
from ui.markdown import markdown_text

LANG_KEY = "lang"
"""The UI language, ``"ko"`` or ``"en"`` (the sidebar switch in app.py)."""

SHOWN_LABELS_KEY = "common.shown_labels"
"""Session key: ``{kept key: (value, label)}``, what each picker drawn by :func:`keep`
with a ``format_func`` last showed."""

MODEL_KEY = "common.model"
"""The :class:`cnn_core.catalog.ModelEntry` key chosen on the explorer or predict page."""
HANDOFF_KEY = "explorer.handoff"
"""Session key: a test image another page (the training results' confusion matrix)
opens in the explorer: ``{"image": uint8 (H, W, C), "label": int, "caption": str}``."""
EXPLORER_MODEL_SOURCE_KEY = "explorer.model_source"
"""Kept value: where the explorer's model comes from, ``"catalog"`` or ``"upload"``
(its radio, :func:`app_pages.explorer.widgets.model_choice_ui`); a link or another
page that opens a catalog model sets ``"catalog"``."""
EXPLORER_VIEW_KEY = "explorer.view"
"""Kept value: the explorer's view (its radio, :func:`app_pages.explorer.sections.view_ui`)."""
EXPLORER_INPUT_SOURCE_KEY = "explorer.input_source"
"""Kept value: the explorer's input, ``"test"``, ``"image"`` or ``"training"`` (the
image of :data:`HANDOFF_KEY`; its radio, :func:`app_pages.explorer.widgets.input_choice_ui`)."""

_UNSET = object()
_INDEXED = ("selectbox", "radio")
"""Widgets whose initial value is given as ``index=`` (the others take ``value=``;
``multiselect`` takes ``default=``)."""


def lang() -> str:
    """The current UI language."""
    return st.session_state.get(LANG_KEY, DEFAULT_LANGUAGE)


def viewer_zone() -> tzinfo | None:
    """The browser's time zone (a Korean classroom's runs started at 12:37, not 03:37
    UTC): by its name where this machine knows it, else by its current offset;
    ``None`` when the browser said neither (a test's script run)."""
    name = st.context.timezone
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):  # no tz database, or a bad name
            pass
    offset = st.context.timezone_offset  # minutes behind UTC, as JavaScript gives it
    return None if offset is None else timezone(-timedelta(minutes=offset))


def tr(key: str, /, **fields: object) -> str:
    """Translate ``key`` into the current language (see :func:`ui.i18n.t`)."""
    return t(key, lang(), **fields)


def labels_now(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A ``format_func`` whose labels are computed now, in the current language.

    Streamlit (and AppTest) may call ``format_func`` outside the script run, where
    the session's language is not known; a lookup table built during the run is safe.

    Labels are made unique: Streamlit 1.67 sends a choice between browser and server
    as its label, so of two options with one label (two runs started in the same
    second) only the first could ever be chosen. A repeated label gets `` (2)``,
    `` (3)``, ... in the order of ``options``.
    """
    table: dict[Any, str] = {}
    used: set[str] = set()
    for option in options:
        text = base = label(option)
        number = 1
        while text in used:
            number += 1
            text = f"{base} ({number})"
        used.add(text)
        table[option] = text
    return table.__getitem__


def labels(prefix: str, options: Iterable[str]) -> Callable[[object], str]:
    """``format_func`` for ``options`` whose texts are the keys ``<prefix>.<option>``.

    Built now, in the current language (see :func:`labels_now`).
    """
    return labels_now(options, lambda code: tr(f"{prefix}.{code}"))


def widget_key(key: str) -> str:
    """The key of the widget that shows kept value ``key`` in the current language."""
    return f"{key}.{lang()}"


def key_class(key: str) -> str:
    """The CSS selector of the element drawn under ``key``: Streamlit 1.67 gives it the
    class ``st-key-<key>``, every character but a letter, digit, ``_`` or ``-`` made
    ``-`` (``predict.steps`` -> ``.st-key-predict-steps``)."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def fill(values: Mapping[str, Any]) -> None:
    """Set kept values (a preset, a click elsewhere on the page) before their widgets draw.

    Call it from a callback, or during a run before the widgets concerned are drawn.
    """
    for key, value in values.items():
        st.session_state[key] = value
        st.session_state[widget_key(key)] = value


def keep(
    draw: Callable[..., Any],
    key: str,
    label: str,
    options: Iterable[Any] | None = None,
    *,
    default: Any = _UNSET,
    **kwargs: Any,
) -> Any:
    """Draw ``draw(label, [options], **kwargs)`` at the kept value ``key``; keep its new value.

    A selectbox's or multiselect's own English (its placeholder; a multiselect's "Select
    all", :func:`_bulk_options_css`) reads in the page's language.

    Args:
        draw: a Streamlit value widget (``st.selectbox``, ``column.radio``,
            ``st.multiselect``, ``st.select_slider``, ``st.slider``,
            ``st.number_input``, ``st.toggle``, ``st.checkbox``, ...).
        key: ``<page>.<field>``.
        label: the translated label.
        options: the choices, for widgets that take them.
        default: the first value; without it, the first option (``[]`` for a
            multiselect). Required for widgets without options. A selectbox or radio
            kept at ``None`` shows no choice (a selectbox its placeholder).
        **kwargs: passed on (``format_func``, ``min_value``, ``help``, ``on_change``
            with its ``args``, ...); never ``key``, ``value``, ``index``, ``kwargs``
            or (for a multiselect) ``default``.

    Returns:
        The widget's value, which is also ``st.session_state[key]``.

    Raises:
        ValueError: no options and no default, or an empty list of options.
    """
    state = st.session_state
    kind = getattr(draw, "__name__", "")
    choices = None if options is None else list(options)
    if choices is not None and not choices:
        raise ValueError(f"keep({key!r}): no options to choose from")
    if default is _UNSET:
        if choices is None:
            raise ValueError(f"keep({key!r}): a widget without options needs a default")
        default = [] if kind == "multiselect" else choices[0]
    if key not in state:
        state[key] = default
    if choices is not None:
        _drop_stale(key, choices, default, multiple=kind == "multiselect")
    format_func = kwargs.get("format_func")
    if choices is not None and format_func is not None:
        shown = state.setdefault(SHOWN_LABELS_KEY, {})
        if key in shown and shown[key] != _shown(state[key], format_func):
            fill({key: state[key]})  # sent again, with its label now
    value = state[key]
    if kind in ("selectbox", "multiselect"):  # Streamlit's own is English: "Choose an option"
        kwargs.setdefault("placeholder", tr("common.choose"))
    if kind == "multiselect":
        st.html(_bulk_options_css())
    if kind in _INDEXED:
        kwargs["index"] = None if value is None else choices.index(value)
    elif kind == "multiselect":
        kwargs["default"] = value
    else:
        kwargs["value"] = value
    # The change is kept as it comes, before the script runs: a run that also switches
    # the language draws a fresh widget, which would not see what was typed.
    kwargs["args"] = (key, widget_key(key), kwargs.pop("on_change", None), kwargs.get("args", ()))
    kwargs["on_change"] = _kept_change
    args = (label,) if choices is None else (label, choices)
    state[key] = draw(*args, key=widget_key(key), **kwargs)
    if choices is not None and format_func is not None:
        state[SHOWN_LABELS_KEY][key] = _shown(state[key], format_func)
    return state[key]


def _shown(value: Any, format_func: Callable[[Any], str]) -> tuple[Any, Any]:
    """``(value, its label)``: a multiselect's labels as a tuple, no choice's ``None``."""
    if value is None:
        return None, None
    if isinstance(value, list):
        return tuple(value), tuple(format_func(item) for item in value)
    return value, format_func(value)


def _kept_change(
    key: str, widget: str, on_change: Callable[..., None] | None, args: tuple[Any, ...]
) -> None:
    """A kept widget's ``on_change``: keep its new value under ``key``, then call the
    caller's own ``on_change(*args)``, if any."""
    st.session_state[key] = st.session_state[widget]
    if on_change is not None:
        on_change(*args)


def _drop_stale(key: str, choices: list[Any], default: Any, *, multiple: bool) -> None:
    """Replace a kept value (and its widget's) that is no longer among ``choices``
    (``None``, no choice, stays)."""
    state = st.session_state
    value = state[key]
    fresh: Any = _UNSET
    if multiple:
        kept = [item for item in value if item in choices]
        if kept != value:
            fresh = kept
    elif value is not None and value not in choices:
        fresh = default if default in choices else choices[0]
    if fresh is not _UNSET:
        state[key] = fresh
        state.pop(widget_key(key), None)


def kept_upload_ui(
    key: str,
    label: str,
    *,
    multiple: bool = False,
    help: str | None = None,
    max_mb: int | None = None,
    camera: bool = False,
) -> list[tuple[str, bytes]]:
    """A file uploader (or the camera) whose files survive a visit to another page.

    The uploader takes any file: the caller checks what it got and refuses, in the
    page's language, a file it cannot use.

    An uploader takes no value to be drawn at, and Streamlit drops its files on any
    run that does not draw it (another page, another source picked), so
    :func:`keep` cannot hold them. Here the uploader's files are copied, as
    ``[(name, bytes)]``, to ``<key>_kept`` (no more than it holds: each file is under
    ``server.maxUploadSize``). When the uploader is drawn afresh (``key`` was not in
    the session before this run) and empty, the kept files are used, named in a
    caption beside a button that removes them, and ``<key>_restored`` keeps them
    shown through later runs, until a new upload replaces them or the button
    removes them. Files taken out of the uploader on screen are forgotten. Streamlit's
    own English texts on the uploader or the camera read in the page's language
    (:func:`_builtin_texts_css`).

    Args:
        key: the uploader's key (``<page>.<field>``).
        label: its translated label.
        multiple: several files at once.
        help: its translated help text.
        max_mb: the largest file in MB, when below ``server.maxUploadSize`` (the
            uploader then says it, and refuses larger files itself).
        camera: draw ``st.camera_input`` instead (one photo; ``multiple`` and
            ``max_mb`` do not apply), kept the same way.

    Returns:
        ``[(name, bytes)]``: the uploader's files, else the kept ones, else ``[]``.
    """
    state = st.session_state
    fresh = key not in state
    st.html(_builtin_texts_css(key, max_mb or st.get_option("server.maxUploadSize")))
    if camera:
        files = st.camera_input(label, key=key, help=help)
    else:
        files = st.file_uploader(
            label,
            accept_multiple_files=multiple,
            key=key,
            help=help,
            max_upload_size=max_mb,
        )
    files = files if isinstance(files, list) else [files] if files else []
    if files:
        state[f"{key}_kept"] = [(file.name, file.getvalue()) for file in files]
        state[f"{key}_restored"] = False
        return list(state[f"{key}_kept"])
    kept = state.get(f"{key}_kept")
    if kept and (fresh or state.get(f"{key}_restored")):
        state[f"{key}_restored"] = True
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            names = ", ".join(markdown_text(name) for name, _ in kept)
            st.caption(tr("common.upload_kept", names=names))
            st.button(
                tr("common.upload_forget"),
                key=f"{key}_forget",
                on_click=_forget_uploads,
                args=(key,),
                type="tertiary",
            )
        return list(kept)
    _forget_uploads(key)
    return []


def _builtin_texts_css(key: str, max_mb: int) -> str:
    """A ``<style>`` that shows Streamlit's own English texts on uploader or camera
    ``key`` in the page's language: the uploader's "Upload" and "30MB per file"; the
    camera's "Take Photo", "Uploading..." (the same button, with a progress bar after
    the text), "Clear photo" and "This app would like to use your camera. Learn how
    to allow access." (a link off the classroom's network, hidden).
    Streamlit 1.67 has no parameter for them: each text is made 0 px high and the
    translation drawn after it, at the size Streamlit draws it."""
    scope = key_class(key)
    dropzone = f'{scope} [data-testid="stFileUploaderDropzone"]'
    camera = f'{scope} [data-testid="stCameraInputButton"]'
    off = f'{scope} [data-testid="stCameraInputWebcamComponent"] p'
    texts = {
        f"{dropzone} button p": ("common.upload_button", {}, 0.875),
        f'{dropzone} [data-testid="stFileUploaderDropzoneInstructions"] span': (
            "common.upload_limit",
            {"mb": max_mb},
            0.875,
        ),
        f"{camera}:not(:has(> *))": ("common.camera_take", {}, 1),
        f"{camera}:has(> div)": ("common.camera_uploading", {}, 1),
        f"{camera} > span": ("common.camera_clear", {}, 1),  # beside its icon
        off: ("common.camera_off", {}, 1),
    }
    rules = [f"{', '.join(texts)} {{ font-size: 0; }}", f"{off} a {{ display: none; }}"]
    rules += [
        f"{selector}::after {{ content: {_css_string(tr(text, **fields))}; font-size: {rem}rem; }}"
        for selector, (text, fields, rem) in texts.items()
    ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def _bulk_options_css() -> str:
    """A ``<style>`` that shows a multiselect's "Select all" and "Select N matches"
    (the first option of its list, Streamlit 1.67) in the page's language, drawn as
    :func:`_builtin_texts_css` draws the uploader's texts. The list opens outside the
    widget, so the rule holds for every multiselect on the page."""
    options = {"__select_all__": "common.select_all", "__select_matches__": "common.select_matches"}
    rules = [
        f'[data-key="{value}"] [data-item-hl] {{ font-size: 0; }}'
        f' [data-key="{value}"] [data-item-hl]::after'
        f" {{ content: {_css_string(tr(text))}; font-size: 0.875rem; }}"
        for value, text in options.items()
    ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def _forget_uploads(key: str) -> None:
    """Drop the files kept for uploader ``key`` (also the remove button's callback)."""
    st.session_state.pop(f"{key}_kept", None)
    st.session_state.pop(f"{key}_restored", None)
