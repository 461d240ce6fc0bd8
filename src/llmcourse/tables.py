"""How the labs' tables look: a missing value is shown as a dash.

pandas shows a missing value as ``NaN``, ``NaT`` or ``<NA>`` depending on the column's
type. That is what the data *are*, and the labs say so where it matters ("not recorded",
"not disclosed"), but in a table for readers three spellings of "nothing here" are noise.
:func:`show_missing_as_dash` (called by :func:`llmcourse.setup`) makes IPython render every
DataFrame, and every Styler, with "—" in those cells. The data themselves are unchanged:
``frame.isna()`` still finds them.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["MISSING", "frame_html", "show_missing_as_dash"]

#: What a missing value looks like in a lab's table.
MISSING = "—"


def _plain_missing(frame: pd.DataFrame) -> pd.DataFrame:
    # ``to_html(na_rep=...)`` skips pandas' own nullable types (Int64, string, boolean),
    # which print <NA> regardless; as object columns holding NaN they take the dash.
    nullable = [
        i
        for i, dtype in enumerate(frame.dtypes)
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) and frame.iloc[:, i].isna().any()
    ]
    if not nullable:
        return frame
    shown = frame.copy()
    for i in nullable:
        column = shown.iloc[:, i].astype(object)
        shown.isetitem(i, column.where(column.notna(), float("nan")))
    return shown


def frame_html(frame: pd.DataFrame) -> str:
    """A DataFrame as the notebook shows it, with missing values as :data:`MISSING`."""
    return _plain_missing(frame).to_html(
        na_rep=MISSING,
        notebook=True,
        max_rows=pd.get_option("display.max_rows"),
        max_cols=pd.get_option("display.max_columns"),
        show_dimensions=pd.get_option("display.show_dimensions"),
    )


def show_missing_as_dash() -> None:
    """Show missing values as a dash in every table this kernel displays."""
    pd.set_option("styler.format.na_rep", MISSING)
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing is displayed as HTML
        return
    shell = get_ipython()
    if shell is None:
        return
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)
