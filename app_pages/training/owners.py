"""Which browser started which training jobs, so that a reload (F5) or a second tab of
the same browser still shows a student's runs as their own: live curves, Stop, the
failure message.

A reload is a new Streamlit session, and ``st.session_state`` ends with the old one.
What the browser keeps is Streamlit's XSRF cookie, ``_streamlit_xsrf``
(:data:`XSRF_COOKIE`): a random token, the same for as long as the browser keeps the
cookie, sent *masked* (Tornado's format, which Streamlit keeps)::

    2|<mask, 4 bytes in hex>|<masked token in hex>|<timestamp>

The mask is new on every answer of the server; the token is the masked bytes XOR the
mask repeated over them. A version-1 cookie is the token itself in hex.
:func:`browser_key` turns the cookie into a short SHA-256 digest of the token: the
token is never stored or logged (it is the browser's XSRF secret), and no key can be
turned back into it.

:func:`browser_jobs` is the server process's map from that key to the jobs started
from the browser (:class:`BrowserJobs`: bounded, thread-safe). Behind nginx
(``deploy/nginx.conf.template``) a sticky cookie keeps each browser on one replica,
so one map per process is enough. Without the cookie (AppTest, a browser that
refuses cookies, ``server.enableXsrfProtection`` off) there is no key, and a
session's jobs are its own only (``app_pages.training.shared.JOBS_KEY``).
"""

from __future__ import annotations

import binascii
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import streamlit as st

XSRF_COOKIE = "_streamlit_xsrf"
"""The name of Streamlit's XSRF cookie."""
KEY_CHARS = 24
"""A browser key is this many hex digits of the token's SHA-256 (96 bits)."""
MAX_BROWSERS = 1000
""":class:`BrowserJobs` forgets the browser that started a job longest ago beyond this
many (a school's day of classes is a few hundred browsers)."""
MAX_JOBS_PER_BROWSER = 50
""":class:`BrowserJobs` keeps this many of a browser's newest jobs (the job manager
itself remembers 200 ended jobs of the whole server)."""


def browser_key(cookie: str | None) -> str | None:
    """The key of the browser that sent XSRF cookie ``cookie``; ``None`` for no cookie
    or one that is not a token (see the module's docstring for the format).

    Args:
        cookie: the cookie's value, as ``st.context.cookies`` gives it (quotes allowed).

    Returns:
        :data:`KEY_CHARS` hex digits of the SHA-256 of the unmasked token: the same
        for every mask of one token.
    """
    value = (cookie or "").strip("\"'")
    try:
        if value.startswith("2|"):
            _, mask_hex, masked_hex, timestamp = value.split("|")
            mask, masked = binascii.a2b_hex(mask_hex), binascii.a2b_hex(masked_hex)
            if len(mask) != 4 or not timestamp.isdigit():
                return None
            token = bytes(byte ^ mask[i % 4] for i, byte in enumerate(masked))
        else:
            token = binascii.a2b_hex(value)
    except (binascii.Error, ValueError):  # not hex, or not four fields
        return None
    if not token:
        return None
    return hashlib.sha256(token).hexdigest()[:KEY_CHARS]


def current_browser_key() -> str | None:
    """:func:`browser_key` of the cookie this session's browser sent with its first request."""
    return browser_key(st.context.cookies.get(XSRF_COOKIE))


@dataclass
class _Browser:
    jobs: list[str] = field(default_factory=list)  # oldest first
    dismissed: set[str] = field(default_factory=set)  # failures dismissed, of ``jobs``


class BrowserJobs:
    """Browser key -> the job ids started from that browser, oldest first, and which of
    their failures were dismissed. At most :data:`MAX_BROWSERS` browsers (the one whose
    latest job is oldest is forgotten first) and :data:`MAX_JOBS_PER_BROWSER` jobs each.
    Safe to use from every session's thread at once.

    Args:
        max_browsers: how many browsers to remember.
        max_jobs: how many jobs to remember per browser.

    Raises:
        ValueError: a limit below 1.
    """

    def __init__(
        self, max_browsers: int = MAX_BROWSERS, max_jobs: int = MAX_JOBS_PER_BROWSER
    ) -> None:
        if max_browsers < 1 or max_jobs < 1:
            raise ValueError(
                f"limits must be at least 1, got max_browsers={max_browsers!r}, "
                f"max_jobs={max_jobs!r}"
            )
        self._max_browsers, self._max_jobs = max_browsers, max_jobs
        self._lock = threading.Lock()
        self._browsers: OrderedDict[str, _Browser] = OrderedDict()

    def add(self, browser: str, job_id: str) -> None:
        """Remember that ``browser`` started ``job_id``."""
        with self._lock:
            entry = self._browsers.pop(browser, None) or _Browser()
            entry.jobs = [*entry.jobs, job_id][-self._max_jobs :]
            entry.dismissed &= set(entry.jobs)
            self._browsers[browser] = entry  # the newest last
            while len(self._browsers) > self._max_browsers:
                self._browsers.popitem(last=False)

    def dismiss(self, browser: str, job_id: str) -> None:
        """Remember that ``browser`` dismissed the failure of its job ``job_id``."""
        with self._lock:
            entry = self._browsers.get(browser)
            if entry is not None and job_id in entry.jobs:
                entry.dismissed.add(job_id)

    def jobs(self, browser: str) -> tuple[list[str], set[str]]:
        """``browser``'s jobs, oldest first, and those of them whose failure it dismissed."""
        with self._lock:
            entry = self._browsers.get(browser) or _Browser()
            return list(entry.jobs), set(entry.dismissed)


@st.cache_resource(show_spinner=False)
def browser_jobs() -> BrowserJobs:
    """The one :class:`BrowserJobs` of this server process, shared by every session."""
    return BrowserJobs()
