"""Launch links: one setting (repository.url in _config.yml) turns on the labs' Binder, Colab
and JupyterHub (nbgitpuller) buttons; the repository carries what Binder needs to build."""

from __future__ import annotations

import shutil
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup

from llmcourse import build as book

ROOT = book.ROOT
SAMPLE_REPO = "https://github.com/example-org/llm-course"
SAMPLE_HUB = "https://hub.example.edu"
LAB = "chapters/history/lab.ipynb"


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_launch_buttons_wait_only_for_the_repository_url():
    config = _config()
    buttons = config["launch_buttons"]
    assert buttons["binderhub_url"] == "https://mybinder.org"
    assert buttons["colab_url"] == "https://colab.research.google.com"
    assert buttons["notebook_interface"] == "jupyterlab"
    assert "url" in config["repository"] and config["repository"]["branch"]


def test_binder_builds_from_the_pinned_requirements():
    """repo2docker uses binder/ when it exists: the same pinned set as `make`, on the same Python."""
    lines = [line.strip() for line in (ROOT / "binder" / "requirements.txt").read_text().splitlines()]
    assert "-r ../requirements.txt" in lines
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines(), "Binder installs the course's package"
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime.startswith("python-3.")
    assert "Python " + runtime.removeprefix("python-") in (ROOT / "requirements.txt").read_text()


@pytest.mark.build
def test_a_repository_url_turns_on_each_launch_link(tmp_path):
    """A small book with the course's configuration, a notebook at a lab's path (not executed:
    only the page's header matters) and a sample repository and hub: each launch link is there and
    points at that lab in that repository."""
    config = _config()
    config["repository"].update(url=SAMPLE_REPO, branch="main")
    config["launch_buttons"]["jupyterhub_url"] = SAMPLE_HUB
    config["execute"]["execute_notebooks"] = "off"
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: chapters/history/lab\n")
    (tmp_path / "index.md").write_text("# Home\n")
    (tmp_path / "chapters" / "history").mkdir(parents=True)
    # A stand-in at the lab's path (the links depend on the path only), so the small book
    # needs none of the pages a real lab links to.
    cells = [nbformat.v4.new_markdown_cell("# Lab"), nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(
        nbformat.v4.new_notebook(cells=cells, metadata=nbformat.read(ROOT / LAB, 4).metadata), tmp_path / LAB
    )
    for extra in ("references.bib",):
        if (ROOT / extra).exists():
            shutil.copy(ROOT / extra, tmp_path / extra)
    result = book.build(tmp_path, capture=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

    page = BeautifulSoup((tmp_path / "_build/html/chapters/history/lab.html").read_text(), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in page.select(".dropdown-launch-buttons a")}
    assert set(links) == {"Binder", "JupyterHub", "Colab"}, links

    assert links["Binder"] == f"https://mybinder.org/v2/gh/example-org/llm-course/main?urlpath=lab/tree/{LAB}"
    assert links["Colab"] == f"https://colab.research.google.com/github/example-org/llm-course/blob/main/{LAB}"
    hub = urlsplit(links["JupyterHub"])
    assert f"{hub.scheme}://{hub.netloc}{hub.path}" == f"{SAMPLE_HUB}/hub/user-redirect/git-pull"
    query = {key: values[0] for key, values in parse_qs(hub.query).items()}
    assert query == {"repo": SAMPLE_REPO, "branch": "main", "urlpath": f"lab/tree/llm-course/{LAB}"}
    # Every link names a file that exists in the repository.
    assert (ROOT / LAB).is_file()
