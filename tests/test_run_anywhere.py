"""The labs away from the repository, as a student gets them.

One fresh virtual environment, made the way the student download's START-HERE.txt says
(``python -m venv``, ``pip install <the wheel> jupyterlab``) in an empty folder where the
download was unzipped, serves every test here:

* a lab copied alone into an empty folder (no data/ anywhere above it) runs from the wheel,
  for every lab: the package ships its data;
* a lab in the unzipped download runs, reading the download's data/.

Installing needs the wheels of JupyterLab, pandas and plotly. They are kept in
``_build/wheelhouse`` and installed with ``--no-index``: only the first run on a machine
fetches them, from the package index.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WHEELHOUSE = ROOT / "_build" / "wheelhouse"
LABS = sorted(p for p in (ROOT / "chapters").rglob("lab.ipynb") if ".ipynb_checkpoints" not in p.parts)

_spec = importlib.util.spec_from_file_location("bundle", ROOT / "scripts" / "bundle.py")
bundle = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle)

pytestmark = pytest.mark.anywhere


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a student's terminal: nothing pointing back at the repository."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "LLMCOURSE_DATA", "LLMCOURSE_BOOK_BUILD")
        and not k.startswith("JUPYTER")
    }
    env["PATH"] = os.pathsep.join(
        [str(venv / "bin"), *[p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT))]]
    )
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    return env


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, text=True, capture_output=True, timeout=timeout)
    assert result.returncode == 0, (
        f"{' '.join(command)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    )
    return result


def _commands(start_here: str, system: str) -> list[str]:
    """The indented command lines under a system's heading in START-HERE.txt."""
    block = start_here.split(system, 1)[1].split("\n\n", 2)[1]
    return [line.strip() for line in block.splitlines() if line.startswith("    ")]


def _constraints(tmp: Path) -> Path:
    path = tmp / "constraints.txt"
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("-e")) + "\n")
    return path


def _fill_wheelhouse(wanted: list[str], constraints: Path) -> None:
    """Make sure _build/wheelhouse holds every wheel ``wanted`` needs; fetch only what is missing."""
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    base = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--quiet",
        "--dest",
        str(WHEELHOUSE),
        "--only-binary",
        ":all:",
        "-c",
        str(constraints),
        *wanted,
    ]
    offline = subprocess.run([*base, "--no-index", "--find-links", str(WHEELHOUSE)], capture_output=True, text=True)
    if offline.returncode != 0:
        subprocess.run(base, check=True, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def student(tmp_path_factory):
    """An unzipped student download with its virtual environment, set up as START-HERE.txt says."""
    zipped = bundle.labs_zip(tmp_path_factory.mktemp("dist"))
    home = tmp_path_factory.mktemp("student")
    assert not any(home.iterdir()), "start from an empty folder"
    with zipfile.ZipFile(zipped) as archive:
        archive.extractall(home)
    folder = home / bundle.LABS_FOLDER
    start_here = (folder / "START-HERE.txt").read_text()
    venv = folder / ".venv"
    env = _clean_env(venv)

    make_venv, install, launch = _commands(start_here, "macOS and Linux")
    assert make_venv == "python3 -m venv .venv" and launch == ".venv/bin/jupyter lab"
    windows = _commands(start_here, "Windows (PowerShell or Command Prompt)")
    assert windows[1].replace("\\", "/").replace("/Scripts/", "/bin/") == install and len(windows) == 3

    _run([sys.executable, "-m", "venv", ".venv"], folder, env)  # python3, whichever runs the tests
    wanted = install.split("pip install ", 1)[1].split()
    _fill_wheelhouse([str(folder / w) if w.endswith(".whl") else w for w in wanted], _constraints(home))
    _run([*install.split(), "--no-index", "--find-links", str(WHEELHOUSE)], folder, env, timeout=900)

    kernels = json.loads(_run([str(venv / "bin" / "jupyter"), "kernelspec", "list", "--json"], folder, env).stdout)
    python3 = kernels["kernelspecs"]["python3"]["spec"]["argv"][0]
    assert Path(python3).resolve().is_relative_to(venv.resolve()) or python3 == "python", (
        f"the notebooks' kernel must be the new environment's, not {python3}"
    )
    return folder, venv, env


def _execute(notebook: Path, venv: Path, env: dict[str, str]) -> None:
    _run([str(venv / "bin" / "jupyter"), "execute", "--timeout=120", notebook.name], notebook.parent, env)


def test_start_here_works_in_a_fresh_environment(student):
    """Unzip, follow START-HERE.txt, run the first lab: it reads the download's data/."""
    folder, venv, env = student
    found = _run(
        [str(venv / "bin" / "python"), "-c", "import llmcourse; print(llmcourse.data_dir())"],
        folder / "chapters" / "history",
        env,
    ).stdout.strip()
    assert Path(found) == folder / "data"
    _execute(folder / bundle.FIRST_LAB, venv, env)


def test_the_wheel_ships_the_data_and_its_dependencies(student):
    folder, venv, env = student
    python = str(venv / "bin" / "python")
    empty = folder.parent / "empty"
    empty.mkdir(exist_ok=True)
    found = _run([python, "-c", "import llmcourse; print(llmcourse.data_dir())"], empty, env).stdout.strip()
    assert re.search(r"site-packages/llmcourse/coursedata$", found), found
    # Nothing of the repository's: the package is the installed wheel's.
    where = _run([python, "-c", "import llmcourse; print(llmcourse.__file__)"], empty, env).stdout
    assert str(ROOT) not in where


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.parent.name)
def test_a_lab_copied_alone_runs_from_the_wheel(student, lab, tmp_path):
    _, venv, env = student
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(lab, alone / "lab.ipynb")
    _execute(alone / "lab.ipynb", venv, env)


@pytest.mark.build
def test_offline_site_zip_holds_the_whole_book(built_book, tmp_path):
    """The second download: the built book, unzipped anywhere, with every page and asset it
    links to inside (the browser test checks the same site works from file://)."""
    from bs4 import BeautifulSoup

    html, _ = built_book
    with zipfile.ZipFile(bundle.site_zip(html, tmp_path)) as archive:
        archive.extractall(tmp_path / "unzipped")
    site = tmp_path / "unzipped" / bundle.SITE_FOLDER
    pages = sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)  # _static: theme templates
    assert (site / "index.html").is_file()
    assert len(pages) == len([p for p in html.rglob("*.html") if "_static" not in p.parts])
    missing = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("a", "href")):
            for element in soup.find_all(tag):
                target = (element.get(attr) or "").split("#")[0].split("?")[0]
                if target and "://" not in target and not target.startswith(("mailto:", "data:", "javascript:")):
                    if not (page.parent / target).exists():
                        missing.append(f"{page.relative_to(site)} -> {target}")
    assert not missing, missing[:10]
