"""The teaching kit is complete: a guide per chapter with every part a teacher needs, an
answer for every "Your turn" task of the lab, and a question bank from recall to evaluation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llmcourse import times

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.parent for p in (ROOT / "chapters").glob("*/narrative.md"))
GUIDES = ROOT / "chapters" / "instructor"
PARTS = (
    "## Key ideas",
    "## Session plans",
    "**A 50-minute class**",
    "**A 90-minute lab session**",
    "## Common misconceptions",
    "## Discussion questions: what a strong answer contains",
    '## Answer key: the lab\'s "Your turn" tasks',
    "## In-class activity",
    "## Where students stumble in the lab code",
    "## Rubric for the open-ended exercises",
)
LEVELS = ("Recall", "Understanding", "Application", "Analysis", "Evaluation")


def _id(path: Path) -> str:
    return path.name


def _section(text: str, heading: str) -> str:
    return text.split(heading, 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_id)
def test_every_chapter_has_a_complete_guide(chapter):
    guide = (GUIDES / f"{chapter.name}.md").read_text(encoding="utf-8")
    for part in PARTS:
        assert part in guide, f"the guide lacks {part!r}"
    assert f"../{chapter.name}/narrative" in guide and f"../{chapter.name}/lab" in guide


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_id)
def test_the_answer_key_answers_every_your_turn_task(chapter):
    guide = (GUIDES / f"{chapter.name}.md").read_text(encoding="utf-8")
    answers = re.findall(r"^(\d+)\. \*\*", _section(guide, "## Answer key"), flags=re.M)
    _, tasks = times.lab_minutes(chapter / "lab.ipynb")
    assert [int(a) for a in answers] == list(range(1, tasks + 1)), f"{tasks} tasks in the lab, answers {answers}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_id)
def test_the_guide_answers_every_discussion_question(chapter):
    guide = (GUIDES / f"{chapter.name}.md").read_text(encoding="utf-8")
    narrative = (chapter / "narrative.md").read_text(encoding="utf-8")
    asked = re.findall(r"^\d+\. ", _section(narrative, "## Questions for discussion"), flags=re.M)
    answered = re.findall(r"^\d+\. ", _section(guide, "## Discussion questions"), flags=re.M)
    assert len(answered) == len(asked)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_id)
def test_session_plans_fill_their_minutes(chapter):
    guide = (GUIDES / f"{chapter.name}.md").read_text(encoding="utf-8")
    for plan, length in (("**A 50-minute class**", 50), ("**A 90-minute lab session**", 90)):
        table = guide.split(plan, 1)[1].split("\n\n", 2)[1]
        spans = [tuple(map(int, m)) for m in re.findall(r"^\| (\d+)-(\d+) \|", table, flags=re.M)]
        assert spans[0][0] == 0 and spans[-1][1] == length, f"{plan} runs {spans[0][0]}-{spans[-1][1]}"
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), f"{plan}: gaps or overlaps {spans}"


def test_question_bank_has_ten_questions_per_chapter_from_recall_to_evaluation():
    bank = (GUIDES / "question-bank.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", bank, flags=re.M)[1:]
    assert len(sections) == len(CHAPTERS)
    for section in sections:
        title = section.splitlines()[0]
        questions = re.findall(r"^\d+\. \*(\w+)\.\*(.*?)(?=^\d+\. |\Z)", section, flags=re.M | re.S)
        assert len(questions) >= 10, f"{title}: {len(questions)} questions"
        assert {level for level, _ in questions} == set(LEVELS), f"{title}: levels {sorted({q[0] for q in questions})}"
        assert all("**Answer:**" in body for _, body in questions), f"{title}: a question without an answer"
