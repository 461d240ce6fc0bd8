"""Every chapter has the course's shape, and every notebook follows the course's rules.

Chapters and notebooks are discovered, not listed: a new chapter is checked without
touching this file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ROOT / "chapters"
NOTEBOOKS = sorted(p for p in CHAPTERS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
NARRATIVES = sorted(CHAPTERS.rglob("narrative.md"))


def _toc_files() -> set[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = {toc["root"]}

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                found.add(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return found


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_there_are_chapters_and_notebooks():
    assert NARRATIVES and NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS + NARRATIVES, ids=_id)
def test_every_chapter_file_is_in_the_table_of_contents(path):
    assert str(path.relative_to(ROOT).with_suffix("")) in _toc_files()


@pytest.mark.parametrize("path", NARRATIVES, ids=_id)
def test_narrative_has_the_course_shape(path):
    text = path.read_text(encoding="utf-8")
    assert re.search(r"\*\*You will be able to\*\*", text), "learning objectives at the top"
    assert "**Prerequisites:**" in text and "**Time:**" in text
    exercises = re.findall(r"^:::\{exercise\}\n:label: (\S+)", text, flags=re.M)
    solutions = re.findall(r"^:::\{solution\} (\S+)\n:class: dropdown", text, flags=re.M)
    assert len(exercises) >= 3, "at least three exercises"
    assert sorted(exercises) == sorted(solutions), "each exercise has a solution, hidden by default"
    for heading in ("## Questions for discussion", "## Summary", "## What comes next"):
        assert heading in text, f"missing section {heading!r}"
    assert text.index("You will be able to") < text.index("## Exercises") < text.index("## Summary")
    lab = path.with_name("lab.ipynb")
    assert lab.exists(), "each narrative is paired with a lab notebook"


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _live_views(path: Path) -> list[tuple[int, dict]]:
    return [
        (i, cell)
        for i, cell in enumerate(_cells(path))
        if cell["cell_type"] == "code" and re.search(r"\bwidgets\.|live_view\(", "".join(cell["source"]))
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_live_widget_cells_are_skipped_by_the_book(path):
    """No dead control and no widget state in the static book: the book does not run a cell that builds widgets
    (MyST-NB honours skip-execution), and shows nothing of it but its code."""
    for i, cell in _live_views(path):
        tags = cell["metadata"].get("tags", [])
        assert {"skip-execution", "remove-output"} <= set(tags), f"cell {i}: widget cell needs both tags, has {tags}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_each_live_view_has_its_static_twin_and_a_note(path):
    """Every live view names (cell metadata static_twin) the figure that stands in for it in the book: an earlier
    cell that draws a plotly figure, a category grid or a table. Between the two, a note tells book readers where
    the twin is."""
    cells = _cells(path)
    ids = [c.get("id") for c in cells]
    draws = r"go\.Figure|px\.|make_subplots|timeline\(|lc\.category_heatmap\(|HTML\(|display\("  # figure, grid or table
    for i, cell in _live_views(path):
        twin = cell["metadata"].get("static_twin")
        assert twin in ids, f"cell {i}: metadata static_twin must name the id of the figure that stands in for it"
        j = ids.index(twin)
        source = "".join(cells[j]["source"])
        assert j < i and re.search(draws, source), f"cell {i}: its twin, cell {j}, must come earlier and draw a figure"
        notes = ["".join(c["source"]) for c in cells[j:i] if c["cell_type"] == "markdown"]
        assert any("In the book" in n for n in notes), f"cell {i}: no 'In the book' note before the live view"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebook_is_light_and_self_contained(path):
    raw = path.read_text(encoding="utf-8")
    nb = json.loads(raw)
    assert "widgets" not in nb["metadata"], "no saved widget state (run `make outputs`)"
    assert "plotly.min.js" not in raw and "cdn.plot.ly" not in raw, "plotly.js is never stored in a notebook"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        assert not re.search(r"requests\.get|urllib\.request|pd\.read_csv\(['\"]https?:", source), (
            "notebooks must not download anything"
        )
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", "stored outputs contain an error"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebooks_store_no_execution_timestamps(path):
    """Timestamps make every re-run a diff and every merge a conflict; `make outputs` drops them."""
    stamped = [i for i, cell in enumerate(_cells(path)) if "execution" in cell.get("metadata", {})]
    assert not stamped, f"cells {stamped} store execution timestamps: run `make outputs`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_notebooks_are_committed_lean(path):
    """Outputs are built, not committed: a one-row data fix must be a one-row diff. Only the
    small printed results that nbval checks (cells marked NBVAL_CHECK_OUTPUT) are stored."""
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        outputs = cell.get("outputs", [])
        if "# NBVAL_CHECK_OUTPUT" in source:
            size = len(json.dumps(outputs))
            assert outputs and size < 4_000, f"cell {i}: a checked output is stored and small ({size} bytes)"
            assert not any("application/vnd.plotly.v1+json" in o.get("data", {}) for o in outputs), (
                f"cell {i}: check numbers, not figures"
            )
        else:
            assert not outputs, f"cell {i} stores outputs: run `make outputs` (it keeps only checked cells)"
