"""cnn_core is typed: every public function and method annotates its arguments and its
result, and the Keras types (imported only for type checkers) name real classes."""

from __future__ import annotations

import ast
import importlib
import typing
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "cnn_core"


def _public_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """Top-level public functions and the public methods (and ``__init__``) of top-level classes."""
    found = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found += [item for item in node.body if isinstance(item, ast.FunctionDef)]
    return [node for node in found if not node.name.startswith("_") or node.name == "__init__"]


def test_every_public_function_is_annotated():
    missing = []
    for path in sorted(CORE.glob("*.py")):
        for node in _public_functions(ast.parse(path.read_text(encoding="utf-8"))):
            arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            bare = [arg.arg for arg in arguments if arg.annotation is None]
            bare = [name for name in bare if name not in ("self", "cls")]
            if bare or (node.returns is None and node.name != "__init__"):
                missing.append(f"{path.name}:{node.lineno} {node.name} {bare}")
    assert missing == []


@pytest.mark.parametrize(
    "name",
    [
        "catalog.load_model",
        "model_files.load_model_bytes",
        "models.build_model",
        "training.make_schedule",
        "training.make_optimizer",
        "training.build_compiled_model",
        "training.score_test_set",
        "checkpoints.checkpoint_callback",
        "checkpoints.model_at_epoch",
    ],
)
def test_the_keras_annotations_name_real_classes(name):
    import keras

    module_name, function_name = name.split(".")
    module = importlib.import_module(f"cnn_core.{module_name}")
    hints = typing.get_type_hints(
        getattr(module, function_name), globalns={**vars(module), "keras": keras}
    )
    assert "return" in hints
    assert "keras" in repr(hints)
