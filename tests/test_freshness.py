"""The freshness report: stale and weakly sourced rows are found, the appendix page is current,
and every chapter shows its "last reviewed" date from the one place it is kept."""

from datetime import date

import pandas as pd
import pytest

from llmcourse import freshness
from llmcourse.data import data_dir

pytestmark = pytest.mark.slow  # builds the freshness report: seconds; left out of `make check`

ROOT = data_dir().parent
CHAPTERS = ["history", "licensing", "strategy", "safety", "forks", "capability", "press", "epilogue"]


def _rows(*as_of, verification="primary"):
    return pd.DataFrame(
        {"id": [f"r{i}" for i in range(len(as_of))], "as_of": pd.to_datetime(list(as_of)), "verification": verification}
    )


def test_a_row_older_than_six_months_is_stale_and_a_newer_one_is_not():
    rows = _rows("2026-05-31", "2026-06-03", "2026-11-30")
    stale = freshness.stale_rows(rows, date(2026, 12, 3))
    assert list(stale.id) == ["r0"], "cut-off is 3 June 2026: checked that day counts as reviewed"


def test_the_cutoff_moves_with_the_report_date():
    rows = _rows("2026-11-23")
    assert freshness.stale_rows(rows, date(2027, 5, 23)).empty
    assert list(freshness.stale_rows(rows, date(2027, 5, 24)).id) == ["r0"]


def test_secondary_and_partial_rows_are_weak_primary_rows_are_not():
    rows = pd.concat(
        [
            _rows("2026-11-23"),
            _rows("2026-11-23", verification="partial"),
            _rows("2026-11-23", verification="secondary"),
        ],
        ignore_index=True,
    )
    assert list(freshness.weak_rows(rows).verification) == ["partial", "secondary"]


def test_report_for_a_later_date_lists_the_fast_moving_rows_by_key():
    text = freshness.render(date(2027, 12, 1))
    stale = text.split("## Fast-moving rows not reviewed in the last 6 months")[1].split("## Rows resting")[0]
    every_release = len(freshness.dated_tables()["llm_releases"][0])  # all checked before June 2027
    assert f"`llm_releases` ({every_release})" in stale and "`gpt-4o`" in stale
    assert "`capability_api_prices`" in stale
    assert "capability_benchmarks" not in stale, "only fast-moving tables are listed"


def test_report_lists_weakly_sourced_rows_with_their_level():
    text = freshness.render(date(2026, 12, 3))
    weak = text.split("## Rows resting on secondary or partial sources")[1]
    assert "`capability_mmlu`: partial" in weak and "`flan-palm`" in weak
    releases = next(line for line in weak.splitlines() if line.startswith("- `llm_releases`"))
    assert "`gpt-4o`" in releases and "`llama-3.1-405b`" not in releases  # secondary; primary


def test_committed_appendix_page_is_current():
    tables = freshness.dated_tables()
    expected = freshness.render(freshness.newest_check(tables))
    assert (ROOT / freshness.PAGE).read_text(encoding="utf-8") == expected, (
        "chapters/appendix/freshness.md is out of date: run `make freshness`"
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_shows_its_review_date_from_the_config(chapter):
    reviews = freshness.chapter_reviews(ROOT)
    assert chapter in reviews, f"_config.yml has no reviewed_{chapter}"
    assert reviews[chapter] <= date.today()
    text = (ROOT / "chapters" / chapter / "narrative.md").read_text(encoding="utf-8")
    assert "{{ reviewed_%s }}" % chapter in text.split("\n## ")[0], "the date shows at the top of the chapter"


def test_command_line_rejects_a_bad_date(capsys):
    with pytest.raises(SystemExit):
        freshness.main(["--date", "3 December"])
    assert "--date must look like" in capsys.readouterr().err


def test_command_line_prints_the_report_for_a_given_date(capsys):
    assert freshness.main(["--date", "2026-12-03"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Freshness report") and "Report date: **3 December 2026**" in out
