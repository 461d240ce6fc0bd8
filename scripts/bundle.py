"""Write the student downloads: the labs to run, and the book to read offline.

    python scripts/bundle.py            # (make bundle) both zips, into dist/
    python scripts/bundle.py --no-site  # only the labs

``dist/llm-course-labs.zip`` holds the lab notebooks (with the chapters' text beside
them, which the labs link to), ``data/``, the course package's wheel and one page,
``START-HERE.txt``, that says how to run them on Windows, macOS or Linux with nothing but
Python: ``python -m venv``, ``pip install``, ``jupyter lab``. The wheel carries the data
too, so a lab copied out of the folder alone still runs.

``dist/llm-course-site.zip`` holds the built book (``_build/html``, brought up to date first:
the build's cache makes that quick), which works from disk with no server and no network: unzip, open ``index.html``.

Nothing is fetched: the wheel is built with the setuptools already installed (pinned in
requirements.txt) and no build isolation.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
LABS_ZIP = "llm-course-labs.zip"
SITE_ZIP = "llm-course-site.zip"
LABS_FOLDER = "llm-course-labs"
SITE_FOLDER = "llm-course-site"
FIRST_LAB = "chapters/history/lab.ipynb"

START_HERE = """\
Open versus closed: large language models after Llama 2 -- the labs
====================================================================

This folder holds the course's lab notebooks (chapters/*/lab.ipynb), the data they
analyse (data/), and the course's helper package ({wheel}).
You need Python {python} or later (https://www.python.org/downloads/) and nothing else:
no make, no git. Open a terminal in this folder (Windows: in File Explorer, type
"powershell" in the address bar; macOS: Terminal, then `cd ` and drag this folder in),
then type the three commands for your system. The first two run once; the second
downloads JupyterLab, pandas and plotly (a few minutes).

Windows (PowerShell or Command Prompt)

    py -m venv .venv
    .venv\\Scripts\\python -m pip install {wheel} jupyterlab
    .venv\\Scripts\\jupyter lab

macOS and Linux

    python3 -m venv .venv
    .venv/bin/python -m pip install {wheel} jupyterlab
    .venv/bin/jupyter lab

JupyterLab opens in your browser. Open {first_lab} and choose
Run > Run All Cells. Each lab says at the top how long it takes. Sections called "The live
version" have sliders and menus that redraw the figures as you change them.

Next time, only the last command is needed (from this folder).

Good to know
- The labs read the tables in data/. Change a row (a judgement you disagree with, say)
  and run the lab again: it follows. If a changed table breaks a rule, the lab names the
  file, line and field.
- A single lab runs on its own too, wherever the course's package is installed: it then
  reads the copy of the data inside the package.
- The book itself, to read offline: {site_zip} (unzip, open index.html).
- Stop JupyterLab with Ctrl+C in the terminal (twice), or File > Shut Down.
"""


def build_wheel(dest: Path) -> Path:
    """Build the course package's wheel into ``dest`` with no network (no build isolation)."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # Build from a copy of the sources, so no build/ or egg-info folder is left in the
        # repository.
        source = Path(tmp) / "src"
        shutil.copytree(
            ROOT,
            source,
            ignore=shutil.ignore_patterns(
                ".venv", "_build", "dist", "build", ".git", "*.egg-info", "__pycache__", ".ipynb_checkpoints"
            ),
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--no-deps",
                "--no-build-isolation",
                "--no-index",
                "--wheel-dir",
                str(dest),
                str(source),
            ],
            check=True,
        )
    wheels = sorted(dest.glob("llmcourse-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"expected one llmcourse wheel in {dest}, found {wheels}")
    return wheels[0]


def start_here(wheel_name: str) -> str:
    return START_HERE.format(wheel=wheel_name, python="3.11", first_lab=FIRST_LAB, site_zip=SITE_ZIP)


def _lab_files() -> list[Path]:
    chapters = ROOT / "chapters"
    files = [
        p
        for p in chapters.rglob("*")
        if p.is_file() and p.suffix in (".ipynb", ".md") and ".ipynb_checkpoints" not in p.parts
    ]
    files += [p for p in (ROOT / "data").iterdir() if p.is_file()]
    return sorted(files)


def labs_zip(dest: Path = DIST) -> Path:
    """Write ``llm-course-labs.zip`` into ``dest``; return its path."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_wheel(Path(tmp))
        target = dest / LABS_ZIP
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{LABS_FOLDER}/START-HERE.txt", start_here(wheel.name))
            archive.write(wheel, f"{LABS_FOLDER}/{wheel.name}")
            for path in _lab_files():
                archive.write(path, f"{LABS_FOLDER}/{path.relative_to(ROOT).as_posix()}")
    return target


def site_zip(html: Path, dest: Path = DIST) -> Path:
    """Write ``llm-course-site.zip`` (the built book under ``html``) into ``dest``."""
    if not (html / "index.html").is_file():
        raise SystemExit(f"no built book in {html}: run `make book` first")
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / SITE_ZIP
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(html.rglob("*")):
            if path.is_file() and path.name != ".buildinfo":
                archive.write(path, f"{SITE_FOLDER}/{path.relative_to(html).as_posix()}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-site", action="store_true", help="only the labs' zip")
    args = parser.parse_args(argv)
    written = [labs_zip()]
    if not args.no_site:
        sys.path.insert(0, str(ROOT / "src"))
        from llmcourse import build as book

        if book.build(ROOT).returncode != 0:
            return 1
        written.append(site_zip(ROOT / "_build" / "html"))
    for path in written:
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
