"""The figure theme, the book renderer and the in-figure controls."""

from __future__ import annotations

import json
import re

import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import llmcourse as lc
from llmcourse.figures import BOOK_BUILD_ENV, PLOTLY_CONFIG, RENDERER, TEMPLATE, BookRenderer, setup


@pytest.fixture(autouse=True)
def course_setup():
    saved = (pio.renderers.default, pio.templates.default)
    lc.setup()
    yield
    pio.renderers.default, pio.templates.default = saved


def _fig(y=(1, 2, 3)):
    return go.Figure(go.Scatter(x=[1, 2, 3], y=list(y), name="a"))


def test_setup_selects_course_renderer_and_template():
    assert pio.renderers.default == RENDERER
    assert pio.templates.default == TEMPLATE


def test_bundle_has_json_for_jupyter_and_html_for_the_book():
    bundle = _fig()._repr_mimebundle_()
    assert set(bundle) == {"application/vnd.plotly.v1+json", "text/html"}
    html = bundle["text/html"]
    assert "Plotly.newPlot" in html and 'class="plotly-graph-div"' in html


def test_in_the_book_html_leaves_plotly_js_to_the_page(monkeypatch):
    """The book's build sets LLMCOURSE_BOOK_BUILD for its kernels: one shared, local copy."""
    monkeypatch.setenv(BOOK_BUILD_ENV, "1")
    html = BookRenderer().to_mimebundle(_fig().to_dict())["text/html"]
    assert len(html) < 20_000, "plotly.js must not be inlined in each figure"
    assert "<script src" not in html and "cdn.plot.ly" not in html


def test_outside_the_book_html_brings_plotly_js(monkeypatch):
    """Colab and the classic Notebook show the HTML, on a page without plotly.js: the snippet
    fetches it (JupyterLab draws the JSON twin and never loads this)."""
    monkeypatch.delenv(BOOK_BUILD_ENV, raising=False)
    bundle = BookRenderer().to_mimebundle(_fig().to_dict())
    html = bundle["text/html"]
    assert len(html) < 20_000, "plotly.js must not be inlined in each figure"
    assert re.search(r'<script [^>]*src="https://cdn\.plot\.ly/plotly-[0-9.]+\.min\.js"', html)
    assert "application/vnd.plotly.v1+json" in bundle


def test_setup_shows_table_text_in_full():
    import pandas as pd

    setup()
    assert pd.get_option("display.max_colwidth") is None
    reason = "x" * 120
    assert reason in pd.DataFrame({"reason": [reason]})._repr_html_()


def test_div_id_is_stable_and_distinct():
    first = _fig()._repr_mimebundle_()["text/html"]
    again = _fig()._repr_mimebundle_()["text/html"]
    other = _fig((3, 2, 1))._repr_mimebundle_()["text/html"]
    assert first == again
    assert first != other


def test_json_carries_config():
    bundle = BookRenderer().to_mimebundle(_fig().to_dict())
    assert bundle["application/vnd.plotly.v1+json"]["config"] == PLOTLY_CONFIG


def test_template_is_small_and_colour_blind_safe():
    fig_json = json.loads(_fig().to_json())
    assert len(json.dumps(fig_json["layout"]["template"])) < 2_000
    assert fig_json["layout"]["template"]["layout"]["colorway"][0] == lc.PALETTE[0]


def test_every_access_category_has_a_colour():
    """Labels and their order come from the schema; the colours are the figures' own, one per category."""
    assert lc.ACCESS_LABELS == lc.labels("llm_releases", "access")
    assert set(lc.ACCESS_COLOURS) == set(lc.ACCESS_ORDER)


def test_visibility_menu_builds_one_button_per_option():
    fig = px.scatter(x=[1, 2, 3, 4], y=[1, 2, 3, 4], color=["a", "a", "b", "c"])
    lc.visibility_menu(fig, {"All": lambda t: True, "Only b": lc.traces_named(["b"])})
    menu = fig.layout.updatemenus[0]
    assert [b.label for b in menu.buttons] == ["All", "Only b"]
    assert menu.buttons[1].args[0]["visible"] == [False, True, False]
    assert all(t.visible in (True, None) for t in fig.data), "the first option is shown at the start"


def test_visibility_menu_first_option_applies_at_start():
    fig = px.scatter(x=[1, 2], y=[1, 2], color=["a", "b"])
    lc.visibility_menu(fig, {"Only a": lc.traces_named(["a"]), "All": lambda t: True}, kind="dropdown")
    assert [t.visible for t in fig.data] == [True, False]
    assert fig.layout.updatemenus[0].type == "dropdown"


@pytest.mark.parametrize("options, kind, message", [({}, "buttons", "at least one"), ({"x": bool}, "slider", "kind")])
def test_visibility_menu_refuses_bad_input(options, kind, message):
    with pytest.raises(ValueError, match=message):
        lc.visibility_menu(_fig(), options, kind=kind)


def test_choice_menu_swaps_trace_data_and_applies_the_first():
    fig = go.Figure(go.Heatmap(z=[[0]], y=["a"]))
    lc.choice_menu(
        fig,
        {"One": {"z": [[1, 2]], "y": ["x"]}, "Two": {"z": [[3, 4]], "y": ["w"]}},
        layout={"Two": {"title": "second"}},
    )
    assert list(fig.data[0].y) == ["x"]
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["One", "Two"]
    assert buttons[1].args[0] == {"z": [[[3, 4]]], "y": [["w"]]}
    assert buttons[1].args[1] == {"title": "second"} and list(buttons[1].args[2]) == [0]


@pytest.mark.parametrize(
    "options, trace, message",
    [
        ({}, 0, "at least one"),
        ({"a": {"z": [[1]]}}, 3, "no trace number 3"),
        ({"a": {"z": [[1]]}, "b": {"y": ["q"]}}, 0, "same trace properties"),
    ],
)
def test_choice_menu_refuses_bad_input(options, trace, message):
    with pytest.raises(ValueError, match=message):
        lc.choice_menu(go.Figure(go.Heatmap(z=[[0]])), options, trace=trace)


def test_menus_accumulate_on_one_figure():
    fig = px.scatter(x=[1, 2], y=[1, 2], color=["a", "b"])
    lc.visibility_menu(fig, {"All": lambda t: True, "Only a": lc.traces_named(["a"])})
    lc.choice_menu(fig, {"Up": {"y": [[1, 2]]}, "Down": {"y": [[2, 1]]}}, kind="buttons", y=1.3)
    assert [m.type for m in fig.layout.updatemenus] == ["buttons", "buttons"]
    assert [b.label for b in fig.layout.updatemenus[1].buttons] == ["Up", "Down"]


def test_choice_menu_swaps_data_of_several_traces():
    fig = go.Figure([go.Bar(y=[0]), go.Bar(y=[0]), go.Bar(y=[0])])
    lc.choice_menu(fig, {"2023": {"y": [[1], [2]]}, "2024": {"y": [[3], [4]]}}, traces=[0, 2], active=1)
    assert list(fig.data[0].y) == [3] and list(fig.data[2].y) == [4] and list(fig.data[1].y) == [0]
    menu = fig.layout.updatemenus[0]
    assert menu.active == 1
    assert menu.buttons[0].args[0] == {"y": [[1], [2]]} and list(menu.buttons[0].args[2]) == [0, 2]


def test_choice_slider_has_one_step_per_option_and_applies_the_active_one():
    fig = go.Figure(go.Scatter(y=[0, 0]))
    runs = {f"{o:.1f}": {"y": [o, 2 * o]} for o in (0.1, 0.5, 0.9)}
    lc.choice_slider(fig, runs, prefix="Openness: ", active=1)
    slider = fig.layout.sliders[0]
    assert [s.label for s in slider.steps] == ["0.1", "0.5", "0.9"]
    assert slider.active == 1 and slider.currentvalue.prefix == "Openness: "
    assert list(fig.data[0].y) == [0.5, 1.0]
    assert slider.steps[2].args[0] == {"y": [[0.9, 1.8]]}


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda f: lc.choice_menu(f, {"a": {"y": [[1]]}}, traces=[0, 1]), "one value per trace"),
        (lambda f: lc.choice_menu(f, {"a": {"y": [1]}}, active=2), "no option number 2"),
        (lambda f: lc.choice_menu(f, {"a": {"y": [1]}}, kind="slider"), "kind"),
        (lambda f: lc.choice_slider(f, {}, prefix="p"), "at least one"),
        (lambda f: lc.choice_slider(f, {"a": {"y": [1]}}, prefix="p", traces=[5]), "no trace number 5"),
    ],
)
def test_choice_controls_refuse_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call(go.Figure([go.Bar(y=[0]), go.Bar(y=[0])]))
