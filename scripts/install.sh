#!/usr/bin/env bash
# Fresh clone -> ready to run: a virtual environment with the app's dependencies,
# at the versions pinned in requirements.lock (Linux x86_64, Python 3.11), and the
# project itself installed in editable mode (app_pages, app_harness, cnn_core, ui).
#   bash scripts/install.sh && .venv/bin/streamlit run app.py
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK="${1:-requirements.lock}"
[ -x .venv/bin/python ] || python3 -m venv .venv
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "warning: the pins in $LOCK are tested on Python 3.11; .venv has $(.venv/bin/python -V)" >&2
fi
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
"${pip[@]}" -r "$LOCK"
# The lock pins setuptools, the build backend (pyproject.toml): no isolated build
# environment to download, and no dependency left to resolve.
"${pip[@]}" --no-deps --no-build-isolation -e .
echo "Installed ($LOCK). Start the app with: .venv/bin/streamlit run app.py"
