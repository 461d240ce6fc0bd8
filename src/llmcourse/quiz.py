"""Self-check quizzes: questions as data, rendered as plain HTML that needs no script.

Each chapter keeps its quiz in ``chapters/<chapter>/quiz.yml``, next to the narrative it
checks. The file says, for every question, which of the chapter's learning objectives it
checks (by number in the narrative's "You will be able to" list), the options, and for
*every* option why it is right or wrong. It also maps each of the narrative's exercises
to the objectives they assess, so that a test can find an objective that nothing assesses.

In the book, the ``{quiz}`` directive (this module is also a Sphinx extension) renders
the file into the narrative page as real radio buttons in a ``<fieldset>`` whose
``<legend>`` is the question. Choosing an option shows its feedback in an ``aria-live``
region, so a screen reader announces it; the feedback starts with the words "Correct" or
"Not quite" and a border style, so right and wrong are not told by colour alone. It is
HTML and CSS only: no kernel, no script, no network.

The markup is quiz plumbing, not the lesson (see the house style: "a helper is earned");
the questions themselves are in the YAML files, readable and testable.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "Option",
    "Question",
    "Quiz",
    "QuizError",
    "coverage",
    "coverage_table",
    "exercise_labels",
    "load",
    "objectives",
    "render_html",
]

#: The most options a question may have (the stylesheet has one rule per position).
MAX_OPTIONS = 6
CSS_FILE = "llmcourse-quiz.css"
MARKER = "lc-quiz"


class QuizError(ValueError):
    """A quiz file that breaks the rules, with a message that says where."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    objectives: tuple[int, ...]
    prompt: str
    options: tuple[Option, ...]

    @property
    def answer(self) -> Option:
        return next(o for o in self.options if o.correct)


@dataclass(frozen=True)
class Quiz:
    chapter: str
    questions: tuple[Question, ...]
    #: exercise label -> objective numbers it assesses
    exercises: dict[str, tuple[int, ...]]


# --------------------------------------------------------------------------- reading


def _numbers(value: Any, where: str) -> tuple[int, ...]:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 1 for v in values):
        raise QuizError(f"{where}: objectives must be objective numbers (1, 2, ...), got {value!r}")
    return tuple(values)


def load(path: Path) -> Quiz:
    """Read and check one chapter's ``quiz.yml``."""
    path = Path(path)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    chapter = path.parent.name
    questions = []
    seen = set()
    for number, item in enumerate(raw.get("questions") or [], start=1):
        where = f"{path}: question {number}"
        qid = str(item.get("id") or "")
        if not re.fullmatch(r"[a-z0-9-]+", qid) or qid in seen:
            raise QuizError(f"{where}: needs a unique id of lower-case letters, digits and hyphens")
        seen.add(qid)
        prompt = str(item.get("prompt") or "").strip()
        if not prompt:
            raise QuizError(f"{where} ({qid}): the prompt is empty")
        options = []
        for option in item.get("options") or []:
            text = str(option.get("text") or "").strip()
            feedback = str(option.get("feedback") or "").strip()
            if not text or not feedback:
                raise QuizError(f"{where} ({qid}): every option needs text and feedback that says why")
            options.append(Option(text, bool(option.get("correct", False)), feedback))
        if not 3 <= len(options) <= MAX_OPTIONS:
            raise QuizError(f"{where} ({qid}): give between 3 and {MAX_OPTIONS} options")
        if sum(o.correct for o in options) != 1:
            raise QuizError(f"{where} ({qid}): exactly one option must be correct")
        questions.append(Question(qid, _numbers(item.get("objectives"), f"{where} ({qid})"), prompt, tuple(options)))
    exercises = {
        str(label): _numbers(value, f"{path}: exercise {label}")
        for label, value in (raw.get("exercises") or {}).items()
    }
    return Quiz(chapter, tuple(questions), exercises)


def objectives(narrative: str) -> list[str]:
    """The learning objectives of a narrative: the numbered list after "You will be able to"."""
    start = narrative.find("**You will be able to**")
    if start < 0:
        return []
    items: list[str] = []
    for line in narrative[start:].splitlines()[1:]:
        if not line.strip():
            if items:
                break
            continue
        match = re.match(r"\s*(\d+)\.\s+(.*)", line)
        if match:
            items.append(match.group(2).strip())
        elif items and line.startswith(" "):
            items[-1] += " " + line.strip()
        else:
            break
    return items


def exercise_labels(narrative: str) -> list[str]:
    """The labels of a narrative's exercises, in order."""
    return re.findall(r"^:::\{exercise\}\n:label: (\S+)", narrative, flags=re.M)


def coverage(narrative: str, quiz: Quiz) -> dict[int, list[str]]:
    """Objective number -> what assesses it (exercise labels, then ``quiz:<id>``)."""
    table: dict[int, list[str]] = {n: [] for n in range(1, len(objectives(narrative)) + 1)}
    for label, numbers in quiz.exercises.items():
        for n in numbers:
            table.setdefault(n, []).append(label)
    for question in quiz.questions:
        for n in question.objectives:
            table.setdefault(n, []).append(f"quiz:{question.id}")
    return table


def coverage_table(chapters: Path) -> str:
    """The objective-coverage table of every chapter under ``chapters`` as Markdown:
    objective id, its text, the exercises and the quiz questions that assess it."""
    rows = ["| objective | text | exercises | quiz questions |", "|---|---|---|---|"]
    for narrative in sorted(Path(chapters).glob("*/narrative.md")):
        quiz_file = narrative.with_name("quiz.yml")
        if not quiz_file.exists():
            continue
        text = narrative.read_text(encoding="utf-8")
        texts = objectives(text)
        for n, by in coverage(text, load(quiz_file)).items():
            exercises = ", ".join(b for b in by if not b.startswith("quiz:")) or "-"
            questions = ", ".join(b[5:] for b in by if b.startswith("quiz:")) or "-"
            short = _plain(texts[n - 1]) if n <= len(texts) else "(no such objective)"
            rows.append(f"| {narrative.parent.name}-o{n} | {short} | {exercises} | {questions} |")
    return "\n".join(rows)


# --------------------------------------------------------------------------- rendering


def _plain(text: str) -> str:
    """Objective text as shown in a quiz tag: Markdown emphasis and roles dropped."""
    text = re.sub(r"\{[a-z]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)
    return re.sub(r"[*_`]", "", text).rstrip(";.,")


def _inline(text: str) -> str:
    """Escape, then allow the two inline marks quiz text uses: *emphasis* and `code`."""
    out = html.escape(text)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    return re.sub(r"(?<![\w*])\*([^*]+)\*(?![\w*])", r"<em>\1</em>", out)


def render_html(
    quiz: Quiz,
    objective_texts: list[str] | dict[int, str] | None = None,
    *,
    heading_level: int = 0,
    stylesheet: bool = False,
) -> str:
    """The quiz as one block of HTML: a numbered list of fieldsets, radios and feedback.

    ``objective_texts`` are the chapter's objectives (a list, objective 1 first, or a
    mapping from objective number to text) for the tag under each question. With
    ``stylesheet=True`` the block carries its own CSS, for a notebook's output, where
    the book's stylesheet is not loaded (JupyterLab).
    """
    texts = objective_texts if isinstance(objective_texts, dict) else dict(enumerate(objective_texts or [], 1))
    esc = html.escape
    parts = [
        f"<style>{STYLESHEET}</style>" if stylesheet else "",
        f'<div class="{MARKER}" data-chapter="{esc(quiz.chapter)}">',
        '<p class="lc-quiz-how">Choose an answer to each question. The feedback appears under the options and '
        "says why each answer is right or wrong; change your answer as often as you like. Nothing is recorded.</p>",
        '<ol class="lc-quiz-list">',
    ]
    for number, question in enumerate(quiz.questions, start=1):
        qid = f"quiz-{quiz.chapter}-{question.id}"
        tags = []
        for n in question.objectives:
            label = f"objective {n}"
            if texts.get(n):
                label += f": {_plain(texts[n])}"
            tags.append(esc(label))
        objective_ids = " ".join(f"{quiz.chapter}-o{n}" for n in question.objectives)
        parts.append(
            f'<li class="lc-quiz-q" id="{qid}" data-objectives="{objective_ids}">'
            f'<fieldset aria-describedby="{qid}-obj">'
            f"<legend>{number}. {_inline(question.prompt)}</legend>"
            f'<p class="lc-quiz-obj" id="{qid}-obj">Checks {"; ".join(tags)}.</p>'
        )
        for k, option in enumerate(question.options):
            oid = f"{qid}-{'abcdef'[k]}"
            parts.append(
                f'<input type="radio" name="{qid}" id="{oid}" value="{"abcdef"[k]}">'
                f'<label for="{oid}">{_inline(option.text)}</label>'
            )
        parts.append('<div class="lc-quiz-live" role="status" aria-live="polite" aria-atomic="true">')
        for option in question.options:
            verdict, kind = ("Correct.", "right") if option.correct else ("Not quite.", "wrong")
            mark = "\u2713" if option.correct else "\u2717"
            parts.append(
                f'<p class="lc-quiz-fb lc-quiz-{kind}"><strong><span aria-hidden="true">{mark} </span>'
                f"{verdict}</strong> {_inline(option.feedback)}</p>"
            )
        parts.append("</div></fieldset></li>")
    parts.append("</ol></div>")
    return "".join(parts)


STYLESHEET = (
    """\
/* Self-check quizzes (llmcourse.quiz): radios, fieldsets and CSS only, no script. */
.lc-quiz-list{list-style:none;padding-left:0;margin-left:0}
.lc-quiz-q{margin:0 0 1.4em 0}
.lc-quiz fieldset{display:grid;grid-template-columns:auto 1fr;column-gap:.6em;row-gap:.35em;align-items:start;
border:1px solid var(--pst-color-border,#ccc);border-radius:6px;padding:.6em .9em .8em;margin:0;min-width:0}
.lc-quiz legend{float:none;width:auto;font-size:1rem;font-weight:600;line-height:1.45;padding:0 .3em;margin:0}
.lc-quiz .lc-quiz-obj{grid-column:1/-1;font-size:.85em;color:var(--pst-color-text-muted,#555);margin:0 0 .2em 0}
.lc-quiz input[type=radio]{grid-column:1;margin:.3em 0 0 0;width:1.1em;height:1.1em;accent-color:var(--pst-color-primary,#0072B2)}
.lc-quiz label{grid-column:2;cursor:pointer;line-height:1.45}
.lc-quiz input:checked+label{font-weight:600}
.lc-quiz input:focus-visible{outline:3px solid var(--pst-color-primary,#0072B2);outline-offset:2px}
.lc-quiz input:focus-visible+label{text-decoration:underline;text-underline-offset:3px}
.lc-quiz-live{grid-column:1/-1}
.lc-quiz-fb{display:none;margin:.5em 0 0 0;padding:.5em .75em;border-radius:4px;font-size:.95em}
.lc-quiz-right{border:2px solid var(--pst-color-success,#009E73);border-left-width:8px;
background:rgba(0,158,115,.08)}
.lc-quiz-wrong{border:2px dashed var(--pst-color-danger,#D55E00);border-left-width:8px;
background:rgba(213,94,0,.08)}
"""
    + "".join(
        f".lc-quiz input:nth-of-type({k}):checked~.lc-quiz-live .lc-quiz-fb:nth-of-type({k}){{display:block}}\n"
        for k in range(1, MAX_OPTIONS + 1)
    )
    + """\
@media print{.lc-quiz-fb{display:block}.lc-quiz-fb strong{font-weight:700}}
"""
)


# --------------------------------------------------------------------------- Sphinx


def setup(app: Any) -> dict[str, Any]:
    """Register the ``{quiz}`` directive: ``:::{quiz} quiz.yml`` in a narrative."""
    from docutils import nodes
    from sphinx.util.docutils import SphinxDirective

    class QuizDirective(SphinxDirective):
        required_arguments = 1
        has_content = False

        def run(self) -> list[Any]:
            rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
            self.env.note_dependency(rel)
            try:
                quiz = load(Path(path))
            except (OSError, QuizError) as error:
                raise self.error(f"quiz: {error}") from error
            source = Path(self.env.doc2path(self.env.docname)).read_text(encoding="utf-8")
            return [nodes.raw("", render_html(quiz, objectives(source)), format="html")]

    def write_css(app: Any) -> None:
        if app.builder.format != "html":
            return
        target = Path(app.outdir) / "_static" / CSS_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != STYLESHEET:
            target.write_text(STYLESHEET, encoding="utf-8")

    def page_css(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        if f'class="{MARKER}"' in context.get("body", ""):
            app.add_css_file(CSS_FILE)

    app.add_directive("quiz", QuizDirective)
    app.connect("builder-inited", write_css)
    app.connect("html-page-context", page_css)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":  # python -m llmcourse.quiz: print the coverage table
    print(coverage_table(Path(__file__).resolve().parents[2] / "chapters"))
