"""UI strings of the lab page."""

STRINGS: dict[str, dict[str, str]] = {}
