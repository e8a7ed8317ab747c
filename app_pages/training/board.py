"""The class board: the runs of a dataset by test accuracy, with the names students
gave them, for a teacher to project; the teacher hides or deletes entries. And who
the teacher is (:func:`is_teacher`), for every teacher's control of the page.

A run's name is typed next to Start (:func:`name_ui`) and written to disk at Start
(:func:`remember_name`): into the run's folder (:mod:`cnn_core.board`) when it exists,
else beside it until the folder appears (:func:`apply_pending_names`: a job's run
folder appears when its worker starts it); or given afterwards in the results. Names
are shown as plain text, never as markup: ``st.table`` renders every cell as
Markdown, so the board's cells go through :func:`ui.markdown.markdown_text` first.

The teacher's controls (hiding and deleting board entries, deleting and stopping
runs that other browsers started) open for the teacher only: where the server has a
PIN (``CNN_EXPLORER_TEACHER_PIN``), a session that typed it once, in the sidebar
(:func:`teacher_pin_ui`); without one, a browser on the server's own computer
(:func:`on_server_machine`: the teacher's laptop that runs the app).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages.training import shared
from cnn_core import board
from cnn_core.datasets import DATASETS
from cnn_core.runs import RunRecord, RunStoreError
from ui.markdown import markdown_text
from ui.models import model_label
from ui.state import fill, keep, key_class, labels_now, lang, tr

NAME_KEY = "training.run_name"
NAMED_KEY = "training.run_named"
"""Session key: set when a Start gave its run the typed name (:func:`remember_name`):
the page's next run empties the name field (:func:`name_ui`), so that the next Start
does not give its run the same name."""
PIN_ENV = "CNN_EXPLORER_TEACHER_PIN"
TEACHER_KEY = "training.teacher"
"""Session key: ``True`` once this session typed the teacher PIN right (the PIN itself is
never kept: :func:`_check_pin` empties its field)."""
PIN_KEY = "training.teacher_pin"
"""Key of the one teacher PIN field (:func:`teacher_pin_ui`)."""
PIN_WRONG_KEY = "training.teacher_pin_wrong"
"""Session key: the PIN just typed was wrong, said once."""
BOARD_DATASET_KEY = "training.board_dataset"
FOLLOWED_KEY = "training.board_followed"
"""Session key: the run whose dataset the board last switched to (:func:`board_ui`)."""
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
    """The optional name field next to Start, empty again after a Start that used its
    name (:func:`name_given`); returns what was typed."""
    if st.session_state.pop(NAMED_KEY, False):
        fill({NAME_KEY: ""})
    name = keep(
        st.text_input,
        NAME_KEY,
        tr("train.board.name"),
        default="",
        placeholder=tr("train.board.name_placeholder"),
        help=tr("train.board.name_help", limit=board.MAX_NAME_CHARS),
    )
    cut_name_note(name)
    return name


def cut_name_note(typed: str) -> None:
    """Under a name field: the name the board will keep when cleaning ``typed``
    (:func:`cnn_core.board.cleaned_name`) cut it short. The fields take any length: with
    ``max_chars``, Streamlit dropped a longer paste (or a Korean input method's commit)
    whole, without a word."""
    kept, cut = board.cleaned_name(typed)
    if cut:
        st.caption(
            tr("train.board.name_cut", limit=board.MAX_NAME_CHARS, name=markdown_text(kept or ""))
        )


def remember_name(run_id: str, name: str) -> str | None:
    """Write ``name``, typed at Start, for the new run ``run_id`` to disk now
    (:func:`cnn_core.board.remember_name`): a reload or another tab before the run's
    folder exists keeps it; the name field is then to be emptied (:func:`name_given`).
    Returns the translated message when it cannot be written (the field keeps it)."""
    try:
        board.remember_name(shared.run_store().root, run_id, name)
    except (ValueError, RunStoreError) as err:
        return tr("train.board.error", error=err)
    if board.clean_name(name) is not None:
        st.session_state[NAMED_KEY] = True
    return None


def name_given() -> bool:
    """Whether a Start of this page run gave its run the typed name
    (:func:`remember_name`): the page reruns at once, and :func:`name_ui` draws the
    field empty."""
    return bool(st.session_state.get(NAMED_KEY))


def apply_pending_names() -> None:
    """Write the names waiting for their runs' folders into those that now exist
    (:func:`cnn_core.board.apply_pending_names`), whichever session typed them."""
    board.apply_pending_names(shared.run_store().root)


def _shown_key(key: str) -> str:
    """Session key: the stored name the rename field ``key`` was last filled with."""
    return f"{key}.stored"


def _rename(run_path: Path, key: str) -> None:
    """Button callback: store the typed name (cleaned) and show it cleaned in the field.

    A field left as it was filled writes nothing: saving it never erases a name
    (one written meanwhile, from a name typed at Start, included)."""
    typed = st.session_state.get(key, "")  # kept by ui.state.keep as it was typed
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
    only (:data:`shared.JOBS_KEY`: started in this browser, in this tab or another).
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
    typed = keep(
        column_name.text_input, key, tr("train.board.rename"), default=stored, disabled=not own
    )
    column_button.button(
        tr("train.board.rename_button"),
        key=f"{key}.save",
        on_click=_rename,
        args=(record.path, key),
        disabled=not own,
    )
    cut_name_note(typed)
    if not own:
        st.caption(tr("train.board.rename_own"))
    outcome = st.session_state.pop(RENAMED_KEY, None)
    if outcome:
        (st.success if outcome[0] else st.error)(outcome[1])


def _board_frame(rows: list[board.BoardRow]) -> pd.DataFrame:
    """The board: every cell plain text (names as typed); ``markdown_text`` of it
    is what ``st.table`` needs. Rows ``rows`` in the order of
    :func:`cnn_core.board.board_rows`, ranked by :func:`cnn_core.board.ranks`."""
    accuracies = [f"{row.test_accuracy:.1%}" for row in rows]
    return pd.DataFrame(
        {
            tr("train.board.col.rank"): [str(rank) for rank in board.ranks(accuracies)],
            tr("train.board.col.name"): [row.name or "—" for row in rows],
            tr("train.col.test_accuracy"): accuracies,
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
    _follow_viewed_run(datasets)
    dataset = keep(
        st.selectbox,
        BOARD_DATASET_KEY,
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


def _follow_viewed_run(datasets: list[str]) -> None:
    """Open the board on the dataset of the run the results show (:data:`shared.SHOWN_KEY`),
    when that run is new to the board (:data:`FOLLOWED_KEY`) and its dataset has a board:
    a student looking at a run of the bundled digits sees the digits' board. A dataset
    picked on the board stays until another run is looked at."""
    shown = st.session_state.get(shared.SHOWN_KEY)
    if not shown or shown[0] == st.session_state.get(FOLLOWED_KEY):
        return
    run_id, config = shown
    if config is not None and config.dataset in datasets:
        fill({BOARD_DATASET_KEY: config.dataset})
        st.session_state[FOLLOWED_KEY] = run_id


def pin_required() -> bool:
    """Whether this server locks the teacher's controls behind ``CNN_EXPLORER_TEACHER_PIN``."""
    return bool(os.environ.get(PIN_ENV, ""))


def is_loopback(ip_address: str | None, connected: bool) -> bool:
    """Whether a browser connection comes from the server's own computer.

    Args:
        ip_address: the connection's address as ``st.context.ip_address`` gives it:
            Streamlit 1.67 makes ``127.0.0.1`` and ``::1`` ``None``, and gives ``None``
            too for a session without a browser (AppTest). Behind a proxy on the same
            computer (``deploy/nginx.conf.template``), uvicorn's default
            ``forwarded_allow_ips`` (``127.0.0.1``) replaces the proxy's address by the
            browser's from ``X-Forwarded-For``; a browser cannot forge that header past it.
        connected: the session has a browser connection (its request headers are
            there: ``st.context.headers`` is empty without one).
    """
    if ip_address is None:
        return connected
    try:
        address = ipaddress.ip_address(ip_address)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def on_server_machine() -> bool:
    """Whether this session's browser runs on the computer that runs the server
    (:func:`is_loopback` of its connection)."""
    return is_loopback(st.context.ip_address, bool(st.context.headers))


def is_teacher() -> bool:
    """Whether this session holds the teacher's controls: where the server has a PIN, it
    typed the PIN (:func:`teacher_pin_ui`); without one, it runs on the server's
    computer (:func:`on_server_machine`)."""
    if pin_required():
        return bool(st.session_state.get(TEACHER_KEY))
    return on_server_machine()


def locked_text() -> str:
    """What a session without the teacher's controls reads where they would be: on a
    server with a PIN, where the teacher types it (any browser may be the teacher's);
    without one, only that this is the teacher's (the browser is not the teacher's:
    how to set a PIN is for the teacher, :func:`teacher_ui`)."""
    return tr("train.teacher.pin_needed" if pin_required() else "train.teacher.only")


def teacher_pin_ui() -> None:
    """Where the server has a teacher PIN: the page's one PIN field, in the sidebar,
    typed once per session (:func:`_check_pin`: a wrong PIN is said to be wrong), then
    a line that the teacher's controls are open and a button that locks them again.
    Without a PIN, nothing (:func:`is_teacher`)."""
    if not pin_required():
        return
    with st.sidebar:
        st.subheader(tr("train.teacher.title"))
        if st.session_state.get(TEACHER_KEY):
            st.success(tr("train.teacher.unlocked"))
            st.button(tr("train.teacher.lock"), key="training.teacher_lock", on_click=_lock)
            return
        # Not kept (ui.state.keep): a PIN lives only in its widget, emptied once checked.
        st.text_input(tr("train.board.pin"), type="password", key=PIN_KEY, on_change=_check_pin)
        st.button(tr("train.teacher.unlock"), key="training.teacher_unlock", on_click=_check_pin)
        if st.session_state.pop(PIN_WRONG_KEY, False):
            st.error(tr("train.teacher.wrong_pin"))
        st.caption(tr("train.teacher.pin_help"))


def _check_pin() -> None:
    """The PIN field's and its button's callback: open the teacher's controls for this
    session when the typed PIN is right, else say it was wrong; empty the field."""
    typed = st.session_state.get(PIN_KEY, "")
    if not typed:
        return
    st.session_state[PIN_KEY] = ""
    pin = os.environ.get(PIN_ENV, "")
    if pin and hmac.compare_digest(typed.encode(), pin.encode()):
        st.session_state[TEACHER_KEY] = True
    else:
        st.session_state[PIN_WRONG_KEY] = True


def _lock() -> None:
    """Button callback: close the teacher's controls of this session again."""
    st.session_state[TEACHER_KEY] = False


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
    """Hide, show again or delete a board entry (the teacher only, :func:`is_teacher`);
    the picker and the messages name each run by :func:`shared.run_label` of its record.
    On a server without a PIN, the teacher (on the server's computer) also reads here
    how to open the teacher's controls on other computers: the one place of the page
    that only the person who starts the server reads."""
    with st.expander(tr("train.board.teacher")):
        if not is_teacher():
            st.caption(locked_text())
            return
        if not pin_required():
            st.caption(tr("train.teacher.server_only"))
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
