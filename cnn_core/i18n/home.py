"""UI strings of the home page."""

STRINGS: dict[str, dict[str, str]] = {}
