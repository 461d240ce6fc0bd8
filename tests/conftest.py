"""Shared fixtures. The book is built once per test session and shared by the HTML and
browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from llmcourse import build as book

ROOT = book.ROOT
HTML = ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def built_book() -> tuple[Path, str]:
    """Build the book exactly as `make book` does; return the HTML folder and the log."""
    result = book.build(ROOT, capture=True)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(f"the strict build failed (exit {result.returncode}):\n{log[-6000:]}")
    return HTML, log


@pytest.fixture(scope="session")
def built_edition():
    """Build an edition (student, instructor) once per session, as `make student` does; return its HTML folder."""
    built: dict[str, Path] = {}

    def make(edition: str) -> Path:
        if edition not in built:
            result = book.build(ROOT, edition=edition, capture=True)
            if result.returncode != 0:
                log = result.stdout + result.stderr
                pytest.fail(f"the strict {edition} build failed (exit {result.returncode}):\n{log[-6000:]}")
            built[edition] = book.output_dir(edition)
        return built[edition]

    return make


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture
def tiny_book(tmp_path: Path):
    """A factory for a one-page, one-notebook book with the course's own configuration."""

    def make(notebook_source: str, page_text: str = "# Home\n") -> Path:
        shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
        (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: lab\n")
        (tmp_path / "index.md").write_text(page_text)
        cells = [nbformat.v4.new_markdown_cell("# Lab"), nbformat.v4.new_code_cell(notebook_source)]
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / "lab.ipynb")
        return tmp_path

    return make
