"""The capstone's checker, `python -m llmcourse.check FOLDER`: a sound copy of the tables
passes, a copy with an unsourced or malformed new row fails with its file, line and field."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

from llmcourse import check

ROOT = Path(__file__).resolve().parents[1]


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the checker as a student does, in a fresh process."""
    return subprocess.run([sys.executable, "-m", "llmcourse.check", *args], capture_output=True, text=True, cwd=ROOT)


def _check_here(capsys, *args: str) -> tuple[int, str, str]:
    """The same, in this process (faster)."""
    code = check.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _add_release(folder: Path, **values: str) -> int:
    """Append a row to llm_releases.csv; return its line number."""
    path = folder / "llm_releases.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    row = {**dict(zip(header, rows[-1])), "id": "student-model", "model": "Student Model 1", **values}
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow([row[h] for h in header])
    return len(rows) + 1


def test_the_course_tables_pass():
    result = _check("data")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


def test_a_sourced_new_row_passes(data_copy, capsys):
    _add_release(data_copy)
    code, out, err = _check_here(capsys, str(data_copy), "llm_releases")
    assert code == 0, out + err


def test_a_new_row_without_a_source_fails_with_file_line_and_field(data_copy, capsys):
    line = _add_release(data_copy, source_url="")
    code, out, _ = _check_here(capsys, str(data_copy))
    assert code == 1
    assert f"llm_releases.csv, line {line}, field 'source_url'" in out
    assert str(data_copy) in out, "problems name the folder checked, not the course's data/"


def test_a_wrong_folder_or_table_is_explained(tmp_path, data_copy, capsys):
    assert "copy the whole data folder" in _check_here(capsys, str(tmp_path))[2]
    code, _, err = _check_here(capsys, str(data_copy), "llm_release")
    assert code == 2 and "the tables are: llm_releases" in err
