"""User text inside Streamlit's Markdown, shown exactly as typed.

``st.markdown``, ``st.caption``, ``st.error``/``st.success`` and every ``st.table``
cell read Markdown: a run's name ``**top**`` would show bold, ``:red[x]`` in red, a
file name ``[x](http://…)`` as a link. Text that a user chose (a board name, a file
name) goes through :func:`markdown_text` before it is put into such a message.
"""

from __future__ import annotations

import re

_MARKDOWN_PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
"""Every ASCII punctuation character: CommonMark lets a backslash escape each of them."""
_LINK_START = re.compile(r"www(?=\.)|:(?=//)|@", re.IGNORECASE)
"""Where GFM turns bare text into a link (``www.``, ``http://``, ``a@b.c``): it finds
those in the parsed text, after the escapes are gone."""
WORD_JOINER = "\u2060"
"""Invisible, unbreakable: placed where a bare address starts, no link is made."""


def markdown_text(text: str) -> str:
    """``text`` written so that Streamlit's Markdown shows it as typed, never as markup.

    Every ASCII punctuation character gets a backslash (no bold, colour, link, image,
    heading, list, HTML, LaTeX or ``:material/`` icon can start), and an invisible
    word joiner (U+2060) follows ``www``, ``:`` before ``//`` and ``@``, so that no
    bare address becomes a link. Letters, digits, spaces, Hangul and emoji are kept
    as they are.
    """
    joined = _LINK_START.sub(lambda match: match.group() + WORD_JOINER, text)
    return _MARKDOWN_PUNCTUATION.sub(lambda match: "\\" + match.group(), joined)
