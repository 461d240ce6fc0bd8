"""Helper package for the course *Open versus closed large language models*.

Notebooks start with::

    import llmcourse as lc
    lc.setup()

and then use :func:`lc.load` for data, the figure helpers for consistent and
accessible figures, and the widget helpers for live sessions.
"""

from .data import DataValidationError, Problem, data_dir, labels, load, validate
from .figures import (
    ACCESS_COLOURS,
    ACCESS_LABELS,
    ACCESS_ORDER,
    ACCESS_SYMBOLS,
    HIGHLIGHT_COLOUR,
    LEVEL_COLOURS,
    OUTCOME_COLOURS,
    OUTCOME_WORDS,
    PALETTE,
    REFERENCE_COLOUR,
    SERIES_COLOURS,
    SERIES_PATTERNS,
    SERIES_SYMBOLS,
    UNKNOWN_COLOUR,
    VERDICT_COLOURS,
    VERDICT_SYMBOLS,
    category_cells,
    category_heatmap,
    choice_menu,
    choice_slider,
    describe,
    setup,
    traces_named,
    visibility_menu,
)

__all__ = [
    "ACCESS_COLOURS",
    "ACCESS_LABELS",
    "ACCESS_ORDER",
    "ACCESS_SYMBOLS",
    "HIGHLIGHT_COLOUR",
    "LEVEL_COLOURS",
    "OUTCOME_COLOURS",
    "OUTCOME_WORDS",
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
    "DataValidationError",
    "PALETTE",
    "Problem",
    "choice_menu",
    "choice_slider",
    "data_dir",
    "labels",
    "load",
    "setup",
    "traces_named",
    "validate",
    "visibility_menu",
]

__version__ = "0.1.0"
