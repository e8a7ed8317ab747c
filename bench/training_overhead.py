"""What train() costs beyond the training itself: the whole call over a bare fit + test.

Alternates, in one process whose TensorFlow threads are set as a training worker's
(``configure_tensorflow``), (a) the bare minimum -- load the data, build the model,
a plain ``model.fit`` (no callbacks) and one ``model.evaluate`` of the test set --
and (b) the whole ``cnn_core.training.train()`` call the page makes, with
everything it attaches: a progress callback, a stop event (never set),
ModelCheckpoint, EarlyStopping, TensorBoard when its package is installed, then the
test pass, confusion matrix, misclassified images and every file. Both use the
same config, data split, seeded input pipeline (``fit_batches``) and
validation data, and the dataset cache is cleared before each, so both read the
files.

The headline is the wall-time ratio of (b) over (a), what a user waits for beyond
the training itself (target <= 1.10); the CPU-time ratio is printed beside it, as
the machine is shared and CPU time is the steadier figure.

    .venv/bin/python bench/training_overhead.py                  # the quick preset, 3 reps
    .venv/bin/python bench/training_overhead.py --preset best --reps 2

Measured on 2026-11-22 (quick preset, 2 reps, 1 TensorFlow thread, niced +5, busy
shared 2-core machine, load average 4.9-5.7): bare 19.6 / 21.0 s wall, 13.5 / 13.6 s
CPU; whole train() 26.5 / 45.4 s wall, 13.9 / 14.8 s CPU. Ratio of medians 1.77
wall (the load: the second train() got a third of a core), 1.056 CPU. The CPU
ratio meets the 1.10 target; the wall ratio was not measurable on this load.

Measured again on 2026-11-30 (quick preset, 3 reps, 1 thread, quiet machine, load
1.1-1.2): bare 13.20 / 13.22 / 14.18 s wall, whole train() 13.58 / 13.58 / 13.39 s;
ratio of medians 1.028 wall, 1.023 CPU: met. With the quick preset changed to batch
64 (twice the batches, so twice the per-batch callbacks per image), the same day: bare
10.43 / 10.82 / 12.01 s wall, whole train() 10.75 / 11.94 / 11.89 s; 1.099 wall,
1.094 CPU: met, with no margin.

Then train()'s TensorBoard callback stopped building Keras's discarded per-batch
summaries and both sides validate at batch 512 (52a4c46; quick preset, 3 reps, quiet
machine, load 0.5-0.7): bare 9.02 / 10.21 / 8.88 s wall, whole train() 8.44 / 10.48
/ 8.02 s; ratio of medians 0.936 wall, 0.955 CPU: met. train() is the faster here
as it keeps the images uint8 until each batch, where the bare script reads them as
float32, as a plain script does.

Then train() created the model's variables before fit, so TensorFlow traces the
first step once (8f65cf9; the bare side, a plain fit, still traces it twice; quick
preset, 3 reps, load 0.9-1.0): bare 10.67 / 11.73 / 11.84 s wall, whole train() 9.46
/ 10.23 / 16.61 s (the last a stall of the machine: 12.0 s of CPU); ratio of medians
0.872 wall, 0.886 CPU: met.

With a worker's second inter-op thread, here too (dac9e6e; 2026-11-30, load 1.2-1.8;
CPU now exceeds wall): quick, 3 reps: bare 11.83 / 9.25 / 10.44 s wall, whole train()
8.57 / 10.40 / 8.14 s; ratio of medians 0.821 wall, 0.946 CPU. best (8e-3), 2 reps:
bare 27.36 / 27.53 s, whole train() 26.19 / 26.60 s; 0.962 wall, 0.985 CPU. Met.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from time_to_accuracy import worker_threads  # bench/, next to this script

from cnn_core.runs import RunStore
from cnn_core.train_config import PRESETS, TrainConfig
from cnn_core.train_worker import configure_tensorflow


def bare(config: TrainConfig) -> tuple[float, float]:
    """``(wall, cpu)`` seconds of load + build + plain fit + evaluate."""
    from cnn_core.datasets import clear_cache, load_dataset
    from cnn_core.training import PREDICT_BATCH_SIZE, build_compiled_model, fit_batches

    clear_cache()
    wall, cpu = time.perf_counter(), time.process_time()
    data = load_dataset(
        config.dataset,
        train_subset=config.train_subset,
        validation_split=config.validation_split,
        seed=config.seed,
    )
    batches = -(-len(data.x_train) // config.batch_size)
    model = build_compiled_model(config, batches)
    model.fit(
        **fit_batches(data.x_train, data.y_train, config.batch_size, config.seed),
        validation_data=(data.x_val, data.y_val) if len(data.x_val) else None,  # as train()
        validation_batch_size=PREDICT_BATCH_SIZE,
        epochs=config.epochs,
        verbose=0,
    )
    model.evaluate(data.x_test, data.y_test, batch_size=PREDICT_BATCH_SIZE, verbose=0)
    return time.perf_counter() - wall, time.process_time() - cpu


def whole(config: TrainConfig, store: RunStore) -> tuple[float, float]:
    """``(wall, cpu)`` seconds of the whole train() call with the page's callbacks."""
    from cnn_core.datasets import clear_cache
    from cnn_core.training import train

    clear_cache()
    reports = []
    wall, cpu = time.perf_counter(), time.process_time()
    record = train(config, store, on_progress=reports.append, stop_event=threading.Event())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert record.status == "finished" and reports, record
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="quick", choices=sorted(PRESETS))
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    config = PRESETS[args.preset]
    threads = worker_threads()
    configure_tensorflow(threads)
    print(f"{args.preset}: {config}\n{threads} TensorFlow thread(s), as a worker")
    bare(config)  # warm-up: imports, first graph tracing
    pairs: list[tuple[tuple[float, float], tuple[float, float]]] = []
    with tempfile.TemporaryDirectory() as root:
        store = RunStore(Path(root))
        for rep in range(args.reps):
            pairs.append((bare(config), whole(config, store)))
            (bare_wall, bare_cpu), (whole_wall, whole_cpu) = pairs[-1]
            print(
                f"  rep {rep + 1}: bare fit + evaluate {bare_wall:6.2f} s wall {bare_cpu:6.2f} s"
                f" cpu | whole train() {whole_wall:6.2f} s wall {whole_cpu:6.2f} s cpu;"
                f" load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    ratios = {
        kind: statistics.median(w[index] for _, w in pairs)
        / statistics.median(b[index] for b, _ in pairs)
        for kind, index in (("wall", 0), ("cpu", 1))
    }
    print(
        f"whole train() / bare fit + evaluate, ratio of medians: {ratios['wall']:.3f} wall"
        f" (target <= 1.10), {ratios['cpu']:.3f} CPU"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
