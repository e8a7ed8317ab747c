"""cnn_core.kernels and cnn_core.presets: the named kernels and every lab preset's numbers."""

from __future__ import annotations

import re
import subprocess
import sys

import numpy as np
import pytest

from cnn_core.arithmetic import conv2d, explain_output_size, param_count, pool2d
from cnn_core.kernels import KERNELS, get_kernel
from cnn_core.paths import REPO_ROOT
from cnn_core.presets import PRESETS, LabPreset
from cnn_core.traces import trace_cell, trace_pool_cell


def _run(preset: LabPreset) -> np.ndarray:
    if preset.kernel is None:  # a pooling example
        return pool2d(preset.x, preset.pool_size, mode=preset.pool_mode)
    return conv2d(
        preset.x,
        preset.kernel,
        stride=preset.stride,
        padding=preset.padding,
        dilation=preset.dilation,
        bias=preset.bias,
    )


# --------------------------------------------------------------------------- kernels


def test_kernels_are_float64_and_3x3_except_the_curve_detector():
    expected = {
        "identity", "box_blur", "gaussian_blur", "sharpen", "sobel_x", "sobel_y",
        "laplacian", "edge", "curve_detector",
    }  # fmt: skip
    assert set(KERNELS) == expected
    for name, kernel in KERNELS.items():
        assert kernel.dtype == np.float64
        assert kernel.shape == ((7, 7) if name == "curve_detector" else (3, 3)), name
        assert not kernel.flags.writeable, name


def test_get_kernel_returns_a_writable_copy():
    kernel = get_kernel("sobel_x")
    kernel[0, 0] = 99
    assert KERNELS["sobel_x"][0, 0] == -1
    np.testing.assert_array_equal(get_kernel("curve_detector")[:, 3], [0, 0, 30, 30, 30, 30, 0])


def test_get_kernel_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"unknown kernel 'blur'; valid names: identity, box_blur"):
        get_kernel("blur")


def test_kernels_do_what_their_names_say():
    ramp_right = np.tile(np.arange(6.0), (6, 1))  # brightness rises to the right
    flat = np.full((6, 6), 7.0)
    np.testing.assert_array_equal(
        conv2d(ramp_right, get_kernel("identity"), padding="same"), ramp_right
    )
    np.testing.assert_allclose(conv2d(flat, get_kernel("box_blur")), 7.0)
    np.testing.assert_allclose(conv2d(flat, get_kernel("gaussian_blur")), 7.0)
    np.testing.assert_allclose(conv2d(flat, get_kernel("sharpen")), 7.0)
    np.testing.assert_array_equal(conv2d(ramp_right, get_kernel("sobel_x")), 8.0)
    np.testing.assert_array_equal(conv2d(ramp_right, get_kernel("sobel_y")), 0.0)
    np.testing.assert_array_equal(conv2d(ramp_right.T, get_kernel("sobel_y")), 8.0)
    for name in ("laplacian", "edge"):
        np.testing.assert_array_equal(conv2d(flat, get_kernel(name)), 0.0)
    dot = np.zeros((5, 5))
    dot[2, 2] = 1
    assert conv2d(dot, get_kernel("edge"))[1, 1] == 8


# --------------------------------------------------------------------------- presets


def test_preset_keys_and_fields():
    assert list(PRESETS) == [
        "seed_worked", "seed_no_padding", "stride2", "curve_curved", "curve_flat", "maxpool", "rgb",
    ]  # fmt: skip
    assert [key for key, preset in PRESETS.items() if preset.kernel is None] == ["maxpool"]
    for key, preset in PRESETS.items():
        assert preset.key == key
        assert not preset.x.flags.writeable
        assert preset.kernel is None or not preset.kernel.flags.writeable
        assert _run(preset).dtype == np.float64


def test_preset_seed_worked():
    preset = PRESETS["seed_worked"]
    assert preset.padding == 1 and preset.stride == 1
    np.testing.assert_array_equal(
        preset.x, [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]
    )
    np.testing.assert_array_equal(preset.kernel, [[2, 0, 1], [0, 1, 2], [1, 0, 2]])
    np.testing.assert_array_equal(
        _run(preset), [[7, 12, 10, 2], [4, 15, 16, 10], [10, 6, 15, 6], [8, 10, 4, 3]]
    )
    assert explain_output_size(4, 3, padding=1).formula == "(4 + 2·1 − 3) / 1 + 1 = 4"


def test_preset_seed_no_padding():
    preset = PRESETS["seed_no_padding"]
    np.testing.assert_array_equal(_run(preset), [[15, 16], [6, 15]])
    trace = trace_cell(preset.x, preset.kernel, 0, 0, padding=preset.padding)
    assert trace.text == "1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15"


def test_preset_stride2_keeps_every_other_cell_and_floors():
    preset = PRESETS["stride2"]
    assert (preset.padding, preset.stride) == (1, 2)
    out = _run(preset)
    np.testing.assert_array_equal(out, [[7, 10], [10, 15]])
    np.testing.assert_array_equal(out, _run(PRESETS["seed_worked"])[::2, ::2])
    explanation = explain_output_size(4, 3, stride=2, padding=1)
    assert not explanation.whole
    assert explanation.formula == "⌊(4 + 2·1 − 3) / 2⌋ + 1 = ⌊1.5⌋ + 1 = 2"
    trace = trace_cell(preset.x, preset.kernel, 1, 1, stride=2, padding=1)
    assert trace.rows == (2, 3, 4) and trace.cols == (2, 3, 4) and trace.total == 15


def test_preset_curve_detector_curved_vs_flat():
    curved, flat = PRESETS["curve_curved"], PRESETS["curve_flat"]
    np.testing.assert_array_equal(curved.kernel, KERNELS["curve_detector"])
    np.testing.assert_array_equal(flat.kernel, KERNELS["curve_detector"])
    assert curved.x.shape == flat.x.shape == (7, 7)
    np.testing.assert_array_equal(_run(curved), [[6600]])  # 50*30*4 + 20*30 + 0*30 (top)
    np.testing.assert_array_equal(_run(flat), [[0]])
    trace = trace_cell(curved.x, curved.kernel, 0, 0)
    assert trace.text.endswith("= 6600") and "50*30" in trace.text and "20*30" in trace.text


def test_preset_maxpool():
    preset = PRESETS["maxpool"]
    assert (preset.kernel, preset.pool_size, preset.pool_mode) == (None, 2, "max")
    np.testing.assert_array_equal(
        preset.x, [[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]]
    )
    np.testing.assert_array_equal(_run(preset), [[6, 8], [3, 4]])
    assert trace_pool_cell(preset.x, 2, 0, 0).text == "max(1, 1, 5, 6) = 6"
    assert trace_pool_cell(preset.x, 2, 0, 0, name="최댓값").text == "최댓값(1, 1, 5, 6) = 6"


def test_preset_rgb_two_filters():
    preset = PRESETS["rgb"]
    assert preset.x.shape == (4, 4, 3)
    assert preset.kernel.shape == (3, 3, 3, 2)
    out = _run(preset)
    assert out.shape == (2, 2, 2)
    np.testing.assert_array_equal(out[:, :, 0], [[15, 16], [6, 15]])  # seed kernel on red
    np.testing.assert_array_equal(out[:, :, 1], [[3, 5], [3, 3]])  # R + G + B of the centre
    assert param_count(3, 3, 3, 2) == 56
    trace = trace_cell(preset.x, preset.kernel, 0, 1, filter_index=1)
    assert trace.window.shape == (3, 3, 3)
    assert trace.text.count("*") == 27 and trace.text.endswith("= 5")


def test_preset_rgb_multiply_accumulate_has_a_line_per_channel():
    """27 products on one line could not be followed on a projector."""
    preset = PRESETS["rgb"]
    first = trace_cell(preset.x, preset.kernel, 0, 0, bias=-3)
    assert first.text.splitlines() == [
        "  1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2",  # the seed's sum, in red
        "+ 0*0 + 1*0 + 0*0 + 1*0 + 0*0 + 1*0 + 0*0 + 1*0 + 0*0",
        "+ 1*0 + 1*0 + 1*0 + 1*0 + 2*0 + 2*0 + 1*0 + 2*0 + 2*0 + (-3) = 12",
    ]
    one_channel = trace_cell(preset.x[:, :, :1], preset.kernel[:, :, :1], 0, 0)
    assert one_channel.text == "1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15"


# --------------------------------------------------------------------------- imports


def test_core_modules_import_neither_tensorflow_nor_streamlit():
    script = (
        "import sys\n"
        "import cnn_core.arithmetic, cnn_core.kernels, cnn_core.presets, cnn_core.traces\n"
        "import cnn_core.train_config, cnn_core.models, cnn_core.runs, cnn_core.jobs\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('tensorflow', 'keras', 'streamlit'))\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "HEAVY []" in result.stdout, result.stdout


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_worked_example_note_names_the_slides_other_matrix(lang):
    """Seed 004 prints the padding picture's matrix beside the worked output; the note
    says so, and that the output is the textbook input's (design.md)."""
    from ui import i18n

    note = i18n.t("lab.preset.seed_worked.note", lang)
    written = re.findall(r"\d+(?: \d+){3}(?: / \d+(?: \d+){3}){3}", note)
    slide, textbook = (
        np.array([row.split() for row in m.split(" / ")], dtype=float) for m in written
    )
    np.testing.assert_array_equal(textbook, PRESETS["seed_worked"].x)
    np.testing.assert_array_equal(slide[0], [5, 8, 9, 3])
    worked = _run(PRESETS["seed_worked"])
    np.testing.assert_array_equal(worked[0], [7, 12, 10, 2])
    assert not np.array_equal(conv2d(slide, PRESETS["seed_worked"].kernel, padding=1), worked)
