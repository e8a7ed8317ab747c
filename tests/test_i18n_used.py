"""Every UI string is used: a key nothing looks up is dead text that drifts untranslated."""

from __future__ import annotations

from cnn_core.paths import REPO_ROOT
from ui.i18n import STRINGS


def _source() -> str:
    """The app's code (not its string tables, not the tests)."""
    files = [REPO_ROOT / "app.py"]
    for folder in ("app_pages", "ui", "cnn_core"):
        files += [p for p in (REPO_ROOT / folder).rglob("*.py") if "i18n" not in p.parts]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def _used(key: str, source: str) -> bool:
    """Named whole in quotes, or built from a prefix: ``f"train.arch.{code}"``,
    ``labels("train.arch", ...)`` (:func:`ui.state.labels`)."""
    if f'"{key}"' in source or f"'{key}'" in source:
        return True
    parts = key.split(".")
    for cut in range(1, len(parts)):
        prefix = ".".join(parts[:cut])
        built = (f'"{prefix}.{{', f"'{prefix}.{{", f'labels("{prefix}"')
        if any(start in source for start in built):
            return True
    return False


def test_every_string_is_used_by_the_app():
    source = _source()
    unused = sorted(key for key in STRINGS if not _used(key, source))
    assert not unused, unused


def test_the_check_finds_an_unused_key():
    assert not _used("nowhere.to.be.found", 'tr("elsewhere.key")')
    assert _used("train.arch.custom", 'tr(f"train.arch.{model}")')
    assert _used("lab.pool.max", 'labels("lab.pool", POOL_MODES)')
