#!/usr/bin/env bash
# Installs what the tests need: the first half of the README's test command
#   bash scripts/install_test_tools.sh && .venv/bin/python -m pytest
# As root (CI, the dev machines) it also installs Debian's chromium (browser tests),
# dataset-fashion-mnist (real-data tests) and CJK fonts (Korean in screenshots), and
# copies Fashion-MNIST into the Keras cache, and Debian's nginx (the local cluster's
# proxy, tests/e2e/test_cluster.py). Then the virtual environment of scripts/install.sh,
# with the pins of requirements-dev.lock (the app's pins plus the test and lint tools),
# and Ray from requirements-cluster.lock (the optional cluster backend's tests).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    if ! [ -x /usr/bin/chromium ] || ! [ -d /usr/share/datasets/fashion-mnist ] \
        || ! command -v nginx > /dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
            chromium dataset-fashion-mnist fonts-noto-cjk nginx > /dev/null
    fi
fi
bash scripts/install_fashion_mnist.sh || true

bash scripts/install.sh requirements-dev.lock
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-cluster.lock
