"""Two models side by side: their layer tables aligned, row by row.

The layers of two CNNs rarely match one to one (LeNet-style nets have three
convolutions, the course's CNN two). :func:`align_layers` pairs them by kind in
order, as ``difflib`` pairs the lines of two texts: the first convolution with the
first convolution, a pooling with a pooling, and a layer only one model has faces
an empty cell. Pairs of layers that both output maps (``(H, W, C)``) are the
"corresponding layers" whose feature maps are shown side by side.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from cnn_core.inspection import LayerRow

KINDS: dict[str, str] = {
    "Conv2D": "conv",
    "MaxPooling2D": "pool",
    "AveragePooling2D": "pool",
    "BatchNormalization": "norm",
    "Flatten": "flatten",
    "Dense": "dense",
    "Dropout": "dropout",
    "ZeroPadding2D": "pad",
}
"""Keras layer class -> the kind layers are paired by (others pair by class name)."""


@dataclass(frozen=True)
class AlignedRow:
    """One row of the side-by-side table.

    Attributes:
        left: the first model's layer, ``None`` where it has none here.
        right: the second model's layer, ``None`` where it has none here.
    """

    left: LayerRow | None
    right: LayerRow | None

    @property
    def both_maps(self) -> bool:
        """Both layers output feature maps ``(H, W, C)`` (their maps can be compared)."""
        return (
            self.left is not None
            and self.right is not None
            and len(self.left.output_shape) == 3
            and len(self.right.output_shape) == 3
        )


def kind(row: LayerRow) -> str:
    """The kind a layer is paired by: :data:`KINDS` of its Keras class, else the class
    name itself (the output ``Dense`` is ``"dense"``; :func:`align_layers` pairs the two
    outputs apart)."""
    return KINDS.get(row.type, row.type)


def align_layers(left: Sequence[LayerRow], right: Sequence[LayerRow]) -> list[AlignedRow]:
    """Pair the layers of two models by kind, in order.

    Args:
        left: :func:`cnn_core.inspection.layer_table` of the first model.
        right: the same of the second.

    Returns:
        Rows covering every layer of both, each once, in order; a pair has the same
        kind, the last layers (the outputs) are always paired.

    Raises:
        ValueError: either table is empty.
    """
    if not left or not right:
        raise ValueError(f"both models need layers, got {len(left)} and {len(right)}")
    kinds_left = [kind(row) for row in left[:-1]]
    kinds_right = [kind(row) for row in right[:-1]]
    matcher = difflib.SequenceMatcher(a=kinds_left, b=kinds_right, autojunk=False)
    rows: list[AlignedRow] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs = zip(range(i1, i2), range(j1, j2), strict=True)
            rows += [AlignedRow(left[i], right[j]) for i, j in pairs]
            continue
        # Unmatched stretches: pair same-kind layers where they line up, else one side.
        lefts, rights = list(range(i1, i2)), list(range(j1, j2))
        while lefts or rights:
            if lefts and rights and kinds_left[lefts[0]] == kinds_right[rights[0]]:
                rows.append(AlignedRow(left[lefts.pop(0)], right[rights.pop(0)]))
            elif lefts and (not rights or len(lefts) >= len(rights)):
                rows.append(AlignedRow(left[lefts.pop(0)], None))
            else:
                rows.append(AlignedRow(None, right[rights.pop(0)]))
    rows.append(AlignedRow(left[-1], right[-1]))
    return rows
