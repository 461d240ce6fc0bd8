"""The Sphinx glue, in isolation (the whole build is tested in test_build.py)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from llmcourse import sphinxext


def test_the_plotly_js_bundle_matches_the_pinned_plotly():
    """The vendored partial bundle is the plotly.js that plotly.py was made for.

    Upgrading plotly in requirements.txt without replacing vendor/ fails here.
    """
    import plotly

    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    path = sphinxext.plotly_js_path()
    assert sphinxext.plotly_js_version(path) == sphinxext.plotly_js_version(full)
    assert "MIT License" in (path.parent / "LICENSE").read_text()
    assert path.stat().st_size < full.stat().st_size / 2


def test_the_bundle_lists_what_it_draws():
    traces = sphinxext.bundle_trace_types()
    assert {"scatter", "bar", "heatmap"} <= traces
    assert "table" not in traces and "scattergl" not in traces


def test_equations_become_mathml():
    block = sphinxext._mathml(r"u_{t+1} = \frac{a}{a+b}", display=True)
    assert block.startswith("<math") and 'display="block"' in block and "<mfrac>" in block
    # typeset: the TeX is kept only as the alttext screen readers may read, never as text
    assert "\\frac" not in block.split(">", 1)[1] and 'alttext="u_{t+1} = \\frac{a}{a+b}"' in block


def test_plotly_json_is_handled_silently_and_never_chosen():
    json_data = SimpleNamespace(mime_type="application/vnd.plotly.v1+json")
    html_data = SimpleNamespace(mime_type="text/html")
    assert sphinxext.PlotlyJsonMime.handle_mime(None, json_data, False) == []
    assert sphinxext.PlotlyJsonMime.handle_mime(None, html_data, False) is None
    assert ("*", "application/vnd.plotly.v1+json", None) in sphinxext.PlotlyJsonMime.mime_priority_overrides


def test_fingerprint_follows_content(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "a.csv").write_text("x\n1\n")
    before = sphinxext.fingerprint([folder])
    assert sphinxext.fingerprint([folder]) == before
    (folder / "a.csv").write_text("x\n2\n")
    assert sphinxext.fingerprint([folder]) != before


def test_the_replaced_extension_list_is_jupyter_books_own_minus_two():
    """_config.yml gives Sphinx's extension list in full, to leave out sphinx_thebe (a CDN script and a console
    error on every page) and intersphinx (the network). If a Jupyter Book upgrade adds or renames an extension,
    this fails instead of the book silently losing it."""
    import yaml
    from jupyter_book.config import get_default_sphinx_config

    config = yaml.safe_load((Path(__file__).resolve().parents[1] / "_config.yml").read_text(encoding="utf-8"))
    ours = config["sphinx"]["config"]["extensions"]
    theirs = get_default_sphinx_config()["extensions"]
    assert set(theirs) - set(ours) == {"sphinx_thebe", "sphinx.ext.intersphinx"}
    assert [e for e in ours if e in theirs] == [e for e in theirs if e in ours], "in Jupyter Book's order"
