"""How fresh is the course? A report on the dates in ``data/`` and the chapters' review dates.

    python -m llmcourse.freshness                     # report for today, printed
    python -m llmcourse.freshness --date 2027-06-01   # report as of another day
    python -m llmcourse.freshness --write             # rewrite the appendix page (chapters/appendix/freshness.md)
    python -m llmcourse.freshness --check             # exit 1 if the committed page is out of date

Facts about fast-moving things (releases, prices, licence terms, events) go stale. Every factual row
of the course carries ``as_of``, the day it was last checked against its source, and ``verification``,
how well. This module turns those two columns into a to-do list for a maintainer's review cycle:

* per table, how many rows and the oldest and newest ``as_of``;
* the rows of fast-moving tables not reviewed in the last six months before the report date;
* the rows whose ``verification`` is ``secondary`` or ``partial``;
* each chapter's "last reviewed" date, kept once in ``_config.yml`` (``myst_substitutions``).

The committed appendix page is generated for a fixed date, the newest ``as_of`` in the data, so that
it only changes when the data do; a test checks it is current.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from .data import data_dir, load, package

#: Tables whose facts change quickly: releases, prices, licence terms and events.
FAST_MOVING = (
    "llm_releases",
    "capability_api_prices",
    "licences",
    "model_licences",
    "epilogue_llama_terms",
    "events",
)
#: A fast-moving row older than this (before the report date) is due for review.
REVIEW_MONTHS = 6
#: Verification levels that call for a better source.
WEAK = ("secondary", "partial")
PAGE = Path("chapters") / "appendix" / "freshness.md"


@dataclass(frozen=True)
class TableDates:
    """The ``as_of`` range of one table."""

    table: str
    rows: int
    oldest: date
    newest: date


def _root(directory: Path | None) -> Path:
    return (directory or data_dir()).parent


def review_cutoff(as_of: date, months: int = REVIEW_MONTHS) -> date:
    """The day before which a fast-moving row counts as not reviewed: ``months`` before ``as_of``."""
    return (pd.Timestamp(as_of) - pd.DateOffset(months=months)).date()


def row_key(table: pd.DataFrame, schema: dict) -> pd.Series:
    """A readable key per row: the schema's primary key, else the first column (with the second if the
    first repeats), so a maintainer can find the row."""
    keys = schema.get("primaryKey")
    if isinstance(keys, str):
        keys = [keys]
    if not keys:
        first = table.columns[0]
        keys = [first] if table[first].is_unique else list(table.columns[:2])
    return table[keys].astype(str).agg(" / ".join, axis=1)


def stale_rows(table: pd.DataFrame, as_of: date, months: int = REVIEW_MONTHS) -> pd.DataFrame:
    """Rows whose ``as_of`` is earlier than ``months`` before the report date ``as_of``."""
    checked = pd.to_datetime(table["as_of"])
    return table[checked < pd.Timestamp(review_cutoff(as_of, months))]


def weak_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows whose ``verification`` is secondary or partial."""
    return table[table["verification"].isin(WEAK)]


def dated_tables(directory: Path | None = None) -> dict[str, tuple[pd.DataFrame, dict]]:
    """Every table with an ``as_of`` column, loaded and checked, with its schema."""
    out = {}
    for res in package(directory)["resources"]:
        names = [f["name"] for f in res["schema"]["fields"]]
        if "as_of" in names:
            out[res["name"]] = (load(res["name"], directory), res["schema"])
    return out


def table_dates(tables: dict[str, tuple[pd.DataFrame, dict]]) -> list[TableDates]:
    """Oldest and newest ``as_of`` per table."""
    return [
        TableDates(name, len(t), pd.Timestamp(t["as_of"].min()).date(), pd.Timestamp(t["as_of"].max()).date())
        for name, (t, _) in tables.items()
    ]


def newest_check(tables: dict[str, tuple[pd.DataFrame, dict]]) -> date:
    """The most recent ``as_of`` anywhere in the data: the date of the last review."""
    return max(d.newest for d in table_dates(tables))


def chapter_reviews(root: Path | None = None) -> dict[str, date]:
    """Each chapter's "last reviewed" date, from ``_config.yml`` (``reviewed_<chapter>`` substitutions)."""
    root = root or _root(None)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    subs = config.get("parse", {}).get("myst_substitutions", {})
    return {
        key.removeprefix("reviewed_"): pd.Timestamp(value).date()
        for key, value in subs.items()
        if key.startswith("reviewed_")
    }


def _fmt(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def render(as_of: date, directory: Path | None = None, *, root: Path | None = None) -> str:
    """The freshness report as Markdown, for the report date ``as_of``."""
    tables = dated_tables(directory)
    cutoff = review_cutoff(as_of)
    out = [
        "# Freshness report",
        "",
        "<!-- Generated by `python -m llmcourse.freshness --write`: edit the data, not this page. -->",
        "",
        f"Report date: **{_fmt(as_of)}**. A row of a fast-moving table (releases, prices, licence terms, events) is due",
        f"for review when its `as_of` is before **{_fmt(cutoff)}** ({REVIEW_MONTHS} months earlier). Rows whose",
        "`verification` is `secondary` or `partial` rest on sources the course could not read in full: each is a",
        "candidate for a better source. Run `make freshness` (or `python -m llmcourse.freshness --date YYYY-MM-DD`)",
        "for another date; the data appendix says how a review cycle works.",
        "",
        "## Chapters: last reviewed",
        "",
        "| chapter | last reviewed |",
        "|---|---|",
    ]
    for chapter, day in chapter_reviews(root or _root(directory)).items():
        out.append(f"| {chapter} | {_fmt(day)} |")
    out += [
        "",
        "## Tables: when their rows were checked",
        "",
        "Dates are `as_of` values; *due* counts fast-moving rows not reviewed in the last 6 months, *weak* the rows",
        "whose `verification` is `secondary` or `partial`.",
        "",
        "| table | rows | oldest | newest | due | weak |",
        "|---|---|---|---|---|---|",
    ]
    for d in table_dates(tables):
        t, _ = tables[d.table]
        stale = len(stale_rows(t, as_of)) if d.table in FAST_MOVING else "n/a"
        out.append(
            f"| `{d.table}` | {d.rows} | {d.oldest.isoformat()} | {d.newest.isoformat()} | {stale} | {len(weak_rows(t))} |"
        )
    out += ["", "## Fast-moving rows not reviewed in the last 6 months", ""]
    any_stale = False
    for name in FAST_MOVING:
        if name not in tables:
            continue
        t, schema = tables[name]
        stale = stale_rows(t, as_of)
        if len(stale):
            any_stale = True
            keys = ", ".join(f"`{k}`" for k in row_key(stale, schema))
            out.append(f"- `{name}` ({len(stale)}): {keys}")
    if not any_stale:
        out.append(f"None: every row of a fast-moving table was checked on or after {_fmt(cutoff)}.")
    out += ["", "## Rows resting on secondary or partial sources", ""]
    for name, (t, schema) in tables.items():
        weak = weak_rows(t)
        if len(weak):
            parts = []
            for level in WEAK:
                rows = weak[weak["verification"] == level]
                if len(rows):
                    parts.append(f"{level} ({len(rows)}): " + ", ".join(f"`{k}`" for k in row_key(rows, schema)))
            out.append(f"- `{name}`: " + "; ".join(parts))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m llmcourse.freshness", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--date", help="report date, YYYY-MM-DD (default: today; with --write/--check: the newest as_of)"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help=f"rewrite {PAGE}")
    mode.add_argument("--check", action="store_true", help=f"exit 1 if {PAGE} is out of date")
    args = parser.parse_args(argv)
    directory = data_dir()
    root = directory.parent
    if args.date:
        try:
            as_of = date.fromisoformat(args.date)
        except ValueError:
            parser.error(f"--date must look like 2026-12-03, not {args.date!r}")
    elif args.write or args.check:
        as_of = newest_check(dated_tables(directory))
    else:
        as_of = date.today()
    text = render(as_of, directory, root=root)
    page = root / PAGE
    if args.write:
        page.write_text(text, encoding="utf-8")
        print(f"wrote {page}")
    elif args.check:
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is out of date: run `make freshness` (python -m llmcourse.freshness --write)")
            return 1
        print(f"{PAGE} is current")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
