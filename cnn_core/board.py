"""The class board: runs ranked by test accuracy, with the name a student gave them.

A run's board entry is one small file in its folder, ``<run>/board.json``::

    {"name": "Minji", "hidden": false}

written whole (:func:`cnn_core.runs.atomic_write_json`). A change (:func:`set_name`,
:func:`set_hidden`) reads the entry and rewrites it holding a lock on the run's
``.board.lock`` (:func:`_locked`), so a name typed at Start and the teacher hiding the
run at the same moment both land, from any thread or any server process sharing the
run store. ``name`` is what the student typed, cleaned by :func:`clean_name`: Unicode
NFC, control and direction-changing characters (right-to-left marks and overrides,
zero-width marks) removed, spaces collapsed, at most :data:`MAX_NAME_CHARS`
characters; an empty result means no name. Anything else (HTML, a script tag, emoji,
Hangul) is kept as text: the board shows names as plain text, never as markup.
``hidden`` is the teacher's switch: a hidden run stays in the store (and on the
training page) but leaves the board.

A name typed at Start is on disk from the click on (:func:`remember_name`), before
the run's folder exists (a job manager creates it when the job starts to train):
it waits in ``<store>/.names/<run_id>.json`` (:data:`PENDING_DIR`) and moves into the
run's ``board.json`` when the folder appears (:func:`apply_pending_names`, which
:func:`cnn_core.training.train` and every training page run call), whichever browser,
tab or process is there to see it.

:func:`board_rows` turns the run store's records into the board's rows, each with
the preset its run used (:func:`cnn_core.train_config.preset_of`), so that a run is
named the way the student chose it; :func:`ranks` ranks them as the board shows their
accuracies (equal ones share a rank). This module never imports TensorFlow or
Streamlit.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cnn_core.runs import (
    CONFIG_FILE,
    RunRecord,
    RunStoreError,
    atomic_write_json,
    partial_epoch,
)
from cnn_core.train_config import preset_of

BOARD_FILE = "board.json"
LOCK_FILE = ".board.lock"
"""An empty file beside :data:`BOARD_FILE`, locked while a change reads and rewrites it
(``board.json`` itself is replaced by each write, so a lock on it would not hold)."""
MAX_NAME_CHARS = 40
"""A name is cut to this many characters (code points, after cleaning)."""
MAX_FILE_BYTES = 4096
"""A ``board.json`` (or a waiting name's file) larger than this is ignored as damaged."""
PENDING_DIR = ".names"
"""The folder at the top of the run store where names typed at Start wait for their
runs' folders, one ``<run_id>.json`` each (a dot folder: never listed as a run)."""
PENDING_MAX_AGE_S = 24 * 3600.0
"""A waiting name whose run has no folder after this long is dropped: its job was
cancelled in the queue, or the server stopped before the job started."""
BOARD_STATUSES: tuple[str, ...] = ("finished", "stopped")
"""Runs in these states, with a test accuracy, are on the board."""
_INVISIBLE = {
    "\u200b",  # zero width space
    "\u200c",  # zero width non-joiner
    "\u200e",  # left-to-right mark
    "\u200f",  # right-to-left mark
    "\u061c",  # Arabic letter mark
    "\ufeff",  # byte order mark
    *(chr(code) for code in range(0x202A, 0x202F)),  # embeddings and overrides
    *(chr(code) for code in range(0x2066, 0x206A)),  # isolates
}
_THREAD_LOCK = threading.Lock()
"""Held around :func:`_locked`'s file lock: on a shared filesystem (NFS) Linux turns
``flock`` into a lock of the whole process, which its other threads would pass."""


@dataclass(frozen=True)
class BoardEntry:
    """What a run's ``board.json`` says.

    Attributes:
        name: the cleaned name, ``None`` when the run has none.
        hidden: the teacher took the run off the board.
    """

    name: str | None = None
    hidden: bool = False


@dataclass(frozen=True)
class BoardRow:
    """One line of the board.

    Attributes:
        run_id: the run.
        name: the run's name, ``None`` when it has none.
        dataset: the run's dataset key.
        architecture: the run's architecture key (``"custom"``...).
        params: the model's parameter count.
        epochs: epochs trained.
        seconds: training time in seconds.
        test_accuracy: in ``[0, 1]``.
        hidden: the teacher hid it (only listed with ``include_hidden``).
        preset: the key of the preset the run used
            (:func:`cnn_core.train_config.preset_of`), ``None`` when its settings
            are no preset's.
        stopped: the run was stopped before its planned epochs (Stop): its accuracy
            is that of a shorter training, which the board marks.
        partial: where Stop cut the last epoch short
            (:func:`cnn_core.runs.partial_epoch`), ``None`` when every epoch was whole.
    """

    run_id: str
    name: str | None
    dataset: str
    architecture: str
    params: int | None
    epochs: int | None
    seconds: float | None
    test_accuracy: float
    hidden: bool = False
    preset: str | None = None
    stopped: bool = False
    partial: dict[str, int] | None = None


def clean_name(text: Any) -> str | None:
    """A name as the board keeps it, or ``None`` for no name (:func:`cleaned_name`'s
    name).

    Args:
        text: what the student typed (anything; a non-string means no name).

    Returns:
        NFC text without control or direction-changing characters, runs of
        whitespace made one space, trimmed, at most :data:`MAX_NAME_CHARS`
        characters; ``None`` when nothing is left.
    """
    return cleaned_name(text)[0]


def cleaned_name(text: Any) -> tuple[str | None, bool]:
    """A name as the board keeps it (:func:`clean_name`), and whether keeping it cut it
    short: only the cleaned text's length counts, so a name that fits once its invisible
    characters are gone or its decomposed Hangul is composed (NFC) was not cut.

    Args:
        text: what the student typed (anything; a non-string means no name).

    Returns:
        ``(name, cut)``: the name (``None`` when nothing is left) and ``True`` when the
        cleaned text was longer than :data:`MAX_NAME_CHARS` characters.
    """
    if not isinstance(text, str):
        return None, False
    text = unicodedata.normalize("NFC", text)
    kept = []
    for char in text:
        if char in _INVISIBLE:
            continue
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zl", "Zp"):
            kept.append(" ")
        elif category in ("Cc", "Cs", "Co", "Cn") or (category == "Cf" and char != "\u200d"):
            continue  # controls, surrogates, private use, unassigned; format chars but ZWJ (emoji)
        else:
            kept.append(char)
    whole = " ".join("".join(kept).split())
    name = whole[:MAX_NAME_CHARS].strip()
    return name or None, len(whole) > MAX_NAME_CHARS


def read_entry(run_path: Path) -> BoardEntry:
    """The run's board entry; a missing, oversized or damaged file reads as no entry."""
    path = Path(run_path) / BOARD_FILE
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return BoardEntry()
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return BoardEntry()
    if not isinstance(data, dict):
        return BoardEntry()
    return BoardEntry(clean_name(data.get("name")), data.get("hidden") is True)


@contextlib.contextmanager
def _locked(run_path: Path) -> Iterator[None]:
    """Hold the run's board entry for one read and rewrite: against other threads of
    this process (:data:`_THREAD_LOCK`) and other processes (``flock`` on
    :data:`LOCK_FILE`, released when the file is closed, a crash included).

    Raises:
        ValueError: ``run_path`` is not a folder.
        cnn_core.runs.RunStoreError: the lock file cannot be created (the folder is
            not writable).
    """
    path = Path(run_path)
    if not path.is_dir():
        raise ValueError(f"no run folder {path}")
    with _THREAD_LOCK:
        try:
            fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise RunStoreError(f"cannot lock {path / LOCK_FILE}: {err}") from err
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def _update(run_path: Path, change: Callable[[BoardEntry], BoardEntry]) -> BoardEntry:
    """Rewrite the run's entry as ``change`` makes it from the stored one, under
    :func:`_locked`; the entry as stored."""
    with _locked(run_path):
        entry = change(read_entry(run_path))
        atomic_write_json(Path(run_path) / BOARD_FILE, {"name": entry.name, "hidden": entry.hidden})
    return entry


def set_name(run_path: Path, name: Any) -> BoardEntry:
    """Give a run a name (:func:`clean_name`; an empty one removes it); keeps ``hidden``.

    Returns:
        The entry as stored.

    Raises:
        ValueError: ``run_path`` is not a folder.
        cnn_core.runs.RunStoreError: the folder is not writable.
    """
    cleaned = clean_name(name)
    return _update(run_path, lambda entry: replace(entry, name=cleaned))


def remember_name(root: Path, run_id: str, name: Any) -> None:
    """Give run ``run_id`` of the run store at ``root`` the name ``name`` (cleaned by
    :func:`clean_name`; nothing for no name), on disk now: in the run's ``board.json``
    when its folder exists, else in :data:`PENDING_DIR` until it does
    (:func:`apply_pending_names`).

    Raises:
        ValueError: ``run_id`` is not a plain folder name.
        cnn_core.runs.RunStoreError: the run store is not writable.
    """
    cleaned = clean_name(name)
    if cleaned is None:
        return
    if not run_id or Path(run_id).name != run_id or run_id.startswith("."):
        raise ValueError(f"run_id must be a plain folder name, got {run_id!r}")
    folder = Path(root) / run_id
    if (folder / CONFIG_FILE).is_file():
        set_name(folder, cleaned)
        return
    waiting = Path(root) / PENDING_DIR
    try:
        waiting.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RunStoreError(f"cannot create {waiting}: {err}") from err
    atomic_write_json(waiting / f"{run_id}.json", {"name": cleaned})
    apply_pending_names(root)  # the folder may have appeared meanwhile


def pending_name(root: Path, run_id: str) -> str | None:
    """The name waiting for run ``run_id``'s folder (:func:`remember_name`), ``None``
    when none waits (never given, or already in the folder's ``board.json``): a queued
    run has no folder yet, and every browser's card names it from here."""
    return _read_pending(Path(root) / PENDING_DIR / f"{run_id}.json")


def apply_pending_names(root: Path) -> None:
    """Move every waiting name (:func:`remember_name`) whose run's folder now exists
    into its ``board.json`` (unless the run was named since: that name is newer), and
    drop those older than :data:`PENDING_MAX_AGE_S` whose run never got a folder.
    Never raises: a name that cannot be written now waits for the next call."""
    try:
        waiting = sorted((Path(root) / PENDING_DIR).glob("*.json"))
    except OSError:
        return
    for path in waiting:
        folder = Path(root) / path.stem
        try:
            if (folder / CONFIG_FILE).is_file():
                name = _read_pending(path)
                if name is not None:  # a name given since (a rename) is newer: it stays
                    _update(
                        folder,
                        lambda entry, name=name: entry if entry.name else replace(entry, name=name),
                    )
            elif time.time() - path.stat().st_mtime < PENDING_MAX_AGE_S:
                continue
            path.unlink(missing_ok=True)
        except (OSError, ValueError, RunStoreError):
            continue


def _read_pending(path: Path) -> str | None:
    """The name in a waiting name's file; ``None`` when it is missing or damaged."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return clean_name(data.get("name")) if isinstance(data, dict) else None


def set_hidden(run_path: Path, hidden: bool) -> BoardEntry:
    """Hide a run from the board, or show it again; keeps its name.

    Raises:
        ValueError: ``hidden`` is not a bool, or ``run_path`` is not a folder.
        cnn_core.runs.RunStoreError: the folder is not writable.
    """
    if not isinstance(hidden, bool):
        raise ValueError(f"hidden must be True or False, got {hidden!r}")
    return _update(run_path, lambda entry: replace(entry, hidden=hidden))


def board_rows(
    records: list[RunRecord], dataset: str | None = None, *, include_hidden: bool = False
) -> list[BoardRow]:
    """The board: ended runs with a test accuracy, best first; a stopped run is ranked by
    its accuracy too, marked :attr:`BoardRow.stopped`.

    Args:
        records: the run store's records (:meth:`cnn_core.runs.RunStore.list`).
        dataset: only runs of this dataset; ``None``: every dataset.
        include_hidden: list hidden runs too (the teacher's view), marked ``hidden``.

    Returns:
        Rows by test accuracy (highest first); ties by fewer parameters, then the
        earlier run.
    """
    rows = []
    for record in records:
        accuracy = record.metrics.get("test_accuracy")
        config = record.config
        if record.status not in BOARD_STATUSES or config is None:
            continue
        if not isinstance(accuracy, int | float) or (dataset and config.dataset != dataset):
            continue
        entry = read_entry(record.path)
        if entry.hidden and not include_hidden:
            continue
        metrics = record.metrics
        rows.append(
            BoardRow(
                run_id=record.run_id,
                name=entry.name,
                dataset=config.dataset,
                architecture=config.model,
                params=_number(metrics.get("params"), int),
                epochs=_number(metrics.get("epochs_run"), int),
                seconds=_number(metrics.get("train_seconds"), float),
                test_accuracy=float(accuracy),
                hidden=entry.hidden,
                preset=preset_of(config),
                stopped=record.status == "stopped",
                partial=partial_epoch(metrics),
            )
        )
    unknown = 1 << 62
    return sorted(
        rows,
        key=lambda row: (
            -row.test_accuracy,
            unknown if row.params is None else row.params,
            row.run_id,
        ),
    )


def ranks(shown: list[str]) -> list[int]:
    """Standard competition ranks ("1224") of values as the board shows them, best
    first: equal values share the rank of the first of them, and the next value's rank
    counts every row above it. The same settings and seed train to the same accuracy:
    the board's hidden order among them (fewer parameters, the earlier run,
    :func:`board_rows`) wins nothing.

    Args:
        shown: the values as shown, in board order (equal values next to each other).

    Returns:
        One rank per value: ``["91.2%", "91.2%", "91.2%", "90.1%"]`` -> ``[1, 1, 1, 4]``.
    """
    result: list[int] = []
    for index, value in enumerate(shown):
        result.append(result[-1] if index and value == shown[index - 1] else index + 1)
    return result


def _number(value: Any, kind: type) -> Any:
    return kind(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
