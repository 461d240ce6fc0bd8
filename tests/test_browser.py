"""Every page of the built book in a real headless Chromium, with no network.

The book is served on 127.0.0.1; every request to any other host is blocked and
recorded. On each page every plotly figure must be drawn (its ``.main-svg`` exists) and
the console must stay free of errors.

Chromium is Debian's package (``apt-get install -y chromium``) driven by Playwright; the
``site`` and ``browser`` fixtures (one of each per test session, shared by every browser
test) are in ``conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from llmcourse import pageweight

pytestmark = pytest.mark.browser


class PageVisit:
    """Open one page with the network cut off, recording errors and blocked requests."""

    def __init__(self, browser, base: str, path: str):
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on(
            "requestfailed",
            lambda r: r.url not in self.blocked and self.errors.append(f"request failed: {r.url}"),
        )
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"HTTP {r.status}: {r.url}"))

        pageweight.block_outside(self.page, base, self.blocked)
        self.page.goto(base + path, wait_until="load")
        # Deferred theme scripts and the search index run just after "load": let them finish.
        self.page.wait_for_timeout(300)

    def close(self) -> None:
        self.context.close()


def page_paths(html: Path) -> list[str]:
    """Every page of a built edition, as site paths (the theme's templates under _static left out)."""
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts)


def is_redirect_stub(page: Path) -> bool:
    """The root's redirect stub: a page that sends the reader on at once (a check that reads the
    page races its refresh; the page it points to is checked in its own right)."""
    return page.read_text(encoding="utf-8").startswith('<meta http-equiv="Refresh"')


#: Drawn but not seen: a bar trace whose pattern paints only the plot's background colour on a
#: transparent ground (plotly's default pattern fillmode "replace" drops marker.color), or whose
#: bars point to a pattern that is not in the page.
INVISIBLE_MARKS = """() => {
    const problems = [];
    const blank = c => /^(white|#fff|#ffffff|rgb\\(255, 255, 255\\)|transparent|rgba\\(0, 0, 0, 0\\))$/i.test(String(c).trim());
    document.querySelectorAll('div.plotly-graph-div').forEach((gd, i) => {
        (gd._fullData || []).forEach(t => {
            const p = t.marker && t.marker.pattern;
            if (t.type !== 'bar' || t.visible !== true || !p || !p.shape) return;
            const ground = p.fillmode === 'overlay' ? t.marker.color : p.bgcolor;
            if ((blank(p.fgcolor) || p.fgcolor === gd._fullLayout.plot_bgcolor) && (!ground || blank(ground)))
                problems.push(`figure ${i + 1}: the bars of "${t.name}" are drawn in the background colour`);
        });
        gd.querySelectorAll('path').forEach(el => {
            const m = (el.style.fill || '').match(/url\\("?#([^"')]+)/);
            if (m && !document.getElementById(m[1]))
                problems.push(`figure ${i + 1}: a mark is filled with a missing pattern #${m[1]}`);
        });
    });
    return [...new Set(problems)];
}"""


def check_page(visit: PageVisit, path: str) -> tuple[list[str], int]:
    """What is wrong with an opened page (figures not drawn, console errors, requests
    outside the site) and how many figures it has."""
    failures = []
    graphs = visit.page.locator("div.plotly-graph-div")
    count = graphs.count()
    if count:
        try:
            visit.page.wait_for_function(
                "n => document.querySelectorAll('div.plotly-graph-div .main-svg').length >= n",
                arg=count,
                timeout=10_000,
            )
        except PlaywrightTimeout:
            pass  # reported figure by figure below
    for i in range(count):
        if graphs.nth(i).locator(".main-svg").count() == 0:
            failures.append(f"{path}: figure {i + 1} of {count} was not drawn")
    failures += [f"{path}: {problem}" for problem in visit.page.evaluate(INVISIBLE_MARKS)]
    failures += [f"{path}: {e}" for e in visit.errors]
    failures += [f"{path}: blocked request to {u}" for u in visit.blocked]
    return failures, count


def check_pages(browser, base: str, paths: list[str]) -> tuple[list[str], int]:
    """:func:`check_page` on every path: all failures, and the number of figures seen."""
    failures: list[str] = []
    figures_seen = 0
    for path in paths:
        visit = PageVisit(browser, base, path)
        try:
            found, count = check_page(visit, path)
        finally:
            visit.close()
        failures += found
        figures_seen += count
    return failures, figures_seen


def test_every_page_draws_its_figures_with_a_clean_console(site, browser):
    html, base = site
    paths = page_paths(html)
    assert len(paths) >= 5
    failures, figures_seen = check_pages(browser, base, paths)
    assert not failures, "\n".join(failures)
    assert figures_seen >= 2


def test_in_figure_menu_filters_the_timeline_without_a_kernel(site, browser):
    """The static twin of the live widgets really works: pick an access type in the menu."""
    _, base = site
    visit = PageVisit(browser, base, "chapters/history/lab.html")
    try:
        figure = visit.page.locator("div.plotly-graph-div").first
        figure.scroll_into_view_if_needed()
        visit.page.wait_for_function("() => document.querySelector('div.plotly-graph-div .main-svg')")

        def shown_traces() -> int:
            return figure.evaluate("el => el.data.filter(t => t.visible !== false).length")

        before = shown_traces()
        figure.locator("g.updatemenu-header-group").click()
        figure.locator("g.updatemenu-dropdown-button", has_text="Open weights").click()
        visit.page.wait_for_function(
            "el => el.data.filter(t => t.visible !== false).length < el.data.length",
            arg=figure.element_handle(),
        )
        after = shown_traces()
        names = figure.evaluate("el => el.data.filter(t => t.visible !== false).map(t => t.name)")
        assert before == 4 and after == 1 and names == ["Open weights"]
        assert not visit.errors, visit.errors
    finally:
        visit.close()


def test_a_copy_of_the_site_works_from_disk(site, browser):
    """Opened as file://, with no server at all, the figures still draw."""
    html, _ = site
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((html / "chapters" / "history" / "lab.html").as_uri(), wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('div.plotly-graph-div .main-svg').length >= 2")
        assert not errors, errors
    finally:
        context.close()


def test_equations_are_typeset_offline(tiny_book, browser):
    """Equations (MathML written at build time) are drawn from disk with no script at all."""
    from llmcourse import build as book

    source = tiny_book("1 + 1", page_text="# Home\n\n$$\n\\boldsymbol{s}_t = \\frac{a}{a+b}\n$$\n")
    assert book.build(source, capture=True).returncode == 0
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    try:
        page.goto((source / "_build" / "html" / "index.html").as_uri(), wait_until="load")
        fraction = page.locator("div.math math mfrac").bounding_box()
        symbol = page.locator("div.math math mi").first.bounding_box()
        # Laid out as mathematics: the fraction stands taller than a letter beside it.
        assert fraction and symbol and fraction["height"] > 1.5 * symbol["height"]
    finally:
        context.close()
