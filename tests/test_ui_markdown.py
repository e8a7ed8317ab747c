"""ui.markdown: user text put into Streamlit's Markdown shows as typed."""

from __future__ import annotations

import re

import pytest

from ui.markdown import WORD_JOINER, markdown_text


def unescaped(text: str) -> str:
    """What a Markdown reader shows for ``text`` made only of escapes and plain text."""
    return re.sub(r"\\(.)", r"\1", text).replace(WORD_JOINER, "")


@pytest.mark.parametrize(
    "typed",
    [
        "**굵게** <b>x</b> :red[빨강]",
        "[link](http://e.x) ![img](x.png)",
        "# heading",
        "- item",
        "$x^2$ :material/home: &amp;",
        "a_b_c.png",
        "www.example.com mail@example.com",
    ],
)
def test_no_markup_survives_and_the_text_reads_back(typed):
    shown = markdown_text(typed)
    assert unescaped(shown) == typed
    assert not re.search(r"(?<!\\)[*_\[\]<>#$:`~]", shown.replace(WORD_JOINER, ""))
    assert "www." not in shown and "://" not in shown and "e@" not in shown


def test_plain_words_are_unchanged():
    for typed in ("김민수", "Team 3", "🚀 로켓", "abc 123"):
        assert markdown_text(typed) == typed
