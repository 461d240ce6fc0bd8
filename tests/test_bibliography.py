"""The bibliography: every source a chapter cites is defined, checked, and points where it says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
BIB = parse_file(str(ROOT / "references.bib")).entries
PAGES = sorted((ROOT / "chapters").rglob("*.md")) + sorted((ROOT / "chapters").rglob("*.ipynb"))
CITE = re.compile(r"\{footcite[a-z]*\}`([^`]+)`")
#: The words of data/README.md, plus "unconfirmed" for a source nothing was found for.
LEVELS = {"primary", "partial", "secondary", "unconfirmed"}
VERDICT = re.compile(r"^\d{4}-\d{2}-\d{2}: (confirmed|corrected|partly confirmed|unconfirmed)\b")


def cited_keys() -> dict[str, list[str]]:
    """Each cited key and the pages that cite it."""
    cited: dict[str, list[str]] = {}
    for page in PAGES:
        for group in CITE.findall(page.read_text(encoding="utf-8")):
            for key in group.split(","):
                cited.setdefault(key.strip(), []).append(str(page.relative_to(ROOT)))
    return cited


def test_every_cited_source_is_in_the_bibliography():
    missing = {k: pages for k, pages in cited_keys().items() if k not in BIB}
    assert not missing, f"cited but not defined in references.bib: {missing}"


def test_every_entry_is_cited():
    unused = sorted(set(BIB) - set(cited_keys()))
    assert not unused, f"defined but cited by no page (cite it or drop it): {unused}"


@pytest.mark.parametrize("key", sorted(BIB))
def test_entry_carries_its_check(key):
    fields = BIB[key].fields
    assert fields.get("verification") in LEVELS, f"{key}: verification must be one of {sorted(LEVELS)}"
    assert VERDICT.match(fields.get("checked", "")), f"{key}: checked must start 'YYYY-MM-DD: <verdict>'"
    if fields["verification"] != "primary":
        # A reader must be told when the title was not read in the document itself.
        assert fields["checked"].count(" ") > 8, f"{key}: say where (and what) was seen"


@pytest.mark.parametrize("key", sorted(BIB))
def test_address_is_https_and_arxiv_ids_agree(key):
    fields = BIB[key].fields
    url = fields.get("url", "")
    assert url.startswith("https://"), f"{key}: url must be an https address, got {url!r}"
    arxiv = re.fullmatch(r"arXiv:(\d{4}\.\d{4,5})", fields.get("howpublished", ""))
    if arxiv:
        assert url == f"https://arxiv.org/abs/{arxiv.group(1)}", f"{key}: arXiv id and address disagree"
        assert int(fields["year"]) == 2000 + int(arxiv.group(1)[:2]), f"{key}: year is not the arXiv year"
