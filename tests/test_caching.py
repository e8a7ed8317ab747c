"""ui.caching.cache_refusals: a refusal is kept like a result, per function."""

from __future__ import annotations

import pytest

from ui.caching import cache_refusals


class Refused(Exception):
    pass


def test_a_refusal_is_raised_again_without_a_second_call_and_caches_stay_apart():
    calls: list[tuple[str, int]] = []

    @cache_refusals(Refused, max_entries=4)
    def halve(n: int) -> int:
        calls.append(("halve", n))
        if n % 2:
            raise Refused(f"odd: {n}")
        return n // 2

    @cache_refusals(Refused, max_entries=4)
    def double(n: int) -> int:  # same arguments, its own cache
        calls.append(("double", n))
        return 2 * n

    for _ in range(3):
        assert halve(4) == 2
        with pytest.raises(Refused, match="odd: 3"):
            halve(3)
        assert double(4) == 8
    assert calls == [("halve", 4), ("halve", 3), ("double", 4)]
    halve.clear()
    assert halve(4) == 2 and calls[-1] == ("halve", 4)


def test_arguments_named_with_an_underscore_are_not_part_of_the_key():
    calls: list[bytes] = []

    @cache_refusals(Refused)
    def size(digest: str, _data: bytes) -> int:
        calls.append(_data)
        return len(_data)

    assert size("a", b"xyz") == size("a", b"other bytes, same digest") == 3
    assert calls == [b"xyz"]
