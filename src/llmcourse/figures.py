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
from html import escape
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer, PlotlyRenderer

from llmcourse.data import labels

__all__ = [
    "ACCESS_COLOURS",
    "ACCESS_LABELS",
    "ACCESS_ORDER",
    "ACCESS_SYMBOLS",
    "BookRenderer",
    "HIGHLIGHT_COLOUR",
    "LEVEL_COLOURS",
    "OUTCOME_COLOURS",
    "OUTCOME_WORDS",
    "PALETTE",
    "REFERENCE_COLOUR",
    "SERIES_COLOURS",
    "SERIES_PATTERNS",
    "SERIES_SYMBOLS",
    "UNKNOWN_COLOUR",
    "VERDICT_COLOURS",
    "VERDICT_SYMBOLS",
    "category_cells",
    "category_heatmap",
    "describe",
    "choice_menu",
    "choice_slider",
    "setup",
    "visibility_menu",
]

RENDERER = "llmcourse"
#: Set to "1" by the book's Sphinx extension for the kernels that its build starts.
BOOK_BUILD_ENV = "LLMCOURSE_BOOK_BUILD"
TEMPLATE = "llmcourse"

#: Okabe & Ito's colour-blind-safe palette (the template's default colourway).
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

# ----------------------------------------------------------------------------------------
# The book's colour vocabulary. One colour means one thing in every figure; the front
# matter (chapters/index.md, "How to read the figures") explains it to the reader.
# Colour is always backed by a second cue: a marker shape, a bar pattern or a text label.
# ----------------------------------------------------------------------------------------

#: How a model could be obtained when it was released, from most to least open (labels from the schema).
ACCESS_LABELS = labels("llm_releases", "access")
ACCESS_ORDER = tuple(ACCESS_LABELS)
#: Access classes: green for weights anyone can download, orange for weights on request
#: (gated), blue for API or product only, black for not available at all.
ACCESS_COLOURS = {
    "open_weights": "#009E73",
    "research_weights": "#E69F00",
    "api_only": "#0072B2",
    "closed": "#000000",
}
#: The shape that backs each access colour (the same in every chart with markers).
ACCESS_SYMBOLS = {
    "open_weights": "circle",
    "research_weights": "diamond",
    "api_only": "square",
    "closed": "x",
}

#: Ordinal judgements (what a licence allows, which safeguard is present or enforced, how
#: well a claim holds up): one purple scale, from light (none) to dark (fully). Purple is
#: used for nothing else, so it never reads as an access class; lightness alone orders the
#: steps, so it survives colour-blindness and greyscale print.
LEVEL_COLOURS = ("#EFEAF6", "#C2B5DD", "#8C76BD", "#4B2C83")
#: Not known, not rated or does not apply: white, with the words written in the cell.
UNKNOWN_COLOUR = "#FFFFFF"

#: What a user may do under a licence (licensing and forks chapters).
OUTCOME_COLOURS = {
    "allowed": LEVEL_COLOURS[3],
    "allowed, with conditions": LEVEL_COLOURS[2],
    "needs the licensor's permission": LEVEL_COLOURS[1],
    "not allowed": LEVEL_COLOURS[0],
    "not established": UNKNOWN_COLOUR,
}
#: The short word written in an outcome's cell (a grid cell is too narrow for the label).
OUTCOME_WORDS = {
    "allowed": "yes",
    "allowed, with conditions": "cond.",
    "needs the licensor's permission": "ask",
    "not allowed": "no",
    "not established": "?",
}

#: Press verdicts: how well a claim holds up against its source (same purple scale; the
#: two kinds of claim that cannot be checked are grey), each with its own marker shape.
VERDICT_COLOURS = {
    "accurate": LEVEL_COLOURS[3],
    "imprecise": LEVEL_COLOURS[2],
    "misleading": LEVEL_COLOURS[1],
    "inaccurate": LEVEL_COLOURS[0],
    "unverifiable": "#7F7F7F",
    "opinion": "#A8A8A8",
}
VERDICT_SYMBOLS = {
    "accurate": "circle",
    "imprecise": "diamond",
    "misleading": "triangle-down",
    "inaccurate": "x",
    "unverifiable": "square-open",
    "opinion": "triangle-up-open",
}

#: Series that are not access classes (operating systems, model families, methods, kinds
#: of organisation): these colours never stand for an access class or a level. Always
#: paired with :data:`SERIES_SYMBOLS` or a bar pattern and a direct label. The grey is dark:
#: a light grey and the pink look alike to a reader with deuteranopia (tests/test_colours.py).
SERIES_COLOURS = ("#56B4E9", "#D55E00", "#CC79A7", "#000000", "#5F5F5F", "#F0E442")
SERIES_SYMBOLS = ("circle", "diamond", "square", "triangle-up", "x", "star")
SERIES_PATTERNS = ("", "/", ".", "x", "-", "+")

#: Reference lines, events and background: grey.
REFERENCE_COLOUR = "#7F7F7F"
#: A reader's selection (a highlighted lineage, say).
HIGHLIGHT_COLOUR = "#CC79A7"

#: No modebar: on a touch screen it covers the title, and every figure's data is in a table.
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}


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
            post_script=PHONE_SCRIPT,
        )
        bundle["text/html"] = _with_caption(html, fig_dict.get("layout", {}).get("meta"))
        return bundle


#: Runs after each figure is drawn in the book: on a narrow screen, apply the figure's
#: phone layout (``layout.meta.phone``, written by :func:`describe`): wrapped titles, a
#: taller top margin, a legend below.
PHONE_SCRIPT = """
var gd = document.getElementById('{plot_id}');
if (gd && gd.layout) {
  var meta = gd.layout.meta || {};
  var narrow = meta.phone && gd.getBoundingClientRect().width < 600;
  var heatmaps = gd.data.map(function (t, i) { return t.type === 'heatmap' ? i : -1; }).filter(function (i) { return i >= 0; });
  if (narrow && meta.phone.height) {  // the box plotly's HTML puts around the figure grows with it
    gd.style.height = meta.phone.height + 'px';
    if (gd.parentElement && gd.parentElement.style.height) { gd.parentElement.style.height = meta.phone.height + 'px'; }
  }
  var first = narrow ? Plotly.relayout(gd, meta.phone).then(function () {
    return heatmaps.length ? Plotly.restyle(gd, {'textfont.size': 9}, heatmaps) : null; }) : Promise.resolve();
  first.then(function () {
    // Menus start at the figure's left edge, whatever the width of the axis labels.
    var size = gd._fullLayout._size, update = {};
    (gd.layout.updatemenus || []).forEach(function (menu, i) {
      update['updatemenus[' + i + '].x'] = (8 - size.l) / size.w;
      update['updatemenus[' + i + '].xanchor'] = 'left';
    });
    return Object.keys(update).length ? Plotly.relayout(gd, update) : null;
  });
}
"""


def _with_caption(html: str, meta: Any) -> str:
    """Wrap the figure in ``<figure>`` with its takeaway and source as the caption."""
    if not isinstance(meta, Mapping) or not meta.get("alt"):
        return html
    caption = f'<span class="lc-figure-alt">{escape(meta["alt"])}</span>'
    if meta.get("source"):
        caption += f' <span class="lc-figure-source">Source: {escape(meta["source"])}</span>'
    return f'<figure class="lc-figure">{html}<figcaption>{caption}</figcaption></figure>'


def _wrap(text: str, width: int) -> tuple[str, int]:
    """Break ``text`` into lines of at most ``width`` characters (plotly does not wrap)."""
    lines: list[str] = []
    for paragraph in text.split("<br>"):
        line = ""
        for word in paragraph.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
    return "<br>".join(lines), len(lines)


def _title_block(
    title: str, subtitle: str, title_width: int, subtitle_width: int, controls: bool, height: float
) -> dict:
    title_text, title_lines = _wrap(title, title_width)
    subtitle_text, subtitle_lines = _wrap(subtitle, subtitle_width)
    # Measured in Chromium (plotly.js 4, 14 px font): plotly lifts a title of several lines by
    # 14 px, so it is placed lower; each title line takes 26 px, each subtitle line 18 px (at 14
    # px per further line, a subtitle of five lines or more met the menu under it on a phone).
    lift = 14 if title_lines > 1 else 0
    bottom = 12 + lift + 53 + 26 * (title_lines - 1) + 18 * (subtitle_lines - 1) - lift
    top = bottom + (50 if controls else 14)
    return {
        "title.text": title_text,
        "title.subtitle.text": subtitle_text,
        "margin.t": top,
        "title.y": 1 - (12 + lift) / height,
    }


def describe(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    source: str,
    alt: str,
    phone: Mapping[str, Any] | None = None,
) -> go.Figure:
    """Give a figure what every figure in the book has.

    ``title`` states the point, ``subtitle`` the measure and unit, ``source`` the table and
    its primary source, ``alt`` the takeaway in a sentence or two (the text alternative, also
    printed under the figure in the book). Call it after adding menus and sliders, so the
    top margin leaves them room. ``phone`` adds layout for screens under 600 px wide (the
    title and legend are rearranged for a phone automatically).
    """
    controls = any((menu.y or 0) >= 1 for menu in fig.layout.updatemenus)
    for menu in fig.layout.updatemenus:  # menus above the plot keep clear of its top tick label
        if (menu.y or 0) >= 1:
            menu.update(y=1, yanchor="bottom", pad={"b": 12, "r": 4})
    height = fig.layout.height or 480
    phone = dict(phone or {})
    desktop = _title_block(title, subtitle, 66, 92, controls, height)
    narrow = _title_block(title, subtitle, 28, 42, controls, phone.get("height", height))
    # grid columns are narrow on a phone: turn their labels
    grid = {"xaxis.tickangle": -90, "xaxis.tickfont.size": 9} if any(t.type == "heatmap" for t in fig.data) else {}
    fig.update_layout(
        title={
            "text": desktop["title.text"],
            "subtitle": {"text": desktop["title.subtitle.text"]},
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "y": desktop["title.y"],
            "yref": "container",
            "yanchor": "top",
            "pad": {"l": 8},
        },
        margin={"t": desktop["margin.t"]},
        meta={"alt": alt, "source": source, "phone": {**narrow, "margin.l": 8, "margin.r": 8, **grid, **phone}},
    )
    if fig.layout.legend.orientation == "h":  # a legend below the plot: at the figure's foot, below the axis titles
        fig.update_layout(
            legend={"yref": "container", "y": 0, "yanchor": "bottom", "xref": "container", "x": 0.01, "xanchor": "left"}
        )
    return fig


def category_heatmap(
    cells: Any,
    categories: Mapping[str, str],
    *,
    words: Mapping[str, str] | None = None,
    hover: Any = None,
) -> go.Figure:
    """A grid of categories (a licence outcome, a safeguard level) with a discrete legend.

    ``cells`` is a DataFrame of category labels (rows and columns as drawn); ``categories``
    maps every label that can occur, in legend order, to its colour; ``words`` gives the short
    word written in each cell (the colour's redundant cue; the label itself by default), and the
    legend pairs word and label. The legend lists only the categories present; there is no
    continuous colour bar. Swap data with :func:`choice_menu` using :func:`category_cells`.
    """
    words = dict(words or {})
    fig = go.Figure(
        go.Heatmap(
            **category_cells(cells, categories, words=words, hover=hover),
            x=[_wrap(str(column).replace("<br>", " "), 10)[0] for column in cells.columns],
            zmin=-0.5,
            zmax=len(categories) - 0.5,
            xgap=2,
            ygap=2,
            colorscale=_steps(list(categories.values())),
            showscale=False,
            texttemplate="%{text}",
            textfont={"size": 11},
            hovertemplate="<b>%{y}</b><br>%{x}<br>%{customdata}<extra></extra>",
        )
    )
    present = {value for row in cells.values.tolist() for value in row}
    for label, colour in categories.items():
        name = label if words.get(label, label) == label else f"{words[label]} = {label}"
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            showlegend=label in present,
            hoverinfo="skip",
            marker={"symbol": "square", "size": 14, "color": colour, "line": {"width": 1, "color": "#444"}},
        )
    fig.update_layout(
        yaxis={"autorange": "reversed", "showgrid": False, "ticks": "", "tickfont": {"size": 11}},
        xaxis={"side": "bottom", "showgrid": False, "ticks": "", "tickangle": 0, "tickfont": {"size": 11}},
        plot_bgcolor="#BDBDBD",
        legend={"orientation": "h", "traceorder": "normal"},
    )
    return fig


def category_cells(
    cells: Any, categories: Mapping[str, str], *, words: Mapping[str, str] | None = None, hover: Any = None
) -> dict:
    """The ``z``, ``y``, ``text`` and ``customdata`` of :func:`category_heatmap` for ``cells``."""
    order = list(categories)
    words = dict(words or {})
    labels = cells.values.tolist()
    unknown = {value for row in labels for value in row} - set(order)
    if unknown:
        raise ValueError(f"no colour for {sorted(unknown)}: add them to the categories")
    details = labels if hover is None else hover.values.tolist()
    rows = [_wrap(str(label), 30)[0] for label in cells.index]  # long row labels on two lines
    return {
        "z": [[order.index(value) for value in row] for row in labels],
        "y": rows,
        "text": [[words.get(value, value) for value in row] for row in labels],
        "customdata": details,
    }


def _steps(colours: list[str]) -> list[list]:
    """A colourscale with one flat band per category (codes 0..n-1, zmin -0.5, zmax n-0.5)."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


class _ImportedOnUse(types.ModuleType):
    """Stands for a module and imports it the first time one of its attributes is read.

    Its version is read from the installed package's metadata, without importing it:
    ``fig.show()`` reads only ``nbformat.__version__``, and importing nbformat for it would
    cost each notebook 1 to 3 s at its first figure (jsonschema compiling rfc3987-syntax's
    grammars), for nothing a figure needs."""

    def __getattr__(self, name: str) -> Any:
        if name == "__version__":
            from importlib.metadata import version

            return version(self.__name__)
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
    """Set the course's plotly theme and renderer, and how tables show missing values.

    Call once at the top of a notebook."""
    _load_renderers_lightly()
    pio.templates[TEMPLATE] = _template()
    pio.templates.default = TEMPLATE
    pio.renderers[RENDERER] = BookRenderer()
    pio.renderers.default = RENDERER
    # Tables show their text in full: the calculators' reasons are their point, and
    # pandas would cut them at 50 characters.
    import pandas as pd

    pd.set_option("display.max_colwidth", None)
    from .tables import show_missing_as_dash

    show_missing_as_dash()  # tables: "—" for a missing value, not NaN, NaT or <NA>


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
