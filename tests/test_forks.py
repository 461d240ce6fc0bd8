"""The family tree and the licence-inheritance explorer: lineages, cycles, missing bases, bad input.

The graph checks and the layout are in the package (:mod:`llmcourse.forks`); the lineage walk and the
inheritance explorer are written out in the forks lab, and these tests run the lab's own cells (the ones
tagged ``tested``) on small made-up trees, so the code a student reads is the code that is tested.
"""

from __future__ import annotations

import pandas as pd
import pytest
from labcode import lab_code

import llmcourse as lc
from llmcourse import forks
from llmcourse import licensing as L

F = lab_code("forks")

MODELS = pd.DataFrame(
    [
        {
            "id": "base",
            "name": "Base 1",
            "kind": "base",
            "licence_id": "research",
            "licence_declared": "research only",
            "research_only": True,
            "release_date": "2023-02-24",
        },
        {
            "id": "open-base",
            "name": "Open Base",
            "kind": "base",
            "licence_id": "permissive",
            "licence_declared": "Apache",
            "release_date": "2023-07-18",
        },
        {
            "id": "teacher",
            "name": "Closed Teacher",
            "kind": "teacher",
            "licence_id": "api",
            "licence_declared": "terms",
        },
        {
            "id": "child",
            "name": "Child Chat",
            "kind": "derivative",
            "licence_id": "",
            "licence_declared": "non-commercial",
            "research_only": True,
            "release_date": "2023-03-13",
        },
        {
            "id": "grandchild",
            "name": "Grandchild",
            "kind": "derivative",
            "licence_id": "",
            "licence_declared": "unclear",
            "release_date": "2023-04-28",
        },
        {
            "id": "clone",
            "name": "Clone",
            "kind": "architecture",
            "licence_id": "permissive",
            "licence_declared": "Apache",
        },
        {
            "id": "open-child",
            "name": "Open Child",
            "kind": "derivative",
            "licence_id": "permissive",
            "licence_declared": "Apache",
            "release_date": "2023-08-01",
        },
    ]
)
EDGES = pd.DataFrame(
    [
        {"parent_id": "base", "child_id": "child", "relation": "weights", "detail": "fine-tune"},
        {"parent_id": "teacher", "child_id": "child", "relation": "outputs", "detail": "distilled"},
        {"parent_id": "child", "child_id": "grandchild", "relation": "weights", "detail": "RLHF"},
        {"parent_id": "open-base", "child_id": "clone", "relation": "architecture", "detail": "same design"},
        {"parent_id": "open-base", "child_id": "open-child", "relation": "weights", "detail": "fine-tune"},
    ]
)
LICENCES = pd.DataFrame(
    [
        {
            "id": "research",
            "name": "Research licence",
            "commercial_use": "no",
            "redistribution": "conditional",
            "modification": "conditional",
            "clause_commercial": "s.1(a)",
        },
        {
            "id": "permissive",
            "name": "Permissive",
            "commercial_use": "yes",
            "use_restrictions": "no",
            "output_use_restriction": "no",
            "redistribution": "conditional",
            "attribution": "yes",
            "modification": "yes",
        },
        {
            "id": "api",
            "name": "API terms",
            "commercial_use": "yes",
            "output_use_restriction": "yes",
            "redistribution": "no",
            "modification": "no",
            "use_restrictions": "yes",
            "clause_outputs": "s.2(c)(iii)",
        },
    ]
)
RULES = lc.load("licence_rules")


def plus(frame, *rows):
    return pd.concat([frame, pd.DataFrame(list(rows))], ignore_index=True)


def commercial(users=1_000):
    return L.Scenario(users, commercial=True)


# --------------------------------------------------------------------------- graph checks


def test_clean_graph_has_no_problems():
    assert forks.problems(MODELS, EDGES) == []
    assert forks.find_cycles(EDGES) == []


def test_problems_name_missing_models_self_links_bad_relations_and_cycles():
    bad = plus(
        EDGES,
        {"parent_id": "ghost", "child_id": "child", "relation": "weights"},
        {"parent_id": "clone", "child_id": "clone", "relation": "weights"},
        {"parent_id": "base", "child_id": "open-child", "relation": "borrowed"},
        {"parent_id": "grandchild", "child_id": "base", "relation": "weights"},
    )
    found = "\n".join(forks.problems(MODELS, bad))
    assert "'ghost', which is not in the models table" in found
    assert "'clone' is linked to itself" in found
    assert "unknown relation 'borrowed'" in found
    assert "cycle: base -> child -> grandchild -> base" in found


def test_each_cycle_is_reported_once_in_a_canonical_rotation():
    edges = pd.DataFrame([{"parent_id": a, "child_id": b} for a, b in [("b", "c"), ("c", "a"), ("a", "b"), ("x", "x")]])
    assert forks.find_cycles(edges) == [("a", "b", "c", "a"), ("x", "x")]


def test_generations_put_children_after_parents_and_survive_cycles():
    depth = forks.generations(MODELS, EDGES)
    assert depth["base"] == 0 and depth["child"] == 1 and depth["grandchild"] == 2 and depth["teacher"] == 0
    looped = plus(EDGES, {"parent_id": "grandchild", "child_id": "base", "relation": "weights"})
    assert set(forks.generations(MODELS, looped)) == set(MODELS.id)  # terminates, places everyone


def test_tree_positions_place_every_model_once_with_families_together():
    positions = forks.tree_positions(MODELS, EDGES)
    rows = {p["id"]: p for p in positions}
    assert sorted(rows) == sorted(MODELS.id)
    assert sorted(p["y"] for p in positions) == list(range(len(MODELS)))
    assert rows["child"]["y"] == rows["base"]["y"] + 1 and rows["grandchild"]["y"] == rows["child"]["y"] + 1
    assert rows["teacher"]["y"] == len(MODELS) - 1, "teachers go last"
    for edge in EDGES.itertuples():
        assert rows[edge.child_id]["x"] > rows[edge.parent_id]["x"]


# --------------------------------------------------------------------------- lineage


def test_lineage_follows_weights_transitively_and_records_teachers():
    steps, warnings = F.lineage(MODELS, EDGES, "grandchild")
    assert warnings == []
    assert [(s["model_id"], s["via"]) for s in steps] == [
        ("grandchild", "own"),
        ("child", "weights"),
        ("teacher", "outputs"),
        ("base", "weights"),
    ]
    assert steps[-1]["path"] == ("grandchild", "child", "base")


def test_architecture_links_inherit_nothing():
    steps, _ = F.lineage(MODELS, EDGES, "clone")
    assert [s["model_id"] for s in steps] == ["clone"]


def test_a_teachers_own_ancestry_does_not_reach_the_student():
    models = plus(MODELS, {"id": "student", "name": "Student", "licence_id": "permissive"})
    edges = plus(EDGES, {"parent_id": "child", "child_id": "student", "relation": "outputs"})
    steps, _ = F.lineage(models, edges, "student")
    assert [(s["model_id"], s["via"]) for s in steps] == [("student", "own"), ("child", "outputs")]


def test_missing_base_is_a_warning_not_a_crash():
    edges = plus(EDGES, {"parent_id": "vanished", "child_id": "grandchild", "relation": "weights"})
    steps, warnings = F.lineage(MODELS, edges, "grandchild")
    assert "grandchild" in steps[0]["path"]
    assert any("'vanished'" in w and "not in the table" in w for w in warnings)


def test_cycle_is_a_warning_and_the_walk_stops():
    edges = plus(EDGES, {"parent_id": "grandchild", "child_id": "base", "relation": "weights"})
    steps, warnings = F.lineage(MODELS, edges, "grandchild")
    assert len(steps) == 4
    assert any("cycle" in w and "grandchild -> child -> base -> grandchild" in w for w in warnings)


def test_a_model_reached_twice_is_listed_once():
    edges = plus(EDGES, {"parent_id": "base", "child_id": "grandchild", "relation": "weights"})
    steps, _ = F.lineage(MODELS, edges, "grandchild")
    assert [s["model_id"] for s in steps].count("base") == 1


# --------------------------------------------------------------------------- inherit


def test_user_outcome_is_the_worst_licence_on_the_weights_chain():
    report = F.inherit(MODELS, EDGES, LICENCES, RULES, "grandchild", commercial())
    assert report.outcome == L.NOT_ALLOWED
    base_row = next(r for r in report.rows if r["model_id"] == "base")
    assert base_row["outcome"] == L.NOT_ALLOWED and "[s.1(a)]" in base_row["because"]
    assert base_row["path"] == "grandchild <- child <- base"


def test_research_only_release_refuses_commercial_use_even_without_a_known_licence():
    report = F.inherit(MODELS, EDGES, LICENCES, RULES, "child", commercial())
    own = report.rows[0]
    assert own["outcome"] == L.NOT_ALLOWED and "research or non-commercial" in own["because"]


def test_teacher_terms_are_upstream_and_do_not_decide_the_users_outcome():
    report = F.inherit(MODELS, EDGES, LICENCES, RULES, "child", L.Scenario(0))
    teacher = next(r for r in report.rows if r["via"] == "outputs")
    assert teacher["outcome"] == L.NOT_ALLOWED and "s.2(c)(iii)" in teacher["because"]
    assert teacher["binds"] == F.UPSTREAM and report.rows[0]["binds"].startswith("binds every user")
    assert report.upstream_outcome == L.NOT_ALLOWED
    assert report.outcome == L.ALLOWED, "research use of the child itself is allowed"
    assert "upstream terms on its training data: not allowed" in report.summary


def test_unknown_licence_is_named_not_guessed():
    report = F.inherit(MODELS, EDGES, LICENCES, RULES, "grandchild", L.Scenario(0))
    assert report.rows[0]["outcome"] == F.UNKNOWN
    assert report.outcome == L.ALLOWED and not report.complete
    assert "allowed at least" in report.summary and "not in the course's table" in report.summary


def test_a_chain_of_unknown_licences_is_unknown_not_allowed():
    models = plus(MODELS, {"id": "orphan", "name": "Orphan", "licence_id": "", "licence_declared": "?"})
    report = F.inherit(models, EDGES, LICENCES, RULES, "orphan", L.Scenario(0))
    assert report.outcome == F.UNKNOWN and not report.complete


def test_open_chain_is_allowed_with_conditions_on_redistribution():
    everything = L.Scenario(5_000_000_000, commercial=True, fine_tune=True, redistribute=True)
    report = F.inherit(MODELS, EDGES, LICENCES, RULES, "open-child", everything)
    assert report.outcome == L.CONDITIONS and report.upstream_outcome == L.ALLOWED


def test_inherit_names_an_unknown_model():
    with pytest.raises(ValueError, match="no model 'nobody'"):
        F.inherit(MODELS, EDGES, LICENCES, RULES, "nobody", commercial())


# --------------------------------------------------------------------------- the course's data


@pytest.fixture(scope="module")
def tables():
    return lc.load("forks_models"), lc.load("forks_edges"), lc.load("forks_costs"), lc.load("licences")


def test_every_descendant_gets_a_report(tables):
    models, edges, _, licences = tables
    case = L.Scenario(2_000_000, commercial=True)
    for model_id in models[models.kind == "derivative"].id:
        report = F.inherit(models, edges, licences, RULES, model_id, case)
        assert report.warnings == [] and report.rows[0]["model_id"] == model_id


def test_llama_descendants_cannot_be_used_commercially_llama_2_ones_can(tables):
    models, edges, _, licences = tables
    case = L.Scenario(2_000_000, commercial=True)
    assert F.inherit(models, edges, licences, RULES, "vicuna-13b", case).outcome == L.NOT_ALLOWED
    assert F.inherit(models, edges, licences, RULES, "code-llama-python", case).outcome == L.CONDITIONS
    assert F.inherit(models, edges, licences, RULES, "vicuna-13b-v1.5", case).outcome == L.CONDITIONS
