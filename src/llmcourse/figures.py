"""Figure theme, plotly renderer set-up and small reusable figure controls.

Why a custom renderer? In a headless kernel (the book's build, nbval) plotly's default
renderer emits only ``application/vnd.plotly.v1+json``. JupyterLab draws that natively,
but the book's HTML builder (MyST-NB) cannot, and skips the figure. The ``"llmcourse"``
renderer emits both:

* ``application/vnd.plotly.v1+json`` — JupyterLab, VS Code and nbviewer draw this;
* ``text/html`` — a ``<div>`` and a call to ``Plotly.newPlot``. In the book's build
  (the Sphinx extension sets ``LLMCOURSE_BOOK_BUILD`` for the kernels it starts) it comes
  *without* plotly.js: :mod:`llmcourse.sphinxext` serves plotly.js once, as a local
  static file, on pages that have figures, and the site needs no network. Everywhere
  else the snippet fetches plotly.js itself, so that front ends which show the HTML
  rather than the JSON (Colab, the classic Notebook) draw the figure too; JupyterLab
  and Notebook 7 draw the JSON and never load it.

The div id is derived from the figure's content, so re-running a notebook gives the
same output (nbval can compare it) and two different figures never share an id.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import os
import sys
import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer, PlotlyRenderer

from llmcourse.data import labels

__all__ = [
    "ACCESS_COLOURS",
    "ACCESS_LABELS",
    "ACCESS_ORDER",
    "BookRenderer",
    "PALETTE",
    "choice_menu",
    "choice_slider",
    "setup",
    "visibility_menu",
]

RENDERER = "llmcourse"
#: Set to "1" by the book's Sphinx extension for the kernels that its build starts.
BOOK_BUILD_ENV = "LLMCOURSE_BOOK_BUILD"
TEMPLATE = "llmcourse"

#: Okabe & Ito's colour-blind-safe palette.
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: How a model could be obtained when it was released, from most to least open (labels from the schema).
ACCESS_LABELS = labels("llm_releases", "access")
ACCESS_ORDER = tuple(ACCESS_LABELS)
ACCESS_COLOURS = {
    "open_weights": "#009E73",
    "research_weights": "#E69F00",
    "api_only": "#0072B2",
    "closed": "#7F7F7F",
}

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def _template() -> go.layout.Template:
    # A deliberately small template: every figure carries its template in its JSON,
    # so a lean one keeps pages (and committed notebook outputs) light.
    return go.layout.Template(
        layout={
            "colorway": list(PALETTE),
            "font": {"family": "system-ui, -apple-system, 'Segoe UI', sans-serif", "size": 14},
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "hoverlabel": {"align": "left"},
            "xaxis": {
                "showgrid": True,
                "gridcolor": "#E5E5E5",
                "zeroline": False,
                "linecolor": "#444",
                "ticks": "outside",
                "automargin": True,
            },
            "yaxis": {
                "showgrid": True,
                "gridcolor": "#E5E5E5",
                "zeroline": False,
                "linecolor": "#444",
                "ticks": "outside",
                "automargin": True,
            },
            "legend": {"bgcolor": "rgba(255,255,255,0.8)"},
            "title": {"x": 0.0, "xanchor": "left"},
        }
    )


class BookRenderer(MimetypeRenderer):
    """Emit the plotly JSON mimetype for Jupyter *and* an HTML snippet for the book."""

    def __init__(self, config: Mapping[str, Any] | None = None, height: int = 480, book: bool | None = None):
        self.config = dict(config or PLOTLY_CONFIG)
        self.height = height
        self.book = os.environ.get(BOOK_BUILD_ENV) == "1" if book is None else book

    def to_mimebundle(self, fig_dict: dict[str, Any]) -> dict[str, Any]:
        bundle = PlotlyRenderer(config=self.config).to_mimebundle(fig_dict)
        payload = json.dumps(bundle["application/vnd.plotly.v1+json"], sort_keys=True)
        div_id = "fig-" + hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]
        html = pio.to_html(
            fig_dict,
            config=self.config,
            include_plotlyjs=False if self.book else "cdn",
            include_mathjax=False,
            full_html=False,
            div_id=div_id,
            default_height=f"{self.height}px",
            validate=False,
        )
        bundle["text/html"] = html
        return bundle


class _ImportedOnUse(types.ModuleType):
    """Stands for a module and imports it the first time one of its attributes is read."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module(self.__name__), name)


def _load_renderers_lightly() -> None:
    """Import plotly's renderer registry without importing nbformat yet.

    ``plotly.io._renderers`` imports nbformat when it is first loaded, only to check its
    version inside ``fig.show()``; nbformat brings jsonschema and its format checkers,
    about 1.5 s on two cores, before the first figure. Here the registry gets a stand-in
    that imports nbformat when ``fig.show()`` really reads it.
    """
    if "plotly.io._renderers" in sys.modules or "nbformat" in sys.modules:
        return
    from plotly import optional_imports

    get_module = optional_imports.get_module

    def deferred(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "nbformat" and importlib.util.find_spec(name) is not None:
            return _ImportedOnUse(name)
        return get_module(name, *args, **kwargs)

    optional_imports.get_module = deferred
    try:
        importlib.import_module("plotly.io._renderers")
    finally:
        optional_imports.get_module = get_module


def setup() -> None:
    """Set the course's plotly theme and renderer. Call once at the top of a notebook."""
    _load_renderers_lightly()
    pio.templates[TEMPLATE] = _template()
    pio.templates.default = TEMPLATE
    pio.renderers[RENDERER] = BookRenderer()
    pio.renderers.default = RENDERER
    # Tables show their text in full: the calculators' reasons are their point, and
    # pandas would cut them at 50 characters.
    import pandas as pd

    pd.set_option("display.max_colwidth", None)


def _add_menu(fig: go.Figure, kind: str, direction: str, buttons: list[dict], x: float, y: float, active: int) -> None:
    """Append one in-figure menu, keeping the menus the figure already has."""
    menu = {
        "type": kind,
        "direction": direction,
        "buttons": buttons,
        "active": active,
        "showactive": True,
        "x": x,
        "xanchor": "left",
        "y": y,
        "yanchor": "bottom",
        "pad": {"r": 4, "t": 4},
    }
    fig.update_layout(updatemenus=[*fig.layout.updatemenus, menu])


def visibility_menu(
    fig: go.Figure,
    options: Mapping[str, Callable[[Any], bool]],
    *,
    x: float = 0.0,
    y: float = 1.12,
    direction: str = "right",
    kind: str = "buttons",
) -> go.Figure:
    """Add in-figure buttons (or a dropdown) that show only some traces.

    ``options`` maps a button label to a predicate on a trace: the trace stays
    visible when the predicate is true. The first option is active at the start.
    This works in the static book with no kernel, because plotly.js itself handles
    the clicks. A figure may carry several menus: each call adds one.
    """
    if not options:
        raise ValueError("visibility_menu needs at least one option")
    if kind not in ("buttons", "dropdown"):
        raise ValueError("kind must be 'buttons' or 'dropdown'")
    buttons = []
    for label, keep in options.items():
        visible = [bool(keep(trace)) for trace in fig.data]
        buttons.append({"label": label, "method": "update", "args": [{"visible": visible}]})
    first = buttons[0]["args"][0]["visible"]
    for trace, shown in zip(fig.data, first):
        trace.visible = shown
    _add_menu(fig, kind, direction, buttons, x, y, active=0)
    return fig


def _choices(
    fig: go.Figure,
    options: Mapping[str, Mapping[str, Any]],
    traces: Sequence[int] | None,
    trace: int,
    layout: Mapping[str, Mapping[str, Any]] | None,
    active: int,
    what: str,
) -> list[dict]:
    """The plotly ``update`` steps shared by :func:`choice_menu` and :func:`choice_slider`.

    Applies the ``active`` option to the figure, so that what the reader sees first is
    what the menu or slider says.
    """
    if not options:
        raise ValueError(f"{what} needs at least one option")
    indices = [trace] if traces is None else list(traces)
    for index in indices:
        if not 0 <= index < len(fig.data):
            raise ValueError(f"the figure has no trace number {index}")
    if len({frozenset(props) for props in options.values()}) != 1:
        raise ValueError("every option must set the same trace properties")
    if not 0 <= active < len(options):
        raise ValueError(f"there is no option number {active}")
    layout = layout or {}
    steps = []
    for label, props in options.items():
        if traces is None:  # one trace: each property holds that trace's value
            restyle = {key: [value] for key, value in props.items()}
        else:  # several traces: each property holds one value per trace, in order
            restyle = {key: list(values) for key, values in props.items()}
            if any(len(values) != len(indices) for values in restyle.values()):
                raise ValueError(f"option {label!r} must give one value per trace ({len(indices)})")
        steps.append({"label": label, "method": "update", "args": [restyle, dict(layout.get(label, {})), indices]})
    label, _ = list(options.items())[active]
    restyle = steps[active]["args"][0]
    for position, index in enumerate(indices):
        fig.data[index].update(**{key: values[position] for key, values in restyle.items()})
    if label in layout:
        fig.update_layout(**layout[label])
    return steps


def choice_menu(
    fig: go.Figure,
    options: Mapping[str, Mapping[str, Any]],
    *,
    trace: int = 0,
    traces: Sequence[int] | None = None,
    x: float = 0.0,
    y: float = 1.12,
    layout: Mapping[str, Mapping[str, Any]] | None = None,
    kind: str = "dropdown",
    active: int = 0,
) -> go.Figure:
    """Add a dropdown (or buttons) that swaps precomputed data into traces.

    ``options`` maps a label to the trace properties to set, for example
    ``{"By name": {"z": z1, "y": names1}, "By score": {"z": z2, "y": names2}}`` for one
    trace (``trace``). With ``traces=[0, 2]`` each property holds one value per trace,
    in that order: ``{"2023": {"y": [y0, y2]}, ...}``. ``layout`` optionally maps the same
    labels to layout properties (a title, say). Option number ``active`` (the first by
    default) is applied at the start. It works in the static book with no kernel: the
    precomputed alternatives travel inside the figure.
    """
    if kind not in ("buttons", "dropdown"):
        raise ValueError("kind must be 'buttons' or 'dropdown'")
    steps = _choices(fig, options, traces, trace, layout, active, "choice_menu")
    _add_menu(fig, kind, "right" if kind == "buttons" else "down", steps, x, y, active)
    return fig


def choice_slider(
    fig: go.Figure,
    options: Mapping[str, Mapping[str, Any]],
    *,
    prefix: str,
    trace: int = 0,
    traces: Sequence[int] | None = None,
    layout: Mapping[str, Mapping[str, Any]] | None = None,
    active: int = 0,
    pad: int = 40,
) -> go.Figure:
    """Like :func:`choice_menu`, as a slider: one step per option, labelled ``prefix`` + label.

    For a quantity the reader varies (a price, a share, a parameter of a model): the
    runs are precomputed in Python and the slider swaps them in with no kernel.
    """
    steps = _choices(fig, options, traces, trace, layout, active, "choice_slider")
    fig.update_layout(
        sliders=[{"active": active, "steps": steps, "currentvalue": {"prefix": prefix}, "pad": {"t": pad}}]
    )
    return fig


def traces_named(names: Sequence[str]) -> Callable[[Any], bool]:
    """A predicate for :func:`visibility_menu`: keep traces whose name is in ``names``."""
    wanted = set(names)
    return lambda trace: trace.name in wanted
