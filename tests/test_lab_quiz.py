"""The lab's quiz section in AppTest: a round from a link, right and wrong answers, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_harness.apptest import APP, TIMEOUT, open_page, texts
from cnn_core import quiz
from cnn_core.quiz import KINDS, answer_text, make_round
from ui import i18n


def open_link(params: dict[str, str], lang: str = "en") -> AppTest:
    """The lab opened from a link with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page("app_pages/lab/page.py")
    at.run()
    assert not at.exception, at.exception
    return at


def type_answer(at: AppTest, index: int, text: str) -> AppTest:
    """Type ``text`` (or choose it) as the answer of question ``index``, unchecked (sent
    with the next run)."""
    key = f"lab.quiz.answer{index}.{at.session_state['lang']}"
    if KINDS[index] == "named_kernel":
        at.radio(key=key).set_value(text)
    else:
        at.text_input(key=key).input(text)
    return at


def check(at: AppTest, index: int) -> AppTest:
    """Press question ``index``'s Check button."""
    at.button(key=f"lab.quiz.check{index}").click().run()
    assert not at.exception, at.exception
    return at


def answer(at: AppTest, index: int, text: str) -> AppTest:
    """Type ``text`` (or choose it) as the answer of question ``index`` and press Check."""
    return check(type_answer(at, index, text), index)


def test_a_link_gives_everyone_the_same_round_and_a_right_answer_scores():
    at = open_link({"quiz": "42", "level": "hard"})
    assert at.radio(key="lab.section.en").value == "quiz"
    assert at.number_input(key="lab.quiz.seed.en").value == 42
    assert at.radio(key="lab.quiz.level.en").value == "hard"
    round_ = make_round(42, "hard")
    answer(at, 0, answer_text(round_[0]))
    assert i18n.t("lab.quiz.right", "en") in [s.value for s in at.success]
    assert "Score: **1** of 1 answered (6 questions)" in texts(at)
    assert "quiz=42" in texts(at) and "level=hard" in texts(at)


@pytest.mark.parametrize("index", range(len(KINDS)))
def test_a_wrong_answer_shows_the_worked_solution(index):
    at = open_link({"quiz": "7", "level": "medium"})
    question = make_round(7, "medium")[index]
    if question.choices:
        wrong = next(c for c in question.choices if c != question.answer)
    elif isinstance(question.answer, tuple):
        wrong = "1x1x1"
    else:
        wrong = f"{question.answer + 1:g}"
    answer(at, index, wrong)
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "Not quite" in errors[0]
    shown = texts(at)
    assert i18n.t("lab.quiz.solution", "en") in shown
    assert "Score: **0** of 1 answered" in shown
    if question.kind == "output_size":
        s = question.settings
        assert f"\\frac{{{s['H']} + 2 \\cdot {s['P']}" in shown  # the lab's formula view
    if question.kind == "conv_cell":
        assert f"= {question.answer:g}" in shown  # the multiply-accumulate line
    if question.kind == "params":
        assert f"**{question.answer:,}**" in shown  # thousands grouped, as Home writes them


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "“abc” is not a number."),
        ("", "The answer is empty."),
        ("   ", "The answer is empty."),
        ("1e999", "is too large"),
        ("123456789012345", "is too large"),
        ("1,5", "“1\\,5”: write decimals with a point, like 1.5."),  # Markdown-escaped
        ("10,00", "A comma may only group thousands, like 1,024."),
        ("ㄱ5", "Switch the keyboard to English (half-width) input"),
    ],
)
def test_bad_input_gets_a_translated_message(text, message):
    at = open_link({"quiz": "3", "level": "easy"})
    answer(at, 1, text)
    assert not at.error and not at.success
    assert message in at.warning[0].value
    assert "Score: **0** of 0 answered" in texts(at)  # not an answer: not counted


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_only_answers_that_can_be_read_count_in_the_score(lang):
    at = open_link({"quiz": "3", "level": "easy"}, lang=lang)
    round_ = make_round(3, "easy")

    def shown_score(right: int, answered: int) -> bool:
        total = len(round_)
        return i18n.t("lab.quiz.score", lang, right=right, answered=answered, total=total) in [
            m.value for m in at.markdown
        ]

    answer(at, 0, "abc")
    assert shown_score(0, 0)
    answer(at, 1, answer_text(round_[1]))
    assert shown_score(1, 1)
    answer(at, 0, f"{round_[0].answer + 1:g}")  # now a number: a wrong answer
    assert shown_score(1, 2)
    answer(at, 1, "")  # the right answer erased: no longer an answer
    assert shown_score(0, 1)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_blank_shape_answer_asks_for_a_shape_and_a_decimal_comma_for_a_point(lang):
    at = open_link({"quiz": "3", "level": "easy"}, lang=lang)
    answer(at, KINDS.index("model_shapes"), "")
    shape_message = i18n.t("lab.quiz.error.blank_shape", lang)
    assert [w.value for w in at.warning] == [shape_message]
    assert "14x14x32" in shape_message and i18n.t("lab.quiz.error.blank", lang) != shape_message
    answer(at, KINDS.index("params"), "$1,5$")  # shown as typed, not as a formula
    typed = r"\$1\,5\$"
    assert i18n.t("lab.quiz.error.comma", lang, value=typed) in [w.value for w in at.warning]
    assert not at.error and not at.success  # neither right nor wrong: asked again
    grouped = f"{int(make_round(3, 'easy')[1].answer):,}"  # "1,216" is read as 1216
    answer(at, KINDS.index("params"), grouped)
    assert i18n.t("lab.quiz.right", lang) in [s.value for s in at.success]


def test_a_bad_shape_and_korean_messages():
    at = open_link({"quiz": "3", "level": "easy"}, lang="ko")
    answer(at, 5, "열넷")
    assert "모양이 아닙니다" in at.warning[0].value
    answer(at, 5, "14ㅌ14")  # the x of 14x14 in Korean mode: switch the keyboard
    assert "한/영 키로 영문(반각) 입력으로 바꾼 뒤" in at.warning[0].value
    answer(at, 1, "")
    assert i18n.t("lab.quiz.error.blank", "ko") in [w.value for w in at.warning]


@pytest.mark.parametrize(
    "params",
    [
        {"quiz": "12; DROP TABLE", "level": "hard"},
        {"quiz": "-5", "level": "<script>alert(1)</script>"},
        {"quiz": "9" * 40, "level": "expert"},
    ],
)
def test_a_malformed_or_hostile_link_falls_back_with_a_message(params):
    at = open_link(params)
    assert at.radio(key="lab.section.en").value == "quiz"
    warnings = " ".join(w.value for w in at.warning)
    assert warnings, "the page says part of the link was not used"
    assert 0 <= at.number_input(key="lab.quiz.seed.en").value < 10**9
    assert at.radio(key="lab.quiz.level.en").value in ("easy", "hard")
    assert [at.button(key=f"lab.quiz.check{i}").label for i in range(len(KINDS))] == [
        i18n.t("lab.quiz.check", "en")
    ] * len(KINDS)


def test_new_round_changes_the_code_and_a_round_lives_in_the_session_only():
    at = open_page("lab", "en")
    at.radio(key="lab.section.en").set_value("quiz").run()
    before = at.number_input(key="lab.quiz.seed.en").value
    at.button(key="lab.quiz.new").click().run()
    assert not at.exception
    assert at.number_input(key="lab.quiz.seed.en").value != before
    assert "Score: **0** of 0 answered" in texts(at)


def test_every_answer_error_has_a_message_in_both_languages():
    codes = set(re.findall(r'AnswerError\("(\w+)"', Path(quiz.__file__).read_text()))
    assert {
        "blank",
        "blank_shape",
        "comma",
        "no_choice",
        "not_number",
        "korean_mode",
        "not_shape",
        "too_big",
    } == codes
    for code in codes:
        for lang in ("ko", "en"):
            assert i18n.t(f"lab.quiz.error.{code}", lang, value="1,5")


@pytest.mark.parametrize("typed", ["{}개", "{} 개", "{:,}개"])
def test_a_number_with_a_korean_counter_is_an_answer(typed):
    at = open_link({"quiz": "3", "level": "easy"}, lang="ko")
    params = int(make_round(3, "easy")[KINDS.index("params")].answer)
    answer(at, KINDS.index("params"), typed.format(params))  # "448개", as a student says it
    assert i18n.t("lab.quiz.right", "ko") in [s.value for s in at.success]
    answer(at, KINDS.index("params"), "개수")  # a counter word alone is still no number
    assert "숫자가 아닙니다" in at.warning[0].value


def test_the_korean_verdict_gives_the_key_with_nothing_between_it_and_its_words():
    at = open_link({"quiz": "7", "level": "medium"}, lang="ko")
    question = make_round(7, "medium")[KINDS.index("output_size")]
    answer(at, KINDS.index("output_size"), f"{question.answer + 1:g}")
    assert f"정답: **{answer_text(question)}**." in at.error[0].value


def _chart_title(at: AppTest, key: str) -> str:
    chart = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    return json.loads(chart.proto.spec)["layout"]["title"]["text"]


@pytest.mark.parametrize(("seed", "padded"), [(12345, False), (2, True)])
def test_a_worked_convolution_speaks_of_padding_only_when_there_is_some(seed, padded):
    """Seed 12345 (easy) has P = 0: its solution was titled "Padded input" and said that
    grey cells were zero padding. Seed 2 (medium) has P = 1."""
    level = "medium" if padded else "easy"
    question = make_round(seed, level)[KINDS.index("conv_cell")]
    assert question.settings["P"] == int(padded)
    at = open_link({"quiz": str(seed), "level": level})
    answer(at, KINDS.index("conv_cell"), f"{question.answer + 1:g}")
    title = _chart_title(at, f"lab.fig.quiz{KINDS.index('conv_cell')}.padded")
    assert title == i18n.t("lab.padded_input" if padded else "lab.input", "en")
    assert (i18n.t("lab.padding_legend", "en") in texts(at)) == padded


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_link_whose_round_code_cannot_be_read_says_each_student_gets_another_round(lang):
    at = open_link({"quiz": "abc", "level": "hard"}, lang=lang)
    seed = at.number_input(key=f"lab.quiz.seed.{lang}").value
    assert i18n.t("lab.quiz.unread", lang, code=seed) in [w.value for w in at.warning]
    at.run()  # said once, when the link is opened
    assert i18n.t("lab.quiz.unread", lang, code=seed) not in [w.value for w in at.warning]
    good = open_link({"quiz": "42", "level": "hard"}, lang=lang)
    assert not good.warning


def test_a_large_key_is_written_with_thousands_grouped():
    at = open_link({"quiz": "0", "level": "medium"})
    question = make_round(0, "medium")[KINDS.index("params")]
    assert question.answer == 102464
    answer(at, KINDS.index("params"), "1")
    assert "the answer is **102,464**" in at.error[0].value


@pytest.mark.parametrize(
    "typed", ["(None, 16, 16, 16)", "[16, 16, 16]", "16×16×16개", "(none,16,16,16)"]
)
def test_a_shape_written_as_keras_writes_it_is_an_answer(typed):
    at = open_link({"quiz": "0", "level": "medium"}, lang="ko")
    assert make_round(0, "medium")[KINDS.index("model_shapes")].answer == (16, 16, 16)
    answer(at, KINDS.index("model_shapes"), typed)
    assert i18n.t("lab.quiz.right", "ko") in [s.value for s in at.success]


@pytest.mark.parametrize(
    ("lang", "label", "help_words"),
    [
        (
            "ko",
            "문제 세트 번호 (같은 번호면 같은 문제)",
            ("문제 하나의 번호가 아니라", "「새 문제」"),
        ),
        (
            "en",
            "Round number (same number, same questions)",
            ("Not a question's number", "“New round”"),
        ),
    ],
)
def test_the_round_number_is_not_taken_for_a_question_number(lang, label, help_words):
    """Beside questions numbered 1–6, a seed labelled "문제 번호" read as a question's number:
    its label and help say it is the round's, and that the same number gives the same
    questions (a teacher gives the class one round)."""
    at = open_link({"quiz": "752450874", "level": "easy"}, lang=lang)
    seed = at.number_input(key=f"lab.quiz.seed.{lang}")
    assert seed.value == 752450874  # the link still opens that round
    assert seed.label == label
    assert all(words in seed.help for words in help_words), seed.help
    assert "quiz=752450874" in texts(at)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_multiple_choice_question_starts_with_nothing_chosen(lang):
    at = open_link({"quiz": "42", "level": "hard"}, lang)
    index = KINDS.index("named_kernel")
    assert at.radio(key=f"lab.quiz.answer{index}.{lang}").value is None
    check(at, index)  # Check with no choice: asked to choose, not wrong
    assert [w.value for w in at.warning] == [i18n.t("lab.quiz.error.no_choice", lang)]
    assert not at.error


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_answer_typed_but_not_checked_survives_a_language_switch(lang):
    """A form sent a typed answer only when checked: switching the language lost it (the
    checked ones were kept). Typed and switched in one run, as a click on the switch
    right after typing sends both."""
    other = "en" if lang == "ko" else "ko"
    at = open_link({"quiz": "12345", "level": "hard"}, lang)
    round_ = make_round(12345, "hard")
    index = KINDS.index("output_size")
    named = KINDS.index("named_kernel")
    type_answer(at, index, answer_text(round_[index]))
    type_answer(at, named, round_[named].answer)
    at.session_state["lang"] = other
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key=f"lab.quiz.answer{index}.{other}").value == answer_text(round_[index])
    assert at.radio(key=f"lab.quiz.answer{named}.{other}").value == round_[named].answer
    assert i18n.t("lab.quiz.score", other, right=0, answered=0, total=6) in texts(at)  # unchecked
    check(at, index)
    assert i18n.t("lab.quiz.right", other) in [s.value for s in at.success]
