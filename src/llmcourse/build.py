"""Build the book, strictly, in one of three editions.

``make book`` runs ``python -m llmcourse.build`` (the *reader* edition, into
``_build/html``); ``make student`` and ``make instructor`` run it with ``--edition``:

- **reader**: the book as published: every exercise's solution is in the page, folded;
- **student**: the same pages with every solution left out at build time
  (sphinx-exercise's ``hide_solutions``), for courses that assign the exercises; no
  instructor material. Into ``_build/student/html``;
- **instructor**: solutions shown unfolded, plus a part *For instructors* (the instructor
  guide with answer keys and rubrics, and the question bank), whose table of contents is
  ``_toc.yml`` with the part in ``_toc_instructor.yml`` appended. Into
  ``_build/instructor/html``.

All three read the same sources and share one Jupyter execution cache
(``_build/.jupyter_cache``), so building a second edition re-executes no notebook.

Strict means: a Sphinx warning is an error (``-W``, all of them reported thanks to
``--keep-going``), every cross-reference must resolve (``-n``, nitpicky), and a
notebook cell that raises stops the build (``nb_execution_raise_on_error`` in
``_config.yml``). The tests and the benchmark call :func:`build` so that all of them
build the book the same way.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
STRICT_FLAGS = ("--warningiserror", "--nitpick", "--keep-going")
EDITIONS = ("reader", "student", "instructor")
INSTRUCTOR_PART = "_toc_instructor.yml"


def output_dir(edition: str = "reader", source: Path = ROOT) -> Path:
    """Where an edition's HTML goes: ``_build/html`` for the reader, else ``_build/<edition>/html``."""
    _check_edition(edition)
    return source / "_build" / "html" if edition == "reader" else source / "_build" / edition / "html"


def overrides(edition: str, source: Path = ROOT) -> dict[str, Any]:
    """The Sphinx settings an edition changes on top of ``_config.yml``."""
    _check_edition(edition)
    settings: dict[str, Any] = {"llmcourse_edition": edition}
    if edition == "student":
        settings["hide_solutions"] = True
    if edition != "reader":
        # One execution cache for every edition: a notebook runs once, whichever is built first.
        settings["nb_execution_cache_path"] = str(source / "_build" / ".jupyter_cache")
    return settings


def toc(edition: str, source: Path = ROOT) -> Path:
    """The table of contents of an edition (written to ``_build/<edition>/`` for the instructor)."""
    _check_edition(edition)
    if edition != "instructor":
        return source / "_toc.yml"
    contents = yaml.safe_load((source / "_toc.yml").read_text(encoding="utf-8"))
    extra = yaml.safe_load((source / INSTRUCTOR_PART).read_text(encoding="utf-8"))
    contents["parts"] = [*contents["parts"], *extra["parts"]]
    target = source / "_build" / edition / "_toc.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(contents, sort_keys=False), encoding="utf-8")
    return target


def _check_edition(edition: str) -> None:
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: choose one of {', '.join(EDITIONS)}")


#: Modules the build never needs, kept from being imported (see :func:`jupyter_book_main`).
UNNEEDED_MODULES = ("rfc3987_syntax",)


def jupyter_book_main(arguments: list[str] | None = None) -> int:
    """``jupyter-book`` itself, without a second and a half of start-up that builds nothing.

    jupyter-book validates its configuration with jsonschema, and importing jsonschema
    imports ``rfc3987_syntax`` when it is installed (JupyterLab's dependencies install it),
    which compiles 38 parsing grammars at import: 3 s of a 13 s no-change rebuild on this
    project's 2-core machine. Those grammars check only the ``iri`` and ``iri-reference``
    string formats, which neither jupyter-book's configuration schema nor nbformat's
    notebook schema uses; jsonschema skips a format checker whose module is missing. So
    the build process marks the module missing (``None`` in ``sys.modules`` makes its
    import raise ImportError), then runs jupyter-book's own command line with ``arguments``
    (default: this process's), and returns its exit status.
    """
    for name in UNNEEDED_MODULES:
        sys.modules.setdefault(name, None)
    from jupyter_book.cli.main import main as jupyter_book

    try:
        jupyter_book.main(arguments, prog_name="jupyter-book")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return 0


def command(source: Path = ROOT, *extra: str, edition: str = "reader") -> list[str]:
    _check_edition(edition)
    if edition == "reader":
        # `jupyter-book build ...`, through jupyter_book_main.
        run = "import sys, llmcourse.build as b; sys.exit(b.jupyter_book_main())"
        return [sys.executable, "-c", run, "build", *STRICT_FLAGS, *extra, str(source)]
    # jupyter-book's command line cannot set Sphinx options, so the other editions call
    # the same Sphinx build from Python (see _build_edition) in a fresh process.
    return [sys.executable, "-m", "llmcourse.build", "--edition", edition, "--source", str(source), *extra]


def build(
    source: Path = ROOT,
    *extra: str,
    edition: str = "reader",
    capture: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the strict build of an edition of the book at ``source`` (see :func:`output_dir`)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        command(source, *extra, edition=edition),
        cwd=source,
        env=full_env,
        text=True,
        capture_output=capture,
        check=False,
    )


def _build_edition(edition: str, source: Path, all_pages: bool = False) -> int:
    """What ``jupyter-book build -W -n --keep-going`` does, plus the edition's settings."""
    for name in UNNEEDED_MODULES:  # as in jupyter_book_main
        sys.modules.setdefault(name, None)
    from jupyter_book.sphinx import build_sphinx

    settings: dict[str, Any] = {
        "external_toc_path": toc(edition, source).as_posix(),
        "nitpicky": True,
        "latex_individualpages": False,
    }
    settings.update(overrides(edition, source))
    result = build_sphinx(
        source,
        output_dir(edition, source),
        noconfig=True,
        path_config=str(source / "_config.yml"),
        confoverrides=settings,
        warningiserror=True,
        keep_going=True,
        force_all=all_pages,
    )
    return result if isinstance(result, int) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m llmcourse.build", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--edition", choices=EDITIONS, default="reader", help="which edition to build (default: reader)"
    )
    parser.add_argument("--source", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args, extra = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    if args.edition == "reader":
        # In this process: a second Python, importing the same packages, would add a second or so.
        code = jupyter_book_main(["build", *STRICT_FLAGS, *extra, str(args.source)])
    else:
        code = _build_edition(args.edition, args.source.resolve(), all_pages="--all" in extra)
    if code == 0:
        where = output_dir(args.edition, args.source)
        print(f"\nThe {args.edition} edition is in {where} (open index.html).")
    return code


if __name__ == "__main__":
    sys.exit(main())
