"""A lab's set-up cell stays cheap: ``lc.setup()`` imports nothing heavy that no figure needs.

plotly's renderer registry imports nbformat (and through it jsonschema and its format
checkers, about 1.5 s on two cores) only to check a version inside ``fig.show()``;
``lc.setup()`` defers that import to the moment ``fig.show()`` needs it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

#: Each test starts a fresh Python (seconds in all): in `make test`, not in `make check`.
pytestmark = pytest.mark.slow


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


def test_a_cell_ending_in_fig_shows_it_without_nbformat():
    """In a kernel, a cell ending in ``fig`` goes through ``fig.show()`` (plotly's
    ``_ipython_display_``), which reads nbformat's version: read from the package's
    metadata, it costs no import of nbformat, jsonschema and rfc3987-syntax (1 to 3 s
    at each notebook's first figure)."""
    out = _run(
        """
        import sys
        import llmcourse as lc
        from IPython.core.interactiveshell import InteractiveShell
        lc.setup()
        shell = InteractiveShell.instance()
        shown = []
        shell.display_pub.publish = lambda data, **kwargs: shown.append(sorted(data))
        result = shell.run_cell("import plotly.graph_objects as go\\ngo.Figure(go.Bar(y=[1, 2]))")
        assert result.success, result
        print(shown)
        print(sorted(m for m in ("nbformat", "jsonschema", "rfc3987_syntax") if m in sys.modules))
        """
    )
    shown, imported = out.strip().splitlines()[-2:]
    assert "application/vnd.plotly.v1+json" in shown and "text/html" in shown, shown
    assert imported == "[]"


def test_nbformat_still_answers_when_asked():
    """The stand-in imports nbformat for anything but its version."""
    out = _run(
        """
        import sys
        import llmcourse as lc
        lc.setup()
        import plotly.io._renderers as renderers
        print(renderers.nbformat.__version__, "nbformat" in sys.modules)
        print(renderers.nbformat.v4.new_notebook().nbformat, "nbformat" in sys.modules)
        """
    )
    first, second = out.strip().splitlines()[-2:]
    assert first.endswith("False") and second == "4 True"
