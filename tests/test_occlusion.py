"""cnn_core.occlusion: the drop shows exactly where the model looks."""

from __future__ import annotations

import numpy as np
import pytest

from cnn_core import occlusion

PIXEL = (10, 17)


@pytest.fixture(scope="module")
def one_pixel_model():
    """Class 0's logit is 8 × the pixel at ``PIXEL`` (minus 4): nothing else matters."""
    import keras

    inputs = keras.Input((28, 28, 1))
    flat = keras.layers.Flatten()(inputs)
    out = keras.layers.Dense(2, activation="softmax")(flat)
    model = keras.Model(inputs, out)
    kernel = np.zeros((28 * 28, 2), np.float32)
    kernel[PIXEL[0] * 28 + PIXEL[1], 0] = 8.0
    model.layers[-1].set_weights([kernel, np.array([-4.0, 0.0], np.float32)])
    return model


def image() -> np.ndarray:
    x = np.zeros((1, 28, 28, 1), np.float32)
    x[0, PIXEL[0], PIXEL[1], 0] = 1.0
    return x


def test_one_pixel_patches_drop_exactly_at_the_pixel(one_pixel_model):
    result = occlusion.occlusion_map(one_pixel_model, image(), 0, patch=1, stride=1)
    assert result.drops.shape == (28, 28) and result.heat.shape == (28, 28)
    assert result.base == pytest.approx(1 / (1 + np.exp(-4)), rel=1e-5)
    hit = np.argwhere(np.abs(result.drops) > 1e-6)
    assert hit.tolist() == [list(PIXEL)]
    assert result.drops[PIXEL] == pytest.approx(result.base - 0.5, abs=1e-5)  # grey: 8·0.5 - 4 = 0
    assert result.peak == (*PIXEL, pytest.approx(result.base - 0.5, abs=1e-5))


def test_the_map_colours_the_drop_as_a_share_of_the_probability():
    """One scale for every input: a drop of half the probability is half-way up the
    colours, however small the largest drop; a rise is no colour."""
    heat = np.array([[0.45, 0.009], [0.0, -0.2]], np.float32)
    result = occlusion.Occlusion(heat, heat, base=0.9, class_index=0, patch=1, stride=1)
    np.testing.assert_allclose(result.share_lost, [[0.5, 0.01], [0.0, 0.0]], rtol=1e-6)
    tiny = occlusion.Occlusion(heat / 100, heat / 100, base=0.9, class_index=0, patch=1, stride=1)
    assert tiny.share_lost.max() == pytest.approx(0.005)  # not stretched to full red
    none = occlusion.Occlusion(heat, heat, base=0.0, class_index=0, patch=1, stride=1)
    assert not none.share_lost.any()


def test_patch_4_stride_2_drops_only_where_a_patch_covers_the_pixel(one_pixel_model):
    result = occlusion.occlusion_map(one_pixel_model, image(), 0, patch=4, stride=2)
    assert result.drops.shape == (13, 13)
    tops = occlusion.positions(28, 4, 2)
    covering = {
        (i, j)
        for i, top in enumerate(tops)
        for j, left in enumerate(tops)
        if top <= PIXEL[0] < top + 4 and left <= PIXEL[1] < left + 4
    }
    hit = {tuple(cell) for cell in np.argwhere(np.abs(result.drops) > 1e-6).tolist()}
    assert hit == covering and len(covering) == 4
    heat = np.argwhere(np.abs(result.heat) > 1e-6)
    assert heat.min(axis=0).tolist() == [8, 14]  # the patches at rows 8 and 10, columns 14, 16
    assert heat.max(axis=0).tolist() == [13, 19]
    assert result.heat[PIXEL] == pytest.approx(result.heat.max())


def test_one_batch_for_all_positions(one_pixel_model, monkeypatch):
    from cnn_core import inspection

    sizes = []
    real = inspection.predict_proba
    monkeypatch.setattr(
        inspection, "predict_proba", lambda m, x: sizes.append(len(x)) or real(m, x)
    )
    occlusion.occlusion_map(one_pixel_model, image(), 1, patch=4, stride=2)
    assert sizes == [1, 169]


def test_positions_cover_the_edge():
    assert occlusion.positions(28, 4, 2)[-1] == 24
    assert occlusion.positions(10, 4, 4) == [0, 4, 6]
    assert occlusion.positions(5, 5, 3) == [0]


@pytest.mark.parametrize(
    ("patch", "stride", "match"),
    [(0, 1, "patch must be"), (4, 0, "stride must be"), (29, 1, "larger than"), (True, 1, "patch")],
)
def test_bad_arguments_are_refused_with_what_was_given(patch, stride, match):
    with pytest.raises(ValueError, match=match):
        occlusion.occluded_batch(image(), patch, stride)


def test_bad_image_and_class(one_pixel_model):
    with pytest.raises(ValueError, match=r"\(2, 28, 28, 1\)"):
        occlusion.occluded_batch(np.zeros((2, 28, 28, 1)), 4, 2)
    with pytest.raises(ValueError, match="class_index 5"):
        occlusion.occlusion_map(one_pixel_model, image(), 5)


def test_a_slice_of_the_copies_is_that_slice_of_all_of_them():
    x = np.random.default_rng(0).random((1, 28, 28, 1), dtype=np.float32)
    every, tops, lefts = occlusion.occluded_batch(x, 4, 2)
    part, part_tops, part_lefts = occlusion.occluded_batch(x, 4, 2, start=5, stop=17)
    assert np.array_equal(part, every[5:17])
    assert (part_tops, part_lefts) == (tops, lefts)


def test_a_large_input_goes_through_in_small_batches_made_one_at_a_time(monkeypatch):
    # 224x224x3: 1,024 copies would be 616 MB of input alone, and their activations more.
    import keras

    from cnn_core import inspection

    inputs = keras.Input((224, 224, 3))
    pooled = keras.layers.GlobalAveragePooling2D()(inputs)
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(pooled))
    sizes = []
    real = inspection.predict_proba
    monkeypatch.setattr(
        inspection, "predict_proba", lambda m, x: sizes.append(len(x)) or real(m, x)
    )
    x = np.full((1, 224, 224, 3), 0.2, np.float32)
    result = occlusion.occlusion_map(model, x, 0, patch=32, stride=16)
    per_call = occlusion.MAX_BATCH_FLOATS // (224 * 224 * 3)
    assert per_call == 6
    assert sizes[0] == 1 and max(sizes[1:]) == per_call and sum(sizes[1:]) == 13 * 13
    assert result.drops.shape == (13, 13)


def _peaked(cell: tuple[int, int]) -> occlusion.Occlusion:
    """A 28×28 result, patch 3, stride 2, whose only drop (0.25) is at position ``cell``."""
    tops = occlusion.positions(28, 3, 2)
    drops = np.zeros((len(tops), len(tops)), np.float32)
    drops[cell] = 0.25
    heat = occlusion.spread(drops, tops, tops, 3, (28, 28))
    return occlusion.Occlusion(drops, heat, base=0.9, class_index=0, patch=3, stride=2)


def test_a_peak_in_the_last_row_and_column_names_the_patch_flush_with_the_edge():
    # 28×28, patch 3, stride 2: starts 0, 2, ..., 24 and then 25 (not 26, past the edge).
    assert occlusion.positions(28, 3, 2)[-2:] == [24, 25]
    assert _peaked((-1, -1)).peak == (25, 25, 0.25)  # rows and columns 25..27, the last three
    assert _peaked((-1, 3)).peak == (25, 6, 0.25)
    assert _peaked((2, -1)).peak == (4, 25, 0.25)
