"""Sphinx glue for the book's one bibliography (``references.bib``, sphinxcontrib-bibtex).

Chapters cite their primary sources with ``{footcite}`` and print them with
``{footbibliography}`` in a "References" section: footnote citations are local to a page,
so the same source can be listed in every chapter that uses it without duplicate labels.

MyST-Parser checks footnotes itself while it parses a page, before sphinxcontrib-bibtex
has created the footnotes that ``{footcite}`` refers to, and so reports every citation as
"No footnote definitions found for label: 'footcite-...'" (a known clash; the rendered
footnotes are correct). Those reports, and only those, are dropped here, so the strict
build still fails on any real footnote problem.
"""

from __future__ import annotations

import logging
from typing import Any

FALSE_ALARM = "No footnote definitions found for label: 'footcite-"


class _FootciteFalseAlarm(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return FALSE_ALARM not in record.getMessage()


def setup(app: Any) -> dict[str, Any]:
    # Sphinx has set up its logging handlers before it loads extensions; the filter goes
    # first, ahead of the filter that turns warnings into errors.
    for handler in logging.getLogger("sphinx").handlers:
        if not any(isinstance(f, _FootciteFalseAlarm) for f in handler.filters):
            handler.filters.insert(0, _FootciteFalseAlarm())
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
