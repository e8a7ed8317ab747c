"""Drive the real app: a ``streamlit run app.py`` server and Debian's Chromium.

Shared by the browser tests (``tests/e2e``), the fault tests and the load
benchmark (``bench/load_sessions.py``), so they start the server and judge "the
page finished rendering" the same way.

"Finished rendering" reads what Streamlit 1.67's frontend exposes on its root
element ``<div data-testid="stApp" data-test-script-state=... data-test-connection-state=...>``:
the script state is ``notRunning`` (values: initial, running, notRunning,
rerunRequested, stopRequested, compilationError), the websocket is ``CONNECTED``,
and no element of the previous run is still shown stale (``data-stale="true"``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from app_pages import PAGES

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_TIMEOUT_S = 60.0

RENDERED_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && !document.querySelector('[data-stale="true"]');
}"""
"""True once Streamlit's last script run has finished and its elements are drawn."""

EXCEPTION_SELECTOR = '[data-testid="stException"]'
"""Streamlit's red traceback box (an uncaught exception in a page)."""

SERVER_LOG_ALARMS: tuple[str, ...] = ("Traceback (most recent call", "Stack (most recent call")
"""What must never appear in the server's output: an exception's traceback, or the
call stack Streamlit logs with some warnings (e.g. a widget given a default value
and a Session State value at once)."""

BENIGN_CONSOLE_ERRORS: tuple[str, ...] = tuple(f"/{name}/_stcore/" for name in PAGES)
"""Substrings of browser console errors that are expected and harmless.

Every other console error fails the tests. Add an entry only with a comment saying
why that message is harmless. Opened on a page's own address (a shared link such as
``/lab?quiz=...``), Streamlit 1.67's frontend first looks for its server under that
path (``/lab/_stcore/health``, ``/lab/_stcore/host-config``: 404, logged as console
errors), then finds it at ``/_stcore``: the page then loads normally.
"""


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago (bind to port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running ``streamlit run app.py`` subprocess (its own process group)."""

    process: subprocess.Popen
    port: int
    runs_dir: Path
    log_path: Path

    @property
    def url(self) -> str:
        """The app's root URL on loopback."""
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        """What the server printed so far (stdout and stderr)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_alarms(self, since: int = 0) -> list[str]:
        """The passages of the log from character ``since`` on that hold a
        :data:`SERVER_LOG_ALARMS` marker, each with the 1,500 characters after it."""
        text = self.log()[since:]
        return [
            text[max(0, i - 200) : i + 1500]
            for marker in SERVER_LOG_ALARMS
            if (i := text.find(marker)) >= 0
        ]

    def kill(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> None:
        """Send ``sig`` to the server's whole process group and wait for it to end."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=timeout)


def start_server(runs_dir: Path, log_path: Path, env: dict[str, str] | None = None) -> Server:
    """Start ``streamlit run app.py`` on a free loopback port and wait for its health check.

    Args:
        runs_dir: the run store the app uses (``CNN_EXPLORER_RUNS_DIR``).
        log_path: file that receives the server's output.
        env: extra environment variables.

    Raises:
        RuntimeError: the server exited or was not healthy within
            :data:`SERVER_START_TIMEOUT_S`; the message holds its log.
    """
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    full_env = {
        **os.environ,
        "CNN_EXPLORER_RUNS_DIR": str(runs_dir),
        "CNN_EXPLORER_WARM_UP": "1",  # as deployed (the in-process tests turn it off)
        **(env or {}),
    }
    log = log_path.open("wb")
    process = subprocess.Popen(
        cmd,
        cwd=REPO_ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    server = Server(process=process, port=port, runs_dir=runs_dir, log_path=log_path)
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill(signal.SIGKILL)
    raise RuntimeError(f"streamlit not healthy after {SERVER_START_TIMEOUT_S} s:\n{server.log()}")


@contextlib.contextmanager
def running_server(
    runs_dir: Path, log_path: Path, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """:func:`start_server` as a context manager that always stops the server."""
    server = start_server(runs_dir, log_path, env)
    try:
        yield server
    finally:
        server.kill()


@dataclass
class PageErrors:
    """Browser console errors and uncaught page errors seen by one page."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        """Listen to ``page`` (a playwright Page, sync or async API)."""
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.messages.append(f"pageerror: {error}"))

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        text = message.text
        shown = f"console.error: {text} ({message.location.get('url', '')})"
        if any(benign in shown for benign in BENIGN_CONSOLE_ERRORS):  # the text or its URL
            return
        self.messages.append(shown)
