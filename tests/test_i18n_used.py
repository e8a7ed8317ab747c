"""Every UI string is used: a key nothing looks up is dead text that drifts untranslated."""

from __future__ import annotations

import functools
import re

from cnn_core.paths import REPO_ROOT
from ui.i18n import STRINGS


def _source() -> str:
    """The app's code (not its string tables, not the tests)."""
    files = [REPO_ROOT / "app.py"]
    for folder in ("app_pages", "ui", "cnn_core"):
        files += [p for p in (REPO_ROOT / folder).rglob("*.py") if "i18n" not in p.parts]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


@functools.cache
def _templates(source: str) -> re.Pattern[str]:
    """The keys the code builds, as one pattern: ``f"train.arch.{code}"`` and
    ``labels("train.arch", ...)`` (:func:`ui.state.labels`) give ``train\\.arch\\.[^.]+``;
    each ``{...}`` stands for one part of a key. An f-string that starts with a
    ``{...}`` (``f"{prefix}.{code}"``, ``f"{value:,}"``) names no key of its own and would
    stand for every key of its shape, so it is left out."""
    patterns = []
    found = re.finditer(r"""(?=\bf(?:"([^"\n]*\{[^"\n]*)"|'([^'\n]*\{[^'\n]*)'))""", source)
    for match in found:  # a lookahead: the f-strings inside f-strings too
        literal = match.group(1) or match.group(2)
        pieces = re.split(r"\{[^{}]*\}", literal)
        if pieces[0]:
            patterns.append("[^.]+".join(re.escape(piece) for piece in pieces))
    for prefix in re.findall(r"""labels\(\s*["']([\w.]+)["']""", source):
        patterns.append(re.escape(prefix) + r"\.[^.]+")
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def _used(key: str, source: str) -> bool:
    """Named whole in quotes, or built by the code (:func:`_templates`)."""
    if f'"{key}"' in source or f"'{key}'" in source:
        return True
    return _templates(source).fullmatch(key) is not None


def test_every_string_is_used_by_the_app():
    source = _source()
    assert not _used("zzz.never", source) and not _used("nothing", source)
    unused = sorted(key for key in STRINGS if not _used(key, source))
    assert not unused, unused


def test_the_check_finds_an_unused_key():
    assert not _used("nowhere.to.be.found", 'tr("elsewhere.key")')
    assert _used("train.arch.custom", 'tr(f"train.arch.{model}")')
    assert _used("lab.pool.max", 'labels("lab.pool", POOL_MODES)')
    # a template stands for its own shape only, not for every key under its first part
    assert not _used("lab.never_used_anywhere", 'keep(f"lab.{name}.{axis}")')
    assert _used("lab.x.rows", 'keep(f"lab.{name}.{axis}")')
    # a template with no text before its first placeholder names no key
    assert not _used("train.never", 'tr(f"{prefix}.{code}") + f"{value:,}"')
