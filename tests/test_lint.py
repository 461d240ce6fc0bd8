"""The code is linted and formatted by ruff (configuration in pyproject.toml): src/, tests/, scripts/ and the
notebooks' code cells. `make check` runs the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINTED = ["src", "tests", "scripts", "chapters"]
FORMATTED = ["src", "tests", "scripts", "chapters"]


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_lint():
    result = ruff("check", "--no-cache", *LINTED)
    assert result.returncode == 0, f"ruff check (fix with `ruff check --fix`):\n{result.stdout}{result.stderr}"


def test_code_is_formatted():
    result = ruff("format", "--check", "--no-cache", *FORMATTED)
    assert result.returncode == 0, f"run `ruff format {' '.join(FORMATTED)}`:\n{result.stdout}{result.stderr}"


def test_no_function_is_too_complex():
    """McCabe complexity above 15 (ruff's C901) means rules hidden in branches: make them a table."""
    result = ruff("check", "--no-cache", "--select", "C901", "src")
    assert result.returncode == 0, result.stdout
