"""A lab's set-up cell stays cheap: ``lc.setup()`` imports nothing heavy that no figure needs.

plotly's renderer registry imports nbformat (and through it jsonschema and its format
checkers, about 1.5 s on two cores) only to check a version inside ``fig.show()``;
``lc.setup()`` defers that import to the moment ``fig.show()`` needs it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_setup_imports_neither_nbformat_nor_jsonschema():
    out = _run(
        """
        import sys
        import llmcourse as lc
        lc.setup()
        import plotly.graph_objects as go
        go.Figure(go.Bar(y=[1, 2]))._repr_mimebundle_()  # what a notebook cell ending in `fig` does
        print(sorted(m for m in ("nbformat", "jsonschema", "rfc3987_syntax") if m in sys.modules))
        """
    )
    assert out.strip() == "[]"


def test_fig_show_still_works_after_setup():
    """fig.show() reads nbformat's version: the deferred import must then happen."""
    out = _run(
        """
        import sys
        import llmcourse as lc
        lc.setup()
        import plotly.graph_objects as go
        go.Figure(go.Bar(y=[1, 2])).show()
        print("nbformat" in sys.modules)
        """
    )
    assert out.strip().endswith("True")
