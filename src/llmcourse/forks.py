"""The family tree of Llama descendants, and what each descendant inherits.

The data are two tables: ``forks_models`` (the nodes: base models, descendants, runtimes
and the closed "teacher" models whose outputs trained some descendants) and
``forks_edges`` (parent -> child links, each saying *what* passed along it). This module
turns them into

* a layered layout for drawing the tree (:func:`tree_positions`);
* the chain of licences and terms a descendant inherits (:func:`inherit`), built on the
  licence checker of :mod:`llmcourse.licensing`, so the per-licence answers are the
  same ones the licensing chapter gives;

What travels along an edge:

``weights``
    the child was made from the parent's weights. The parent's licence travels with
    the weights: every user of the child is bound by it (the Llama licences require a
    redistributor to pass the licence on).
``outputs``
    the parent's outputs were training data for the child. A provider's terms of use
    bind whoever accepted them, that is, whoever generated the data; whether they reach
    later users is legally unsettled. They are reported separately, as *upstream* terms.
``architecture`` and ``runs``
    only the design was copied, or the child is software that runs the parent. Nothing
    is inherited.

Broken data never crash the explorer: an edge to a model that is not in the table,
or a cycle of edges, becomes a plain warning in the report. Not legal advice: the
module applies the course's licence rules (``data/licence_rules.csv``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from llmcourse import licensing

__all__ = [
    "INHERITED",
    "Link",
    "Report",
    "Step",
    "UNKNOWN",
    "UPSTREAM",
    "find_cycles",
    "generations",
    "inherit",
    "lineage",
    "problems",
    "tree_positions",
]

#: Relations whose parent's licence or terms the child inherits.
INHERITED = ("weights", "outputs")
#: Outcome for a licence the course's licence table does not cover.
UNKNOWN = "not in the course's licence table: read the licence itself"
#: How an ``outputs`` edge binds: the terms of use bind whoever generated the data.
UPSTREAM = "binds whoever generated the training data"


# --------------------------------------------------------------------------- input


def _blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        if value != value:  # NaN, pandas NA compares unequal or raises
            return True
    except (TypeError, ValueError):
        return True
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a table, with blanks as ``""``."""
    return [{key: ("" if _blank(value) else value) for key, value in row.items()} for row in frame.to_dict("records")]


def _index(models: pd.DataFrame) -> dict[str, dict[str, Any]]:
    return {_text(row.get("id")): row for row in _records(models) if _text(row.get("id"))}


# --------------------------------------------------------------------------- graph


@dataclass(frozen=True)
class Link:
    parent: str
    child: str
    relation: str
    detail: str = ""


def _links(edges: pd.DataFrame) -> list[Link]:
    return [
        Link(_text(e.get("parent_id")), _text(e.get("child_id")), _text(e.get("relation")), _text(e.get("detail")))
        for e in _records(edges)
    ]


def find_cycles(edges: pd.DataFrame) -> list[tuple[str, ...]]:
    """Every cycle of parent -> child links, each once, as a tuple of ids ending where it began."""
    children: dict[str, list[str]] = {}
    for link in _links(edges):
        children.setdefault(link.parent, []).append(link.child)
    cycles: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for child in children.get(node, []):
            if state.get(child) == 1:
                loop = path[path.index(child) :]
                start = loop.index(min(loop))  # one canonical rotation per cycle
                canonical = loop[start:] + loop[:start]
                cycles.add(tuple(canonical + [canonical[0]]))
            elif state.get(child) is None:
                visit(child, path)
        path.pop()
        state[node] = 2

    for node in sorted(children):
        if node not in state:
            visit(node, [])
    return sorted(cycles)


def problems(models: pd.DataFrame, edges: pd.DataFrame) -> list[str]:
    """What is wrong with the graph, in plain sentences (an empty list if nothing is)."""
    table = _index(models)
    found = []
    for link in _links(edges):
        for end in (link.parent, link.child):
            if end not in table:
                found.append(f"The link {link.parent} -> {link.child} names {end!r}, which is not in the models table.")
        if link.parent == link.child:
            found.append(f"{link.parent!r} is linked to itself.")
        if link.relation not in ("weights", "outputs", "architecture", "runs"):
            found.append(f"The link {link.parent} -> {link.child} has an unknown relation {link.relation!r}.")
    for cycle in find_cycles(edges):
        if len(cycle) > 2:  # self-links are reported above
            found.append("The links form a cycle: " + " -> ".join(cycle) + ".")
    return found


def generations(models: pd.DataFrame, edges: pd.DataFrame) -> dict[str, int]:
    """How many links separate each model from a root (a model with no parent).

    The longest chain counts, so a grandchild is always drawn right of its parents.
    Links in a cycle, and links to models not in the table, are ignored.
    """
    table = _index(models)
    parents: dict[str, list[str]] = {}
    for link in _links(edges):
        if link.parent in table and link.child in table and link.parent != link.child:
            parents.setdefault(link.child, []).append(link.parent)
    depth: dict[str, int] = {}

    def walk(node: str, seen: frozenset[str]) -> int:
        if node in depth:
            return depth[node]
        ups = [p for p in parents.get(node, []) if p not in seen]
        value = 1 + max((walk(p, seen | {node}) for p in ups), default=-1)
        depth[node] = value
        return value

    for node in table:
        walk(node, frozenset())
    return depth


def tree_positions(models: pd.DataFrame, edges: pd.DataFrame) -> list[dict[str, Any]]:
    """A layered layout: x is the generation, y orders models so that families stay together.

    Roots are sorted by release date; each model is placed after its first parent's
    earlier children (a depth-first order), so a lineage reads as a band of the figure.
    Returns one record per model: ``id``, ``x`` (generation), ``y`` (row, 0 at the top).
    """
    table = _index(models)
    depth = generations(models, edges)
    first_parent: dict[str, str] = {}
    children: dict[str, list[str]] = {}
    for link in _links(edges):
        if (
            link.parent in table
            and link.child in table
            and link.child not in first_parent
            and depth.get(link.parent, 0) < depth.get(link.child, 0)
        ):
            first_parent[link.child] = link.parent
            children.setdefault(link.parent, []).append(link.child)

    def when(model_id: str) -> str:
        return str(table[model_id].get("release_date") or "9999")[:10]

    order: list[str] = []

    def place(node: str) -> None:
        order.append(node)
        for child in sorted(children.get(node, []), key=lambda c: (when(c), c)):
            place(child)

    def family(node: str) -> int:
        return 1 + sum(family(c) for c in children.get(node, []))

    roots = [m for m in table if m not in first_parent]
    # Large open families first, then small ones, then other roots (teachers), each by date.
    rank = {"base": 0, "architecture": 1, "runtime": 1, "derivative": 1, "teacher": 2}
    for root in sorted(roots, key=lambda r: (rank.get(_text(table[r].get("kind")), 1), family(r) < 3, when(r), r)):
        place(root)
    return [{"id": model_id, "x": depth.get(model_id, 0), "y": row} for row, model_id in enumerate(order)]


# --------------------------------------------------------------------------- lineage


@dataclass(frozen=True)
class Step:
    """One model whose licence or terms reach the chosen model, and the path that brings them."""

    model_id: str
    model: str
    via: str  # "own", "weights" or "outputs"
    path: tuple[str, ...]  # chosen model first, this model last
    licence_id: str
    licence: str  # as declared
    research_only: bool = False

    @property
    def binds(self) -> str:
        return UPSTREAM if self.via == "outputs" else "binds every user of the weights"


def lineage(models: pd.DataFrame, edges: pd.DataFrame, model: str) -> tuple[list[Step], list[str]]:
    """Walk up from ``model``: its own licence, every ancestor through ``weights`` links, and the
    terms of every model whose outputs trained it or one of those ancestors.

    Returns the steps (nearest first) and warnings about broken data met on the way
    (a link to a model that is not in the table, a cycle). Never loops forever.
    """
    table = _index(models)
    if model not in table:
        raise ValueError(f"There is no model {model!r} in the family tree.")
    start = model
    parents: dict[str, list[Link]] = {}
    for link in _links(edges):
        parents.setdefault(link.child, []).append(link)

    def step(model_id: str, via: str, path: tuple[str, ...]) -> Step:
        row = table[model_id]
        return Step(
            model_id,
            _text(row.get("name")) or model_id,
            via,
            path,
            _text(row.get("licence_id")),
            _text(row.get("licence_declared")),
            str(row.get("research_only")).strip().lower() in ("true", "1", "yes"),
        )

    steps = [step(start, "own", (start,))]
    warnings: list[str] = []
    seen_outputs: set[str] = set()
    queue: list[tuple[str, tuple[str, ...]]] = [(start, (start,))]
    reached = {start}
    while queue:
        node, path = queue.pop(0)
        for link in sorted(parents.get(node, []), key=lambda k: (k.relation, k.parent)):
            if link.relation not in INHERITED:
                continue
            if link.parent not in table:
                warnings.append(
                    f"{node!r} names {link.parent!r} as its base ({link.relation}), but that model is not in the "
                    "table: whatever licence it has is missing from this report."
                )
                continue
            if link.parent in path:
                warnings.append("The links form a cycle (" + " -> ".join((*path, link.parent)) + "); stopped there.")
                continue
            new_path = (*path, link.parent)
            if link.relation == "outputs":
                if link.parent not in seen_outputs:
                    seen_outputs.add(link.parent)
                    steps.append(step(link.parent, "outputs", new_path))
                continue  # a teacher's own ancestry does not reach the student
            if link.parent in reached:
                continue
            reached.add(link.parent)
            steps.append(step(link.parent, "weights", new_path))
            queue.append((link.parent, new_path))
    return steps, warnings


@dataclass
class Report:
    """The answer of the inheritance explorer for one model and one scenario."""

    model_id: str
    model: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    outcome: str = licensing.ALLOWED  # for a user of the model: own licence and the weights chain
    upstream_outcome: str = licensing.ALLOWED  # for whoever generated the training data
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """False if a licence that binds the user is not in the course's table (the outcome is then a floor)."""
        return not any(r["outcome"] == UNKNOWN for r in self.rows if r["via"] != "outputs")

    @property
    def summary(self) -> str:
        text = f"{self.model}: {self.outcome}"
        if not self.complete and self.outcome != UNKNOWN:
            text += " at least"
        if any(r["via"] == "outputs" for r in self.rows):
            text += f"; upstream terms on its training data: {self.upstream_outcome}"
        if any(r["outcome"] == UNKNOWN for r in self.rows):
            text += " (some licences are not in the course's table: read them)"
        return text + "."


def _worst(outcomes: Iterable[str]) -> str:
    known = [o for o in outcomes if o in licensing.SEVERITY]
    return max(known, key=licensing.SEVERITY.index, default=licensing.ALLOWED)


def inherit(
    models: pd.DataFrame,
    edges: pd.DataFrame,
    licences: pd.DataFrame,
    rules: pd.DataFrame,
    model: str,
    case: licensing.Scenario,
) -> Report:
    """Apply every inherited licence and set of terms to a scenario.

    The user's outcome is the worst of the model's own licence and the licences along the
    ``weights`` chain; if none of them is in the course's table it is :data:`UNKNOWN`, and if
    some are missing the report is not :attr:`Report.complete` (the outcome is then a floor). The terms of models whose *outputs* trained the chain are answered
    for the training step (``train_other_model=True``) and reported as upstream terms: they
    bind whoever generated the data, not automatically every later user.
    """
    steps, warnings = lineage(models, edges, model)
    documents = {row["id"]: row for _, row in licences.iterrows()}
    training_step = licensing.Scenario(0, case.commercial, False, False, True)
    rows = []
    for s in steps:
        document = documents.get(s.licence_id)
        if document is None and s.research_only and case.commercial and s.via != "outputs":
            outcome, name = licensing.NOT_ALLOWED, ""
            reasons = (f"The release restricts use to research or non-commercial purposes ({s.licence}).",)
        elif document is None:
            outcome, reasons, name = UNKNOWN, (), ""
        else:
            verdict = licensing.check(document, training_step if s.via == "outputs" else case, rules)
            outcome, reasons, name = verdict.outcome, verdict.reasons, verdict.licence
        rows.append(
            {
                "model": s.model,
                "model_id": s.model_id,
                "via": s.via,
                "path": " <- ".join(s.path),
                "licence": name or s.licence or "not recorded",
                "licence_id": s.licence_id,
                "binds": s.binds,
                "outcome": outcome,
                "because": " ".join(reasons),
            }
        )
    first = steps[0]
    binding = [r["outcome"] for r in rows if r["via"] != "outputs"]
    return Report(
        model_id=first.model_id,
        model=first.model,
        rows=rows,
        outcome=UNKNOWN if all(o == UNKNOWN for o in binding) else _worst(binding),
        upstream_outcome=_worst(r["outcome"] for r in rows if r["via"] == "outputs"),
        warnings=warnings,
    )
