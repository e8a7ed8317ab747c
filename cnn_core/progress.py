"""What a training run reports while it trains: :class:`Progress`.

Kept apart from :mod:`cnn_core.training` so that the web process, which only shows
progress, never imports the training module (nor, through it, Keras). A report
crosses from a worker process to the web process as a plain dict
(:meth:`Progress.to_dict` / :meth:`Progress.from_dict`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

PHASES: tuple[str, ...] = ("loading", "training", "evaluating", "done")
ETA_MIN_BATCHES = 3
"""Batches after the first that give a run's pace (:func:`seconds_left`), or..."""
ETA_MIN_SECONDS = 1.0
"""...the seconds since the first ended, when fewer, slower batches took them."""


def seconds_left(
    done: int, total: int, since_first_s: float, end_s: float = 0.0, ends_left: int = 0
) -> float | None:
    """The seconds a run has left: its remaining batches at the pace of those after its
    first, plus the epoch ends still to come.

    The first batch is left out: it includes tracing the training step (a pace taken
    from the start said "about 724 s left" after the first of 1,876 batches, in an
    epoch of 2.9 s). Until :data:`ETA_MIN_BATCHES` batches after it have ended, or
    :data:`ETA_MIN_SECONDS` since it ended with at least one more, there is no
    estimate. An epoch's end (its validation pass and checkpoint) is counted apart,
    as ``end_s`` for each of the ``ends_left``: spread over the batches, it made the
    estimate fall too fast within an epoch and jump up at each epoch's end.

    Args:
        done: batches ended so far, over every epoch (the first is 1).
        total: batches planned (epochs × batches per epoch).
        since_first_s: seconds spent in batches since the first one ended (the
            epoch ends left out).
        end_s: seconds an epoch's end takes (0 while none has ended).
        ends_left: epoch ends still to come.

    Returns:
        The estimate in seconds (0 when every batch and epoch end is done), or
        ``None`` while the pace is not known yet.

    Raises:
        ValueError: ``done`` is not in ``[1, total]``, or a time or count is negative.
    """
    if not 1 <= done <= total or min(since_first_s, end_s, ends_left) < 0:
        raise ValueError(
            f"need 1 <= done <= total and no negative time or count, got done={done!r}, "
            f"total={total!r}, since_first_s={since_first_s!r}, end_s={end_s!r}, "
            f"ends_left={ends_left!r}"
        )
    after_first = done - 1
    if not after_first or (after_first < ETA_MIN_BATCHES and since_first_s < ETA_MIN_SECONDS):
        return None
    return since_first_s / after_first * (total - done) + end_s * ends_left


@dataclass(frozen=True)
class Progress:
    """A snapshot of a run, passed to ``on_progress``.

    Attributes:
        phase: ``loading`` (data), ``training``, ``evaluating`` (test set), ``done``.
        epoch: 1-based epoch being trained (0 before training).
        epochs: planned epochs.
        batch: 1-based batch within the epoch (0 outside training).
        batches: batches per epoch.
        logs: latest batch logs (``loss``, ``accuracy``).
        history: per finished epoch: ``loss``, ``accuracy``, ``val_loss``,
            ``val_accuracy`` (the last two absent without a validation split).
        elapsed_s: seconds since training started.
        eta_s: estimated seconds left for the planned epochs (:func:`seconds_left`),
            ``None`` while unknown.
        stopped: a stop request has taken effect: training ended after a batch, and
            the run is evaluated and saved as ``"stopped"``. A request that comes
            after the last batch (while evaluating) never takes effect: the run
            ends ``"finished"``, and this stays ``False``.
    """

    phase: Literal["loading", "training", "evaluating", "done"]
    epoch: int
    epochs: int
    batch: int
    batches: int
    logs: dict[str, float] = field(default_factory=dict)
    history: dict[str, list[float]] = field(default_factory=dict)
    elapsed_s: float = 0.0
    eta_s: float | None = None
    stopped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready plain values."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Progress:
        """The inverse of :meth:`to_dict`.

        Raises:
            ValueError: unknown phase or missing/extra fields, with what was received.
        """
        if data.get("phase") not in PHASES:
            raise ValueError(f"unknown progress phase {data.get('phase')!r}; expected {PHASES}")
        try:
            return cls(
                phase=data["phase"],
                epoch=int(data["epoch"]),
                epochs=int(data["epochs"]),
                batch=int(data["batch"]),
                batches=int(data["batches"]),
                logs={str(k): float(v) for k, v in data.get("logs", {}).items()},
                history={str(k): [float(x) for x in v] for k, v in data.get("history", {}).items()},
                elapsed_s=float(data.get("elapsed_s", 0.0)),
                eta_s=None if data.get("eta_s") is None else float(data["eta_s"]),
                stopped=data.get("stopped") is True,
            )
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(f"not a progress report: {data!r} ({err})") from None
