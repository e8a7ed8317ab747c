#!/usr/bin/env bash
# Installs what the tests need: the first half of the README's test command
#   bash scripts/install_test_tools.sh && .venv/bin/python -m pytest
# As root (CI, the dev machines) it also installs Debian's chromium (browser tests),
# dataset-fashion-mnist (real-data tests) and CJK fonts (Korean in screenshots), and
# copies Fashion-MNIST into the Keras cache. Then the virtual environment of
# scripts/install.sh, with the pins of requirements-dev.lock (the app's pins plus the
# test and lint tools).
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

bash scripts/install.sh requirements-dev.lock
