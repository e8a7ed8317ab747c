"""The class burst through nginx: one web replica vs two (the local cluster, loopback).

For each replica count (default 1, then 2) a fresh local cluster
(``scripts/cluster.sh``: Ray head, replicas, nginx) is started and ``--students``
users (default 20) start within ``--spread-s`` seconds, each touring every page at
the websocket level and uploading their own sketch of a 3
(:func:`app_harness.burst.run_burst`, what ``bench/load_sessions.py`` does against
one server it starts itself). nginx spreads the students by their XSRF cookie.

Prints errors (target 0) and p50 / p95 of all steps per replica count; target: the
p95 with two replicas at most that of one. On one 2-core machine the replicas share
the cores, so the gain is small; on a school server with more cores it is the point.

    .venv/bin/python bench/cluster_burst.py [--students 20] [--spread-s 1] [--replicas 1 2]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from pathlib import Path

from app_harness.burst import percentile, run_burst
from app_harness.cluster import local_cluster, missing_tools


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20, help="students in the burst (20)")
    parser.add_argument("--spread-s", type=float, default=1.0, help="they start within (1 s)")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2], help="(1 2)")
    args = parser.parse_args()
    missing = missing_tools()
    if missing:
        print(f"missing {missing}")
        return 2
    p95s: dict[int, float] = {}
    errors = 0
    for replicas in args.replicas:
        with tempfile.TemporaryDirectory() as tmp:
            base = Path(tmp)
            (base / "runs").mkdir()
            with local_cluster(base / "state", base / "runs", replicas=replicas) as cluster:
                result = asyncio.run(run_burst(cluster.url, args.students, spread_s=args.spread_s))
                alarms = [n for n, log in cluster.logs().items() if "Traceback (most" in log]
        values = [seconds for _, seconds in result.times]
        problems = result.problems + [f"traceback in {name}" for name in alarms]
        errors += len(problems)
        p95s[replicas] = percentile(values, 0.95) if values else float("inf")
        print(
            f"{replicas} replica(s) behind nginx, {args.students} students within "
            f"{result.start_spread_s:.2f} s: errors={len(problems)}, steps={len(values)}, "
            f"p50 {statistics.median(values) if values else float('nan'):.2f} s, "
            f"p95 {p95s[replicas]:.2f} s, max {max(values, default=float('nan')):.2f} s"
        )
        for problem in problems[:10]:
            print(f"  {problem}")
    if 1 in p95s and 2 in p95s:
        ok = p95s[2] <= p95s[1]
        print(f"p95 with 2 replicas <= with 1: {'OK' if ok else 'OVER'}")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
