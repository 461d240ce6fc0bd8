"""The self-check quizzes in a real browser, by keyboard, with no network.

For every chapter: Tab reaches the first question's radios, the arrow keys choose an
option, the feedback for exactly that option becomes visible inside the question's
aria-live region (so a screen reader announces it), it says "Correct" or "Not quite" in
words (not only by colour), and the focused radio has a visible focus ring.
"""

from __future__ import annotations

import re

import pytest
from test_browser import PageVisit
from test_quiz import NARRATIVES

from llmcourse import quiz

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", NARRATIVES, ids=lambda p: p.parent.name)
def test_quiz_answers_by_keyboard_and_announces_feedback(site, browser, path):  # noqa: F811
    html, base = site
    chapter = path.parent.name
    first = quiz.load(path.parent / "quiz.yml").questions[0]
    visit = PageVisit(browser, base, f"chapters/{chapter}/narrative.html")
    try:
        page = visit.page
        item = page.locator(f"#quiz-{chapter}-{first.id}")
        assert item.count() == 1, "the quiz is on the page"
        live = item.locator('[aria-live="polite"]')
        assert live.inner_text().strip() == "", "no feedback before an answer"

        # Keyboard only: focus the element just before the quiz, then Tab into the radio group.
        page.evaluate(
            "id => { const el = document.getElementById(id); el.scrollIntoView();"
            " const probe = document.createElement('button'); probe.id = 'probe';"
            " el.before(probe); probe.focus(); }",
            f"quiz-{chapter}-{first.id}",
        )
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        assert focused == f"quiz-{chapter}-{first.id}-a", focused
        page.keyboard.press("Space")
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), "the focused radio shows a focus ring"

        for k, option in enumerate(first.options):
            if k:
                page.keyboard.press("ArrowDown")
            assert page.evaluate("document.activeElement.checked"), "arrow keys choose the option"
            shown = [p for p in live.locator("p").all() if p.is_visible()]
            assert len(shown) == 1, "exactly the chosen option's feedback is visible"
            text = shown[0].inner_text()
            word = "Correct." if option.correct else "Not quite."
            assert word in text, f"{word!r} in words, not only by colour: {text!r}"
            assert re.sub(r"[*`]", "", option.feedback)[:30] in text
            # The live region's accessible text is what a screen reader reads out.
            snapshot = live.aria_snapshot()
            assert word in snapshot and "status" in snapshot
        assert not visit.errors, visit.errors
        assert not visit.blocked, f"requests outside the site: {visit.blocked}"
    finally:
        visit.close()
