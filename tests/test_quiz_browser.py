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


def answer_by_keyboard(visit: PageVisit, item_id: str, options: list[tuple[bool, str]]) -> None:
    """Answer the quiz question ``item_id`` on an opened page by keyboard alone, choosing
    every option in turn; ``options`` are the question's (correct, feedback) in order."""
    page = visit.page
    item = page.locator(f"#{item_id}")
    assert item.count() == 1, f"the quiz question {item_id} is on the page"
    live = item.locator('[aria-live="polite"]')
    assert live.inner_text().strip() == "", "no feedback before an answer"

    # Keyboard only: focus the element just before the quiz, then Tab into the radio group.
    page.evaluate(
        "id => { const el = document.getElementById(id); el.scrollIntoView();"
        " const probe = document.createElement('button'); probe.id = 'probe';"
        " el.before(probe); probe.focus(); }",
        item_id,
    )
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"{item_id}-a", focused
    page.keyboard.press("Space")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "the focused radio shows a focus ring"

    for k, (correct, feedback) in enumerate(options):
        if k:
            page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.checked"), "arrow keys choose the option"
        shown = [p for p in live.locator("p").all() if p.is_visible()]
        assert len(shown) == 1, "exactly the chosen option's feedback is visible"
        text = shown[0].inner_text()
        word = "Correct." if correct else "Not quite."
        assert word in text, f"{word!r} in words, not only by colour: {text!r}"
        assert re.sub(r"[*`]", "", feedback)[:30] in text
        # The live region's accessible text is what a screen reader reads out.
        snapshot = live.aria_snapshot()
        assert word in snapshot and "status" in snapshot
    assert not visit.errors, visit.errors
    assert not visit.blocked, f"requests outside the site: {visit.blocked}"


def first_question(chapter_dir) -> tuple[str, list[tuple[bool, str]]]:
    """The element id and the (correct, feedback) options of a chapter's first quiz question."""
    first = quiz.load(chapter_dir / "quiz.yml").questions[0]
    return f"quiz-{chapter_dir.name}-{first.id}", [(o.correct, o.feedback) for o in first.options]


@pytest.mark.parametrize("path", NARRATIVES, ids=lambda p: p.parent.name)
def test_quiz_answers_by_keyboard_and_announces_feedback(site, browser, path):
    _, base = site
    item_id, options = first_question(path.parent)
    visit = PageVisit(browser, base, f"chapters/{path.parent.name}/narrative.html")
    try:
        answer_by_keyboard(visit, item_id, options)
    finally:
        visit.close()


def test_press_lab_verdict_quiz_answers_by_keyboard(site, browser):
    """The lab's verdict quiz (made from the claims table, drawn by the same renderer)
    answers by keyboard; its right option is the table's verdict."""
    import llmcourse as lc
    from llmcourse import press

    _, base = site
    visit = PageVisit(browser, base, "chapters/press/lab.html")
    try:
        first = visit.page.locator("li.lc-quiz-q").first.get_attribute("id")
        claim = lc.load("press_claims").set_index("id").loc[first.removeprefix("quiz-press-")]
        options = [
            (True, claim.finding) if verdict == claim.verdict else (False, "The course's verdict is")
            for verdict in press.VERDICTS
        ]
        answer_by_keyboard(visit, first, options)
    finally:
        visit.close()
