"""UI strings of the predict page."""

STRINGS: dict[str, dict[str, str]] = {}
