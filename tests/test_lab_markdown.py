"""The lab's and the home page's text shows as written: Streamlit reads it as Markdown.

``st.caption``, ``st.markdown``, ``st.error`` and the rest read their text as Markdown,
so the seed's ``1*2 + 2*0 + 3*1`` once showed as "12 + 20 + 3*1" (the ``*`` pairs
turned italic). Every string of these pages is rendered here the way a Markdown
reader does, and must read as written, less the bold and code marks it means.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest
from markdown_it import MarkdownIt
from test_lab_page import edit, load

from app_harness.apptest import open_page
from ui import i18n
from ui.i18n import home, lab, quiz
from ui.markdown import markdown_text

_MARKDOWN = MarkdownIt("commonmark").enable("strikethrough")


def shown(text: str) -> str:
    """What a Markdown reader shows of ``text``: its visible text, marks and tags gone."""
    rendered = _MARKDOWN.renderInline(text)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def meant(text: str) -> str:
    """``text`` less the marks it means: ``**bold**`` and ``` `code` ```."""
    return text.replace("**", "").replace("`", "")


class _Fields(defaultdict):
    """Any placeholder filled with a number (``{n}``, ``{total:,}``)."""

    def __missing__(self, key: str) -> int:
        return 1234


STRINGS = [
    (f"{table.__name__}:{key}:{lang}", text)
    for table in (lab, quiz, home)
    for key, texts in table.STRINGS.items()
    for lang, text in texts.items()
]


@pytest.mark.parametrize(("where", "text"), STRINGS, ids=[where for where, _ in STRINGS])
def test_every_string_reads_as_written(where, text):
    filled = text.format_map(_Fields())
    assert shown(filled) == meant(filled), where
    assert "$" not in text and "~" not in text, "LaTeX or strikethrough (GFM: one ~ is enough)"
    assert not re.search(r":[a-z]+\[", text), "a Streamlit colour or badge directive"


def test_the_check_catches_the_seeds_sum_written_bare():
    bare = "Its first cell is 1*2 + 2*0 + 3*1 + … = 15."
    assert shown(bare) != meant(bare)  # "12 + 20 + 3*1": what the audit saw
    assert shown(bare.replace("1*2 + 2*0 + 3*1 + … = 15", "`1*2 + 2*0 + 3*1 + … = 15`")) == bare


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_no_padding_note_shows_the_seeds_sum_exactly(lang):
    at = load(open_page("lab", lang), "seed_no_padding")
    name = i18n.t("lab.preset.seed_no_padding", lang)
    notes = [shown(c.value) for c in at.caption if name in c.value]
    assert len(notes) == 1 and "1*2 + 2*0 + 3*1 + … = 15" in notes[0]


def test_a_typed_cell_is_quoted_as_typed_in_its_message():
    at = edit(open_page("lab", "en"), "x", {(0, 1): "*2*"})
    assert "“*2*” at row 1, column 2 is not a number." in shown(at.error[0].value)
    assert markdown_text("*2*") in at.error[0].value
