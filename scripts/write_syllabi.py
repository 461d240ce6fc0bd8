"""Write chapters/teaching/syllabi.md from the chapters' computed times (`python scripts/write_syllabi.py`).

The session plans are written here; the minutes come from llmcourse.times, so the syllabi follow the text.
tests/test_times.py checks that the page agrees with every chapter's Time line.
"""

import os
from pathlib import Path

from llmcourse import times

os.chdir(Path(__file__).resolve().parents[1])
T = {p.parent.name: times.chapter_time(p.parent) for p in Path("chapters").glob("*/narrative.md")}
NAME = {
    "history": "From leak to licence",
    "licensing": "Licensing",
    "strategy": "Strategy",
    "safety": "Safety measures",
    "forks": "Ecosystem forks",
    "capability": "The capability gap",
    "press": "Reading the coverage",
    "epilogue": "After Llama 2",
}
ORDER = ["history", "licensing", "strategy", "safety", "forks", "capability", "press", "epilogue"]


def read(c):
    """The chapter to study, with its study time."""
    return f"{{doc}}`{NAME[c]} <../{c}/narrative>` ({T[c].study} min)"


def lab(c):
    """The chapter's lab, with its time ("Your turn" tasks included)."""
    return f"{{doc}}`lab <../{c}/lab>` ({T[c].lab} min)"


def ex(c):
    """The chapter's exercises, with their time."""
    return f"{T[c].exercises // 10} exercises ({T[c].exercises} min)"


total = sum(T[c].total for c in ORDER)
out = []
w = out.append
w("(syllabi)=\n# Syllabi\n")
w("Three ways to run the course: a two-day workshop, a seven-week module and a fourteen-week term. Each session lists")
w("its reading, lab, exercises and assessment. The times are each chapter's own (its **Time:** line), computed from")
w('its text: study at 100 words a minute, the lab\'s guided part plus twelve minutes per "Your turn" task, ten')
w("minutes per exercise and per discussion question (see `python -m llmcourse.times`). A test checks that the tables")
w("below use the chapters' current figures.\n")
w("| chapter | study | lab | exercises | discussion | in all |\n|---|---|---|---|---|---|")
for c in ORDER:
    t = T[c]
    w(
        f"| {{doc}}`{NAME[c]} <../{c}/narrative>` | {t.study} min | {t.lab} min | {t.exercises} min | {t.discussion} min | {t.total} min |"
    )
w(f"| **all eight** | | | | | **{total} min** (about {total / 60:.0f} hours) |\n")
w("Teach the first chapter, then licensing: every later chapter relies on both. The other six can be reordered.")
w("The {doc}`capstone <capstone>` takes 10 to 12 hours more; assessment also uses each chapter's self-check quiz and,")
w("in the instructor edition, the question bank.\n")
w("## A two-day workshop\n")
w("About 13 hours of contact time cannot hold 25 hours of work, so participants study the chapters beforehand")
w("(the study times below, about 3 hours in all) and the workshop does the labs and the discussion. Each lab block")
w('runs the guided part and two of the "Your turn" tasks; the others are homework. Exercises are set as follow-up.\n')
w("| session | reading (before) | lab and activity | exercises | assessment |\n|---|---|---|---|---|")
plan = [
    (
        "Day 1, 09:00-10:30",
        "history",
        "guided part and tasks 1-2; the timeline relay",
        "history: threshold, days",
        "quiz (history)",
    ),
    (
        "Day 1, 11:00-12:30",
        "licensing",
        "guided part and tasks 4-5; the licence role-play",
        "licensing: boundary, distil",
        "quiz (licensing)",
    ),
    (
        "Day 1, 13:30-15:00",
        "strategy",
        "guided part and tasks 1-2; the strategy war-game",
        "strategy: complement",
        "quiz (strategy)",
    ),
    (
        "Day 1, 15:30-17:00",
        "safety",
        "guided part and tasks 1 and 3; the structured debate",
        "safety: startup",
        "quiz (safety)",
    ),
    (
        "Day 2, 09:00-10:30",
        "forks",
        "guided part and tasks 2 and 4; inheritance detectives",
        "forks: inherit",
        "quiz (forks)",
    ),
    (
        "Day 2, 11:00-12:30",
        "capability",
        "guided part and tasks 1 and 3; build or buy",
        "capability: break-even",
        "quiz (capability)",
    ),
    (
        "Day 2, 13:30-15:00",
        "press",
        "guided part and tasks 2-3; the fact-check race",
        "press: verdicts, rewrite",
        "quiz (press)",
    ),
    (
        "Day 2, 15:30-17:00",
        "epilogue",
        "guided part and tasks 3-4; start the capstone (steps 1 and 2)",
        "epilogue: AI Act",
        "reduced capstone: steps 1, 2 and 5, due a week later",
    ),
]
for when, c, activity, exs, assess in plan:
    t = T[c]
    two = t.lab - times.TASK_MINUTES * (t.tasks - 2)
    tasks, rest = activity.split("; ")
    w(
        f"| {when} | {read(c)} | {{doc}}`lab <../{c}/lab>`: {tasks} (about {two} min); {rest} ({90 - two} min) | {exs} | {assess} |"
    )
w("")
w("## A seven-week module\n")
w("About 4 to 7 hours of student work a week: one chapter in weeks 1 to 4, two in weeks 5 and 6, the capstone in")
w(
    "week 7 (started in week 5). A 50-minute class and a 90-minute lab session a week; the instructor guide plans both.\n"
)
w("| week | reading | lab | exercises | assessment |\n|---|---|---|---|---|")
mod = [
    ("1", ["history"], "quiz; exercises handed in"),
    ("2", ["licensing"], "quiz; licensing exercises marked by the rubric"),
    ("3", ["strategy"], "quiz; question-bank test on weeks 1-3"),
    ("4", ["safety"], "quiz; steelman exercise (safety) marked by the rubric"),
    ("5", ["forks", "capability"], "quizzes; capstone step 1 (choose the release, first rows)"),
    ("6", ["press", "epilogue"], "quizzes; capstone steps 2-4 (validator output, licence checker, five claims)"),
]
for week, cs, assess in mod:
    w(
        f"| {week} | {'; '.join(read(c) for c in cs)} | {'; '.join(lab(c) for c in cs)} | {'; '.join(NAME[c] + ': ' + ex(c) for c in cs)} | {assess} |"
    )
w(
    "| 7 | none: capstone | capstone step 5 in class: peer review of drafts | none | capstone dossier due; short presentations |\n"
)
w("## A fourteen-week term\n")
w("One chapter a week, with a second week for licensing (the foundation), safety and capability (the debate and the")
w("numbers), a review week, and three capstone weeks. A 50-minute class and a 90-minute lab session a week.\n")
w("| week | reading | lab | exercises | assessment |\n|---|---|---|---|---|")
term = [
    ("1", "history", "quiz"),
    ("2", "licensing", "quiz"),
    ("3", None, "licensing exercises marked by the rubric; the licence role-play in class"),
    ("4", "strategy", "quiz"),
    ("5", "safety", "quiz"),
    ("6", None, "structured debate (safety) in class; steelman exercise marked by the rubric"),
    ("7", "forks", "quiz; mid-term test from the question bank (chapters 1-5)"),
    ("8", "capability", "quiz"),
    ("9", None, "build or buy in class; capability exercises marked by the rubric"),
    ("10", "press", "quiz; fact-check race"),
    ("11", "epilogue", "quiz; capstone step 1 (choose the release)"),
    ("12", None, "capstone steps 1-2 in the lab session: rows added, validator passes"),
    ("13", None, "capstone steps 3-4: licence checker, five claims"),
    ("14", None, "capstone brief due; presentations; final test from the question bank"),
]
prev = None
for week, c, assess in term:
    if c:
        w(f"| {week} | {read(c)} | {lab(c)} | {NAME[c]}: {ex(c)} | {assess} |")
        prev = c
    elif week in ("3", "6", "9"):
        w(
            f'| {week} | re-read {{doc}}`{NAME[prev]} <../{prev}/narrative>` | remaining "Your turn" tasks | discussion questions ({T[prev].discussion} min) | {assess} |'
        )
    else:
        w(f"| {week} | {{doc}}`capstone <capstone>` | capstone work | none | {assess} |")
w("")
Path("chapters/teaching/syllabi.md").write_text("\n".join(out) + "\n")
