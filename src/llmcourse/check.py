"""Check a copy of the course's tables: ``python -m llmcourse.check FOLDER [TABLE ...]``.

The capstone's release dossier adds sourced rows to a copy of ``data/``
(``cp -r data my-data``). This runs the course's own validator (:func:`llmcourse.data.validate`:
the schema in ``datapackage.json``, provenance columns, dates no later than ``as_of``,
foreign keys) on that copy, prints every problem with its file, line and field, and exits
with 1 if there is any (2 if the folder or a table name is wrong), 0 if all is sound.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .data import resource_names, validate

DESCRIPTOR = "datapackage.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m llmcourse.check",
        description="Check a folder of the course's tables against its datapackage.json.",
    )
    parser.add_argument("folder", type=Path, help="a copy of data/: datapackage.json and the CSV files")
    parser.add_argument("tables", nargs="*", help="only these tables (and the tables they refer to); default: all")
    args = parser.parse_args(argv)
    folder: Path = args.folder
    if not (folder / DESCRIPTOR).is_file():
        print(f"{folder}: no {DESCRIPTOR} here; copy the whole data folder (cp -r data {folder}).", file=sys.stderr)
        return 2
    known = resource_names(folder)
    unknown = [name for name in args.tables if name not in known]
    if unknown:
        print(f"{folder}: no table named {', '.join(unknown)}; the tables are: {', '.join(known)}.", file=sys.stderr)
        return 2
    problems = validate(args.tables or None, directory=folder)
    for problem in problems:
        # The validator names files as data/<file>; name the folder actually checked.
        print(str(problem).replace("data/", f"{folder.as_posix().rstrip('/')}/", 1))
    names = args.tables or known
    if problems:
        print(f"{len(problems)} problem(s) in {folder}.", file=sys.stderr)
        return 1
    print(f"{folder}: {len(names)} table(s) checked, no problems.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
