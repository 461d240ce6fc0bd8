"""The three editions: the student edition has no solution and no instructor page, the
instructor edition has all of them, unfolded; the reader edition keeps them folded.

Solutions are found in the narratives' sources and looked for in the built pages by a
phrase of their text, so a new exercise is checked without touching this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from llmcourse import build as book

ROOT = book.ROOT
NARRATIVES = sorted((ROOT / "chapters").rglob("narrative.md"))
INSTRUCTOR_PAGES = [
    entry
    for part in yaml.safe_load((ROOT / book.INSTRUCTOR_PART).read_text())["parts"]
    for chapter in part["chapters"]
    for entry in [chapter["file"], *(s["file"] for s in chapter.get("sections", []))]
]


def _plain(text: str) -> str:
    """Text as a reader sees it: one kind of quote and dash, single spaces."""
    for fancy, plain in (
        ("\u2018", "'"),
        ("\u2019", "'"),
        ("\u201c", '"'),
        ("\u201d", '"'),
        ("\u2013", "-"),
        ("\u2014", "-"),
        ("\u00a0", " "),
    ):
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text)


def _probe(source: str) -> str:
    """The longest stretch of plain words in a solution's source: it survives rendering unchanged."""
    source = re.sub(r"\{\w+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", source)  # roles: keep their text
    source = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", source)  # links: keep their text
    runs = re.findall(r"[A-Za-z0-9][A-Za-z0-9 ,;]*[A-Za-z0-9]", source.replace("\n", " "))
    return _plain(max(runs, key=len))


def solutions() -> list[tuple[str, str, str]]:
    """(page, exercise label, probe phrase) for every solution in every narrative."""
    found = []
    for path in NARRATIVES:
        text = path.read_text(encoding="utf-8")
        page = str(path.relative_to(ROOT).with_suffix(".html"))
        for label, body in re.findall(r"^:::\{solution\} (\S+)\n:class: dropdown\n(.*?)^:::$", text, flags=re.M | re.S):
            found.append((page, label, _probe(body)))
    return found


SOLUTIONS = solutions()


def _page_text(html: Path, page: str) -> str:
    return _plain(BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser").get_text(" "))


def test_every_solution_has_a_probe_long_enough_to_be_unique():
    assert len(SOLUTIONS) >= 24, "eight chapters with at least three exercises each"
    for page, label, probe in SOLUTIONS:
        assert len(probe) >= 25, f"{page} {label}: no distinctive phrase ({probe!r})"


# Unit checks of the edition settings (fast: no build).


def test_edition_settings():
    assert book.output_dir() == ROOT / "_build" / "html", "the reader edition stays where `make book` puts it"
    assert book.output_dir("student") == ROOT / "_build" / "student" / "html"
    assert book.overrides("student")["hide_solutions"] is True
    assert "hide_solutions" not in book.overrides("instructor")
    shared = {book.overrides(e)["nb_execution_cache_path"] for e in ("student", "instructor")}
    assert shared == {str(ROOT / "_build" / ".jupyter_cache")}, "one execution cache for all editions"
    with pytest.raises(ValueError, match="choose one of reader, student, instructor"):
        book.overrides("teacher")


def test_instructor_toc_is_the_reader_toc_plus_the_instructor_part():
    reader = yaml.safe_load((ROOT / "_toc.yml").read_text())
    instructor = yaml.safe_load(book.toc("instructor").read_text())
    assert instructor["parts"][: len(reader["parts"])] == reader["parts"]
    assert instructor["parts"][-1]["caption"] == "For instructors"
    assert book.toc("student") == ROOT / "_toc.yml"
    for page in INSTRUCTOR_PAGES:
        assert (ROOT / page).with_suffix(".md").exists(), page


# The built editions (slow: each is a full strict build, sharing the notebook cache).


@pytest.mark.build
def test_student_edition_has_no_solution(built_edition):
    html = built_edition("student")
    for page, label, probe in SOLUTIONS:
        assert probe not in _page_text(html, page), f"{page}: the solution of {label} is in the student edition"
    for page in html.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.select(".solution"), f"{page.relative_to(html)} has a solution block"


@pytest.mark.build
def test_student_edition_has_no_instructor_page(built_edition):
    html = built_edition("student")
    assert (html / "chapters" / "history" / "lab.html").exists(), "the labs are in the student edition"
    for page in INSTRUCTOR_PAGES:
        assert not (html / page).with_suffix(".html").exists(), f"{page} is in the student edition"
    leaks = [
        str(p.relative_to(html))
        for p in html.rglob("*")
        if p.suffix in {".html", ".js"} and "chapters/instructor" in p.read_text(encoding="utf-8", errors="ignore")
    ]
    assert not leaks, f"pages or search index that point to instructor pages: {leaks}"
    assert "This is the student edition" in _page_text(html, "chapters/index.html")


@pytest.mark.build
def test_instructor_edition_has_every_solution_unfolded_and_every_instructor_page(built_edition):
    html = built_edition("instructor")
    for page, label, probe in SOLUTIONS:
        assert probe in _page_text(html, page), f"{page}: the solution of {label} is missing ({probe!r})"
    for page in sorted({p for p, _, _ in SOLUTIONS}):
        soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
        blocks = soup.select("div.solution")
        assert blocks and not [b for b in blocks if "dropdown" in b.get("class", [])], f"{page}: folded solutions"
    front = html / "chapters" / "index.html"
    links = {
        (front.parent / a["href"].split("#")[0]).resolve()
        for a in BeautifulSoup(front.read_text(encoding="utf-8"), "html.parser").select("nav a[href]")
    }
    for page in INSTRUCTOR_PAGES:
        built = (html / page).with_suffix(".html")
        assert built.exists(), f"{page} is missing from the instructor edition"
        assert built.resolve() in links, f"{page} is not in the navigation"


@pytest.mark.build
def test_reader_edition_keeps_solutions_folded_and_no_instructor_page(built_book):
    html, _ = built_book
    for page, label, probe in SOLUTIONS:
        assert probe in _page_text(html, page), f"{page}: the solution of {label} is missing"
    for page in sorted({p for p, _, _ in SOLUTIONS}):
        soup = BeautifulSoup((html / page).read_text(encoding="utf-8"), "html.parser")
        assert all("dropdown" in b.get("class", []) for b in soup.select("div.solution")), f"{page}: unfolded"
    for page in INSTRUCTOR_PAGES:
        assert not (html / page).with_suffix(".html").exists(), f"{page} is in the reader edition"


@pytest.mark.build
@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_every_edition_draws_the_same_figures_as_the_reader(built_book, built_edition, edition):
    """The labs are the same pages in every edition: same figures, plotly.js served locally."""
    reader, _ = built_book
    html = built_edition(edition)
    labs = sorted(p.relative_to(reader) for p in (reader / "chapters").glob("*/lab.html"))
    assert len(labs) == len(NARRATIVES)
    for lab in labs:
        expected = len(
            BeautifulSoup((reader / lab).read_text(encoding="utf-8"), "html.parser").select(".plotly-graph-div")
        )
        page = BeautifulSoup((html / lab).read_text(encoding="utf-8"), "html.parser")
        assert expected > 0 and len(page.select(".plotly-graph-div")) == expected, f"{edition} {lab}"
        scripts = [s.get("src", "") for s in page.find_all("script")]
        assert any("plotly.min.js" in s and not s.startswith("http") for s in scripts), f"{edition} {lab}: plotly.js"
