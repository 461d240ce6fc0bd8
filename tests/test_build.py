"""The built book: strict, offline, with every figure present as rendered output."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from llmcourse import build as book
from llmcourse.sphinxext import PLOTLY_JS, plotly_js_path

ROOT = book.ROOT
PAGE_BUDGET = 300_000  # bytes of HTML per page

pytestmark = pytest.mark.build


def _pages(html: Path) -> list[Path]:
    return sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _executed_figures(html: Path, page: Path) -> int:
    """Number of plotly figures in the executed notebook behind a page (0 if not a notebook)."""
    rel = page.relative_to(html).with_suffix(".ipynb")
    executed = html.parent / "jupyter_execute" / rel
    if not executed.exists():
        return 0
    nb = nbformat.read(executed, as_version=4)
    return sum(
        1
        for cell in nb.cells
        if cell.cell_type == "code" and "remove-output" not in cell.metadata.get("tags", [])
        for out in cell.get("outputs", [])
        if "application/vnd.plotly.v1+json" in out.get("data", {})
    )


def test_build_is_clean(built_book):
    html, log = built_book
    assert (html / "index.html").exists()
    assert "skipping unknown output mime type" not in log
    assert "WARNING: " not in log.replace("[IPKernelApp] WARNING", ""), "the strict build must have no warnings"


def test_every_notebook_figure_is_on_its_page(built_book):
    html, _ = built_book
    checked = 0
    for page in _pages(html):
        expected = _executed_figures(html, page)
        drawn = len(_soup(page).select("div.plotly-graph-div"))
        assert drawn == expected, f"{page.relative_to(html)}: {expected} figures executed, {drawn} on the page"
        checked += expected
    assert checked >= 2, "the pilot lab alone has two figures"


def test_nothing_is_loaded_from_outside_the_site(built_book):
    html, _ = built_book
    for page in _pages(html):
        soup = _soup(page)
        urls = [tag.get("src") for tag in soup.find_all(["script", "img", "iframe"]) if tag.get("src")]
        urls += [
            link.get("href")
            for link in soup.find_all("link")
            if set(link.get("rel", [])) & {"stylesheet", "preload", "modulepreload", "prefetch"}
        ]
        external = [u for u in urls if u.startswith(("http:", "https:", "//"))]
        assert not external, f"{page.relative_to(html)} loads {external}"
        text = str(soup)
        for needle in (
            "THEBE_JS_URL",
            "require.min.js",
            "tex-chtml",
            "tex-mml",
            "widget-state+json",
            "unpkg.com",
            "jsdelivr",
            "cdnjs",
        ):
            assert needle not in text, f"{page.relative_to(html)} contains {needle!r}"


def test_plotly_js_is_served_once_and_only_where_needed(built_book):
    html, _ = built_book
    served = html / "_static" / PLOTLY_JS
    assert served.read_bytes() == plotly_js_path().read_bytes()
    copies = [p for p in html.rglob("*.js") if p.stat().st_size > 1_000_000 and b"plotly.js" in p.read_bytes()[:4096]]
    assert copies == [served], f"exactly one copy of plotly.js: {copies}"
    for page in _pages(html):
        soup = _soup(page)
        loads = [s["src"] for s in soup.find_all("script", src=True) if PLOTLY_JS in s["src"]]
        has_figures = bool(soup.select("div.plotly-graph-div"))
        assert len(loads) == (1 if has_figures else 0), f"{page.relative_to(html)}: {loads}"


def test_no_page_waits_for_plotly_js_before_showing_its_text(built_book):
    """plotly.js (1.5 MB) is deferred, so a lab's text is parsed and painted while it loads;
    each figure's script waits for it as a deferred (module) script, in page order."""
    html, _ = built_book
    labs = [page for page in _pages(html) if page.name == "lab.html"]
    assert labs
    for page in labs:
        soup = _soup(page)
        plotly = [s for s in soup.find_all("script", src=True) if PLOTLY_JS in s["src"]]
        assert plotly and all(s.has_attr("defer") for s in plotly), f"{page.relative_to(html)}: {plotly}"
        drawing = [s for s in soup.find_all("script", src=False) if "Plotly.newPlot" in s.get_text()]
        assert len(drawing) == len(soup.select("div.plotly-graph-div")), page.relative_to(html)
        blocking = [s.get_text()[:80] for s in drawing if s.get("type") != "module"]
        assert not blocking, f"{page.relative_to(html)}: figure scripts that run before plotly.js: {blocking}"


def test_pages_stay_within_budget(built_book):
    html, _ = built_book
    for page in _pages(html):
        assert page.stat().st_size < PAGE_BUDGET, f"{page.relative_to(html)} is {page.stat().st_size} bytes"


def test_no_dead_widgets_in_the_book(built_book):
    html, _ = built_book
    for page in _pages(html):
        text = page.read_text(encoding="utf-8")
        assert "jupyter-widgets" not in text and "widget-view+json" not in text, page


def test_solutions_are_hidden_by_default(built_book):
    html, _ = built_book
    for page in _pages(html):
        for solution in _soup(page).select("div.solution"):
            assert "dropdown" in solution.get("class", []), f"{page.relative_to(html)}: solution shown open"


# --------------------------------------------------------------------------- strictness


def test_a_cell_that_raises_fails_the_build(tiny_book):
    source = tiny_book("raise ValueError('deliberately broken cell')")
    result = book.build(source, capture=True)
    log = result.stdout + result.stderr
    assert result.returncode != 0, "a raising cell must fail the build"
    assert "deliberately broken cell" in log


def test_a_broken_reference_fails_the_build(tiny_book):
    source = tiny_book("1 + 1", page_text="# Home\n\nSee {doc}`no-such-page`.\n")
    result = book.build(source, capture=True)
    log = result.stdout + result.stderr
    assert result.returncode != 0, "an unresolved reference must fail the build"
    assert "no-such-page" in log


def test_the_toc_matches_the_pages(built_book):
    html, _ = built_book
    pages = {str(p.relative_to(html)) for p in _pages(html)}
    for expected in ("chapters/history/narrative.html", "chapters/history/lab.html", "chapters/index.html"):
        assert expected in pages


MATH_PAGE = "# Home\n\nInline $s_t = \\frac{a}{a+b}$ and display:\n\n$$\n\\boldsymbol{u}_{t+1} = \\sum_i w_i\n$$\n"


def test_equations_are_typeset_at_build_time(tiny_book):
    """Equations arrive as MathML in the page: no MathJax, no script, nothing to fetch."""
    source = tiny_book("1 + 1", page_text=MATH_PAGE)
    result = book.build(source, capture=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = source / "_build" / "html"
    soup = _soup(html / "index.html")
    maths = soup.select("span.math > math, div.math > math")
    assert [m.get("display") for m in maths] == ["inline", "block"]
    assert maths[0].find("mfrac") is not None and "\u2211" in maths[1].get_text()
    # typeset, not raw TeX: the TeX survives only as the alttext that screen readers may read
    assert "\\frac" not in maths[0].get_text() and maths[0].get("alttext") == "s_t = \\frac{a}{a+b}"
    assert not [s for s in soup.find_all("script") if "mathjax" in (s.get("src", "") + s.get_text()).lower()]
    assert not list(html.rglob("*mathjax*")) and not list(html.rglob("tex-*.js"))
