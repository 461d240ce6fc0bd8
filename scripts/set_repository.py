"""Name the course's public repository: turns on the launch buttons and the install cell.

    python scripts/set_repository.py https://github.com/OWNER/REPO [--branch main]

writes the URL (and branch) into ``_config.yml`` (``repository.url``, which turns on
Jupyter Book's Binder and Colab buttons, and the JupyterHub one where ``jupyterhub_url``
is set) and into the first cell of every lab, which installs the course's package on
Colab, Binder or a JupyterHub when it is missing. The test suite checks that the two
agree, so ``_config.yml`` stays the one setting; this script only copies it.

Run with no URL to insert or refresh the install cell from ``_config.yml`` (for a new lab).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat
import yaml

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "install-course"

INSTALL_CELL = '''\
# On Colab, Binder or a JupyterHub without the course's package, install it; elsewhere
# (your own machine, the book's build) this cell does nothing and touches no network.
import importlib.util
import os
import sys

COURSE_REPOSITORY = "{url}"  # repository.url in _config.yml
hosted = "google.colab" in sys.modules or any(
    name in os.environ for name in ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "JUPYTERHUB_API_URL")
)
if hosted and importlib.util.find_spec("llmcourse") is None:
    %pip install --quiet "llmcourse @ git+{{COURSE_REPOSITORY}}@{branch}"'''


def install_cell_source(url: str, branch: str = "main") -> str:
    return INSTALL_CELL.format(url=url, branch=branch)


def configured() -> tuple[str, str]:
    """The repository URL and branch named in ``_config.yml``."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repository = config.get("repository") or {}
    return (repository.get("url") or "").strip(), (repository.get("branch") or "main").strip()


def labs() -> list[Path]:
    return sorted(p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def write_config(url: str, branch: str) -> None:
    path = ROOT / "_config.yml"
    text = path.read_text(encoding="utf-8")
    block = re.compile(r"^repository:\n(?:  .*\n)*", re.MULTILINE)
    if not block.search(text):
        raise SystemExit("_config.yml has no `repository:` block")
    text = block.sub(f'repository:\n  url: "{url}"\n  branch: "{branch}"\n  path_to_book: ""\n', text, count=1)
    path.write_text(text, encoding="utf-8")


def write_install_cells(url: str, branch: str) -> None:
    source = install_cell_source(url, branch)
    for path in labs():
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if c.get("id") == CELL_ID]
        if cells:
            cells[0].source = source
        else:
            cell = nbformat.v4.new_code_cell(source)
            cell.id = CELL_ID
            cell.metadata["tags"] = ["remove-cell"]
            nb.cells.insert(1, cell)  # after the lab's title and introduction
        nbformat.write(nb, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="https://github.com/OWNER/REPO")
    parser.add_argument("--branch", default=None)
    args = parser.parse_args(argv)
    url, branch = configured()
    if args.url is not None:
        url = args.url.rstrip("/").removesuffix(".git")
        branch = args.branch or branch
        write_config(url, branch)
    write_install_cells(url, branch)
    print(f"repository: {url or '(none: launch buttons off)'}, branch {branch}; {len(labs())} labs updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
