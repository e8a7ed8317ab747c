"""Ray backend vs local worker processes: same accuracies, throughput within 10 %.

On the local cluster (``scripts/cluster.sh start --no-web``: a Ray head with all
of this machine's CPUs, on loopback), ``--runs`` runs (default 8, seeds 0..7) are
trained three ways, each on a fresh run store:

1. on Ray, one at a time (each submitted when the previous one ended);
2. on Ray, all submitted at once (Ray queues them, one CPU each);
3. with the laptop's default, :class:`cnn_core.jobs.JobManager` (local worker
   processes, one per core), all submitted at once.

Prints each run's test accuracy per way (target: the same, seed for seed), the wall
time and runs per minute of 2. and 3. (target: Ray's throughput within 10 % of the
local processes' on the same cores).

    .venv/bin/python bench/cluster_throughput.py [--runs 8] [--epochs 3] [--subset 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from app_harness.cluster import LOOPBACK_ENV, local_cluster, missing_tools
from app_harness.tiny_runs import tiny_config
from cnn_core.jobs import JobManager
from cnn_core.runs import RunStore
from cnn_core.train_config import TrainConfig

TIMEOUT_S = 1800.0


def configs(runs: int, epochs: int, subset: int) -> list[TrainConfig]:
    """The runs, one seed each (the tiny model: the figure is the queue, not Keras)."""
    return [tiny_config(epochs=epochs, train_subset=subset, seed=seed) for seed in range(runs)]


def train_all(manager, store: RunStore, todo: list[TrainConfig], at_once: bool) -> tuple:
    """Train ``todo``; return ``(accuracies, wall seconds)``.

    Raises:
        RuntimeError: a run did not finish, with its state and error.
    """
    start = time.monotonic()
    ids = []
    if at_once:
        ids = [manager.submit(config, store) for config in todo]
    accuracies = []
    for index, config in enumerate(todo):
        job_id = ids[index] if at_once else manager.submit(config, store)
        snap = manager.wait(job_id, TIMEOUT_S)
        if snap.state != "finished":
            raise RuntimeError(f"run {job_id} ended {snap.state}: {snap.error}")
        accuracies.append(float(snap.record.metrics["test_accuracy"]))
    return accuracies, time.monotonic() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="runs per way (8)")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per run (3)")
    parser.add_argument("--subset", type=int, default=2000, help="training images per run")
    args = parser.parse_args()
    missing = missing_tools(web=False)
    if missing:
        print(f"missing {missing}")
        return 2
    os.environ.update(LOOPBACK_ENV)
    cpus = os.cpu_count() or 1
    todo = configs(args.runs, args.epochs, args.subset)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        with local_cluster(base / "state", base / "runs", cpus=cpus, web=False) as cluster:
            from cnn_core.ray_backend import RayJobManager

            ray_manager = RayJobManager(cluster.ray_address, store=RunStore(base / "ray-seq"))
            seq, seq_s = train_all(ray_manager, RunStore(base / "ray-seq"), todo, at_once=False)
            ray_manager = RayJobManager(cluster.ray_address, store=RunStore(base / "ray-par"))
            par, par_s = train_all(ray_manager, RunStore(base / "ray-par"), todo, at_once=True)
            ray_manager.close()
        local = JobManager(max_workers=cpus)
        loc, loc_s = train_all(local, RunStore(base / "local"), todo, at_once=True)
    print(
        f"{args.runs} runs: tiny custom CNN, {args.subset} images, {args.epochs} epochs, "
        f"seeds 0..{args.runs - 1}; {cpus} CPUs (Ray: 1 CPU per run; local: {cpus} workers)"
    )
    for seed, (a, b, c) in enumerate(zip(seq, par, loc, strict=True)):
        print(f"  seed {seed}: Ray one at a time {a:.4f}, Ray at once {b:.4f}, local {c:.4f}")
    same = seq == par == loc
    print(f"same accuracies seed for seed: {'yes' if same else 'NO'}")
    ratio = loc_s / par_s
    print(
        f"wall: Ray one at a time {seq_s:.1f} s; Ray all at once {par_s:.1f} s "
        f"({60 * args.runs / par_s:.2f} runs/min); local processes all at once {loc_s:.1f} s "
        f"({60 * args.runs / loc_s:.2f} runs/min)"
    )
    print(
        f"Ray throughput / local throughput = {ratio:.3f} "
        f"(target >= 0.90: {'OK' if ratio >= 0.9 else 'UNDER'})"
    )
    return 0 if same and ratio >= 0.9 else 1


if __name__ == "__main__":
    sys.exit(main())
