"""Quiz questions made from the lab's own arithmetic, the same for everyone with one seed.

A round is a function of ``(seed, level)`` only (:func:`make_round`), so a teacher
can hand a class one link and every student gets the same questions. Every key is
computed with :mod:`cnn_core.arithmetic` (``tests/test_quiz.py`` checks each one
against Keras and TensorFlow over hundreds of seeds); nothing here is stored.

    >>> [q.kind for q in make_round(7, "easy")]
    ['output_size', 'params', 'conv_cell', 'pool_cell', 'named_kernel', 'model_shapes']
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from cnn_core.arithmetic import conv2d, format_number, output_size, param_count, pool2d
from cnn_core.kernels import KERNELS
from cnn_core.matrix_input import half_width, typed_in_korean_mode

LEVELS: tuple[str, ...] = ("easy", "medium", "hard")
KINDS: tuple[str, ...] = (
    "output_size",
    "params",
    "conv_cell",
    "pool_cell",
    "named_kernel",
    "model_shapes",
)
MAX_SEED = 10**9
"""Seeds are ``0 .. MAX_SEED - 1`` (short enough to read out in class)."""
MAX_ANSWER = 1e9
"""Larger numbers are rejected as typed answers (no key comes near)."""
QUIZ_KERNELS: tuple[str, ...] = ("box_blur", "sharpen", "sobel_x", "sobel_y", "laplacian", "edge")
"""The named kernels a "which kernel made this map?" question picks from."""

Layer = tuple[str, dict[str, int | str]]
"""A model question's layer: ``("conv", {"filters", "kernel", "padding"})``,
``("pool", {"size"})``, ``("flatten", {})`` or ``("dense", {"units"})``."""


class AnswerError(ValueError):
    """A typed answer that is not one; ``value`` is what was typed.

    ``code`` says why: ``"blank"`` (no number typed), ``"blank_shape"`` (no shape
    typed), ``"no_choice"`` (no option chosen), ``"not_number"``, ``"korean_mode"``
    (not a number or a shape, with a lone Hangul letter: a keyboard in Korean mode,
    see :func:`cnn_core.matrix_input.typed_in_korean_mode`), ``"comma"`` (a comma that does
    not group thousands, such as the decimal comma of ``"1,5"``), ``"too_big"`` or
    ``"not_shape"``.
    """

    def __init__(self, code: str, value: str):
        super().__init__(f"answer {value!r}: {code}")
        self.code = code
        self.value = value


@dataclass(frozen=True, eq=False)
class Question:
    """One question and its key.

    Attributes:
        kind: one of :data:`KINDS`.
        answer: the key: a number, a kernel name (``named_kernel``) or a shape
            tuple (``model_shapes``).
        settings: the numbers the question states (``H``, ``F``, ``P``, ``S``,
            ``D``, ``C``, ``row``, ``col``, ``mode``, ``layer``...).
        arrays: matrices it shows: ``x`` (input), ``kernel``, ``shown`` (the map of
            a ``named_kernel`` question).
        choices: the options of a multiple-choice question (kernel names).
        layers: a ``model_shapes`` question's model, after an input ``(H, H, C)``.
        shapes: the shape after every layer of ``layers`` (the worked solution).
    """

    kind: str
    answer: float | str | tuple[int, ...]
    settings: dict[str, int | str]
    arrays: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    layers: tuple[Layer, ...] = ()
    shapes: tuple[tuple[int, ...], ...] = ()


def check_seed(seed: object) -> int:
    """``seed`` (an int or its text, e.g. from a URL) as an int in ``0 .. MAX_SEED - 1``.

    Raises:
        ValueError: anything else, quoting it.
    """
    text = str(seed).strip()
    if not re.fullmatch(r"\d{1,9}", text):
        raise ValueError(f"seed must be a whole number 0..{MAX_SEED - 1}, got {seed!r}")
    return int(text)


def check_level(level: object) -> str:
    """``level`` if it is one of :data:`LEVELS`.

    Raises:
        ValueError: anything else, quoting it.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    return str(level)


def _small_ints(rng: np.random.Generator, shape: tuple[int, ...], low: int, high: int):
    return rng.integers(low, high + 1, size=shape).astype(np.float64)


def _output_size_question(rng: np.random.Generator, hard: int) -> Question:
    kernel = int(rng.choice((1, 3, 5) if hard == 0 else (2, 3, 4, 5, 7)))
    padding = int(rng.integers(0, 2 + hard))
    stride = int(rng.integers(1, 3 + hard))
    dilation = int(rng.integers(1, 3)) if hard == 2 and stride == 1 else 1
    span = (kernel - 1) * dilation + 1
    size = int(rng.integers(max(span - 2 * padding, 1), 33 + 16 * hard))
    answer = output_size(size, kernel, stride=stride, padding=padding, dilation=dilation)
    settings = {"H": size, "F": kernel, "P": padding, "S": stride, "D": dilation}
    return Question("output_size", answer, settings)


def _params_question(rng: np.random.Generator, hard: int) -> Question:
    kernel = int(rng.choice((1, 3, 5)))
    channels = int(rng.choice((1, 3) if hard == 0 else (1, 3, 16, 32, 64)))
    filters = int(rng.choice((4, 8, 16, 32, 64) if hard < 2 else (10, 32, 64, 100, 128)))
    settings = {"FH": kernel, "FW": kernel, "C": channels, "F": filters}
    return Question("params", param_count(kernel, kernel, channels, filters), settings)


def _conv_cell_question(rng: np.random.Generator, hard: int) -> Question:
    size, kernel = int(rng.integers(4, 6 + hard)), int(rng.choice((2, 3)))
    padding = int(rng.integers(0, 1 + min(hard, 1)))
    stride = int(rng.integers(1, 2 + min(hard, 1)))
    x = _small_ints(rng, (size, size), 0, 5 + 4 * hard)
    k = _small_ints(rng, (kernel, kernel), -1 if hard else 0, 2)
    out = conv2d(x, k, stride=stride, padding=padding)
    row, col = (int(rng.integers(0, n)) for n in out.shape)
    settings = {"P": padding, "S": stride, "row": row, "col": col}
    return Question("conv_cell", float(out[row, col]), settings, {"x": x, "kernel": k})


def _pool_cell_question(rng: np.random.Generator, hard: int) -> Question:
    size = int(rng.choice((2, 3) if hard == 2 else (2,)))
    modes = ("max",) if hard == 0 else ("max", "avg", "min") if hard == 2 else ("max", "avg")
    mode = str(rng.choice(modes))
    if mode == "avg":
        size = 2  # quarters: the average is exact in two decimals
    x = _small_ints(rng, (2 * size, 2 * size), 0, 9)
    out = pool2d(x, size, mode=mode)  # type: ignore[arg-type]
    row, col = (int(rng.integers(0, n)) for n in out.shape)
    settings = {"size": size, "mode": mode, "row": row, "col": col}
    return Question("pool_cell", float(out[row, col]), settings, {"x": x})


def _picture(rng: np.random.Generator, side: int) -> NDArray[np.float64]:
    """A small picture with a bright rectangle (edges both ways) and a little noise."""
    x = np.zeros((side, side))
    top, left = (int(v) for v in rng.integers(1, side // 2, size=2))
    x[top : top + side // 2, left : left + side // 2] = 9
    return x + _small_ints(rng, (side, side), 0, 1)


def _named_kernel_question(rng: np.random.Generator, hard: int) -> Question:
    while True:
        x = _picture(rng, 6 + hard)
        count = 3 + min(hard, 1)
        options = [str(name) for name in rng.choice(QUIZ_KERNELS, size=count, replace=False)]
        maps = [conv2d(x, KERNELS[name]) for name in options]
        distinct = all(
            not np.allclose(maps[i], maps[j]) for i in range(len(maps)) for j in range(i)
        )
        if distinct:  # no other option could have made the map shown
            index = int(rng.integers(0, len(options)))
            arrays = {"x": x, "shown": maps[index]}
            settings = {"answer_index": index}
            return Question("named_kernel", options[index], settings, arrays, tuple(options))


def model_shapes(
    input_shape: tuple[int, int, int], layers: tuple[Layer, ...]
) -> tuple[tuple[int, ...], ...]:
    """The shape after each layer (no batch axis), computed with :func:`output_size`.

    Raises:
        ValueError: an unknown layer, or one that does not fit its input.
    """
    shape: tuple[int, ...] = input_shape
    shapes = []
    for kind, spec in layers:
        if kind == "conv":
            h = output_size(shape[0], int(spec["kernel"]), padding=spec["padding"])  # type: ignore[arg-type]
            shape = (h, h, int(spec["filters"]))
        elif kind == "pool":
            h = output_size(shape[0], int(spec["size"]), stride=int(spec["size"]))
            shape = (h, h, shape[2])
        elif kind == "flatten":
            shape = (math.prod(shape),)
        elif kind == "dense":
            shape = (int(spec["units"]),)
        else:
            raise ValueError(f"unknown layer kind {kind!r} in {layers!r}")
        shapes.append(shape)
    return tuple(shapes)


def _model_question(rng: np.random.Generator, hard: int) -> Question:
    side = int(rng.choice((28, 32) if hard < 2 else (28, 32, 30, 27)))
    channels = int(rng.choice((1, 3)))
    while True:  # until every layer fits (a valid 5x5 needs 5 cells left)
        layers: list[Layer] = []
        for block in range(1 + min(hard, 1) + int(hard == 2)):
            filters = 8 * 2 ** (block + int(rng.integers(0, 2)))
            padding, kernel = str(rng.choice(("same", "valid"))), int(rng.choice((3, 5)))
            layers.append(("conv", {"filters": filters, "kernel": kernel, "padding": padding}))
            layers.append(("pool", {"size": 2}))
        layers += [("flatten", {}), ("dense", {"units": 10})]
        try:
            shapes = model_shapes((side, side, channels), tuple(layers))
        except ValueError:
            continue
        break
    asked = int(rng.integers(0, len(layers) - 1))  # not the last: its 10 is given
    settings = {"H": side, "C": channels, "layer": asked}
    return Question("model_shapes", shapes[asked], settings, layers=tuple(layers), shapes=shapes)


_MAKERS = {
    "output_size": _output_size_question,
    "params": _params_question,
    "conv_cell": _conv_cell_question,
    "pool_cell": _pool_cell_question,
    "named_kernel": _named_kernel_question,
    "model_shapes": _model_question,
}


def make_round(seed: int, level: str) -> tuple[Question, ...]:
    """One question of every kind in :data:`KINDS`, the same for the same seed and level.

    Args:
        seed: ``0 .. MAX_SEED - 1`` (see :func:`check_seed`).
        level: one of :data:`LEVELS`.

    Returns:
        ``len(KINDS)`` questions, in the order of :data:`KINDS`.

    Raises:
        ValueError: a bad seed or level, quoting it.
    """
    seed, hard = check_seed(seed), LEVELS.index(check_level(level))
    return tuple(
        _MAKERS[kind](np.random.default_rng([seed, hard, i]), hard) for i, kind in enumerate(KINDS)
    )


COUNTERS: tuple[str, ...] = ("개", "칸", "번", "픽셀")
"""Korean counter words a typed number may end with (``"448개"``, ``"13 칸"``): what
the questions count (parameters; an output size in cells, steps of the window or
pixels)."""
UNITS: tuple[str, ...] = (
    "parameters",
    "parameter",
    "params",
    "cells",
    "cell",
    "pixels",
    "pixel",
    "px",
    "steps",
    "step",
    "times",
)
"""English words for the same things, after the number and a space or not
(``"448 parameters"``, ``"13 cells"``), in any case."""
_COUNTED = re.compile(rf"(.*?\S)\s*(?:{'|'.join(COUNTERS + UNITS)})", re.IGNORECASE)
"""A number followed by one counter word or unit (a space between them or not)."""
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
"""A number whose commas group thousands: ``1,024``, ``-12,500.5`` (not ``1,5``, ``10,00``)."""


def parse_number(text: str | None) -> float:
    """A typed number (``"12"``, ``" 3.25 "``, ``"1,024"``, ``"−2"``), or :class:`AnswerError`.

    A Korean counter word (:data:`COUNTERS`) or an English unit (:data:`UNITS`) may
    follow the number, as a student says it: ``"448개"``, ``"13 칸"``,
    ``"448 parameters"``. Decimals are written with a point. A comma is
    read only as a thousands separator (``"1,024"``, ``"12,500.5"``); any other comma
    (``"1,5"``, ``"1,0000"``) is refused with ``"comma"``, never dropped: ``"1,5"`` is
    neither 15 nor 1.5. Full-width forms are read as half-width ones
    (:func:`cnn_core.matrix_input.half_width`): ``"－１．５"`` is -1.5.
    """
    value = half_width(text or "").strip()
    if not value:
        raise AnswerError("blank", text or "")
    counted = _COUNTED.fullmatch(value)
    if counted:
        value = counted.group(1)
    if "," in value:
        if not _GROUPED.fullmatch(value):
            raise AnswerError("comma", text or "")
        value = value.replace(",", "")
    if "_" in value:  # float() would read "1_5" as 15
        raise AnswerError("not_number", text or "")
    try:
        number = float(value)
    except ValueError:
        code = "korean_mode" if typed_in_korean_mode(value) else "not_number"
        raise AnswerError(code, text or "") from None
    if not math.isfinite(number) or abs(number) > MAX_ANSWER:
        raise AnswerError("too_big", text or "")
    return number


def parse_shape(text: str | None) -> tuple[int, ...]:
    """A typed shape: ``"14x14x32"``, ``"14 × 14 × 32"``, ``"(14, 14, 32)"``, ``"800"``.

    As Keras writes it too: ``"(None, 14, 14, 32)"`` (``model.summary()``; the batch
    axis ``None`` first is dropped) or ``"[14, 14, 32]"``; a counter word or unit may
    follow it, as after a number (``"14×14×32개"``, see :func:`parse_number`).
    Commas separate the sizes (``"(14, 14, 32)"``), except in a lone number whose
    commas group thousands: ``"3,136"`` is the 1-D shape ``(3136,)``.

    Full-width forms are read as half-width ones, as in :func:`parse_number`
    (``"（１４，１４，３２）"``).

    Raises:
        AnswerError: ``"blank_shape"``, ``"not_shape"``, ``"korean_mode"`` or
            ``"too_big"``.
    """
    value = half_width(text or "").strip()
    if not value:
        raise AnswerError("blank_shape", text or "")
    counted = _COUNTED.fullmatch(value)
    if counted:
        value = counted.group(1)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", value):
        value = value.replace(",", "")
    parts = [p for p in re.split(r"[x×X*,()\[\]\s]+", value) if p]
    if len(parts) > 1 and parts[0].lower() == "none":  # Keras' batch axis
        parts = parts[1:]
    if not parts or not all(re.fullmatch(r"\d+", p) for p in parts):
        if typed_in_korean_mode(value):
            raise AnswerError("korean_mode", text or "")
        raise AnswerError("not_shape", value)
    if any(len(p) > 9 for p in parts):
        raise AnswerError("too_big", value)
    return tuple(int(p) for p in parts)


def is_right(question: Question, given: str | None) -> bool:
    """Whether ``given`` (typed text, or the chosen option) is the key.

    Raises:
        AnswerError: ``given`` cannot be read as an answer of this kind.
    """
    if question.choices:
        if given is None:
            raise AnswerError("no_choice", "")
        return given == question.answer
    if question.kind == "model_shapes":
        return parse_shape(given) == question.answer
    return abs(parse_number(given) - float(question.answer)) < 1e-6  # type: ignore[arg-type]


def score(questions: Sequence[Question], given: Mapping[int, str | None]) -> tuple[int, int]:
    """How many of the answers ``given`` are right, and how many count.

    An answer that cannot be read (:class:`AnswerError`: blank, not a number, not a
    shape) is neither right nor wrong: it does not count as answered.

    Args:
        questions: the round.
        given: question index -> the answer submitted (typed text or the chosen option).

    Returns:
        ``(right, answered)``.
    """
    right = answered = 0
    for index, answer in given.items():
        try:
            right += is_right(questions[index], answer)
        except AnswerError:
            continue
        answered += 1
    return right, answered


def answer_text(question: Question) -> str:
    """The key as a student would type it: ``"8"``, ``"3.25"``, ``"204,928"`` (thousands
    grouped, as the app writes counts), ``"14×14×32"``, ``"sobel_x"``."""
    if isinstance(question.answer, tuple):
        return "×".join(str(v) for v in question.answer)
    if isinstance(question.answer, str):
        return question.answer
    whole, point, decimals = format_number(question.answer).partition(".")
    return f"{int(whole):,}{point}{decimals}"
