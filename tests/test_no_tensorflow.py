"""The home page and the convolution lab must never import TensorFlow (it costs seconds)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from cnn_core.paths import REPO_ROOT


def test_home_and_lab_leave_tensorflow_unimported():
    script = textwrap.dedent(
        """
        import sys
        from app_harness.apptest import open_page
        for page in ("home", "lab"):
            for lang in ("ko", "en"):
                at = open_page(page, lang)
                assert not at.exception, (page, lang, at.exception)
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))
        print("HEAVY", heavy)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO_ROOT, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "HEAVY []" in result.stdout, result.stdout[-3000:]
