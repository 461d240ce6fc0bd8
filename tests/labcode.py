"""Run a lab's own code in a test.

The models and walks a chapter teaches are written out in its lab, in cells tagged ``tested``
(the strategy lab's platform model, the capability lab's hosting costs and break-even, the forks
lab's lineage walk and licence inheritance). A test runs those cells, after the import
statements of the cells above them, and uses what they define: the code a student reads and
edits is the code that is tested, with no second copy in the package.
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace

import nbformat

CHAPTERS = Path(__file__).resolve().parents[1] / "chapters"


def lab_code(chapter: str) -> SimpleNamespace:
    """The names the lab's ``tested`` cells define (with the lab's imports), as attributes."""
    path = CHAPTERS / chapter / "lab.ipynb"
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    tested = [i for i, c in enumerate(cells) if "tested" in c.metadata.get("tags", [])]
    assert tested, f"{path} has no cell tagged 'tested'"
    namespace: dict = {}
    for cell in cells[: tested[-1] + 1]:
        if "tested" in cell.metadata.get("tags", []):
            code = compile(cell.source, f"{path}:{cell.id}", "exec")
        else:  # only the imports of the cells in between: no data, no figures
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:  # IPython magics (%pip): not Python, and never an import the lab needs
                continue
            imports = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))]
            code = compile(ast.Module(body=imports, type_ignores=[]), f"{path}:{cell.id}", "exec")
        exec(code, namespace)
    return SimpleNamespace(**namespace)
