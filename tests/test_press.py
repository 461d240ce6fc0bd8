"""The press chapter: the helpers answer plainly, and the quiz works as static HTML (and, in a real
browser, shows feedback without a kernel). The claims data's own promises are in tests/test_data.py."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

import llmcourse as lc
from llmcourse import press


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return lc.load("press_claims")


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return lc.load("press_articles")


# --------------------------------------------------------------------------- the data


def test_article_labels_say_when_there_is_no_headline_or_date(articles):
    label = press.article_labels(articles)["landed-yesterday"]
    assert "Untitled" in label and "undated" in label


def test_verdicts_and_topics_come_from_the_schema():
    assert press.VERDICT_LABELS == lc.labels("press_claims", "verdict")
    assert press.VERDICTS[0] == "accurate" and press.VERDICTS[-1] == "opinion"


# --------------------------------------------------------------------------- quiz


def test_default_quiz_covers_every_verdict(claims, articles):
    questions = press.quiz_questions(claims, articles, n=8)
    assert len(questions) == 8
    assert {q.answer for q in questions} == set(press.VERDICTS)
    assert questions == press.quiz_questions(claims, articles, n=8), "deterministic"


def test_quiz_questions_follow_the_data(claims):
    q = press.quiz_questions(claims, ids=["c31"])[0]
    row = claims.set_index("id").loc["c31"]
    assert (q.quote, q.answer, q.source_url) == (row.quote, row.verdict, row.source_url)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"ids": []}, "at least one"),
        ({"ids": ["c999"]}, "no claim with id"),
        ({"ids": ["c01", "c01"]}, "only once"),
        ({"n": 0}, "between 1 and"),
        ({"n": 10_000}, "between 1 and"),
        ({"n": "five"}, "whole number"),
    ],
)
def test_quiz_refuses_plainly(claims, kwargs, message):
    with pytest.raises(ValueError, match=message):
        press.quiz_questions(claims, **kwargs)


def test_check_answer(claims):
    q = press.quiz_questions(claims, ids=["c36"])[0]  # "daily active users": inaccurate
    right = press.check_answer(q, "inaccurate")
    wrong = press.check_answer(q, "accurate")
    assert right.correct and right.message.startswith("Yes")
    assert not wrong.correct and "the course's verdict is inaccurate" in wrong.message
    assert q.source_url in wrong.message
    with pytest.raises(ValueError, match="not a verdict"):
        press.check_answer(q, "Accurate")


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_quiz_html_is_static_and_complete(claims, articles):
    questions = press.quiz_questions(claims, articles, ids=["c01", "c31", "c34"])
    markup = press.quiz_html(questions)
    parser = _Collect()
    parser.feed(markup)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags, "no script: the quiz works on CSS alone"
    assert not any(a.get("src") for _, a in parser.tags), "nothing loaded"
    radios = [a for t, a in parser.tags if t == "input"]
    assert len(radios) == 3 * len(press.VERDICTS)
    for q in questions:
        group = [a for a in radios if a["name"] == f"pq-{q.claim_id}"]
        assert [a["value"] for a in group] == list(press.VERDICTS)
        assert [a["value"] for a in group if "pq-right" in a["class"]] == [q.answer]
        labels = [a for t, a in parser.tags if t == "label" and a["for"].startswith(f"pq-{q.claim_id}-")]
        assert len(labels) == len(press.VERDICTS)
    assert markup.count('class="pq-fb pq-fb-right"') == 3 and markup.count('class="pq-fb pq-explain"') == 3
    assert "input.pq-right:checked~.pq-fb-right" in markup


def test_quiz_html_escapes_text(claims):
    q = press.quiz_questions(claims, ids=["c01"])[0]
    from dataclasses import replace

    markup = press.quiz_html([replace(q, quote="<script>alert(1)</script>")], title="A & B")
    assert "<script>alert" not in markup and "&lt;script&gt;" in markup and "A &amp; B" in markup
    with pytest.raises(ValueError):
        press.quiz_html([])


# --------------------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_answering_shows_feedback_in_the_static_book(built_book, browser):
    """In the built page, with no kernel and no network: a wrong answer shows 'Not quite',
    a right one shows 'Yes', and both show the source."""
    html, _ = built_book
    page_path = html / "chapters" / "press" / "lab.html"
    assert page_path.exists()
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.as_uri(), wait_until="load")
        question = page.locator(".press-quiz .pq-question").first
        question.scroll_into_view_if_needed()
        assert not question.locator(".pq-explain").is_visible(), "no answer shown before choosing"
        wrong = question.locator("input.pq-wrong").first.get_attribute("id")
        question.locator(f"label[for='{wrong}']").click()  # readers click the label
        assert question.locator(f"#{wrong}").is_checked()
        assert question.locator(".pq-fb-wrong").is_visible()
        assert not question.locator(".pq-fb-right").is_visible()
        assert question.locator(".pq-explain").is_visible()
        assert "Source:" in question.locator(".pq-explain").inner_text()
        right = question.locator("input.pq-right").get_attribute("id")
        question.locator(f"label[for='{right}']").click()
        assert question.locator(".pq-fb-right").is_visible()
        assert not question.locator(".pq-fb-wrong").is_visible()
        assert not errors, errors
    finally:
        context.close()
