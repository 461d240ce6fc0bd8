"""How long a chapter takes, computed from its text: ``python -m llmcourse.times``.

Each narrative's **Time:** line states figures derived here, and ``tests/test_times.py``
recomputes them, failing when a chapter's text has grown or shrunk so much that a stated
time is more than 25% off. The rates are stated, not hidden:

- **reading** counts the words of the narrative's body (from the end of the "In this
  chapter" box to the exercises; code, directive syntax and link targets left out) at
  :data:`READ_THROUGH_WPM` words a minute to read it through once, and at
  :data:`STUDY_WPM` to study it (dense legal and numerical prose, with notes);
- **the lab** counts its Markdown words at :data:`STUDY_WPM`, two minutes per code cell
  to read, run and look at its output (live-widget cells left out), and :data:`TASK_MINUTES` per
  "Your turn" task;
- **exercises** and **discussion** count :data:`EXERCISE_MINUTES` per exercise and
  :data:`DISCUSSION_MINUTES` per question for discussion.
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

READ_THROUGH_WPM = 200
STUDY_WPM = 100
TASK_MINUTES = 12
CODE_CELL_MINUTES = 2
EXERCISE_MINUTES = 10
DISCUSSION_MINUTES = 10


def prose_words(markdown: str) -> int:
    """Words a reader reads in MyST Markdown: no code, no directive lines, no link targets."""
    text = re.sub(r"^(```|~~~).*?^\1\s*$", " ", markdown, flags=re.M | re.S)  # fenced code
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"^\s*(:{3,}.*|\(\S+\)=|:\w[\w-]*:.*)$", " ", text, flags=re.M)  # fences, labels, options
    text = re.sub(r"\{\w+\}`([^`<]*?)\s*(<[^>]*>)?`", r"\1", text)  # roles: their text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their text
    return len(re.findall(r"[A-Za-z0-9][\w'’.,%$-]*", text))


def body(narrative: str) -> str:
    """The part of a narrative one reads before the exercises."""
    start = narrative.find(":::", narrative.find("**Time:**"))
    start = start + 3 if start >= 0 else 0
    end = narrative.find("## Exercises")
    return narrative[start : end if end >= 0 else len(narrative)]


def round_to(minutes: float, step: int = 5) -> int:
    return max(step, int(step * round(minutes / step)))


@dataclass(frozen=True)
class ChapterTime:
    chapter: str
    words: int
    read_through: int
    study: int
    lab: int
    tasks: int
    exercises: int
    discussion: int

    @property
    def total(self) -> int:
        """Study, lab, exercises and discussion: what a syllabus must schedule."""
        return self.study + self.lab + self.exercises + self.discussion

    def line(self) -> str:
        """The **Time:** line a narrative states."""
        hours, minutes = divmod(self.total, 60)
        line = (
            f"**Time:** about {self.read_through} minutes to read through and {self.study} to study "
            f"({self.words:,} words at {READ_THROUGH_WPM} and {STUDY_WPM} words a minute); about {self.lab} minutes "
            f'for the {{doc}}`lab <lab>`, its {self.tasks} "Your turn" tasks included; {self.exercises} for the '
            f"exercises; {self.discussion} for discussion. About {hours} h {minutes:02d} min in all."
        )
        wrapped = textwrap.fill(line.replace("lab <lab>", "lab\0<lab>"), width=116, break_on_hyphens=False)
        return wrapped.replace("\0", " ")


def lab_minutes(notebook: Path) -> tuple[int, int]:
    """(minutes, number of "Your turn" tasks) for a lab notebook."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    words, code, tasks = 0, 0, 0
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            words += prose_words(source)
            if re.search(r"^#+ .*your turn", source, flags=re.I | re.M):
                tasks += len(re.findall(r"^\d+\. ", source, flags=re.M))
        elif "remove-output" not in cell["metadata"].get("tags", []):
            code += 1
    return round_to(words / STUDY_WPM + CODE_CELL_MINUTES * code + TASK_MINUTES * tasks), tasks


def chapter_time(folder: Path) -> ChapterTime:
    text = (folder / "narrative.md").read_text(encoding="utf-8")
    words = prose_words(body(text))
    exercises = len(re.findall(r"^:::\{exercise\}", text, flags=re.M))
    discussion_part = text.split("## Questions for discussion", 1)[-1].split("\n## ", 1)[0]
    questions = len(re.findall(r"^\d+\. ", discussion_part, flags=re.M))
    lab, tasks = lab_minutes(folder / "lab.ipynb")
    return ChapterTime(
        chapter=folder.name,
        words=words,
        read_through=max(1, round(words / READ_THROUGH_WPM)),
        study=round_to(words / STUDY_WPM),
        lab=lab,
        tasks=tasks,
        exercises=EXERCISE_MINUTES * exercises,
        discussion=DISCUSSION_MINUTES * questions,
    )


def stated(narrative: str) -> dict[str, int]:
    """The figures a narrative's **Time:** line states (empty if it states none this way)."""
    narrative = re.sub(r"\s+", " ", narrative)
    match = re.search(
        r"\*\*Time:\*\* about (\d+) minutes to read through and (\d+) to study \(([\d,]+) words.*?about (\d+) minutes"
        r" for the .*?(\d+) for the exercises; (\d+) for discussion",
        narrative,
        flags=re.S,
    )
    if not match:
        return {}
    keys = ("read_through", "study", "words", "lab", "exercises", "discussion")
    return {k: int(v.replace(",", "")) for k, v in zip(keys, match.groups())}


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "chapters"
    for folder in sorted(p.parent for p in root.glob("*/narrative.md")):
        time = chapter_time(folder)
        print(f"{time.chapter}: {time.words} words, total {time.total} min\n  {time.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
