"""Live views for JupyterLab."""

from __future__ import annotations

import ipywidgets as widgets
import plotly.graph_objects as go
import pytest

from llmcourse.widgets import figure_or_message, live_view


def test_live_view_lays_out_controls_above_the_output():
    slider = widgets.IntSlider(value=2, min=1, max=5)
    view = live_view(lambda n: go.Figure(go.Bar(y=list(range(n)))), {"n": slider})
    controls, output = view.children
    assert controls.children == (slider,)
    assert isinstance(output, widgets.Output)


def test_live_view_calls_the_figure_function_with_control_values():
    seen = []

    def make(n, label):
        seen.append((n, label))
        return go.Figure()

    slider = widgets.IntSlider(value=3)
    text = widgets.Text(value="x")
    live_view(make, {"n": slider, "label": text})
    slider.value = 4
    assert seen[0] == (3, "x") and seen[-1] == (4, "x")


def test_bad_choice_gives_a_message_not_a_traceback():
    def make(n):
        raise ValueError("no release matches <this> choice")

    shown = figure_or_message(make, {"n": 1})
    assert isinstance(shown, widgets.HTML)
    assert "Cannot draw this" in shown.value and "&lt;this&gt;" in shown.value


def test_good_choice_gives_the_figure():
    fig = go.Figure()
    assert figure_or_message(lambda n: fig, {"n": 1}) is fig


def test_other_errors_are_not_hidden():
    def make(n):
        raise KeyError("a bug in the notebook")

    with pytest.raises(KeyError):
        figure_or_message(make, {"n": 1})


def test_live_view_needs_controls():
    with pytest.raises(ValueError, match="at least one control"):
        live_view(lambda: go.Figure(), {})


def test_live_view_controls_wrap_and_keep_their_whole_label():
    """Six controls at 1280 px: a row that does not wrap pushes some off-screen (the browser
    check is in test_jupyterlab.py)."""
    controls = {f"c{i}": widgets.FloatSlider(description=f"Monthly users number {i}") for i in range(6)}
    view = live_view(lambda **values: go.Figure(), controls)
    row = view.children[0]
    assert row.layout.flex_flow == "row wrap"
    assert all(c.style.description_width == "initial" for c in controls.values())
