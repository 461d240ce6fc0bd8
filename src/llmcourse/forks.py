"""Drawing the family tree of Llama descendants: graph checks and a layered layout.

The data are two tables: ``forks_models`` (the nodes: base models, descendants, runtimes
and the closed "teacher" models whose outputs trained some descendants) and
``forks_edges`` (parent -> child links, each saying *what* passed along it). This module
keeps what is not the lesson: the checks that the links make a graph (:func:`problems`,
:func:`find_cycles`) and a layered layout for drawing it (:func:`tree_positions`). The
lesson, the walk up a lineage and the licences a descendant inherits, is written out in
the forks lab, where ``tests/test_forks.py`` runs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = ["Link", "find_cycles", "generations", "problems", "tree_positions"]


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
