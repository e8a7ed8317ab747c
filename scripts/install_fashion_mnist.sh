#!/usr/bin/env bash
# Puts Debian's Fashion-MNIST files (package dataset-fashion-mnist) into the Keras
# cache, so keras.datasets.fashion_mnist.load_data() works with no network.
set -euo pipefail
src=/usr/share/datasets/fashion-mnist
dst="${KERAS_HOME:-$HOME/.keras}/datasets/fashion-mnist"
if ! [ -d "$src" ]; then
    echo "Fashion-MNIST not found in $src: run 'sudo apt-get install dataset-fashion-mnist'" >&2
    exit 1
fi
mkdir -p "$dst"
cp -u "$src"/*.gz "$dst"/
echo "Fashion-MNIST ready in $dst"
