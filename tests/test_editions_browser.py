"""The student and instructor editions as a student and a teacher meet them: in headless
Chromium, served on 127.0.0.1 with every other host blocked.

Per edition, every page loads with a clean console and draws every figure (the checks of
``test_browser.py``), and a quiz question answers by keyboard. The student edition shows
no solution on any page, links to no instructor page and has no instructor part in its
navigation; the instructor edition shows every solution without a click, and each page
of its instructor part is reached by clicking through the navigation from the front page.

The editions are the builds of ``test_editions.py`` (one each per session, sharing the
notebook cache with the reader build), so this file adds page visits, not builds.
"""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from test_browser import PageVisit, check_page, is_redirect_stub, page_paths
from test_editions import INSTRUCTOR_PAGES, SOLUTIONS, _plain
from test_quiz import NARRATIVES
from test_quiz_browser import answer_by_keyboard, first_question

pytestmark = [pytest.mark.browser, pytest.mark.build]

FRONT = "chapters/index.html"


def _visible_text(visit: PageVisit) -> str:
    """The text a reader sees: innerText leaves out what is hidden, such as a folded dropdown."""
    return _plain(visit.page.evaluate("document.body.innerText"))


def _student_failures(visit: PageVisit, path: str, base: str) -> list[str]:
    failures = []
    page = visit.page
    if page.locator(".solution").count():
        failures.append(f"{path}: has a solution block")
    text = _visible_text(visit)
    failures += [
        f"{path}: shows the solution of {label}" for p, label, probe in SOLUTIONS if p == path and probe in text
    ]
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    failures += [f"{path}: links to {h}" for h in hrefs if h.startswith(urljoin(base, "chapters/instructor/"))]
    captions = page.locator("nav.bd-docs-nav .caption-text").all_inner_texts()
    if not captions:
        failures.append(f"{path}: no navigation found")
    failures += [f"{path}: navigation has the part {c!r}" for c in captions if "instructor" in c.lower()]
    return failures


def _instructor_failures(visit: PageVisit, path: str, base: str) -> list[str]:
    failures = []
    expected = [(label, probe) for p, label, probe in SOLUTIONS if p == path]
    if not expected:
        return failures
    blocks = visit.page.locator("div.solution")
    if blocks.count() != len(expected):
        failures.append(f"{path}: {blocks.count()} solution blocks for {len(expected)} solutions")
    failures += [
        f"{path}: solution {i + 1} is not visible" for i in range(blocks.count()) if not blocks.nth(i).is_visible()
    ]
    text = _visible_text(visit)
    failures += [f"{path}: the solution of {label} is not shown" for label, probe in expected if probe not in text]
    return failures


EXTRA_CHECKS = {"student": _student_failures, "instructor": _instructor_failures}


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_every_page_of_the_edition_as_its_reader_sees_it(edition_site, browser, edition):
    html, base = edition_site(edition)
    paths = page_paths(html)
    assert FRONT in paths and len(paths) >= 20
    failures: list[str] = []
    figures = 0
    for path in paths:
        visit = PageVisit(browser, base, path)
        try:
            found, count = check_page(visit, path)
            failures += found
            if not is_redirect_stub(html / path):  # the stub has no text of its own; its target is visited
                failures += EXTRA_CHECKS[edition](visit, path, base)
            figures += count
        finally:
            visit.close()
    assert not failures, "\n".join(failures)
    assert figures >= 2 * len(NARRATIVES), "every lab draws figures"


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_the_edition_quiz_answers_by_keyboard(edition_site, browser, edition):
    _, base = edition_site(edition)
    chapter = NARRATIVES[0].parent
    item_id, options = first_question(chapter)
    visit = PageVisit(browser, base, f"chapters/{chapter.name}/narrative.html")
    try:
        answer_by_keyboard(visit, item_id, options)
    finally:
        visit.close()


def test_instructor_pages_are_reached_through_the_navigation(edition_site, browser):
    """From the front page, a teacher clicks each instructor page in the sidebar and lands on it."""
    _, base = edition_site("instructor")
    visit = PageVisit(browser, base, FRONT)
    try:
        page = visit.page
        nav = page.locator("nav.bd-docs-nav")
        assert "For instructors" in nav.locator(".caption-text").all_inner_texts()
        for entry in INSTRUCTOR_PAGES:
            target = urljoin(base, f"{entry}.html")
            page.goto(base + FRONT, wait_until="load")
            links = [a for a in nav.locator("a[href]").all() if a.evaluate("a => a.href") == target]
            assert links, f"{entry}: not in the navigation of the front page"
            link = links[0]
            if not link.is_visible():  # a guide sits in the folded section of the instructor part
                link.locator("xpath=ancestor::details[1]/summary").locator(".toctree-toggle").click()
            assert link.is_visible(), f"{entry}: its navigation link cannot be shown"
            link.click()
            page.wait_for_url(target)
            heading = page.locator("main h1").first.inner_text()
            assert heading.strip(), f"{entry}: the page has no title"
        assert not visit.errors, visit.errors
        assert not visit.blocked, visit.blocked
    finally:
        visit.close()
