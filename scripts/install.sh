#!/usr/bin/env bash
# Fresh clone -> ready to run: a virtual environment with the app's dependencies.
#   bash scripts/install.sh && .venv/bin/streamlit run app.py
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.txt
echo "Installed. Start the app with: .venv/bin/streamlit run app.py"
