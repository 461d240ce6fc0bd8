"""The pages as a reader uses them: navigating on a phone and on a desktop.

Each test drives the built book in headless Chromium (served on 127.0.0.1, every other
request blocked) the way a reader does: it taps what is visible, then checks that what
opened is really on screen and on top (``document.elementFromPoint`` at its centre), not
merely present in the DOM.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

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
