"""The app shell: i18n tables, navigation, the no-streamlit-in-core rule."""

from __future__ import annotations

import ast
import string

import pytest
from streamlit.testing.v1 import AppTest

from app_harness.apptest import APP, open_page, set_lang, texts
from cnn_core.paths import REPO_ROOT
from ui import i18n

PAGES = ["home", "lab", "explorer", "training", "predict"]


def test_every_string_has_both_languages_with_the_same_fields():
    formatter = string.Formatter()
    for key, texts_by_lang in i18n.STRINGS.items():
        assert set(texts_by_lang) == set(i18n.LANGUAGES), key
        fields = {
            lang: {name for _, name, _, _ in formatter.parse(text) if name}
            for lang, text in texts_by_lang.items()
        }
        assert all(texts_by_lang[lang].strip() for lang in i18n.LANGUAGES), key
        assert fields["ko"] == fields["en"], f"{key}: {fields}"


def test_every_translation_key_used_in_code_exists():
    used: set[str] = set()
    sources = [
        REPO_ROOT / "app.py",
        *REPO_ROOT.glob("app_pages/**/*.py"),
        *REPO_ROOT.glob("ui/**/*.py"),
    ]
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", None)) == "tr"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    missing = sorted(used - set(i18n.STRINGS))
    assert not missing, missing


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("ko-KR", "ko"), ("ko", "ko"), ("en-US", "en"), ("fr-FR", "en"), (None, "en"), ("", "en")],
)
def test_language_from_locale(locale, expected):
    assert i18n.language_from_locale(locale) == expected


def test_unknown_key_is_a_clear_error():
    with pytest.raises(KeyError, match=r"no\.such\.key"):
        i18n.t("no.such.key", "en")


def test_cnn_core_never_imports_streamlit():
    offenders = []
    for path in (REPO_ROOT / "cnn_core").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "streamlit" for name in names):
                offenders.append(str(path.relative_to(REPO_ROOT)))
    assert not offenders


def test_home_page_runs_in_both_languages():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.radio(key="lang.en").value == "en"  # no browser locale in AppTest: English
    assert i18n.t("app.title", "en") in texts(at)
    set_lang(at, "ko")
    assert not at.exception
    assert i18n.t("app.title", "ko") in texts(at)


def test_language_switch_shows_the_language_in_force():
    # AppTest draws app.py's own widgets on the first run only (see design.md), so
    # the switch is checked on a first run; tests/e2e clicks it in a real browser.
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "ko"
    at.run()
    assert at.radio(key="lang.ko").value == "ko"
    assert [opt for opt in at.radio(key="lang.ko").options] == ["한국어", "English"]


def test_the_url_carries_the_language_so_a_reload_keeps_it():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert at.query_params["lang"] == "en"  # the page opened without one: written
    at.radio(key="lang.en").set_value("ko").run()
    assert at.query_params["lang"] == "ko"  # the switch: the URL follows
    linked = AppTest.from_file(APP, default_timeout=60)
    linked.session_state["lang"] = "en"
    linked.query_params["lang"] = "ko"  # a link's language is left for the page to apply
    linked.run()
    assert linked.query_params["lang"] == "ko"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_in_both_languages(page, runs_dir):
    at = open_page(page, "ko")
    assert not at.exception, at.exception
    set_lang(at, "en")
    assert not at.exception, at.exception


def _printed_strings(tree: ast.AST) -> list[int]:
    """Lines of the bare strings Streamlit's magic would print: every expression
    statement that is a string, except the first statement of a module, class or
    function (a docstring, which magic leaves alone)."""
    lines = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody", "handlers"):
            statements = getattr(node, field, None)
            if not isinstance(statements, list):  # a lambda's body is one expression
                continue
            for index, statement in enumerate(statements):
                is_docstring = (
                    index == 0
                    and field == "body"
                    and isinstance(
                        node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
                    )
                )
                if (
                    isinstance(statement, ast.Expr)
                    and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str)
                    and not is_docstring
                ):
                    lines.append(statement.lineno)
    return lines


@pytest.mark.parametrize("script", ["app.py", *(f"app_pages/{p}/page.py" for p in PAGES)])
def test_no_page_script_has_a_bare_string_that_magic_would_print(script):
    # A note after a constant (an attribute docstring) is shown on the page as text.
    assert not _printed_strings(ast.parse((REPO_ROOT / script).read_text(encoding="utf-8")))


def test_the_bare_string_check_finds_one():
    assert _printed_strings(ast.parse('"""doc"""\nX = 1\n"""a note"""\n')) == [3]
    assert not _printed_strings(ast.parse('"""doc"""\ndef f():\n    """doc"""\n'))
