#!/usr/bin/env bash
# Installs what the tests need: the first half of the README's test command
#   bash scripts/install_test_tools.sh && .venv/bin/python -m pytest
# As root (CI, the dev machines) it also installs the Debian packages below that are
# missing: python3-venv (scripts/install.sh), chromium (browser tests),
# dataset-fashion-mnist (real-data tests), CJK fonts (Korean in screenshots) and nginx
# (the local cluster's proxy, tests/e2e/test_cluster.py), and copies Fashion-MNIST into
# the Keras cache. Then the virtual environment of scripts/install.sh, with the pins of
# requirements-dev.lock (the app's pins plus the test and lint tools), and Ray from
# requirements-cluster.lock (the optional cluster backend's tests).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    missing=()
    for package in python3-venv chromium dataset-fashion-mnist fonts-noto-cjk nginx; do
        status="$(dpkg-query -W -f='${Status}' "$package" 2> /dev/null || true)"
        [ "$status" = "install ok installed" ] || missing+=("$package")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
    fi
fi
bash scripts/install_fashion_mnist.sh || true

bash scripts/install.sh requirements-dev.lock
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-cluster.lock
