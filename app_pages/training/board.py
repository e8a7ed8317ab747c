"""The class board: the runs of a dataset by test accuracy, with the names students
gave them, for a teacher to project; the teacher hides or deletes entries.

A run's name is typed next to Start (:func:`name_ui`) and written into the run's
folder (:mod:`cnn_core.board`) as soon as the folder exists (:func:`apply_pending_names`:
a job's run folder appears when its worker starts it), or given afterwards in the
results. Names are shown as plain text, never as markup: ``st.table`` renders every
cell as Markdown, so the board's cells go through :func:`ui.markdown.markdown_text` first.

When ``CNN_EXPLORER_TEACHER_PIN`` is set, the teacher's controls open with that PIN.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.training import shared
from cnn_core import board
from cnn_core.datasets import DATASETS
from cnn_core.runs import CONFIG_FILE, RunRecord, RunStoreError
from ui.markdown import markdown_text
from ui.models import model_label
from ui.state import fill, keep, key_class, labels_now, lang, tr, widget_key

NAME_KEY = "training.run_name"
PENDING_KEY = "training.pending_names"
"""Session key: ``{run_id: name}`` typed at Start for runs whose folder may not exist yet."""
PIN_ENV = "CNN_EXPLORER_TEACHER_PIN"
RENAMED_KEY = "training.renamed"
"""Session key: the outcome of the last rename, ``(ok, message)``, shown once."""
TEACHER_DONE_KEY = "training.board_done"
"""Session key: the outcome of the teacher's last action, ``(ok, message)``, shown once."""
TABLE_KEY = "training.board_table"
"""Key of the container around the projected board."""
BOARD_CSS = f"""<style>
{key_class(TABLE_KEY)} [data-testid="stTable"] {{
  font-family: "Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic",
    "NanumGothic", "Nanum Gothic", "Source Sans", sans-serif;
}}
</style>"""
"""One font for Hangul and digits on the board, where there is one. With the app's
font (Source Sans, which has no Hangul) a Hangul cell takes its letters from the
browser's fallback font and looks larger than a cell of digits of the same size."""


def name_ui() -> str:
    """The optional name field next to Start; returns what was typed."""
    return keep(
        st.text_input,
        NAME_KEY,
        tr("train.board.name"),
        default="",
        max_chars=board.MAX_NAME_CHARS,
        placeholder=tr("train.board.name_placeholder"),
        help=tr("train.board.name_help", limit=board.MAX_NAME_CHARS),
    )


def remember_name(run_id: str, name: str) -> None:
    """Keep ``name`` for ``run_id`` until its folder exists (see :func:`apply_pending_names`)."""
    if board.clean_name(name):
        st.session_state[PENDING_KEY] = {**st.session_state.get(PENDING_KEY, {}), run_id: name}
        apply_pending_names()


def apply_pending_names() -> None:
    """Write the names waiting for their runs' folders into those that now exist."""
    pending = dict(st.session_state.get(PENDING_KEY, {}))
    if not pending:
        return
    root = shared.run_store().root
    for run_id, name in list(pending.items()):
        folder = root / run_id
        if (folder / CONFIG_FILE).is_file():
            try:
                board.set_name(folder, name)
            except (ValueError, RunStoreError):
                continue
            del pending[run_id]
    st.session_state[PENDING_KEY] = pending


def _shown_key(key: str) -> str:
    """Session key: the stored name the rename field ``key`` was last filled with."""
    return f"{key}.stored"


def _rename(run_path: Path, key: str) -> None:
    """Button callback: store the typed name (cleaned) and show it cleaned in the field.

    A field left as it was filled writes nothing: saving it never erases a name
    (one written meanwhile, from a name typed at Start, included)."""
    typed = st.session_state.get(widget_key(key), st.session_state.get(key, ""))
    try:
        if board.clean_name(typed) == board.clean_name(st.session_state.get(_shown_key(key))):
            stored = board.read_entry(run_path)
        else:
            stored = board.set_name(run_path, typed)
    except (ValueError, RunStoreError) as err:
        st.session_state[RENAMED_KEY] = (False, tr("train.board.error", error=err))
        return
    fill({key: stored.name or ""})
    st.session_state[_shown_key(key)] = stored.name or ""
    if stored.name is None:
        st.session_state[RENAMED_KEY] = (True, tr("train.board.name_removed"))
        return
    shown = markdown_text(stored.name)  # the message is Markdown
    st.session_state[RENAMED_KEY] = (True, tr("train.board.renamed", name=shown))


def rename_ui(record: RunRecord) -> None:
    """Give a finished run a name (or change it) for the board: the session's own runs
    only (:data:`shared.JOBS_KEY`: started here, or in this browser before a reload).
    Another's run shows its name, read-only, and says who may change it: a classmate's
    name on the board is theirs (the teacher hides an entry, :func:`teacher_ui`).

    The field shows the run's stored name; when that name changes (a name typed at
    Start reaching the run's folder), the field follows it."""
    key = f"training.rename.{record.run_id}"
    stored = board.read_entry(record.path).name or ""
    if st.session_state.get(_shown_key(key)) != stored:
        fill({key: stored})
        st.session_state[_shown_key(key)] = stored
    own = record.run_id in st.session_state.get(shared.JOBS_KEY, [])
    column_name, column_button = st.columns([3, 1], vertical_alignment="bottom")
    keep(
        column_name.text_input,
        key,
        tr("train.board.rename"),
        default=stored,
        max_chars=board.MAX_NAME_CHARS,
        disabled=not own,
    )
    column_button.button(
        tr("train.board.rename_button"),
        key=f"{key}.save",
        on_click=_rename,
        args=(record.path, key),
        disabled=not own,
    )
    if not own:
        st.caption(tr("train.board.rename_own"))
    outcome = st.session_state.pop(RENAMED_KEY, None)
    if outcome:
        (st.success if outcome[0] else st.error)(outcome[1])


def _board_frame(rows: list[board.BoardRow]) -> pd.DataFrame:
    """The board: every cell plain text (names as typed); ``markdown_text`` of it
    is what ``st.table`` needs."""
    return pd.DataFrame(
        {
            tr("train.board.col.rank"): [str(rank) for rank in range(1, len(rows) + 1)],
            tr("train.board.col.name"): [row.name or "—" for row in rows],
            tr("train.col.test_accuracy"): [f"{row.test_accuracy:.1%}" for row in rows],
            tr("train.col.model"): [model_label(row.architecture, row.preset) for row in rows],
            tr("train.col.params"): [_count(row.params) for row in rows],
            tr("train.col.epochs"): [_epochs(row) for row in rows],
            tr("train.board.col.seconds"): [
                "—" if row.seconds is None else f"{row.seconds:.0f}" for row in rows
            ],
        }
    )


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def _epochs(row: board.BoardRow) -> str:
    """A row's epochs; a stopped run's marked as stopped, with the batch it stopped at
    when that was in the middle of an epoch. It stays on the board, ranked by its
    accuracy: that accuracy was measured on the test set like any other, and a student
    who stopped a run early should still find it; the mark tells the class it had a
    shorter training."""
    if row.partial is not None and row.epochs == row.partial["epoch"]:
        return tr("train.board.stopped_partial", **row.partial)
    count = _count(row.epochs)
    return tr("train.board.stopped", epochs=count) if row.stopped else count


def board_ui(records: list[RunRecord]) -> None:
    """The board of one dataset, and the teacher's controls (the page has applied the
    pending names, :func:`apply_pending_names`, before it read ``records``)."""
    done = st.session_state.pop(TEACHER_DONE_KEY, None)
    if done:
        (st.success if done[0] else st.error)(done[1])
    every = board.board_rows(records, include_hidden=True)
    datasets = [name for name in DATASETS if any(row.dataset == name for row in every)]
    if not datasets:
        st.info(tr("train.board.empty"))
        return
    dataset = keep(
        st.selectbox,
        "training.board_dataset",
        tr("train.dataset"),
        datasets,
        format_func=labels_now(datasets, lambda code: DATASETS[code].title[lang()]),
    )
    rows = board.board_rows(records, dataset)
    if rows:
        st.html(BOARD_CSS)
        with st.container(key=TABLE_KEY):  # large and static: made to be projected
            st.table(_board_frame(rows).map(markdown_text), hide_index=True)
    else:
        st.info(tr("train.board.all_hidden"))
    st.caption(tr("train.board.help"))
    teacher_ui(board.board_rows(records, dataset, include_hidden=True), records)


def pin_required() -> bool:
    """Whether this server locks the teacher's controls behind ``CNN_EXPLORER_TEACHER_PIN``."""
    return bool(os.environ.get(PIN_ENV, ""))


def unlocked_ui(key: str) -> bool:
    """The teacher PIN field (under widget ``key``) when a PIN is set; whether it is open.

    The one PIN check of the page: the board's teacher controls, deleting other
    sessions' runs (:func:`app_pages.training.results.delete_ui`) and stopping their
    live jobs (:func:`app_pages.training.live.live_jobs_ui`) all use it.
    """
    pin = os.environ.get(PIN_ENV, "")
    if not pin:
        return True
    # Not kept (ui.state.keep): a PIN lives only in its widget, never in the kept values.
    typed = st.text_input(tr("train.board.pin"), type="password", key=key)
    return bool(typed) and hmac.compare_digest(typed.encode(), pin.encode())


def _hide(run_id: str, hidden: bool, label: str) -> None:
    """Button callback: hide a run from the board or show it again (``label``: as shown)."""
    try:
        board.set_hidden(shared.run_store().root / run_id, hidden)
    except (ValueError, RunStoreError) as err:
        st.session_state[TEACHER_DONE_KEY] = (False, tr("train.board.error", error=err))
        return
    done = "train.board.hidden_done" if hidden else "train.board.shown_done"
    st.session_state[TEACHER_DONE_KEY] = (True, tr(done, run=markdown_text(label)))


def _delete(run_id: str, label: str) -> None:
    """Button callback: delete a run (its folder) after the confirmation."""
    shown = markdown_text(label)  # the message is Markdown
    try:
        shared.delete_run(run_id)
    except (ValueError, RunStoreError) as err:
        st.session_state[TEACHER_DONE_KEY] = (
            False,
            tr("train.delete.error", run=shown, error=err),
        )
    else:
        st.session_state[TEACHER_DONE_KEY] = (True, tr("train.delete.done", run=shown))
    fill({"training.board_sure": False})


def teacher_ui(rows: list[board.BoardRow], records: list[RunRecord]) -> None:
    """Hide, show again or delete a board entry (behind the PIN when one is set); the
    picker and the messages name each run by :func:`shared.run_label` of its record."""
    with st.expander(tr("train.board.teacher")):
        if not unlocked_ui("training.board_pin"):
            st.caption(tr("train.board.pin_help"))
            return
        shown = {row.run_id for row in rows}  # labels read once unlocked, for these runs only
        run_labels = {r.run_id: shared.run_label(r) for r in records if r.run_id in shown}
        frame = _board_frame(rows)
        frame[tr("train.board.col.hidden")] = [row.hidden for row in rows]
        frame[tr("train.col.run")] = [row.run_id for row in rows]
        st.dataframe(frame, hide_index=True, key="training.fig.board_teacher")
        by_id = {row.run_id: row for row in rows}
        run_id = keep(
            st.selectbox,
            "training.board_run",
            tr("train.board.pick"),
            list(by_id),
            format_func=labels_now(
                by_id, lambda r: f"{by_id[r].test_accuracy:.1%} · {run_labels.get(r, r)}"
            ),
        )
        label = run_labels.get(run_id, run_id)
        hidden = by_id[run_id].hidden
        left, right = st.columns(2)
        left.button(
            tr("train.board.show" if hidden else "train.board.hide"),
            key="training.board_hide",
            on_click=_hide,
            args=(run_id, not hidden, label),
        )
        sure = keep(
            right.checkbox, "training.board_sure", tr("train.delete.confirm"), default=False
        )
        right.button(
            tr("train.delete.button"),
            key="training.board_delete",
            disabled=not sure,
            on_click=_delete,
            args=(run_id, label),
        )
