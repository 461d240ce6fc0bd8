"""Reading the coverage: the press chapter's verdicts and article labels.

The course's table ``data/press_claims.csv`` holds checkable claims quoted from five press
articles about the Llama 2 release (``data/press_articles.csv``), each with a verdict and the
primary source that settles it. The lab filters and counts them with plain pandas; this
module keeps what is not the lesson: the verdicts in the rubric's order and readable
article labels (:func:`article_labels`). The lab's verdict quiz is made from the claims in
the lab itself and drawn by the book's one quiz renderer, :mod:`llmcourse.quiz`.
"""

from __future__ import annotations

import pandas as pd

from llmcourse import figures as _figures
from llmcourse.data import labels

__all__ = [
    "TOPIC_LABELS",
    "VERDICTS",
    "VERDICT_COLOURS",
    "VERDICT_LABELS",
    "article_labels",
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
