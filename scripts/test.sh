#!/usr/bin/env bash
# Installs what the tests need and runs them: the one test command of the README.
#   bash scripts/test.sh [pytest args...]
# As root (CI, the dev machines) it also installs Debian's chromium (browser tests)
# and dataset-fashion-mnist (real-data tests), and copies Fashion-MNIST into the
# Keras cache. Set CNN_EXPLORER_STRICT=1 to turn every skip into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    if ! [ -x /usr/bin/chromium ] || ! [ -d /usr/share/datasets/fashion-mnist ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            chromium dataset-fashion-mnist fonts-noto-cjk > /dev/null
    fi
fi
bash scripts/install_fashion_mnist.sh || true

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt

exec .venv/bin/python -m pytest "$@"
