#!/usr/bin/env bash
# Fresh clone -> ready to run: a virtual environment with the app's dependencies,
# at the versions pinned in requirements.lock (Linux x86_64, Python 3.11), and the
# project itself installed in editable mode (app_pages, app_harness, cnn_core, ui).
#   bash scripts/install.sh && .venv/bin/streamlit run app.py
# It needs python3 with its venv module: Debian and Ubuntu ship that apart, as
# python3-venv. As root with apt-get it installs both when `python3 -m venv` fails;
# otherwise it says which packages to install.
set -euo pipefail
cd "$(dirname "$0")/.."
LOCK="${1:-requirements.lock}"
VENV_PACKAGES=(python3 python3-venv)
if ! [ -x .venv/bin/python ]; then
    # A failed `python3 -m venv` (no ensurepip) leaves a .venv without pip: remove it.
    if ! python3 -m venv .venv; then
        rm -rf .venv
        if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
            apt-get update -qq
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${VENV_PACKAGES[@]}" > /dev/null
            python3 -m venv .venv
        else
            echo "python3 -m venv failed: on Debian or Ubuntu run" \
                "'sudo apt-get install ${VENV_PACKAGES[*]}', then this script again" >&2
            exit 1
        fi
    fi
fi
if ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "warning: the pins in $LOCK are tested on Python 3.11; .venv has $(.venv/bin/python -V)" >&2
fi
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
"${pip[@]}" -r "$LOCK"
# The lock pins setuptools, the build backend (pyproject.toml): no isolated build
# environment to download, and no dependency left to resolve.
"${pip[@]}" --no-deps --no-build-isolation -e .
echo "Installed ($LOCK). Start the app with: .venv/bin/streamlit run app.py"
