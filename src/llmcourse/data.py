"""Loading the course's data tables, with validation.

Every table in ``data/`` is a CSV file described by ``data/datapackage.json``, a
Frictionless Data Package (https://specs.frictionlessdata.io/data-package/).
:func:`load` reads one table into a :class:`pandas.DataFrame` after checking every
row against the table's schema, so a notebook never draws a figure from a broken row.

The checks implemented here are the parts of Table Schema the course uses (types,
``required``, ``unique``, ``enum``, ``categories``, ``pattern``, ``minimum``/``maximum``,
primary and foreign keys) plus the course's own conventions:

* every factual table has ``source_url``, ``source_locator`` and ``as_of`` columns;
* a table of the course's own judgements (``x-kind: judgement``) gives a ``reason`` on
  every row instead, and a ``source`` where one exists;
* category labels live once, in the schema (``categories`` with ``value`` and ``label``,
  as in Table Schema v2): :func:`labels` reads them.
* no date in a row may be later than the row's ``as_of`` date (a fact cannot be checked
  before it happened), and no ``as_of`` date may lie in the future.

They are deliberately small and fast (a notebook pays for them on every run). The test
suite also validates the whole package with the reference implementation,
``frictionless``, so the descriptor stays standard.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import pandas as pd

__all__ = [
    "DataValidationError",
    "Problem",
    "data_dir",
    "labels",
    "load",
    "package",
    "resource_names",
    "validate",
    "PROVENANCE_FIELDS",
]

#: Columns every factual table must carry.
PROVENANCE_FIELDS = ("source_url", "source_locator", "as_of")
#: What kind of table a resource is (``x-kind``); facts when absent.
KINDS = {
    "assumptions": "assumptions the reader can change",
    "judgement": "the course's judgement, with a reason per row",
}

_DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or row) of one file."""

    file: str
    line: int | None  # line in the CSV file, header = line 1; None for file-level problems
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.field is not None:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a table does not match its schema. ``problems`` lists every finding."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n  ... and {more} more"
        super().__init__(f"The course data has {len(self.problems)} problem(s):\n{shown}")


# --------------------------------------------------------------------------- locating


def data_dir(start: Path | None = None) -> Path:
    """Return the folder holding the course's ``datapackage.json`` and tables.

    Looked for, in order: the ``LLMCOURSE_DATA`` environment variable; the repository's
    ``data/`` next to the package (an editable install, where ``data/`` is the one copy
    that authors edit); a ``data/`` folder in the working directory or one of its
    parents that holds this course's package (Jupyter started at the repository root,
    in ``chapters/``, or in an unzipped student download, where a student may change a
    table and see the labs follow); last, the copy shipped inside the installed package
    (a lab handed out alone, Colab, a JupyterHub).
    """
    candidates: list[Path] = []
    env = os.environ.get("LLMCOURSE_DATA")
    if env:
        candidates.append(Path(env))
    candidates.append(Path(__file__).resolve().parents[2] / "data")
    here = (start or Path.cwd()).resolve()
    candidates.extend(p / "data" for p in (here, *here.parents))
    for candidate in candidates:
        if (candidate / _DESCRIPTOR).is_file() and (env or _is_this_course(candidate)):
            return candidate
    shipped = _shipped_data()
    if shipped is not None:
        return shipped
    raise FileNotFoundError(
        "Could not find the course's data (looked for data/datapackage.json next to the "
        "llmcourse package, above the current folder and inside the installed package). "
        "Reinstall the course's package, or set LLMCOURSE_DATA to the data folder."
    )


#: The ``name`` in the course's ``datapackage.json``: another project's ``data/`` folder
#: above the working directory is not taken for the course's.
COURSE_PACKAGE_NAME = "open-vs-closed-llms-course"


def _is_this_course(candidate: Path) -> bool:
    try:
        return json.loads((candidate / _DESCRIPTOR).read_text(encoding="utf-8")).get("name") == COURSE_PACKAGE_NAME
    except (OSError, ValueError, AttributeError):
        return False


@lru_cache(maxsize=1)
def _shipped_data() -> Path | None:
    """The tables inside the installed package (``llmcourse/coursedata`` in the wheel, built
    from the repository's ``data/``), or None in a source checkout, which has no copy."""
    shipped = resources.files("llmcourse") / "coursedata"
    if not shipped.joinpath(_DESCRIPTOR).is_file():
        return None
    if isinstance(shipped, Path):
        return shipped
    # A package imported from a zip file: extract the folder once, for this process.
    return _KEEP.enter_context(resources.as_file(shipped))


_KEEP = contextlib.ExitStack()


@lru_cache(maxsize=8)
def _read_descriptor(path: Path, mtime: float) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def package(directory: Path | None = None) -> dict[str, Any]:
    """The parsed ``datapackage.json``."""
    path = (directory or data_dir()) / _DESCRIPTOR
    return _read_descriptor(path, path.stat().st_mtime)


def resource_names(directory: Path | None = None) -> list[str]:
    return [r["name"] for r in package(directory)["resources"]]


def _resource(name: str, directory: Path | None) -> dict[str, Any]:
    for res in package(directory)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(resource_names(directory))
    raise KeyError(f"There is no table called {name!r}. The tables are: {known}.")


# --------------------------------------------------------------------------- cells

_TRUE = {"true", "True", "TRUE", "1", "yes"}
_FALSE = {"false", "False", "FALSE", "0", "no"}


def _parse(value: str, ftype: str) -> Any:
    """Parse one non-empty cell; raise ValueError with a plain message if impossible."""
    if ftype == "string":
        return value
    if ftype == "integer":
        if not re.fullmatch(r"[+-]?\d+", value):
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    if ftype == "number":
        try:
            number = float(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{value!r} is not a finite number")
        return number
    if ftype == "date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a real calendar date") from None
    if ftype == "year":
        if not re.fullmatch(r"\d{4}", value):
            raise ValueError(f"{value!r} is not a year")
        return int(value)
    if ftype == "boolean":
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"{value!r} is not true or false")
    raise ValueError(f"the schema uses type {ftype!r}, which the course does not support")


def _bound(value: Any, ftype: str) -> Any:
    return _parse(str(value), ftype) if isinstance(value, str) else value


def _category_values(field: dict[str, Any]) -> list[Any]:
    return [c["value"] if isinstance(c, dict) else c for c in field["categories"]]


def _check_constraints(value: Any, raw: str, field: dict[str, Any]) -> list[str]:
    c = field.get("constraints", {})
    out = []
    if "enum" in c and raw not in [str(v) for v in c["enum"]]:
        allowed = ", ".join(str(v) for v in c["enum"])
        out.append(f"{raw!r} is not one of the allowed values ({allowed})")
    if "categories" in field and raw not in [str(v) for v in _category_values(field)]:
        allowed = ", ".join(str(v) for v in _category_values(field))
        out.append(f"{raw!r} is not one of the categories ({allowed})")
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        out.append(f"{raw!r} does not have the expected form (pattern {c['pattern']})")
    if "minLength" in c and len(raw) < c["minLength"]:
        out.append(f"{raw!r} is shorter than {c['minLength']} characters")
    if "maxLength" in c and len(raw) > c["maxLength"]:
        out.append(f"{raw!r} is longer than {c['maxLength']} characters")
    if "minimum" in c and value < _bound(c["minimum"], field["type"]):
        out.append(f"{raw} is below the minimum {c['minimum']}")
    if "maximum" in c and value > _bound(c["maximum"], field["type"]):
        out.append(f"{raw} is above the maximum {c['maximum']}")
    return out


# --------------------------------------------------------------------------- tables


@dataclass
class _Table:
    name: str
    file: str
    fields: list[dict[str, Any]]
    rows: list[dict[str, Any]]  # parsed values (None where empty or invalid)
    lines: list[int]


def _read_table(res: dict[str, Any], directory: Path, problems: list[Problem], today: dt.date) -> _Table:
    path = directory / res["path"]
    label = f"data/{res['path']}"
    fields = res["schema"]["fields"]
    names = [f["name"] for f in fields]
    table = _Table(res["name"], label, fields, [], [])
    if not path.is_file():
        problems.append(Problem(label, None, None, "the file is missing"))
        return table
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != names:
            problems.append(
                Problem(
                    label,
                    1,
                    None,
                    f"the header is {header} but the schema expects the columns {names}",
                )
            )
            return table
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                problems.append(Problem(label, line, None, "the row is empty"))
                continue
            if len(cells) != len(names):
                problems.append(
                    Problem(
                        label,
                        line,
                        None,
                        f"the row has {len(cells)} cells but there are {len(names)} columns "
                        "(a comma inside a value needs double quotes around the value)",
                    )
                )
                continue
            row: dict[str, Any] = {}
            for field, raw in zip(fields, cells):
                name = field["name"]
                row[name] = None
                if raw.strip() != raw:
                    problems.append(Problem(label, line, name, f"{raw!r} has spaces at its start or end"))
                    continue
                if raw == "":
                    if field.get("constraints", {}).get("required"):
                        problems.append(Problem(label, line, name, "a value is required here"))
                    continue
                try:
                    value = _parse(raw, field["type"])
                except ValueError as exc:
                    problems.append(Problem(label, line, name, str(exc)))
                    continue
                found = _check_constraints(value, raw, field)
                problems.extend(Problem(label, line, name, msg) for msg in found)
                if not found:
                    row[name] = value
            _check_dates(row, fields, label, line, problems, today)
            table.rows.append(row)
            table.lines.append(line)
    _check_unique(table, res["schema"], problems)
    return table


def _check_dates(
    row: dict[str, Any],
    fields: list[dict[str, Any]],
    label: str,
    line: int,
    problems: list[Problem],
    today: dt.date,
) -> None:
    as_of = row.get("as_of")
    if as_of is None:
        return
    if as_of > today:
        problems.append(Problem(label, line, "as_of", f"{as_of} is in the future (today is {today})"))
    for field in fields:
        value = row.get(field["name"])
        if field["type"] == "date" and field["name"] != "as_of" and value is not None:
            if value > as_of:
                problems.append(
                    Problem(
                        label,
                        line,
                        field["name"],
                        f"{value} is later than the row's as_of date {as_of}: "
                        "a fact cannot be checked before it happened",
                    )
                )


def _check_unique(table: _Table, schema: dict[str, Any], problems: list[Problem]) -> None:
    keys: list[tuple[str, ...]] = []
    pk = schema.get("primaryKey")
    if pk:
        keys.append(tuple([pk] if isinstance(pk, str) else pk))
    keys.extend((f["name"],) for f in table.fields if f.get("constraints", {}).get("unique"))
    for key in dict.fromkeys(keys):
        seen: dict[tuple[Any, ...], int] = {}
        for row, line in zip(table.rows, table.lines):
            value = tuple(row.get(k) for k in key)
            if any(v is None for v in value):
                continue
            if value in seen:
                shown = ", ".join(str(v) for v in value)
                problems.append(
                    Problem(
                        table.file,
                        line,
                        ", ".join(key),
                        f"{shown!r} already appears on line {seen[value]}; it must be unique",
                    )
                )
            else:
                seen[value] = line


def _check_foreign_keys(res: dict[str, Any], tables: dict[str, _Table], problems: list[Problem]) -> None:
    table = tables[res["name"]]
    for fk in res["schema"].get("foreignKeys", []):
        fields = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        ref = fk["reference"]
        ref_name = ref.get("resource") or res["name"]
        ref_fields = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        target = tables.get(ref_name)
        if target is None:
            problems.append(Problem(table.file, None, None, f"foreign key refers to unknown table {ref_name!r}"))
            continue
        known = {tuple(r.get(f) for f in ref_fields) for r in target.rows}
        for row, line in zip(table.rows, table.lines):
            value = tuple(row.get(f) for f in fields)
            if any(v is None for v in value):
                continue
            if value not in known:
                shown = ", ".join(str(v) for v in value)
                problems.append(
                    Problem(
                        table.file,
                        line,
                        ", ".join(fields),
                        f"{shown!r} does not match any {', '.join(ref_fields)} in {target.file}",
                    )
                )


def _check_conventions(res: dict[str, Any], problems: list[Problem]) -> None:
    label = f"data/{res.get('path', res.get('name'))}"
    kind = res.get("x-kind")
    if kind == "assumptions":
        return  # reader-adjustable assumptions are labelled as such, not sourced facts
    if kind is not None and kind not in KINDS:
        problems.append(Problem(label, None, None, f"x-kind {kind!r} is not one of {', '.join(KINDS)}"))
    names = {f["name"]: f for f in res["schema"]["fields"]}
    # A judgement gives its reason on every row (and its source where one exists).
    for required in ("reason",) if kind == "judgement" else PROVENANCE_FIELDS:
        field = names.get(required)
        if field is None:
            problems.append(Problem(label, None, required, "every factual table needs this column"))
        elif not field.get("constraints", {}).get("required"):
            problems.append(Problem(label, None, required, "this column must be marked required in the schema"))


def _validate(directory: Path, names: Iterable[str] | None, today: dt.date) -> tuple[list[Problem], dict[str, _Table]]:
    problems: list[Problem] = []
    resources = package(directory)["resources"]
    wanted = set(names) if names is not None else {r["name"] for r in resources}
    # Tables referenced by a foreign key are read too, and the tables they refer to
    # (transitively: a chain of foreign keys may run in any order of the resources).
    grown = True
    while grown:
        before = len(wanted)
        for res in resources:
            if res["name"] in wanted:
                for fk in res["schema"].get("foreignKeys", []):
                    wanted.add(fk["reference"].get("resource") or res["name"])
        grown = len(wanted) > before
    tables: dict[str, _Table] = {}
    for res in resources:
        if res["name"] in wanted:
            _check_conventions(res, problems)
            tables[res["name"]] = _read_table(res, directory, problems, today)
    for res in resources:
        if res["name"] in wanted:
            _check_foreign_keys(res, tables, problems)
    return problems, tables


def validate(
    names: Iterable[str] | None = None,
    directory: Path | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """Check tables (all by default) and return the list of problems (empty if all is well)."""
    problems, _ = _validate(directory or data_dir(), names, today or dt.date.today())
    return problems


def labels(table: str, column: str, directory: Path | None = None) -> dict[Any, str]:
    """The readable label of each category of a column, in the schema's order.

    ``lc.labels("safety_survival", "channel")`` gives ``{"api": "Hosted API", ...}``.
    """
    for field in _resource(table, directory)["schema"]["fields"]:
        if field["name"] == column and "categories" in field:
            return {
                c["value"] if isinstance(c, dict) else c: c.get("label", c["value"]) if isinstance(c, dict) else c
                for c in field["categories"]
            }
    raise KeyError(f"{table}.{column} has no categories in data/datapackage.json.")


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Load one table as a DataFrame, after validating it.

    Dates become ``datetime64`` columns, integers nullable ``Int64``, numbers ``float``,
    booleans ``boolean``; empty cells become missing values. Raises
    :class:`DataValidationError` naming file, line and field of every problem.
    """
    directory = directory or data_dir()
    res = _resource(name, directory)
    problems, tables = _validate(directory, [name], dt.date.today())
    if problems:
        raise DataValidationError(problems)
    table = tables[name]
    columns = [f["name"] for f in table.fields]
    frame = pd.DataFrame.from_records(table.rows, columns=columns)
    for field in table.fields:
        col, ftype = field["name"], field["type"]
        if ftype == "date":
            frame[col] = pd.to_datetime(frame[col])
        elif ftype in ("integer", "year"):
            frame[col] = frame[col].astype("Int64")
        elif ftype == "number":
            frame[col] = frame[col].astype("float64")
        elif ftype == "boolean":
            frame[col] = frame[col].astype("boolean")
        else:
            frame[col] = frame[col].astype("string")
    frame.attrs["title"] = res.get("title", name)
    frame.attrs["source"] = f"data/{res['path']}"
    return frame
