"""UI strings of the training page."""

STRINGS: dict[str, dict[str, str]] = {}
