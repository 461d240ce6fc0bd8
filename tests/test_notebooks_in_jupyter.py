"""The labs as a student opens them in Jupyter (not in the book): links that work, one kernel
name, and a first cell that installs the course's package on Colab, Binder or a JupyterHub
while never running, and never touching the network, anywhere else."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)

_spec = importlib.util.spec_from_file_location("set_repository", ROOT / "scripts" / "set_repository.py")
set_repository = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(set_repository)


def _id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _read(path: Path):
    return nbformat.read(path, as_version=4)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_markdown_has_no_book_only_roles(path):
    """Jupyter shows a MyST role such as {doc}`chapter <narrative>` as raw text; a plain
    Markdown link works in Jupyter and MyST-NB resolves it in the book."""
    for i, cell in enumerate(_read(path).cells):
        if cell.cell_type == "markdown":
            roles = re.findall(r"\{[a-z][a-z:-]*\}`[^`]*`", cell.source)
            assert not roles, f"cell {i}: {roles} shows raw in Jupyter; write a Markdown link [text](file.md)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_markdown_links_to_files_exist(path):
    for i, cell in enumerate(_read(path).cells):
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)\s#]+\.(?:md|ipynb))(?:#[^)]*)?\)", cell.source):
            if "://" not in target:
                assert (path.parent / target).is_file(), f"cell {i}: link to {target}, which does not exist"


def test_one_kernel_name_across_labs():
    """JupyterLab rewrites a kernelspec that differs from the kernel it starts ("Python 3"
    becomes "Python 3 (ipykernel)"), which marks a notebook modified as soon as it opens."""
    specs = {_id(p): dict(_read(p).metadata["kernelspec"]) for p in NOTEBOOKS}
    assert set(map(str, specs.values())) == {
        str({"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"})
    }, specs


def _install_cell(path: Path):
    cells = [c for c in _read(path).cells if c.cell_type == "code"]
    assert cells and cells[0].get("id") == set_repository.CELL_ID, (
        "the first code cell installs the course's package where it is missing: run `python scripts/set_repository.py`"
    )
    return cells[0]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_id)
def test_first_cell_installs_the_course_from_the_configured_repository(path):
    cell = _install_cell(path)
    url, branch = set_repository.configured()
    assert cell.source == set_repository.install_cell_source(url, branch), (
        "the install cell does not match repository.url in _config.yml: run `python scripts/set_repository.py`"
    )
    assert "remove-cell" in cell.metadata.get("tags", []), "the install cell is plumbing: hidden in the book"
    others = [c.source for c in _read(path).cells if c.cell_type == "code"][1:]
    assert not any(re.search(r"^\s*[%!]\s*pip\b|pip install", s, re.MULTILINE) for s in others), (
        "only the guarded first cell may install anything"
    )


_FIND_SPEC = importlib.util.find_spec


class _FakeIPython:
    def __init__(self):
        self.magics: list[tuple[str, str]] = []

    def run_line_magic(self, name, line, _stack_depth=1):
        self.magics.append((name, line))


def _run_install_cell(source: str, monkeypatch, *, hosted: dict[str, str], installed: bool, colab: bool = False):
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(source)
    shell = _FakeIPython()
    for name in ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "JUPYTERHUB_API_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in hosted.items():
        monkeypatch.setenv(name, value)
    if colab:
        monkeypatch.setitem(sys.modules, "google.colab", object())
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: (_FIND_SPEC(name, *a) if installed else None) if name == "llmcourse" else _FIND_SPEC(name, *a),
    )
    exec(compile(code, "install-cell", "exec"), {"get_ipython": lambda: shell})
    return shell.magics


def test_install_cell_is_silent_on_a_local_machine(monkeypatch):
    """A normal local run (package installed, or not: no hosted service) installs nothing."""
    source = set_repository.install_cell_source("https://github.com/example/course")
    assert _run_install_cell(source, monkeypatch, hosted={}, installed=True) == []
    assert _run_install_cell(source, monkeypatch, hosted={}, installed=False) == []
    # Binder's image already has it (binder/requirements.txt): nothing to do either.
    assert _run_install_cell(source, monkeypatch, hosted={"BINDER_LAUNCH_HOST": "x"}, installed=True) == []


@pytest.mark.parametrize(
    "where",
    [{"colab": True}, {"hosted": {"JUPYTERHUB_API_URL": "http://hub/api"}}, {"hosted": {"BINDER_REPO_URL": "x"}}],
    ids=["colab", "jupyterhub", "binder"],
)
def test_install_cell_installs_from_the_repository_where_hosted(monkeypatch, where):
    source = set_repository.install_cell_source("https://github.com/example/course", "main")
    magics = _run_install_cell(
        source, monkeypatch, hosted=where.get("hosted", {}), installed=False, colab=where.get("colab", False)
    )
    assert len(magics) == 1 and magics[0][0] == "pip"
    # IPython expands {COURSE_REPOSITORY} in the magic's line before pip sees it.
    assert "llmcourse @ git+{COURSE_REPOSITORY}@main" in magics[0][1]


@pytest.mark.build
def test_tables_in_the_labs_show_their_text_in_full(built_book):
    """pandas cuts long cells at 50 characters with "..."; the calculators' reasons are their
    point, so lc.setup() turns that off, and no lab table in the book ends a cell with "..."."""
    from bs4 import BeautifulSoup

    html, _ = built_book
    cut = []
    for page in sorted(html.glob("chapters/*/lab.html")):
        for cell in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("table td"):
            text = cell.get_text(" ", strip=True)
            if text.endswith("...") and len(text) >= 45:
                cut.append(f"{page.parent.name}: {text[-60:]}")
    assert not cut, cut[:5]
