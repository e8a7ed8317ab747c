"""The lab's quiz: questions made by :mod:`cnn_core.quiz`, checked on submit.

A round is ``(round number, level)``; both travel in the link (``?quiz=…&level=…``,
read with :mod:`ui.links`), so a teacher hands the class one link and everyone gets
the same questions. A wrong answer shows the worked solution with the question's
numbers, in the lab's own formula view. The round lives in the session only:
nothing about a student is stored. An answer is kept as it is typed or chosen, checked
or not (a language switch or a visit to another page keeps it); only "Check" checks it.
"""

from __future__ import annotations

import random

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app_pages.lab.explain import dilation_text, padded_input_figure, window_and_cell
from app_pages.lab.widgets import SECTION_KEY
from cnn_core import formulas
from cnn_core.arithmetic import (
    explain_output_size,
    param_count,
    resolve_padding,
)
from cnn_core.figures import matrix_figure
from cnn_core.kernels import KERNELS
from cnn_core.quiz import (
    LEVELS,
    MAX_SEED,
    AnswerError,
    Question,
    answer_text,
    is_right,
    make_round,
    score,
)
from cnn_core.traces import trace_cell, trace_pool_cell
from ui import links
from ui.layout import CHART_CONFIG
from ui.markdown import markdown_text
from ui.state import fill, keep, labels, tr

SEED_KEY, LEVEL_KEY = "lab.quiz.seed", "lab.quiz.level"
RESULTS_KEY = "lab.quiz.results"
"""Session only: ``{(seed, level): {question index: the answer submitted}}``."""
LINK = {
    "quiz": links.integer(0, MAX_SEED - 1).labelled("lab.quiz.seed"),
    "level": links.choice(LEVELS).labelled("lab.quiz.level"),
}
"""What a quiz link holds: the round number and the level."""
UNREAD_KEY = "lab.quiz.unread"
"""Session only: a link's round number that could not be read, until the quiz has said
that every student then gets a random round of their own."""


def open_round(seed: int | None, level: str | None, *, code_unread: bool = False) -> None:
    """Open the quiz at a link's round number and level (either may be missing).

    ``code_unread``: the link held a round number that could not be read (the quiz then
    says what that means, see :data:`UNREAD_KEY`).
    """
    if code_unread:
        st.session_state[UNREAD_KEY] = True
    values: dict[str, object] = {SECTION_KEY: "quiz"}
    if seed is not None:
        values[SEED_KEY] = seed
    if level is not None:
        values[LEVEL_KEY] = level
    fill(values)


def _new_round() -> None:
    """Callback: a fresh round number."""
    fill({SEED_KEY: random.randrange(MAX_SEED)})


def quiz_section(toolbar: DeltaGenerator) -> None:
    """Round number, level, the questions, the score and the link for the class."""
    if SEED_KEY not in st.session_state:
        fill({SEED_KEY: random.randrange(MAX_SEED)})
    if st.session_state.pop(UNREAD_KEY, False):  # more than "the defaults are used"
        st.warning(tr("lab.quiz.unread", code=st.session_state[SEED_KEY]), icon="⚠️")
    with toolbar:
        st.button(
            tr("lab.quiz.new"), key="lab.quiz.new", icon=":material/casino:", on_click=_new_round
        )
    seed_col, level_col = st.columns(2, vertical_alignment="bottom")
    seed = int(
        keep(
            seed_col.number_input,
            SEED_KEY,
            tr("lab.quiz.seed"),
            default=0,
            min_value=0,
            max_value=MAX_SEED - 1,
            help=tr("lab.quiz.seed_help", new=tr("lab.quiz.new")),
        )
    )
    level = keep(
        level_col.radio,
        LEVEL_KEY,
        tr("lab.quiz.level"),
        LEVELS,
        format_func=labels("lab.quiz.level", LEVELS),
        horizontal=True,
    )
    links.share_ui("lab", LINK, {"quiz": seed, "level": level}, note=tr("lab.quiz.private"))
    questions = make_round(seed, level)
    submitted = st.session_state.setdefault(RESULTS_KEY, {}).setdefault((seed, level), {})
    score_slot = st.container()
    for index, question in enumerate(questions):
        with st.container(border=True, key=f"lab.quiz.question{index}"):
            question_ui(index, question, submitted)
    right, answered = score(questions, submitted)  # an answer that cannot be read is no answer
    score_slot.markdown(tr("lab.quiz.score", right=right, answered=answered, total=len(questions)))


def _verdict(question: Question, given: str | None) -> bool | AnswerError:
    """Right, wrong, or why the answer could not be read."""
    try:
        return is_right(question, given)
    except AnswerError as error:
        return error


def question_ui(index: int, question: Question, submitted: dict[int, str | None]) -> None:
    """One question: its text and pictures, the answer and its Check button, the verdict
    and solution."""
    st.markdown(f"**{index + 1}.** {question_text(question)}")
    pictures_ui(index, question)
    key = f"lab.quiz.answer{index}"
    # No form: a form sends what was typed only when checked, and a language switch
    # (fresh widgets, ui.state.keep) lost an answer typed but not yet checked.
    if question.choices:
        given = keep(
            st.radio,
            key,
            tr("lab.quiz.answer"),
            question.choices,
            default=None,  # nothing chosen until the student chooses
            format_func=labels("lab.kernel", question.choices),
            horizontal=True,
        )
    else:
        hint = tr("lab.quiz.shape_hint") if question.kind == "model_shapes" else ""
        given = keep(st.text_input, key, tr("lab.quiz.answer"), default="", placeholder=hint)
    if st.button(tr("lab.quiz.check"), key=f"lab.quiz.check{index}"):
        submitted[index] = given
    if index not in submitted:
        return
    verdict = _verdict(question, submitted[index])
    if verdict is True:
        st.success(tr("lab.quiz.right"), icon=":material/check_circle:")
    elif verdict is False:
        key_text = _key_text(question)
        st.error(tr("lab.quiz.wrong", answer=key_text), icon=":material/cancel:")
        solution_ui(index, question)
    else:
        typed = markdown_text(verdict.value)  # "$1,5$" shown as typed, not as a formula
        st.warning(tr(f"lab.quiz.error.{verdict.code}", value=typed), icon="⚠️")


def _key_text(question: Question) -> str:
    if question.choices:
        return tr(f"lab.kernel.{question.answer}")
    return answer_text(question)


def question_text(q: Question) -> str:
    """The question in the UI language, with its numbers."""
    s = q.settings
    if q.kind == "output_size":
        extra = tr("lab.quiz.q.dilation", d=s["D"]) if s["D"] > 1 else ""
        return tr("lab.quiz.q.output_size", h=s["H"], f=s["F"], p=s["P"], s=s["S"]) + extra
    if q.kind == "params":
        return tr("lab.quiz.q.params", fh=s["FH"], fw=s["FW"], c=s["C"], f=s["F"])
    if q.kind == "conv_cell":
        return tr("lab.quiz.q.conv_cell", p=s["P"], s=s["S"], row=s["row"] + 1, col=s["col"] + 1)
    if q.kind == "pool_cell":
        mode = tr(f"lab.pool.{s['mode']}")
        return tr(
            "lab.quiz.q.pool_cell", size=s["size"], mode=mode, row=s["row"] + 1, col=s["col"] + 1
        )
    if q.kind == "named_kernel":
        return tr("lab.quiz.q.named_kernel")
    layers = " → ".join(layer_text(layer) for layer in q.layers)
    asked = layer_text(q.layers[int(s["layer"])])
    return tr(
        "lab.quiz.q.model_shapes",
        h=s["H"],
        c=s["C"],
        layers=layers,
        n=int(s["layer"]) + 1,
        layer=asked,
    )


def layer_text(layer: tuple[str, dict[str, int | str]]) -> str:
    """A layer as the course writes it: ``Conv2D(16, 3×3, same)``, ``MaxPool(2)``."""
    kind, spec = layer
    if kind == "conv":
        return f"Conv2D({spec['filters']}, {spec['kernel']}×{spec['kernel']}, {spec['padding']})"
    if kind == "pool":
        return f"MaxPool({spec['size']})"
    if kind == "dense":
        return f"Dense({spec['units']})"
    return "Flatten"


def pictures_ui(index: int, q: Question) -> None:
    """The matrices a question shows (input, kernel, the map to name)."""
    shown = {
        "conv_cell": [("x", "lab.input", None), ("kernel", "lab.kernel", 0.0)],
        "pool_cell": [("x", "lab.input", None)],
        "named_kernel": [("x", "lab.input", None), ("shown", "lab.feature_map", 0.0)],
    }.get(q.kind, [])
    for column, (name, title, zmid) in zip(st.columns(3), shown, strict=False):
        column.plotly_chart(
            matrix_figure(q.arrays[name], title=tr(title), zmid=zmid),
            key=f"lab.fig.quiz{index}.{name}",
            config=CHART_CONFIG,
        )


def solution_ui(index: int, q: Question) -> None:
    """The worked solution with the question's numbers (the lab's formula view)."""
    st.markdown(f"**{tr('lab.quiz.solution')}**")
    s = q.settings
    if q.kind == "output_size":
        ex = explain_output_size(s["H"], s["F"], stride=s["S"], padding=s["P"], dilation=s["D"])
        st.latex(formulas.GENERAL)
        st.latex(formulas.size_latex("OH", ex))
        if s["D"] > 1:
            st.caption(dilation_text((s["F"], s["F"]), s["D"]))
    elif q.kind == "params":
        total = param_count(s["FH"], s["FW"], s["C"], s["F"])
        shown = {"kh": s["FH"], "kw": s["FW"], "c": s["C"], "f": s["F"], "total": f"{total:,}"}
        st.markdown(tr("lab.ch.params", **shown))
    elif q.kind == "conv_cell":
        x, k = q.arrays["x"], q.arrays["kernel"]
        trace = trace_cell(x, k, s["row"], s["col"], stride=s["S"], padding=s["P"])
        pads = resolve_padding(x.shape, k.shape, padding=s["P"])
        padded, grey = padded_input_figure(x, pads, (trace.rows, trace.cols))
        window_and_cell(
            padded,
            matrix_figure(k, title=tr("lab.kernel"), zmid=0),
            (x.shape[1] + pads[2] + pads[3], k.shape[1]),
            (f"lab.fig.quiz{index}.padded", f"lab.fig.quiz{index}.kernel_again"),
            grey=grey,
        )
        st.code(trace.text, language=None, wrap_lines=True)
    elif q.kind == "pool_cell":
        trace = trace_pool_cell(
            q.arrays["x"],
            s["size"],
            s["row"],
            s["col"],
            mode=s["mode"],
            name=tr(f"lab.pool.fn.{s['mode']}"),
        )
        st.code(trace.text, language=None, wrap_lines=True)
    elif q.kind == "named_kernel":
        kernel = KERNELS[str(q.answer)]
        st.plotly_chart(
            matrix_figure(kernel, title=tr(f"lab.kernel.{q.answer}"), zmid=0),
            key=f"lab.fig.quiz{index}.answer",
            config=CHART_CONFIG,
        )
        st.code(trace_cell(q.arrays["x"], kernel, 0, 0).text, language=None, wrap_lines=True)
    else:
        lines = [f"{tr('lab.input')}: {s['H']}×{s['H']}×{s['C']}"]
        side = int(s["H"])
        for layer, shape in zip(q.layers, q.shapes, strict=True):
            kind, spec = layer
            how = ""
            if kind == "conv":
                how = explain_output_size(
                    side, int(spec["kernel"]), padding=spec["padding"]
                ).formula
            elif kind == "pool":
                how = explain_output_size(side, int(spec["size"]), stride=int(spec["size"])).formula
            shape_text = "×".join(str(v) for v in shape)
            lines.append(f"{layer_text(layer)}: {how + ' → ' if how else ''}{shape_text}")
            side = shape[0]
        st.code("\n".join(lines), language=None)
