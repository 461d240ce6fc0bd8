"""The course data: every table valid, sourced, documented; every kind of breakage caught
with a message that names file, line and field; and what each chapter relies on in its tables
(judgements, safety, epilogue, capability, forks, press)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import llmcourse as lc
from llmcourse import datadict, forks
from llmcourse.data import PROVENANCE_FIELDS, DataValidationError, Problem, package

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def test_every_table_is_valid():
    problems = lc.validate()
    assert not problems, "\n".join(str(p) for p in problems)


@pytest.mark.slow
def test_the_reference_validator_agrees():
    """frictionless, the reference implementation of the standard, accepts the package."""
    from frictionless import Package

    report = Package(str(DATA / "datapackage.json")).validate()
    errors = [
        f"{task.name}, row {e.row_number if hasattr(e, 'row_number') else '-'}: {e.message}"
        for task in report.tasks
        for e in task.errors
    ]
    assert report.valid, "\n".join(errors)


def test_every_csv_is_described_and_every_resource_exists():
    described = {r["path"] for r in package(DATA)["resources"]}
    on_disk = {p.name for p in DATA.glob("*.csv")}
    assert on_disk == described, f"undescribed: {on_disk - described}, missing: {described - on_disk}"


@pytest.mark.parametrize("resource", [r["name"] for r in package(DATA)["resources"]])
def test_factual_tables_carry_provenance(resource):
    res = next(r for r in package(DATA)["resources"] if r["name"] == resource)
    if res.get("x-kind") == "assumptions":
        # Not facts: a table of reader-adjustable assumptions must say so where readers look.
        text = f"{res.get('title', '')} {res.get('description', '')}".lower()
        assert "assum" in text or "classification" in text or "judgement" in text, (
            f"{resource} is marked x-kind: assumptions but its title and description do not say so"
        )
        return
    names = {f["name"]: f for f in res["schema"]["fields"]}
    if res.get("x-kind") == "judgement":  # the course's own reasoning: a reason on every row instead
        assert names["reason"]["constraints"]["required"] is True
        return
    for field in PROVENANCE_FIELDS:
        assert field in names, f"{resource} lacks {field}"
        assert names[field]["constraints"]["required"] is True
    assert "pattern" in names["source_url"]["constraints"]


def test_data_dictionary_is_current():
    assert (DATA / "README.md").read_text(encoding="utf-8") == datadict.render(DATA), (
        "data/README.md is out of date: run `make datadict` (python -m llmcourse.datadict)"
    )


def test_load_types_columns():
    releases = lc.load("llm_releases")
    assert pd.api.types.is_datetime64_any_dtype(releases["release_date"])
    assert pd.api.types.is_float_dtype(releases["params_billion"])
    assert releases["id"].is_unique
    assert set(releases["access"]) <= set(lc.ACCESS_ORDER)
    assert releases.attrs["source"] == "data/llm_releases.csv"


def test_load_unknown_table_names_the_known_ones():
    with pytest.raises(KeyError, match="llm_releases"):
        lc.load("no_such_table")


def test_data_dir_found_from_chapters(monkeypatch):
    monkeypatch.chdir(ROOT / "chapters")
    assert lc.data_dir() == DATA


def test_data_dir_from_environment(monkeypatch, data_copy):
    monkeypatch.setenv("LLMCOURSE_DATA", str(data_copy))
    assert lc.data_dir() == data_copy


# --------------------------------------------------------------------------- breakage


def _edit(data_dir: Path, file: str, line: int, field: str, value: str) -> None:
    """Set one cell of a CSV (line as in a text editor: the header is line 1)."""
    path = data_dir / file
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[line - 1][rows[0].index(field)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


BREAKAGES = [
    # (what, file, line, field, bad value, words the message must contain)
    ("missing source", "llm_releases.csv", 5, "source_url", "", "required"),
    ("source that is not a URL", "llm_releases.csv", 6, "source_url", "the Llama 2 paper", "form"),
    ("missing locator", "events.csv", 3, "source_locator", "", "required"),
    ("wrong type", "llm_releases.csv", 7, "params_billion", "seventy", "not a number"),
    ("unknown category", "llm_releases.csv", 8, "access", "open_source", "not one of"),
    ("impossible date", "llm_releases.csv", 9, "release_date", "2023-02-30", "not a real calendar date"),
    ("badly written date", "events.csv", 2, "date", "18/07/2023", "YYYY-MM-DD"),
    ("date later than its check", "llm_releases.csv", 10, "release_date", "2026-11-24", "later than"),
    ("check in the future", "events.csv", 4, "as_of", "2999-01-01", "future"),
    ("duplicate id", "llm_releases.csv", 40, "id", "llama-2", "unique"),
    ("absurd size", "llm_releases.csv", 12, "params_billion", "-70", "minimum"),
    ("unknown verification", "llm_releases.csv", 13, "verification", "trust me", "not one of"),
    ("unknown category of a judgement", "safety_survival.csv", 2, "channel", "torrent", "not one of the categories"),
    ("judgement without its reason", "safety_survival.csv", 3, "reason", "", "required"),
]


@pytest.mark.parametrize("what, file, line, field, value, words", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_breakage_is_reported_with_file_line_and_field(data_copy, what, file, line, field, value, words):
    _edit(data_copy, file, line, field, value)
    problems = lc.validate(directory=data_copy)
    matching = [p for p in problems if p.file == f"data/{file}" and p.line == line and field in (p.field or "")]
    assert matching, f"{what} was not reported; got {[str(p) for p in problems]}"
    assert words in matching[0].message
    text = str(matching[0])
    assert f"data/{file}, line {line}, field '{field}'" in text


def test_load_refuses_a_broken_table_with_a_readable_message(data_copy):
    _edit(data_copy, "llm_releases.csv", 5, "access", "sort of open")
    with pytest.raises(lc.DataValidationError) as info:
        lc.load("llm_releases", directory=data_copy)
    message = str(info.value)
    assert "data/llm_releases.csv, line 5, field 'access'" in message


def test_wrong_number_of_cells(data_copy):
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append("extra,2023-01-01,an event, with a stray comma")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = lc.validate(directory=data_copy)
    assert any(p.line == len(lines) and "cells" in p.message for p in problems)


def test_missing_provenance_column_in_schema_is_reported(data_copy):
    descriptor = json.loads((data_copy / "datapackage.json").read_text())
    fields = descriptor["resources"][1]["schema"]["fields"]
    next(f for f in fields if f["name"] == "as_of")["constraints"].pop("required")
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor))
    problems = lc.validate(directory=data_copy)
    assert any(p.field == "as_of" and "required" in p.message for p in problems)


@pytest.mark.slow
def test_frictionless_catches_the_standard_breakages_too(data_copy):
    """The checks the standard defines are caught by the reference validator as well."""
    from frictionless import Package

    _edit(data_copy, "llm_releases.csv", 8, "verification", "trust me")
    _edit(data_copy, "llm_releases.csv", 9, "release_date", "2023-02-30")
    report = Package(str(data_copy / "datapackage.json")).validate()
    flagged = {(e.row_number, e.field_name) for t in report.tasks for e in t.errors}
    assert {(8, "verification"), (9, "release_date")} <= flagged


def test_problem_text_without_line_or_field():
    assert str(Problem("data/x.csv", None, None, "the file is missing")) == "data/x.csv: the file is missing"


def test_today_is_respected():
    problems = lc.validate(today=dt.date(2020, 1, 1))
    assert any("in the future" in p.message for p in problems), "as_of dates after 'today' must be refused"


def test_data_dir_outside_the_repository(monkeypatch, tmp_path, data_copy):
    """As an installed package sees it (no repository next to it): a `data/` above the working
    directory is used when it is this course's (an unzipped student download, where a student
    may edit a table), never when it belongs to another project."""
    from llmcourse import data as data_module

    monkeypatch.delenv("LLMCOURSE_DATA", raising=False)
    monkeypatch.setattr(data_module, "__file__", str(tmp_path / "site-packages" / "llmcourse" / "data.py"))
    download = tmp_path / "download"
    shutil.move(data_copy, download / "data")
    (download / "chapters").mkdir()
    assert lc.data_dir(start=download / "chapters") == download / "data"

    foreign = tmp_path / "elsewhere" / "data"
    foreign.mkdir(parents=True)
    (foreign / "datapackage.json").write_text(json.dumps({"name": "someone-elses-data", "resources": []}))
    (foreign.parent / "notebooks").mkdir()
    # A source checkout ships no copy inside the package, so nothing is left to find.
    with pytest.raises(FileNotFoundError, match="LLMCOURSE_DATA"):
        lc.data_dir(start=foreign.parent / "notebooks")


# --------------------------------------------------------------------------- judgements


def test_judgement_tables_say_so_and_give_a_reason_per_row():
    judgements = [r for r in package(DATA)["resources"] if r.get("x-kind") == "judgement"]
    assert judgements, "the course's judgements are tables marked x-kind: judgement"
    for res in judgements:
        assert "judgement" in res["title"].lower(), res["name"]
        table = lc.load(res["name"])
        assert table["reason"].str.len().min() > 15, res["name"]


def test_labels_come_from_the_schema():
    assert lc.labels("safety_survival", "channel")["api"] == "Hosted API"
    assert list(lc.labels("safety_survival", "level").values()) == ["absent", "legal only", "default", "enforced"]
    with pytest.raises(KeyError, match="no categories"):
        lc.labels("safety_survival", "reason")


def test_survival_rates_every_control_in_every_channel():
    """The judgement is complete (no cell missing), and documentation is not rated as a control."""
    survival = lc.load("safety_survival")
    channels = set(lc.labels("safety_survival", "channel"))
    assert (survival.groupby("safeguard").channel.apply(set) == channels).all()
    assert not {"safety_evaluation", "reward_models"} & set(survival.safeguard)
    assert set(survival.safeguard) < set(lc.labels("safety_safeguards", "safeguard"))


def test_survival_no_channel_outdoes_the_api():
    """The chapter's argument: what an API enforces, downloaded weights at best leave to the user."""
    level = lc.load("safety_survival").pivot(index="safeguard", columns="channel", values="level")
    for channel in ("gated", "mirror", "finetune"):
        assert (level["api"] >= level[channel]).all(), channel
    assert level.loc["gated_access", "mirror"] == 0 and level.loc["provider_controls", "gated"] == 0


def test_safety_benchmarks_reproduce_the_papers_70b_sentence():
    bench = lc.load("safety_benchmarks").set_index("id")
    # Section 4.4: "truthfulness (50.18 -> 64.14 for 70B) and toxicity (24.60 -> 0.01 for 70B)".
    assert bench.loc["llama-2-pretrained-70b", ["truthfulqa_pct", "toxigen_pct"]].tolist() == [50.18, 24.60]
    assert bench.loc["llama-2-fine-tuned-70b", ["truthfulqa_pct", "toxigen_pct"]].tolist() == [64.14, 0.01]


def test_safeguards_table_covers_every_model_and_safeguard():
    matrix = lc.load("safety_safeguards")
    assert matrix.model_id.nunique() >= 8
    assert (matrix.groupby("model_id").safeguard.apply(set) == set(lc.labels("safety_safeguards", "safeguard"))).all()


def test_ai_act_rules_decide_every_duty():
    """Rules are read in order, first match wins: each duty must end with a rule that always holds."""
    rules = lc.load("epilogue_ai_act_rules")
    last = rules.groupby("duty", sort=False).condition.last()
    assert set(last.index) == set(lc.labels("epilogue_ai_act_rules", "duty"))
    assert (last == "otherwise").all()
    copyright_rules = rules[rules.duty == "copyright_and_summary"]
    assert copyright_rules.applies.all(), "Art. 53(2) exempts only points (a) and (b)"


def test_llama_terms_by_version():
    terms = lc.load("epilogue_llama_terms")
    grid = terms.pivot(index="term", columns="version", values="score")[list(dict.fromkeys(terms.version))]
    assert grid.columns[0].startswith("Llama 2") and grid.columns[-1].startswith("Llama 4")
    assert grid.loc["outputs_for_other_models"].tolist() == [0, 0, 1, 1, 1, 1]
    assert grid.loc["user_threshold"].eq(1).all()
    assert grid.loc["eu_licensees", "Llama 3.2 (Sep 2024)"] == 0


def test_llama_2_compute_adds_up_to_table_2():
    llama2 = lc.load("capability_compute").query("family == 'Llama 2'")
    assert llama2.gpu_hours.sum() == 3_311_616  # Table 2's total
    assert llama2.tco2eq.sum() == pytest.approx(539.0, abs=0.05)  # rows add up to 538.98


# --------------------------------------------------------------------------- forks


def test_the_family_tree_is_clean_and_large_enough():
    models, edges = lc.load("forks_models"), lc.load("forks_edges")
    assert forks.problems(models, edges) == []
    descendants = models[models.kind.isin(["derivative", "architecture", "runtime"])]
    assert len(descendants) >= 25
    assert len(forks.tree_positions(models, edges)) == len(models)


def test_every_derivative_has_a_weights_parent_and_clones_have_none():
    models, edges = lc.load("forks_models"), lc.load("forks_edges")
    with_weights = set(edges[edges.relation == "weights"].child_id)
    assert set(models[models.kind == "derivative"].id) <= with_weights
    assert not set(models[models.kind.isin(["architecture", "runtime", "base", "teacher"])].id) & with_weights


def test_undated_rows_say_why():
    models = lc.load("forks_models")
    undated = models[models.release_date.isna() & (models.kind != "teacher")]
    assert undated.date_basis.str.contains("not established").all()


def test_costs_are_reported_or_derived_never_estimated():
    costs = lc.load("forks_costs")
    assert (costs.gpu_hours.notna() | costs.usd.notna()).all()
    derived = costs[costs.basis == "derived"]
    assert derived.derivation.str.len().gt(0).all()
    assert costs[costs.stage == "pretraining"].usd.isna().all(), "Meta reported no dollars"


def test_loading_follows_foreign_keys_through_other_tables(data_copy):
    """Loading the edges validates the models, and the models' own foreign keys to licences."""
    path = data_copy / "forks_models.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",llama-2,Llama 2 Community", ",llama-9,Llama 2 Community", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError, match="llama-9"):
        lc.load("forks_edges", directory=data_copy)


# --------------------------------------------------------------------------- press


# shared/ sits beside the repository (CI, /work/main) or beside the worktrees' folder.
SEEDS = next(
    (p / "shared" / "seeds" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "seeds").is_dir()),
    ROOT.parent / "shared" / "seeds",
)


def test_enough_claims_from_every_article(claims, articles):
    assert len(claims) >= 25
    assert set(claims.article_id) == set(articles.id)
    assert len(articles) == 5
    assert set(claims.verdict) == set(lc.labels("press_claims", "verdict")), "every verdict is represented"


def test_quotations_are_short(claims):
    too_long = [(c.id, len(c.quote.split())) for c in claims.itertuples() if len(c.quote.split()) > 30]
    assert not too_long, f"quotations over 30 words: {too_long}"


def test_every_verdict_names_its_primary_source(claims):
    for c in claims.itertuples():
        assert re.match(r"https?://\S+$", c.source_url), c.id
        assert c.source_locator.strip() and c.finding.strip(), c.id


def test_every_wrong_claim_has_a_correction(claims):
    needs = claims[~claims.verdict.isin(["accurate", "opinion"])]
    missing = needs[needs.correction.isna() | (needs.correction.str.strip() == "")]
    assert missing.empty, f"claims without a correction: {list(missing.id)}"


def test_secondary_checks_say_what_was_not_read(claims):
    weak = claims[claims.verification != "primary"]
    assert not weak.empty
    assert weak.notes.notna().all(), "a claim not checked in the primary source explains why in notes"


def _normalise(text: str) -> str:
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).lower()


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles (shared/seeds) are not beside the repository")
def test_quotations_are_verbatim(claims, articles):
    """Every quotation, piece by piece around '...', stands in its article's text."""
    files = dict(zip(articles.id, articles.seed_file))
    for c in claims.itertuples():
        text = _normalise((SEEDS / files[c.article_id]).read_text(encoding="utf-8"))
        for piece in _normalise(c.quote).split("..."):
            piece = piece.strip(' "~')
            assert not piece or piece in text, f"{c.id}: {piece!r} is not in {files[c.article_id]}"


def test_claims_the_chapter_relies_on(claims):
    """The headline errors of the coverage, as the chapter describes them."""
    verdict = claims.set_index("id").verdict
    by_quote = {c.quote: c.verdict for c in claims.itertuples()}
    assert any("34B" in q and v == "inaccurate" for q, v in by_quote.items())
    assert any("daily active users" in q and v == "inaccurate" for q, v in by_quote.items())
    assert any("$20 million" in q and v == "unverifiable" for q, v in by_quote.items())
    assert (claims[claims.topic == "open_source"].verdict != "accurate").all()
    assert verdict.notna().all()
