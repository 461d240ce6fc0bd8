"""The press chapter: the helpers answer plainly, and the lab's verdict quiz asks for the
table's verdicts (its keyboard test is in ``test_quiz_browser.py``, with the chapters'
quizzes). The claims data's own promises are in tests/test_data.py."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import llmcourse as lc
from llmcourse import press

# --------------------------------------------------------------------------- the data


def test_article_labels_say_when_there_is_no_headline_or_date(articles):
    label = press.article_labels(articles)["landed-yesterday"]
    assert "Untitled" in label and "undated" in label


def test_verdicts_and_topics_come_from_the_schema():
    assert press.VERDICT_LABELS == lc.labels("press_claims", "verdict")
    assert press.VERDICTS[0] == "accurate" and press.VERDICTS[-1] == "opinion"


# --------------------------------------------------------------------------- the lab's quiz


@pytest.mark.build
def test_the_lab_quiz_asks_for_the_tables_verdicts(built_book, claims):
    """The verdict quiz in the built lab: one question per chosen claim, tagged with the
    chapter's objective 2, every verdict an option, and the option marked right (the one
    whose feedback says "Correct.") is the claims table's verdict; no script anywhere."""
    html, _ = built_book
    soup = BeautifulSoup((html / "chapters" / "press" / "lab.html").read_text(encoding="utf-8"), "html.parser")
    block = soup.select_one("div.lc-quiz")
    assert block is not None, "the quiz is drawn by llmcourse.quiz"
    assert not block.find_all("script"), "no script: the quiz works on CSS alone"
    verdicts = claims.set_index("id").verdict
    questions = block.select("li.lc-quiz-q")
    assert len(questions) >= 8
    answers = []
    for item in questions:
        claim = item["id"].removeprefix("quiz-press-")
        assert claim in verdicts.index, f"{item['id']} names no claim"
        assert item["data-objectives"] == "press-o2", f"{claim}: tagged with the verdict objective"
        assert [label.get_text() for label in item.select("label")] == list(press.VERDICT_LABELS.values())
        feedback = item.select("p.lc-quiz-fb")
        right = [k for k, p in enumerate(feedback) if "lc-quiz-right" in p["class"]]
        assert right == [press.VERDICTS.index(verdicts[claim])], f"{claim}: the right option is the table's verdict"
        assert all("Source:" in p.get_text() for p in feedback), f"{claim}: every option names the source"
        answers.append(verdicts[claim])
    assert set(answers) == set(press.VERDICTS), "the quiz asks for every verdict at least once"
