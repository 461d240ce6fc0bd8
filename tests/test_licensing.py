"""The "Can I use this model for ...?" checker: the rules table applied clause by clause, and the boundary."""

from __future__ import annotations

import pandas as pd
import pytest

import llmcourse as lc
from llmcourse import licensing as L

RULES = lc.load("licence_rules")

LLAMA2 = {
    "id": "llama-2",
    "name": "Llama 2 Community License",
    "commercial_use": "yes",
    "user_cap_mau": 700_000_000,
    "user_cap_note": "measured on the release date",
    "use_restrictions": "yes",
    "output_use_restriction": "yes",
    "redistribution": "conditional",
    "attribution": "yes",
    "modification": "yes",
    "clause_user_cap": "s.2",
    "clause_outputs": "s.1.b.v",
    "clause_use_restrictions": "s.1.b.iv",
    "clause_redistribution": "s.1.b.i",
}
RESEARCH_ONLY = {
    "id": "llama-1",
    "name": "LLaMA research licence",
    "commercial_use": "no",
    "redistribution": "no",
    "modification": "conditional",
    "clause_commercial": "s.1",
}
APACHE = {
    "id": "apache-2.0",
    "name": "Apache-2.0",
    "commercial_use": "yes",
    "use_restrictions": "no",
    "output_use_restriction": "no",
    "redistribution": "conditional",
    "attribution": "yes",
    "modification": "yes",
}
API_TERMS = {
    "id": "api",
    "name": "API terms",
    "commercial_use": "yes",
    "output_use_restriction": "yes",
    "redistribution": "no",
    "modification": "no",
    "use_restrictions": "yes",
}
PARTIAL = {"id": "p", "name": "partial", "commercial_use": "yes", "output_use_restriction": "partial"}


def case(users=1_000, **flags):
    return L.Scenario(users, **flags)


def check(licence, scenario):
    return L.check(pd.Series(licence), scenario, RULES)


def test_boundary_at_exactly_700_million():
    at = check(LLAMA2, case(700_000_000, commercial=True))
    above = check(LLAMA2, case(700_000_001, commercial=True))
    assert at.outcome == L.CONDITIONS, "700,000,000 is not *greater than* 700 million"
    assert above.outcome == L.PERMISSION
    assert "[s.2]" in " ".join(above.reasons) and "release date" in " ".join(above.reasons)


def test_llama2_small_commercial_use_is_allowed_with_conditions():
    verdict = check(LLAMA2, case(2_000_000, commercial=True))
    assert verdict.outcome == L.CONDITIONS
    assert "prohibited uses" in " ".join(verdict.reasons) and "s.1.b.iv" in " ".join(verdict.reasons)


def test_llama2_outputs_may_not_train_other_models():
    verdict = check(LLAMA2, case(train_other_model=True))
    assert verdict.outcome == L.NOT_ALLOWED and "s.1.b.v" in " ".join(verdict.reasons)


def test_llama2_redistribution_carries_notices():
    verdict = check({**LLAMA2, "use_restrictions": "no"}, case(redistribute=True))
    assert verdict.outcome == L.CONDITIONS and "s.1.b.i" in " ".join(verdict.reasons)


def test_research_licence_refuses_commercial_use_and_redistribution():
    assert check(RESEARCH_ONLY, case(commercial=True)).outcome == L.NOT_ALLOWED
    assert check(RESEARCH_ONLY, case(redistribute=True)).outcome == L.NOT_ALLOWED
    assert check(RESEARCH_ONLY, case(fine_tune=True)).outcome == L.CONDITIONS
    assert check(RESEARCH_ONLY, case()).outcome == L.ALLOWED


def test_apache_allows_everything_with_attribution_on_redistribution():
    everything = case(5_000_000_000, commercial=True, fine_tune=True, train_other_model=True)
    assert check(APACHE, everything).outcome == L.ALLOWED
    assert check(APACHE, case(redistribute=True)).outcome == L.CONDITIONS


def test_api_terms():
    assert check(API_TERMS, case(fine_tune=True)).outcome == L.NOT_ALLOWED
    assert check(API_TERMS, case(redistribute=True)).outcome == L.NOT_ALLOWED
    assert check(API_TERMS, case(train_other_model=True)).outcome == L.NOT_ALLOWED


def test_partial_output_restriction_and_conditional_commercial_use():
    assert check(PARTIAL, case(train_other_model=True)).outcome == L.CONDITIONS
    assert (
        check({"id": "c", "name": "c", "commercial_use": "conditional"}, case(commercial=True)).outcome == L.CONDITIONS
    )


def test_worst_rule_wins_and_only_its_reasons_are_given():
    verdict = check(LLAMA2, case(800_000_000, commercial=True, train_other_model=True))
    assert verdict.outcome == L.NOT_ALLOWED
    assert all("outputs" in r for r in verdict.reasons)


def test_negative_users_are_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        L.Scenario(-1)


def test_outcomes_and_their_order_come_from_the_schema():
    assert L.SEVERITY == tuple(lc.labels("licence_rules", "outcome").values())
    assert (L.ALLOWED, L.NOT_ALLOWED) == ("allowed", "not allowed")


def test_a_changed_rule_changes_the_answer():
    """The rules are data: editing one row is all it takes to disagree with the course."""
    stricter = RULES.copy()
    stricter.loc[stricter.id == "use-restrictions", "outcome"] = "permission"
    assert L.check(pd.Series(APACHE), case(), stricter).outcome == L.ALLOWED
    assert L.check(pd.Series(LLAMA2), case(), stricter).outcome == L.PERMISSION


def test_a_clause_the_data_do_not_establish_is_never_read_as_permission():
    partly_known = {"id": "f", "name": "partly known", "commercial_use": "conditional"}
    verdict = check(partly_known, case(redistribute=True, fine_tune=True, train_other_model=True))
    assert verdict.outcome == L.CONDITIONS
    assert sum("could not establish" in r for r in verdict.reasons) == 3
    assert check(partly_known, case()).outcome == L.ALLOWED
