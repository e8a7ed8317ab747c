"""ui.state.keep and fill on their own, in tiny scripts run by AppTest."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest


def _script() -> None:
    """A page with a radio over options that a session value chooses, and a number."""
    import streamlit as st

    from ui.state import fill, keep

    if st.session_state.get("test.hide"):  # as when another page runs
        return
    options = st.session_state.get("test.options", ["a", "b", "c"])
    keep(st.radio, "test.choice", "Choice", options, default="b")
    keep(st.multiselect, "test.many", "Many", options)
    keep(st.number_input, "test.number", "Number", default=3, min_value=0, max_value=9)
    keep(st.selectbox, "test.subset", "Subset", [2_000, 10_000, 0], format_func=str)
    st.button(
        "fill", key="test.fill", on_click=fill, args=({"test.choice": "c", "test.number": 7},)
    )


@pytest.fixture
def at() -> AppTest:
    app = AppTest.from_function(_script, default_timeout=30)
    app.session_state["lang"] = "en"
    return app.run()


def test_defaults_are_seeded_once(at):
    assert at.radio(key="test.choice.en").value == "b"
    assert at.session_state["test.choice"] == "b"
    assert at.multiselect(key="test.many.en").value == []
    assert at.number_input(key="test.number.en").value == 3
    assert at.selectbox(key="test.subset.en").value == 2_000
    at.radio(key="test.choice.en").set_value("a").run()
    at.run()
    assert at.session_state["test.choice"] == "a"  # the user's choice, not the default again


def test_values_survive_a_language_switch_as_fresh_widgets(at):
    at.radio(key="test.choice.en").set_value("c")
    at.selectbox(key="test.subset.en").set_value(0)  # a non-string choice
    at.number_input(key="test.number.en").set_value(5).run()
    at.session_state["lang"] = "ko"
    at.run()
    assert at.radio(key="test.choice.ko").value == "c"
    assert at.selectbox(key="test.subset.ko").value == 0
    assert at.number_input(key="test.number.ko").value == 5
    assert "test.choice.en" not in at.session_state  # the old widget is gone with its labels


def test_a_value_changed_in_the_run_that_switches_the_language_is_kept(at):
    # The browser sends a field's edit and the language switch in one run (typing, then
    # clicking the switch): the fresh widget of the new language shows what was typed.
    at.number_input(key="test.number.en").set_value(6)
    at.radio(key="test.choice.en").set_value("a")
    at.session_state["lang"] = "ko"
    at.run()
    assert at.number_input(key="test.number.ko").value == 6
    assert at.radio(key="test.choice.ko").value == "a"
    assert at.session_state["test.number"] == 6


def test_values_survive_when_the_widgets_are_not_drawn(at):
    at.radio(key="test.choice.en").set_value("c")
    at.number_input(key="test.number.en").set_value(8).run()
    at.session_state["test.hide"] = True
    at.run()  # as when another page runs: the widgets are not drawn ...
    assert "test.choice.en" not in at.session_state  # Streamlit dropped the widgets' state
    at.session_state["test.hide"] = False
    at.run()  # ... and come back with the kept values
    assert at.radio(key="test.choice.en").value == "c"
    assert at.number_input(key="test.number.en").value == 8


def test_a_value_no_longer_among_the_options_falls_back_to_the_default(at):
    at.radio(key="test.choice.en").set_value("c")
    at.multiselect(key="test.many.en").set_value(["a", "c"]).run()
    at.session_state["test.options"] = ["a", "b"]
    at.run()
    assert at.radio(key="test.choice.en").value == "b"
    assert at.multiselect(key="test.many.en").value == ["a"]
    at.session_state["test.options"] = ["x", "y"]
    at.run()
    assert at.radio(key="test.choice.en").value == "x"  # the default is gone too: the first


def test_fill_sets_many_values_before_the_widgets_draw(at):
    at.button(key="test.fill").click().run()
    assert at.radio(key="test.choice.en").value == "c"
    assert at.number_input(key="test.number.en").value == 7
    assert not at.exception


def test_keep_rejects_what_it_cannot_draw():
    def script() -> None:
        import streamlit as st

        from ui.state import keep

        keep(st.number_input, "test.bare", "Bare")

    at = AppTest.from_function(script, default_timeout=30).run()
    assert "needs a default" in at.exception[0].message
    assert "'test.bare'" in at.exception[0].message


def test_options_with_one_label_stay_apart():
    """Two runs started in the same second: each can be chosen, none comes back twice."""

    def script() -> None:
        import streamlit as st

        from ui.state import keep, labels_now

        runs = ["run-a", "run-b", "run-c"]
        label = labels_now(runs, lambda run: "Fashion-MNIST · 10:55:58")
        keep(st.multiselect, "test.runs", "Runs", runs, format_func=label)

    at = AppTest.from_function(script, default_timeout=30)
    at.session_state["lang"] = "en"
    at.run()
    assert at.multiselect(key="test.runs.en").options == [
        "Fashion-MNIST · 10:55:58",
        "Fashion-MNIST · 10:55:58 (2)",
        "Fashion-MNIST · 10:55:58 (3)",
    ]
    at.multiselect(key="test.runs.en").set_value(["run-c", "run-a"]).run()
    assert at.session_state["test.runs"] == ["run-c", "run-a"]
    at.multiselect(key="test.runs.en").unselect("run-c").run()
    assert at.session_state["test.runs"] == ["run-a"]
    assert not at.exception
