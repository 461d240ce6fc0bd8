"""Count lines of code: the helper package by module, and the labs' code cells.

    python scripts/count_code.py            # this checkout
    python scripts/count_code.py OTHER_DIR  # another checkout, e.g. `git archive COMMIT | tar -x -C OTHER_DIR`

A line of code is a line that holds Python tokens other than comments and docstrings: blank
lines, comment lines and docstrings do not count (in the labs, the prose is in Markdown cells
and is not counted either). Lines starting with ``%`` or ``!`` (IPython magics) and the hidden
install cell at the top of each lab (tagged ``remove-cell``) do not count.

The package is split three ways (issue 14: "a helper is earned"):

* chapter modules: code written for one or two chapters (the lab shows it, or it is a chapter's
  model kept with its tests);
* shared library: what every lab uses and is not the lesson (loading and validation, figure
  controls and colours, widgets, tables, quiz HTML);
* build and test glue: the book's build, Sphinx extension, page weight, reading times,
  freshness report, data dictionary, references, the `make check` runner.
"""

from __future__ import annotations

import ast
import io
import json
import sys
import tokenize
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "llmcourse"
CHAPTER = {"costs", "forks", "licensing", "press", "strategy"}  # costs and strategy: before issue 14's last step
GLUE = {"build", "check", "datadict", "freshness", "pageweight", "references", "slim", "sphinxext", "times"}
SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}


def docstring_lines(source: str) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                if isinstance(first.value.value, str):
                    lines.update(range(first.lineno, first.end_lineno + 1))
    return lines


def code_lines(source: str) -> int:
    """Lines holding code, not counting blank lines, comments and docstrings."""
    skip = docstring_lines(source)
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in SKIP:
            lines.update(n for n in range(token.start[0], token.end[0] + 1) if n not in skip)
    return len(lines)


def lab_source(path: Path) -> str:
    """The lab's code cells, without the hidden install cell (tagged remove-cell: plumbing, not the lesson)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = "\n".join(
        "".join(c["source"])
        for c in cells
        if c["cell_type"] == "code" and "remove-cell" not in c["metadata"].get("tags", [])
    )
    return "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))


def main() -> None:
    groups: dict[str, int] = {"chapter modules": 0, "shared library": 0, "build and test glue": 0}
    print("package module             group                 lines of code")
    for path in sorted(PACKAGE.glob("*.py")):
        group = (
            "chapter modules"
            if path.stem in CHAPTER
            else "build and test glue"
            if path.stem in GLUE
            else "shared library"
        )
        n = code_lines(path.read_text(encoding="utf-8"))
        groups[group] += n
        print(f"  {path.name:24} {group:21} {n:5}")
    for group, n in groups.items():
        print(f"{group:47} {n:5}")
    labs = 0
    print("lab (code cells)")
    for path in sorted((ROOT / "chapters").glob("*/lab.ipynb")):
        n = code_lines(lab_source(path))
        labs += n
        print(f"  {path.parent.name:45} {n:5}")
    print(f"{'labs, all code cells':47} {labs:5}")
    tests = sum(code_lines(path.read_text(encoding="utf-8")) for path in sorted((ROOT / "tests").glob("*.py")))
    print(f"{'tests (tests/*.py)':47} {tests:5}")
    package = groups["chapter modules"] + groups["shared library"]
    print(f"{'package without build and test glue':47} {package:5}")
    print(f"ratio package (without glue) / labs: {package / labs:.2f}")
    print(f"ratio chapter modules / labs:        {groups['chapter modules'] / labs:.2f}")


if __name__ == "__main__":
    main()
