"""One word per concept: no UI string uses a word the glossary rejected.

Matching: a Korean variant matches anywhere (particles attach to the noun); an
English variant matches case-insensitively from the start of a word, with an
optional plural or verb ending (``color`` catches "colors", "colored", "colorful"
but ``gray`` does not catch "grayscale").
"""

from __future__ import annotations

import re

import pytest

from cnn_core.datasets import DATASETS
from ui import i18n
from ui.i18n.glossary import GLOSSARY


def variant_pattern(variant: str, lang: str) -> re.Pattern[str]:
    """The pattern that finds ``variant`` in a ``lang`` string (see the module docstring)."""
    if lang == "ko":
        return re.compile(re.escape(variant))
    return re.compile(rf"\b{re.escape(variant)}(?:s|es|ed|ing|ful)?\b", re.IGNORECASE)


def in_parentheses(text: str, index: int) -> bool:
    """Whether ``text[index]`` lies inside (half- or full-width) parentheses."""
    depth = 0
    for char in text[:index]:
        if char in "(（":
            depth += 1
        elif char in ")）" and depth:
            depth -= 1
    return depth > 0


def violations(key: str, lang: str, text: str) -> list[str]:
    """The rejected variants ``text`` uses, each as ``"variant -> chosen"``.

    A variant inside parentheses in its term's ``aside`` string is not reported
    (the test checks separately that it appears there once at most).
    """
    found = []
    for term in GLOSSARY:
        for phrase in term.allowed.get(lang, ()):
            text = re.sub(re.escape(phrase), " ", text, flags=re.IGNORECASE)
    for term in GLOSSARY:
        chosen = term.ko if lang == "ko" else term.en
        for variant in term.rejected.get(lang, ()):
            for match in variant_pattern(variant, lang).finditer(text):
                if term.aside == (key, lang) and in_parentheses(text, match.start()):
                    continue
                found.append(f"{match.group(0)!r} -> {chosen!r}")
    return found


def test_no_ui_string_uses_a_rejected_word():
    found = {
        f"{key} [{lang}]": bad
        for key, texts in i18n.STRINGS.items()
        for lang, text in texts.items()
        if (bad := violations(key, lang, text))
    }
    assert not found, found


@pytest.mark.parametrize("term", [t for t in GLOSSARY if t.aside], ids=lambda t: t.ko)
def test_the_aside_names_a_rejected_variant_once_in_parentheses(term):
    key, lang = term.aside
    text = i18n.STRINGS[key][lang]
    hits = [
        match.start()
        for variant in term.rejected[lang]
        for match in variant_pattern(variant, lang).finditer(text)
    ]
    assert len(hits) == 1, (key, text)
    assert in_parentheses(text, hits[0]), text
    chosen = term.ko if lang == "ko" else term.en
    assert chosen in text, "the aside explains the chosen word"


def test_chosen_words_are_used():
    for term in GLOSSARY:
        if term.registry_class is not None:
            continue
        for lang, chosen in (("ko", term.ko), ("en", term.en)):
            assert any(chosen.lower() in texts[lang].lower() for texts in i18n.STRINGS.values()), (
                f"{chosen!r} ({term.concept}) is in no {lang} string"
            )


def test_class_names_come_from_the_dataset_registry():
    names = DATASETS["fashion_mnist"].class_names
    for term in GLOSSARY:
        if term.registry_class is not None:
            assert names["ko"][term.registry_class] == term.ko
            assert names["en"][term.registry_class] == term.en
    titles = {info.title["en"]: info.title["ko"] for info in DATASETS.values()}
    for term in GLOSSARY:
        assert titles.get(term.en, term.ko) == term.ko, "a dataset's name is its registry title"
    assert names["ko"] == [
        *("티셔츠", "바지", "스웨터", "드레스", "코트"),
        *("샌달", "셔츠", "스니커즈", "가방", "앵클부츠"),
    ]


def test_no_string_spells_a_class_differently_from_the_registry():
    """Class names on screen come from DATASETS; no string keeps a copy of one."""
    names = DATASETS["fashion_mnist"].class_names
    for key, texts in i18n.STRINGS.items():
        for name in names["ko"]:
            assert texts["ko"].strip() != name, f"{key} copies the class name {name!r}"
        for name in names["en"]:
            assert texts["en"].strip().lower() != name.lower(), f"{key} copies {name!r}"


@pytest.mark.parametrize(
    ("key", "lang", "text", "expected"),
    [
        ("x", "ko", "층별 특징 맵", ["'특징 맵' -> '특성 맵'"]),
        ("x", "ko", "층마다의 활성화 맵", ["'층마다의' -> '층별'"]),
        ("x", "ko", "합성곱 층과 풀링 층", ["'합성곱 층' -> '합성곱층'", "'풀링 층' -> '풀링층'"]),
        ("x", "ko", "모델이 본 곳(Grad-CAM, 가리기 실험)", ["'가리기 실험' -> '가림 민감도'"]),
        ("lab.relu_help", "ko", "특성 맵(특징 맵이라고도 합니다)", []),
        ("lab.relu_help", "ko", "특징 맵과 특성 맵", ["'특징 맵' -> '특성 맵'"]),
        ("x", "en", "Convert to gray, not grayscale", ["'gray' -> 'grey'"]),
        ("x", "en", "Colors and colourful", ["'Colors' -> 'colour'"]),
        ("x", "en", "Random seed; the seeds' CNN", ["'seeds' -> 'course notes'"]),
        ("x", "en", "cv2.cvtColor and COLOR_BGR2GRAY", []),
        ("x", "ko", "Dense 층: 유닛 하나", ["'Dense 층' -> '완전연결층'", "'유닛' -> '뉴런'"]),
    ],
)
def test_matching_rules(key, lang, text, expected):
    assert sorted(violations(key, lang, text)) == sorted(expected)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sample_titles_are_the_registry_class_names(lang):
    """A student who picks the 스니커즈 sample is told 스니커즈, not another spelling."""
    from ui.image_input import sample_paths, sample_title

    names = DATASETS["fashion_mnist"].class_names[lang]
    stems = [path.stem.removeprefix("fashion_") for path in sample_paths()]
    fashion = [stem for stem in stems if not stem.startswith("digit_") and stem != "scene"]
    assert {"sandal", "sneaker", "trouser", "tshirt"} <= set(fashion)
    for stem in fashion:
        assert sample_title(stem, lang) in names, stem
    assert sample_title("sneaker", lang) == names[7]
    assert sample_title("fashion_trouser", lang) == names[1]
    assert sample_title("tshirt", lang) == names[0]
    assert sample_title("digit_7", lang) == i18n.t("predict.sample.digit", lang, n="7")


def test_no_string_strikes_itself_through():
    """Streamlit's Markdown strikes through text between two ``~`` ("9~16행, 9~16열");
    inside a code span (a path, an address) a ``~`` is only a character."""
    struck = [
        f"{key} [{lang}]"
        for key, texts in i18n.STRINGS.items()
        for lang, text in texts.items()
        if re.sub(r"`[^`]*`", "", text).count("~") >= 2
    ]
    assert not struck, struck
