"""The pages as a reader uses them: navigating on a phone and on a desktop.

Each test drives the built book in headless Chromium (served on 127.0.0.1, every other
request blocked) the way a reader does: it taps what is visible, then checks that what
opened is really on screen and on top (``document.elementFromPoint`` at its centre), not
merely present in the DOM.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from test_browser import is_redirect_stub

ROOT = Path(__file__).resolve().parents[1]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}

# True when the element's centre is inside the viewport and the element (or one of its
# descendants) is what a tap there would hit.
ON_TOP = """el => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit !== null && (el === hit || el.contains(hit));
}"""


class PageVisit:
    """One page at a given viewport, the network cut off, errors recorded."""

    def __init__(self, browser, base: str, path: str, viewport: dict, dark: bool = False):  # noqa: F811
        self.errors: list[str] = []
        phone = viewport["width"] < 600
        self.context = browser.new_context(
            viewport=viewport,
            has_touch=phone,
            is_mobile=phone,
            color_scheme="dark" if dark else "light",
        )
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.route(
            "**/*",
            lambda r: r.continue_() if r.request.url.startswith((base, "data:")) else r.abort(),
        )
        self.page.goto(base + path, wait_until="load")
        self.page.wait_for_timeout(300)  # deferred theme scripts run just after "load"

    def close(self) -> None:
        self.context.close()


def _visit(browser, base: str, path: str, viewport: dict) -> PageVisit:  # noqa: F811
    return PageVisit(browser, base, path, viewport)


def _tappable(visit: PageVisit, selector: str):
    """The one element matching ``selector`` that a reader can see and tap."""
    candidates = visit.page.locator(selector)
    found = [
        candidates.nth(i)
        for i in range(candidates.count())
        if candidates.nth(i).is_visible() and candidates.nth(i).evaluate(ON_TOP)
    ]
    assert len(found) == 1, f"{len(found)} tappable elements match {selector!r} (expected one)"
    return found[0]


def _wait_on_top(visit: PageVisit, locator, what: str) -> None:
    for _ in range(20):
        if locator.is_visible() and locator.evaluate(ON_TOP):
            return
        visit.page.wait_for_timeout(100)
    raise AssertionError(f"{what} is not visible and on top after the tap")


SIDEBAR_LINK = "nav.bd-links a.reference.internal"


@pytest.mark.browser
def test_phone_menu_button_opens_the_chapter_list(site, browser):  # noqa: F811
    _, base = site
    visit = _visit(browser, base, "chapters/history/narrative.html", PHONE)
    try:
        chapter = visit.page.locator(SIDEBAR_LINK, has_text="Licensing").first
        assert not chapter.evaluate(ON_TOP), "the chapter list is open before any tap"
        _tappable(visit, ".primary-toggle").tap()
        _wait_on_top(visit, chapter, "the 'Licensing' chapter link in the primary sidebar")
        chapter.tap()
        visit.page.wait_for_url("**/chapters/licensing/narrative.html", timeout=5_000)
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.browser
def test_phone_contents_button_opens_the_page_contents(site, browser):  # noqa: F811
    _, base = site
    visit = _visit(browser, base, "chapters/history/narrative.html", PHONE)
    try:
        entry = visit.page.locator("nav.bd-toc-nav a.nav-link", has_text="Summary").first
        assert not entry.evaluate(ON_TOP), "the page contents are open before any tap"
        _tappable(visit, ".secondary-toggle").tap()
        _wait_on_top(visit, entry, "the 'Summary' entry of the page contents")
        entry.tap()
        visit.page.wait_for_url("**/narrative.html#summary", timeout=5_000)
        assert not visit.errors, visit.errors
    finally:
        visit.close()


@pytest.mark.browser
def test_desktop_menu_button_collapses_and_restores_the_sidebar(site, browser):  # noqa: F811
    _, base = site
    visit = _visit(browser, base, "chapters/history/narrative.html", DESKTOP)
    try:
        page = visit.page
        chapter = page.locator(SIDEBAR_LINK, has_text="Licensing").first
        article = page.locator("main#main-content")
        width_open = article.bounding_box()["width"]
        assert chapter.evaluate(ON_TOP), "the chapter list is not shown on a desktop"
        _tappable(visit, ".primary-toggle").click()
        page.wait_for_timeout(600)  # the theme animates the sidebar away
        assert not chapter.is_visible() or not chapter.evaluate(ON_TOP), "the sidebar did not collapse"
        assert article.bounding_box()["width"] > width_open + 150, "the text did not take the freed width"
        _tappable(visit, ".primary-toggle").click()
        _wait_on_top(visit, chapter, "the chapter list, restored")
        assert not visit.errors, visit.errors
    finally:
        visit.close()


# Everything that opens the search: the theme's search fields and search buttons.
SEARCH_CONTROLS = ".search-button-field, .search-button, form.bd-search"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1400px", "390px"])
@pytest.mark.parametrize("path", ["chapters/history/narrative.html", "search.html"])
def test_one_search_box_and_no_empty_header_band(site, browser, viewport, path):  # noqa: F811
    _, base = site
    visit = _visit(browser, base, path, viewport)
    try:
        page = visit.page
        controls = page.locator(SEARCH_CONTROLS)
        # search.html has its own search form in the article; it is not chrome.
        shown = [
            controls.nth(i)
            for i in range(controls.count())
            if controls.nth(i).is_visible()
            and not controls.nth(i).evaluate("el => !!el.closest('.bd-search-container, article')")
        ]
        assert len(shown) == 1, f"{path} at {viewport['width']} px shows {len(shown)} search boxes or buttons"
        # The first thing on the page must not be an empty band: whatever is at the top
        # left of the viewport, 20 px down, is the book's own navigation or content.
        band = page.evaluate(
            """() => {
                const header = document.querySelector('header.bd-header, .bd-header');
                if (!header) return 0;
                const r = header.getBoundingClientRect();
                return getComputedStyle(header).display === 'none' ? 0 : r.height;
            }"""
        )
        assert band == 0, f"{path} at {viewport['width']} px has a {band:.0f} px header band above the page"
    finally:
        visit.close()


# --- Prose typeset as math ---------------------------------------------------------------

MONEY = re.compile(r"^\s*\d[\d,.]*\s*(million|billion|thousand|an?|per|for|each|of)?\b", re.IGNORECASE)


def looks_like_prose(tex: str) -> bool:
    """True when the TeX of a math element is really prose between two dollar signs.

    Math has symbols, commands and one-letter names; prose has words. Command names
    (``\\frac``) and the contents of ``\\text{...}`` are ignored; what is left may not hold a
    run of three or more letters, and may not start like an amount ("2 an hour").
    """
    body = re.sub(r"\\(?:text|mathrm|mathit|mathbf|operatorname|mbox)\s*\{[^{}]*\}", " ", tex)
    body = re.sub(r"\\[A-Za-z]+", " ", body)
    return bool(re.search(r"[A-Za-z]{3,}", body)) or bool(MONEY.match(tex) and re.search(r"[A-Za-z]{2,}", body))


def test_the_prose_detector_tells_money_from_math():
    assert looks_like_prose("2 an hour, Llama 2's pretraining comes to about ")
    assert looks_like_prose("300') or upper_bound ('less than ")
    assert looks_like_prose('10 billion in OpenAI" is the same problem in a different form. ')
    assert not looks_like_prose(r"A^u_t = -\beta\, g_t + n\,(2d_t - 1) + a\,\theta")
    assert not looks_like_prose(r"s(A) = 1/(1+e^{-A})")
    assert not looks_like_prose(r"u_{t+1} = (1-\lambda)\,u_t + \lambda\, s(A^u_t)")
    assert not looks_like_prose(r"\text{break-even} = \frac{F}{p - c}")


def _math_tex(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for element in soup.select(".math"):
        maths = element.find_all("math")
        assert maths and all(m.has_attr("alttext") for m in maths), f"{page}: a math element without its TeX"
        found += [m["alttext"] for m in maths]
    return found


@pytest.mark.build
def test_no_prose_is_typeset_as_math(built_book):
    """Every math element of every page holds TeX, not a sentence between two amounts."""
    html, _ = built_book
    prose = []
    equations = 0
    for page in sorted(p for p in html.rglob("*.html") if "_static" not in p.parts):
        for tex in _math_tex(page):
            equations += 1
            if looks_like_prose(tex):
                prose.append(f"{page.relative_to(html)}: ${tex[:80]}$")
    assert not prose, "prose typeset as math (escape the dollar signs as \\$):\n" + "\n".join(prose)
    assert equations >= 3, "the strategy lab's model has equations; the scan found none"


def _markdown_sources() -> list[tuple[str, str]]:
    """(where, text) for every narrative, appendix page and lab markdown cell, code removed."""
    sources = []
    for path in sorted((ROOT / "chapters").rglob("*.md")):
        sources.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if cell.cell_type == "markdown":
                sources.append((f"{path.relative_to(ROOT)} cell {i}", cell.source))
    sources.append(("data/README.md", (ROOT / "data" / "README.md").read_text(encoding="utf-8")))
    cleaned = []
    for where, text in sources:
        text = re.sub(r"^(```|~~~).*?^\1", "", text, flags=re.M | re.S)  # fenced code
        text = re.sub(r"`[^`\n]*`", "", text)  # inline code
        cleaned.append((where, text))
    return cleaned


def test_no_unescaped_dollar_pairs_in_the_sources():
    """An amount is written \\$2; a pair of bare dollar signs must enclose math."""
    problems = []
    for where, text in _markdown_sources():
        text = text.replace("\\$", "")
        for match in re.finditer(r"\$\$(.+?)\$\$|\$([^$]+?)\$", text, flags=re.S):
            tex = match.group(1) or match.group(2)
            if looks_like_prose(tex):
                problems.append(f"{where}: ${tex.strip()[:70]}$")
    assert not problems, "unescaped dollar amounts (write \\$):\n" + "\n".join(problems)


# --- Tables ------------------------------------------------------------------------------

RAW_MISSING = re.compile(r"<td>(NaN|NaT|&lt;NA&gt;|None|nan)</td>")


@pytest.mark.build
def test_lab_tables_show_no_raw_missing_values(built_book):
    html, _ = built_book
    raw = {}
    for page in sorted(html.rglob("*.html")):
        found = RAW_MISSING.findall(page.read_text(encoding="utf-8"))
        if found:
            raw[str(page.relative_to(html))] = len(found)
    assert not raw, f"table cells showing NaN/NaT/<NA>/None (lc.setup() shows '—'): {raw}"


# --- Every page in the browser: accessibility, typeset math, dark figures, wide tables ----


def _all_pages(html: Path) -> list[str]:
    """Every page a reader sees: not the root's redirect stub (axe would race its refresh; the page
    it points to is checked in its own right)."""
    return sorted(
        str(p.relative_to(html)) for p in html.rglob("*.html") if "_static" not in p.parts and not is_redirect_stub(p)
    )


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_any_page(site, browser, mode):  # noqa: F811
    """axe-core 4 (WCAG 2 A/AA rules), carried by axe-playwright-python: no network."""
    from axe_playwright_python.sync_playwright import Axe

    html, base = site
    axe = Axe()
    report = []
    paths = _all_pages(html)
    viewport = DESKTOP if mode == "light" else PHONE
    for path in paths:
        visit = PageVisit(browser, base, path, viewport, dark=mode == "dark")
        try:
            visit.page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
            visit.page.wait_for_timeout(200)
            violations = axe.run(visit.page).response["violations"]
            for v in violations:
                if v["impact"] in ("serious", "critical"):
                    targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
                    report.append(f"{path}: {v['id']} ({v['impact']}) x{len(v['nodes'])}: {targets}")
        finally:
            visit.close()
    print(f"axe ({mode}, {viewport['width']} px): {len(paths)} pages, {len(report)} serious or critical")
    assert len(paths) >= 20
    assert not report, "\n".join(report)


FIGURE_COLOURS = """el => ({
    paper: el._fullLayout.paper_bgcolor,
    font: el._fullLayout.font.color,
    menus: (el._fullLayout.updatemenus || []).map(m => [m.bgcolor, m.font.color]),
    marks: el.data.flatMap(t => [t.line && t.line.color, t.marker && t.marker.color].flat())
      .filter(c => typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c)),
})"""


# The figure's drawn width against the room its output box leaves it, and that box's background.
FIGURE_BOX = """el => { const box = el.closest('.output');
  return {drawn: el.querySelector('.main-svg').getBoundingClientRect().width, room: box.clientWidth
            - parseFloat(getComputedStyle(box).paddingLeft) - parseFloat(getComputedStyle(box).paddingRight),
          behind: getComputedStyle(box).backgroundColor}; }"""


def _luminance(colour: str) -> float:
    named = {"white": 1.0, "black": 0.0}
    if colour.lower() in named:
        return named[colour.lower()]
    if colour.startswith("#") and len(colour) == 4:
        colour = "#" + "".join(c * 2 for c in colour[1:])
    if colour.startswith("#"):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (int(float(x)) for x in re.findall(r"[\d.]+", colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.mark.browser
def test_figures_follow_the_dark_mode_and_back(site, browser):  # noqa: F811
    html, base = site
    checked = 0
    for path in _all_pages(html):
        if "plotly-graph-div" not in (html / path).read_text(encoding="utf-8"):
            continue
        visit = PageVisit(browser, base, path, DESKTOP)
        try:
            page = visit.page
            figures = page.locator("div.plotly-graph-div")
            page.wait_for_function(
                "n => document.querySelectorAll('div.plotly-graph-div .main-svg').length >= n", arg=figures.count()
            )
            before = [figures.nth(i).evaluate(FIGURE_COLOURS)["marks"] for i in range(figures.count())]
            page.evaluate("document.documentElement.dataset.theme = 'dark'")
            page.wait_for_timeout(300)
            for i in range(figures.count()):
                dark = figures.nth(i).evaluate(FIGURE_COLOURS)
                where = f"{path} figure {i + 1}"
                assert _luminance(dark["paper"]) < 0.2, f"{where}: paper {dark['paper']} in dark mode"
                assert _luminance(dark["font"]) > 0.6, f"{where}: text {dark['font']} in dark mode"
                for bg, fg in dark["menus"]:
                    assert abs(_luminance(bg) - _luminance(fg)) > 0.4, f"{where}: menu {fg} on {bg}"
                black = [c for c in dark["marks"] if _luminance(c) < 0.15]
                assert not black, f"{where}: lines or marks {black} vanish on the dark background"
                box = figures.nth(i).evaluate(FIGURE_BOX)
                assert box["drawn"] <= box["room"] + 1, f"{where}: drawn {box['drawn']} px wide in {box['room']} px"
                assert box["behind"] == "rgba(0, 0, 0, 0)", f"{where}: the box behind it is painted {box['behind']}"
            page.evaluate("document.documentElement.dataset.theme = 'light'")
            page.wait_for_timeout(300)
            for i in range(figures.count()):
                light = figures.nth(i).evaluate(FIGURE_COLOURS)
                assert _luminance(light["paper"]) > 0.9, f"{path} figure {i + 1}: not restored in light mode"
                assert light["marks"] == before[i], f"{path} figure {i + 1}: trace colours not restored"
                checked += 1
            assert not visit.errors, visit.errors
        finally:
            visit.close()
    assert checked >= 10


@pytest.mark.browser
def test_wide_tables_scroll_inside_the_column_with_a_cue_on_a_phone(site, browser):  # noqa: F811
    html, base = site
    wide_seen = 0
    for path in _all_pages(html):
        if "<table" not in (html / path).read_text(encoding="utf-8"):
            continue
        visit = PageVisit(browser, base, path, PHONE)
        try:
            page = visit.page
            overflow = page.evaluate("() => document.scrollingElement.scrollWidth - innerWidth")
            assert overflow <= 1, f"{path}: the page itself scrolls sideways by {overflow} px at 390 px"
            boxes = page.locator(".lc-wide")
            for i in range(boxes.count()):
                box = boxes.nth(i)
                assert box.evaluate("el => el.scrollWidth > el.clientWidth"), f"{path}: marked wide but fits"
                cue = box.evaluate("el => el.previousElementSibling && el.previousElementSibling.textContent")
                assert cue and "scroll" in cue, f"{path}: wide table {i + 1} has no cue"
                box.scroll_into_view_if_needed()
                before = box.evaluate("el => el.scrollLeft")
                box.focus()
                page.keyboard.press("ArrowRight")
                page.wait_for_timeout(100)
                assert box.evaluate("el => el.scrollLeft") > before, f"{path}: wide table {i + 1} does not scroll"
                wide_seen += 1
        finally:
            visit.close()
    assert wide_seen >= 1, "no wide table found at 390 px (the licensing lab has some)"


# --- The printable edition -------------------------------------------------------------


@pytest.mark.browser
def test_the_printable_edition_has_every_chapter(site, browser, tmp_path):  # noqa: F811
    """`make pdf` prints the whole book; every chapter's title is in the PDF's text."""
    import importlib.util

    from pypdf import PdfReader

    html, _ = site
    spec = importlib.util.spec_from_file_location("pdf_script", ROOT / "scripts" / "pdf.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    out, pages = script.make_pdf(html, tmp_path / "book.pdf", browser)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(str(out)).pages))
    titles = []
    for path in script.reading_order(html):
        soup = BeautifulSoup((html / path).read_text(encoding="utf-8"), "html.parser")
        heading = soup.select_one("article h1")
        if heading is not None:
            titles.append(re.sub(r"\s+", " ", heading.get_text(" ", strip=True)).rstrip("#").strip())
    missing = [t for t in titles if t[:40] not in text]
    print(f"printable edition: {pages} pages, {len(titles)} chapter and lab titles")
    assert len(titles) >= 20
    assert not missing, f"titles not found in the PDF text: {missing}"
    assert pages >= len(titles)
