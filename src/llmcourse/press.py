"""Reading the coverage: the press chapter's article labels and its self-check quiz.

The course's table ``data/press_claims.csv`` holds checkable claims quoted from five press
articles about the Llama 2 release (``data/press_articles.csv``), each with a verdict and the
primary source that settles it. The lab filters and counts them with plain pandas; this
module keeps what is not the lesson: readable article labels (:func:`article_labels`) and
the quiz, turned from claims into questions (:func:`quiz_questions`), checked
(:func:`check_answer`) and rendered as self-contained HTML (:func:`quiz_html`) that works in
the static book: radio buttons and CSS only, no script, no kernel, no network.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from llmcourse import figures as _figures
from llmcourse.data import labels

__all__ = [
    "Feedback",
    "Question",
    "TOPIC_LABELS",
    "VERDICTS",
    "VERDICT_COLOURS",
    "VERDICT_LABELS",
    "article_labels",
    "check_answer",
    "quiz_html",
    "quiz_questions",
]

#: The verdicts and their labels, in the rubric's order, as the schema of press_claims gives them.
VERDICT_LABELS = labels("press_claims", "verdict")
VERDICTS = tuple(VERDICT_LABELS)
TOPIC_LABELS = labels("press_claims", "topic")
#: The book's verdict colours and shapes live with the rest of its colour vocabulary.
VERDICT_COLOURS = _figures.VERDICT_COLOURS


# --------------------------------------------------------------------------- labels


def article_labels(articles: pd.DataFrame, short: bool = False) -> dict[str, str]:
    """A readable label per article id: number, headline (shortened) and date; with
    ``short=True`` just the number and the id in words ("4. landed yesterday"), for axes."""
    labels = {}
    for number, row in enumerate(articles.sort_values("seed_file").itertuples(), start=1):
        if short:
            labels[row.id] = f"{number}. {row.id.replace('-', ' ')}"
            continue
        headline = str(row.headline)
        if headline.startswith("("):  # no headline in the copy: say what it is instead
            headline = f"Untitled {row.kind}"
        if len(headline) > 34:
            headline = headline[:32].rsplit(" ", 1)[0] + " ..."
        stated = row.date_stated
        when = f"dated {stated:%d %b %Y}" if not pd.isna(stated) else "undated"
        labels[row.id] = f"{number}. {headline} ({when})"
    return labels


# --------------------------------------------------------------------------- quiz


@dataclass(frozen=True)
class Question:
    claim_id: str
    quote: str
    article: str
    answer: str
    finding: str
    correction: str
    source_url: str
    source_locator: str

    @property
    def options(self) -> tuple[str, ...]:
        return VERDICTS


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def quiz_questions(
    claims: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    ids: Sequence[str] | None = None,
    n: int = 8,
) -> list[Question]:
    """Quiz questions from claims: the given ``ids`` in that order, or ``n`` claims chosen
    deterministically so that every verdict appears (round-robin over the verdicts, in id
    order within each)."""
    if claims is None or len(claims) == 0:
        raise ValueError("There are no claims to make questions from.")
    by_id = claims.set_index("id")
    if ids is not None:
        ids = list(ids)
        if not ids:
            raise ValueError("Give at least one claim id for the quiz.")
        unknown = [i for i in ids if i not in by_id.index]
        if unknown:
            raise ValueError(f"There is no claim with id {', '.join(map(repr, unknown))}.")
        if len(set(ids)) != len(ids):
            raise ValueError("Each claim can appear only once in a quiz.")
        chosen = ids
    else:
        if isinstance(n, bool) or not isinstance(n, int):
            raise ValueError("The number of questions must be a whole number.")
        if not 1 <= n <= len(claims):
            raise ValueError(f"Choose between 1 and {len(claims)} questions.")
        queues = {v: list(claims[claims["verdict"] == v].sort_values("id")["id"]) for v in VERDICTS}
        chosen = []
        while len(chosen) < n:
            for verdict in VERDICTS:
                if queues[verdict] and len(chosen) < n:
                    chosen.append(queues[verdict].pop(0))
        chosen.sort()
    labels = article_labels(articles) if articles is not None else {}
    questions = []
    for claim_id in chosen:
        row = by_id.loc[claim_id]
        questions.append(
            Question(
                claim_id=claim_id,
                quote=_text(row["quote"]),
                article=labels.get(row["article_id"], _text(row["article_id"])),
                answer=_text(row["verdict"]),
                finding=_text(row["finding"]),
                correction=_text(row["correction"]),
                source_url=_text(row["source_url"]),
                source_locator=_text(row["source_locator"]),
            )
        )
    return questions


def check_answer(question: Question, answer: str) -> Feedback:
    """Compare a reader's verdict with the course's and explain, with the source."""
    if answer not in VERDICT_LABELS:
        raise ValueError(f"{answer!r} is not a verdict: choose one of {', '.join(VERDICTS)}.")
    chosen = answer
    explanation = question.finding
    if question.correction:
        explanation += " Correction: " + question.correction
    explanation += f" Source: {question.source_url} ({question.source_locator})."
    if chosen == question.answer:
        return Feedback(True, f"Yes: {VERDICT_LABELS[chosen].lower()}. {explanation}")
    return Feedback(
        False,
        f"Not quite: the course's verdict is {VERDICT_LABELS[question.answer].lower()}, "
        f"not {VERDICT_LABELS[chosen].lower()}. {explanation}",
    )


_QUIZ_CSS = """
.press-quiz ol{padding-left:1.6em}
.press-quiz .pq-question{margin:0 0 1.2em 0}
.press-quiz fieldset{border:1px solid #ccc;border-radius:6px;padding:.5em .9em .7em;margin:0;min-width:0}
.press-quiz legend{font-size:1rem;font-weight:normal;line-height:1.45;padding:0 .3em;float:none;width:auto;margin:0}
.press-quiz .pq-from{display:block;font-size:.85em;color:#555;margin-top:.15em}
.press-quiz input{position:absolute;opacity:0;width:1px;height:1px;margin:0}
.press-quiz label{display:inline-block;white-space:nowrap;cursor:pointer;margin:.35em .35em 0 0;padding:.15em .7em;
border:1px solid #aaa;border-radius:1em;font-size:.92em;background:#fff;color:#222}
.press-quiz label::before{content:"\\25CB\\00A0"}
.press-quiz input:checked+label{background:#e6eef8;border-color:#0072B2}
.press-quiz input:checked+label::before{content:"\\25CF\\00A0"}
.press-quiz input:focus-visible+label{outline:2px solid #0072B2;outline-offset:1px}
.press-quiz .pq-fb{display:none;margin-top:.6em;padding:.5em .7em;border-radius:4px;font-size:.92em;color:#222}
.press-quiz .pq-fb-right{background:#e3f4ee;border-left:4px solid #009E73}
.press-quiz .pq-fb-wrong{background:#fbe9e1;border-left:4px solid #D55E00}
.press-quiz .pq-explain{background:#f4f4f4;border-left:4px solid #888}
.press-quiz input.pq-right:checked~.pq-fb-right,
.press-quiz input.pq-wrong:checked~.pq-fb-wrong,
.press-quiz input:checked~.pq-explain{display:block}
""".strip()


def quiz_html(questions: Sequence[Question], title: str = "Check yourself: what is the verdict?") -> str:
    """The quiz as one self-contained HTML block: radio buttons and CSS, no script.

    Picking an option shows at once whether it matches the course's verdict and then the
    finding, the correction and the source. Works in the static book without a kernel.
    """
    if not questions:
        raise ValueError("A quiz needs at least one question.")
    esc = html.escape
    parts = [
        f'<div class="press-quiz"><style>{_QUIZ_CSS}</style>',
        f"<p><strong>{esc(title)}</strong> "
        "Pick a verdict for each quotation; the answer and the source appear when you choose.</p><ol>",
    ]
    for q in questions:
        name = f"pq-{q.claim_id}"
        parts.append(f'<li class="pq-question" data-claim="{esc(q.claim_id)}"><fieldset>')
        parts.append(f'<legend>&ldquo;{esc(q.quote)}&rdquo;<span class="pq-from">{esc(q.article)}</span></legend>')
        for verdict in q.options:
            kind = "pq-right" if verdict == q.answer else "pq-wrong"
            ident = f"{name}-{verdict}"
            parts.append(
                f'<input type="radio" class="{kind}" name="{name}" id="{ident}" value="{verdict}">'
                f'<label for="{ident}">{esc(VERDICT_LABELS[verdict])}</label>'
            )
        right = VERDICT_LABELS[q.answer].lower()
        parts.append(f'<div class="pq-fb pq-fb-right" role="status">Yes: {esc(right)}.</div>')
        parts.append(
            f'<div class="pq-fb pq-fb-wrong" role="status">Not quite: the course\'s verdict is {esc(right)}.</div>'
        )
        explain = esc(q.finding)
        if q.correction:
            explain += f" <em>Correction:</em> {esc(q.correction)}"
        explain += (
            f' <span class="pq-source">Source: <a href="{esc(q.source_url)}">{esc(q.source_url)}</a>'
            f" ({esc(q.source_locator)}).</span>"
        )
        parts.append(f'<div class="pq-fb pq-explain">{explain}</div>')
        parts.append("</fieldset></li>")
    parts.append("</ol></div>")
    return "".join(parts)
