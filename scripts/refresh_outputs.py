"""Re-execute the course notebooks in place and store their outputs, ready to commit.

    python scripts/refresh_outputs.py              # every notebook under chapters/
    python scripts/refresh_outputs.py path.ipynb   # just these

Notebooks are committed lean: the book's build produces their figures and tables, so a
one-row data fix is a one-row diff. The only outputs stored are those of cells marked
``# NBVAL_CHECK_OUTPUT``: small printed results (a lab's key numbers) that nbval
compares with a fresh run (``--nbval-lax`` checks just those cells). After changing a
notebook, the data or the helper package, run this script (``make outputs``) and commit
what it changes. No widget state and no execution timestamps are stored, so re-running
a notebook whose results did not change leaves it byte for byte the same.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CHECKED = "# NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,  # False trips an nbclient bug with Output widgets; dropped below
        record_timing=False,  # no execution timestamps: a re-run with nothing changed gives no diff
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and CHECKED not in cell.source:
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(nb)
    nbformat.write(nb, path)
    size = path.stat().st_size
    print(f"{path.relative_to(ROOT)}: {len(nb.cells)} cells, {size / 1024:.0f} KB")


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or sorted(
        p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )
    for path in paths:
        refresh(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
