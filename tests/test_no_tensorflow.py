"""The home page and the convolution lab must never import TensorFlow (it costs seconds).

The server's background warm-up does import it (tests/test_server.py), in its own
thread; it is turned off here to see what the pages import by themselves.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from cnn_core.paths import REPO_ROOT


def test_home_and_every_lab_section_leave_tensorflow_unimported():
    script = textwrap.dedent(
        """
        import sys
        from app_harness.apptest import open_page
        from app_pages.lab.sections import SECTION_VIEWS
        for page in ("home", "lab"):
            for lang in ("ko", "en"):
                at = open_page(page, lang)
                assert not at.exception, (page, lang, at.exception)
        for section in SECTION_VIEWS:  # every section of the lab, not only the first
            at.radio(key="lab.section.en").set_value(section).run()
            assert not at.exception, (section, at.exception)
            assert at.radio(key="lab.section.en").value == section
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("tensorflow", "keras"))
        print("HEAVY", heavy)
        """
    )
    env = {**os.environ, "CNN_EXPLORER_WARM_UP": "0"}  # the pages alone, without the warm-up
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "HEAVY []" in result.stdout, result.stdout[-3000:]
