"""TensorFlow or JAX under Keras: which trains this app's models faster on this CPU.

Issue 12 asks to compare the two Keras backends side by side and keep the faster
one. Each measurement is a fresh Python process with ``KERAS_BACKEND`` set, which
times, with plain ``model.fit`` from in-memory float32 arrays:

- **quick epoch**: one epoch of the quick preset's model (``build_compiled_model``,
  its optimizer, schedule and batch size) on the preset's training split with its
  validation (none since 982f550: all 60,000 images train; the README's figures were
  measured on 54,000 and 6,000), after a warm-up epoch on 2,048 images that compiles
  the step;
- **yardstick**: one epoch of the course recipe (``bench/yardstick.py``: seed 000's
  CNN, adam, batch 32, 48,000 + 12,000 images), compile included as always.

The processes alternate (TensorFlow, JAX, TensorFlow, JAX, ...) so that both
backends meet the same machine, and each thread variant is measured:

- ``1``: one core, as a training worker has on a 2-core machine (the process is
  pinned to one CPU; TensorFlow's pools are also set as a worker's);
- ``all``: the libraries' defaults on every core.

JAX is not a dependency of the app. For this script only, in a virtual environment
of its own that sees the app's packages::

    python3 -m venv /tmp/jaxenv
    echo "import site; site.addsitedir('$PWD/.venv/lib/python3.11/site-packages')" \
        > /tmp/jaxenv/lib/python3.11/site-packages/app.pth
    /tmp/jaxenv/bin/pip install jax==0.10.2
    /tmp/jaxenv/bin/python bench/keras_backends.py            # 2 rounds, both thread variants
    /tmp/jaxenv/bin/python bench/keras_backends.py --rounds 1 --threads 1
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from yardstick import measure, timed_epoch  # bench/, next to this script

BACKENDS = ("tensorflow", "jax")
WARM_UP_IMAGES = 2_048


def quick_epoch() -> dict[str, float]:
    """One timed epoch of the quick preset's model here, after a warm-up epoch."""
    from cnn_core.datasets import load_dataset
    from cnn_core.train_config import PRESETS
    from cnn_core.training import build_compiled_model

    config = PRESETS["quick"]
    data = load_dataset(config.dataset, validation_split=config.validation_split, seed=0)
    steps = -(-len(data.x_train) // config.batch_size)
    model = build_compiled_model(config, steps_per_epoch=steps)
    warm = slice(0, WARM_UP_IMAGES)
    model.fit(data.x_train[warm], data.y_train[warm], batch_size=config.batch_size, verbose=0)
    return timed_epoch(model, data, config.batch_size)


def child(threads: str) -> dict[str, object]:
    """Both measurements in this process, under the backend ``KERAS_BACKEND`` names."""
    if threads == "1":
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import keras

    if threads == "1" and keras.backend.backend() == "tensorflow":
        from cnn_core.train_worker import configure_tensorflow

        configure_tensorflow(1)

    return {
        "backend": keras.backend.backend(),
        "threads": threads,
        "quick": quick_epoch(),
        "yardstick": measure(),
    }


def run_child(backend: str, threads: str) -> dict[str, object]:
    """:func:`child` in a fresh process with ``KERAS_BACKEND=backend``."""
    env = {**os.environ, "KERAS_BACKEND": backend}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", threads],
        capture_output=True,
        text=True,
        env=env,
        timeout=1_800,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{backend}, threads {threads}: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["backend"] != backend:
        raise RuntimeError(f"asked for {backend}, Keras ran {result['backend']}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="TensorFlow/JAX pairs per variant")
    parser.add_argument("--threads", nargs="+", choices=("1", "all"), default=["1", "all"])
    parser.add_argument("--child", choices=("1", "all"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return

    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    print("threads  round  backend     quick epoch s (CPU s, val %)   yardstick s (CPU s)")
    ratios: dict[tuple[str, str], list[float]] = {}
    for round_ in range(1, args.rounds + 1):
        for threads in args.threads:
            pair = {}
            for backend in BACKENDS:
                result = run_child(backend, threads)
                quick, yard = result["quick"], result["yardstick"]
                pair[backend] = result
                print(
                    f"{threads:>7}  {round_:>5}  {backend:<10}  "
                    f"{quick['wall_s']:6.1f} ({quick['cpu_s']:5.1f}, "
                    f"{100 * quick['val_accuracy']:.2f} %)        "
                    f"{yard['wall_s']:6.1f} ({yard['cpu_s']:5.1f})",
                    flush=True,
                )
            for part in ("quick", "yardstick"):
                ratio = pair["jax"][part]["wall_s"] / pair["tensorflow"][part]["wall_s"]
                ratios.setdefault((threads, part), []).append(ratio)
    print("JAX / TensorFlow wall time (above 1: TensorFlow is faster), every round:")
    for (threads, part), values in ratios.items():
        shown = ", ".join(f"{value:.2f}" for value in values)
        print(f"  threads {threads}, {part}: {shown} (median {statistics.median(values):.2f})")


if __name__ == "__main__":
    main()
