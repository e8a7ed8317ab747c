"""cnn_core.quiz: every key of every generated question against Keras / TensorFlow.

The keys come from cnn_core.arithmetic; here each one is recomputed independently:
the output size from a Keras layer's output shape, the parameter count from
``count_params``, cells and maps from ``tf.nn.conv2d`` and the Keras pooling layers,
a model's shapes from its Keras layers. Hundreds of seeds, every level.
"""

from __future__ import annotations

import numpy as np
import pytest

from cnn_core.kernels import KERNELS
from cnn_core.quiz import (
    KINDS,
    LEVELS,
    AnswerError,
    Question,
    answer_text,
    check_level,
    check_seed,
    is_right,
    make_round,
    parse_number,
    parse_shape,
    score,
)

SEEDS = range(200)


@pytest.fixture(scope="module")
def tf():
    import tensorflow

    return tensorflow


def keras_output_size(keras, q) -> int:
    s = q.settings
    size = s["H"] + 2 * s["P"]
    layer = keras.layers.Conv2D(1, s["F"], strides=s["S"], dilation_rate=s["D"], padding="valid")
    return layer.compute_output_shape((1, size, size, 1))[1]


def keras_params(keras, q) -> int:
    s = q.settings
    layer = keras.layers.Conv2D(s["F"], (s["FH"], s["FW"]))
    layer.build((None, 32, 32, s["C"]))
    return layer.count_params()


def tf_conv_cell(tf, q) -> float:
    s, p = q.settings, q.settings["P"]
    x = np.pad(q.arrays["x"], p)[None, :, :, None].astype(np.float32)
    k = q.arrays["kernel"][:, :, None, None].astype(np.float32)
    out = tf.nn.conv2d(x, k, strides=s["S"], padding="VALID").numpy()[0, :, :, 0]
    return float(out[s["row"], s["col"]])


def keras_pool_cell(keras, q) -> float:
    s = q.settings
    sign = -1.0 if s["mode"] == "min" else 1.0
    kind = keras.layers.AveragePooling2D if s["mode"] == "avg" else keras.layers.MaxPooling2D
    x = (sign * q.arrays["x"])[None, :, :, None].astype(np.float32)
    out = sign * np.asarray(kind(pool_size=s["size"])(x))[0, :, :, 0]
    return float(out[s["row"], s["col"]])


def tf_maps(tf, q) -> dict[str, np.ndarray]:
    x = q.arrays["x"][None, :, :, None].astype(np.float32)
    return {
        name: tf.nn.conv2d(
            x, KERNELS[name][:, :, None, None].astype(np.float32), 1, "VALID"
        ).numpy()[0, :, :, 0]
        for name in q.choices
    }


def keras_shapes(keras, q) -> list[tuple[int, ...]]:
    s = q.settings
    shape = (None, s["H"], s["H"], s["C"])
    shapes = []
    for kind, spec in q.layers:
        layer = {
            "conv": lambda spec: keras.layers.Conv2D(
                spec["filters"], spec["kernel"], padding=spec["padding"]
            ),
            "pool": lambda spec: keras.layers.MaxPooling2D(spec["size"]),
            "flatten": lambda spec: keras.layers.Flatten(),
            "dense": lambda spec: keras.layers.Dense(spec["units"]),
        }[kind](spec)
        shape = tuple(layer.compute_output_shape(shape))
        shapes.append(shape[1:])
    return shapes


@pytest.mark.parametrize("level", LEVELS)
def test_every_key_matches_keras_and_tensorflow(keras, tf, level):
    kinds_seen = set()
    for seed in SEEDS:
        for q in make_round(seed, level):
            kinds_seen.add(q.kind)
            where = (seed, level, q.kind, q.settings)
            if q.kind == "output_size":
                assert q.answer == keras_output_size(keras, q), where
            elif q.kind == "params":
                assert q.answer == keras_params(keras, q), where
            elif q.kind == "conv_cell":
                assert q.answer == pytest.approx(tf_conv_cell(tf, q), abs=1e-4), where
            elif q.kind == "pool_cell":
                assert q.answer == pytest.approx(keras_pool_cell(keras, q), abs=1e-4), where
            elif q.kind == "named_kernel":
                maps = tf_maps(tf, q)
                np.testing.assert_allclose(maps[q.answer], q.arrays["shown"], atol=1e-4)
                others = [n for n in q.choices if n != q.answer]
                assert all(not np.allclose(maps[n], q.arrays["shown"], atol=1e-3) for n in others)
                assert q.answer in q.choices and len(set(q.choices)) == len(q.choices)
            else:
                assert list(q.shapes) == keras_shapes(keras, q), where
                assert q.answer == q.shapes[q.settings["layer"]]
            assert is_right(q, answer_text(q)), where
    assert kinds_seen == set(KINDS)


@pytest.mark.parametrize("level", LEVELS)
def test_a_wrong_answer_is_wrong(level):
    for seed in range(50):
        for q in make_round(seed, level):
            if q.choices:
                wrong = next(c for c in q.choices if c != q.answer)
            elif isinstance(q.answer, tuple):
                wrong = "×".join(str(v + 1) for v in q.answer)
            else:
                wrong = f"{q.answer + 1:g}"
            assert not is_right(q, wrong), (seed, q.kind)


def test_the_same_seed_gives_the_same_round_and_another_seed_another():
    def fingerprint(seed, level):
        return [
            (q.kind, answer_text(q), sorted(q.settings.items())) for q in make_round(seed, level)
        ]

    assert fingerprint(42, "medium") == fingerprint("42", "medium")
    assert fingerprint(42, "medium") != fingerprint(43, "medium")
    assert fingerprint(42, "medium") != fingerprint(42, "hard")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12.0),
        (" 3.25 ", 3.25),
        ("1,024", 1024.0),
        ("-2", -2.0),
        ("−2", -2.0),  # the minus sign a Korean keyboard or a copy may give
        # a Korean keyboard's full-width forms, read as half-width ones
        ("１２", 12.0),
        ("－3", -3.0),
        ("１．５", 1.5),
        ("１，０２４", 1024.0),
        ("＋４４８개", 448.0),
        ("\u3000１３\u3000칸", 13.0),
        ("1,000,000", 1e6),
        ("-12,500.5", -12500.5),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "blank"),
        ("   ", "blank"),
        (None, "blank"),
        ("abc", "not_number"),
        ("1e400", "too_big"),
        ("99999999999", "too_big"),
        ("nan", "too_big"),
        ("inf", "too_big"),
        # A comma that does not group thousands is refused, never dropped: "1,5" is not 15.
        ("1,5", "comma"),
        ("0,25", "comma"),
        ("1,0000", "comma"),
        ("12,34,567", "comma"),
        (",5", "comma"),
        ("1,024,", "comma"),
        ("1_5", "not_number"),  # float() would read 15
        ("3，5", "comma"),  # a full-width decimal comma, as "3,5"
        ("ㄱ3", "korean_mode"),  # a keyboard left in Korean mode
        ("1ㄷ3", "korean_mode"),  # the e of 1e3 in Korean mode
        ("열둘", "not_number"),  # a word typed on purpose
        ("1。5", "not_number"),
    ],
)
def test_parse_number_rejects(text, code):
    with pytest.raises(AnswerError) as caught:
        parse_number(text)
    assert caught.value.code == code


def test_parse_shape():
    assert parse_shape("14x14x32") == parse_shape("(14, 14, 32)") == (14, 14, 32)
    assert parse_shape("14 × 14 × 32") == (14, 14, 32) and parse_shape("800") == (800,)
    assert parse_shape("3,136") == (3136,)  # a lone number, thousands grouped
    assert parse_shape("(3,136)") == parse_shape("3, 136") == (3, 136)
    assert parse_shape("（１４，１４，３２）") == parse_shape("１４ｘ１４×３２") == (14, 14, 32)
    for text, code in [
        ("", "blank_shape"),  # a blank shape asks for a shape, not a number
        ("14ㅌ14", "korean_mode"),
        ("  ", "blank_shape"),
        (None, "blank_shape"),
        ("14 by 14", "not_shape"),
        ("1" * 12, "too_big"),
    ]:
        with pytest.raises(AnswerError) as caught:
            parse_shape(text)
        assert caught.value.code == code


@pytest.mark.parametrize(
    "text",
    ["(None, 14, 14, 32)", "[14, 14, 32]", "14×14×32개", "14x14x32 cells", "(none,14,14,32)"],
)
def test_parse_shape_reads_a_shape_as_keras_and_students_write_it(text):
    assert parse_shape(text) == (14, 14, 32)


def test_parse_shape_drops_only_a_leading_batch_axis():
    assert parse_shape("(None, 3136)") == (3136,)
    for text in ("None", "(14, None, 32)", "1만"):
        with pytest.raises(AnswerError) as caught:
            parse_shape(text)
        assert caught.value.code == "not_shape"


def test_answer_text_groups_thousands_as_the_app_writes_counts():
    def key(answer):
        return answer_text(Question("params", answer, {}))

    assert [key(a) for a in (204928, 1216.0, 999, 3.25, -1234.5)] == [
        "204,928",
        "1,216",
        "999",
        "3.25",
        "-1,234.5",
    ]


def test_a_decimal_comma_answer_is_neither_right_nor_wrong():
    params = Question("params", 1216.0, {"FH": 3, "FW": 3, "C": 3, "F": 32})
    assert is_right(params, "1,216") and is_right(params, "1216")
    average = Question("pool_cell", 1.5, {"size": 2, "mode": "avg", "row": 0, "col": 0})
    assert is_right(average, "1.5")
    for typed in ("1,5", "12,16"):  # not 15, not 1216: the student is asked to use a point
        with pytest.raises(AnswerError) as caught:
            is_right(average if typed == "1,5" else params, typed)
        assert caught.value.code == "comma" and caught.value.value == typed


def test_an_answer_that_cannot_be_read_is_not_counted():
    round_ = make_round(3, "easy")
    right, wrong = answer_text(round_[1]), f"{round_[1].answer + 1:g}"
    assert score(round_, {}) == (0, 0)
    assert score(round_, {1: "abc"}) == (0, 0)  # neither right nor wrong, nor answered
    assert score(round_, {1: wrong}) == (0, 1)
    assert score(round_, {1: right, 0: "", 5: "14 by 14", 2: "1,5"}) == (1, 1)
    assert score(round_, {1: right, 4: round_[4].answer}) == (2, 2)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: check_seed("12; drop"),
            r"seed must be a whole number 0..999999999, got '12; drop'",
        ),
        (lambda: check_seed(-1), r"got -1"),
        (lambda: check_seed("1" * 10), r"got '1111111111'"),
        (lambda: check_level("expert"), r"level must be one of .*got 'expert'"),
        (lambda: make_round(1, "<script>"), r"got '<script>'"),
    ],
)
def test_bad_seed_and_level_raise_value_errors_quoting_them(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("448개", 448.0),
        ("448 개", 448.0),
        ("1,024개", 1024.0),
        ("13칸", 13.0),
        (" 7 픽셀 ", 7.0),
        ("3번", 3.0),
        ("−2칸", -2.0),
        ("448 parameters", 448.0),
        ("448 Params", 448.0),
        ("13cells", 13.0),
        ("1 pixel", 1.0),
        ("7 px", 7.0),
    ],
)
def test_parse_number_takes_a_counter_or_unit_after_the_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("개", "not_number"),
        ("abc개", "not_number"),
        ("448개개", "not_number"),
        ("448 개수", "not_number"),
        ("4 4 8개", "not_number"),
        ("개 448", "not_number"),
        ("448 paramz", "not_number"),
        ("parameters", "not_number"),
        ("448 parameters 개", "not_number"),
        ("1,5개", "comma"),
    ],
)
def test_parse_number_still_rejects_what_a_counter_cannot_excuse(text, code):
    with pytest.raises(AnswerError) as caught:
        parse_number(text)
    assert caught.value.code == code and caught.value.value == text
