"""Self-check quizzes and objective coverage.

Every chapter's learning objectives (the numbered "You will be able to" list) must be
assessed by at least one exercise or quiz question; the quiz files say which. The
coverage table is printed (``pytest -s tests/test_quiz.py -k table``) for the
instructor's notes and the issue's closing note.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from llmcourse import quiz

ROOT = Path(__file__).resolve().parents[1]
NARRATIVES = sorted((ROOT / "chapters").glob("*/narrative.md"))
CHAPTERS = [p.parent.name for p in NARRATIVES]
QUIZZED = [p for p in NARRATIVES if (p.parent / "quiz.yml").exists()]


def _chapter(path: Path) -> tuple[str, quiz.Quiz, list[str]]:
    text = path.read_text(encoding="utf-8")
    return text, quiz.load(path.parent / "quiz.yml"), quiz.objectives(text)


def _id(path: Path) -> str:
    return path.parent.name


@pytest.mark.parametrize("path", NARRATIVES, ids=_id)
def test_every_chapter_has_a_quiz_on_its_page(path):
    text = path.read_text(encoding="utf-8")
    assert (path.parent / "quiz.yml").exists(), f"{path.parent.name}: no quiz.yml"
    assert re.search(r"^:::\{quiz\} quiz\.yml$", text, flags=re.M), "the narrative does not show its quiz"
    assert text.index("## Exercises") < text.index("{quiz}") < text.index("## Summary")


@pytest.mark.parametrize("path", QUIZZED, ids=_id)
def test_quiz_questions_are_tagged_and_explained(path):
    text, chapter_quiz, objectives = _chapter(path)
    assert objectives, "the narrative lists its learning objectives"
    assert len(chapter_quiz.questions) >= 5, "at least five questions"
    for question in chapter_quiz.questions:
        for n in question.objectives:
            assert 1 <= n <= len(objectives), f"{question.id}: there is no objective {n}"
        for option in question.options:
            # "Why", not just "wrong": feedback is a sentence, and it does not repeat the option.
            assert len(option.feedback.split()) >= 6, f"{question.id}: feedback too short: {option.feedback!r}"
            assert option.feedback != option.text


@pytest.mark.parametrize("path", QUIZZED, ids=_id)
def test_answers_are_not_guessable_from_the_layout(path):
    """The right answer moves about and is not simply the longest option."""
    _, chapter_quiz, _ = _chapter(path)
    positions = [next(k for k, o in enumerate(q.options) if o.correct) for q in chapter_quiz.questions]
    assert len(set(positions)) >= 2, f"the answer is always option {positions[0] + 1}"
    longest = sum(max(q.options, key=lambda o: len(o.text)).correct for q in chapter_quiz.questions)
    assert longest <= len(chapter_quiz.questions) // 2 + 1, "the longest option is usually the answer"


@pytest.mark.parametrize("path", QUIZZED, ids=_id)
def test_every_exercise_is_mapped_to_objectives(path):
    text, chapter_quiz, objectives = _chapter(path)
    labels = quiz.exercise_labels(text)
    assert sorted(chapter_quiz.exercises) == sorted(labels), "quiz.yml maps exactly the narrative's exercises"
    for label, numbers in chapter_quiz.exercises.items():
        assert all(1 <= n <= len(objectives) for n in numbers), f"{label}: no such objective"


@pytest.mark.parametrize("path", QUIZZED, ids=_id)
def test_no_objective_is_left_unassessed(path):
    text, chapter_quiz, _ = _chapter(path)
    orphans = [n for n, by in quiz.coverage(text, chapter_quiz).items() if not by]
    assert not orphans, f"objective(s) {orphans} assessed by no exercise and no quiz question"


def test_coverage_table(capsys):
    """Print objective -> exercises and quiz questions (also: python -m llmcourse.quiz)."""
    table = quiz.coverage_table(ROOT / "chapters")
    with capsys.disabled():
        print("\n" + table)
    rows = table.splitlines()[2:]
    expected = sum(len(quiz.objectives(p.read_text(encoding="utf-8"))) for p in QUIZZED)
    assert len(rows) == expected, "one row per objective"
    assert not [r for r in rows if r.endswith("| - | - |")], "an objective assessed by nothing"


def test_a_broken_quiz_file_is_refused(tmp_path):
    bad = tmp_path / "quiz.yml"
    bad.write_text(
        "questions:\n  - id: q\n    objectives: [1]\n    prompt: P\n    options:\n"
        "      - {text: A, correct: true, feedback: because of this and that}\n"
        "      - {text: B, correct: true, feedback: because of this and that}\n"
        "      - {text: C, feedback: ''}\n"
    )
    with pytest.raises(quiz.QuizError, match="feedback"):
        quiz.load(bad)
    bad.write_text(bad.read_text().replace("feedback: ''", "feedback: why not"))
    with pytest.raises(quiz.QuizError, match="exactly one"):
        quiz.load(bad)


def test_the_markup_is_a_labelled_radio_group_with_a_live_region():
    path = QUIZZED[0]
    text, chapter_quiz, objectives = _chapter(path)
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(quiz.render_html(chapter_quiz, objectives), "html.parser")
    items = soup.select("li.lc-quiz-q")
    assert len(items) == len(chapter_quiz.questions)
    for item, question in zip(items, chapter_quiz.questions):
        fieldset = item.fieldset
        assert fieldset.legend and question.prompt.replace("*", "")[:20] in fieldset.legend.get_text()
        radios = fieldset.select("input[type=radio]")
        assert len(radios) == len(question.options) and len({r["name"] for r in radios}) == 1
        for radio in radios:
            assert fieldset.select_one(f'label[for="{radio["id"]}"]'), "every radio has a label"
        live = fieldset.select_one('[aria-live="polite"]')
        feedback = live.select("p.lc-quiz-fb")
        assert len(feedback) == len(question.options), "one feedback per option"
        words = [p.strong.get_text() for p in feedback]
        assert words == ["\u2713 Correct." if o.correct else "\u2717 Not quite." for o in question.options]


def test_a_quiz_shown_in_a_notebook_carries_its_stylesheet():
    """In a notebook output (JupyterLab) the book's stylesheet is not loaded: without its
    own, every option's feedback would show at once and give the answer away."""
    question = quiz.Question("q", (2,), "Which?", tuple(quiz.Option(t, t == "b", f"{t}: why") for t in ("a", "b", "c")))
    one = quiz.Quiz("press", (question,), {})
    alone = quiz.render_html(one, {2: "give a verdict"}, stylesheet=True)
    in_book = quiz.render_html(one, ["first", "give a verdict"])
    assert alone.startswith("<style>") and ".lc-quiz-fb{display:none" in alone
    assert "<style>" not in in_book, "in the book the page's stylesheet does it"
    assert "Checks objective 2: give a verdict." in alone and "Checks objective 2: give a verdict." in in_book
