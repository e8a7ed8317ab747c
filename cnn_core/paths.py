"""Where CNN Explorer keeps its files.

Everything is resolved from this file's location, so the app and the tests work
from any current directory.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT: Path = Path(__file__).resolve().parent.parent
ASSETS_DIR: Path = REPO_ROOT / "assets"
SHIPPED_MODELS_DIR: Path = ASSETS_DIR / "models"
SAMPLES_DIR: Path = ASSETS_DIR / "samples"
BUNDLED_DATA_DIR: Path = ASSETS_DIR / "datasets"

RUNS_DIR_ENV = "CNN_EXPLORER_RUNS_DIR"
"""Environment variable that moves the run store (default: ``runs/`` in the repository)."""


def runs_dir() -> Path:
    """Return the run store's folder: ``$CNN_EXPLORER_RUNS_DIR`` or ``<repo>/runs``."""
    configured = os.environ.get(RUNS_DIR_ENV)
    return Path(configured).expanduser().resolve() if configured else REPO_ROOT / "runs"
