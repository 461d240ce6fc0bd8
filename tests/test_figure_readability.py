"""Every figure of the built book is readable, at 1400 px and at 390 px, in every state of its
in-figure controls: nothing a reader must read (title, subtitle, legend, axis titles, tick
labels, menus, sliders, annotations) overlaps anything else or leaves the figure's box, every
control can be clicked, and every menu's label names the state it shows.

The walk through the states is shared with the contact sheet (scripts/figure_states.py).
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import plotly.graph_objects as go
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from figure_states import WIDTHS, figure_pages, problems_in, visit_figures  # noqa: E402

pytestmark = pytest.mark.browser

#: Figures not yet readable in every state at 390 px (page, figure number), as the contact sheet of
#: 3 December 2026 found them: listed so that the test guards all the others. When one of them
#: becomes readable the test warns, so that it is taken off the list.
NOT_YET_READABLE: set[tuple[str, int]] = set()


def test_every_figure_is_readable_in_every_state(site, browser):
    html, base = site
    pages = figure_pages(html)
    assert len(pages) >= 8
    states = visit_figures(browser, base, pages, WIDTHS)
    figures = {(s.page, s.index) for s in states}
    assert len(figures) >= 25
    assert len(states) > 2 * len(figures), "the controls were not driven"
    broken = {(s.page, s.index) for s in states if s.problems}
    unexpected = [
        f"{s.name}: {problem}" for s in states if (s.page, s.index) not in NOT_YET_READABLE for problem in s.problems
    ]
    assert not unexpected, "\n".join(unexpected)
    if NOT_YET_READABLE - broken:
        warnings.warn(f"now readable, take off NOT_YET_READABLE: {sorted(NOT_YET_READABLE - broken)}", stacklevel=1)


def _page_with(tmp_path: Path, fig: go.Figure) -> Path:
    """A page with one figure, drawn by the same plotly.js the book serves."""
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    (tmp_path / "plotly.min.js").write_bytes(plotly_js.read_bytes())
    page = tmp_path / "figure.html"
    page.write_text(
        '<!doctype html><html><body><script src="plotly.min.js"></script>'
        '<div id="f" class="plotly-graph-div" style="height:480px;width:100%"></div>'
        f"<script>Plotly.newPlot('f', {fig.to_json()});</script></body></html>"
    )
    return page


def test_the_check_catches_a_figure_a_reader_cannot_read(tmp_path, browser):
    """A deliberately broken figure: legend over the title, a menu over the axis title, and a
    dropdown whose label says one thing while the figure shows another."""
    import functools
    import http.server
    import threading

    fig = go.Figure(
        [go.Scatter(x=[1, 2], y=[1, 2], name="first series"), go.Scatter(x=[1, 2], y=[2, 1], name="second")]
    )
    fig.update_layout(
        title={"text": "A title the legend covers", "x": 0.02, "y": 0.97},
        legend={"x": 0.0, "y": 1.12, "orientation": "h"},
        margin={"t": 60},
        xaxis={"title": "an axis title under a menu"},
        updatemenus=[
            {
                "type": "dropdown",
                "x": 0.4,
                "y": -0.08,
                "yanchor": "top",
                "active": 1,
                "buttons": [
                    {"label": "Only the first", "method": "restyle", "args": [{"visible": [True, False]}]},
                    {"label": "Only the second", "method": "restyle", "args": [{"visible": [False, True]}]},
                ],
            }
        ],
    )
    _page_with(tmp_path, fig)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        states = visit_figures(
            browser, f"http://127.0.0.1:{server.server_address[1]}/", ["figure.html"], {"desktop": 1400}
        )
    finally:
        server.shutdown()
    first = states[0]
    assert first.state == "first view"
    text = "\n".join(first.problems)
    assert "legend" in text and "title" in text and "overlaps" in text, text
    assert "menu 1" in text and "not what the option sets" in text, text  # label says "second", both traces shown
    # then each option is clicked: this dropdown opens below the figure, where a reader cannot click its options
    assert any("cannot operate the control" in p for s in states[1:] for p in s.problems) or len(states) == 3


def test_overlap_and_out_of_box_are_reported_by_name():
    box = {"x": 0, "y": 0, "w": 100, "h": 100}
    measure = {
        "figure": box,
        "ticks": [],
        "sliders": [],
        "menus": [{"type": "dropdown", "active": 0, "labels": ["A", "B"], "shown": "B"}],
        "items": [
            {"kind": "title", "x": 5, "y": 5, "w": 50, "h": 10, "text": "T"},
            {"kind": "legend", "x": 40, "y": 8, "w": 30, "h": 10, "text": "L"},
            {"kind": "annotation", "x": 90, "y": 50, "w": 30, "h": 10, "text": "A"},
        ],
    }
    problems = problems_in(measure)
    assert "title 'T' overlaps legend 'L'" in problems
    assert "annotation 'A' sticks out of the figure" in problems
    assert "menu 1 says 'B' but option 'A' is active" in problems
    assert json.dumps(problems_in({**measure, "items": measure["items"][:1], "menus": []})) == "[]"


def test_a_figure_taller_than_its_box_on_the_page_is_reported():
    """A phone layout that makes a figure taller must make its box on the page taller too, or the
    next paragraph prints over the bottom of the figure."""
    measure = {
        "figure": {"x": 0, "y": 0, "w": 100, "h": 900},
        "container": {"x": 0, "y": 0, "w": 100, "h": 600},
        "items": [],
        "ticks": [],
        "menus": [],
        "sliders": [],
    }
    assert problems_in(measure) == ["the figure (900 px) is taller than its box on the page (600 px)"]
    assert problems_in({**measure, "container": {"x": 0, "y": 0, "w": 100, "h": 900}}) == []
