"""Shared fixtures. The book is built once per test session and shared by the HTML and
browser tests; one local server and one headless Chromium serve every browser test.

Chromium is Debian's package (``apt-get install -y chromium``). Where it is missing the
browser tests skip with a message, except under ``CI=true``, where a skip would hide a
broken set-up and so fails."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from llmcourse import build as book
from llmcourse.pageweight import CHROMIUM, CHROMIUM_ARGS

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
        shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")  # named in _config.yml
        (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: lab\n")
        (tmp_path / "index.md").write_text(page_text)
        cells = [nbformat.v4.new_markdown_cell("# Lab"), nbformat.v4.new_code_cell(notebook_source)]
        nb = nbformat.v4.new_notebook(cells=cells)
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / "lab.ipynb")
        return tmp_path

    return make


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def _serve(html: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port) while the block runs; give its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site(built_book):
    """The built book served on 127.0.0.1 (a free port): its HTML folder and its base URL."""
    html, _ = built_book
    with _serve(html) as base:
        yield html, base


@pytest.fixture(scope="session")
def edition_site(built_edition):
    """Serve an edition (student, instructor), built once by ``built_edition``: its HTML folder and base URL."""
    with contextlib.ExitStack() as stack:
        served: dict[str, tuple[Path, str]] = {}

        def serve(edition: str) -> tuple[Path, str]:
            if edition not in served:
                html = built_edition(edition)
                served[edition] = html, stack.enter_context(_serve(html))
            return served[edition]

        yield serve


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (under CI=true the browser test may not be skipped)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# The press tables, shared by the data tests and the press chapter's tests.
@pytest.fixture(scope="module")
def claims():
    import llmcourse as lc

    return lc.load("press_claims")


@pytest.fixture(scope="module")
def articles():
    import llmcourse as lc

    return lc.load("press_articles")
