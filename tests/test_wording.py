"""Wording: no Korean particle fallbacks in any string table; the lab's DOT-safe labels."""

from __future__ import annotations

import re

import pytest

from app_pages.lab.transpose import USES_DOT, dot_quoted
from ui.i18n import STRINGS

FALLBACK = re.compile(r"\((?:은|는|이|가|을|를|과|와|로)\)|\(으\)로")
"""“1.5은(는)”, “{name}을(를)”: a particle for either ending, after a value filled in."""


def test_no_korean_string_falls_back_to_both_particles():
    """“3 ÷ 2 = 1.5은(는) …” read badly: a string says it without a particle after a value."""
    found = {key: text["ko"] for key, text in STRINGS.items() if FALLBACK.search(text["ko"])}
    assert found == {}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("{quotient}은(는) 나누어떨어지지 않습니다", True),
        ("올린 모델 {name}을(를) 열었습니다", True),
        ("{missing}이(가) 없습니다", True),
        ("{a}와(과) {b}", True),
        ("{size}(으)로 줄입니다", True),
        ("{name}(이)라는", True),
        ("패딩({value})이 출력을 모두 잘라 냅니다", False),
        ("“{value}”: 숫자가 아닙니다.", False),
        ("특성 맵(특징 맵이라고도 합니다)", False),
    ],
)
def test_the_check_finds_a_fallback(text, found):
    assert bool(FALLBACK.search(text)) == found


QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
"""A DOT double-quoted string: any character but a quote or a backslash, or an escape."""


@pytest.mark.parametrize(
    "label",
    ["합성곱\n스트라이드 2", 'say "hi"', "back\\slash", 'end with \\"', "a\\nb"],
)
def test_a_dot_label_is_one_quoted_string_that_reads_back_as_written(label):
    dot = f'a -> b [label="{dot_quoted(label)}"];'
    (inside,) = QUOTED.findall(dot)
    unescaped = re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), inside)
    assert unescaped == label
    assert "\n" not in inside


def test_the_uses_diagram_has_no_words_of_its_own():
    """Its edge labels come from the string tables (English showed in Korean mode)."""
    words = re.sub(r"\{\w+\}", "", " ".join(QUOTED.findall(USES_DOT)))
    assert not re.search(r"\b(?:conv|transposed|S=)", words), words
    assert set(re.findall(r"\{(\w+)\}", USES_DOT)) == {"conv", "transposed"}
