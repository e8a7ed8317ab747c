"""Korean and English UI strings.

Every string the app shows lives in one of the modules of this package: one
module per page, plus ``common`` (the app shell and what several pages share) and
``quiz`` (the lab's quiz). Each of them defines ``STRINGS: dict[str, dict[str, str]]``
mapping a key to its text in every language, so both languages of a string sit side
by side::

    "lab.title": {"ko": "합성곱 실험실", "en": "Convolution lab"},

Texts may hold ``str.format`` fields (``"{n} filters"``); :func:`t` fills them.
``glossary`` holds no strings: it records the one word chosen per concept, which
``tests/test_glossary.py`` checks every string against.
"""

from __future__ import annotations

from collections.abc import Mapping

from cnn_core.datasets import LANGUAGES as LANGUAGES  # the one list, re-exported here
from ui.i18n import common, explorer, home, lab, predict, quiz, training

DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"ko": "한국어", "en": "English"}

_MODULES = (common, home, lab, quiz, training, explorer, predict)


def _merge(modules: tuple) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for module in modules:
        for key, texts in module.STRINGS.items():
            if key in merged:
                raise ValueError(f"i18n key {key!r} defined twice (again in {module.__name__})")
            merged[key] = texts
    return merged


STRINGS: Mapping[str, Mapping[str, str]] = _merge(_MODULES)


def t(key: str, lang: str, /, **fields: object) -> str:
    """Return the text of ``key`` in ``lang``, with ``fields`` formatted in.

    Args:
        key: a key of :data:`STRINGS`, e.g. ``"lab.title"``.
        lang: ``"ko"`` or ``"en"``.
        **fields: values for the ``{name}`` fields of the text.

    Raises:
        KeyError: unknown key or language (a bug, never user input).
    """
    try:
        text = STRINGS[key][lang]
    except KeyError as err:
        raise KeyError(f"no UI text for key={key!r}, lang={lang!r}") from err
    return text.format(**fields) if fields else text


def language_from_locale(locale: str | None) -> str:
    """Pick the UI language for a browser locale such as ``"ko-KR"`` or ``"en-US"``.

    Returns ``"ko"`` for any Korean locale, else :data:`DEFAULT_LANGUAGE`.
    """
    if locale and locale.lower().split("-")[0].split("_")[0] == "ko":
        return "ko"
    return DEFAULT_LANGUAGE
