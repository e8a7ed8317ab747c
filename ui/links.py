"""Shareable links: a page's view kept in the URL's query parameters, read back safely.

A page describes what its link holds as a :data:`Spec`: the name of each query
parameter and the :class:`Field` that reads it, labelled with the UI string its widget
shows (:meth:`Field.labelled`). The field types are the vocabulary every page's link
is written in:

- :func:`choice`: one of a list of options (a view, a sample); :func:`catalog_model`
  is the one of the model catalog;
- :func:`integer`, :func:`number`: a whole number, a decimal one, in a range;
- :func:`flag`: on or off;
- :func:`token`: a plain name (a layer's);
- :func:`cell`: a ``row,col`` pair;
- :func:`items`: a list of distinct options;
- :func:`matrix`: a grid of numbers.

The messages about a link name each field by its label, translated (by its query
parameter only when it has none), and quote its value as the page shows it
(:meth:`Field.shown_as`: a map the link holds as ``map=32`` is "map 33" on the page),
or the text the link held when it is not a value the field reads. Reading a link
never raises and never evaluates anything: every parameter is checked for its size
first, then parsed by plain string operations and ``int``/``float``; a parameter
that fails is dropped (its field keeps the page's default) and named in
:attr:`Decoded.rejected`, so the page says, in the UI language, that part of the
link was not used, quoting what it held (:attr:`Decoded.given`); a list keeps the
items it can read (:func:`items`). Unknown parameters are ignored; a query longer than
:data:`MAX_QUERY_CHARS` or with more than :data:`MAX_PARAMS` parameters is not read
at all. A value the link holds validly but the page cannot take (a class the chosen
model lacks, a cell outside the output, a field the view drawn has no place for) is
not used: its widget falls back, or none shows it;
:func:`share_ui`, comparing the view drawn with the link, names it where
:func:`rejected_ui` kept a place. :func:`share_ui` shows only links that read back
whole: a value that a link cannot carry is left out, and the page says which.

In a page::

    SPEC = {
        "model": links.catalog_model(),
        "layer": links.integer(0, 63).labelled("explorer.detail_layer"),
    }
    decoded = links.read_once("explorer", SPEC)      # once per session and page
    if decoded: fill({...from decoded.values...})     # before the widgets draw
    links.rejected_ui("explorer")                      # the translated messages, once
    ... draw the page ...
    links.share_ui("explorer", SPEC, {"model": key, "layer": 3})  # URL + copy control

The language travels as ``lang`` (:data:`LANG_PARAM`): :func:`read_once` applies
it; :func:`link_language` lets app.py pick it before it draws the language switch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from ui.i18n import LANGUAGES
from ui.markdown import markdown_text
from ui.models import model_entries
from ui.state import LANG_KEY, lang, tr

MAX_QUERY_CHARS = 8192
"""A link whose parameters hold more characters than this is not read (the lab's
largest view, 16×16 and 7×7 grids of the longest numbers, holds about 4,600)."""
MAX_PARAMS = 32
"""A link with more parameters than this is not read."""
LANG_PARAM = "lang"
"""The query parameter of the UI language."""
OPEN_PARAM = "open"
"""The query parameter by which one page opens a part of another on any visit, read
and taken out of the URL by the page opened (the home page's lesson path opens a lab
section: ``app_pages.lab.link.open_section``)."""
WHOLE_LINK = "link"
"""The name :attr:`Decoded.rejected` gives a link refused as a whole."""
_READ_KEY = "links.read"
"""Session key: the pages whose link this session has read (a link applies once)."""
_REJECTED_KEY = "links.rejected"
"""Session key: per page, the parameters of its link that were not used, each with its
field's label and the text it held (:func:`_labels`; shown once)."""
_APPLIED_KEY = "links.applied"
"""Session key: per page, the values its link gave, until :func:`rejected_ui` takes them."""
_CHECK_KEY = "links.check"
"""Session key: per page, this run's :class:`_Check` (replaced by every run's
:func:`rejected_ui`, so a run never checks another run's link)."""
NUMBER_DECIMALS = 6
"""The decimals a number in a link may have (more, and the value is left out)."""
_INTEGER = re.compile(r"-?[0-9]{1,9}")
_NUMBER = re.compile(rf"-?[0-9]{{1,7}}(\.[0-9]{{1,{NUMBER_DECIMALS}}})?")
_NUMBER_CHARS = 9 + NUMBER_DECIMALS
"""The longest number :data:`_NUMBER` takes: a sign, 7 digits, a point and the decimals."""
TOKEN_CHARS = 64
"""The longest name a :func:`token` takes."""
QUOTED_CHARS = 24
"""A message quotes at most this many characters of what a link held (then "…")."""


class PartlyRead(ValueError):
    """A list whose readable items are kept: ``value`` (the list of them) is used, and
    ``refused`` (the items' texts that were not) is named as not used."""

    def __init__(self, value: list[Any], refused: list[str]):
        super().__init__(f"items not read: {refused!r}")
        self.value, self.refused = value, refused


@dataclass(frozen=True)
class Field:
    """How one query parameter is read and written.

    Attributes:
        parse: the parameter's text -> its value; raises ``ValueError`` for
            anything it does not take.
        format: a value -> the parameter's text (``parse(format(v)) == v``).
        max_chars: longer text is refused before ``parse`` sees it.
        label: the UI string key of the field's name (its widget's label, such as
            ``"lab.stride"``); messages about the link name the field by it, in the
            UI language. Empty: they name it by its query parameter.
        show: a value -> its text as the page shows it, in the UI language (a
            0-based map index ``32`` -> ``"map 33"``); messages quote that. ``None``:
            they quote the link's text.
    """

    parse: Callable[[str], Any]
    format: Callable[[Any], str] = str
    max_chars: int = 64
    label: str = ""
    show: Callable[[Any], str] | None = None

    def labelled(self, label: str) -> Field:
        """This field, named in messages by the UI string ``label`` (a key)."""
        return replace(self, label=label)

    def shown_as(self, show: Callable[[Any], str]) -> Field:
        """This field, its values quoted in messages as ``show`` writes them (the page's way)."""
        return replace(self, show=show)

    def quoted(self, text: str) -> str:
        """What a message quotes for the link's ``text``: the value as the page shows
        it, or ``text`` itself when this field does not read it (or shows values as
        the link writes them)."""
        if self.show is None:
            return text
        try:
            return self.show(self.read(text))
        except ValueError:
            return text

    def read(self, text: object) -> Any:
        """The value of ``text``; ``ValueError`` if it is not a string this field takes."""
        if not isinstance(text, str):
            raise ValueError(f"expected text, got {type(text).__name__}")
        if len(text) > self.max_chars:
            raise ValueError(f"{len(text)} characters, at most {self.max_chars}")
        return self.parse(text)


Spec = Mapping[str, Field]
"""Query parameter name -> its field."""


def choice(options: Iterable[Any]) -> Field:
    """One of ``options``, written as ``str(option)`` (catalog keys, view names, ints)."""
    table = {str(option): option for option in options}
    longest = max((len(text) for text in table), default=1)

    def parse(text: str) -> Any:
        if text not in table:
            raise ValueError(f"{text!r} is not one of the {len(table)} options")
        return table[text]

    return Field(parse, str, longest)


def integer(low: int, high: int) -> Field:
    """An int in ``[low, high]``, written in decimal."""

    def parse(text: str) -> int:
        if not _INTEGER.fullmatch(text):
            raise ValueError(f"{text!r} is not an integer")
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"{value} is outside {low}..{high}")
        return value

    return Field(parse, str, 10)


def catalog_model() -> Field:
    """A model of the catalog (:func:`ui.models.model_entries`, listed now) by its key,
    labelled as the model picker (:func:`ui.models.model_picker_ui`)."""
    return choice(entry.key for entry in model_entries()).labelled("common.model")


def token() -> Field:
    """A name of at most :data:`TOKEN_CHARS` letters, digits and ``_ . : / -`` (a layer name)."""
    pattern = re.compile(rf"[A-Za-z0-9_.:/-]{{1,{TOKEN_CHARS}}}")

    def parse(text: str) -> str:
        if not pattern.fullmatch(text):
            raise ValueError(f"{text!r} is not a plain name")
        return text

    return Field(parse, str, TOKEN_CHARS)


def cell(max_side: int) -> Field:
    """A ``(row, col)`` pair, each in ``[0, max_side)``, written ``row,col``."""
    one = integer(0, max_side - 1)

    def parse(text: str) -> tuple[int, int]:
        parts = text.split(",")
        if len(parts) != 2:
            raise ValueError(f"{text!r} is not row,col")
        return one.read(parts[0]), one.read(parts[1])

    return Field(parse, lambda value: f"{value[0]},{value[1]}", 21)


def flag() -> Field:
    """A bool, written ``1`` / ``0``."""
    table = {"1": True, "0": False}

    def parse(text: str) -> bool:
        if text not in table:
            raise ValueError(f"{text!r} is not 1 or 0")
        return table[text]

    return Field(parse, lambda value: "1" if value else "0", 1)


def items(options: Iterable[str], *, max_items: int) -> Field:
    """A list of distinct ``options`` (at most ``max_items``), written comma-separated.

    An item that is not an option, or repeats one, is left out and the others are
    kept (:class:`PartlyRead`). Options must not contain commas.
    """
    one = choice(options)

    def parse(text: str) -> list[str]:
        parts = text.split(",") if text else []
        if len(parts) > max_items:
            raise ValueError(f"{len(parts)} items, at most {max_items}")
        values: list[str] = []
        refused: list[str] = []
        for part in parts:
            try:
                value = one.read(part)
            except ValueError:
                refused.append(part)
                continue
            (refused.append(part) if value in values else values.append(value))
        if refused:
            if not values:
                raise ValueError(f"no item is an option: {refused!r}")
            raise PartlyRead(values, refused)
        return values

    return Field(parse, lambda values: ",".join(map(str, values)), (one.max_chars + 1) * max_items)


def _read_number(text: str, low: float, high: float) -> int | float:
    """A decimal number in ``[low, high]`` (at most 7 digits before the point, 6 after)."""
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{text!r} is not a number")
    value = float(text)
    if not low <= value <= high:
        raise ValueError(f"{value} is outside {low}..{high}")
    return int(value) if value.is_integer() else value


def _write_number(value: float) -> str:
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.{NUMBER_DECIMALS}f}".rstrip("0")


def number(low: float, high: float) -> Field:
    """A number in ``[low, high]``, written without a point when it is whole (``2``, ``0.5``)."""
    return Field(lambda text: _read_number(text, low, high), _write_number, _NUMBER_CHARS)


def matrix(max_rows: int, max_cols: int, low: float, high: float) -> Field:
    """A rectangular matrix of numbers in ``[low, high]``, rows ``;``-separated, cells
    ``,``-separated (``1,2,3;0,1,2``); whole numbers are written without a point.

    Read back as a list of rows of ``int`` (whole numbers) or ``float``.
    """

    def number(text: str) -> int | float:
        return _read_number(text, low, high)

    def parse(text: str) -> list[list[int | float]]:
        rows = text.split(";")
        if not 1 <= len(rows) <= max_rows:
            raise ValueError(f"{len(rows)} rows, 1..{max_rows} allowed")
        values = [[number(cell) for cell in row.split(",")] for row in rows]
        width = len(values[0])
        if not 1 <= width <= max_cols or any(len(row) != width for row in values):
            raise ValueError(
                f"rows of {[len(row) for row in values]} cells, not all the same 1..{max_cols}"
            )
        return values

    def format_(values: Iterable[Iterable[float]]) -> str:
        return ";".join(",".join(_write_number(v) for v in row) for row in values)

    return Field(parse, format_, max_rows * max_cols * (_NUMBER_CHARS + 1))


LANG_SPEC: Spec = {LANG_PARAM: choice(LANGUAGES).labelled("app.language")}


@dataclass(frozen=True)
class Decoded:
    """What a link said.

    Attributes:
        values: the parameters that were read, by name (only those present and valid;
            a list with the items that could be read).
        rejected: the names of the parameters that were present but not used, or not
            whole (:data:`WHOLE_LINK` when the link was refused as a whole), in spec order.
        given: each rejected parameter's text (of a list, the items left out, comma-separated).
    """

    values: dict[str, Any] = field(default_factory=dict)
    rejected: tuple[str, ...] = ()
    given: dict[str, str] = field(default_factory=dict)


@dataclass
class _Check:
    """A link's values that :func:`share_ui` compares with the view the page drew.

    A value can be valid in a link and still not fit the page: a class that the
    chosen model lacks, a cell outside the output. The widget then falls back (to its
    default, :func:`ui.state.keep`, or its nearest value), or the view has no place for
    it (an epoch for a shipped model, a field of another view); the comparison finds
    it and says so in ``slot``, where :func:`rejected_ui` would have said it.
    """

    values: dict[str, Any]
    slot: Any  # an st.empty() drawn by rejected_ui, filled by share_ui


def _labels(
    spec: Spec, names: Iterable[str], given: Mapping[str, str] | None = None
) -> dict[str, tuple[str, str]]:
    """Each of ``names`` -> the label of its field in ``spec`` (``""``: none, or not
    there) and what to quote for the text ``given`` for it (:meth:`Field.quoted`;
    ``""``: none to quote)."""
    given = given or {}
    labelled = {}
    for name in names:
        one = spec.get(name)
        text = given.get(name, "")
        labelled[name] = ("", text) if one is None else (one.label, text and one.quoted(text))
    return labelled


def _quoted(text: str) -> str:
    """What a link held, for a message: at most :data:`QUOTED_CHARS`, shown as typed."""
    short = text if len(text) <= QUOTED_CHARS else text[: QUOTED_CHARS - 1] + "…"
    return markdown_text(short)


def _named(fields: Mapping[str, tuple[str, str]]) -> str:
    """Fields as messages name them (:func:`_labels`): each label translated, a field
    without one by its query parameter, with its value quoted; comma-separated, each
    said once."""
    shown = []
    for name, (label, given) in fields.items():
        title = tr(label) if label else name
        shown.append(tr("common.link_field", field=title, value=_quoted(given)) if given else title)
    return ", ".join(dict.fromkeys(shown))


def _text(value: object) -> object:
    """One parameter's text: the last of a repeated parameter (as ``st.query_params``)."""
    if isinstance(value, (list, tuple)):
        return value[-1] if value else ""
    return value


def _size(texts: Mapping[str, object]) -> int:
    """The characters of a link's names and texts, as :data:`MAX_QUERY_CHARS` counts them."""
    return sum(len(name) + len(str(text)) for name, text in texts.items())


def decode(params: Mapping[str, Any], spec: Spec) -> Decoded:
    """Read the parameters of ``spec`` from ``params``; never raises.

    Args:
        params: query parameters (``st.query_params.to_dict()``, or lists of texts).
        spec: the fields to read.

    Returns:
        The valid values and the names of the parameters that were not used.
    """
    try:
        texts = {str(name): _text(value) for name, value in params.items()}
        size = _size(texts)
    except Exception:  # a hostile mapping: nothing of it is used
        return Decoded(rejected=(WHOLE_LINK,))
    if len(texts) > MAX_PARAMS or size > MAX_QUERY_CHARS:
        return Decoded(rejected=(WHOLE_LINK,))
    values, rejected, given = {}, [], {}
    for name, one in spec.items():
        if name not in texts:
            continue
        try:
            values[name] = one.read(texts[name])
        except PartlyRead as err:
            values[name] = err.value
            rejected.append(name)
            given[name] = ",".join(err.refused)
        except ValueError:
            rejected.append(name)
            given[name] = str(texts[name])
    return Decoded(values, tuple(rejected), given)


def encode(values: Mapping[str, Any], spec: Spec) -> dict[str, str]:
    """The query parameters of ``values`` (``None`` values are left out).

    Raises:
        ValueError: a name that is not in ``spec``, or a value its field would not
            read back (a bug in the page, never user input).
    """
    params = {}
    for name, value in values.items():
        if value is None:
            continue
        if name not in spec:
            raise ValueError(f"no link field {name!r}; fields: {list(spec)}")
        text = spec[name].format(value)
        try:
            same = spec[name].read(text) == value
        except ValueError:
            same = False
        if not same:
            raise ValueError(f"link field {name!r}: {value!r} does not read back from {text!r}")
        params[name] = text
    return params


def shareable(values: Mapping[str, Any], spec: Spec) -> dict[str, str]:
    """Like :func:`encode`, but a value that cannot travel in a link is left out: one
    its field would not read back (too long, too precise), then the longest ones
    until :func:`decode` would read the link (``lang`` counted in)."""
    params = {}
    for name, value in values.items():
        try:
            params.update(encode({name: value}, spec))
        except ValueError:
            continue
    room = MAX_QUERY_CHARS - len(LANG_PARAM) - LANG_SPEC[LANG_PARAM].max_chars
    while _size(params) > room:
        del params[max(params, key=lambda name: len(params[name]))]
    return params


def link_language(params: Mapping[str, Any] | None = None) -> str | None:
    """The language a link asks for, or ``None`` (absent or not a UI language).

    For app.py, before it draws the language switch::

        st.session_state[LANG_KEY] = link_language() or language_from_locale(...)

    The language is read on its own: a link refused whole (too long, too many
    parameters) still opens in the language it asks for, and says so in it.
    """
    source = st.query_params.to_dict() if params is None else params
    try:
        own = {LANG_PARAM: source[LANG_PARAM]} if LANG_PARAM in source else {}
    except Exception:  # a hostile mapping: no language from it
        return None
    return decode(own, LANG_SPEC).values.get(LANG_PARAM)


def keep_language_in_url() -> None:
    """Write the session's language into the URL when the URL has none, so a reload of
    any page keeps it.

    A language the URL already has is left alone: it may be a shared link's, which the
    page applies when it reads its link (:func:`read_once`); the switch writes its own
    (:func:`language_switched`).
    """
    if LANG_PARAM not in st.query_params:
        st.query_params[LANG_PARAM] = lang()


def language_switched() -> None:
    """The language switch's ``on_change`` (after :func:`ui.state.keep` kept the new
    language): the URL follows it, so a reload keeps it."""
    st.query_params[LANG_PARAM] = lang()


def read_once(page: str, spec: Spec) -> Decoded | None:
    """This page's link, the first time the session draws the page; else ``None``.

    Applies the link's language (rerunning the script when it changes, so every
    label is drawn in it) and remembers the parameters that were not used, with their
    labels, for :func:`rejected_ui`. The page fills its kept values from the result
    before its widgets draw (:func:`ui.state.fill`).
    """
    done = st.session_state.setdefault(_READ_KEY, set())
    if page in done:
        return None
    done.add(page)
    params = st.query_params.to_dict()
    if not params:
        return None
    every = {**LANG_SPEC, **spec}
    decoded = decode(params, every)
    if decoded.rejected:
        rejected = _labels(every, decoded.rejected, decoded.given)
        st.session_state.setdefault(_REJECTED_KEY, {})[page] = rejected
    wanted = decoded.values.pop(LANG_PARAM, None)
    st.session_state.setdefault(_APPLIED_KEY, {})[page] = dict(decoded.values)
    if wanted and wanted != lang():
        st.session_state[LANG_KEY] = wanted
        st.session_state[_READ_KEY].discard(page)  # read again, in the link's language
        st.rerun()
    return decoded


def rejected_ui(page: str) -> None:
    """Say once, translated, which parts of this page's link were not used.

    Call it in every run, after :func:`read_once` and before the widgets: it also
    keeps a place below for what :func:`share_ui` finds at the end of the run (a
    value the link held that the page's widgets did not take).
    """
    rejected = st.session_state.get(_REJECTED_KEY, {}).pop(page, {})
    if WHOLE_LINK in rejected:
        st.warning(tr("common.link_refused"))
    elif rejected:
        st.warning(tr("common.link_partly", fields=_named(rejected)))
    applied = st.session_state.get(_APPLIED_KEY, {}).pop(page, None)
    checks = st.session_state.setdefault(_CHECK_KEY, {})
    checks.pop(page, None)
    if applied:
        checks[page] = _Check(applied, st.empty())


def _check_applied(page: str, spec: Spec, values: Mapping[str, Any]) -> None:
    """Say where the view drawn differs from what this run's link gave (see :class:`_Check`):
    a value the view shows otherwise, or one it has no place for (``None`` or left out
    of ``values``: an epoch for a shipped model, a filter of a one-channel layer, a
    field of another view).

    Once: the first call takes the check, so a fragment's later reruns (the lab's
    cell stepper draws its link) never write to the run's slot again.
    """
    check = st.session_state.get(_CHECK_KEY, {}).pop(page, None)
    if check is None:
        return
    unused = {}
    for name, wanted in check.values.items():
        if name not in spec:
            continue  # a field of another part of the page's link (the lab's quiz)
        try:
            held = spec[name].format(wanted)
            differs = values.get(name) is None or held != spec[name].format(values[name])
        except (TypeError, ValueError):  # a view value no link could hold: nothing to say
            differs = False
        if differs:
            unused[name] = held
    if unused:
        fields = _named(_labels(spec, unused, unused))
        check.slot.warning(tr("common.link_not_applied", fields=fields))


def share_ui(
    page: str,
    spec: Spec,
    values: Mapping[str, Any],
    *,
    note: str = "",
    help: str = "",
) -> str:
    """Keep this view in the URL and show the link with a copy button.

    In the run that read the page's link, it also names the link's values that the
    view drawn does not have (a widget fell back to its default, or ``values`` has
    none for its field: the view has no place for it).

    Args:
        page: the page's url path (``"explorer"``).
        spec: the page's fields.
        values: the view now (``None`` values are left out of the link).
        note: a translated line under the link (what the link cannot carry).
        help: a translated line over the link in place of ``common.share_help``
            (which says the link opens this same view), for a view the link opens
            only in part: it names what the link leaves out.

    Returns:
        The link.
    """
    _check_applied(page, spec, values)
    params = {**shareable(values, spec), LANG_PARAM: lang()}
    left_out = [name for name, value in values.items() if value is not None and name not in params]
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    base = (st.context.url or f"/{page}").rstrip("/")
    if not base.endswith(f"/{page}"):
        base = f"{base}/{page}"
    url = f"{base}?{urlencode(params)}"
    with st.expander(tr("common.share_header")):
        st.caption(help or tr("common.share_help"))
        st.code(url, language=None, wrap_lines=True)
        if left_out:
            st.caption(tr("common.share_left_out", fields=_named(_labels(spec, left_out))))
        if note:
            st.caption(note)
    return url
