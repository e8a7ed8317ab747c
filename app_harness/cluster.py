"""The local cluster of ``scripts/cluster.sh`` from Python: start it, use it, always stop it.

For ``tests/test_ray_backend.py`` (the Ray head alone), ``tests/e2e/test_cluster.py``
(head, two web replicas, nginx) and ``bench/cluster_throughput.py``. Every part
listens on 127.0.0.1 only; ports are picked free; the state (logs, process ids) goes
to a folder of the caller's.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app_harness.driver import REPO_ROOT, free_port

SCRIPT = REPO_ROOT / "scripts" / "cluster.sh"
START_TIMEOUT_S = 240.0
LOOPBACK_ENV = {"RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0"}
"""What a process on this machine needs to join the loopback-only cluster (as the script
sets it): read once, when ``ray`` is first imported."""


def missing_tools(web: bool = True) -> list[str]:
    """What ``scripts/cluster.sh start`` needs and this machine lacks (empty: all there)."""
    missing = []
    if importlib.util.find_spec("ray") is None:  # not imported: see LOOPBACK_ENV
        missing.append("ray (bash scripts/cluster.sh install)")
    if web and shutil.which("nginx") is None:
        missing.append("nginx (apt-get install nginx)")
    return missing


@dataclass
class LocalCluster:
    """A started local cluster.

    Attributes:
        state: the script's state folder (logs: ``ray.log``, ``web<i>.log``, ``nginx-error.log``).
        ray_address: the GCS address (``127.0.0.1:<port>``).
        runs_dir: the shared run store.
        url: nginx's URL (``""`` without web replicas).
        replicas: each replica's own URL.
    """

    state: Path
    ray_address: str
    runs_dir: Path
    url: str = ""
    replicas: list[str] = field(default_factory=list)

    def logs(self, pattern: str = "web*.log") -> dict[str, str]:
        """The logs whose names match ``pattern``, by name."""
        return {p.name: p.read_text(errors="replace") for p in sorted(self.state.glob(pattern))}

    def session_pids(self) -> list[int]:
        """Every process still alive in the sessions the script started."""
        leaders = {int(p.read_text()) for p in self.state.glob("*.pid")}
        alive = []
        for line in subprocess.run(
            ["ps", "-eo", "pid=,sid=,stat="], capture_output=True, text=True, check=True
        ).stdout.splitlines():
            pid, sid, stat = line.split()
            if int(sid) in leaders and not stat.startswith("Z"):
                alive.append(int(pid))
        return alive


def _script(state: Path, *args: str, timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "CNN_EXPLORER_CLUSTER_DIR": str(state)}
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextlib.contextmanager
def local_cluster(
    state: Path, runs_dir: Path, *, replicas: int = 2, cpus: int | None = None, web: bool = True
) -> Iterator[LocalCluster]:
    """``scripts/cluster.sh start`` on free ports; ``stop`` when the block ends, however.

    Args:
        state: an empty folder for the script's state (``CNN_EXPLORER_CLUSTER_DIR``).
        runs_dir: the shared run store.
        replicas: web replicas behind nginx (ignored without ``web``).
        cpus: CPUs the Ray head offers (default: the machine's).
        web: start the replicas and nginx too (else the Ray head alone).

    Raises:
        RuntimeError: the script failed; the message holds its output.
        ValueError: ``replicas`` below 1.
    """
    if replicas < 1:
        raise ValueError(f"replicas must be at least 1, got {replicas!r}")
    ray_port = free_port()
    args = ["start", "--ray-port", str(ray_port), "--runs-dir", str(runs_dir)]
    if cpus is not None:
        args += ["--cpus", str(cpus)]
    proxy = first = 0
    if web:
        proxy, first = free_port(), free_port()
        while any(p in (proxy, ray_port, ray_port + 1, ray_port + 2) for p in (first, first + 1)):
            first = free_port()
        args += ["--port", str(proxy), "--replica-port", str(first), "--replicas", str(replicas)]
    else:
        args.append("--no-web")
    failed = True
    try:
        started = _script(state, *args, timeout=START_TIMEOUT_S)
        if started.returncode != 0:
            raise RuntimeError(
                f"scripts/cluster.sh start failed ({started.returncode}):\n"
                f"{started.stdout}\n{started.stderr}"
            )
        yield LocalCluster(
            state=state,
            ray_address=f"127.0.0.1:{ray_port}",
            runs_dir=runs_dir,
            url=f"http://127.0.0.1:{proxy}" if web else "",
            replicas=[f"http://127.0.0.1:{first + i}" for i in range(replicas)] if web else [],
        )
        failed = False
    finally:
        cluster = LocalCluster(state, f"127.0.0.1:{ray_port}", runs_dir)
        before = cluster.session_pids()
        _script(state, "stop", timeout=120)
        left = [pid for pid in before if _alive(pid)]
        for pid in left:  # the script's stop missed them: end them here, by id
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, 9)
        if left and not failed:
            raise RuntimeError(f"scripts/cluster.sh stop left processes {left}")


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (not a zombie)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
