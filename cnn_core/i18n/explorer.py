"""UI strings of the explorer page."""

STRINGS: dict[str, dict[str, str]] = {}
