"""One Streamlit session spoken at the wire: the websocket protocol, no browser.

What a browser tab sends to the server, and nothing else: a ``BackMsg`` asking
for a script run (page, widget values, locale), the file upload over HTTP, and
the reading of the ``ForwardMsg`` stream until the run's ``script_finished``.
The load benchmark uses it to measure the server alone — in a classroom the
tabs render on the students' laptops, not on the server — and
``tests/e2e/test_wire.py`` checks it against a real server.

Protocol of Streamlit 1.67 (``streamlit/web/server/starlette/starlette_websocket.py``):
the websocket is ``/_stcore/stream`` with the subprotocol list
``streamlit, <xsrf token>``; the XSRF cookie comes from ``/_stcore/health``; an
upload asks ``file_urls_request`` for a URL, PUTs the file there as multipart
with the ``X-Xsrftoken`` header, then reruns with the uploader's
``file_uploader_state_value``; a radio's value is its formatted label, a
number input's a ``double_value``, a button click one ``trigger_value``; a
fragment with ``run_every`` announces itself with ``auto_rerun`` and the browser
then asks for a rerun of that fragment alone (``fragment_id``, ``is_auto_rerun``)
every interval: :meth:`WireSession.rerun_fragment` is one such request.

Every run counts the bytes of the websocket messages it received
(:attr:`Run.bytes`): what a tab without Streamlit's message cache downloads for
that run (pictures travel inline, as ``data:`` URLs, so they are counted too).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.Common_pb2 import FileUploaderState, UploadedFileInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

XSRF_COOKIE = "_streamlit_xsrf"
TIMEZONE = "Asia/Seoul"
"""The time zone a wire session says its browser is in (a Korean classroom's)."""
RUN_TIMEOUT_S = 120.0


class WireError(RuntimeError):
    """The server did not answer as a browser would expect (what and where in the message)."""


@dataclass
class Run:
    """What one script run sent: its elements, in order, and how long it took.

    Attributes:
        elements: every ``Element`` of the run's ``new_element`` deltas.
        seconds: from sending the rerun request to ``script_finished``.
        status: the ``ForwardMsg.ScriptFinishedStatus`` name.
        bytes: the sizes of the websocket messages received for the run, summed.
    """

    elements: list[Element] = field(default_factory=list)
    seconds: float = 0.0
    status: str = ""
    bytes: int = 0

    def exceptions(self) -> list[str]:
        """The messages of Streamlit's exception boxes (an uncaught error in a page)."""
        return [
            f"{e.exception.type}: {e.exception.message}"
            for e in self.elements
            if e.WhichOneof("type") == "exception"
        ]

    def widget(self, kind: str, label: str) -> Element:
        """The first element of ``kind`` (e.g. ``"radio"``) whose label is ``label``.

        Raises:
            WireError: no such widget in this run.
        """
        for element in self.elements:
            if element.WhichOneof("type") == kind and getattr(element, kind).label == label:
                return element
        labels = [getattr(e, kind).label for e in self.elements if e.WhichOneof("type") == kind]
        raise WireError(f"no {kind} labelled {label!r} in this run; {kind}s seen: {labels}")

    def texts(self) -> str:
        """Markdown, headings, alerts and progress bars' texts of the run, one per line."""
        lines = []
        for element in self.elements:
            kind = element.WhichOneof("type")
            if kind in ("markdown", "heading", "alert", "text"):
                lines.append(getattr(element, kind).body)
            elif kind == "progress":
                lines.append(element.progress.text)
        return "\n".join(lines)

    def button(self, label: str) -> Element:
        """The first button labelled ``label`` (see :meth:`widget`)."""
        return self.widget("button", label)


class WireSession:
    """A browser tab's session, without the browser.

    Use as ``async with WireSession(url, locale="ko-KR") as tab: run = await tab.open()``.
    One request at a time, as a tab does after a click.
    """

    def __init__(self, url: str, locale: str = "en-US"):
        self.url = url.rstrip("/")
        self.locale = locale
        self.pages: dict[str, str] = {}  # url path ("" for home) -> page script hash
        self.page_hash = ""
        self.session_id = ""
        self.widgets: dict[str, WidgetState] = {}
        self.auto_reruns: dict[str, float] = {}  # fragment id -> seconds between its reruns
        self.bytes_received = 0
        self._xsrf = ""
        self._socket = None
        self._messages: asyncio.Queue[tuple[ForwardMsg, int]] = asyncio.Queue()
        self._reader: asyncio.Task | None = None

    async def __aenter__(self) -> WireSession:
        self._xsrf = await asyncio.to_thread(self._fetch_xsrf)
        netloc = urlsplit(self.url).netloc
        self._socket = await websockets.connect(
            f"ws://{netloc}/_stcore/stream",
            subprotocols=["streamlit", self._xsrf],
            additional_headers={"Cookie": f"{XSRF_COOKIE}={self._xsrf}", "Origin": self.url},
            max_size=None,
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *exc) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        if self._socket is not None:
            await self._socket.close()

    def _fetch_xsrf(self) -> str:
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=30) as reply:
            for header in reply.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                if name.strip() == XSRF_COOKIE:
                    return rest.split(";", 1)[0]
        raise WireError(f"{self.url}/_stcore/health set no {XSRF_COOKIE} cookie")

    async def _read(self) -> None:
        async for data in self._socket:
            message = ForwardMsg()
            message.ParseFromString(data)
            self.bytes_received += len(data)
            await self._messages.put((message, len(data)))

    async def _send(self, message: BackMsg) -> None:
        await self._socket.send(message.SerializeToString())

    async def _next(self, deadline: float) -> tuple[ForwardMsg, int]:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or (self._reader is not None and self._reader.done()):
            raise WireError(f"no answer within {RUN_TIMEOUT_S:g} s (or the socket closed)")
        try:
            return await asyncio.wait_for(self._messages.get(), remaining)
        except TimeoutError:
            raise WireError(f"script run not finished within {RUN_TIMEOUT_S:g} s") from None

    async def rerun(self, page: str | None = None, *, fragment_id: str = "") -> Run:
        """Ask for a script run, on ``page`` (url path, ``""`` for home) or the current one.

        Sends the widget values set so far (a page change drops them, as the
        browser's frontend drops the widgets of the page it leaves). A whole-page
        run (also one the script asks for with ``st.rerun``) forgets the fragments'
        timers, as the browser does: the run announces the ones that still exist
        (:attr:`auto_reruns`).

        Args:
            page: url path of the page to run, ``None`` for the current page.
            fragment_id: run only this fragment (an ``auto_rerun`` timer's rerun).

        Returns:
            the run, once ``script_finished`` arrived.
        """
        if page is not None and page not in self.pages:
            raise WireError(f"no page {page!r} in this app; its pages: {sorted(self.pages)}")
        if page is not None and self.pages[page] != self.page_hash:
            self.page_hash = self.pages[page]
            self.widgets.clear()
        path = next((p for p, h in self.pages.items() if h == self.page_hash), "")
        message = BackMsg()
        state = message.rerun_script
        state.page_script_hash = self.page_hash
        state.widget_states.widgets.extend(self.widgets.values())
        state.context_info.CopyFrom(
            ContextInfo(locale=self.locale, timezone=TIMEZONE, url=f"{self.url}/{path}")
        )
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        run = Run()
        start = time.monotonic()
        await self._send(message)
        deadline = start + RUN_TIMEOUT_S
        while True:
            reply, size = await self._next(deadline)
            run.bytes += size
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.session_id = self.session_id or reply.new_session.initialize.session_id
                run.elements.clear()
                if not reply.metadata.run.fragment_ids:  # a whole-page run (st.rerun too)
                    self.auto_reruns.clear()
            elif kind == "navigation":
                pages = reply.navigation.app_pages
                self.pages = {p.url_pathname: p.page_script_hash for p in pages}
                self.page_hash = reply.navigation.page_script_hash
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                run.elements.append(reply.delta.new_element)
            elif kind == "auto_rerun":
                self.auto_reruns[reply.auto_rerun.fragment_id] = reply.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                for stopped in reply.stop_auto_rerun.fragment_ids:
                    self.auto_reruns.pop(stopped, None)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(reply.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    continue  # a rerun asked by the script itself (st.rerun) follows
                run.status = status
                run.seconds = time.monotonic() - start
                return run

    async def open(self) -> Run:
        """The first run of a new tab (the home page)."""
        return await self.rerun()

    async def rerun_fragment(self, fragment_id: str) -> Run:
        """What the browser sends when a fragment's ``run_every`` timer fires."""
        return await self.rerun(fragment_id=fragment_id)

    async def click(self, button: Element) -> Run:
        """Click a button: one rerun with its trigger set (the next run sends none)."""
        widget_id = button.button.id
        self.widgets[widget_id] = WidgetState(id=widget_id, trigger_value=True)
        try:
            return await self.rerun()
        finally:
            self.widgets.pop(widget_id, None)

    async def set_number(self, widget: Element, value: float) -> Run:
        """Type ``value`` into a number input, then rerun."""
        widget_id = widget.number_input.id
        self.widgets[widget_id] = WidgetState(id=widget_id, double_value=float(value))
        return await self.rerun()

    async def choose(self, widget: Element, option: str) -> Run:
        """Pick ``option`` (its shown label) in a radio or selectbox, then rerun."""
        widget_id = getattr(widget, widget.WhichOneof("type")).id
        self.widgets[widget_id] = WidgetState(id=widget_id, string_value=option)
        return await self.rerun()

    async def upload(
        self, widget: Element, path: Path, data: bytes | None = None, *, timing: bool = False
    ) -> Run:
        """Upload a file into a file uploader, as the browser does, then rerun.

        Args:
            widget: the file uploader of the last run.
            path: the file to upload; with ``data``, only its name is used.
            data: the file's bytes (a file made in memory), else read from ``path``.
            timing: count the upload itself (URL request and PUT) in the run's
                seconds, from the moment the user dropped the file.
        """
        start = time.monotonic()
        await self.send_file(widget, path.name, path.read_bytes() if data is None else data)
        run = await self.rerun()
        if timing:
            run.seconds = time.monotonic() - start
        return run

    async def send_file(self, widget: Element, name: str, data: bytes) -> None:
        """The upload's first half: ask for a URL, PUT the file, set the uploader's value.

        The next :meth:`rerun` sends the value (:meth:`upload` does both halves).
        """
        request_id = uuid.uuid4().hex
        message = BackMsg()
        message.file_urls_request.request_id = request_id
        message.file_urls_request.file_names.append(name)
        message.file_urls_request.session_id = self.session_id
        await self._send(message)
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while True:
            reply, _ = await self._next(deadline)
            if (
                reply.WhichOneof("type") == "file_urls_response"
                and reply.file_urls_response.response_id == request_id
            ):
                break
        if reply.file_urls_response.error_msg:
            raise WireError(f"upload URL refused: {reply.file_urls_response.error_msg}")
        urls = reply.file_urls_response.file_urls[0]
        await asyncio.to_thread(self._put, urls.upload_url, name, data)
        info = UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id)
        info.file_urls.CopyFrom(urls)
        state = WidgetState(id=widget.file_uploader.id)
        state.file_uploader_state_value.CopyFrom(FileUploaderState(uploaded_file_info=[info]))
        self.widgets[widget.file_uploader.id] = state

    def _put(self, upload_url: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
        url = upload_url if upload_url.startswith("http") else f"{self.url}{upload_url}"
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self._xsrf,
                "Cookie": f"{XSRF_COOKIE}={self._xsrf}",
                "Origin": self.url,
            },
        )
        with urllib.request.urlopen(request, timeout=RUN_TIMEOUT_S) as reply:
            if reply.status not in (200, 204):
                raise WireError(f"upload of {name} answered HTTP {reply.status}")
