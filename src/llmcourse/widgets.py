"""Reusable ipywidgets views for live Jupyter sessions.

In the static book there is no kernel, so widgets cannot do anything there. Every
live view in the course therefore has a static twin (a plotly figure with its own
buttons, dropdown or slider), and the notebook cell that shows the widgets carries the
``remove-output`` tag so that no dead control appears in the book.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as widgets
from IPython.display import display

__all__ = ["live_view", "figure_or_message"]


def figure_or_message(make_figure: Callable[..., Any], values: Mapping[str, Any]) -> Any:
    """Call ``make_figure(**values)``; if it refuses the input with ``ValueError``, return a
    short HTML message for the reader instead of letting a traceback through."""
    try:
        return make_figure(**values)
    except ValueError as exc:
        return widgets.HTML(f"<p><strong>Cannot draw this:</strong> {html.escape(str(exc))}</p>")


def live_view(
    make_figure: Callable[..., Any],
    controls: Mapping[str, widgets.ValueWidget],
) -> widgets.VBox:
    """Controls on top, a figure below, redrawn whenever a control changes.

    ``make_figure`` is called with the controls' values as keyword arguments (the keys
    of ``controls``) and returns a plotly figure, or raises ``ValueError`` with a message
    for the reader, which is shown instead of a traceback.
    """
    if not controls:
        raise ValueError("live_view needs at least one control")

    def draw(**values: Any) -> None:
        display(figure_or_message(make_figure, values))

    output = widgets.interactive_output(draw, dict(controls))
    for control in controls.values():
        # The whole label, never "Monthly u...": ipywidgets cuts descriptions at a fixed width.
        if "description_width" in control.style.keys:
            control.style.description_width = "initial"
    # Controls wrap onto as many rows as the notebook's width needs, so none is pushed
    # off-screen (a row that does not wrap has no scrollbar in JupyterLab).
    row = widgets.HBox(list(controls.values()), layout=CONTROLS_LAYOUT)
    return widgets.VBox([row, output])


#: Wrapping row of controls, with room between them.
CONTROLS_LAYOUT = {"flex_flow": "row wrap", "align_items": "center", "grid_gap": "4px 24px", "width": "100%"}
