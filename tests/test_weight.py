"""The book stays light: byte budgets per page and for the whole site, and one small plotly.js.

Budgets (issue 17), counted as a reader's browser counts them: every file a page loads
(HTML, scripts, stylesheets, fonts, images, the search index), opened in headless Chromium
with a cold cache from a server on 127.0.0.1 (see :mod:`llmcourse.pageweight`):

* a narrative page (everything that is not a lab): at most 500 KB;
* a lab page: at most 2.5 MB;
* the whole built site, which a student downloads to read offline: at most 8 MB.

The book ships plotly.js's "cartesian" partial bundle, so a notebook that draws a trace
type the bundle lacks would show an empty box: a test reads every executed notebook.
"""

from __future__ import annotations

import nbformat
import pytest

from llmcourse import pageweight, sphinxext

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def trace_types(notebook: nbformat.NotebookNode) -> set[str]:
    """Every plotly trace type a notebook's outputs draw (a trace without a type is a scatter)."""
    types = set()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get(PLOTLY_MIME)
            if figure:
                types |= {trace.get("type", "scatter") for trace in figure.get("data", [])}
    return types


def _over_budget(loads: list[pageweight.PageLoad]) -> list[str]:
    return [
        f"{pageweight.kind(load.path)} page over {pageweight.budget(load.path) / 1e6:.1f} MB: {load.describe()}"
        for load in loads
        if load.total > pageweight.budget(load.path)
    ]


# ------------------------------------------------------------------ the built book


@pytest.mark.build
@pytest.mark.browser
def test_every_page_keeps_to_its_byte_budget(built_book, browser):
    html, _ = built_book
    loads = pageweight.load_all(html, browser)
    assert len(loads) >= 10
    assert {pageweight.kind(load.path) for load in loads} == {"lab", "narrative"}
    problems = _over_budget(loads)
    problems += [
        f"{load.path}: blocked {load.blocked}, failed {load.failed}" for load in loads if load.blocked or load.failed
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.build
def test_the_whole_site_keeps_to_its_budget(built_book):
    html, _ = built_book
    total = pageweight.site_bytes(html)
    largest = sorted((p for p in html.rglob("*") if p.is_file()), key=lambda p: -p.stat().st_size)[:8]
    detail = ", ".join(f"{p.relative_to(html)} {p.stat().st_size / 1000:,.0f} KB" for p in largest)
    assert total <= pageweight.SITE_BUDGET, f"the site is {total / 1e6:.2f} MB; largest files: {detail}"


@pytest.mark.build
def test_every_trace_the_notebooks_draw_is_in_the_plotly_bundle(built_book):
    html, _ = built_book
    executed = sorted((html.parent / "jupyter_execute").rglob("*.ipynb"))
    assert executed, "no executed notebooks found"
    used = {path.relative_to(html.parent): trace_types(nbformat.read(path, as_version=4)) for path in executed}
    assert set().union(*used.values()) >= {"scatter", "bar"}
    bundle = sphinxext.bundle_trace_types()
    missing = {str(path): sorted(types - bundle) for path, types in used.items() if types - bundle}
    assert not missing, f"trace types the book's plotly.js bundle cannot draw: {missing}"


# ------------------------------------------------------------------ the checks can fail


def test_a_table_trace_is_caught(tmp_path):
    import plotly.graph_objects as go

    figure = go.Figure([go.Table(cells={"values": [[1]]}), go.Scatter(y=[1])]).to_plotly_json()
    figure["data"][1].pop("type")
    cell = nbformat.v4.new_code_cell(
        "fig", outputs=[nbformat.v4.new_output("display_data", data={PLOTLY_MIME: figure})]
    )
    assert trace_types(nbformat.v4.new_notebook(cells=[cell])) == {"table", "scatter"}
    assert "table" not in sphinxext.bundle_trace_types()


@pytest.mark.browser
def test_the_bundle_draws_what_its_readme_lists(browser):
    """The README list the trace test relies on is what the bundle really registers."""
    page = browser.new_page()
    page.add_script_tag(path=str(sphinxext.plotly_js_path()))
    registered = set(page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces)"))
    page.close()
    assert registered == sphinxext.bundle_trace_types()


@pytest.mark.browser
def test_the_weighing_counts_what_a_page_pulls_in(tmp_path, browser):
    """A page is charged for what its stylesheet and script fetch, and goes over budget."""
    (tmp_path / "heavy.js").write_text("var x = '" + "a" * 300_000 + "';\n")
    (tmp_path / "style.css").write_text("body { background: url(picture.png); }\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG" + b"\0" * 250_000)
    (tmp_path / "page.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="style.css">'
        "<script>const s = document.createElement('script'); s.src = 'heavy.js';"
        "document.head.append(s);</script></head><body><p>text</p></body></html>"
    )
    with pageweight.serve(tmp_path) as base:
        load = pageweight.load(browser, base, "page.html")
    assert set(load.files) == {"page.html", "style.css", "heavy.js", "picture.png"}
    assert load.total > pageweight.NARRATIVE_BUDGET
    assert _over_budget([load]) and not _over_budget([pageweight.PageLoad("x.html", {"x.html": 1000})])
