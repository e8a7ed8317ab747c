"""cnn_core.receptive_field: layers it cannot trace back through are refused by name.

The traced layers (convolution, pooling, padding) are checked in tests/test_inspection.py.
"""

from __future__ import annotations

import re

import pytest

from cnn_core.receptive_field import Untraceable, receptive_field, receptive_field_steps


def _net_with(kind: str):
    """(8, 8, 1) -> ``before`` Conv2D(2, 3×3) -> ``odd`` (a layer of ``kind``) -> ``after``
    Conv2D(2, 3×3, same) -> Flatten -> Dense(3, softmax)."""
    import keras

    odd = {
        "UpSampling2D": lambda: keras.layers.UpSampling2D(2, name="odd"),
        "Cropping2D": lambda: keras.layers.Cropping2D(1, name="odd"),
        # stride 1, same padding: the shape is kept, so only its type gives it away
        "Conv2DTranspose": lambda: keras.layers.Conv2DTranspose(2, 3, padding="same", name="odd"),
    }[kind]
    return keras.Sequential(
        [
            keras.Input((8, 8, 1)),
            keras.layers.Conv2D(2, 3, name="before"),
            odd(),
            keras.layers.Conv2D(2, 3, padding="same", name="after"),
            keras.layers.Flatten(),
            keras.layers.Dense(3, activation="softmax"),
        ],
        name=f"{kind.lower()}_net",
    )


@pytest.mark.parametrize("kind", ["UpSampling2D", "Cropping2D", "Conv2DTranspose"])
def test_a_layer_it_cannot_trace_is_named_in_the_error(kind):
    model = _net_with(kind)
    assert receptive_field(model, "before", 1, 1) == (1, 1, 3, 3)  # before it: traced
    message = re.escape(f"cannot trace positions back through layer 'odd' ({kind})")
    for layer in ("odd", "after"):
        with pytest.raises(Untraceable, match=message) as raised:
            receptive_field(model, layer, 0, 0)
        assert (raised.value.layer, raised.value.kind) == ("odd", kind)  # for the page's text
        with pytest.raises(Untraceable, match=message):
            receptive_field_steps(model, layer)
