"""A server-wide cache that keeps a refusal as it keeps a result.

``st.cache_data`` keeps what a function returns, not what it raises, so a file the
app refuses (a 40-megapixel PNG takes seconds to decode before it is refused) would
be decoded again on every rerun of every session that holds it. :func:`cache_refusals`
keeps the refusal too and raises it again on each call.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import streamlit as st

P = ParamSpec("P")
R = TypeVar("R")


def cache_refusals(
    refusal: type[Exception], **cache: Any
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``st.cache_data(**cache)`` for a function that raises ``refusal`` for bad input:
    the refusal is kept in the cache like a result (it must pickle, as results do) and
    raised again, without calling the function, for the same arguments.

    The cache is keyed as ``st.cache_data`` keys the decorated function itself: its
    name, its source and its arguments but those named with a leading ``_``.

    Args:
        refusal: the exception class that means "this input is refused".
        **cache: ``st.cache_data``'s options (``max_entries``, ``show_spinner``...).
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @st.cache_data(**cache)
        @functools.wraps(func)  # the cache's key: func's name, source and parameters
        def kept(*args: P.args, **kwargs: P.kwargs) -> R | Exception:
            try:
                return func(*args, **kwargs)
            except refusal as refused:
                return refused

        @functools.wraps(func)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            result = kept(*args, **kwargs)
            if isinstance(result, refusal):
                raise result
            return result  # type: ignore[return-value]

        call.clear = kept.clear  # type: ignore[attr-defined]
        return call

    return decorate
