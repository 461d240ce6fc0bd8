"""Stated times follow from the text: a chapter that grows or shrinks by more than a quarter
without its **Time:** line being updated fails here (run `python -m llmcourse.times`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from llmcourse import times

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.parent for p in (ROOT / "chapters").glob("*/narrative.md"))
TOLERANCE = 0.25


def _id(path: Path) -> str:
    return path.name


def _close(stated: float, computed: float) -> bool:
    return abs(stated - computed) <= TOLERANCE * computed


@pytest.mark.parametrize("folder", CHAPTERS, ids=_id)
def test_stated_reading_times_follow_from_the_word_count(folder):
    said = times.stated((folder / "narrative.md").read_text(encoding="utf-8"))
    assert said, "the Time line states read-through and study times from the word count (see llmcourse.times)"
    words = times.chapter_time(folder).words
    assert _close(said["read_through"], words / times.READ_THROUGH_WPM), (
        f"read-through: {said['read_through']} min stated, {words} words at {times.READ_THROUGH_WPM} wpm"
        f" is {words / times.READ_THROUGH_WPM:.0f} min"
    )
    assert _close(said["study"], words / times.STUDY_WPM), (
        f"study: {said['study']} min stated, {words} words at {times.STUDY_WPM} wpm is {words / times.STUDY_WPM:.0f} min"
    )


@pytest.mark.parametrize("folder", CHAPTERS, ids=_id)
def test_stated_lab_time_counts_the_your_turn_tasks(folder):
    said = times.stated((folder / "narrative.md").read_text(encoding="utf-8"))
    computed = times.chapter_time(folder)
    assert computed.tasks >= 3, "the lab ends with its 'Your turn' tasks"
    assert said["lab"] >= times.TASK_MINUTES * computed.tasks, "the lab time includes the 'Your turn' tasks"
    assert _close(said["lab"], computed.lab), f"lab: {said['lab']} min stated, {computed.lab} computed"
    assert said["discussion"] == computed.discussion and said["exercises"] == computed.exercises


def test_word_count_ignores_markup_and_code():
    text = "A {term}`licence <glossary-licence>` and [the paper](https://x.org).\n\n```python\nx = 1\n```\n:::{note}\n:class: tip\nTwo words.\n:::\n"
    assert times.prose_words(text) == 7  # A licence and the paper . Two words


def test_a_chapter_that_doubles_fails_the_check(tmp_path):
    source = CHAPTERS[0]
    target = tmp_path / source.name
    target.mkdir()
    (target / "lab.ipynb").write_bytes((source / "lab.ipynb").read_bytes())
    text = (source / "narrative.md").read_text(encoding="utf-8")
    body = times.body(text)
    (target / "narrative.md").write_text(text.replace(body, body + body), encoding="utf-8")
    said = times.stated((target / "narrative.md").read_text(encoding="utf-8"))
    words = times.chapter_time(target).words
    assert not _close(said["study"], words / times.STUDY_WPM)


@pytest.mark.parametrize("folder", CHAPTERS, ids=_id)
def test_the_lab_states_the_same_time_as_its_chapter(folder):
    said = times.stated((folder / "narrative.md").read_text(encoding="utf-8"))
    lab = (folder / "lab.ipynb").read_text(encoding="utf-8")
    assert f"**Time:** about {said['lab']} minutes" in lab, "the lab's own Time line agrees with the chapter's"


def test_the_syllabi_use_the_chapters_current_times():
    """The syllabi's table of times (chapters/teaching/syllabi.md) agrees with each chapter's Time line;
    regenerate it with `python scripts/write_syllabi.py` when a chapter's times change."""
    syllabi = (ROOT / "chapters" / "teaching" / "syllabi.md").read_text(encoding="utf-8")
    for folder in CHAPTERS:
        said = times.stated((folder / "narrative.md").read_text(encoding="utf-8"))
        row = next(line for line in syllabi.splitlines() if f"<../{folder.name}/narrative>` |" in line)
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1:5] == [f"{said[k]} min" for k in ("study", "lab", "exercises", "discussion")], folder.name
