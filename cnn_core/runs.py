"""The run store: one folder per training run, written atomically.

Files of a run ``<root>/<run_id>/``. Each name is written once, as a constant: this
module's ``*_FILE`` constants and :data:`LOGS_DIR`, which every other module uses;
the checkpoints' and the board's files are named in their own modules (see the
right-hand column)::

    config.json        the TrainConfig (cnn_core.train_config)
    status.json        {"status": ..., "pid": ..., "started": ..., "ended": ..., "error": ...}
                       (a failed run's error: "<exception class>: <message>", error_text)
    history.csv        one row per finished epoch: epoch, loss, accuracy, val_loss, val_accuracy
    metrics.json       test_loss, test_accuracy, seconds_per_epoch, params, best_epoch,
                       epochs_run, ... (see cnn_core.training.train)
    model.keras        the best model (ModelCheckpoint, then the restored best weights)
    confusion.npy      int64 (K, K) confusion matrix, rows = true class
    misclassified.npz  indices/true/pred/confidence of every wrong test image (most
                       confident first) and ``images``: the first <= 32 of them, uint8
    logs/              TensorBoard logs
    card.json          model card in the cnn_core.catalog format, written LAST
    progress.json      runs trained on a cluster only: {"beat", "host", "pid", "progress"},
                       rewritten by the training task at least every HEARTBEAT_S
    stop               a stop request from any web replica (cluster runs)
    checkpoints/       the weights before training and after each epoch, capped
                       (cnn_core.checkpoints.CHECKPOINT_DIR)
    board.json         the run's class-board entry: its name, hidden or not
                       (cnn_core.board.BOARD_FILE)
    .board.lock        an empty file locked while board.json changes
                       (cnn_core.board.LOCK_FILE)

At the store's top, ``.names/<run_id>.json`` holds a name typed at Start until its
run's folder exists (:data:`cnn_core.board.PENDING_DIR`). Cluster runs
(:mod:`cnn_core.ray_backend`) also keep there ``.active/`` (one empty marker per
queued or running run: what every replica lists as the queue) and
``.owners/<owner>.json`` (a web replica's heartbeat; a queued run names its owner).
A folder whose name starts with a dot is never listed as a run.

Every file is written to a temporary file in the same folder and renamed over the
target (``os.replace``), so a crash leaves the old file or the new one, never half.
Listing never raises for a damaged folder: it reports the run as ``"broken"``. A run
marked running whose process is gone (or this process, with no live job for it) is
reported ``"interrupted"``. A worker process that dies while the web process watches
it has its run marked ``"failed"`` with the reason (:mod:`cnn_core.backends`).

Where the trainer may be on another machine (a cluster), a process id says nothing:
a run with a ``progress.json`` is alive while its ``beat`` is younger than
:data:`STALE_S`, and a queued run with an ``owner`` while that owner's heartbeat is.
The store then works on a shared filesystem (NFS, SMB) that every web replica and
every training machine mounts at the same path; every file is still replaced whole.

This module never imports TensorFlow.
"""

from __future__ import annotations

import collections
import contextlib
import csv
import io
import json
import os
import re
import secrets
import shutil
import socket
import tempfile
import threading
import time
import tokenize
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from cnn_core.paths import runs_dir
from cnn_core.train_config import TrainConfig

ARRAY_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    EOFError,  # cut short
    TypeError,
    SyntaxError,
    tokenize.TokenError,  # an .npy header that is not a Python literal
    NotImplementedError,  # an .npz with a zip feature zipfile lacks
    RuntimeError,  # an encrypted .npz member
    zipfile.BadZipFile,
    zlib.error,  # a damaged compressed .npz member
)
"""What ``np.load`` may raise on a damaged ``.npy`` or ``.npz`` (found by loading
randomly damaged copies, tests/test_runs.py, and in NumPy's header parser)."""

RunStatus = Literal["queued", "running", "finished", "stopped", "failed", "interrupted", "broken"]
HISTORY_KEYS: tuple[str, ...] = ("loss", "accuracy", "val_loss", "val_accuracy")
MAX_SAVED_IMAGES = 32
PER_MISTAKE: tuple[str, ...] = ("indices", "true", "pred", "confidence")
"""The arrays of ``misclassified.npz`` with one entry per wrong test image; with
``images`` (the first few of them) they are the whole file."""
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")

CONFIG_FILE = "config.json"
"""A run's :class:`~cnn_core.train_config.TrainConfig` (:func:`read_config`)."""
STATUS_FILE = "status.json"
"""A run's status, process, times and error (:meth:`RunStore.set_status`)."""
HISTORY_FILE = "history.csv"
"""A run's finished epochs (:meth:`RunStore.write_history`)."""
METRICS_FILE = "metrics.json"
"""A finished run's figures (:func:`read_metrics`)."""
MODEL_FILE = "model.keras"
"""A run's best model (:meth:`RunStore.model_path`)."""
CONFUSION_FILE = "confusion.npy"
"""A finished run's confusion matrix (:meth:`RunStore.confusion`)."""
MISTAKES_FILE = "misclassified.npz"
"""A finished run's wrong test predictions (:meth:`RunStore.misclassified`)."""
CARD_FILE = "card.json"
"""A finished run's model card, written last (:mod:`cnn_core.catalog`)."""
LOGS_DIR = "logs"
"""A run's TensorBoard logs (a folder)."""
PROGRESS_FILE = "progress.json"
"""A cluster run's heartbeat and latest progress, written by its training task."""
STOP_FILE = "stop"
"""A cluster run's stop request, written by whichever web replica the user clicked on."""
ACTIVE_DIR = ".active"
OWNERS_DIR = ".owners"
HEARTBEAT_S = 2.0
"""A cluster run's task, and a web replica that owns queued runs, write a beat this often."""
STALE_S = 30.0
"""A beat older than this means its writer is gone (a dead machine, worker or replica)."""
HOST = socket.gethostname()


def run_started(run_id: str, zone: tzinfo | None = None) -> str:
    """When a run started, from its id (which holds the UTC time).

    ``"20261130-063012-..."`` -> ``"2026-11-30 06:30:12 UTC"``; with ``zone`` (the
    viewer's), that zone's local time without its name: ``"2026-11-30 15:30:12"`` in
    Seoul. An id of another form (a run folder named by hand) is returned as it is.
    """
    match = re.fullmatch(r"(\d{8}-\d{6})-.*", run_id)
    try:
        started = datetime.strptime(match[1], "%Y%m%d-%H%M%S") if match else None
    except ValueError:  # 13th month, 61st minute...
        started = None
    if started is None:
        return run_id
    if zone is None:
        return started.strftime("%Y-%m-%d %H:%M:%S UTC")
    return started.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


def error_text(err: BaseException) -> str:
    """How a run records an error: ``"<exception class>: <message>"``
    (``"ValueError: bad input"``); :func:`error_type` reads the class back."""
    return f"{type(err).__name__}: {err}"


def error_type(text: str) -> str | None:
    """The exception class an :func:`error_text` names (``"ValueError"``); ``None`` for a
    text that does not start so (a reason a backend wrote for a dead worker)."""
    kind, sep, _ = text.partition(": ")
    return kind if sep and kind.isidentifier() else None


def partial_epoch(metrics: dict[str, Any]) -> dict[str, int] | None:
    """Where Stop came in the middle of an epoch: ``train()``'s ``stopped_at``,
    ``{"epoch": E, "batch": B, "batches": N}`` with ``B < N`` (the run's last epoch, E,
    is then a part of one: B of its N batches ran); ``None`` when every epoch the run
    ran was whole, or ``stopped_at`` is missing or damaged."""
    where = metrics.get("stopped_at")
    if not isinstance(where, dict):
        return None
    numbers = {key: where.get(key) for key in ("epoch", "batch", "batches")}
    if not all(isinstance(value, int) for value in numbers.values()):
        return None
    return numbers if numbers["batch"] < numbers["batches"] else None


ARCHIVE_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,  # not a zip, or a damaged one (zipfile.is_zipfile may still say yes)
    NotImplementedError,  # a "zip version" zipfile does not know
    ValueError,  # a member name that is not valid UTF-8
    OSError,
)
"""What opening a damaged zip archive and listing its members may raise."""


def check_model_archive(path: Path) -> None:
    """Cheap check (no TensorFlow) that ``path`` looks like a ``.keras`` archive.

    Raises:
        ValueError: the file cannot be read as a zip archive (missing, not a zip,
            damaged; chained to the :data:`ARCHIVE_ERRORS` raised), or has no
            ``config.json`` inside; names the file.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except ARCHIVE_ERRORS as err:
        raise ValueError(f"{path.name} is not a readable .keras archive: {err}") from err
    if "config.json" not in names:
        raise ValueError(f"{path.name} lacks config.json")


class RunStoreError(Exception):
    """The run store cannot be written (missing rights, full disk...)."""


@dataclass(frozen=True)
class RunRecord:
    """What the store knows about one run.

    Attributes:
        run_id: folder name, sortable by start time.
        path: the run's folder.
        status: ``queued``/``running`` (live), ``finished``, ``stopped`` (by the user,
            results kept), ``failed`` (an error, see ``metrics["error"]``),
            ``interrupted`` (its process died), ``broken`` (unreadable files, see
            ``metrics["error"]``).
        config: the run's TrainConfig, ``None`` when unreadable.
        history: per finished epoch, keys of :data:`HISTORY_KEYS`.
        metrics: ``metrics.json`` (empty until the run ends), plus ``error`` for failed
            and broken runs.
        created: start time (seconds since the epoch).
    """

    run_id: str
    path: Path
    status: RunStatus
    config: TrainConfig | None
    history: dict[str, list[float]] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    created: float = 0.0


# Runs that this process is working on: a thread trains them, or a worker process
# that this process watches does (cnn_core.jobs). Counted, so the blocks nest. A run
# of this process marked running but not in here was orphaned: "interrupted".
_LIVE: collections.Counter[str] = collections.Counter()
_LIVE_LOCK = threading.Lock()


@contextlib.contextmanager
def live_run(run_id: str) -> Iterator[None]:
    """Mark ``run_id`` as being worked on by this process for the ``with`` block.

    :func:`cnn_core.training.train` does this while it trains; a job manager does it
    for as long as a worker process of its own trains the run. Blocks may nest.
    """
    with _LIVE_LOCK:
        _LIVE[run_id] += 1
    try:
        yield
    finally:
        with _LIVE_LOCK:
            _LIVE[run_id] -= 1
            if _LIVE[run_id] <= 0:
                del _LIVE[run_id]


def is_live(run_id: str) -> bool:
    """Whether this process works on ``run_id`` (a thread, or a worker it watches)."""
    with _LIVE_LOCK:
        return _LIVE[run_id] > 0


def _pid_alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


def _fresh(beat: Any) -> bool:
    """Whether a heartbeat time is younger than :data:`STALE_S`."""
    return isinstance(beat, int | float) and time.time() - beat < STALE_S


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and ``os.replace``.

    Raises:
        RunStoreError: the folder is not writable or the disk is full; the message
            names the file and the OS error.
    """
    tmp_name = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except OSError as err:
        if tmp_name:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        raise RunStoreError(f"cannot write {path}: {err}") from err


def atomic_write_json(path: Path, obj: Any) -> None:
    """:func:`atomic_write` of ``obj`` as indented UTF-8 JSON."""
    atomic_write(path, json.dumps(obj, indent=2, ensure_ascii=False).encode("utf-8"))


def _history_csv(history: dict[str, list[float]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = [key for key in HISTORY_KEYS if key in history]
    writer.writerow(["epoch", *keys])
    epochs = max((len(history[key]) for key in keys), default=0)
    for epoch in range(epochs):
        row = [history[key][epoch] if epoch < len(history[key]) else "" for key in keys]
        writer.writerow([epoch + 1, *row])
    return out.getvalue().encode("utf-8")


def _read_history(path: Path) -> dict[str, list[float]]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    keys = [key for key in HISTORY_KEYS if rows and key in rows[0]]
    return {key: [float(row[key]) for row in rows if row[key] != ""] for key in keys}


def _mistakes_fit(arrays: dict[str, NDArray], classes: int | None) -> bool:
    """Whether the arrays of ``misclassified.npz`` fit together.

    Args:
        arrays: :data:`PER_MISTAKE` and ``images`` (see :meth:`RunStore.misclassified`).
        classes: ``K``, the dataset's class count, or ``None`` when it is unknown.

    Returns:
        ``True`` when the :data:`PER_MISTAKE` arrays are 1-D of one length ``N``,
        ``images`` is uint8 ``(M, H, W, 1 or 3)`` with ``M <= N``, and ``true`` and
        ``pred`` hold integers in ``0..K-1`` (``>= 0`` when ``K`` is unknown).
    """
    indices, images = arrays["indices"], arrays["images"]
    if indices.ndim != 1 or any(arrays[key].shape != indices.shape for key in PER_MISTAKE):
        return False
    if images.dtype != np.uint8 or images.ndim != 4 or images.shape[-1] not in (1, 3):
        return False
    top = np.inf if classes is None else classes
    labels = (arrays["true"], arrays["pred"])
    return len(images) <= len(indices) and all(
        label.dtype.kind in "iu" and bool(np.all((label >= 0) & (label < top))) for label in labels
    )


def _read_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} holds a {type(data).__name__}, expected an object")
    return data


def read_metrics(run_path: Path) -> dict[str, Any]:
    """The ``metrics.json`` of the run folder ``run_path``; ``{}`` when it is missing or
    damaged (never raises)."""
    try:
        return _read_json(run_path / METRICS_FILE)
    except (OSError, ValueError):  # json's errors are ValueErrors
        return {}


def read_config(run_path: Path) -> TrainConfig | None:
    """The :class:`~cnn_core.train_config.TrainConfig` in the run folder ``run_path``;
    ``None`` when its ``config.json`` is missing, damaged or not a valid config (never
    raises)."""
    try:
        return TrainConfig.from_dict(_read_json(run_path / CONFIG_FILE))
    except (OSError, ValueError):
        return None


class RunStore:
    """Runs on disk under ``root`` (default :func:`cnn_core.paths.runs_dir`)."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root) if root is not None else runs_dir()

    # -- writing -----------------------------------------------------------------
    def check_writable(self) -> None:
        """Make sure runs can be written (creates ``root`` if needed).

        Raises:
            RunStoreError: naming the folder and the OS error.
        """
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.root) as probe:
                probe.write(b"ok")
        except OSError as err:
            raise RunStoreError(f"run store {self.root} is not writable: {err}") from err

    def new_run_id(self, config: TrainConfig) -> str:
        """A fresh id, ``"<UTC yyyymmdd-hhmmss>-<dataset>-<model>-<4 hex>"``."""
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        while True:
            run_id = f"{stamp}-{config.dataset}-{config.model}-{secrets.token_hex(2)}"
            if not (self.root / run_id).exists():
                return run_id

    def create(
        self,
        config: TrainConfig,
        run_id: str | None = None,
        *,
        status: Literal["queued", "running"] = "running",
        **fields: Any,
    ) -> RunRecord:
        """Create a run folder with ``config.json`` and ``status.json``.

        Args:
            config: the run's configuration.
            run_id: the id to use (a new one when ``None``).
            status: ``"running"``, or ``"queued"`` for a job manager's waiting run.
            fields: more ``status.json`` fields (e.g. the ``owner`` of a cluster run).

        Raises:
            RunStoreError: the store is not writable.
            ValueError: ``run_id`` is not a plain folder name or already exists.
        """
        self.check_writable()
        while True:
            chosen = run_id or self.new_run_id(config)
            path = self._path(chosen)
            try:
                path.mkdir()
                break
            except FileExistsError:
                if run_id:
                    raise ValueError(f"run {run_id!r} already exists in {self.root}") from None
                # another process (a replica) took the new id in the same second: draw again
            except OSError as err:
                raise RunStoreError(f"cannot create {path}: {err}") from err
        run_id = chosen
        created = time.time()
        atomic_write_json(path / CONFIG_FILE, config.to_dict())
        self.set_status(run_id, status, started=created, **fields)
        return RunRecord(run_id, path, status, config, {}, {}, created)

    def set_status(self, run_id: str, status: RunStatus, **fields: Any) -> None:
        """Rewrite ``status.json`` with ``status``, this pid and ``fields``.

        Fields already in the file (e.g. ``started``) are kept unless overridden.
        """
        path = self._path(run_id) / STATUS_FILE
        try:
            previous = _read_json(path)
        except (OSError, ValueError):
            previous = {}
        atomic_write_json(path, {**previous, **fields, "status": status, "pid": os.getpid()})

    def write_history(self, run_id: str, history: dict[str, list[float]]) -> None:
        """Write ``history.csv`` (one row per epoch)."""
        atomic_write(self._path(run_id) / HISTORY_FILE, _history_csv(history))

    def write_json(self, run_id: str, name: str, obj: Any) -> None:
        """Write ``<run>/<name>`` as JSON (:data:`METRICS_FILE`, :data:`CARD_FILE`)."""
        atomic_write_json(self._path(run_id) / name, obj)

    def write_array(self, run_id: str, name: str, array: NDArray) -> None:
        """Write ``<run>/<name>`` with ``np.save``: ``array`` of any shape and numeric
        dtype (no pickled objects), such as the ``(K, K)`` confusion matrix."""
        buffer = io.BytesIO()
        np.save(buffer, array, allow_pickle=False)
        atomic_write(self._path(run_id) / name, buffer.getvalue())

    def write_arrays(self, run_id: str, name: str, **arrays: NDArray) -> None:
        """Write ``<run>/<name>`` with ``np.savez_compressed``: each array under its
        keyword, of any shape (``misclassified.npz``: ``(M,)`` per wrong image, and
        ``images`` ``(<= 32, H, W, C)`` uint8)."""
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **arrays)
        atomic_write(self._path(run_id) / name, buffer.getvalue())

    # -- cluster runs: heartbeats, stop requests, the shared queue ----------------------
    def write_progress(self, run_id: str, progress: dict[str, Any] | None) -> None:
        """Write ``progress.json``: a beat now (this host and pid) and ``progress``.

        Args:
            run_id: the run.
            progress: a :meth:`~cnn_core.progress.Progress.to_dict`, or ``None``
                before the first report.
        """
        beat = {"beat": time.time(), "host": HOST, "pid": os.getpid(), "progress": progress}
        atomic_write(self._path(run_id) / PROGRESS_FILE, json.dumps(beat).encode("utf-8"))

    def read_progress(self, run_id: str) -> dict[str, Any] | None:
        """``progress.json`` (see :meth:`write_progress`); ``None`` if absent or unreadable."""
        try:
            return _read_json(self._path(run_id) / PROGRESS_FILE)
        except (OSError, ValueError):
            return None

    def request_stop(self, run_id: str) -> None:
        """Ask the run's training task, wherever it runs, to stop (writes ``stop``).

        Raises:
            ValueError: no such run.
        """
        path = self._path(run_id)
        if not path.is_dir():
            raise ValueError(f"no run {run_id!r} in {self.root}")
        atomic_write_json(path / STOP_FILE, {"requested": time.time(), "host": HOST})

    def stop_requested(self, run_id: str) -> bool:
        """Whether a stop was asked for with :meth:`request_stop`."""
        return (self._path(run_id) / STOP_FILE).exists()

    def mark_active(self, run_id: str, active: bool = True) -> None:
        """Add (or, with ``active=False``, remove) the run's marker in ``.active/``."""
        marker = self.root / ACTIVE_DIR / self._path(run_id).name
        if active:
            marker.parent.mkdir(exist_ok=True)
            atomic_write(marker, b"")
        else:
            with contextlib.suppress(FileNotFoundError):
                marker.unlink()

    def active_ids(self) -> list[str]:
        """The runs marked active (queued or running on a cluster), in no order."""
        try:
            names = os.listdir(self.root / ACTIVE_DIR)
        except OSError:
            return []
        return [name for name in names if _RUN_ID.match(name)]

    def beat_owner(self, owner: str) -> None:
        """Write the heartbeat of ``owner`` (a web replica), which keeps its queued runs alive."""
        path = self.root / OWNERS_DIR / f"{self._path(owner).name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_json(path, {"beat": time.time(), "host": HOST, "pid": os.getpid()})

    def owner_alive(self, owner: str) -> bool:
        """Whether ``owner`` wrote its heartbeat less than :data:`STALE_S` ago."""
        try:
            beat = _read_json(self.root / OWNERS_DIR / f"{self._path(owner).name}.json")
        except (OSError, ValueError):
            return False
        return _fresh(beat.get("beat"))

    # -- reading -----------------------------------------------------------------
    def list(self) -> list[RunRecord]:
        """Every run, newest first. Damaged folders are listed as ``"broken"``."""
        if not self.root.is_dir():
            return []
        records = [
            self._record(path)
            for path in self.root.iterdir()
            if path.is_dir() and _RUN_ID.match(path.name)
        ]
        return sorted(records, key=lambda record: (record.created, record.run_id), reverse=True)

    def get(self, run_id: str) -> RunRecord:
        """One run (``"broken"`` when damaged).

        Raises:
            ValueError: no such run.
        """
        path = self._path(run_id)
        if not path.is_dir():
            raise ValueError(f"no run {run_id!r} in {self.root}")
        return self._record(path)

    def delete(self, run_id: str) -> None:
        """Delete a run folder, whatever its state, unless this process is training it.

        Raises:
            ValueError: no such run, or it is live in this process.
            RunStoreError: the folder could not be removed.
        """
        path = self._path(run_id)
        if not path.is_dir():
            raise ValueError(f"no run {run_id!r} in {self.root}")
        if is_live(run_id):
            raise ValueError(f"run {run_id!r} is still training; stop it first")
        try:
            shutil.rmtree(path)
        except OSError as err:
            raise RunStoreError(f"cannot delete {path}: {err}") from err

    def model_path(self, run_id: str) -> Path:
        """``<run>/model.keras`` (may not exist yet)."""
        return self._path(run_id) / MODEL_FILE

    def confusion(self, run_id: str, classes: int | None = None) -> NDArray[np.integer] | None:
        """The ``(K, K)`` confusion matrix (rows = true class), ``None`` if absent or damaged.

        Args:
            run_id: the run.
            classes: ``K``, the dataset's class count, when it is known.

        Returns:
            The integer counts; ``None`` when the file is absent or unreadable, or
            holds anything but a square 2-D integer array (of ``classes`` rows).
        """
        try:
            matrix = np.load(self._path(run_id) / CONFUSION_FILE, allow_pickle=False)
        except ARRAY_ERRORS:
            return None
        if not isinstance(matrix, np.ndarray):  # an .npz archive under the .npy name
            matrix.close()
            return None
        square = matrix.ndim == 2 and matrix.shape[0] == matrix.shape[1]
        if not square or classes not in (None, matrix.shape[0]) or matrix.dtype.kind not in "iu":
            return None
        return matrix

    def misclassified(self, run_id: str, classes: int | None = None) -> dict[str, NDArray] | None:
        """The wrong test predictions, ``None`` if absent or damaged.

        Args:
            run_id: the run.
            classes: ``K``, the dataset's class count, when it is known.

        Returns:
            ``indices`` (into the test set), ``true``, ``pred`` (int64) and
            ``confidence`` (float32) for every wrong image, most confident first, and
            ``images``: uint8 ``(M, H, W, C)``, ``C`` 1 or 3, of the first ``M <= 32``
            of them. ``None`` when the file is absent or unreadable, lacks one of
            these arrays, or they do not fit together (see :func:`_mistakes_fit`).
        """
        try:
            with np.load(self._path(run_id) / MISTAKES_FILE, allow_pickle=False) as data:
                arrays = {key: data[key] for key in (*PER_MISTAKE, "images")}
        except (*ARRAY_ERRORS, KeyError):  # KeyError: an array is missing
            return None
        return arrays if _mistakes_fit(arrays, classes) else None

    # -- internals ---------------------------------------------------------------
    def _path(self, run_id: str) -> Path:
        if not isinstance(run_id, str) or not _RUN_ID.match(run_id):
            raise ValueError(f"invalid run id {run_id!r}")
        return self.root / run_id

    def _record(self, path: Path) -> RunRecord:
        try:
            return self._read(path)
        except Exception as err:  # any damage: list it as broken, never raise
            try:
                created = path.stat().st_mtime
            except OSError:
                created = 0.0
            return RunRecord(
                path.name,
                path,
                "broken",
                None,
                {},
                {"error": error_text(err)},
                created,
            )

    def _alive_elsewhere(self, path: Path, status: str, status_info: dict[str, Any]) -> bool:
        """Whether another process trains (or queues) the run: its heartbeat, its
        owner's, or else its process id on this machine."""
        try:
            beat = _read_json(path / PROGRESS_FILE).get("beat")
        except FileNotFoundError:
            beat = None
        except (OSError, ValueError):
            return False
        if beat is not None:
            return _fresh(beat)
        if status == "queued" and status_info.get("owner"):
            return self.owner_alive(str(status_info["owner"]))
        pid = status_info.get("pid")
        return pid != os.getpid() and _pid_alive(pid)

    def _read(self, path: Path) -> RunRecord:
        run_id = path.name
        config = TrainConfig.from_dict(_read_json(path / CONFIG_FILE))
        status_info = _read_json(path / STATUS_FILE)
        status = status_info.get("status")
        created = float(status_info.get("started", path.stat().st_mtime))
        history_path = path / HISTORY_FILE
        history = _read_history(history_path) if history_path.exists() else {}
        # Live here: this process trains it, or watches the worker process that does.
        live = is_live(run_id)
        if status in ("queued", "running"):
            alive = live or self._alive_elsewhere(path, status, status_info)
            return RunRecord(
                run_id, path, status if alive else "interrupted", config, history, {}, created
            )
        if status in ("finished", "stopped"):
            metrics = _read_json(path / METRICS_FILE)
            check_model_archive(path / MODEL_FILE)
            if not (path / CARD_FILE).exists():
                if live or self._alive_elsewhere(path, status, status_info):
                    # train() is writing its last files right now (here or in a worker)
                    return RunRecord(run_id, path, "running", config, history, {}, created)
                raise ValueError(f"{CARD_FILE} is missing")
            return RunRecord(run_id, path, status, config, history, metrics, created)
        if status in ("failed", "interrupted"):  # interrupted: its worker saw the server go
            metrics = {"error": str(status_info.get("error", "unknown error"))}
            return RunRecord(run_id, path, status, config, history, metrics, created)
        raise ValueError(f"unknown status {status!r}")
